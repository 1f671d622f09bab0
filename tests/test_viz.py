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


_DATA_ELEMENT = {"nodeData": "kg-nodes", "edgeData": "kg-edges"}


def _script_json(page: str, var: str):
    """The page's node or edge data: the JSON of its <script type="application/json"> element."""
    m = re.search(rf'<script type="application/json" id="{_DATA_ELEMENT[var]}">(.*?)</script>', page)
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
    assert _script_json(page, "nodeData") == [] and 'id="kg-legend"' in page


# ---------------------------------------------------------------- safety

def test_hostile_text_never_appears_raw(page):
    assert HOSTILE not in page
    assert "<img" not in page
    assert "alert(2)</script>" not in page
    # exactly our four <script> elements close (vis-network, the data of nodes and of edges, ours);
    # data cannot close them early
    assert page.count("</script>") == 4
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


# ---------------------------------------------------------------- size, selection, layout

from pathlib import Path  # noqa: E402

import networkx as nx  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from rdflib.namespace import DCTERMS, SKOS  # noqa: E402

from graphs import ORG_AZ, PARK_QINGDAO, PARK_WEIGAO, PERSON_XU, GOV_NMPA  # noqa: E402
from kg.errors import KGError, QueryError  # noqa: E402
from kg.viz import node_size  # noqa: E402
from kg.viz_layout import RING, overview_layout, radial_layout  # noqa: E402
from kg.viz_select import find_nodes, parse_classes, select  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "data" / "seed-page.txt"


def _labels(g) -> list[str]:
    return sorted(lbl for _, lbl in g.nodes(data="label"))


@pytest.mark.parametrize("kind,degree,size", [
    ("Park", 0, 15), ("Park", 1, 20), ("Park", 4, 25), ("Park", 100, 60),
    ("Person", 9, 24), ("MonetaryAmount", 1, 7),
])
def test_node_size_grows_with_degree(kind, degree, size):
    assert node_size(kind, degree) == size


def test_drawn_sizes_follow_degree(drawn):
    sizes = {d["label"]: d["size"] for _, d in drawn.nodes(data=True)}
    assert sizes[PARK_QINGDAO] == 20 and sizes[PERSON_XU] == 18 and sizes["50亿元"] == 7


@pytest.mark.parametrize("name,expected", [
    (PARK_QINGDAO, [PARK_QINGDAO]),
    ("高新区", [PARK_QINGDAO]),                  # an alias
    ("国家药监局", [GOV_NMPA]),
    (" 威高产业园 ", [PARK_WEIGAO]),              # surrounding blanks
    ("威高", []),                                # names match whole, not in part
    ("", []),
    (HOSTILE_TITLE, [HOSTILE]),
])
def test_find_nodes_by_any_name(drawn, name, expected):
    assert [drawn.nodes[n]["label"] for n in find_nodes(drawn, name)] == expected


def test_find_nodes_folds_width_and_case():
    g = Graph()
    a = R["org/x"]
    g.add((a, RDF.type, KG.Company))
    g.add((a, RDFS.label, Literal("ＡＢＣ科技（北京）")))
    d = to_networkx(g)
    assert find_nodes(d, "abc科技(北京)") == ["n0"]


@pytest.mark.parametrize("focus,hops,expected", [
    (ORG_AZ, 0, [ORG_AZ]),
    (ORG_AZ, 1, sorted([ORG_AZ, "50亿元", HOSTILE])),
    (PARK_WEIGAO, 1, sorted([PARK_WEIGAO, PARK_QINGDAO])),
    ("50亿元", 2, sorted([ORG_AZ, "50亿元", HOSTILE])),
    (PERSON_XU, 3, sorted([PERSON_XU, GOV_NMPA])),
])
def test_focus_neighbourhood(drawn, focus, hops, expected):
    sel = select(drawn, focus=focus, hops=hops)
    assert _labels(sel.graph) == expected
    assert not sel.capped and sel.total_nodes == len(expected)


def test_focus_keeps_every_edge_between_kept_nodes(drawn):
    sel = select(drawn, focus=PERSON_XU, hops=1)
    assert sorted(d["label"] for _, _, d in sel.graph.edges(data=True)) == ["党组成员", "副局长 (former)"]


def test_class_filter(drawn):
    assert _labels(select(drawn, classes="Park").graph) == sorted([PARK_QINGDAO, PARK_WEIGAO])
    sel = select(drawn, classes="park, governmentbody")
    assert _labels(sel.graph) == sorted([PARK_QINGDAO, PARK_WEIGAO, GOV_NMPA])
    assert sel.graph.number_of_edges() == 1
    assert sel.notes == ["classes: GovernmentBody, Park"]
    assert _labels(select(drawn, classes=["MonetaryAmount"]).graph) == ["50亿元"]


