"""The library API the CLI is a thin layer over. Nothing here prints or exits."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError, KGError, StoreError, ValidationError
from .model import Extraction, Money, Role
from .vocab import KGR_NS

DEFAULT_STORE = ".kg"
DEFAULT_OUT = "exports"


@dataclass
class BuildSummary:
    items: int = 0
    errors: list[InputError] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    triples: int = 0
    shacl_conforms: bool | None = None
    shacl_violations: int = 0
    shacl_text: str = ""
    outputs: dict[str, Path] = field(default_factory=dict)
    curation: Path | None = None            # the curation file applied (kg.curate), if any
    curation_decisions: int = 0
    curation_unmatched: list[str] = field(default_factory=list)   # decisions that matched nothing, with their line

    def to_text(self) -> str:
        lines = [f"items: {self.items}   input errors: {len(self.errors)}   triples: {self.triples}"]
        lines.append("entities: " + (", ".join(f"{k} {v}" for k, v in sorted(self.entities.items())) or "none"))
        lines.append("facts:    " + (", ".join(f"{k} {v}" for k, v in sorted(self.facts.items())) or "none"))
        if self.shacl_conforms is None:
            lines.append("SHACL: not run")
        else:
            lines.append("SHACL: conforms" if self.shacl_conforms else f"SHACL: {self.shacl_violations} violation(s)")
        if self.curation is not None:
            applied = self.curation_decisions - len(self.curation_unmatched)
            lines.append(f"curation: {self.curation_decisions} decision(s) in {self.curation}, {applied} applied")
            lines.extend(f"curation: not applied: {u}" for u in self.curation_unmatched)
        for k, p in self.outputs.items():
            lines.append(f"{k}: {p}")
        return "\n".join(lines)


def read_inputs(inputs: Iterable[str], limits=None):
    """(articles, errors) of every input path; ``limits`` is a ``kg.ingest.Limits``."""
    from .ingest import read_sources

    articles, errors = [], []
    for item in read_sources(list(inputs), limits):
        (errors if isinstance(item, KGError) else articles).append(item)
    return articles, errors


def extract(inputs: Iterable[str], progress: Callable[[int, int], None] | None = None, limits=None,
            pipeline=None):
    """(extractions, errors) for the inputs, without touching any store; ``pipeline`` is a list of
    component names (default ``kg.extract.DEFAULT_PIPELINE``)."""
    from .extract import DEFAULT_PIPELINE, check_pipeline
    from .pipeline import extract_stream
    from .resolve import merge_corpus

    pipeline = check_pipeline(pipeline or DEFAULT_PIPELINE)
    articles, errors = read_inputs(inputs, limits)
    out = []
    for i, ex in enumerate(extract_stream(articles, pipeline=pipeline), 1):
        out.append(ex)
        if progress:
            progress(i, len(articles))
    return merge_corpus(out), errors


def extraction_json(ex: Extraction) -> dict:
    """The `kg extract` record of one article."""
    labels = {e.id: e.label for e in ex.entities}

    def name(entity_id: str) -> str:
        return labels.get(entity_id) or entity_id.split("/", 1)[1]

    components = ex.components or ("",) * len(ex.mentions)

    def obj(f):
        o = f.object
        if isinstance(o, Money):
            return {"value": o.value, "currency": o.currency, "text": o.text, "approximate": o.approximate}
        if isinstance(o, Role):
            role = {"title": o.title, "organization": name(o.organization), "current": o.current}
            role.update({k: v for k, v in (("start", o.start), ("end", o.end)) if v})
            return role
        if isinstance(o, str):
            return name(o)
        return o

    return {
        "id": ex.article.id,
        "source": ex.article.source,
        "title": ex.article.title,
        "creators": list(ex.article.creators),
        "text": ex.article.text,
        "mentions": [{"text": m.text, "class": m.cls, "start": m.start, "end": m.end, "component": c}
                     for m, c in zip(ex.mentions, components) if m.cls not in ("Ref", "Alias")],
        "entities": [{"label": e.label, "class": e.cls, "kind": e.kind, "altLabels": list(e.alt_labels)}
                     for e in ex.entities],
        "facts": [{"relation": f.relation, "subject": name(f.subject), "object": obj(f),
                   "evidence": f.evidence.sentence, "start": f.evidence.start, "end": f.evidence.end,
                   "confidence": f.evidence.confidence, "extractor": f.evidence.extractor,
                   "component": ex.component_of_fact(f)}
                  for f in ex.facts],
    }


ENTITY_CLASSES = ("Person", "Organization", "Park", "Place", "Project", "Event")




def _check_base(base: str) -> None:
    """Minted IRIs start with ``base``: refuse one that cannot start an IRI, before any work."""
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(f"{base}x")
    except ValueError as exc:
        raise StoreError(f"invalid base IRI {base!r}: {exc}") from exc


Progress = Callable[[str, int, "int | None"], None]
"""``progress(stage, done, total)``: ``kg build`` reports each stage as it goes. Stages, in order:
``extract`` (articles read and extracted, or taken unchanged from the store; total known),
``store`` (merged articles whose graph was compared and written if changed), ``validate``
(focus nodes checked; total unknown), ``export``, ``html`` (0 of 1 when they start, 1 of 1 at the end).
A stage that has nothing to do reports ``(stage, 0, 0)``."""

STAGES = ("extract", "store", "validate", "export", "html")


def extractor_version(pipeline) -> str:
    """A digest of what extraction depends on besides the article: the kg version, the
    pipeline's component names, jieba's version, and every file of the package (its code,
    lexicons, word lists, models). An article whose record has the same input digest is not
    extracted again (see ``input_digest``)."""
    import hashlib

    key = (tuple(pipeline), _package_digest())
    cached = _EXTRACTOR_VERSIONS.get(key)
    if cached is None:
        h = hashlib.sha256()
        for part in ("kg", _version("kg"), "jieba", _version("jieba"), *pipeline, key[1]):
            h.update(part.encode("utf-8") + b"\x1f")
        cached = _EXTRACTOR_VERSIONS[key] = h.hexdigest()
    return cached


_EXTRACTOR_VERSIONS: dict = {}


def _version(dist: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _package_digest() -> str:
    """SHA-256 over the kg package's files (path and content), in path order."""
    import hashlib

    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                    and p.suffix not in (".pyc", ".pyo")):
        h.update(str(f.relative_to(root)).encode("utf-8") + b"\x00")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def input_digest(article, extractor: str) -> str:
    """The digest of what an article's extraction is made from: its normalised text and
    metadata (every field of the ``Article``) and the extractor version."""
    import dataclasses
    import hashlib
    import json

    fields = json.dumps(dataclasses.asdict(article), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(f"{extractor}\x1f{fields}".encode("utf-8")).hexdigest()


def _stored_inputs(store) -> dict[str, tuple[str, str]]:
    """(input digest, graph digest) by article IRI of the store's records; {} without records."""
    from .store import RECORDS_NAME, Records

    path = Path(store) / RECORDS_NAME
    if not path.is_file():
        return {}
    with Records(path, read_only=True) as records:
        return records.inputs()


def _in_order(articles, reuse, extract):
    """Each article's extraction, in input order: ``reuse(article)`` (a stored one, or None) or
    else one from ``extract(articles to extract)``, which yields them in the order given."""
    from collections import deque

    order: deque = deque()          # a reused extraction, or None where ``extract`` yields one

    def todo():
        for a in articles:
            got = reuse(a)
            order.append(got)
            if got is None:
                yield a

    for ex in extract(todo()):
        while order[0] is not None:
            yield order.popleft()
        order.popleft()
        yield ex
    while order:
        yield order.popleft()


def build(inputs: Iterable[str], store: str | Path = DEFAULT_STORE, out: str | Path = DEFAULT_OUT,
          base: str = KGR_NS, validate: bool = True, html: bool = True,
          progress: Progress | None = None, limits=None,
          jobs: int | None = None, dask=None, batch: int | None = None, pipeline=None,
          curation: str | Path | None | bool = None) -> BuildSummary:
    """Ingest, extract, store (one named graph per article), validate, export Turtle and HTML.

    ``curation``: the curation file to apply (``kg.curate``); None for the one beside the
    store (``curation.toml``, when it exists), False for none. Its decisions apply at the
    cross-article merge on every build; those that matched nothing are in the summary.

    Articles stream through extraction (on ``jobs`` processes, None for ``kg.jobs``'s auto, or on the Dask
    cluster at ``dask``) into a spill file; the cross-article merge then reads
    them back one by one. Memory holds the distinct entities, not the articles.

    Incremental: an article whose record in the store has the same input digest (its text,
    metadata and the extractor version: ``input_digest``) is not extracted again, its stored
    extraction is merged instead; a merged graph whose digest is the stored one is not written
    again. When the build changes nothing in the store, a validation and exports already made
    from the store as it is are not made again (the records keep the store's ``generation``,
    and which generation was validated and exported, with the exported file's digest).

    The store is written under its exclusive lock (a store another build holds
    is refused up front, before the extraction, and again for certain when the
    write starts). By default all articles or none: they are written in batches
    into a checkpoint of the store, which then replaces the store in one atomic
    directory swap (``Store.replace_articles_staged``), so memory stays flat
    however large the build. With ``batch=N`` they are written straight into the
    store N articles per transaction (each atomic), with RocksDB's buffers flushed
    in between; a crash then leaves the batches already written. Validation and the
    HTML graph read the store a subject at a time (``kg.validate.validate_store``: a screen
    passes the focus nodes that certainly conform and pySHACL checks the others;
    ``kg.viz_select.page_graph``), never the whole union graph: same report and page.
    ``progress`` is called as each stage goes (see ``Progress``).
    """
    import pickle

    from .export import export as export_to
    from .ingest import read_sources
    from .jobs import resolve as resolve_jobs
    from .pipeline import CorpusMerger, Packed, _chunks, extract_stream
    from .rdf import article_iri
    from .store import Records, Store, check_not_locked

    from .extract import DEFAULT_PIPELINE, check_pipeline

    pipeline = check_pipeline(pipeline or DEFAULT_PIPELINE)
    if jobs is not None and jobs < 1:
        raise InputError("--jobs", f"must be at least 1, not {jobs}")
    if batch is not None and batch < 1:
        raise InputError("--batch", f"must be at least 1, not {batch}")
    check_not_locked(store)
    _check_base(base)
    cur = load_curation(store, curation, base)       # a bad curation file stops the build here
    summary = BuildSummary()
    errors = summary.errors
    report = progress or (lambda stage, done, total: None)

    def articles():
        for item in read_sources(list(inputs), limits):
            if isinstance(item, KGError):
                errors.append(item)
            else:
                yield item

    total = None
    if progress is not None:                # a first, cheap pass for the total (reading is ~0.1% of a build)
        total = sum(1 for item in read_sources(list(inputs), limits) if not isinstance(item, KGError))
        report("extract", 0, total)

    extractor = extractor_version(pipeline)
    stored = _stored_inputs(store)
    keys: list[str] = []                    # the input digest of each of this build's articles, by index
    reused: dict[int, str] = {}             # index -> stored graph digest, of the articles not extracted again
    records = None
    reused_sources: set[str] = set()
    reused_facts: Counter = Counter()

    def reuse(article):
        nonlocal records
        key = input_digest(article, extractor)
        keys.append(key)
        iri = str(article_iri(article, base))
        if stored.get(iri, ("",))[0] != key:
            return None
        if records is None:
            records = Records(Path(store) / "kg-records.sqlite", read_only=True)
        record = records.get(iri)
        if record is None:
            return None
        reused[len(keys) - 1] = record.digest
        reused_sources.add(article.source)
        reused_facts.update(f.relation for f in pickle.loads(record.extraction).facts)
        return Packed(pickle.loads(record.entities), record.extraction, (article.source, article.id))

    sources: set[str] = set()
    since = {}                              # the store before the write, and the graphs it writes, when it conformed
    check = _checker(summary, report, since) if validate else None
    try:
        with CorpusMerger(curation=cur) as merger:
            extract = lambda todo: extract_stream(todo, jobs=jobs, dask=dask, packed=True,  # noqa: E731
                                                  pipeline=pipeline)
            for i, ex in enumerate(_in_order(articles(), reuse, extract), 1):
                merger.add(ex)
                report("extract", i, total)
            if records is not None:
                records.close()
                records = None
            summary.items = new = merger.count
            report("extract", new, new)

            with Store(store) as st:
                # the division and country table, in its own named graph: loaded when its version changes
                from . import reference      # rdflib and the store: loaded when a build writes, not at CLI start

                loaded = reference.ensure(st, base)
                shapes = _shapes_digest() if validate else ""
                before = _meta(st, "generation")
                live = merger.count - len(merger.dropped)
                curated: dict[str, str] = {}        # the curation's meta, filled by the merge (not on the fast path)
                if (len(reused) == new == len(stored) and not merger.dropped and before
                        and _meta(st, "merged") == before and _meta(st, "curation") == _digest_of(cur)):
                    # every article as the store has it, the store as its last merge left it: the merge
                    # over the same articles gives the same graphs, nothing to compare or write
                    writes = iter(())
                    # the records hold the extraction before the curation's rejections: count the store's
                    summary.facts.update(_stored_fact_counts(st) if cur else reused_facts)
                    sources.update(reused_sources)
                    report("store", 0, 0)
                    _curation_summary(summary, cur, _meta(st, "curation-report"))
                else:
                    # the merge sees every article of the store: this build's, and the stored ones it does not replace
                    digests = _add_stored(st, merger, base, exclude=_iris(merger, base))
                    workers = resolve_jobs(jobs, new - len(reused)) if dask is None else 1
                    writes = _writes(merger, base, workers, digests, new, summary, sources,
                                     keys=keys, reused=reused, report=lambda i: report("store", i, live))
                    writes = _with_curation(writes, st, merger, cur, base, curated)
                if batch is None:
                    # all or nothing, in batches on a checkpoint, validated before it becomes the store
                    first = next(writes, None)
                    if first is None and before and validate and _meta(st, "validated") == f"{before}:{shapes}":
                        summary.shacl_conforms, summary.shacl_text = True, "(validated before: unchanged)"
                        report("validate", 0, 0)
                    elif first is None and before:
                        if check is not None:
                            check(st)
                            st.set_record_meta({"validated": f"{before}:{shapes}"})
                    else:
                        from itertools import chain

                        items = chain([first], writes) if first is not None else writes
                        if before and validate and _meta(st, "validated") == f"{before}:{shapes}":
                            # the store conformed: the check validates what these graphs can change
                            since.update(old=st.oxigraph, graphs=set())
                            items = _noting(items, since["graphs"])
                        st.replace_articles_staged(items, meta={"base": base, "validated": ""}, check=check)
                        after = _meta(st, "generation")
                        st.set_record_meta({"merged": after,
                                            **({"validated": f"{after}:{shapes}"} if check is not None else {})})
                else:
                    st.set_record_meta({"base": base, "validated": "", "merged": ""})
                    for chunk in _chunks(writes, batch):
                        st.replace_articles(chunk)
                        st.flush()                  # keeps RocksDB's memory from growing with the build
                    st.set_record_meta({"merged": _meta(st, "generation")})
                    if check is not None:
                        check(st)                   # the store is written; the exports are not, on failure
                        st.set_record_meta({"validated": f"{_meta(st, 'generation')}:{shapes}"})
                if curated:
                    st.set_record_meta(curated)
                    _curation_summary(summary, cur, curated["curation-report"])
                # the default graph holds the part of the reference graph the articles reach
                refreshed = reference.sync(st, base) or loaded
                report("store", live, live)
                generation = _meta(st, "generation")
                summary.triples = st.triple_count()
                summary.entities.update(_entity_counts(st))
                out = Path(out)
                turtle = out / "kg.ttl"
                report("export", 0, 1)
                if refreshed or not _still_there(st, "turtle", turtle, generation):
                    export_to(st, "turtle", turtle)
                    _remember(st, "turtle", turtle, generation)
                summary.outputs["turtle"] = turtle
                report("export", 1, 1)
                drawn = None
                page = out / "graph.html"
                title = "kg: " + ", ".join(sorted(sources)) if sources else "kg"
                if html:
                    report("html", 0, 1)
                    if not refreshed and _still_there(st, "html", page, f"{generation}:{title}"):
                        html = False
                        summary.outputs["html"] = page
                        report("html", 1, 1)
                    else:
                        from .viz_select import page_graph

                        drawn = page_graph(st)          # what the page reads: no article text
            if html:
                from .viz import write_html

                summary.outputs["html"] = Path(write_html(drawn, page, title=title,
                                                          layout_cache=layout_cache_path(store)))
                with Store(store) as st:
                    _remember(st, "html", page, f"{generation}:{title}")
                report("html", 1, 1)
    finally:
        if records is not None:
            records.close()
    return summary


def _meta(st, key: str) -> str:
    if not st.has_records():
        return ""
    with st.records() as records:
        return records.meta(key) or ""


def _shapes_digest() -> str:
    """A digest of the ontology and shapes a validation uses ("" when one is missing: the
    validation itself then says so): their files, and the graphs put in their place, if any."""
    import hashlib

    from .schema import SCHEMA_FILES, schema_bytes

    h = hashlib.sha256()
    try:
        for name in SCHEMA_FILES:
            h.update(schema_bytes(name))
    except ValidationError:
        return ""
    from . import schema, validate

    for used, shipped in ((validate.shapes_graph, schema.shapes_graph),
                          (validate.ontology_graph, schema.ontology_graph)):
        if used is not shipped:             # graphs put in place of the files (an embedding program, a test)
            from rdflib.compare import to_isomorphic

            h.update(str(to_isomorphic(used()).graph_digest()).encode("ascii"))
    return h.hexdigest()[:16]


def _file_digest(path: Path) -> str:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _still_there(st, what: str, path: Path, state: str) -> bool:
    """Whether the file ``what`` (``turtle``, ``html``) at ``path`` is the one this kg wrote from
    the store in ``state`` (its generation, and what else the file depends on), unchanged since."""
    if not state or not path.is_file():
        return False
    got = _meta(st, f"{what}:{path.resolve()}")
    return bool(got) and got == f"{state}|{_package_digest()}|{_file_digest(path)}"


def _remember(st, what: str, path: Path, state: str) -> None:
    if state and st.has_records():
        st.set_record_meta({f"{what}:{path.resolve()}": f"{state}|{_package_digest()}|{_file_digest(path)}"})


_UNCHANGED = "the store and its exports were left as they were"
_SHOWN_VIOLATIONS = 5


def _noting(items, names: set):
    """The (article IRI, ...) items, each IRI added to ``names`` as it goes by."""
    for item in items:
        names.add(str(item[0]))
        yield item


def _checker(summary: BuildSummary, report=None, since=None):
    """The check a build runs on its staged store before the swap: SHACL validation,
    piece by piece. Fills the summary; raises ValidationError on a violation, or when
    the validation cannot run, so the staged write is discarded. When ``since`` holds
    ``old`` (the store before the write, which conformed to the same shapes) and
    ``graphs`` (the article graphs written), only what those graphs can change is
    validated (``kg.validate.validate_changes``): the same verdict and report."""
    def check(staged) -> None:
        from .validate import validate_changes, validate_store

        done = 0

        def piece(n: int) -> None:
            nonlocal done
            done += n
            report("validate", done, None)

        try:
            if report is not None:
                report("validate", 0, None)
            tick = piece if report is not None else None
            if since:
                old = since.pop("old")          # no reference to the old store may outlive the check (the swap)
                try:
                    rep = validate_changes(staged, old, since.pop("graphs"), progress=tick)
                finally:
                    del old
            else:
                rep = validate_store(staged, progress=tick)
        except ValidationError as exc:
            raise ValidationError(f"{exc}; {_UNCHANGED}") from exc
        except Exception as exc:                # anything else inside pyshacl or the pieces
            raise ValidationError(f"SHACL validation could not run: {type(exc).__name__}: {exc}; "
                                  f"{_UNCHANGED}") from exc
        summary.shacl_conforms, summary.shacl_violations, summary.shacl_text = (
            rep.conforms, rep.violations, rep.text)
        if not rep.conforms:
            lines = rep.describe()
            shown = lines[:_SHOWN_VIOLATIONS]
            more = len(lines) - len(shown)
            raise ValidationError(
                f"SHACL validation failed with {rep.violations} violation(s); {_UNCHANGED}:\n"
                + "\n".join(f"  {line}" for line in shown)
                + (f"\n  ... and {more} more" if more else ""))
    return check


_OLD_STORE = ("{path}: this store keeps no article records (it was built by an earlier kg); a build "
              "merges entities across every article of the store and needs them. Build all its sources "
              "again into a new store: remove {path} or pass another --store")


def _iris(merger, base: str) -> set[str]:
    """The article IRIs of the merger's (this build's) articles."""
    from .model import Article
    from .rdf import article_iri

    return {str(article_iri(Article(id=key[1], text="", source=key[0], position=0), base))
            for key in merger._index if len(key) == 2 and key[0] != "stored"}


def _add_stored(st, merger, base: str, exclude=frozenset()) -> dict[str, tuple[str, str]]:
    """Add every article the store keeps a record of (but those in ``exclude``) to the merger;
    returns the (graph digest, input digest) of each one added, by IRI. A store with article graphs but no
    records (an earlier kg's) is refused: the merge would not see its articles."""
    import pickle

    from .pipeline import Packed

    if not st.has_records():
        if st.articles():
            raise StoreError(_OLD_STORE.format(path=st.path))
        return {}
    digests = {}
    with st.records() as records:
        stored_base = records.meta("base")
        if stored_base is not None and stored_base != base:
            raise StoreError(f"{st.path}: the store was built with the base IRI {stored_base}, not {base}; "
                             f"build with --base {stored_base} or into a new store")
        for iri, record in records.items():
            if iri not in exclude:
                merger.add(Packed(pickle.loads(record.entities), record.extraction), key=("stored", iri))
                digests[iri] = (record.digest, record.input)
    return digests


def graph_digest(text: str) -> str:
    """The digest of an article graph's triples text (its lines in any order)."""
    import hashlib

    return hashlib.sha256("\n".join(sorted(text.split("\n"))).encode("utf-8")).hexdigest()


def _writes(merger, base: str, jobs: int, digests: dict[str, tuple[str, str]], new: int, summary, sources: set,
            keys=(), reused=None, report=None):
    """(article IRI, triples, Record) of every merged article whose graph must be written: each of
    this build's (the first ``new`` of the merger) but those taken unchanged from the store
    (``reused``: index -> stored graph digest) whose graph stays as it is, and each stored one
    whose graph the merge changed. ``keys`` holds the input digest of this build's articles;
    ``digests`` the (graph digest, input digest) of the stored ones."""
    from .pipeline import merged_bodies
    from .store import Record

    reused = reused or {}
    for n, body in enumerate(merged_bodies(merger, base, jobs=jobs), 1):
        if report is not None:
            report(n)
        sources.add(body.source)
        if merger.curation:
            merger.curation.note_reject_hits(body.curated)
        digest = graph_digest(body.text)
        if body.index < new:
            summary.facts.update(body.relations)
            if reused.get(body.index) == digest:
                continue                        # not extracted again, and its graph stays as it is
            key = keys[body.index] if body.index < len(keys) else ""
        else:
            stored_digest, key = digests.get(body.iri, ("", ""))
            if stored_digest == digest:
                continue                        # a stored article whose graph stays as it is
        yield body.iri, body.text, Record(merger.entities_blob(body.index), merger.blob(body.index), digest, key)


def load_curation(store, curation=None, base: str = KGR_NS):
    """The ``kg.curate.Curation`` a build of ``store`` applies: ``curation`` a path, None for the
    file beside the store (``kg.curate.default_path``; none when it does not exist), False for
    none. CurationError names the line of a bad decision."""
    from .curate import Curation, default_path, load
    from .errors import CurationError

    if curation is False:
        return None
    path = default_path(store) if curation in (None, True) else Path(curation)
    if curation not in (None, True) and not path.is_file():
        raise CurationError(path, None, "no such curation file")
    if not path.is_file():
        return None
    return Curation(load(path), base)


def _digest_of(cur) -> str:
    return cur.digest if cur else ""


def _with_curation(writes, st, merger, cur, base: str, meta: dict):
    """``writes``, then the curation named graph when it changed (dropped when there is no
    curation any more); fills ``meta`` with what the records keep of the curation applied.
    Runs after every merged article went by, so the decisions' matches are all known; an
    assertion IRI never seen (``Curation.check_unknown_iris``) raises here, before the
    staged store replaces the store."""
    import json

    from .curate import graph_iri

    yield from writes
    body = ""
    if cur:
        import pyoxigraph as ox
        from rdflib.namespace import RDF

        from .vocab import KG

        rdf_type, assertion = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Assertion))

        def in_store(iri: str) -> bool:
            try:
                node = ox.NamedNode(iri)
            except ValueError:
                return False
            return next(iter(st.oxigraph.quads_for_pattern(node, rdf_type, assertion, None)), None) is not None

        cur.check_unknown_iris(in_store)
        body = cur.graph_body(set(merger.canonical().values()))
    digest = graph_digest(body) if body else ""
    if digest != _meta(st, "curation-graph"):
        yield graph_iri(base), body
    meta.update({"curation": _digest_of(cur), "curation-graph": digest,
                 "curation-report": json.dumps(cur.unmatched() if cur else [], ensure_ascii=False)})


