"""One article through the pipeline: text -> mentions -> relation matches -> resolution -> Extraction."""
from __future__ import annotations

import io
import os
import pickle
import tempfile
from array import array
from collections import Counter, deque
from typing import Iterable, Iterator, NamedTuple

from .extract import DEFAULT_PIPELINE
from .extract.doc import Doc
from .extract.registry import expand, get, run_many
from .model import Article, Entity, Extraction
from .resolve import canonical_entities, merge_corpus, rename_entities, resolve_article


def _full(pipeline) -> tuple[str, ...]:
    """``pipeline`` as components to run: a list of relations alone (the old form) runs after the
    default recognisers."""
    names = expand(pipeline)
    if not any(get(n).stage != "facts" for n in names):
        names = tuple(n for n in expand(DEFAULT_PIPELINE) if get(n).stage != "facts") + names
    return names


def extract_article(article, pipeline=DEFAULT_PIPELINE) -> Extraction:
    return extract_articles([article], pipeline)[0]


BATCH = 32          # articles whose Docs go through the components together (the tagger decodes them at once)


def extract_articles(articles, pipeline=DEFAULT_PIPELINE) -> list[Extraction]:
    """``extract_article`` for each article, the components' batch steps run once over all of them
    (``kg.extract.registry.run_many``): the same extractions, faster."""
    articles = list(articles)
    docs = run_many([Doc.of(a) for a in articles], _full(pipeline))
    return [_extraction(a, doc) for a, doc in zip(articles, docs)]


def _extraction(article, doc) -> Extraction:
    mentions = doc.mentions
    entities, facts = resolve_article(article, mentions, doc.facts)
    # creators are people too (dcterms:creator points at them)
    have = {e.id for e in entities}
    extra = tuple(Entity(Entity.make_id("Person", c), c, "Person") for c in article.creators
                  if Entity.make_id("Person", c) not in have)
    return Extraction(article, tuple(mentions), tuple(sorted(entities + extra, key=lambda e: e.id)), facts,
                      components=tuple(doc.origin.get(m, "") for m in mentions),
                      extractor_components=tuple(sorted(doc.extractors.items())))


def extract_all(articles, pipeline=DEFAULT_PIPELINE) -> list[Extraction]:
    """Extract every article, then merge entities across articles."""
    return merge_corpus([ex for chunk in _chunks(articles, BATCH) for ex in extract_articles(chunk, pipeline)])


# ---------------------------------------------------------------- streaming and scale-out
#
# `extract_stream` extracts articles one by one (or on N processes, or on a
# Dask cluster) and yields them in input order, holding only a bounded window
# of articles in flight. `CorpusMerger` then does what `merge_corpus` does
# without keeping the extractions in memory: it spills each one to a temporary
# file, keeps only the distinct entities, and replays the merged extractions.


DEFAULT_CHUNK = 8


def extract_chunk(articles: list, pipeline=DEFAULT_PIPELINE) -> list[Extraction]:
    """extract_article over a list (the unit of work sent to a process or a Dask worker)."""
    return [ex for part in _chunks(articles, BATCH) for ex in extract_articles(part, pipeline)]


class Packed(NamedTuple):
    """An extraction as the build's spill file holds it: its entities (for the
    cross-article merge) and the pickle of the whole extraction. A worker process
    pickles it once; the parent writes the bytes without reading them. ``key`` names
    the article (source and id): a later article of the same key replaces it."""
    entities: tuple
    blob: bytes
    key: tuple = ()


def pack(ex: Extraction) -> Packed:
    return Packed(ex.entities, pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL),
                  (ex.article.source, ex.article.id))


def extract_chunk_packed(articles: list, pipeline=DEFAULT_PIPELINE) -> list[Packed]:
    """``extract_chunk`` with each result packed (a worker's unit of work in ``kg build``)."""
    return [pack(ex) for ex in extract_chunk(articles, pipeline)]


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


def _dask_submitter(client, chunk_size: int, pipeline=DEFAULT_PIPELINE):
    import dask.bag as db

    def submit(chunk):
        bag = db.from_sequence(chunk, partition_size=chunk_size).map(extract_article, pipeline=pipeline)
        return client.compute(bag)          # a Future of the list of extractions
    return submit


