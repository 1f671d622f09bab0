"""The page's own features in a real headless Chromium, every non-file:// request blocked.

Search, click panel, legend toggles, the --max-nodes cap, hostile text in the
search box and the panel, and a graph large enough for the precomputed layout.
Skips with a reason when chromium or playwright is missing (the launcher is
tests/test_browser.py's).
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from graphs import EVIDENCE_HOSTILE, EXPECTED_NODES, HOSTILE, HOSTILE_TITLE, PARK_QINGDAO, sample_graph
from kg import api
from kg.store import Store
from kg.viz import to_networkx, write_html
from kg.viz_layout import overview_layout
from kg.vocab import KG, KGR_NS
from offline_page import offline_page
from test_browser import _playwright, launch, node_xy

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[1] / "data" / "seed-page.txt"
R = Namespace(KGR_NS)
WEIGAO = "威高国际医疗器械产业园"          # alias of the park project the seed page settles in 青岛高新区

STATE_JS = """() => {
    const net = window.kgNetwork;
    const panel = document.getElementById('kg-panel');
    return {
        // the page's nodes (vis-network gets a hidden isolated entity only when it is first shown)
        nodes: JSON.parse(document.getElementById('kg-nodes').textContent).length,
        drawnNodes: net.body.nodeIndices.length,
        edges: net.body.data.edges.length,
        hidden: JSON.parse(document.getElementById('kg-nodes').textContent).length - net.body.nodeIndices.length,
        selected: net.getSelectedNodes(),
        focused: document.body.dataset.focused || null,
        panelHidden: panel.hidden,
        panelTitle: panel.hidden ? null : panel.querySelector('h2').textContent,
        panelText: panel.textContent,
        facts: panel.querySelectorAll('li.kg-fact').length,
        hits: Array.from(document.querySelectorAll('#kg-hits li')).map(li => li.textContent),
        imgs: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        physics: net.physics.options.enabled,
        stabilized: document.body.dataset.stabilized || null,
        cap: (document.getElementById('kg-cap') || {}).textContent || null,
    };
}"""


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _playwright()
    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def visit(browser, path: Path):
    """Open `path`; yield (page, report) where report collects requests, errors, dialogs."""
    context, page, report = offline_page(browser)
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_function("document.body.dataset.drawn === '1'", timeout=60000)
        page.wait_for_function("document.body.dataset.stabilized === '1'", timeout=60000)
        yield page, report
    finally:
        context.close()


def _clean(report) -> None:
    assert report["blocked"] == []
    assert report["requests"] and all(u.startswith("file://") for u in report["requests"])
    assert report["console_errors"] == [] and report["page_errors"] == []
    assert report["dialogs"] == []


def _state(page) -> dict:
    return page.evaluate(STATE_JS)


def _search(page, text: str) -> None:
    page.click("#kg-search")
    page.fill("#kg-search", text)
    page.press("#kg-search", "Enter")


# ---------------------------------------------------------------- the sample page

@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    d = tmp_path_factory.mktemp("seed")
    summary = api.build([str(SEED)], store=d / ".kg", out=d / "exports", validate=False, html=False)
    assert summary.items == 10 and summary.errors == []
    out = api.visualize(d / ".kg", d / "graph.html")
    with Store(d / ".kg", read_only=True) as st:
        union = st.union_graph()
    return {"dir": d, "html": out, "union": union, "drawn": to_networkx(union)}


def _weigao_evidence(union: Graph) -> tuple[str, str, str]:
    """(evidence, article title, confidence) of <the 威高 park project> kg:locatedIn <青岛高新区>,
    read from the RDF, not through kg.viz."""
    qingdao = {s for s in union.subjects(RDFS.label, Literal(PARK_QINGDAO))}
    weigao = {s for s in union.subjects(None, Literal(WEIGAO))}
    (qd,), (wg,) = qingdao, weigao
    found = set()
    for a in union.subjects(RDF.type, KG.Assertion):
        if (union.value(a, RDF.subject), union.value(a, RDF.predicate), union.value(a, RDF.object)) \
                == (wg, KG.locatedIn, qd):
            art = union.value(a, PROV.wasDerivedFrom)
            found.add((str(union.value(a, KG.evidence)), str(union.value(art, DCTERMS.title)),
                       f"{float(union.value(a, KG.confidence)):.2f}"))
    (fact,) = found
    return fact


def test_seed_page_search_focuses_and_click_lists_facts(browser, seed):
    drawn = seed["drawn"]
    (qd_id,) = [n for n, lbl in drawn.nodes(data="label") if lbl == PARK_QINGDAO]
    (wg_id,) = [n for n, names in drawn.nodes(data="names") if WEIGAO in names]
    evidence, title, conf = _weigao_evidence(seed["union"])
    assert WEIGAO in evidence and PARK_QINGDAO in evidence
    with visit(browser, seed["html"]) as (page, report):
        st = _state(page)
        connected = sum(1 for n in drawn.nodes if drawn.degree(n) > 0)
        assert st["nodes"] == drawn.number_of_nodes() and st["drawnNodes"] == connected == 61
        assert st["hidden"] == drawn.number_of_nodes() - connected      # the isolated ones, a click away
        page.click("#kg-isolated")
        assert _state(page)["drawnNodes"] == drawn.number_of_nodes()
        page.click("#kg-isolated")
        assert _state(page)["drawnNodes"] == connected
        assert st["edges"] == drawn.number_of_edges()
        assert st["cap"] is None and st["panelHidden"]

        _search(page, PARK_QINGDAO)
        st = _state(page)
        assert st["focused"] == qd_id and st["selected"] == [qd_id]
        assert st["panelTitle"] == PARK_QINGDAO
        assert st["facts"] == drawn.degree(qd_id)

        page.click("#kg-panel .kg-close")
        assert _state(page)["panelHidden"]
        x, y = node_xy(page, qd_id)
        page.mouse.click(x, y)
        st = _state(page)
        assert st["panelTitle"] == PARK_QINGDAO and st["selected"] == [qd_id]
        assert st["facts"] == drawn.degree(qd_id)
        facts = page.evaluate("""() => Array.from(document.querySelectorAll('#kg-panel li.kg-fact'))
            .map(li => [li.querySelector('.kg-fact-head').textContent, li.textContent])""")
        wg_label = drawn.nodes[wg_id]["label"]
        weigao_facts = [text for head, text in facts if head == f"{wg_label} —位于 locatedIn→ {PARK_QINGDAO}"]
        assert len(weigao_facts) == 1
        assert WEIGAO in wg_label                 # the label is 威高国际医疗器械产业园项目
        assert f"“{evidence}”" in weigao_facts[0]
        assert f"文章 article: {title} · 置信度 confidence: {conf}" in weigao_facts[0]
    _clean(report)


def test_seed_page_search_by_alias(browser, seed):
    drawn = seed["drawn"]
    (wg_id,) = [n for n, names in drawn.nodes(data="names") if WEIGAO in names]
    assert drawn.nodes[wg_id]["label"] != WEIGAO      # found through the alias, not the label
    with visit(browser, seed["html"]) as (page, report):
        page.click("#kg-search")
        page.fill("#kg-search", WEIGAO)
        st = _state(page)
        assert st["hits"][0] == f"{drawn.nodes[wg_id]['label']} ({WEIGAO})"
        page.press("#kg-search", "Enter")
        assert _state(page)["focused"] == wg_id
    _clean(report)


# ---------------------------------------------------------------- hostile text, legend, cap

@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    return write_html(sample_graph(), tmp_path_factory.mktemp("hostile") / "graph.html",
                      title="青岛高新区 知识图谱")


def test_hostile_label_is_text_in_search_and_panel(browser, hostile_page):
    drawn = to_networkx(sample_graph())
    (evil,) = [n for n, lbl in drawn.nodes(data="label") if lbl == HOSTILE]
    with visit(browser, hostile_page) as (page, report):
        page.click("#kg-search")
        page.fill("#kg-search", "<img")
        st = _state(page)
        assert st["hits"] == [HOSTILE]
        page.fill("#kg-search", "</script>")
        assert _state(page)["hits"] == [f"{HOSTILE} ({HOSTILE_TITLE})"]
        page.press("#kg-search", "Enter")
        st = _state(page)
        assert st["focused"] == evil and st["panelTitle"] == HOSTILE
        assert HOSTILE_TITLE in st["panelText"] and EVIDENCE_HOSTILE in st["panelText"]
        page.click("#kg-panel .kg-close")
        x, y = node_xy(page, evil)
        page.mouse.click(x, y)
        st = _state(page)
        assert st["panelTitle"] == HOSTILE and EVIDENCE_HOSTILE in st["panelText"]
        page.wait_for_timeout(200)
        st = _state(page)
        assert st["imgs"] == 0 and st["scripts"] == 4      # vis-network, node and edge data, ours
    _clean(report)


def test_legend_toggles_a_class(browser, hostile_page):
    with visit(browser, hostile_page) as (page, report):
        page.click('#kg-legend li[data-kg-class="Park"]')
        assert _state(page)["hidden"] == 2
        assert page.get_attribute('#kg-legend li[data-kg-class="Park"]', "aria-pressed") == "false"
        page.click('#kg-legend li[data-kg-class="Organization"]')
        assert _state(page)["hidden"] == 5
        page.click('#kg-legend li[data-kg-class="Park"]')
        assert _state(page)["hidden"] == 3
        _search(page, "青岛高新区")                 # focusing a hidden node shows its class again
        st = _state(page)
        assert st["hidden"] == 3 and st["panelTitle"] == "青岛高新区"
        _search(page, "国家药监局")                  # an Organization's alias
        st = _state(page)
        assert st["hidden"] == 0 and st["panelTitle"] == "国家药品监督管理局"
    _clean(report)


def test_max_nodes_cap_is_drawn_and_stated(browser, tmp_path):
    out = write_html(sample_graph(), tmp_path / "capped.html", max_nodes=3)
    with visit(browser, out) as (page, report):
        st = _state(page)
        assert st["nodes"] == 3 and st["drawnNodes"] == 2     # the third has no edge to the other two
        assert f"top 3 of {EXPECTED_NODES} nodes" in st["cap"]
    _clean(report)


# ---------------------------------------------------------------- a large graph

def _grid_graph(n_parks: int, per_park: int) -> Graph:
    """n_parks parks, each with per_park companies located in it; park i partners park i+1."""
    g = Graph()
    for i in range(n_parks):
        park = R[f"park/p{i}"]
        g.add((park, RDF.type, KG.Park))
        g.add((park, RDFS.label, Literal(f"园区{i}")))
        if i:
            g.add((park, KG.partnerOf, R[f"park/p{i - 1}"]))
        for j in range(per_park):
            c = R[f"org/c{i}-{j}"]
            g.add((c, RDF.type, KG.Company))
            g.add((c, RDFS.label, Literal(f"公司{i}-{j}")))
            g.add((c, KG.locatedIn, park))
    return g


def test_large_graph_uses_the_precomputed_layout(browser, tmp_path):
    g = _grid_graph(40, 40)                       # 1,640 nodes
    out = write_html(g, tmp_path / "large.html")
    drawn = to_networkx(g)
    pos, _ = overview_layout(drawn)
    probe = sorted(drawn.nodes)[:5]
    with visit(browser, out) as (page, report):
        st = _state(page)
        assert st["nodes"] == st["drawnNodes"] == 1640
        assert st["physics"] is False and st["stabilized"] == "1"
        got = page.evaluate("(ids) => window.kgNetwork.getPositions(ids)", probe)
        for nid in probe:
            assert (got[nid]["x"], got[nid]["y"]) == pos[nid]
        _search(page, "公司39-39")
        assert _state(page)["panelTitle"] == "公司39-39"
    _clean(report)
