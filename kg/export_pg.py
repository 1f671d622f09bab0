"""The store as a property graph, for Neo4j and other openCypher databases.

    cypher       an idempotent Cypher script for Neo4j (cypher-shell -f FILE)
    cypher-kuzu  the same for the embedded engine Kùzu, with its table declarations first
    neo4j-csv    node and relationship CSV files for ``neo4j-admin database import full``

The view is the same in all three (docs in README, "Taking the graph to Neo4j"):

- every entity is a node labelled ``Entity`` plus its class (``Organization``, ``Person``, ``Park``,
  ``Place``, ``Project``, ``Event``) and, for organisations, its kind (``Company``, ...); its key is
  ``iri``; properties ``label``, ``class``, ``kind``, ``altLabels`` (a list) and the year relations
  of the relation table (``foundingYear``) as properties;
- every amount of money is a ``MonetaryAmount`` node (``iri``, ``label``, ``value``, ``currency``);
- every piece of evidence (a ``kg:Assertion``) is one relationship of the relation's type, keyed by
  ``assertion`` (its IRI), with ``evidence``, ``article``, ``articleTitle``, ``articleSource``,
  ``charStart``, ``charEnd``, ``confidence`` and ``extractor``; a fact read in two articles is two
  relationships between the same nodes;
- a role (``holdsRole``) is a relationship from the person to the organisation, with ``roleTitle``,
  ``current`` and ``position`` (the position's IRI) as properties.

Cypher string literals are written by ``cypher_string`` (backslash and quote escaped; the Neo4j
dialect also writes control characters as ``\\uXXXX``); labels and types are backquoted by
``cypher_name``. Nothing else is pasted into the script.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from . import relations
from .errors import KGError
from .export import _ENTITY_CLASSES as ENTITY_CLASSES, _entity_class, _local
from .vocab import KG, ORG_KINDS, SCHEMA

__all__ = ["PGNode", "PGEdge", "property_graph", "cypher_script", "neo4j_csv_files",
           "cypher_string", "cypher_name", "PG_FORMATS", "ARRAY_DELIMITER", "NEO4J_IMPORT_COMMAND"]

PG_FORMATS = ("cypher", "cypher-kuzu", "neo4j-csv")
ARRAY_DELIMITER = "\u001f"        # unit separator: never in news text, unlike ; or |

# property name -> type, in column order (types as neo4j-admin names them; Kùzu's in _KUZU_TYPES)
ENTITY_PROPS = (("iri", "string"), ("label", "string"), ("class", "string"), ("kind", "string"),
                ("altLabels", "string[]"))
AMOUNT_PROPS = (("iri", "string"), ("label", "string"), ("value", "double"), ("currency", "string"))
EDGE_PROPS = (("assertion", "string"), ("evidence", "string"), ("article", "string"),
              ("articleTitle", "string"), ("articleSource", "string"), ("charStart", "long"),
              ("charEnd", "long"), ("confidence", "double"), ("extractor", "string"))
ROLE_PROPS = (("roleTitle", "string"), ("current", "boolean"), ("position", "string"))
_KUZU_TYPES = {"string": "STRING", "string[]": "STRING[]", "double": "DOUBLE", "long": "INT64",
               "boolean": "BOOLEAN"}

NODE_FILES = ("nodes-entities.csv", "nodes-amounts.csv")
EDGE_FILE = "relationships.csv"
NEO4J_IMPORT_COMMAND = (
    "neo4j-admin database import full neo4j "
    "--nodes=nodes-entities.csv --nodes=nodes-amounts.csv --relationships=relationships.csv "
    "--array-delimiter=U+001F --multiline-fields=true --ignore-empty-strings=true")


@dataclass(frozen=True)
class PGNode:
    key: str                                  # the IRI
    labels: tuple[str, ...]                   # Entity, class[, kind]  or  MonetaryAmount
    props: tuple[tuple[str, object], ...]     # (name, value), no empty values


@dataclass(frozen=True)
class PGEdge:
    key: str                                  # the assertion IRI (or a hash of a bare triple)
    type: str                                 # the relation's name
    start: str
    end: str
    props: tuple[tuple[str, object], ...]


# ---------------------------------------------------------------- the view

def _text(g, node, prop) -> str:
    value = g.value(node, prop)
    return str(value) if value is not None else ""


def _entity_node(g, node: URIRef) -> PGNode:
    coarse, kind = _entity_class(g, node)
    props: list[tuple[str, object]] = [("iri", str(node)), ("label", _text(g, node, RDFS.label) or str(node))]
    if coarse:
        props.append(("class", coarse))
    if kind:
        props.append(("kind", kind))
    alts = sorted(str(a) for a in g.objects(node, SKOS.altLabel))
    if alts:
        props.append(("altLabels", tuple(alts)))
    for rel in relations.names("year"):
        years = sorted(str(y) for y in g.objects(node, relations.get(rel).iri))
        if years:
            props.append((rel, years[0]))
    labels = ("Entity",) + tuple(x for x in (coarse, kind) if x)
    return PGNode(str(node), labels, tuple(props))


def _amount_node(g, node) -> PGNode:
    props: list[tuple[str, object]] = [("iri", str(node)), ("label", _text(g, node, RDFS.label))]
    value = g.value(node, SCHEMA.value)
    if value is not None:
        props.append(("value", float(value.toPython())))
    currency = _text(g, node, SCHEMA.currency)
    if currency:
        props.append(("currency", currency))
    return PGNode(str(node), ("MonetaryAmount",), tuple(p for p in props if p[1] != ""))


def _evidence_props(g, assertion) -> list[tuple[str, object]]:
    props: list[tuple[str, object]] = [("assertion", str(assertion)),
                                       ("evidence", _text(g, assertion, KG.evidence))]
    article = g.value(assertion, PROV.wasDerivedFrom)
    if article is not None:
        props += [("article", str(article)), ("articleTitle", _text(g, article, DCTERMS.title)),
                  ("articleSource", _text(g, article, DCTERMS.source))]
    for name, prop, cast in (("charStart", KG.charStart, int), ("charEnd", KG.charEnd, int),
                             ("confidence", KG.confidence, float)):
        value = g.value(assertion, prop)
        if value is not None:
            props.append((name, cast(value.toPython())))
    props.append(("extractor", _text(g, assertion, KG.extractor)))
    return [p for p in props if p[1] != ""]


def _edge_end(g, rel, obj) -> tuple[str | None, list[tuple[str, object]]]:
    """The relationship's end node and the properties the object adds (a role's title)."""
    if rel.value == "role":
        org = g.value(obj, KG.organization)
        if org is None:
            return None, []
        current = g.value(obj, KG.current)
        extra: list[tuple[str, object]] = []
        title = _text(g, obj, KG.roleTitle)
        if title:
            extra.append(("roleTitle", title))
        extra += [("current", not (current is not None and current.toPython() is False)),
                  ("position", str(obj))]
        return str(org), extra
    return str(obj), []


def property_graph(g) -> tuple[list[PGNode], list[PGEdge]]:
    """Nodes and relationships of an rdflib graph (the store's union graph), sorted by key."""
    entity_types = {KG[c] for c in ENTITY_CLASSES} | {KG[k] for k in ORG_KINDS}
    nodes: dict[str, PGNode] = {}
    for t in entity_types:
        for s in g.subjects(RDF.type, t):
            if isinstance(s, URIRef) and str(s) not in nodes:
                nodes[str(s)] = _entity_node(g, s)
    edges: dict[str, PGEdge] = {}
    covered: set[tuple[str, str, str]] = set()
    kept = {r.name: r for r in relations.all_relations() if r.value != "year"}
    for a in g.subjects(RDF.type, KG.Assertion):
        s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
        rel = kept.get(_local(p)) if p is not None else None
        if rel is None or s is None or o is None or isinstance(o, Literal):
            continue
        end, extra = _edge_end(g, rel, o)
        if end is None:
            continue
        covered.add((str(s), rel.name, str(o)))
        edges[str(a)] = PGEdge(str(a), rel.name, str(s), end, tuple(_evidence_props(g, a) + extra))
    for rel in kept.values():             # a stated fact without evidence still is a relationship
        for s, o in g.subject_objects(rel.iri):
            if (str(s), rel.name, str(o)) in covered or isinstance(o, Literal):
                continue
            end, extra = _edge_end(g, rel, o)
            if end is None:
                continue
            key = "urn:kg:fact:" + hashlib.sha1(f"{s}\n{rel.name}\n{o}".encode()).hexdigest()[:16]
            edges[key] = PGEdge(key, rel.name, str(s), end, tuple([("assertion", key)] + extra))
    for e in edges.values():              # amounts and ends that are no typed entity
        rel = kept[e.type]
        if e.end not in nodes:
            nodes[e.end] = (_amount_node(g, URIRef(e.end)) if rel.value == "money"
                            else PGNode(e.end, ("Entity",), (("iri", e.end), ("label", e.end))))
        if e.start not in nodes:
            nodes[e.start] = PGNode(e.start, ("Entity",), (("iri", e.start), ("label", e.start)))
    return sorted(nodes.values(), key=lambda n: n.key), sorted(edges.values(), key=lambda e: e.key)


# ---------------------------------------------------------------- Cypher

def cypher_string(text: str, dialect: str = "neo4j") -> str:
    """``text`` as a single-quoted Cypher string literal.

    openCypher escapes the backslash and the quote; Neo4j also reads ``\\uXXXX``, so control
    characters (newlines, tabs, U+2028) are written that way and a statement stays on one line.
    Kùzu reads no ``\\u`` escape, so the Kùzu dialect keeps them raw (its literals may span lines).
    """
    out = text.replace("\\", "\\\\").replace("'", "\\'")
    if dialect == "neo4j":
        out = "".join(f"\\u{ord(c):04x}" if (ord(c) < 0x20 or c in "\u2028\u2029\x7f") else c for c in out)
    return "'" + out + "'"


def cypher_name(name: str) -> str:
    """A label, type or property name, backquoted (a backquote inside is doubled)."""
    return "`" + name.replace("`", "``") + "`"


def _value(value, dialect: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v, dialect) for v in value) + "]"
    return cypher_string(str(value), dialect)