def extract_stream(articles: Iterable[Article], jobs: int | None = 1, dask=None,
                   chunk: int = BATCH, packed: bool = False,
                   pipeline=DEFAULT_PIPELINE) -> Iterator[Extraction | Packed]:
    """Per-article extractions (not merged across articles), in input order.

    ``jobs > 1`` runs on that many processes; ``dask`` is a Dask scheduler
    address (``tcp://host:8786``) or a ``distributed.Client``: each window of
    articles becomes a Dask bag mapped with ``extract_article`` on the
    cluster, and the results come back to this process. Only a bounded window
    of articles is in flight at any time. With ``packed``, the processes pack
    their results (``Packed``, for ``CorpusMerger.add``); Dask and one process
    yield extractions either way. ``pipeline`` names the components to run (``kg.extract``).
    ``jobs=None`` is auto (``kg.jobs.resolve``): the first ``AUTO_MIN_ARTICLES`` articles are
    read ahead to decide.
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
            yield from _windowed(_dask_submitter(client, chunk, pipeline), _chunks(articles, window), 2)
        finally:
            if client is not dask:
                client.close()
        return
    if jobs is None:
        from itertools import chain, islice

        from .jobs import AUTO_MIN_ARTICLES, resolve

        articles = iter(articles)
        head = list(islice(articles, AUTO_MIN_ARTICLES))
        jobs = resolve(None, len(head))
        articles = chain(head, articles)
    if jobs <= 1:
        for part in _chunks(articles, chunk):       # the Docs of one chunk go through the components together
            yield from extract_articles(part, pipeline)
        return
    if "mentions.tagger" in expand(pipeline):
        from .tagger import load

        load()                  # loaded once here, shared with the forked workers
    with _process_pool(jobs) as pool:
        work = extract_chunk_packed if packed else extract_chunk
        yield from _windowed(lambda c: pool.submit(work, c, pipeline), _chunks(articles, chunk), 2 * jobs)


class CorpusMerger:
    """`merge_corpus` for a stream: add extractions one by one, then iterate the
    merged ones. Memory holds the distinct entities (with the number of articles
    each stands in), not the articles: they wait in a temporary file, one pickle
    each, their entities pickled again in a second one (16 bytes of offsets per
    article, and its key).

    An article added again under the same key (source and id) replaces the earlier
    one, which then counts for nothing (``dropped``); the merge depends on the set of
    articles kept, not on their order (``kg.resolve.canonical_entities``).
    """

    def __init__(self, spill_dir: str | None = None, curation=None):
        self.curation = curation                   # a kg.curate.Curation applied at the merge, or None
        self._file = tempfile.TemporaryFile(dir=spill_dir)
        self._efile = tempfile.TemporaryFile(dir=spill_dir)
        self._entities: Counter = Counter()        # distinct entity -> articles it stands in
        self._ends = array("q")                    # end offset of each article's pickle
        self._eends = array("q")                   # end offset of each article's entities' pickle
        self._index: dict[tuple, int] = {}         # key -> its article's index
        self.dropped: set[int] = set()             # indexes of articles replaced by a later one

    def add(self, ex: Extraction | Packed, key: tuple | None = None) -> int:
        """Add an extraction, or one a worker packed (``pack``); returns its index.
        ``key`` overrides the article's own (source, id)."""
        # one pickle per extraction (a shared Pickler's cleared memo would not
        # match the Unpickler's, which keeps growing)
        entities, blob, own = ex if isinstance(ex, Packed) else pack(ex)
        key = own if key is None else key
        index = len(self._ends)
        earlier = self._index.get(key)
        if earlier is not None and key:
            self._entities.subtract(set(pickle.loads(self.entities_blob(earlier))))
            self._entities = +self._entities       # drop the zero counts
            self.dropped.add(earlier)
        self._index[key] = index
        self._entities.update(set(entities))
        self._file.write(blob)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(blob))
        eblob = pickle.dumps(tuple(entities), protocol=pickle.HIGHEST_PROTOCOL)
        self._efile.write(eblob)
        self._eends.append((self._eends[-1] if self._eends else 0) + len(eblob))
        return index

    @property
    def count(self) -> int:
        """Articles added (replaced ones included)."""
        return len(self._ends)

    def _range(self, ends: array, i: int) -> tuple[int, int]:
        start = ends[i - 1] if i else 0
        return start, ends[i] - start

    def blob(self, i: int) -> bytes:
        """The pickled (unmerged) extraction of article ``i``."""
        self._file.flush()
        offset, size = self._range(self._ends, i)
        return _read_at(self._file.fileno(), size, offset)

    def entities_blob(self, i: int) -> bytes:
        """The pickled tuple of the (unmerged) entities of article ``i``."""
        self._efile.flush()
        offset, size = self._range(self._eends, i)
        return _read_at(self._efile.fileno(), size, offset)

    def canonical(self) -> dict[str, Entity]:
        """The merged entity of each entity id seen (with the curation's entity decisions applied)."""
        if self.curation:
            return self.curation.canonical(self._entities)
        return canonical_entities(self._entities)

    def spans(self, size: int) -> Iterator[tuple[int, int, int]]:
        """(offset, bytes, articles) of each run of ``size`` consecutive articles in
        the spill file (for ``replay``, which may run in another process)."""
        self._file.flush()
        start = 0
        for i in range(0, self.count, size):
            j = min(i + size, self.count)
            end = self._ends[j - 1]
            yield start, end - start, j - i
            start = end

    @property
    def fileno(self) -> int:
        return self._file.fileno()

    def __iter__(self) -> Iterator[Extraction]:
        """The merged extractions, in the order added, replaced ones left out."""
        canon = self.canonical()
        new_id = {old: e.id for old, e in canon.items()}
        i = 0
        for span in self.spans(DEFAULT_CHUNK):
            for ex in replay(self.fileno, span, canon, new_id):
                if i not in self.dropped:
                    yield ex
                i += 1

    def close(self) -> None:
        self._file.close()
        self._efile.close()

    def __enter__(self) -> "CorpusMerger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read_at(fd: int, size: int, offset: int) -> bytes:
    """``size`` bytes of ``fd`` from ``offset`` (pread may return less at a time)."""
    parts = []
    while size > 0:
        part = os.pread(fd, size, offset)
        if not part:
            raise EOFError(f"spill file ends {size} bytes early")
        parts.append(part)
        size -= len(part)
        offset += len(part)
    return b"".join(parts)


