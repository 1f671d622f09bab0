"""kg.viz: what is drawn from a hand-made graph, and that the page is safe and offline."""
from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS

from graphs import (ARTICLE_TITLE, ENTITY_LABELS, EVIDENCE_HOSTILE, EVIDENCE_LOCATED,
                    EXPECTED_EDGES, EXPECTED_ENTITY_NODES, EXPECTED_KINDS, EXPECTED_MONEY_NODES,
                    EXPECTED_NODES, HOSTILE, HOSTILE_TITLE, sample_graph)
from kg.viz import CLASS_STYLES, render_html, to_networkx, write_html
from kg.vocab import KG, KGR_NS

R = Namespace(KGR_NS)


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_graph(), title="青岛高新区 知识图谱")


@pytest.fixture(scope="module")
def drawn():
    return to_networkx(sample_graph())


def _script_json(page: str, var: str):
    m = re.search(rf"var {var} = (\[.*?\]);\n", page)
    assert m, var
    return json.loads(m.group(1))


# ---------------------------------------------------------------- what is drawn

def test_exact_node_and_edge_counts(drawn):
    assert drawn.number_of_nodes() == EXPECTED_NODES
    assert drawn.number_of_edges() == EXPECTED_EDGES
    kinds = {}
    for _, k in drawn.nodes(data="kind"):
        kinds[k] = kinds.get(k, 0) + 1
    assert kinds == EXPECTED_KINDS
    assert sum(v for k, v in kinds.items() if k != "MonetaryAmount") == EXPECTED_ENTITY_NODES
    assert kinds["MonetaryAmount"] == EXPECTED_MONEY_NODES


def test_page_data_matches_drawn_graph(page):
    nodes, edges = _script_json(page, "nodeData"), _script_json(page, "edgeData")
    assert len(nodes) == EXPECTED_NODES and len(edges) == EXPECTED_EDGES
    assert sorted(n["label"] for n in nodes if n["kgKind"] != "MonetaryAmount") == sorted(ENTITY_LABELS)
    assert len({e["id"] for e in edges}) == EXPECTED_EDGES     # explicit, stable edge ids


def test_positions_articles_assertions_are_not_nodes(drawn):
    labels = {d["label"] for _, d in drawn.nodes(data=True)}
    assert ARTICLE_TITLE not in labels and "副局长" not in labels
    assert not any(k in ("Position", "Article", "Assertion") for _, k in drawn.nodes(data="kind"))


def test_subclass_counts_as_organization(drawn):
    nmpa = [d for _, d in drawn.nodes(data=True) if d["label"] == "国家药品监督管理局"][0]
    assert nmpa["kind"] == "Organization" and nmpa["cls"] == "GovernmentBody"
    assert "GovernmentBody (Organization)" in nmpa["title"]


def test_holds_role_is_person_to_org_edge_and_former_is_marked(drawn):
    roles = [(drawn.nodes[s]["label"], drawn.nodes[t]["label"], d["label"])
             for s, t, d in drawn.edges(data=True) if d["relation"] == "holdsRole"]
    assert sorted(roles) == [("徐景和", "国家药品监督管理局", "党组成员"),
                             ("徐景和", "国家药品监督管理局", "副局长 (former)")]


def test_money_node_and_edge(drawn):
    (m, md), = [(n, d) for n, d in drawn.nodes(data=True) if d["kind"] == "MonetaryAmount"]
    assert md["label"] == "50亿元" and "5000000000" in md["title"] and "CNY" in md["title"]
    (s, _, d), = [e for e in drawn.in_edges(m, data=True)]
    assert drawn.nodes[s]["label"] == "阿斯利康" and d["label"] == "investment"


def test_edge_tooltip_has_relation_evidence_article_confidence(drawn):
    (d,) = [d for _, _, d in drawn.edges(data=True) if d["relation"] == "locatedIn"]
    for part in ("locatedIn", EVIDENCE_LOCATED, ARTICLE_TITLE, "0.90"):
        assert part in d["title"]


