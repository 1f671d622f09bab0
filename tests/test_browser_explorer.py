"""The graph explorer on a realistic corpus, in headless Chromium (every non-file:// request blocked).

The corpus is built at test time, never committed: 1,000+ pseudo-articles of real
news (../shared/corpus: cnews-dev, invest-dev, and cluener-train sentences grouped
ten to an article) plus generated articles (companies settling in parks, their
managers), built into a store with ``kg build``; skipped with a reason when
../shared is absent.  A synthetic graph of 5,000 entities measures the time until
the page is usable.
"""
from __future__ import annotations

import json
import os
import random
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg import api
from kg.store import Store
from kg.viz import to_networkx, write_html
from kg.viz_select import page_graph
from offline_page import offline_page
from test_browser import _playwright, launch

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
ARTICLES = 1000                   # at least this many, real and generated
WIDTH, HEIGHT = 1280, 800

SPREAD_JS = """() => {
    const net = window.kgNetwork, ids = net.body.nodeIndices;
    const r = document.getElementById('mynetwork').getBoundingClientRect();
    const pos = net.getPositions(ids);
    let minx = Infinity, maxx = -Infinity, miny = Infinity, maxy = -Infinity;
    for (const id of ids) {
        const p = net.canvasToDOM(pos[id]);
        minx = Math.min(minx, p.x); maxx = Math.max(maxx, p.x);
        miny = Math.min(miny, p.y); maxy = Math.max(maxy, p.y);
    }
    return {visible: ids.length, fx: (maxx - minx) / r.width, fy: (maxy - miny) / r.height,
            scale: net.getScale(), times: window.kgTimes};
}"""

HUB_JS = """(k) => {
    const net = window.kgNetwork, scale = net.getScale();
    const nodes = net.body.data.nodes.get().filter(n => !n.hidden)
        .sort((a, b) => b.kgDegree - a.kgDegree).slice(0, k);
    return nodes.map(n => ({label: n.label, degree: n.kgDegree,
                            px: net.body.nodes[n.id].labelModule.fontOptions.size * scale}));
}"""


def _real_articles() -> list[dict]:
    out = []
    for name in ("cnews-dev.jsonl", "invest-dev.jsonl"):
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                out.append({"id": d.get("id"), "title": d.get("title") or d["text"][:20], "text": d["text"]})
    sents = [json.loads(x)["text"] for x in (SHARED / "cluener-train.json").read_text(encoding="utf-8")
             .splitlines() if x.strip()]
    for i in range(0, len(sents), 10):
        chunk = sents[i:i + 10]
        out.append({"id": f"cluener-{i // 10:04d}", "title": chunk[0][:30], "text": "\n".join(chunk)})
    return out


PARKS = ("青岛高新区", "苏州工业园区", "张江高科技园区", "中关村科技园", "武汉东湖高新区", "成都高新区")
FIELDS = ("生物科技", "医疗器械", "新能源", "智能装备", "新材料", "信息技术", "集成电路", "环保科技")
CITIES = ("青岛", "苏州", "上海", "北京", "武汉", "成都", "杭州", "深圳")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("海川", "明远", "建国", "晓东", "立新", "志强", "国华", "文博", "振宇", "思远")


def _generated_articles(n: int, seed: int = 17) -> list[dict]:
    """Companies settling in a few parks (the hubs) and their managers; a few partnerships."""
    rnd = random.Random(seed)
    companies = [f"{rnd.choice(CITIES)}{a}{b}{f}有限公司" for a, b, f in
                 ((rnd.choice("华海蓝恒瑞鑫"), rnd.choice("泰康达源通盛"), rnd.choice(FIELDS)) for _ in range(n))]
    out = []
    for i, company in enumerate(companies):
        park = PARKS[min(int(rnd.expovariate(0.8)), len(PARKS) - 1)]
        person = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
        title = rnd.choice(("总经理", "董事长"))
        text = f"{company}落户{park}。{company}{title}{person}表示，公司将加快项目建设。"
        if i and rnd.random() < 0.2:
            text += f"{company}与{companies[i - 1]}签署战略合作协议。"
        out.append({"id": f"gen-{i:04d}", "title": f"{company}落户{park}", "text": text})
    return out


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    if not (SHARED / "cluener-train.json").is_file():
        pytest.skip("../shared/corpus (cnews-dev, invest-dev, cluener-train) is not beside the checkout")
    d = tmp_path_factory.mktemp("explorer")
    articles = _real_articles() + _generated_articles(300)
    assert len(articles) >= ARTICLES
    src = d / "news.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    summary = api.build([str(src)], store=d / "store", out=d / "out", validate=False, html=False)
    assert summary.errors == []
    with Store(d / "store", read_only=True) as st:
        g = page_graph(st)
    out = write_html(g, d / "graph.html", title="explorer")
    return {"html": out, "drawn": to_networkx(g), "articles": len(articles)}


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
    context, page, report = offline_page(browser, WIDTH, HEIGHT)
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_function("document.body.dataset.drawn === '1'", timeout=60000)
        yield page, report
    finally:
        context.close()
    assert report["blocked"] == [] and report["page_errors"] == [] and report["console_errors"] == []


