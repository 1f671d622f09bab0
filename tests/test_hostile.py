"""Hostile text: markup, quotes, triple quotes, `>`, newlines and SPARQL-looking
text go through ingest, the store, every RDF export and SPARQL unchanged.

Terms are written by rdflib / pyoxigraph, never pasted into Turtle or SPARQL
text, so a literal comes back equal to what was read, character for character.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg import api
from kg.ingest import read_source
from kg.store import Store
from kg.vocab import SCHEMA

HOSTILE_TITLE = '<script>alert("x")</script> & \'单\' "双" """三""" > <'
HOSTILE_TEXT = ('张伟说:"""<b>华为</b>""" > 50亿元 \\ \'\'\' \\" \\u0022。\n'
                '" . } ; DROP ALL ; INSERT DATA { <http://evil/> <http://evil/> "x" } #\n'
                '第三行 </script><img src=x onerror=alert(1)> ]]> -->。')
HOSTILE_ID = 'id "with" <angle> \n newline'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    src = root / "hostile.jsonl"
    src.write_text(json.dumps({"id": HOSTILE_ID, "title": HOSTILE_TITLE, "text": HOSTILE_TEXT},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = read_source(src)
    summary = api.build([str(src)], store=root / ".kg", out=root / "exports", validate=False, html=True)
    assert summary.errors == [] and summary.items == 1
    return root, article


def test_ingest_keeps_the_hostile_text(built):
    _, article = built
    assert article.title == HOSTILE_TITLE
    assert article.id == HOSTILE_ID
    # whitespace inside lines is collapsed, nothing else changes
    assert article.text == HOSTILE_TEXT


def titles_and_texts(g) -> tuple[set, set]:
    return ({str(o) for o in g.objects(None, DCTERMS.title)}, {str(o) for o in g.objects(None, SCHEMA.text)})


@pytest.mark.parametrize("fmt, parse_as", [("turtle", "turtle"), ("nt", "nt"), ("trig", "trig"),
                                           ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_every_rdf_export_round_trips_the_literals_exactly(built, fmt, parse_as):
    root, article = built
    text = api.export(fmt, root / ".kg")
    g = Dataset() if parse_as in ("trig", "nquads") else Graph()
    g.parse(data=text, format=parse_as)
    if isinstance(g, Dataset):
        merged = Graph()
        for s, p, o, _ in g.quads((None, None, None, None)):
            merged.add((s, p, o))
        g = merged
    titles, texts = titles_and_texts(g)
    assert titles == {article.title}
    assert texts == {article.text}
    # nothing the text pretends to be became a triple
    assert not any("evil" in str(t) for triple in g for t in triple[:2])


def test_export_parses_back_to_the_same_quads(built):
    root, _ = built
    with Store(root / ".kg", read_only=True) as st:
        stored = set(st.named_quads())
    nq = api.export("nquads", root / ".kg")
    assert set(ox.parse(nq.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) == stored


def test_sparql_returns_the_exact_literals(built):
    root, article = built
    out = json.loads(api.query("SELECT ?title ?text WHERE { ?a dcterms:title ?title ; schema:text ?text }",
                               root / ".kg", "json"))
    (row,) = out["results"]["bindings"]
    assert row["title"]["value"] == article.title
    assert row["text"]["value"] == article.text


def test_a_query_built_from_a_term_matches_exactly_one_article(built):
    """The safe way to put text into a query: the term's own serialisation."""
    root, article = built
    lit = str(ox.Literal(article.title))
    out = json.loads(api.query(f"SELECT ?a WHERE {{ ?a dcterms:title {lit} }}", root / ".kg", "json"))
    assert len(out["results"]["bindings"]) == 1
    wrong = str(ox.Literal(article.title + " "))
    out = json.loads(api.query(f"SELECT ?a WHERE {{ ?a dcterms:title {wrong} }}", root / ".kg", "json"))
    assert out["results"]["bindings"] == []


def test_turtle_written_by_the_build_is_the_export(built):
    root, _ = built
    assert (root / "exports" / "kg.ttl").read_text(encoding="utf-8") == api.export("turtle", root / ".kg")


def test_html_escapes_hostile_labels_and_title(tmp_path):
    """Article titles are not drawn, entity labels are: hostile labels (which
    extraction does not produce from text) are written escaped."""
    from rdflib.namespace import RDF, RDFS

    from kg.viz import write_html
    from kg.vocab import KG

    g = Graph()
    a, b = URIRef("https://w3id.org/cnkg/id/person/1"), URIRef("https://w3id.org/cnkg/id/organization/2")
    g.add((a, RDF.type, KG.Person))
    g.add((a, RDFS.label, Literal('<script>alert(1)</script>"""x\n>y')))
    g.add((b, RDF.type, KG.Organization))
    g.add((b, RDFS.label, Literal("</script><img src=x onerror=alert(2)>")))
    g.add((a, KG.partnerOf, b))
    html = Path(write_html(g, tmp_path / "g.html", title="<script>alert(3)</script>")).read_text(encoding="utf-8")
    for raw in ("<script>alert", "</script><img", "<img src=x"):
        assert raw not in html
    for escaped in ("alert(1)", "alert(2)", "&lt;script&gt;alert(3)"):
        assert escaped in html            # the labels are there, escaped


def test_hostile_base_iri_is_refused_clearly(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text('{"text": "张伟是华为技术有限公司总经理。"}\n', encoding="utf-8")
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="invalid"):
        api.build([str(src)], store=tmp_path / ".kg", out=tmp_path / "out", base='http://x/> <y',
                  validate=False, html=False)