def test_class_filter_after_focus_keeps_the_focus(drawn):
    assert _labels(select(drawn, focus=ORG_AZ, classes="Organization").graph) == sorted([ORG_AZ, HOSTILE])
    assert _labels(select(drawn, focus=ORG_AZ, classes="Park").graph) == [ORG_AZ]


@pytest.mark.parametrize("spec", ["Foo", "Park,Foo", "", " , "])
def test_unknown_or_empty_class_is_an_error(drawn, spec):
    with pytest.raises(KGError):
        parse_classes(spec, drawn)


def test_unknown_focus_and_bad_numbers_are_errors(drawn):
    with pytest.raises(KGError, match="no entity is named"):
        select(drawn, focus="不存在的公司")
    with pytest.raises(KGError):
        select(drawn, focus=ORG_AZ, hops=-1)
    with pytest.raises(KGError):
        select(drawn, max_nodes=0)


def test_max_nodes_keeps_top_degree_and_says_so(drawn):
    sel = select(drawn, max_nodes=3)
    # degree 2: 国家药品监督管理局 (n1), 徐景和 (n3), 阿斯利康 (n4); the rest have 1
    assert sorted(sel.graph.nodes) == ["n1", "n3", "n4"]
    assert sel.capped and sel.total_nodes == EXPECTED_NODES
    assert sel.graph.number_of_edges() == 2
    page = render_html(sample_graph(), max_nodes=3)
    assert f"showing the top 3 of {EXPECTED_NODES} nodes by degree (--max-nodes 3)" in page
    assert len(_script_json(page, "nodeData")) == 3
    assert 'id="kg-cap"' not in render_html(sample_graph(), max_nodes=EXPECTED_NODES)


def test_max_nodes_keeps_the_focus_first(drawn):
    sel = select(drawn, focus=PARK_WEIGAO, hops=1, max_nodes=1)
    assert _labels(sel.graph) == [PARK_WEIGAO] and sel.total_nodes == 2


def test_selection_keeps_drawn_order_and_is_deterministic(drawn):
    a = select(drawn, classes="Organization,Person")
    b = select(drawn, classes="Person,Organization")
    assert list(a.graph.nodes) == list(b.graph.nodes) == ["n0", "n1", "n3", "n4"]
    assert render_html(sample_graph(), focus=ORG_AZ) == render_html(sample_graph(), focus=ORG_AZ)


def test_focus_page_selects_the_focus(drawn):
    page = render_html(sample_graph(), focus="高新区")
    assert 'network.selectNodes(["n5"])' in page
    assert "focus: 高新区 (1 hop)" in page
    assert sorted(n["label"] for n in _script_json(page, "nodeData")) == sorted([PARK_QINGDAO, PARK_WEIGAO])


def test_every_page_has_precomputed_positions_and_no_physics():
    page = render_html(sample_graph())
    opts = json.loads(re.search(r"var options = (\{.*?\});\n", page).group(1))
    assert opts["physics"]["enabled"] is False and opts["edges"]["smooth"] == {"enabled": False}
    # the page shows its own tooltips (vis-network's hover would redraw the network on every node)
    assert opts["interaction"]["hover"] is False and "kg-tooltip" in page
    assert opts["nodes"]["scaling"]["label"]["drawThreshold"] == 8
    nodes = _script_json(page, "nodeData")
    pos, isolated = overview_layout(to_networkx(sample_graph()))
    assert {n["id"]: (n["x"], n["y"]) for n in nodes} == pos
    assert render_html(sample_graph()) == page                 # deterministic


def test_overview_layout_packs_components_and_sets_isolated_apart():
    g = nx.Graph()
    g.add_edges_from(("hub", f"leaf{i}") for i in range(30))
    g.add_edges_from((f"a{i}", f"b{i}") for i in range(40))
    g.add_nodes_from(f"lone{i}" for i in range(500))
    pos, isolated = overview_layout(g, aspect=1.0)
    assert set(pos) == set(g.nodes) and sorted(isolated) == sorted(f"lone{i}" for i in range(500))
    assert len(set(pos.values())) == len(pos)
    connected = [pos[n] for n in g.nodes if not n.startswith("lone")]
    w = max(x for x, _ in connected) - min(x for x, _ in connected)
    h = max(y for _, y in connected) - min(y for _, y in connected)
    assert 0.5 <= w / h <= 2.0                                  # roughly square, not a strip
    assert min(y for n, (_, y) in pos.items() if n.startswith("lone")) > max(y for _, y in connected)
    hx, hy = pos["hub"]                                        # forceatlas2 puts the hub amid its leaves
    lx = [pos[f"leaf{i}"][0] for i in range(30)]
    ly = [pos[f"leaf{i}"][1] for i in range(30)]
    assert min(lx) < hx < max(lx) and min(ly) < hy < max(ly)
    assert overview_layout(g, aspect=1.0) == (pos, isolated)