def test_opening_view_spreads_the_connected_part_over_the_canvas(browser, corpus_page):
    drawn = corpus_page["drawn"]
    connected = sum(1 for n in drawn.nodes if drawn.degree(n) > 0)
    isolated = drawn.number_of_nodes() - connected
    assert corpus_page["articles"] >= ARTICLES and isolated > connected > 500   # mostly isolated, as real news is
    with visit(browser, corpus_page["html"]) as (page, _):
        s = page.evaluate(SPREAD_JS)
        print(f"\n{corpus_page['articles']} articles, {drawn.number_of_nodes()} nodes, {connected} connected: "
              f"spread {s['fx']:.2f} x {s['fy']:.2f} of the canvas at zoom {s['scale']:.3f}, "
              f"drawn at {s['times']['drawn']:.0f} ms")
        assert s["visible"] == connected
        assert s["fx"] >= 1 / 3 and s["fy"] >= 1 / 3
        button = page.locator("#kg-isolated")
        assert button.text_content() == f"显示孤立实体 show isolated entities ({isolated})"
        hubs = page.evaluate(HUB_JS, 5)
        assert all(h["px"] >= 12 for h in hubs), hubs             # the hubs' labels are readable
        button.click()
        assert page.evaluate(SPREAD_JS)["visible"] == drawn.number_of_nodes()
        assert button.text_content() == f"隐藏孤立实体 hide isolated entities ({isolated})"


def test_small_labels_appear_as_one_zooms_in(browser, corpus_page):
    with visit(browser, corpus_page["html"]) as (page, _):
        # a leaf's label (12 px at zoom 1) is not drawn at the opening zoom, and is at zoom 1
        # (a page of more than BIG_PAGE nodes gives vis-network a label only while it can be read)
        vis = page.evaluate("""async () => {
            const net = window.kgNetwork;
            const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
            const drawn = (id) => !!net.body.data.nodes.get(id).label && net.body.nodes[id].labelModule.visible();
            const leaf = net.body.data.nodes.get().find(n => !n.hidden && n.kgDegree === 1);
            const before = drawn(leaf.id);
            net.moveTo({position: net.getPositions([leaf.id])[leaf.id], scale: 1.0, animation: false});
            net.emit("zoom", {});
            await frame();
            const after = drawn(leaf.id);
            const labelled = net.body.data.nodes.get().filter(n => n.label).length;
            return [net.getScale() === 1.0, before, after, labelled];
        }""")
        assert vis[:3] == [True, False, True]
        # zoomed in, only the labels near the view are given to vis-network
        assert vis[3] < corpus_page["drawn"].number_of_nodes() / 10
        # zoomed in, the hubs' labels are back to their own size (no giant text)
        page.evaluate("() => { const net = window.kgNetwork; net.moveTo({scale: 1.0, animation: false}); "
                      "net.emit('zoom', {}); }")
        sizes = page.evaluate("""() => window.kgNetwork.body.data.nodes.get()
            .filter(n => !n.hidden).map(n => n.font.size)""")
        assert max(sizes) <= 30


def test_searching_an_isolated_entity_shows_it(browser, corpus_page):
    drawn = corpus_page["drawn"]
    lone = next(n for n in sorted(drawn.nodes) if drawn.degree(n) == 0)
    with visit(browser, corpus_page["html"]) as (page, _):
        page.evaluate("(id) => window.kgFocus(id)", lone)
        st = page.evaluate("(id) => [window.kgNetwork.body.nodeIndices.includes(id), "
                           "document.getElementById('kg-panel').hidden]", lone)
        assert st == [True, False]


# ---------------------------------------------------------------- time to usable

USABLE_MS = 3000      # drawn, searched (hits, then the found node focused) and hovered (tooltip)

