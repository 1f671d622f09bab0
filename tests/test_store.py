"""kg.store: the on-disk pyoxigraph store, one named graph per article."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.errors import QueryError, StoreError
from kg.model import Article, Entity, Evidence, Extraction, Fact
from kg.rdf import article_graph, article_iri, entity_iri, merge_graphs
from kg.store import LOCK_NAME, Store, from_oxigraph, to_oxigraph
from kg.vocab import KG

ROOT = Path(__file__).resolve().parent.parent

PARK = Entity(id="Park/威高国际医疗器械产业园", label="威高国际医疗器械产业园", cls="Park")
ZONE = Entity(id="Park/青岛高新区", label="青岛高新区", cls="Park", alt_labels=("高新区",))


def extraction(article_id: str, source: str = "seed-page.txt", position: int = 1) -> Extraction:
    text = "威高国际医疗器械产业园落户青岛高新区。"
    art = Article(id=article_id, text=text, source=source, position=position,
                  title="威高国际医疗器械产业园落户青岛高新区")
    ev = Evidence(article_id, text, 0, len(text), "locatedIn/settle", 0.9)
    return Extraction(article=art, entities=(PARK, ZONE), facts=(Fact("locatedIn", PARK.id, ZONE.id, ev),))


EX1, EX2, EX3 = extraction("1"), extraction("2", position=2), extraction("1", source="other.jsonl")
G1, G2, G3 = (article_graph(e) for e in (EX1, EX2, EX3))
A1, A2, A3 = (article_iri(e.article) for e in (EX1, EX2, EX3))
PER_ARTICLE = len(G1)          # 6 article (type, identifier, title, source, position, text) + 2 + 3 entity + 1 fact + 10 assertion
                               # + the park's kg:within 青岛市 and 青岛市's skos:notation (its name says where it is)
SHARED = 8                     # entity triples (2 + 3), the within and notation triples, the locatedIn triple


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "kg") as s:
        yield s


def test_sample_sizes():
    assert PER_ARTICLE == 24
    assert len(set(G1) & set(G2)) == SHARED


# ---------------------------------------------------------------- writing

def test_replace_article_writes_one_named_graph(store):
    store.replace_article(A1, G1)
    assert store.articles() == [A1]
    assert store.quad_count() == PER_ARTICLE
    assert store.triple_count() == PER_ARTICLE
    assert set(store.article_graph(A1)) == set(G1)


def test_replace_article_twice_does_not_duplicate(store):
    store.replace_article(A1, G1)
    store.replace_article(A1, G1)
    assert store.quad_count() == PER_ARTICLE


def test_replace_article_removes_old_triples(store):
    store.replace_article(A1, G1)
    smaller = Graph()
    smaller.add((A1, RDF.type, KG.Article))
    store.replace_article(A1, smaller)
    assert store.quad_count() == 1
    assert set(store.article_graph(A1)) == {(A1, RDF.type, KG.Article)}


def test_replace_articles_in_one_call(store):
    store.replace_articles([(A1, G1), (A2, G2), (A3, G3)])
    assert store.articles() == sorted([A1, A2, A3])
    assert store.quad_count() == 3 * PER_ARTICLE
    assert store.triple_count() == 3 * PER_ARTICLE - 2 * SHARED


def test_union_graph_merges_duplicates(store):
    store.replace_articles([(A1, G1), (A2, G2)])
    union = store.union_graph()
    assert len(union) == 2 * PER_ARTICLE - SHARED
    assert isomorphic(union, merge_graphs([G1, G2]))


def test_dataset_keeps_named_graphs(store):
    store.replace_articles([(A1, G1), (A2, G2)])
    ds = store.dataset()
    names = sorted(g.identifier for g in ds.graphs() if g.identifier in (A1, A2))
    assert names == sorted([A1, A2])
    assert set(ds.graph(A1)) == set(G1)
    assert set(ds.graph(A2)) == set(G2)


def test_remove_by_iri(store):
    store.replace_articles([(A1, G1), (A2, G2)])
    assert store.remove(A1) == [A1]
    assert store.articles() == [A2]
    assert store.quad_count() == PER_ARTICLE


def test_remove_by_source(store):
    store.replace_articles([(A1, G1), (A2, G2), (A3, G3)])
    assert store.remove("seed-page.txt") == sorted([A1, A2])
    assert store.articles() == [A3]
    assert store.remove("other.jsonl") == [A3]
    assert store.articles() == []
    assert store.quad_count() == 0


def test_remove_nothing(store):
    store.replace_article(A1, G1)
    assert store.remove("missing.txt") == []
    assert store.remove("https://w3id.org/cnkg/id/article/0000") == []
    assert store.articles() == [A1]


def test_blank_nodes_are_refused_and_nothing_is_written(store):
    g = Graph()
    g.add((A1, RDF.type, KG.Article))
    g.add((BNode(), RDFS.label, Literal("x")))
    with pytest.raises(StoreError, match="blank nodes"):
        store.replace_article(A1, g)
    assert store.quad_count() == 0


# ---------------------------------------------------------------- terms

LITERALS = [
    Literal("plain"),
    Literal(""),
    Literal('引号"与\\反斜杠'),
    Literal("多行\n文本\r\n\t制表"),
    Literal("\u2028分隔\u2029段落\x01控制"),
    Literal("emoji 😀 𠀀"),
    Literal("青岛", lang="zh"),
    Literal("Qingdao", lang="en-GB"),
    Literal(5000000000),
    Literal("0.9", datatype=XSD.decimal),
    Literal(True),
    Literal("1988", datatype=XSD.gYear),
    Literal("2023-05-01", datatype=XSD.date),
    Literal("1.5E3", datatype=XSD.double),
    Literal("x", datatype=URIRef("http://example.org/custom")),
]


@pytest.mark.parametrize("literal", LITERALS, ids=range(len(LITERALS)))
def test_literals_round_trip_through_the_store(store, literal):
    g = Graph()
    g.add((A1, RDFS.comment, literal))
    store.replace_article(A1, g)
    (stored,) = [o for _, _, o in store.article_graph(A1)]
    expected_lang = literal.language.lower() if literal.language else None  # tags are case-insensitive
    assert (str(stored), stored.language, stored.datatype) == (str(literal), expected_lang, literal.datatype)


def test_term_conversion():
    assert to_oxigraph(URIRef("http://e/x")) == ox.NamedNode("http://e/x")
    assert to_oxigraph(Literal("a")) == ox.Literal("a")
    assert to_oxigraph(Literal("a", lang="zh")) == ox.Literal("a", language="zh")
    assert from_oxigraph(ox.Literal("a")) == Literal("a")
    assert from_oxigraph(ox.Literal("a")).datatype is None
    with pytest.raises(StoreError):
        to_oxigraph(BNode())


# ---------------------------------------------------------------- query

def test_query_uses_union_of_named_graphs_and_prefixes(store):
    store.replace_articles([(A1, G1), (A2, G2)])
    result = store.query('SELECT DISTINCT ?p WHERE { ?p kg:locatedIn ?z . ?z rdfs:label "青岛高新区" }')
    assert [s["p"].value for s in result] == [str(entity_iri(PARK))]
    rows = list(store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"))
    assert rows[0]["n"].value == "2"


def test_query_located_in(store):
    store.replace_article(A1, G1)
    rows = list(store.query('SELECT ?label WHERE { ?p kg:locatedIn ?z . ?z rdfs:label "青岛高新区" . ?p rdfs:label ?label }'))
    assert [r["label"].value for r in rows] == ["威高国际医疗器械产业园"]


def test_query_syntax_error(store):
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        store.query("SELECT ?x WHERE { ?x ")


# ---------------------------------------------------------------- opening, locking, read-only

def test_persists_across_reopen(tmp_path):
    path = tmp_path / "kg"
    with Store(path) as s:
        s.replace_article(A1, G1)
    with Store(path) as s:
        assert s.articles() == [A1]
        assert s.quad_count() == PER_ARTICLE


def test_path_is_a_file(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        Store(path)
    with pytest.raises(StoreError, match="not a directory"):
        Store(path, read_only=True)


def test_directory_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(StoreError, match="not a kg store"):
        Store(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_creates_missing_parents(tmp_path):
    with Store(tmp_path / "a" / "b" / ".kg") as s:
        assert s.articles() == []
    assert (tmp_path / "a" / "b" / ".kg" / LOCK_NAME).is_file()


def test_second_writer_is_refused(tmp_path):
    path = tmp_path / "kg"
    with Store(path):
        with pytest.raises(StoreError, match="in use by another process"):
            Store(path)
        with pytest.raises(StoreError, match="being written"):
            Store(path, read_only=True)
    with Store(path) as again:          # the lock is released on close
        assert again.articles() == []


def test_writer_in_another_process_is_refused(tmp_path):
    path = tmp_path / "kg"
    with Store(path) as s:
        s.replace_article(A1, G1)
    code = textwrap.dedent(f"""
        import sys
        from kg.store import Store
        from kg.errors import StoreError
        try:
            Store({str(path)!r})
        except StoreError as e:
            print("refused:", e)
            sys.exit(3)
    """)
    with Store(path):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 3, proc.stderr
    assert "in use by another process" in proc.stdout


def test_read_only_missing_store(tmp_path):
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "missing", read_only=True)
    assert not (tmp_path / "missing").exists()


def _snapshot(path: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in path.iterdir()}


def test_read_only_never_modifies_the_store(tmp_path):
    path = tmp_path / "kg"
    with Store(path) as s:
        s.replace_articles([(A1, G1), (A2, G2)])
    before = _snapshot(path)
    with Store(path, read_only=True) as ro:
        assert ro.is_read_only
        assert ro.articles() == sorted([A1, A2])
        assert len(list(ro.query("SELECT * WHERE { ?s ?p ?o }"))) == 2 * PER_ARTICLE - SHARED
        with pytest.raises(StoreError, match="read-only"):
            ro.replace_article(A1, G1)
        with pytest.raises(StoreError, match="read-only"):
            ro.remove(A1)
    assert _snapshot(path) == before


def test_two_readers_may_share(tmp_path):
    path = tmp_path / "kg"
    with Store(path) as s:
        s.replace_article(A1, G1)
    with Store.open_read_only(path) as r1, Store.open_read_only(path) as r2:
        assert r1.articles() == r2.articles() == [A1]
        with pytest.raises(StoreError, match="in use"):
            Store(path)


def test_closed_store_raises(tmp_path):
    s = Store(tmp_path / "kg")
    s.close()
    s.close()  # idempotent
    assert s.closed
    with pytest.raises(StoreError, match="closed"):
        s.articles()


# ---------------------------------------------------------------- the union graph is a set

def test_query_counts_shared_triples_once(store):
    store.replace_articles([(A1, G1), (A2, G2), (A3, G3)])
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Park }"))
    assert rows[0]["n"].value == "2"
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e a kg:Park } }"))
    assert rows[0]["n"].value == "6"


def test_union_keeps_triples_another_article_still_holds(store):
    store.replace_articles([(A1, G1), (A2, G2)])
    store.replace_article(A1, Graph())          # A1 now empty
    assert set(store.union_graph()) == set(G2)
    store.remove(A2)
    assert store.triple_count() == 0
    assert len(store.union_graph()) == 0


def test_union_after_remove_by_source(store):
    store.replace_articles([(A1, G1), (A2, G2), (A3, G3)])
    store.remove("seed-page.txt")
    assert set(store.union_graph()) == set(G3)
    assert store.triple_count() == PER_ARTICLE


def test_rebuild_union_is_a_no_op_on_a_consistent_store(store):
    store.replace_articles([(A1, G1), (A2, G2)])
    before = set(store.union_graph())
    store.rebuild_union()
    assert set(store.union_graph()) == before
    assert store.triple_count() == 2 * PER_ARTICLE - SHARED


def test_union_is_rebuilt_for_a_store_written_without_it(tmp_path):
    path = tmp_path / "kg"
    raw = ox.Store(str(path))
    raw.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(str(A1))) for s, p, o in G1)
    raw.flush()
    del raw
    with Store(path) as s:
        assert s.triple_count() == PER_ARTICLE
        assert set(s.union_graph()) == set(G1)


def test_article_bodies_are_written_as_pyoxigraph_writes_every_term():
    """kg.store._graph_body writes most literals itself: the same text as pyoxigraph's for every
    code point, plain, typed and with a language, and the same body as _body(_quads(...))."""
    import logging

    from rdflib.namespace import XSD

    from kg.store import _body, _graph_body, _literal_nt, _quads, to_oxigraph

    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)     # ill-typed forms below are on purpose
    odd = "".join(chr(c) for c in range(0x20)) + "\"\\\x7f\ufffe\uffff\u2028\ufeff\U0001f600中 "
    for c in list(range(0xD800)) + list(range(0xE000, 0x110000, 7)) + [0xFFFE, 0xFFFF]:
        term = Literal(f"a{chr(c)}b")
        assert _literal_nt(term) == str(to_oxigraph(term)), hex(c)
    for ch in odd:
        for term in (Literal(ch, datatype=XSD.integer), Literal(f"2024{ch}", datatype=XSD.gYear),
                     Literal(ch, lang="zh"), Literal(ch, datatype=URIRef("https://example.org/t"))):
            assert _literal_nt(term) == str(to_oxigraph(term)), repr(term)
    g = Graph()
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    for i, ch in enumerate(odd):
        g.add((s, p, Literal(f"{i}{ch}")))
        g.add((s, p, Literal(str(i), datatype=XSD.integer)))
    g.add((s, p, URIRef("https://example.org/o")))
    name = ox.NamedNode("https://example.org/g")
    assert _graph_body(name, g) == _body(_quads(name, g))