def test_page_opens_on_the_connected_part_with_an_isolated_toggle():
    g = sample_graph()
    lone = R["lonely-org"]
    g.add((lone, RDF.type, KG.Company))
    g.add((lone, RDFS.label, Literal("孤立公司")))
    page = render_html(g)
    nodes = {n["label"]: n for n in _script_json(page, "nodeData")}
    assert nodes["孤立公司"]["hidden"] is True and nodes["孤立公司"]["kgIsolated"] is True
    assert not any(n["hidden"] for label, n in nodes.items() if label != "孤立公司")
    assert "show isolated entities (1)" in page and 'data-count="1"' in page


def test_radial_layout_star_and_components():
    g = nx.Graph()
    g.add_edges_from(("hub", f"leaf{i}") for i in range(6))
    g.add_edge("a", "b")
    g.add_node("lonely")
    pos = radial_layout(g)
    assert set(pos) == set(g.nodes)
    hx, hy = pos["hub"]
    for i in range(6):
        x, y = pos[f"leaf{i}"]
        assert abs(((x - hx) ** 2 + (y - hy) ** 2) ** 0.5 - RING) <= 1.0
    assert len(set(pos.values())) == len(pos)            # no two nodes on one spot
    assert radial_layout(g) == pos                        # deterministic
    assert all(isinstance(c, int) for xy in pos.values() for c in xy)


def _min_distance(points) -> float:
    """Smallest distance between two points (sweep over x)."""
    pts = sorted(points)
    best = float("inf")
    for i, (x, y) in enumerate(pts):
        for x2, y2 in pts[i + 1:]:
            if x2 - x >= best:
                break
            best = min(best, ((x2 - x) ** 2 + (y2 - y) ** 2) ** 0.5)
    return best


@pytest.mark.parametrize("graph", [
    nx.balanced_tree(3, 6),                               # 1,093 nodes, leaves 6 rings out
    nx.barabasi_albert_graph(1200, 1, seed=3),            # hubs, leaves on inner rings too
    nx.disjoint_union_all([nx.star_graph(40), nx.path_graph(30)] + [nx.path_graph(2)] * 50),
])
def test_radial_layout_keeps_nodes_apart(graph):
    pos = radial_layout(graph)
    assert len(pos) == graph.number_of_nodes()
    assert _min_distance(pos.values()) >= 38.5            # _MIN_ARC (40) less whole-pixel rounding


# ---------------------------------------------------------------- --query and the CLI on the seed page

@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    from kg import api
    from kg.store import Store

    d = tmp_path_factory.mktemp("seed")
    summary = api.build([str(SEED)], store=d / ".kg", out=d / "exports", validate=False, html=False)
    assert summary.errors == []
    with Store(d / ".kg", read_only=True) as st:
        union = st.union_graph()
    return d / ".kg", union


def _viz(*args):
    from kg.cli import main

    return CliRunner().invoke(main, ["viz", *[str(a) for a in args]], catch_exceptions=False)


def _page_nodes(path) -> list[dict]:
    return _script_json(Path(path).read_text(encoding="utf-8"), "nodeData")


def test_cli_focus_draws_the_neighbourhood_from_the_rdf(seed_store, tmp_path):
    store, union = seed_store
    (qd,) = set(union.subjects(RDFS.label, Literal(PARK_QINGDAO)))
    rels = [KG.locatedIn, KG.partnerOf, KG.listedOn, KG.organizer]
    near = {s for p in rels for s in union.subjects(p, qd)} | {o for p in rels for o in union.objects(qd, p)}
    expected = sorted({str(union.value(n, RDFS.label)) for n in near | {qd}})
    out = tmp_path / "focus.html"
    res = _viz("--store", store, "--out", out, "--focus", PARK_QINGDAO)
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == f"wrote {out}"
    assert sorted(n["label"] for n in _page_nodes(out)) == expected
    assert len(expected) == 6


