"""Exports of the store (or of any rdflib graph) to files.

    turtle   the union graph, triples sorted (byte-identical for the same content)
    nt       the union graph, sorted N-Triples
    trig     one named graph per article, sorted
    nquads   one named graph per article, sorted N-Quads
    jsonld   the union graph, expanded JSON-LD with the kg prefixes as @context
    graphml  entities as nodes (label, class), facts as edges (relation)
    csv      one row per extracted fact (kg:Assertion)
    cypher, cypher-kuzu, neo4j-csv
             the property-graph view (kg/export_pg.py): a Cypher script for Neo4j or Kuzu,
             or a directory of CSV files for neo4j-admin database import

Writes are atomic (a temporary file in the target directory, then os.replace)
and UTF-8. Turtle and N-Triples are sorted in runs spilled to temporary files
and merged, and written piece by piece: their memory does not grow with the
store.
"""
from __future__ import annotations

import csv
import heapq
import io
import itertools
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from . import relations
from .errors import KGError, StoreError
from .formats import ALIASES, EXPORT_FORMATS
from .store import Store, to_oxigraph
from .vocab import KG, ORG_KINDS, PREFIXES, SCHEMA

__all__ = ["export", "serialize", "turtle_bytes", "EXPORT_FORMATS", "CSV_COLUMNS"]

_ALIASES = ALIASES

CSV_COLUMNS = ("subject", "subject_class", "relation", "object", "value", "currency", "role_title",
               "current", "article_title", "article_source", "evidence", "char_start", "char_end",
               "confidence", "extractor")

_RDF_TYPE = str(RDF.type)
_ENTITY_CLASSES = ("Person", "Organization", "Park", "Place", "Project", "Event")
_PREFIXES = dict(PREFIXES)
_SERIALIZER_PREFIXES = {p: iri for p, iri in PREFIXES.items() if p != "kgr"}
_RUN = 20_000            # triples sorted in memory at a time by the Turtle / N-Triples export
_PIECE = 5_000           # triples (whole subjects) serialised at a time
_BLOCK = 1_000           # sort keys per pickle in a spilled run


# ---------------------------------------------------------------- sources

def _distinct_triples(source) -> Iterable[ox.Triple]:
    """Distinct triples of the union of every graph (a store's union graph is streamed)."""
    if isinstance(source, Store):
        return source.union_triples()
    if isinstance(source, Graph):
        return {ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in _rdflib_triples(source)}
    raise KGError(f"cannot export a {type(source).__name__}; pass a kg Store or an rdflib Graph")


def _union_triples(source) -> list[ox.Triple]:
    """Distinct triples of the union of every graph, sorted."""
    return sorted(_distinct_triples(source), key=_triple_key)


def _sorted_keys(triples: Iterable[ox.Triple], run: int) -> Iterator[tuple[str, int, str, str]]:
    """``_triple_key`` of each (distinct) triple, in order. Sorted ``run`` at a time;
    unless all fit in one run, the sorted runs wait in one temporary file and are
    merged (memory: one run while sorting, one block of each run while merging)."""
    triples = iter(triples)
    with tempfile.TemporaryFile() as f:
        runs: list[list[tuple[int, int]]] = []      # (offset, size) of each block of each run
        while chunk := list(itertools.islice(triples, run)):
            keys = sorted(map(_triple_key, chunk))
            del chunk
            if not runs and len(keys) < run:
                yield from keys             # everything fitted in one run
                return
            blocks = []
            for i in range(0, len(keys), _BLOCK):
                data = pickle.dumps(keys[i:i + _BLOCK], protocol=pickle.HIGHEST_PROTOCOL)
                blocks.append((f.tell(), len(data)))
                f.write(data)
            runs.append(blocks)
        f.flush()
        yield from heapq.merge(*(_spilled(f.fileno(), blocks) for blocks in runs))


def _spilled(fd: int, blocks: list[tuple[int, int]]) -> Iterator[tuple]:
    for offset, size in blocks:
        yield from pickle.loads(os.pread(fd, size, offset))


def _sorted_pieces(source) -> Iterator[list[ox.Triple]]:
    """The sorted distinct union triples, about ``_PIECE`` at a time, a subject never split."""
    lines: list[str] = []
    last = None
    piece = _PIECE
    for s, _, p, o in _sorted_keys(_distinct_triples(source), _RUN):
        if len(lines) >= piece and s != last:
            yield _parse_lines(lines)
            lines = []
        lines.append(f"{s} <{p}> {o} .")    # the key holds each term's N-Triples form
        last = s
    if lines:
        yield _parse_lines(lines)