def _stored_fact_counts(st) -> Counter:
    """Facts per relation of the store's article graphs (one per kg:Assertion), as a build counts them."""
    from .curate import graph_iri

    rows = st.query(f"SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?g {{ ?a a kg:Assertion ; "
                    f"rdf:predicate ?p }} FILTER (?g != <{graph_iri(_meta(st, 'base') or KGR_NS)}>) }} GROUP BY ?p")
    return Counter({r["p"].value.rsplit("#", 1)[1]: int(r["n"].value) for r in rows})


def _curation_summary(summary: BuildSummary, cur, report: str) -> None:
    import json

    if not cur:
        return
    summary.curation = cur.file.path
    summary.curation_decisions = len(cur.file.decisions)
    summary.curation_unmatched = json.loads(report) if report else []


def _entity_counts(st) -> Counter:
    """Distinct entities per class in the store's union graph."""
    import pyoxigraph as ox
    from rdflib.namespace import RDF

    from .vocab import KG

    counts = Counter()
    rdf_type = ox.NamedNode(str(RDF.type))
    for cls in ENTITY_CLASSES:
        node = ox.NamedNode(str(KG[cls]))
        n = len({q.subject for q in st.oxigraph.quads_for_pattern(None, rdf_type, node, ox.DefaultGraph())})
        if n:
            counts[cls] = n
    return counts


