"""The property-graph exports (kg/export_pg.py): Cypher for Neo4j and Kuzu, neo4j-admin CSV.

No Neo4j server runs here, so the Cypher is loaded into Kuzu, an embedded openCypher engine,
and compared with the same questions asked in SPARQL of kg's own store; the CSV files are
checked against the header rules neo4j-admin documents.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg import api
from kg.errors import KGError
from kg.export import EXPORT_FORMATS, export, serialize
from kg.export_pg import (ARRAY_DELIMITER, NEO4J_IMPORT_COMMAND, cypher_name, cypher_script,
                          cypher_string, neo4j_csv_files, property_graph)
from kg.store import Store
from kg.vocab import KG, ORG_KINDS

kuzu = pytest.importorskip("kuzu", reason="kuzu (a test extra) is not installed")

DATA = Path(__file__).resolve().parents[1] / "data"
PREFIX = "PREFIX kg: <https://w3id.org/cnkg/ontology#>\n"
TWO_HOP_SPARQL = PREFIX + """SELECT DISTINCT ?p ?o ?k WHERE {
  ?p kg:holdsRole ?pos . ?pos kg:organization ?o . ?o kg:locatedIn ?k . ?k a kg:Park }"""
TWO_HOP_CYPHER = ("MATCH (p:Entity)-[:holdsRole]->(o:Entity)-[:locatedIn]->(k:Entity) "
                  "WHERE k.class = 'Park' RETURN DISTINCT p.iri, o.iri, k.iri")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample page built into a store: (store path, its union graph)."""
    root = tmp_path_factory.mktemp("pg")
    store = root / "kg"
    api.build([str(DATA)], store=store, out=root / "exports", validate=False, html=False)
    def select(sparql):           # asked of kg's own store, through kg query
        result = json.loads(api.query(sparql, store, "json"))
        return [tuple(b[v]["value"] for v in result["head"]["vars"]) for b in result["results"]["bindings"]]

    with Store(store) as s:
        g = s.union_graph()
    two_hop = set(select(TWO_HOP_SPARQL))
    assertions = {p.rsplit("#", 1)[1]: int(n) for p, n in select(
        PREFIX + "SELECT ?p (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion ; "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p } GROUP BY ?p")}
    return store, g, two_hop, assertions


def load_kuzu(path: Path, script: bytes):
    conn = kuzu.Connection(kuzu.Database(str(path)))
    conn.execute(script.decode("utf-8"))
    return conn


def rows(conn, q) -> list:
    return conn.execute(q).get_all()


def dump(conn) -> tuple:
    nodes = sorted(map(repr, rows(conn, "MATCH (n) RETURN n")))
    rels = sorted(map(repr, rows(conn, "MATCH (a)-[r]->(b) RETURN a.iri, r, b.iri")))
    return nodes, rels


# ---------------------------------------------------------------- Kuzu: the whole loop

def test_sample_loads_into_kuzu_with_the_counts_of_the_store(sample, tmp_path):
    store, g, two_hop, assertions = sample
    with Store(store) as s:
        out = export(s, "cypher-kuzu", tmp_path / "kg.cypher")
    conn = load_kuzu(tmp_path / "db", out.read_bytes())
    entity_types = {KG[c] for c in ("Person", "Organization", "Park", "Place", "Project", "Event", *ORG_KINDS)}
    entities = {s for s, t in g.subject_objects(RDF.type) if t in entity_types}
    assert rows(conn, "MATCH (n:Entity) RETURN count(n)")[0][0] == len(entities)
    amounts = set(g.subjects(RDF.type, KG.MonetaryAmount))
    assert rows(conn, "MATCH (n:MonetaryAmount) RETURN count(n)")[0][0] == len(amounts)
    for rel, n in assertions.items():
        if rel == "foundingYear":           # a node property, not a relationship
            assert rows(conn, "MATCH (n:Entity) WHERE n.foundingYear IS NOT NULL RETURN count(n)")[0][0] == n
            continue
        assert rows(conn, f"MATCH ()-[r:{rel}]->() RETURN count(r)")[0][0] == n, rel
    assert {tuple(r) for r in rows(conn, TWO_HOP_CYPHER)} == two_hop
    assert len(two_hop) == 1


def test_a_role_of_the_sample_is_a_relationship_with_its_title_and_evidence(sample, tmp_path):
    store, g, _, _ = sample
    conn = load_kuzu(tmp_path / "db", cypher_script(g, "kuzu"))
    got = rows(conn, "MATCH (p:Entity)-[r:holdsRole]->(o:Entity) WHERE p.label = 'Erik Lassila' "
                     "RETURN o.label, o.class, r.roleTitle, r.current, r.evidence, r.articleSource, "
                     "r.extractor")
    assert got == [["美国盛景资本", "Organization", "首席执行官", True,
                    "美国盛景资本首席执行官Erik Lassila提出,风险投资在全球领域的合作将促使更多企业以携手合作的经营方式获得商业成功,这将成为未来的重要趋势。",
                    "seed-page.txt", "holdsRole/org-title-person"]]


def test_loading_the_script_twice_changes_nothing(sample, tmp_path):
    _, g, _, _ = sample
    script = cypher_script(g, "kuzu")
    conn = load_kuzu(tmp_path / "db", script)
    once = dump(conn)
    conn.execute(script.decode("utf-8"))
    assert dump(conn) == once
    assert len(once[1]) == sum(1 for _ in g.subjects(RDF.type, KG.Assertion)
                               if g.value(_, RDF.predicate) != KG.foundingYear)


def test_the_export_is_the_same_bytes_twice(sample):
    store, g, _, _ = sample
    with Store(store) as s:
        assert serialize(s, "cypher") == serialize(s, "cypher") == cypher_script(g, "neo4j")


# ---------------------------------------------------------------- escaping

NASTY = ["它's", 'say "hi"', "back\\slash", "line\nbreak", "tab\tand\r", "brace } { ]",
         "\u2028sep", "`tick`", "semi; colon // not a comment", "\\'", "'", "\\", "\x00nul"]


def one_entity_graph(label: str, alt: str = "alt") -> Graph:
    g = Graph()
    e = URIRef("https://w3id.org/cnkg/id/organization/x'y")
    g.add((e, RDF.type, KG.Organization))
    g.add((e, RDFS.label, Literal(label)))
    g.add((e, SKOS.altLabel, Literal(alt)))
    return g


@pytest.mark.parametrize("label", NASTY)
def test_labels_that_break_pasted_strings_arrive_intact_in_kuzu(label, tmp_path):
    conn = load_kuzu(tmp_path / "db", cypher_script(one_entity_graph(label, label + "!"), "kuzu"))
    assert rows(conn, "MATCH (n:Entity) RETURN n.iri, n.label, n.altLabels") == [
        ["https://w3id.org/cnkg/id/organization/x'y", label, [label + "!"]]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30))
