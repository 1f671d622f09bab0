"""kg.query.run_query and kg.export.export."""
from __future__ import annotations

import csv
import io
import json
import os

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from kg.errors import KGError, QueryError, StoreError
from kg.export import CSV_COLUMNS, EXPORT_FORMATS, export, serialize
from kg.model import Article, Entity, Evidence, Extraction, Fact, Money, Role
from kg.query import declared_prefixes, run_query, with_prefixes
from kg.rdf import article_graph, article_iri, entity_iri, merge_graphs
from kg.store import Store
from kg.vocab import KG, PREFIXES

TITLE = "威高国际医疗器械产业园落户青岛高新区"
S1 = "威高国际医疗器械产业园落户青岛高新区。"
S2 = "威高集团原董事长李四出席。"

PARK = Entity(id="Park/威高国际医疗器械产业园", label="威高国际医疗器械产业园", cls="Park")
ZONE = Entity(id="Park/青岛高新区", label="青岛高新区", cls="Park", alt_labels=("高新区",))
ORG = Entity(id="Organization/威高集团", label="威高集团", cls="Organization", kind="Company")
LI = Entity(id="Person/李四", label="李四", cls="Person")


def make(article_id: str, position: int, source: str = "seed-page.txt") -> Extraction:
    text = S1 + S2
    art = Article(id=article_id, text=text, source=source, position=position, title=TITLE)
    ev1 = Evidence(article_id, S1, 0, len(S1), "locatedIn/settle", 0.9)
    ev2 = Evidence(article_id, S2, len(S1), len(S1) + len(S2), "holdsRole/title", 0.8)
    facts = (Fact("locatedIn", PARK.id, ZONE.id, ev1),
             Fact("investment", PARK.id, Money(5e9, "CNY", "50亿元"), ev1),
             Fact("holdsRole", LI.id, Role("董事长", ORG.id, False), ev2))
    return Extraction(article=art, entities=(PARK, ZONE, ORG, LI), facts=facts)


EX1, EX2 = make("1", 1), make("2", 2, source="other.txt")
G1, G2 = article_graph(EX1), article_graph(EX2)
A1, A2 = article_iri(EX1.article), article_iri(EX2.article)
UNION = merge_graphs([G1, G2])


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "kg") as s:
        s.replace_articles([(A1, G1), (A2, G2)])
        yield s


# ---------------------------------------------------------------- query

LOCATED = "SELECT ?label ?zone WHERE { ?p kg:locatedIn ?z . ?p rdfs:label ?label . ?z rdfs:label ?zone }"


def test_select_table(store):
    assert run_query(store, LOCATED) == (
        "label                  | zone\n"
        "-----------------------+-----------\n"
        "威高国际医疗器械产业园 | 青岛高新区\n"
        "(1 row)\n")


def test_select_table_compacts_iris(store):
    out = run_query(store, "SELECT ?z WHERE { ?z rdfs:label \"青岛高新区\" }")
    assert out.splitlines()[2] == "kgr:park/" + str(entity_iri(ZONE)).rsplit("/", 1)[1]


def test_select_csv(store):
    assert run_query(store, LOCATED, "csv") == "label,zone\r\n威高国际医疗器械产业园,青岛高新区\r\n"


def test_select_json(store):
    data = json.loads(run_query(store, LOCATED, "json"))
    assert data == {"head": {"vars": ["label", "zone"]},
                    "results": {"bindings": [{"label": {"type": "literal", "value": "威高国际医疗器械产业园"},
                                              "zone": {"type": "literal", "value": "青岛高新区"}}]}}


def test_shared_triples_are_counted_once(store):
    out = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Park }", "csv")
    assert out == "n\r\n2\r\n"