def remove(targets: Iterable[str], store: str | Path = DEFAULT_STORE) -> tuple[list, list[str]]:
    """Delete articles from the store, each target an article IRI or a source name
    (``dcterms:source``, e.g. ``seed-page.txt``). Triples that another article still
    holds (a shared entity's label and type, say) stay in the union.

    Returns (removed article IRIs sorted, targets that matched nothing).
    """
    from rdflib import URIRef

    from .store import Store

    p = Path(store)
    if not p.exists():
        raise StoreError(f"{p}: no store here (run `kg build` first or pass --store)")
    removed, unmatched = set(), []
    with Store(p) as st:
        if not st.has_records():
            # an earlier kg's store: its articles cannot be merged again, the graphs just go
            for t in targets:
                got = st.remove(t)
                if not got:
                    unmatched.append(t)
                removed.update(got)
            return sorted(removed), unmatched
        for t in targets:
            got = st.matching(t)
            if not got:
                unmatched.append(t)
            removed.update(got)
        if removed:
            from .pipeline import CorpusMerger

            with st.records() as records:
                base = records.meta("base") or KGR_NS
                applied = records.meta("curation") or ""
            # the curation file applies to this merge as to a build's: no merge is undone, no
            # rejected fact comes back
            cur = load_curation(p, None, base) if applied else None
            with CorpusMerger(curation=cur) as merger:
                # what the others resolve to may change without the removed articles: merge them again
                digests = _add_stored(st, merger, base, exclude=removed)
                curated: dict[str, str] = {}
                writes = _writes(merger, base, 1, digests, 0, BuildSummary(), set())
                if cur:
                    writes = _with_curation(writes, st, merger, cur, base, curated)
                st.replace_articles_staged(writes, drop=sorted(removed))
                if curated:
                    st.set_record_meta(curated)
                from . import reference

                reference.sync(st, base)
    return sorted(URIRef(r) for r in removed), unmatched