def test_any_text_round_trips_through_kuzu(tmp_path_factory, text):
    conn = load_kuzu(tmp_path_factory.mktemp("k") / "db", cypher_script(one_entity_graph(text), "kuzu"))
    assert rows(conn, "MATCH (n:Entity) RETURN n.label") == [[text]]


def decode_cypher_literal(lit: str) -> str:
    """A reader of openCypher string literals, as the Cypher manual defines their escapes."""
    assert lit[0] == lit[-1] == "'"
    out, i, body = [], 0, lit[1:-1]
    simple = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
    while i < len(body):
        c = body[i]
        if c == "'":
            raise AssertionError(f"unescaped quote in {lit!r}")
        if c != "\\":
            out.append(c)
            i += 1
        elif body[i + 1] == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        else:
            out.append(simple[body[i + 1]])
            i += 2
    return "".join(out)


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_neo4j_literals_decode_to_the_text_and_stay_on_one_line(text):
    lit = cypher_string(text, "neo4j")
    assert decode_cypher_literal(lit) == text
    assert not re.search(r"[\x00-\x1f\u2028\u2029]", lit)


def test_names_are_backquoted():
    assert cypher_name("holdsRole") == "`holdsRole`"
    assert cypher_name("a`b") == "`a``b`"


def test_neo4j_script_merges_on_keys_and_sets_labels(sample):
    _, g, _, _ = sample
    lines = cypher_script(g, "neo4j").decode("utf-8").splitlines()
    assert lines[1] == "CREATE CONSTRAINT kg_entity_iri IF NOT EXISTS FOR (n:Entity) REQUIRE n.iri IS UNIQUE;"
    nodes, edges = property_graph(g)
    assert len(lines) == 3 + len(nodes) + len(edges)
    assert all(line.startswith(("MERGE (n:", "MATCH (a:")) and line.endswith(";") for line in lines[3:])
    role = next(line for line in lines if "Erik Lassila" in line)
    assert "SET n:`Person`" in role and "MERGE (n:`Entity` {iri: 'https://w3id.org/cnkg/id/person/" in role
    assert sum("CREATE" in line for line in lines[3:]) == 0


def test_unknown_dialect_is_refused():
    with pytest.raises(KGError, match="unknown Cypher dialect 'gremlin' \\(expected neo4j or kuzu\\)"):
        cypher_script(Graph(), "gremlin")