def test_cli_class_and_cap(seed_store, tmp_path):
    store, union = seed_store
    parks = {s for s in union.subjects(RDF.type, KG.Park)}
    out = tmp_path / "parks.html"
    assert _viz("--store", store, "--out", out, "--class", "Park").exit_code == 0
    nodes = _page_nodes(out)
    assert len(nodes) == len(parks) and {n["kgKind"] for n in nodes} == {"Park"}
    assert _viz("--store", store, "--out", out, "--max-nodes", 5).exit_code == 0
    assert len(_page_nodes(out)) == 5
    assert "showing the top 5 of " in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args,message", [
    (["--focus", "不存在的公司"], "no entity is named"),
    (["--class", "Foo"], "unknown class Foo"),
    (["--hops", "2"], "--hops needs --focus"),
])
def test_cli_errors_exit_2_with_one_line(seed_store, tmp_path, args, message):
    store, _ = seed_store
    out = tmp_path / "x.html"
    res = _viz("--store", store, "--out", out, *args)
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and message in lines[0]
    assert not out.exists()


def test_cli_bad_numbers_are_usage_errors(seed_store, tmp_path):
    store, _ = seed_store
    for args in (["--max-nodes", "0"], ["--focus", PARK_QINGDAO, "--hops", "-1"]):
        assert _viz("--store", store, "--out", tmp_path / "x.html", *args).exit_code == 2


def _write(tmp_path, name, text) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_query_construct_draws_its_triples_with_evidence(seed_store, tmp_path):
    store, union = seed_store
    q = _write(tmp_path, "parks.rq", "CONSTRUCT { ?s kg:locatedIn ?o } WHERE { ?s kg:locatedIn ?o . ?o a kg:Park }")
    parks = set(union.subjects(RDF.type, KG.Park))
    pairs = {(s, o) for s, o in union.subject_objects(KG.locatedIn) if o in parks}
    out = tmp_path / "q.html"
    res = _viz("--store", store, "--out", out, "--query", q)
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    edges = _script_json(page, "edgeData")
    assert len(edges) == len(pairs) == 12
    assert {e["relation"] for e in edges} == {"locatedIn"}
    assert all(e["kgEvidence"] and e["kgEvidence"][0]["evidence"] for e in edges)
    labels = sorted(n["label"] for n in _script_json(page, "nodeData"))
    assert labels == sorted({str(union.value(x, RDFS.label)) for pr in pairs for x in pr})


def test_query_select_spo_of_roles(seed_store, tmp_path):
    store, union = seed_store
    q = _write(tmp_path, "roles.rq", "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p = kg:holdsRole) }")
    want = set()
    for person, pos in union.subject_objects(KG.holdsRole):
        for org in union.objects(pos, KG.organization):
            title = " / ".join(sorted(str(t) for t in union.objects(pos, KG.roleTitle)))
            former = any(str(v).lower() in ("false", "0") for v in union.objects(pos, KG.current))
            want.add((str(union.value(person, RDFS.label)), str(union.value(org, RDFS.label)),
                      title + (" (former)" if former else "")))
    out = tmp_path / "r.html"
    assert _viz("--store", store, "--out", out, "--query", q).exit_code == 0
    page = out.read_text(encoding="utf-8")
    nodes = {n["id"]: n["label"] for n in _script_json(page, "nodeData")}
    got = {(nodes[e["from"]], nodes[e["to"]], e["label"]) for e in _script_json(page, "edgeData")}
    assert got == want and len(want) == 14


def test_query_with_another_property_draws_generic_edges(seed_store, tmp_path):
    store, union = seed_store
    q = _write(tmp_path, "by.rq", "CONSTRUCT { ?a dcterms:creator ?p } WHERE { ?a dcterms:creator ?p }")
    pairs = set(union.subject_objects(DCTERMS.creator))
    out = tmp_path / "c.html"
    assert _viz("--store", store, "--out", out, "--query", q).exit_code == 0
    page = out.read_text(encoding="utf-8")
    edges = _script_json(page, "edgeData")
    assert len(edges) == len(pairs) > 0 and {e["relation"] for e in edges} == {"creator"}
    labels = {n["label"] for n in _script_json(page, "nodeData")}
    titles = {str(union.value(a, DCTERMS.title) or "") for a, _ in pairs}
    assert titles - {""} and titles - {""} <= labels       # articles are named by their titles