def _sets(var: str, props, dialect: str, skip: str) -> str:
    pairs = [f"{var}.{cypher_name(k)} = {_value(v, dialect)}" for k, v in props if k != skip]
    return (" SET " + ", ".join(pairs)) if pairs else ""


def _kuzu_ddl(edge_types: list[str]) -> list[str]:
    years = [(r, "string") for r in relations.names("year")]
    cols = ", ".join(f"{cypher_name(k)} {_KUZU_TYPES[t]}" for k, t in ENTITY_PROPS + tuple(years))
    out = [f"CREATE NODE TABLE IF NOT EXISTS Entity({cols}, PRIMARY KEY(iri));"]
    cols = ", ".join(f"{cypher_name(k)} {_KUZU_TYPES[t]}" for k, t in AMOUNT_PROPS)
    out.append(f"CREATE NODE TABLE IF NOT EXISTS MonetaryAmount({cols}, PRIMARY KEY(iri));")
    for name in edge_types:
        rel = relations.get(name)
        target = "MonetaryAmount" if rel.value == "money" else "Entity"
        props = EDGE_PROPS + (ROLE_PROPS if rel.value == "role" else ())
        cols = ", ".join(f"{cypher_name(k)} {_KUZU_TYPES[t]}" for k, t in props)
        out.append(f"CREATE REL TABLE IF NOT EXISTS {cypher_name(name)}(FROM Entity TO {target}, {cols});")
    return out