def curate(action: str, store: str | Path = DEFAULT_STORE, curation: str | Path | None = None,
           by: str | None = None, note: str = "", **keys):
    """Add one decision to the curation file (``curation``, else the one beside the store) and
    return it (``kg.curate.Decision``). ``by`` is the author (else $USER). When the store exists,
    the names and assertion IRI the decision uses are checked against it first (CurationError)."""
    import os

    from .curate import append, check_against_store, default_path

    path = Path(curation) if curation else default_path(store)
    author = by or os.environ.get("USER") or os.environ.get("LOGNAME") or "unknown"
    if Path(store).exists():
        with _open(store) as st:
            keys = check_against_store(st, action, keys, path)
    return append(path, action, author, note, **keys)


def curate_undo(store: str | Path = DEFAULT_STORE, curation: str | Path | None = None,
                decision_id: str | None = None):
    """Take a decision (the last one without an id) out of the curation file; returns it."""
    from .curate import default_path, remove as take_out

    return take_out(Path(curation) if curation else default_path(store), decision_id)


def curate_list(store: str | Path = DEFAULT_STORE, curation: str | Path | None = None):
    """(the curation file, {decision id: why it was not applied} at the store's last build,
    whether the file changed since that build)."""
    import json

    from .curate import default_path, load

    cf = load(Path(curation) if curation else default_path(store))
    report, applied = [], None
    if Path(store).exists():
        with _open(store) as st:
            report = json.loads(_meta(st, "curation-report") or "[]")
            applied = _meta(st, "curation")
    unmatched = {}
    for line in report:                     # "curation.toml:12: c4 reject ...: why"
        parts = line.split(": ", 2)
        if len(parts) == 3:
            unmatched[parts[1].split(" ", 1)[0]] = parts[2]
    return cf, unmatched, applied is not None and applied != cf.digest


