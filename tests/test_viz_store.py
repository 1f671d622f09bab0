"""kg.viz_select.page_graph: the HTML graph of a store written from what the page
reads (no article text, the evidence an edge can show) is the page of the whole
union graph, byte for byte; and `kg build` writes it, with the streamed SHACL report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from kg import api
from kg.ingest import read_sources
from kg.model import Article
from kg.store import Store
from kg.validate import validate
from kg.viz import MAX_PANEL_EVIDENCE, write_html
from kg.viz_select import page_graph
from kg.vocab import KG, SCHEMA

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
CNEWS = REPO.parent / "shared" / "corpus" / "cnews-dev.jsonl"


def _store_of(tmp_path, inputs) -> Path:
    s = api.build([str(i) for i in inputs], store=tmp_path / "store", out=tmp_path / "out",
                  validate=False, html=False)
    assert s.errors == []
    return tmp_path / "store"


def _pages(tmp_path, store: Path):
    """(page of the whole union graph, page of page_graph, page_graph) of one store."""
    with Store(store, read_only=True) as st:
        whole = write_html(st.union_graph(), tmp_path / "whole.html", title="kg: t").read_bytes()
        drawn = page_graph(st)
    return whole, write_html(drawn, tmp_path / "drawn.html", title="kg: t").read_bytes(), drawn


def _assertions(g) -> int:
    return len(set(g.subjects(RDF.type, KG.Assertion)))


def test_sample_page_is_byte_identical(tmp_path):
    whole, drawn_page, drawn = _pages(tmp_path, _store_of(tmp_path, [SEED]))
    assert drawn_page == whole
    # the 10 article texts, positions and creators and the assertions' offsets and extractors are left out
    # the two articles without a title have no dcterms:title; the parks' kg:within and the divisions
    # the articles reach (their labels, codes and kg:within up to 中国) are in
    assert len(drawn) == 888             # and the park 中巴科技合作区 (合作区 is a park word); one alias
                                         # fewer since the merge policy drops a suffix-only short form
    assert list(drawn.triples((None, SCHEMA.text, None))) == []
    assert _assertions(drawn) == 42


@pytest.mark.skipif(not CNEWS.is_file(), reason="../shared/corpus/cnews-dev.jsonl is not beside the checkout")
def test_cnews_dev_page_is_byte_identical(tmp_path):
    whole, drawn_page, drawn = _pages(tmp_path, _store_of(tmp_path, [CNEWS]))
    assert drawn_page == whole
    assert list(drawn.triples((None, SCHEMA.text, None))) == []


def test_evidence_beyond_what_an_edge_shows_is_left_out(tmp_path):
    """25 copies of two articles: every fact of theirs has 25 assertions, 25 distinct
    records (the titles differ, and a last line tells the texts apart: the same text twice
    would be a duplicate, built once); an edge shows the MAX_PANEL_EVIDENCE first."""
    arts = [a for a in read_sources([SEED]) if isinstance(a, Article)][:2]
    src = tmp_path / "copies.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for i in range(25):
            for j, a in enumerate(arts):
                f.write(json.dumps({"id": f"c{i}-{j}", "title": f"{a.title} #{i:02d}", "text": f"{a.text}\n（{i:02d}）"},
                                   ensure_ascii=False) + "\n")
    store = _store_of(tmp_path, [src])
    whole, drawn_page, drawn = _pages(tmp_path, store)
    assert drawn_page == whole
    with Store(store, read_only=True) as st:
        union = st.union_graph()
    facts = {}
    for a in union.subjects(RDF.type, KG.Assertion):
        key = (union.value(a, RDF.subject), union.value(a, RDF.predicate), union.value(a, RDF.object))
        facts[key] = facts.get(key, 0) + 1
    assert sorted(set(facts.values())) == [25]
    assert _assertions(union) == 25 * len(facts)
    assert _assertions(drawn) == MAX_PANEL_EVIDENCE * len(facts)


def test_build_writes_the_whole_graph_report_and_page(tmp_path):
    s = api.build([str(SEED)], store=tmp_path / "store", out=tmp_path / "out")
    with Store(tmp_path / "store", read_only=True) as st:
        union = st.union_graph()
    rep = validate(union)
    assert (s.shacl_conforms, s.shacl_violations, s.shacl_text) == (rep.conforms, rep.violations, rep.text)
    assert (s.shacl_conforms, s.shacl_violations) == (True, 0)
    title = "kg: seed-page.txt"
    whole = write_html(union, tmp_path / "whole.html", title=title)
    assert s.outputs["html"].read_bytes() == whole.read_bytes()


@pytest.mark.parametrize("options", [{}, {"focus": "昌平区", "hops": 2}, {"classes": "Park,Organization"}])
def test_kg_viz_draws_from_the_page_graph_with_the_same_bytes(tmp_path, options):
    """`kg viz` (api.visualize) reads the page graph, not the whole union: same page."""
    store = _store_of(tmp_path, [SEED])
    got = api.visualize(store, tmp_path / "viz.html", title="kg: t", **options).read_bytes()
    with Store(store, read_only=True) as st:
        whole = write_html(st.union_graph(), tmp_path / "whole.html", title="kg: t", **options).read_bytes()
    assert got == whole and len(got) > 100_000
