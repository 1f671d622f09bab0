"""One article through the pipeline: text -> mentions -> relation matches -> resolution -> Extraction."""
from __future__ import annotations

import pickle
import tempfile
from collections import deque
from typing import Iterable, Iterator

from .extract import DEFAULT_PIPELINE, RELATION_EXTRACTORS
from .extract.base import Context
from .extract.entities import find_mentions, money_of
from .model import Article, Entity, Extraction
from .resolve import merge_corpus, rename_entities, resolve_article
from .text import make_doc


def extract_article(article, pipeline=DEFAULT_PIPELINE) -> Extraction:
    doc = make_doc(article)
    mentions = find_mentions(doc)
    kept = set(mentions)
    money = {m: v for m, v in money_of(doc) if m in kept}
    ctx = Context(doc, mentions, money)
    raw = []
    for name in pipeline:
        raw.extend(RELATION_EXTRACTORS[name](ctx))
    entities, facts = resolve_article(article, mentions, raw)
    # creators are people too (dcterms:creator points at them)
    have = {e.id for e in entities}
    extra = tuple(Entity(Entity.make_id("Person", c), c, "Person") for c in article.creators
                  if Entity.make_id("Person", c) not in have)
    return Extraction(article, tuple(mentions), tuple(sorted(entities + extra, key=lambda e: e.id)), facts)


def extract_all(articles) -> list[Extraction]:
    """Extract every article, then merge entities across articles."""
    return merge_corpus([extract_article(a) for a in articles])


# ---------------------------------------------------------------- streaming and scale-out
#
# `extract_stream` extracts articles one by one (or on N processes, or on a
# Dask cluster) and yields them in input order, holding only a bounded window
# of articles in flight. `CorpusMerger` then does what `merge_corpus` does
# without keeping the extractions in memory: it spills each one to a temporary
# file, keeps only the distinct entities, and replays the merged extractions.


DEFAULT_CHUNK = 8


def extract_chunk(articles: list) -> list[Extraction]:
    """extract_article over a list (the unit of work sent to a process or a Dask worker)."""
    return [extract_article(a) for a in articles]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _windowed(submit, chunks: Iterator[list], in_flight: int) -> Iterator[Extraction]:
    """Submit chunks with ``submit(chunk) -> future`` keeping at most ``in_flight``
    pending, and yield their results in input order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _process_pool(jobs: int):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the loaded lexicon and jieba dictionary with the workers;
    # fall back to the platform default where fork does not exist
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork") if "fork" in methods else None
    if ctx is not None:
        from .text import tokenizer

        tokenizer()
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


def _dask_submitter(client, chunk_size: int):
    import dask.bag as db

    def submit(chunk):
        bag = db.from_sequence(chunk, partition_size=chunk_size).map(extract_article)
        return client.compute(bag)          # a Future of the list of extractions
    return submit


def extract_stream(articles: Iterable[Article], jobs: int = 1, dask=None,
                   chunk: int = DEFAULT_CHUNK) -> Iterator[Extraction]:
    """Per-article extractions (not merged across articles), in input order.

    ``jobs > 1`` runs on that many processes; ``dask`` is a Dask scheduler
    address (``tcp://host:8786``) or a ``distributed.Client``: each window of
    articles becomes a Dask bag mapped with ``extract_article`` on the
    cluster, and the results come back to this process. Only a bounded window
    of articles is in flight at any time.
    """
    if dask is not None:
        from .errors import RemoteError

        try:
            from distributed import Client
        except ImportError as exc:
            raise RemoteError("--dask needs Dask distributed: pip install 'kg[dask]'") from exc
        try:
            client = dask if isinstance(dask, Client) else Client(dask)
        except (OSError, ValueError) as exc:       # TimeoutError is an OSError
            raise RemoteError(f"cannot connect to the Dask scheduler at {dask}: {exc}") from exc
        try:
            workers = max(1, sum(client.nthreads().values()))
            window = chunk * workers
            yield from _windowed(_dask_submitter(client, chunk), _chunks(articles, window), 2)
        finally:
            if client is not dask:
                client.close()
        return
    if jobs <= 1:
        for a in articles:
            yield extract_article(a)
        return
    with _process_pool(jobs) as pool:
        yield from _windowed(lambda c: pool.submit(extract_chunk, c), _chunks(articles, chunk), 2 * jobs)


class CorpusMerger:
    """`merge_corpus` for a stream: add extractions one by one, then iterate the
    merged ones. Memory holds the distinct entities, not the articles (they
    wait in a temporary file)."""

    def __init__(self, spill_dir: str | None = None):
        self._file = tempfile.TemporaryFile(dir=spill_dir)
        self._entities: dict[Entity, None] = {}   # distinct entities in first-seen order
        self.count = 0

    def add(self, ex: Extraction) -> None:
        for e in ex.entities:
            self._entities.setdefault(e, None)
        # one pickle per extraction (a shared Pickler's cleared memo would not
        # match the Unpickler's, which keeps growing)
        pickle.dump(ex, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def _canonical(self) -> dict[str, Entity]:
        # merge_corpus over one-entity stand-ins, in the order the entities were
        # first seen: a repeated identical entity changes nothing in its merge,
        # so the groups, labels and kinds come out exactly as for the full corpus
        stub = Article(id="", text="", source="", position=0)
        singles = [Extraction(stub, (), (e,), ()) for e in self._entities]
        merged = merge_corpus(singles)
        return {e.id: m.entities[0] for e, m in zip(self._entities, merged)}

    def __iter__(self) -> Iterator[Extraction]:
        canon = self._canonical()
        new_id = {old: e.id for old, e in canon.items()}
        self._file.flush()
        self._file.seek(0)
        for _ in range(self.count):
            yield rename_entities(pickle.load(self._file), canon, new_id)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "CorpusMerger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _bodies_chunk(extractions: list[Extraction], base: str) -> list[tuple[str, str]]:
    """Article graphs of merged extractions as the store writes them (a worker's unit of work)."""
    from .rdf import Triples, article_graph, article_iri
    from .store import article_body

    return [article_body(article_iri(ex.article, base), article_graph(ex, base, sink=Triples()))
            for ex in extractions]


def article_bodies(extractions: Iterable[Extraction], base: str, jobs: int = 1,
                   chunk: int = DEFAULT_CHUNK) -> Iterator[tuple[str, str]]:
    """(article IRI, triples text) for each merged extraction, in input order; on ``jobs``
    processes when more than one, with a bounded window in flight."""
    if jobs <= 1:
        for ex in extractions:
            yield from _bodies_chunk([ex], base)
        return
    with _process_pool(jobs) as pool:
        yield from _windowed(lambda c: pool.submit(_bodies_chunk, c, base), _chunks(extractions, chunk),
                             2 * jobs)