def _open(store):
    from .store import Store

    p = Path(store)
    if not p.exists():
        raise StoreError(f"{p}: no store here (run `kg build` first or pass --store)")
    return Store(p, read_only=True)


def push(endpoint: str, store: str | Path = DEFAULT_STORE, union: bool = False, timeout: float = 60.0,
         progress: Callable[[int, int], None] | None = None):
    """Send every article graph to a SPARQL 1.1 Graph Store Protocol endpoint (see kg.push)."""
    from .push import push as push_to

    with _open(store) as st:
        return push_to(st, endpoint, union=union, timeout=timeout, progress=progress)


def serve(store: str | Path = DEFAULT_STORE, host: str = "127.0.0.1", port: int = 7878,
          allow_update: bool = False, timeout: float = 10.0, max_result_bytes: int = 10_000_000,
          workers: int = 2, ready: Callable[[str], None] | None = None, *, allow_service: bool = False,
          allow_hosts: tuple[str, ...] = (), max_query_memory: int = 1_000_000_000,
          allow_curation: bool = False, curation: str | Path | None = None) -> None:
    """Serve the store over the SPARQL 1.1 Protocol until interrupted (see kg.server); with
    ``allow_curation`` (loopback only) the graph page's reject / merge buttons write decisions
    to the curation file (``curation``, else the one beside the store)."""
    from .server import ServerConfig, serve as run

    run(ServerConfig(str(store), host, port, allow_update, timeout, max_result_bytes, workers,
                     allow_service=allow_service, allow_hosts=tuple(allow_hosts),
                     max_query_memory=max_query_memory, allow_curation=allow_curation,
                     curation=str(curation or "")), ready=ready)