def cypher_script(g, dialect: str = "neo4j") -> bytes:
    """An idempotent Cypher script: MERGE on ``iri`` for nodes and on ``assertion`` for
    relationships, then SET of every property; running it twice changes nothing."""
    if dialect not in ("neo4j", "kuzu"):
        raise KGError(f"unknown Cypher dialect {dialect!r} (expected neo4j or kuzu)")
    nodes, edges = property_graph(g)
    label_of = {n.key: ("MonetaryAmount" if n.labels[0] == "MonetaryAmount" else "Entity") for n in nodes}
    lines = [f"// kg property graph: {len(nodes)} nodes, {len(edges)} relationships "
             f"({'Neo4j: cypher-shell -f FILE' if dialect == 'neo4j' else 'Kuzu'}); safe to run again"]
    if dialect == "kuzu":
        lines += _kuzu_ddl(sorted({e.type for e in edges} | set(relations.names("entity"))
                                  | set(relations.names("role")) | set(relations.names("money"))))
    else:
        lines += ["CREATE CONSTRAINT kg_entity_iri IF NOT EXISTS FOR (n:Entity) REQUIRE n.iri IS UNIQUE;",
                  "CREATE CONSTRAINT kg_amount_iri IF NOT EXISTS FOR (n:MonetaryAmount) REQUIRE n.iri IS UNIQUE;"]
    for n in nodes:
        head = cypher_name(n.labels[0])
        merge = f"MERGE (n:{head} {{iri: {cypher_string(n.key, dialect)}}})"
        if dialect == "neo4j" and len(n.labels) > 1:
            merge += " SET n" + "".join(":" + cypher_name(x) for x in n.labels[1:])
        lines.append(merge + _sets("n", n.props, dialect, "iri") + ";")
    for e in edges:
        a, b = cypher_name(label_of[e.start]), cypher_name(label_of[e.end])
        if dialect == "neo4j":
            match = (f"MATCH (a:{a} {{iri: {cypher_string(e.start, dialect)}}}) "
                     f"MATCH (b:{b} {{iri: {cypher_string(e.end, dialect)}}})")
        else:
            match = (f"MATCH (a:{a}), (b:{b}) WHERE a.iri = {cypher_string(e.start, dialect)} "
                     f"AND b.iri = {cypher_string(e.end, dialect)}")
        merge = f" MERGE (a)-[r:{cypher_name(e.type)} {{assertion: {cypher_string(e.key, dialect)}}}]->(b)"
        lines.append(match + merge + _sets("r", e.props, dialect, "assertion") + ";")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- neo4j-admin CSV