def _parse_lines(lines: list[str]) -> list[ox.Triple]:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def _rdflib_triples(graph: Graph):
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph


def _quads(source) -> list[ox.Quad]:
    """Every quad (graph name = article IRI; the reference graph as far as the articles reach it),
    sorted by graph, then triple."""
    if isinstance(source, Store):
        from .reference import exported_quads

        quads = list(exported_quads(source))
    elif isinstance(source, (Dataset, ConjunctiveGraph)):
        quads = []
        for s, p, o, ctx in _graph_quads(source):
            name = ctx if isinstance(ctx, URIRef) and not _is_default(ctx) else None
            quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o),
                                 ox.NamedNode(str(name)) if name is not None else ox.DefaultGraph()))
    elif isinstance(source, Graph):
        quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in source]
    else:
        raise KGError(f"cannot export a {type(source).__name__}; pass a kg Store or an rdflib Graph")
    quads = list(set(quads))
    quads.sort(key=lambda q: ("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name),)
               + _triple_key(q.triple))
    return quads


def _graph_quads(ds):
    for s, p, o, ctx in ds.quads((None, None, None, None)):
        yield s, p, o, getattr(ctx, "identifier", ctx)


def _is_default(name) -> bool:
    return str(name).startswith("urn:x-rdflib:")


def _triple_key(t: ox.Triple) -> tuple[str, int, str, str]:
    p = t.predicate.value
    return (str(t.subject), 0 if p == _RDF_TYPE else 1, p, str(t.object))


def _union_graph(source) -> Graph:
    if isinstance(source, Store):
        return source.union_graph()
    if isinstance(source, (Dataset, ConjunctiveGraph)):
        g = Graph()
        for s, p, o in _rdflib_triples(source):
            g.add((s, p, o))
        return g
    if isinstance(source, Graph):
        return source
    raise KGError(f"cannot export a {type(source).__name__}; pass a kg Store or an rdflib Graph")


# ---------------------------------------------------------------- RDF formats

def _prefixed(items: list, fmt: ox.RdfFormat) -> bytes:
    """Turtle / TriG of already sorted ``items`` with the @prefix lines in kg.vocab's order.

    ``kgr:`` is left out: minted IRIs contain ``/``, which would need escaping
    in prefixed names (``kgr:park\\/0a1b``).
    """
    declared, body = _without_prefixes(items, fmt)
    prefix_lines = [f"@prefix {p}: <{iri}> ." for p, iri in _SERIALIZER_PREFIXES.items() if p in declared]
    return "\n".join(prefix_lines + ([""] if prefix_lines else []) + [body]).encode("utf-8")


def _without_prefixes(items: list, fmt: ox.RdfFormat) -> tuple[set[str], str]:
    """(prefixes the serialiser declared, the rest of its output) for ``items``."""
    lines = ox.serialize(items, format=fmt, prefixes=_SERIALIZER_PREFIXES).decode("utf-8").split("\n")
    head = 0
    declared = set()
    while head < len(lines) and lines[head].startswith("@prefix "):
        declared.add(lines[head].split()[1].rstrip(":"))
        head += 1
    return declared, "\n".join(lines[head:])


def turtle_bytes(triples: Iterable[ox.Triple]) -> bytes:
    """Sorted Turtle with the kg prefixes (deterministic for the same set of triples)."""
    return _prefixed(sorted(set(triples), key=_triple_key), ox.RdfFormat.TURTLE)


def _turtle(source) -> Iterator[bytes]:
    """Sorted Turtle, piece by piece: the prefixes with the first piece, then each
    piece's statements (whole subjects, so the pieces join as one serialisation)."""
    first = True
    for triples in _sorted_pieces(source):
        if first:
            yield _prefixed(triples, ox.RdfFormat.TURTLE)
            first = False
        else:
            yield _without_prefixes(triples, ox.RdfFormat.TURTLE)[1].encode("utf-8")
    if first:
        yield _prefixed([], ox.RdfFormat.TURTLE)


def _ntriples(source) -> Iterator[bytes]:
    for triples in _sorted_pieces(source):
        yield ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _trig(source) -> bytes:
    return _prefixed(_quads(source), ox.RdfFormat.TRIG)


def _nquads(source) -> bytes:
    return ox.serialize(_quads(source), format=ox.RdfFormat.N_QUADS)


def _jsonld(source) -> bytes:
    nodes = json.loads(ox.serialize(_union_triples(source), format=ox.RdfFormat.JSON_LD))
    if isinstance(nodes, dict):
        nodes = nodes.get("@graph", [nodes])
    doc = {"@context": _PREFIXES, "@graph": nodes}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ---------------------------------------------------------------- graph views

def _local(iri: URIRef) -> str:
    return str(iri)[len(str(KG)):] if str(iri).startswith(str(KG)) else str(iri)


def _label(g: Graph, node) -> str:
    if isinstance(node, Literal):
        return str(node)
    value = g.value(node, RDFS.label)
    return str(value) if value is not None else str(node)


def _entity_class(g: Graph, node) -> tuple[str, str]:
    """(coarse class, finer kind) of an entity node, by local name."""
    types = {_local(t) for t in g.objects(node, RDF.type)}
    coarse = next((c for c in _ENTITY_CLASSES if c in types), "")
    kind = next((k for k in ORG_KINDS if k in types), "")
    if not coarse and kind:
        coarse = "Organization"
    return coarse, kind


def _graphml(source) -> bytes:
    import networkx as nx

    g = _union_graph(source)
    nxg = nx.MultiDiGraph()
    entity_types = {KG[c] for c in _ENTITY_CLASSES} | {KG[k] for k in ORG_KINDS}
    entities = sorted({s for t in entity_types for s in g.subjects(RDF.type, t) if isinstance(s, URIRef)})
    for node in entities:
        coarse, kind = _entity_class(g, node)
        attrs = {"label": _label(g, node), "class": coarse, "iri": str(node)}
        if kind:
            attrs["kind"] = kind
        alts = sorted(str(a) for a in g.objects(node, SKOS.altLabel))
        if alts:
            attrs["altLabels"] = "|".join(alts)
        for rel in relations.names("year"):        # years are node attributes (foundingYear)
            years = sorted(str(y) for y in g.objects(node, relations.get(rel).iri))
            if years:
                attrs[rel] = years[0]
        nxg.add_node(str(node), **attrs)

    edges = []
    for rel in relations.names("entity"):
        for s, o in g.subject_objects(relations.get(rel).iri):
            edges.append((str(s), str(o), rel, {}))
    for rel in relations.names("role"):
        for s, pos in g.subject_objects(relations.get(rel).iri):
            org = g.value(pos, KG.organization)
            if org is None:
                continue
            current = g.value(pos, KG.current)
            extra = {"roleTitle": str(g.value(pos, KG.roleTitle) or "")}
            extra["current"] = not (current is not None and current.toPython() is False)
            edges.append((str(s), str(org), rel, extra))
    for rel in relations.names("money"):
        for s, amt in g.subject_objects(relations.get(rel).iri):
            value = g.value(amt, SCHEMA.value)
            attrs = {"label": _label(g, amt), "class": "MonetaryAmount", "iri": str(amt),
                     "value": float(value.toPython()) if value is not None else 0.0,
                     "currency": str(g.value(amt, SCHEMA.currency) or "")}
            edges.append((str(s), str(amt), rel, {}))
            nxg.add_node(str(amt), **attrs)
    for s, o, rel, extra in sorted(edges, key=lambda e: (e[0], e[2], e[1], sorted(e[3].items()))):
        for end in (s, o):
            if end not in nxg:
                nxg.add_node(end, label=end, **{"class": ""}, iri=end)
        nxg.add_edge(s, o, key=f"{rel}:{extra.get('roleTitle', '')}", relation=rel, label=rel, **extra)
    # nodes in a stable order regardless of insertion order above
    ordered = nx.MultiDiGraph()
    for n in sorted(nxg.nodes):
        ordered.add_node(n, **nxg.nodes[n])
    for s, o, k, d in sorted(nxg.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        ordered.add_edge(s, o, key=k, **d)
    buf = io.BytesIO()
    nx.write_graphml_xml(ordered, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def _csv(source) -> bytes:
    g = _union_graph(source)
    rows = []
    for a in g.subjects(RDF.type, KG.Assertion):
        s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
        if s is None or p is None or o is None:
            continue
        rel = _local(p)
        row = dict.fromkeys(CSV_COLUMNS, "")
        row["subject"] = _label(g, s)
        row["subject_class"] = _entity_class(g, s)[0]
        row["relation"] = rel
        value = relations.get(rel).value if relations.get(rel) else None
        if value == "role":
            org = g.value(o, KG.organization)
            row["object"] = _label(g, org) if org is not None else ""
            row["role_title"] = str(g.value(o, KG.roleTitle) or "")
            current = g.value(o, KG.current)
            row["current"] = "false" if current is not None and current.toPython() is False else "true"
        elif value == "money":
            row["object"] = _label(g, o)
            row["value"] = str(g.value(o, SCHEMA.value) or "")
            row["currency"] = str(g.value(o, SCHEMA.currency) or "")
        elif isinstance(o, Literal):
            row["object"] = str(o)
            row["value"] = str(o)
        else:
            row["object"] = _label(g, o)
        article = g.value(a, PROV.wasDerivedFrom)
        if article is not None:
            row["article_title"] = str(g.value(article, DCTERMS.title) or "")
            row["article_source"] = str(g.value(article, DCTERMS.source) or "")
        for col, prop in (("evidence", KG.evidence), ("char_start", KG.charStart), ("char_end", KG.charEnd),
                          ("confidence", KG.confidence), ("extractor", KG.extractor)):
            value = g.value(a, prop)
            row[col] = str(value) if value is not None else ""
        rows.append(row)
    rows.sort(key=lambda r: tuple(r[c] for c in CSV_COLUMNS))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _cypher(source) -> bytes:
    from .export_pg import cypher_script

    return cypher_script(_union_graph(source), "neo4j")


def _cypher_kuzu(source) -> bytes:
    from .export_pg import cypher_script

    return cypher_script(_union_graph(source), "kuzu")


_WRITERS = {"turtle": _turtle, "nt": _ntriples, "trig": _trig, "nquads": _nquads,
            "jsonld": _jsonld, "graphml": _graphml, "csv": _csv, "cypher": _cypher,
            "cypher-kuzu": _cypher_kuzu}
_DIRECTORY_FORMATS = ("neo4j-csv",)


# ---------------------------------------------------------------- API

def _format(fmt: str) -> str:
    name = _ALIASES.get(fmt.lower(), fmt.lower()) if isinstance(fmt, str) else fmt
    if name not in _WRITERS and name not in _DIRECTORY_FORMATS:
        raise KGError(f"unknown export format {fmt!r} (expected one of {', '.join(EXPORT_FORMATS)})")
    return name


def _pieces(store_or_graph, name: str) -> Iterator[bytes]:
    """The export in format ``name`` as UTF-8 bytes, in one piece or (Turtle, N-Triples) several."""
    try:
        data = _WRITERS[name](store_or_graph)
        if isinstance(data, bytes):
            yield data
        else:
            yield from data
    except (ValueError, OSError) as exc:
        raise StoreError(f"cannot export as {name}: {exc}") from exc


def serialize(store_or_graph, fmt: str) -> bytes:
    """The export of a kg Store or an rdflib Graph/Dataset in ``fmt``, as UTF-8 bytes."""
    if _format(fmt) in _DIRECTORY_FORMATS:
        raise KGError(f"{fmt} writes several files: export it to a directory")
    return b"".join(_pieces(store_or_graph, _format(fmt)))


def _atomic_write(path: Path, data: Iterable[bytes]) -> None:
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write export: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in data:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:            # a failed write, or a failed export of a later piece
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise StoreError(f"{path}: cannot write export: {exc.strerror or exc}") from exc
        raise


def export(store_or_graph, fmt: str, path: str | os.PathLike[str] | None = None) -> Path | str:
    """Export a kg Store (or an rdflib Graph) in ``fmt`` to ``path``, atomically, UTF-8.

    With ``path=None`` the export is returned as a string instead.
    Raises KGError for an unknown format, StoreError if the file cannot be written.
    """
    name = _format(fmt)
    if name in _DIRECTORY_FORMATS:
        return _export_directory(store_or_graph, name, path)
    if path is None:
        return b"".join(_pieces(store_or_graph, name)).decode("utf-8")
    target = Path(path)
    if target.is_dir():
        raise StoreError(f"{target}: cannot write export: is a directory")
    _atomic_write(target, _pieces(store_or_graph, name))     # written piece by piece
    return target


def _export_directory(store_or_graph, name: str, path) -> Path:
    """A format of several files (neo4j-csv): each file written atomically into ``path``."""
    from .export_pg import neo4j_csv_files

    if path is None:
        raise KGError(f"{name} writes several files: give a directory to write them to (--out DIR)")
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise StoreError(f"{target}: cannot write export: not a directory")
    try:
        files = neo4j_csv_files(_union_graph(store_or_graph))
    except (ValueError, OSError) as exc:
        raise StoreError(f"cannot export as {name}: {exc}") from exc
    for fname, data in files.items():
        _atomic_write(target / fname, [data])
    return target