@pytest.mark.parametrize("sparql, fmt, expected", [
    ("ASK { ?p kg:locatedIn ?z }", "table", "true\n"),
    ("ASK { ?p kg:listedOn ?z }", "table", "false\n"),
    ("ASK { ?p kg:locatedIn ?z }", "csv", "true\n"),
    ("ASK { ?p kg:locatedIn ?z }", "json", '{"head":{},"boolean":true}\n'),
])
def test_ask(store, sparql, fmt, expected):
    assert run_query(store, sparql, fmt) == expected


def test_construct_gives_turtle(store):
    out = run_query(store, "CONSTRUCT { ?p kg:locatedIn ?z } WHERE { ?p kg:locatedIn ?z }")
    g = Graph().parse(data=out, format="turtle")
    assert set(g) == {(entity_iri(PARK), KG.locatedIn, entity_iri(ZONE))}
    assert out.startswith("@prefix kg: <https://w3id.org/cnkg/ontology#> .\n")


def test_describe_gives_turtle(store):
    out = run_query(store, f"DESCRIBE <{entity_iri(ZONE)}>")
    g = Graph().parse(data=out, format="turtle")
    assert len(g) == 4              # type, label, altLabel, and kg:within 青岛市 (its name says so)
    assert (entity_iri(ZONE), RDFS.label, Literal("青岛高新区")) in g


def test_query_declared_prefix_wins(store):
    sparql = ('PREFIX kg: <http://example.org/other#> '
              'SELECT ?p WHERE { ?p kg:locatedIn ?z }')
    assert run_query(store, sparql, "csv") == "p\r\n"