@pytest.mark.parametrize("sparql,message", [
    ("SELECT ?x WHERE { ?x a kg:Park }", "must bind ?s ?p ?o"),
    ("ASK { ?x a kg:Park }", "not an ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p", "syntax"),
])
def test_query_errors(seed_store, tmp_path, sparql, message):
    store, _ = seed_store
    q = _write(tmp_path, "bad.rq", sparql)
    res = _viz("--store", store, "--out", tmp_path / "x.html", "--query", q)
    assert res.exit_code == 2 and message in res.stderr


def test_query_update_is_refused_plainly(seed_store, tmp_path):
    store, _ = seed_store
    q = _write(tmp_path, "drop.rq", "PREFIX kg: <https://example.org/kg#>\nDELETE WHERE { ?s kg:locatedIn ?o }")
    res = _viz("--store", store, "--out", tmp_path / "x.html", "--query", q)
    assert res.exit_code == 2
    assert "updates are not accepted by kg viz --query (this is a SPARQL update: DELETE)" in res.stderr
    assert not (tmp_path / "x.html").exists()


def test_query_service_is_refused(seed_store, tmp_path, monkeypatch):
    monkeypatch.delenv("KG_ALLOW_SERVICE", raising=False)
    store, _ = seed_store
    q = _write(tmp_path, "fed.rq", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> "
                                   "{ ?s ?p ?o } }")
    res = _viz("--store", store, "--out", tmp_path / "x.html", "--query", q)
    assert res.exit_code == 2
    assert "Federated query refused: SERVICE would make this machine send requests" in res.stderr
    assert not (tmp_path / "x.html").exists()


def test_query_graph_raises_query_error(seed_store):
    from kg.store import Store
    from kg.viz_select import query_graph

    store, _ = seed_store
    with Store(store, read_only=True) as st, pytest.raises(QueryError):
        query_graph(st, "SELECT ?a WHERE { ?a ?b ?c }")


def test_visualize_without_store_is_a_store_error(tmp_path):
    from kg import api
    from kg.errors import StoreError

    with pytest.raises(StoreError):
        api.visualize(tmp_path / "none", tmp_path / "x.html", focus="x")


def test_hostile_focus_name_is_escaped_in_the_page():
    page = render_html(sample_graph(), focus=HOSTILE, hops=0)
    assert HOSTILE not in page and "<img" not in page
    assert "focus: &lt;img src=x onerror=alert(1)&gt; (0 hops)" in page
    assert [n["label"] for n in _script_json(page, "nodeData")] == [HOSTILE]


def test_page_words_are_in_chinese_and_english():
    page = render_html(sample_graph())
    edges = _script_json(page, "edgeData")
    assert {e["label"] for e in edges if e["relation"] == "locatedIn"} == {"位于 locatedIn"}
    assert {e["label"] for e in edges if e["relation"] == "investment"} == {"投资额 investment"}
    assert all(e["label"] == e["kgLabel"] for e in edges)
    roles = {e["label"] for e in edges if e["relation"] == "holdsRole"}
    assert roles and not any("holdsRole" in r for r in roles)       # a role edge shows its title
    words = json.loads(re.search(r"var WORDS = (\{.*?\});\n", page).group(1))
    assert words["keys"]["alt labels"] == "简称 alt labels" and words["kinds"]["Park"] == "园区 Park"
    assert words["relations"]["partnerOf"] == "合作伙伴 partnerOf"
    assert ">6 个实体 entities · 1 个金额 amount · 5 条关系 relations<" in page
    assert "筛选 Filter" in page and "最少关系数 min. facts per entity" in page


def _namesakes():
    g = sample_graph()
    for i, org in enumerate(("甲公司", "乙公司")):
        p, pos, o = R[f"person/li-{i}"], R[f"position/li-{i}"], R[f"org/ns-{i}"]
        g.add((p, RDF.type, KG.Person))
        g.add((p, RDFS.label, Literal("李明")))
        g.add((o, RDF.type, KG.Company))
        g.add((o, RDFS.label, Literal(org)))
        g.add((p, KG.holdsRole, pos))
        g.add((pos, RDF.type, KG.Position))
        g.add((pos, KG.roleTitle, Literal("总经理")))
        g.add((pos, KG.organization, o))
    return g


def test_namesakes_carry_their_organisation():
    page = render_html(_namesakes())
    people = sorted((n["kgContext"], n["label"]) for n in _script_json(page, "nodeData") if n["label"] == "李明")
    assert people == [("乙公司", "李明"), ("甲公司", "李明")]
    others = [n for n in _script_json(page, "nodeData") if n["label"] != "李明"]
    assert all(n["kgContext"] == "" for n in others)