def query(sparql: str, store: str | Path = DEFAULT_STORE, fmt: str = "table") -> str:
    from .query import run_query

    with _open(store) as st:
        return run_query(st, sparql, fmt)


def roles(org: str, store: str | Path = DEFAULT_STORE, on: str | None = None):
    """Who held which title at ``org`` (on the date ``on``: YYYY, YYYY-MM or YYYY-MM-DD), from the
    latest evidence, disagreeing articles side by side: a list of ``kg.roles_query.RoleClaim``."""
    from .roles_query import roles as find

    with _open(store) as st:
        return find(st, org, on)


def export(fmt: str, store: str | Path = DEFAULT_STORE, path: str | Path | None = None):
    from .export import export as export_to

    with _open(store) as st:
        return export_to(st, fmt, path)


def visualize(store: str | Path = DEFAULT_STORE, path: str | Path = Path(DEFAULT_OUT) / "graph.html",
              *, focus: str | None = None, hops: int = 1, classes=None,
              query: str | None = None, max_nodes: int | None = None,
              title: str | None = None) -> Path:
    """Write the interactive HTML graph of the store (or of a part of it) to `path`.

    focus: an entity's label or alias, drawn with what lies within `hops` edges;
    classes: "Park,Organization" or a list, only nodes of those classes;
    query: SPARQL text, a CONSTRUCT or a SELECT of ?s ?p ?o whose result is drawn
    (with the labels, classes and evidence the store holds for it);
    max_nodes: keep the N nodes of highest degree (the page says so).
    Raises StoreError / QueryError / KGError (unknown name or class).
    """
    from .viz import write_html

    extra = ()
    with _open(store) as st:
        if query is not None:
            from .viz_select import query_graph

            g, extra = query_graph(st, query)
        else:
            from .viz_select import page_graph

            g = page_graph(st)          # what the page reads, not the whole union graph (same page)
    if title is None:
        parts = ["kg"] + ([f"focus {focus}"] if focus else []) + (["query"] if query is not None else [])
        title = " · ".join(parts)
    whole = query is None and focus is None and classes is None and max_nodes is None
    return Path(write_html(g, path, title=title, focus=focus, hops=hops, classes=classes,
                           max_nodes=max_nodes, extra_predicates=extra,
                           layout_cache=layout_cache_path(store) if whole else None))