def replay(fd: int, span: tuple[int, int, int], canon: dict[str, Entity],
           new_id: dict[str, str]) -> Iterator[Extraction]:
    """The merged extractions of one span of a spill file (``CorpusMerger.spans``)."""
    offset, size, count = span
    data = io.BytesIO(_read_at(fd, size, offset))
    for _ in range(count):
        yield rename_entities(pickle.load(data), canon, new_id)


class Body(NamedTuple):
    """A merged article as the store writes it, with what the build's summary counts."""
    iri: str
    text: str            # its graph's triples, as ``kg.store.article_body`` writes them
    source: str
    relations: tuple     # the relation of each fact
    index: int = -1      # its index in the CorpusMerger (set by merged_bodies)
    curated: tuple = ()  # ids of the curation decisions that took a fact out (kg.curate)


def _body(ex: Extraction, base: str, curation=None) -> Body:
    from .rdf import Triples, article_graph, article_iri
    from .store import article_body

    hits = ()
    if curation:
        ex, hits = curation.filter_facts(ex, base)
    iri, text = article_body(article_iri(ex.article, base), article_graph(ex, base, sink=Triples()))
    return Body(iri, text, ex.article.source, tuple(f.relation for f in ex.facts), curated=hits)


def _bodies_chunk(extractions: list[Extraction], base: str, curation=None) -> list[Body]:
    """Bodies of merged extractions (a worker's unit of work where processes cannot fork)."""
    return [_body(ex, base, curation) for ex in extractions]


# What the body workers replay: (spill file descriptor, canonical entities, new ids,
# base IRI). Set just before the workers fork, so they inherit it with the file.
_REPLAY: tuple | None = None


def _replay_bodies(span: tuple[int, int, int]) -> list[Body]:
    """Bodies of one span of the spill file, merged here (a forked worker's unit of work)."""
    fd, canon, new_id, base, curation = _REPLAY
    return [_body(ex, base, curation) for ex in replay(fd, span, canon, new_id)]


def _can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def merged_bodies(merger: CorpusMerger, base: str, jobs: int = 1,
                  chunk: int = DEFAULT_CHUNK) -> Iterator[Body]:
    """The ``Body`` of each merged extraction in ``merger``, in the order added (replaced
    articles left out), each with its index in the merger.

    With ``jobs > 1`` the work runs on that many processes with a bounded window
    in flight. Where processes fork, each worker reads its spans of the spill file
    itself and does the merge's renaming there, so the parent only receives the
    finished text; elsewhere the parent replays the merge and sends the extractions.
    """
    live = (i for i in range(merger.count) if i not in merger.dropped)
    for i, body in zip(live, _all_bodies(merger, base, jobs, chunk)):
        yield body._replace(index=i)


def _all_bodies(merger: CorpusMerger, base: str, jobs: int, chunk: int) -> Iterator[Body]:
    curation = merger.curation
    if jobs <= 1:
        for ex in merger:
            yield _body(ex, base, curation)
        return
    if not _can_fork():
        with _process_pool(jobs) as pool:
            yield from _windowed(lambda c: pool.submit(_bodies_chunk, c, base, curation), _chunks(iter(merger), chunk),
                                 2 * jobs)
        return
    global _REPLAY
    canon = merger.canonical()
    _REPLAY = (merger.fileno, canon, {old: e.id for old, e in canon.items()}, base, curation)
    dropped = merger.dropped
    try:
        with _process_pool(jobs) as pool:      # the workers fork at the first submit
            i = 0
            for body in _windowed(lambda span: pool.submit(_replay_bodies, span), merger.spans(chunk), 2 * jobs):
                if i not in dropped:
                    yield body
                i += 1
    finally:
        _REPLAY = None