# ---------------------------------------------------------------- layout cache (issue 16)

def _components_graph(n: int = 6) -> Graph:
    """`n` parks, each with three companies located in it: `n` components of four nodes."""
    g = Graph()
    for i in range(n):
        park = R[f"park/{i}"]
        g.add((park, RDF.type, KG.Park))
        g.add((park, RDFS.label, Literal(f"第{i}产业园")))
        for j in range(3):
            org = R[f"organization/{i}-{j}"]
            g.add((org, RDF.type, KG.Company))
            g.add((org, RDFS.label, Literal(f"园区{i}企业{j}有限公司")))
            g.add((org, KG.locatedIn, park))
    return g


def test_a_cached_component_is_not_laid_out_again_and_a_changed_one_is(tmp_path, monkeypatch):
    import kg.viz_layout as layout

    calls = []
    real = layout._fa2_component
    monkeypatch.setattr(layout, "_fa2_component", lambda g, nodes: calls.append(len(nodes)) or real(g, nodes))
    cache = tmp_path / "store.kg-layout.json"
    g = _components_graph()
    fresh = render_html(g)                                   # no cache: every shape of component laid out
    assert calls == [4]                                      # (six components of one shape: once)
    calls.clear()
    assert render_html(g, layout_cache=cache) == fresh      # the cache changes nothing on the page
    assert calls == [4] and cache.is_file()
    calls.clear()
    assert render_html(g, layout_cache=cache) == fresh
    assert calls == []                                       # every component came from the cache
    # one changed "article": a new company in park 2 changes that component only
    org = R["organization/2-new"]
    g.add((org, RDF.type, KG.Company))
    g.add((org, RDFS.label, Literal("新来企业有限公司")))
    g.add((org, KG.locatedIn, R["park/2"]))
    changed = render_html(g, layout_cache=cache)
    assert calls == [5]
    calls.clear()
    assert render_html(g) == changed                         # the same page as without the cache
    assert calls == [5, 4]
    # the file keeps the components of the last page only
    assert len(json.loads(cache.read_text(encoding="utf-8"))["layouts"]) == 6


def test_components_of_one_shape_get_the_layout_each_would_get_alone(monkeypatch):
    """_SameShape lays out one component per shape: the positions are those of laying out every
    component (forceatlas2 depends on the shape alone), so the page is the same."""
    import kg.viz_layout as layout

    g = _components_graph()
    for i in (1, 4):                                          # two more shapes: five nodes, a chain
        org = R[f"organization/{i}-extra"]
        g.add((org, RDF.type, KG.Company))
        g.add((org, RDFS.label, Literal(f"园区{i}新来企业")))
        g.add((org, KG.partnerOf, R[f"organization/{i}-0"]))
    drawn = to_networkx(g)
    calls = []
    real = layout._fa2_component
    monkeypatch.setattr(layout, "_fa2_component", lambda g, nodes: calls.append(len(nodes)) or real(g, nodes))
    shared = overview_layout(drawn)
    page = render_html(g)
    assert sorted(calls) == [4, 4, 5, 5]                     # a shape per render: 4 and 5 nodes
    calls.clear()
    monkeypatch.setattr(layout._SameShape, "layout", lambda self, g, order: layout._fa2_component(g, order))
    assert overview_layout(drawn) == shared
    assert render_html(g) == page
    assert sorted(calls) == [4] * 8 + [5] * 4                 # every component, twice


def test_a_broken_layout_cache_is_an_empty_one(tmp_path):
    cache = tmp_path / "c.json"
    cache.write_text("{not json", encoding="utf-8")
    page = render_html(_components_graph(2), layout_cache=cache)
    assert page == render_html(_components_graph(2))
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == "kg-layout/1"


def test_build_and_viz_keep_the_layouts_beside_the_store(tmp_path):
    from kg import api

    src = tmp_path / "news.txt"
    src.write_text("威高国际医疗器械产业园落户青岛高新区。", encoding="utf-8")
    store = tmp_path / ".kg"
    api.build([str(src)], store=store, out=tmp_path / "out", validate=False)
    cache = api.layout_cache_path(store)
    assert cache == tmp_path / ".kg.kg-layout.json" and cache.is_file()
    cache.unlink()
    api.visualize(store, tmp_path / "part.html", focus="青岛高新区")   # a part of the graph: not cached
    assert not cache.exists()
    api.visualize(store, tmp_path / "all.html")
    assert cache.is_file()