def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return str(value)


def _header(props, key_type: str) -> list[str]:
    out = []
    for name, typ in props:
        if name == "iri":
            out.append(f"iri:{key_type}")
        else:
            out.append(name if typ == "string" else f"{name}:{typ}")
    return out


def _table(header: list[str], names: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row[n]) if n in row else "" for n in names])
    return buf.getvalue().encode("utf-8")


def neo4j_csv_files(g) -> dict[str, bytes]:
    """File name -> content of the CSV files ``neo4j-admin database import full`` reads
    (``NEO4J_IMPORT_COMMAND``, written beside them as ``import.txt``). One ID space: IRIs are
    unique across nodes; ``:LABEL`` holds the labels separated by ``;``."""
    nodes, edges = property_graph(g)
    years = tuple((r, "string") for r in relations.names("year"))
    files: dict[str, bytes] = {}
    for fname, props, pick in ((NODE_FILES[0], ENTITY_PROPS + years, lambda n: n.labels[0] == "Entity"),
                               (NODE_FILES[1], AMOUNT_PROPS, lambda n: n.labels[0] == "MonetaryAmount")):
        names = [p for p, _ in props]
        rows = [{**dict(n.props), ":LABEL": ";".join(n.labels)} for n in nodes if pick(n)]
        files[fname] = _table(_header(props, "ID") + [":LABEL"], names + [":LABEL"], rows)
    props = EDGE_PROPS + ROLE_PROPS
    names = [":START_ID", ":END_ID", ":TYPE"] + [p for p, _ in props]
    header = names[:3] + _header(props, "")
    rows = [{":START_ID": e.start, ":END_ID": e.end, ":TYPE": e.type, **dict(e.props)} for e in edges]
    files[EDGE_FILE] = _table(header, names, rows)
    files["import.txt"] = (f"# {len(nodes)} nodes, {len(edges)} relationships; from this directory run:\n"
                           f"{NEO4J_IMPORT_COMMAND}\n").encode("utf-8")
    return files