def layout_cache_path(store: str | Path) -> Path:
    """Where the page of a store keeps its components' layouts (kg.viz_layout.LayoutCache):
    beside the store directory, which a build replaces as a whole."""
    store = Path(store)
    return store.parent / f"{store.name}.kg-layout.json"


def evaluate(gold: str | Path, inputs: Iterable[str], base: str = KGR_NS, pipeline=None,
             curation: str | Path | None = None):
    """Extract the inputs in memory and score them against an answer key (kg-gold/1);
    with ``curation`` (a curation file), scored as a build that applies it would store them."""
    from .evaluate import load_gold, score_graph
    from .rdf import article_graph, merge_graphs
    from .schema import schema_dir

    key = load_gold(gold)
    if curation is None:
        extractions, errors = extract(inputs, pipeline=pipeline)
        graph = merge_graphs(article_graph(ex, base) for ex in extractions)
    else:
        graph, errors = _curated_graph(inputs, pipeline, load_curation(".", curation, base), base)
    return score_graph(graph, key, schema_dir()), errors, graph


def _curated_graph(inputs, pipeline, cur, base: str):
    """The union graph a build of ``inputs`` applying the curation ``cur`` stores, in memory."""
    from rdflib import Graph

    from .extract import DEFAULT_PIPELINE, check_pipeline
    from .pipeline import _body, extract_stream
    from .rdf import merge_graphs
    from .resolve import rename_entities

    pipeline = check_pipeline(pipeline or DEFAULT_PIPELINE)
    articles, errors = read_inputs(inputs)
    raw = list(extract_stream(articles, pipeline=pipeline))
    counts: Counter = Counter()
    for ex in raw:
        counts.update(set(ex.entities))
    canon = cur.canonical(counts)
    new_id = {old: e.id for old, e in canon.items()}
    texts = [_body(rename_entities(ex, canon, new_id), base, cur).text for ex in raw]
    texts.append(cur.graph_body(set(canon.values())))
    graphs = []
    for text in texts:
        g = Graph()
        g.parse(data=text, format="nt")
        graphs.append(g)
    return merge_graphs(graphs), errors