def test_node_tooltip_has_class_label_altlabels_founding_year(drawn):
    az = [d for _, d in drawn.nodes(data=True) if d["label"] == "阿斯利康"][0]
    assert "Organization" in az["title"] and "1999" in az["title"]
    park = [d for _, d in drawn.nodes(data=True) if d["label"] == "威高国际医疗器械产业园"][0]
    assert "Park" in park["title"] and "威高产业园" in park["title"]


def test_untyped_endpoint_is_drawn_as_other():
    g = Graph()
    a, b = R["org/a"], R["place/b"]
    g.add((a, RDF.type, KG.Company))
    g.add((a, RDFS.label, Literal("甲公司")))
    g.add((a, KG.locatedIn, b))
    d = to_networkx(g)
    assert sorted(k for _, k in d.nodes(data="kind")) == ["Organization", "Other"]
    assert d.number_of_edges() == 1
    assert 'data-kg-class="Other"' in render_html(g)


def test_empty_graph_renders():
    page = render_html(Graph())
    assert "var nodeData = [];" in page and 'id="kg-legend"' in page


# ---------------------------------------------------------------- safety

def test_hostile_text_never_appears_raw(page):
    assert HOSTILE not in page
    assert "<img" not in page
    assert "alert(2)</script>" not in page
    # exactly our two <script> elements close; data cannot close them early
    assert page.count("</script>") == 2
    # the data keeps the literal text; the page turns it into DOM text only
    nodes = _script_json(page, "nodeData")
    hostile = [n for n in nodes if n["label"] == HOSTILE]
    assert len(hostile) == 1
    assert hostile[0]["kgNames"] == [HOSTILE, HOSTILE_TITLE]
    assert "title" not in hostile[0]                      # tooltips are built in the page
    edges = _script_json(page, "edgeData")
    (partner,) = [e for e in edges if e["relation"] == "partnerOf"]
    assert partner["kgEvidence"] == [{"evidence": EVIDENCE_HOSTILE, "article": HOSTILE_TITLE,
                                      "confidence": "0.60"}]


def test_page_script_never_parses_data_as_html(page):
    script = page.rsplit("<script>", 1)[1]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "outerHTML" not in script
    assert "textContent" in script


def test_page_title_is_escaped():
    page = render_html(sample_graph(), title="<script>alert(3)</script>")
    assert "<script>alert(3)" not in page
    assert "<title>&lt;script&gt;alert(3)&lt;/script&gt;</title>" in page


def test_no_remote_references(page):
    low = page.lower()
    for bad in ('src="http', "src='http", 'href="http', "href='http", "@import url(http",
                "@import \"http", "url(http", "url(\"http", "url('http", "cdn.jsdelivr",
                "cdnjs", "bootstrap"):
        assert bad not in low, bad
    assert "<link" not in low


# ---------------------------------------------------------------- page features

def test_legend_lists_classes(page):
    legend = re.search(r'<aside id="kg-legend".*?</aside>', page, re.S).group(0)
    for st in CLASS_STYLES:
        if st.name != "Other":
            assert f'data-kg-class="{st.name}"' in legend
    assert "人物" in legend and "园区" in legend


def test_cjk_font_stack_in_css_and_vis_font(page):
    assert "WenQuanYi Zen Hei" in page and "Noto Sans CJK SC" in page
    m = re.search(r"var options = (\{.*?\});\n", page)
    options = json.loads(m.group(1))
    assert "WenQuanYi Zen Hei" in options["nodes"]["font"]["face"]
    assert isinstance(options["layout"]["randomSeed"], int)    # fixed seed: same layout


def test_browser_hooks_present(page):
    assert "window.kgNetwork = network" in page
    assert "document.body.dataset.drawn" in page


def test_deterministic_output():
    a = render_html(sample_graph())
    b = render_html(sample_graph())
    assert a == b
    # also across a serialise/parse round trip (blank nodes get new ids)
    g = Graph()
    g.parse(data=sample_graph().serialize(format="turtle"), format="turtle")
    assert render_html(g) == a


def test_write_html_is_utf8_and_atomic(tmp_path):
    out = tmp_path / "graph.html"
    out.write_text("old", encoding="utf-8")
    assert write_html(sample_graph(), out, title="图谱") == out
    text = out.read_bytes().decode("utf-8")
    assert "威高国际医疗器械产业园" in text and "<title>图谱</title>" in text
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]   # no temp file left