HUB_BOX_JS = """(id) => {
    const net = window.kgNetwork;
    net.moveTo({position: net.getPositions([id])[id], scale: 1.5, animation: false});
    net.emit("zoom", {});
    const p = net.canvasToDOM(net.getPositions([id])[id]);
    const r = document.getElementById('mynetwork').getBoundingClientRect();
    return {x: p.x + r.left, y: p.y + r.top};
}"""


def _thread_ms(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["ThreadTime"] * 1000


def time_to_usable(browser, path: Path, query: str, hub: str) -> dict:
    """Open the page and use it as a user does: wait for the drawing, search `query` (hits, then
    Enter focuses the first), hover the node `hub` until its tooltip shows.

    Every time is the page's own (window.kgTimes, performance marks): ``drawn`` from navigation
    start, and each interaction's latency from its input event's time stamp to the frame showing
    the result, so the harness's own pace is not counted.  ``usable`` = drawn + search + focus +
    hover.  ``cpu`` is the main thread's CPU time (Chrome DevTools Protocol metric ThreadTime) by then.
    """
    context, page, report = offline_page(browser, WIDTH, HEIGHT)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        page.goto(path.resolve().as_uri(), wait_until="commit")
        # never a blank canvas without a word: the progress message is there until the first draw
        page.wait_for_function("document.body && (document.body.dataset.drawn === '1' || "
                               "(document.getElementById('kg-progress') && "
                               "!document.getElementById('kg-progress').hidden))", timeout=30000)
        page.wait_for_function("document.body.dataset.drawn === '1'", timeout=60000)
        assert page.locator("#kg-progress").is_hidden()
        page.fill("#kg-search", query)
        page.wait_for_selector("#kg-hits li[data-id]")
        page.keyboard.press("Enter")
        page.wait_for_function("window.kgTimes.latency.focus !== undefined")
        heading = page.evaluate("document.getElementById('kg-panel').querySelector('h2').textContent")
        page.evaluate("() => window.kgUndim()")
        box = page.evaluate(HUB_BOX_JS, hub)
        page.mouse.move(box["x"] - 40, box["y"] - 40)
        page.mouse.move(box["x"], box["y"], steps=4)
        page.wait_for_selector(f'#kg-tooltip[data-for="node:{hub}"]', state="visible", timeout=15000)
        page.wait_for_function("window.kgTimes.latency.hover !== undefined")
        times = page.evaluate("window.kgTimes")
        cpu = _thread_ms(cdp)
        spread = page.evaluate(SPREAD_JS)
    finally:
        context.close()
    assert report["page_errors"] == [] and report["blocked"] == [] and report["console_errors"] == []
    lat = times["latency"]
    return {"drawn": times["drawn"], "search": lat["search"], "focus": lat["focus"], "hover": lat["hover"],
            "usable": times["drawn"] + lat["search"] + lat["focus"] + lat["hover"], "cpu": cpu,
            "heading": heading, "shown": spread["visible"]}


def assert_usable(browser, path: Path, query: str, hub: str, what: str) -> dict:
    """Time to usable under USABLE_MS, the best of up to three page loads.

    The machine the tests run on is shared (two cores, several test runs at once): a page load
    that waits for the CPU is not slow by itself.  The best of three loads is asserted; if even
    that is over the bound while the load average exceeds the number of cores, the wall clock
    measures the other processes, and what is asserted is the page's main-thread CPU time instead
    (printed either way).
    """
    runs = []
    for _ in range(3):
        runs.append(time_to_usable(browser, path, query, hub))
        if runs[-1]["usable"] < USABLE_MS:
            break
    best = min(runs, key=lambda r: r["usable"])
    load = os.getloadavg()[0]
    print(f"\n{what}: " + "; ".join(
        f"drawn {r['drawn']:.0f} + search {r['search']:.0f} + focus {r['focus']:.0f} + hover {r['hover']:.0f}"
        f" = usable at {r['usable']:.0f} ms (main thread {r['cpu']:.0f} ms CPU)" for r in runs)
        + f"; load average {load:.1f} on {os.cpu_count()} cores")
    assert best["heading"] == query
    if best["usable"] >= USABLE_MS and load > (os.cpu_count() or 1):
        assert best["cpu"] < USABLE_MS, best
    else:
        assert best["usable"] < USABLE_MS, best
    return best


def test_time_to_usable_at_5000_nodes(browser, tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from viz_render import synthetic_graph
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    g = synthetic_graph(5000)
    out = write_html(g, tmp_path / "big.html", title="5000")
    drawn = to_networkx(g)
    assert drawn.number_of_nodes() == 5000
    best = assert_usable(browser, out, "张1700", _hub(drawn), "5,000 entities")
    assert best["shown"] > 4900
    with visit(browser, out) as (page, _):
        s = page.evaluate(SPREAD_JS)
        assert s["fx"] >= 1 / 3 and s["fy"] >= 1 / 3


def test_time_to_usable_on_the_news_corpus(browser, corpus_page):
    drawn = corpus_page["drawn"]
    hub = _hub(drawn)
    assert drawn.number_of_nodes() > 5000
    assert_usable(browser, corpus_page["html"], drawn.nodes[hub]["label"], hub,
                  f"{corpus_page['articles']} articles, {drawn.number_of_nodes()} nodes")


# ---------------------------------------------------------------- drill in

def _hub(drawn) -> str:
    return min(drawn.nodes, key=lambda n: (-drawn.degree(n), n))


def _neighbourhood(drawn, nid) -> set:
    return {nid} | set(drawn.successors(nid)) | set(drawn.predecessors(nid))


DIM_JS = """() => {
    const d = window.kgDimmed();
    return {dimNodes: d ? d.nodes : [], dimEdges: d ? d.edges.length : 0,
            dimmed: document.body.dataset.dimmed || null};
}"""

# the colour drawn at the centre of node `id` once the view is on it at zoom 1.2
PIXEL_JS = """async (id) => {
    const net = window.kgNetwork;
    net.moveTo({position: net.getPositions([id])[id], scale: 1.2, animation: false});
    net.redraw();
    const canvas = document.querySelector('#mynetwork canvas');
    const p = net.canvasToDOM(net.getPositions([id])[id]), k = canvas.width / canvas.clientWidth;
    return Array.from(canvas.getContext('2d').getImageData(Math.round(p.x * k), Math.round(p.y * k), 1, 1).data);
}"""


def _near_colour(pixel: list, color: str, tol: int = 12) -> bool:
    return all(abs(p - int(color[i:i + 2], 16)) <= tol for p, i in zip(pixel, (1, 3, 5)))


def test_focus_dims_everything_but_the_neighbourhood(browser, corpus_page):
    drawn = corpus_page["drawn"]
    hub = _hub(drawn)
    near = _neighbourhood(drawn, hub)
    incident = sum(1 for u, v in drawn.edges() if hub in (u, v))
    with visit(browser, corpus_page["html"]) as (page, _):
        page.evaluate("(id) => window.kgFocus(id)", hub)
        st = page.evaluate(DIM_JS)
        assert st["dimmed"] == hub
        assert set(st["dimNodes"]) == set(drawn.nodes) - near
        assert st["dimEdges"] == drawn.number_of_edges() - incident
        # a hub's facts: 40 in the panel, the next 40 a click away
        assert incident > 80
        facts = page.locator("#kg-panel li.kg-fact")
        assert facts.count() == 40
        page.click("#kg-panel .kg-more-facts")
        assert facts.count() == 80
        # drawn: the (selected) hub in full colour, a node outside its neighbourhood washed out
        far = next(n for n in sorted(drawn.nodes, key=lambda n: (-drawn.degree(n), n)) if n not in near)
        assert min(page.evaluate(PIXEL_JS, hub)[:3]) < 150
        assert min(page.evaluate(PIXEL_JS, far)[:3]) > 200
        page.click("#kg-panel .kg-close")                    # closing the panel lifts the dimming
        st = page.evaluate(DIM_JS)
        assert st == {"dimNodes": [], "dimEdges": 0, "dimmed": None}
        assert _near_colour(page.evaluate(PIXEL_JS, far)[:3], drawn.nodes[far]["color"])


def test_filter_by_relation_and_by_degree(browser, corpus_page):
    drawn = corpus_page["drawn"]
    connected = {n for n in drawn.nodes if drawn.degree(n) > 0}
    keep_rel = {n for u, v, r in drawn.edges(data="relation") if r != "locatedIn" for n in (u, v)}
    with visit(browser, corpus_page["html"]) as (page, _):
        page.click("#kg-filters summary")
        page.uncheck("#kg-filters input[data-relation=locatedIn]")
        st = page.evaluate("""() => {
            const net = window.kgNetwork;
            return {nodes: net.body.nodeIndices.slice().sort(),
                    located: net.body.data.edges.get().filter(e => e.relation === 'locatedIn' && !e.hidden).length};
        }""")
        assert st["located"] == 0 and set(st["nodes"]) == keep_rel and len(keep_rel) < len(connected)
        page.check("#kg-filters input[data-relation=locatedIn]")
        page.fill("#kg-min-degree", "3")
        visible = page.evaluate("() => window.kgNetwork.body.nodeIndices.slice()")
        want = {n for n in connected if drawn.degree(n) >= 3}
        assert set(visible) == want and 0 < len(want) < len(connected)
        page.fill("#kg-min-degree", "0")
        assert len(page.evaluate("() => window.kgNetwork.body.nodeIndices")) == len(connected)


# ---------------------------------------------------------------- long strings

def _long_graph(n: int = 10000):
    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

    from kg.vocab import KG, KGR_NS

    r = Namespace(KGR_NS)
    g = Graph()
    org, park, art, a = r["org/long"], r["park/p"], r["article/long"], r["assertion/long"]
    long_name = "长" * (n - 1) + "名"
    g.add((org, RDF.type, KG.Company))
    g.add((org, RDFS.label, Literal(long_name)))
    g.add((park, RDF.type, KG.Park))
    g.add((park, RDFS.label, Literal("青岛高新区")))
    g.add((org, KG.locatedIn, park))
    g.add((art, RDF.type, KG.Article))
    g.add((art, DCTERMS.title, Literal("标" * (n - 1) + "题")))
    g.add((a, RDF.type, KG.Assertion))
    g.add((a, RDF.subject, org))
    g.add((a, RDF.predicate, KG.locatedIn))
    g.add((a, RDF.object, park))
    g.add((a, PROV.wasDerivedFrom, art))
    g.add((a, KG.evidence, Literal("证" * (n - 1) + "据")))
    return g, long_name


def test_long_strings_are_cut_and_one_click_away(browser, tmp_path):
    g, long_name = _long_graph()
    out = write_html(g, tmp_path / "long.html", title="长" * 10000)
    drawn = to_networkx(g)
    (org,) = [n for n, lbl in drawn.nodes(data="label") if lbl == long_name]
    (edge,) = [k for _, _, k in drawn.edges(keys=True)]
    with visit(browser, out) as (page, _):
        wide = "() => [document.documentElement.scrollWidth, window.innerWidth]"
        sw, iw = page.evaluate(wide)
        assert sw <= iw
        label = page.evaluate("(id) => window.kgNetwork.body.data.nodes.get(id).label", org)
        assert len(label) == 40 and label.endswith("\u2026")
        tips = page.evaluate("""(ids) => [window.kgTip('node', ids[0]).textContent.length,
                                          window.kgTip('edge', ids[1]).textContent]""", [org, edge])
        assert tips[0] < 600 and len(tips[1]) < 1500 and "click for the full text" in tips[1]
        page.evaluate("(id) => window.kgFocus(id)", org)
        panel = page.locator("#kg-panel")
        assert len(panel.text_content()) < 3000
        assert page.evaluate(wide)[0] <= iw
        heading = panel.locator("h2")
        assert heading.text_content() == "长" * 500 + "\u2026 全文 full text (10000)"
        heading.locator(".kg-more").click()
        assert heading.text_content() == long_name
        evidence = panel.locator(".kg-ev").first
        evidence.locator(".kg-more").click()
        assert evidence.text_content() == "\u201c" + "证" * 9999 + "据\u201d"
        assert page.evaluate(wide)[0] <= iw


# ---------------------------------------------------------------- expand / collapse, path

VISIBLE_JS = "() => window.kgNetwork.body.nodeIndices.slice()"


def test_collapse_and_expand_a_hub(browser, corpus_page):
    drawn = corpus_page["drawn"]
    und = drawn.to_undirected(as_view=True)

    def leaves_of(h):
        return {o for o in und.neighbors(h) if o != h and set(und.neighbors(o)) <= {h, o}}

    hub = min(drawn.nodes, key=lambda n: (-len(leaves_of(n)), n))    # the node with most leaves
    leaves = leaves_of(hub)
    assert len(leaves) >= 3
    with visit(browser, corpus_page["html"]) as (page, _):
        before = set(page.evaluate(VISIBLE_JS))
        page.evaluate("(id) => window.kgFocus(id)", hub)
        page.click("#kg-panel .kg-collapse")
        assert set(page.evaluate(VISIBLE_JS)) == before - leaves
        page.click("#kg-panel .kg-expand")
        assert set(page.evaluate(VISIBLE_JS)) == before
    with visit(browser, corpus_page["html"]) as (page, _):
        # expanding shows the neighbours a filter hid
        page.click("#kg-filters summary")
        page.fill("#kg-min-degree", str(max(d for _, d in drawn.degree()) + 1))
        assert page.evaluate(VISIBLE_JS) == []
        page.evaluate("(id) => window.kgFocus(id)", hub)      # search reveals the hub itself
        page.click("#kg-panel .kg-expand")
        assert set(page.evaluate(VISIBLE_JS)) == {hub} | set(und.neighbors(hub))


def test_path_between_two_entities(browser, corpus_page):
    import networkx as nx

    drawn = corpus_page["drawn"]
    und = nx.Graph(drawn.to_undirected())
    comp = max(nx.connected_components(und), key=lambda c: (len(c), min(c)))
    lengths = nx.single_source_shortest_path_length(und, min(comp))
    a = min(comp)
    b = max(lengths, key=lambda n: (lengths[n], n))
    assert lengths[b] >= 2
    name = lambda n: drawn.nodes[n]["label"]     # noqa: E731
    with visit(browser, corpus_page["html"]) as (page, _):
        page.fill("#kg-path-from-name", name(a))
        page.fill("#kg-path-to-name", name(b))
        page.click("#kg-path-go")
        path = page.evaluate("document.body.dataset.path").split(",")
        if path[0] != a:           # the name search may resolve to a namesake: check what it chose
            a = path[0]
        assert path[-1] == b or drawn.nodes[path[-1]]["label"] == name(b)
        assert len(path) - 1 == nx.shortest_path_length(und, path[0], path[-1])
        assert all(und.has_edge(x, y) for x, y in zip(path, path[1:]))
        st = page.evaluate(DIM_JS)
        assert set(drawn.nodes) - set(st["dimNodes"]) == set(path)
        assert page.locator("#kg-panel li.kg-fact").count() == len(path) - 1
        assert page.locator("#kg-path-status").text_content() == f"{len(path) - 1} 步 steps"
        # no path between two components: said so
        other = next(n for n in sorted(drawn.nodes) if drawn.degree(n) > 0 and n not in comp)
        assert page.evaluate("(ab) => window.kgPath(ab[0], ab[1])", [a, other]) is None
        assert page.locator("#kg-path-status").text_content().startswith("无路径 no path")


# ---------------------------------------------------------------- namesakes

def test_namesakes_are_told_apart_in_search_and_panel(browser, tmp_path):
    sys.path.insert(0, str(REPO / "tests"))
    from test_viz import _namesakes

    out = write_html(_namesakes(), tmp_path / "ns.html")
    with visit(browser, out) as (page, _):
        page.fill("#kg-search", "李明")
        page.wait_for_selector("#kg-hits li")
        hits = page.locator("#kg-hits li").all_text_contents()
        assert sorted(hits) == ["李明 · 乙公司", "李明 · 甲公司"]
        page.keyboard.press("Enter")
        panel = page.locator("#kg-panel")
        ctx = panel.locator(".kg-context").text_content()
        assert ctx in ("同名人物 namesake · 甲公司", "同名人物 namesake · 乙公司")
        assert ctx.split(" · ")[1] in panel.locator(".kg-meta").first.text_content()


# ---------------------------------------------------------------- what vis-network is given

def test_a_fact_added_by_hand_is_drawn_dashed_red(browser, tmp_path):
    """vis-network gets the drawing options of an edge only (kg.viz_page VIS_EDGE): a curated
    fact keeps its dashes and colour."""
    from rdflib import Literal
    from rdflib.namespace import RDF

    from kg.viz import CURATED_EDGE
    from kg.vocab import KG

    g, _ = _long_graph(20)
    (a,) = set(g.subjects(RDF.type, KG.Assertion))
    g.add((a, KG.extractor, Literal("curation/1")))
    out = write_html(g, tmp_path / "curated.html")
    (edge,) = [k for _, _, k in to_networkx(g).edges(keys=True)]
    with visit(browser, out) as (page, _):
        opts = page.evaluate("(id) => { const o = window.kgNetwork.body.edges[id].options; "
                             "return [o.dashes, o.color.color]; }", edge)
        assert opts == [True, CURATED_EDGE]