@pytest.mark.parametrize("sparql", ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x ", "SELECT ?x WHERE { ?x nope:p ?o }"])
def test_parse_errors(store, sparql):
    with pytest.raises(QueryError, match="SPARQL syntax error: error at 1:"):
        run_query(store, sparql)


def test_updates_are_refused_as_updates(store):
    with pytest.raises(QueryError) as exc:
        run_query(store, "INSERT DATA { <http://a> <http://b> <http://c> }")
    assert str(exc.value).startswith("updates are not accepted by kg query (this is a SPARQL update: INSERT);")
    assert run_query(store, "ASK { GRAPH ?g { <http://a> ?p ?o } }") == "false\n"


def test_unknown_format(store):
    with pytest.raises(QueryError, match="unknown result format"):
        run_query(store, LOCATED, "xml")


def test_query_an_rdflib_graph():
    assert run_query(UNION, LOCATED, "csv") == "label,zone\r\n威高国际医疗器械产业园,青岛高新区\r\n"


def test_with_prefixes_only_adds_undeclared():
    sparql = "PREFIX kg: <http://x/>\nprefix rdfs:<http://y/>\nSELECT * {}"
    assert declared_prefixes(sparql) == {"kg", "rdfs"}
    out = with_prefixes(sparql)
    assert out.endswith(sparql)
    added = out[: -len(sparql)].splitlines()
    assert added == [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in ("kg", "rdfs")]


# ---------------------------------------------------------------- export: RDF formats

def test_turtle_is_the_union_graph(store, tmp_path):
    path = export(store, "turtle", tmp_path / "kg.ttl")
    g = Graph().parse(path, format="turtle")
    assert isomorphic(g, UNION)
    assert len(g) == store.triple_count() == len(UNION)


def test_turtle_is_byte_identical_across_runs_and_sources(store, tmp_path):
    first = export(store, "turtle", tmp_path / "a.ttl").read_bytes()
    second = export(store, "turtle", tmp_path / "b.ttl").read_bytes()
    from_graph = serialize(merge_graphs([G2, G1]), "turtle")
    assert first == second == from_graph
    reparsed = Graph().parse(data=first.decode("utf-8"), format="turtle")
    assert serialize(reparsed, "turtle") == first


def test_turtle_has_no_escaped_prefixed_names(store):
    text = export(store, "turtle")
    assert "\\/" not in text
    assert "kgr:" not in text


def test_nt_is_sorted(store):
    lines = export(store, "nt").splitlines()
    assert len(lines) == len(UNION)
    assert lines == sorted(lines, key=lambda line: (line.split(" ")[0], "22-rdf-syntax-ns#type" not in line.split(" ")[1], line))


@pytest.mark.parametrize("fmt, rdflib_format", [("trig", "trig"), ("nquads", "nquads")])
def test_trig_and_nquads_keep_article_graphs(store, fmt, rdflib_format):
    text = export(store, fmt)
    ds = Dataset()
    ds.parse(data=text, format=rdflib_format)
    names = {g.identifier for g in ds.graphs() if isinstance(g.identifier, URIRef) and g.identifier in (A1, A2)}
    assert names == {A1, A2}
    assert set(ds.graph(A1)) == set(G1)
    assert set(ds.graph(A2)) == set(G2)
    assert len(ds.default_graph) == 0
    assert export(store, fmt) == text


def test_jsonld_round_trips(store):
    text = export(store, "jsonld")
    doc = json.loads(text)
    assert doc["@context"]["kg"] == PREFIXES["kg"]
    g = Graph().parse(data=text, format="json-ld")
    assert isomorphic(g, UNION)


# ---------------------------------------------------------------- export: graphml and csv

def test_graphml(store, tmp_path):
    path = export(store, "graphml", tmp_path / "kg.graphml")
    g = nx.read_graphml(path)
    park, zone, org, li = (str(entity_iri(e)) for e in (PARK, ZONE, ORG, LI))
    assert g.nodes[park]["label"] == "威高国际医疗器械产业园"
    assert g.nodes[park]["class"] == "Park"
    assert g.nodes[org]["class"] == "Organization"
    assert g.nodes[org]["kind"] == "Company"
    assert g.nodes[zone]["altLabels"] == "高新区"
    edges = sorted((s, o, d["relation"]) for s, o, d in g.edges(data=True))
    amount = next(n for n, d in g.nodes(data=True) if d["class"] == "MonetaryAmount")
    assert g.nodes[amount]["label"] == "50亿元"
    assert g.nodes[amount]["value"] == 5e9
    assert edges == sorted([(park, zone, "locatedIn"), (park, amount, "investment"), (li, org, "holdsRole")])
    (role,) = [d for s, o, d in g.edges(data=True) if d["relation"] == "holdsRole"]
    assert (role["roleTitle"], role["current"]) == ("董事长", False)
    # article creators are not in this sample: 4 entities + 1 amount
    assert g.number_of_nodes() == 5
    assert serialize(store, "graphml") == path.read_bytes()


def test_csv_one_row_per_fact(store):
    rows = list(csv.DictReader(io.StringIO(export(store, "csv"))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == 6  # 3 facts x 2 articles
    located = [r for r in rows if r["relation"] == "locatedIn"]
    assert [(r["subject"], r["object"], r["article_title"], r["article_source"], r["evidence"], r["confidence"],
             r["char_start"], r["char_end"], r["extractor"]) for r in located] == [
        ("威高国际医疗器械产业园", "青岛高新区", TITLE, src, S1, "0.9", "0", str(len(S1)), "locatedIn/settle")
        for src in ("other.txt", "seed-page.txt")]
    role = next(r for r in rows if r["relation"] == "holdsRole")
    assert (role["subject"], role["subject_class"], role["object"], role["role_title"], role["current"]) == \
        ("李四", "Person", "威高集团", "董事长", "false")
    money = next(r for r in rows if r["relation"] == "investment")
    assert (money["object"], money["value"], money["currency"]) == ("50亿元", "5000000000", "CNY")


# ---------------------------------------------------------------- export: files

def test_export_writes_atomically_and_overwrites(store, tmp_path):
    target = tmp_path / "out" / "kg.ttl"
    export(store, "turtle", target)
    target.write_text("old", encoding="utf-8")
    export(store, "turtle", target)
    assert target.read_bytes() == serialize(store, "turtle")
    assert sorted(os.listdir(target.parent)) == ["kg.ttl"]


def test_export_to_a_directory_fails(store, tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        export(store, "turtle", tmp_path)


def test_export_into_a_file_as_directory_fails(store, tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(StoreError, match="cannot write export"):
        export(store, "turtle", tmp_path / "f" / "kg.ttl")


@pytest.mark.parametrize("fmt", ["xml", "rdfxml", ""])
def test_unknown_export_format(store, fmt):
    with pytest.raises(KGError, match="unknown export format"):
        export(store, fmt)


@pytest.mark.parametrize("alias, fmt", [("ttl", "turtle"), ("nq", "nquads"), ("json-ld", "jsonld"), ("ntriples", "nt")])
def test_format_aliases(store, alias, fmt):
    assert serialize(store, alias) == serialize(store, fmt)


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f != "neo4j-csv"])   # a directory: test_export_pg
def test_every_format_is_utf8_and_deterministic(store, fmt):
    data = serialize(store, fmt)
    assert "青岛高新区" in data.decode("utf-8")
    assert serialize(store, fmt) == data


# ---------------------------------------------------------------- streamed Turtle / N-Triples

def many_articles(n: int = 40):
    return [(article_iri(make(str(i), i).article), article_graph(make(str(i), i))) for i in range(n)]


@pytest.mark.parametrize("run,piece", [(7, 3), (50, 1), (64, 100), (10**6, 10**6)])
def test_turtle_and_nt_sorted_in_spilled_runs_and_pieces_equal_one_sort(tmp_path, monkeypatch, run, piece):
    """Small runs (many spilled and merged) and small pieces give the bytes of one
    in-memory sort serialised at once."""
    import pyoxigraph as ox

    import kg.export as kx

    with Store(tmp_path / "kg") as st:
        st.replace_articles(many_articles())
        one_sort = sorted(st.union_triples(), key=kx._triple_key)
        assert len(one_sort) > 200
        whole_ttl = kx._prefixed(one_sort, ox.RdfFormat.TURTLE)
        whole_nt = ox.serialize(one_sort, format=ox.RdfFormat.N_TRIPLES)
        monkeypatch.setattr(kx, "_RUN", run)
        monkeypatch.setattr(kx, "_PIECE", piece)
        pieces = list(kx._pieces(st, "turtle"))
        if piece == 1:
            assert len(pieces) == len({t.subject for t in one_sort})      # a piece per subject
        assert (len(pieces) == 1) == (piece >= len(one_sort))
        assert b"".join(pieces) == whole_ttl
        assert serialize(st, "nt") == whole_nt
        assert export(st, "turtle", tmp_path / "kg.ttl").read_bytes() == whole_ttl
        assert export(st, "turtle") == whole_ttl.decode("utf-8")


def test_empty_store_exports_as_before(tmp_path):
    import pyoxigraph as ox

    import kg.export as kx

    with Store(tmp_path / "kg") as st:
        assert serialize(st, "turtle") == kx._prefixed([], ox.RdfFormat.TURTLE) == b""
        assert serialize(st, "nt") == b""


def test_a_failure_in_a_later_piece_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    import kg.export as kx

    target = tmp_path / "out" / "kg.ttl"
    target.parent.mkdir()
    target.write_bytes(b"old content\n")
    real = kx._without_prefixes

    def fail_later(items, fmt):
        raise ValueError("serialiser failed")

    with Store(tmp_path / "kg") as st:
        st.replace_articles(many_articles())
        monkeypatch.setattr(kx, "_PIECE", 10)
        monkeypatch.setattr(kx, "_without_prefixes", lambda items, fmt: (
            fail_later(items, fmt) if items and str(items[0].subject) > "<https://w3id.org/cnkg/id/e" else
            real(items, fmt)))
        with pytest.raises(StoreError, match="serialiser failed"):
            export(st, "turtle", target)
    assert target.read_bytes() == b"old content\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["kg.ttl"]