# ---------------------------------------------------------------- neo4j-admin CSV

NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string",
               "point", "date", "localtime", "time", "localdatetime", "datetime", "duration"}
HEADER_FIELD = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?::(?P<kind>ID|LABEL|START_ID|END_ID|TYPE|IGNORE)"
                          r"(?:\((?P<space>[^)]*)\))?|:(?P<type>[a-z]+)(?P<array>\[\])?)?$")


def parse_header(fields: list[str]) -> list[dict]:
    """neo4j-admin's header rules: name[:type][[]] or name:ID(space) or :LABEL/:START_ID/:END_ID/:TYPE."""
    parsed = []
    for f in fields:
        m = HEADER_FIELD.match(f)
        assert m, f"bad header field {f!r}"
        d = m.groupdict()
        if d["type"]:
            assert d["type"] in NEO4J_TYPES, f
        if d["kind"] in ("LABEL", "START_ID", "END_ID", "TYPE"):
            assert d["name"] is None, f"{f}: these columns take no property name"
        assert d["name"] or d["kind"], f
        parsed.append(d)
    return parsed


def read_csv(data: bytes) -> tuple[list[dict], list[list[str]]]:
    table = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return parse_header(table[0]), table[1:]


def test_neo4j_csv_files_follow_the_import_header_rules(sample, tmp_path):
    store, g, _, assertions = sample
    with Store(store) as s:
        out = export(s, "neo4j-csv", tmp_path / "neo4j")
    assert sorted(p.name for p in out.iterdir()) == ["import.txt", "nodes-amounts.csv", "nodes-entities.csv",
                                                     "relationships.csv"]
    ids = set()
    for name in ("nodes-entities.csv", "nodes-amounts.csv"):
        header, body = read_csv((out / name).read_bytes())
        kinds = [h["kind"] for h in header]
        assert kinds.count("ID") == 1 and kinds.count("LABEL") == 1
        col = kinds.index("ID")
        for row in body:
            assert len(row) == len(header)
            assert row[col] not in ids
            ids.add(row[col])
            labels = row[kinds.index("LABEL")].split(";")
            assert labels[0] in ("Entity", "MonetaryAmount")
    header, body = read_csv((out / "relationships.csv").read_bytes())
    kinds = [h["kind"] for h in header]
    s, e, t = kinds.index("START_ID"), kinds.index("END_ID"), kinds.index("TYPE")
    assert all(row[s] in ids and row[e] in ids for row in body)
    counts = {}
    for row in body:
        counts[row[t]] = counts.get(row[t], 0) + 1
    assert counts == {k: v for k, v in assertions.items() if k != "foundingYear"}
    typed = {h["name"]: h["type"] for h in header if h["type"]}
    assert typed == {"charStart": "long", "charEnd": "long", "confidence": "double", "current": "boolean"}
    assert (out / "import.txt").read_text(encoding="utf-8").splitlines()[1] == NEO4J_IMPORT_COMMAND


def test_neo4j_csv_is_the_same_bytes_twice(sample, tmp_path):
    store, _, _, _ = sample
    with Store(store) as s:
        a, b = export(s, "neo4j-csv", tmp_path / "a"), export(s, "neo4j-csv", tmp_path / "b")
    for name in ("import.txt", "nodes-amounts.csv", "nodes-entities.csv", "relationships.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert "青岛高新区" in (a / "nodes-entities.csv").read_text(encoding="utf-8")


def test_csv_arrays_use_the_declared_delimiter():
    g = one_entity_graph("甲公司", "甲;乙|丙")
    g.add((URIRef("https://w3id.org/cnkg/id/organization/x'y"), SKOS.altLabel, Literal("丁")))
    header, body = read_csv(neo4j_csv_files(g)["nodes-entities.csv"])
    col = [h["name"] for h in header].index("altLabels")
    assert header[col]["type"] == "string" and header[col]["array"] == "[]"
    assert body[0][col].split(ARRAY_DELIMITER) == ["丁", "甲;乙|丙"]
    assert "--array-delimiter=U+001F" in NEO4J_IMPORT_COMMAND


def test_neo4j_csv_needs_a_directory(sample, tmp_path):
    store, _, _, _ = sample
    with pytest.raises(KGError, match="neo4j-csv writes several files: give a directory"):
        api.export("neo4j-csv", store, None)
    (tmp_path / "file").write_text("x")
    with pytest.raises(KGError, match="cannot write export: not a directory"):
        api.export("neo4j-csv", store, tmp_path / "file")


def test_the_cli_offers_the_property_graph_formats():
    assert {"cypher", "cypher-kuzu", "neo4j-csv"} <= set(EXPORT_FORMATS)
