"""The library API the CLI is a thin layer over. Nothing here prints or exits."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError, KGError, StoreError
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

    def to_text(self) -> str:
        lines = [f"items: {self.items}   input errors: {len(self.errors)}   triples: {self.triples}"]
        lines.append("entities: " + (", ".join(f"{k} {v}" for k, v in sorted(self.entities.items())) or "none"))
        lines.append("facts:    " + (", ".join(f"{k} {v}" for k, v in sorted(self.facts.items())) or "none"))
        if self.shacl_conforms is None:
            lines.append("SHACL: not run")
        else:
            lines.append("SHACL: conforms" if self.shacl_conforms else f"SHACL: {self.shacl_violations} violation(s)")
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


def extract(inputs: Iterable[str], progress: Callable[[int, int], None] | None = None, limits=None):
    """(extractions, errors) for the inputs, without touching any store."""
    from .pipeline import extract_article
    from .resolve import merge_corpus

    articles, errors = read_inputs(inputs, limits)
    out = []
    for i, a in enumerate(articles, 1):
        out.append(extract_article(a))
        if progress:
            progress(i, len(articles))
    return merge_corpus(out), errors


def extraction_json(ex: Extraction) -> dict:
    """The `kg extract` record of one article."""
    labels = {e.id: e.label for e in ex.entities}

    def name(entity_id: str) -> str:
        return labels.get(entity_id) or entity_id.split("/", 1)[1]

    def obj(f):
        o = f.object
        if isinstance(o, Money):
            return {"value": o.value, "currency": o.currency, "text": o.text, "approximate": o.approximate}
        if isinstance(o, Role):
            return {"title": o.title, "organization": name(o.organization), "current": o.current}
        if isinstance(o, str):
            return name(o)
        return o

    return {
        "id": ex.article.id,
        "source": ex.article.source,
        "title": ex.article.title,
        "creators": list(ex.article.creators),
        "text": ex.article.text,
        "mentions": [{"text": m.text, "class": m.cls, "start": m.start, "end": m.end}
                     for m in ex.mentions if m.cls not in ("Ref", "Alias")],
        "entities": [{"label": e.label, "class": e.cls, "kind": e.kind, "altLabels": list(e.alt_labels)}
                     for e in ex.entities],
        "facts": [{"relation": f.relation, "subject": name(f.subject), "object": obj(f),
                   "evidence": f.evidence.sentence, "start": f.evidence.start, "end": f.evidence.end,
                   "confidence": f.evidence.confidence, "extractor": f.evidence.extractor}
                  for f in ex.facts],
    }


def build(inputs: Iterable[str], store: str | Path = DEFAULT_STORE, out: str | Path = DEFAULT_OUT,
          base: str = KGR_NS, validate: bool = True, html: bool = True,
          progress: Callable[[int, int], None] | None = None, limits=None) -> BuildSummary:
    """Ingest, extract, store (one named graph per article), validate, export Turtle and HTML.

    The store is written in one transaction (all articles or none), under the
    store's exclusive lock; a store another build holds is refused up front,
    before the extraction, and again (for certain) when the write starts.
    """
    from .export import export as export_to
    from .rdf import article_graph, article_iri
    from .store import Store, check_not_locked

    check_not_locked(store)
    summary = BuildSummary()
    extractions, errors = extract(inputs, progress, limits)
    summary.errors = errors
    summary.items = len(extractions)
    graphs = []
    for ex in extractions:
        graphs.append((article_iri(ex.article, base), article_graph(ex, base)))
        for f in ex.facts:
            summary.facts[f.relation] += 1
    with Store(store) as st:
        st.replace_articles(graphs)
        union = st.union_graph()
        summary.triples = st.triple_count()
        out = Path(out)
        summary.outputs["turtle"] = Path(export_to(st, "turtle", out / "kg.ttl"))
    from rdflib import RDF, URIRef
    from .vocab import KG
    for cls in ("Person", "Organization", "Park", "Place", "Project", "Event"):
        n = len(set(union.subjects(RDF.type, KG[cls])))
        if n:
            summary.entities[cls] = n
    if validate:
        from .validate import validate as shacl

        rep = shacl(union)
        summary.shacl_conforms, summary.shacl_violations, summary.shacl_text = rep.conforms, rep.violations, rep.text
    if html:
        from .viz import write_html

        summary.outputs["html"] = Path(write_html(union, out / "graph.html", title="kg: " + ", ".join(
            sorted({ex.article.source for ex in extractions})) if extractions else "kg"))
    return summary


def _open(store):
    from .store import Store

    p = Path(store)
    if not p.exists():
        raise StoreError(f"{p}: no store here (run `kg build` first or pass --store)")
    return Store(p, read_only=True)


def query(sparql: str, store: str | Path = DEFAULT_STORE, fmt: str = "table") -> str:
    from .query import run_query

    with _open(store) as st:
        return run_query(st, sparql, fmt)


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
            g = st.union_graph()
    if title is None:
        parts = ["kg"] + ([f"focus {focus}"] if focus else []) + (["query"] if query is not None else [])
        title = " · ".join(parts)
    return Path(write_html(g, path, title=title, focus=focus, hops=hops, classes=classes,
                           max_nodes=max_nodes, extra_predicates=extra))


def evaluate(gold: str | Path, inputs: Iterable[str], base: str = KGR_NS):
    """Extract the inputs in memory and score them against an answer key (kg-gold/1)."""
    from .evaluate import load_gold, score_graph
    from .rdf import article_graph, merge_graphs
    from .schema import schema_dir

    key = load_gold(gold)
    extractions, errors = extract(inputs)
    graph = merge_graphs(article_graph(ex, base) for ex in extractions)
    return score_graph(graph, key, schema_dir()), errors, graph
