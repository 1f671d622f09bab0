#!/usr/bin/env python3
"""How fast the `kg viz` page renders, on synthetic graphs (printed, never asserted).

    python benchmarks/viz_render.py [--sizes 500,5000] [--repeat 1] [--keep DIR]

For each size N it builds a synthetic kg graph of N entities (parks in places,
companies in parks, people holding roles at companies, partnerships; every
fact with a kg:Assertion, evidence sentence and article), then measures

* python: to_networkx + render_html (seconds) and the page size;
* in Debian's headless chromium (Playwright, network blocked), from navigation start:
  first draw (``window.kgTimes.drawn``: the page is usable, positions are always
  precomputed by kg.viz_layout.overview_layout) and ``kgTimes.stable``;
* interactivity once stable: one full redraw, a search + focus + fact panel
  (``kgFocus``), and hiding / showing the largest class through the legend.

Needs /usr/bin/chromium (scripts/install-browser.sh) and playwright (test extras).

    python benchmarks/viz_render.py --incremental 1000

measures what the page of a store costs after one changed article (issue 16): a store
of the first 1,000 articles of the browser tests' news corpus (../shared/corpus; the
generated articles without it), its page written by ``kg.api.visualize`` with an empty
layout cache (full) and again after one article changed and was rebuilt (the cache
beside the store keeps the unchanged components' layouts): seconds for the page and
for its layout, and how many components were laid out.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))         # offline_page: the browser tests' helper

from rdflib import Graph, Literal, Namespace  # noqa: E402
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD  # noqa: E402

from offline_page import CHROMIUM, CHROMIUM_ARGS, offline_page  # noqa: E402
from kg.viz import render_html, to_networkx  # noqa: E402
from kg.vocab import KG, KGR_NS  # noqa: E402

R = Namespace(KGR_NS)
TITLES = ("人工智能", "生物医药", "新能源", "集成电路", "高端装备", "新材料")


def synthetic_graph(n: int, seed: int = 7) -> Graph:
    """N entities: 4% places, 6% parks, 55% companies, 35% people; ~1.2 facts per entity."""
    rnd = random.Random(seed)
    g = Graph()
    n_place, n_park = max(1, n * 4 // 100), max(1, n * 6 // 100)
    n_org = max(1, n * 55 // 100)
    n_person = n - n_place - n_park - n_org
    places = [R[f"place/{i}"] for i in range(n_place)]
    parks = [R[f"park/{i}"] for i in range(n_park)]
    orgs = [R[f"organization/{i}"] for i in range(n_org)]
    people = [R[f"person/{i}"] for i in range(n_person)]
    for i, x in enumerate(places):
        g.add((x, RDF.type, KG.Place))
        g.add((x, RDFS.label, Literal(f"城市{i}市")))
    for i, x in enumerate(parks):
        g.add((x, RDF.type, KG.Park))
        g.add((x, RDFS.label, Literal(f"第{i}{TITLES[i % len(TITLES)]}产业园")))
    for i, x in enumerate(orgs):
        g.add((x, RDF.type, KG.Company))
        g.add((x, RDFS.label, Literal(f"{TITLES[i % len(TITLES)]}科技{i}有限公司")))
        if i % 3 == 0:
            g.add((x, KG.foundingYear, Literal(str(1990 + i % 30), datatype=XSD.gYear)))
    for i, x in enumerate(people):
        g.add((x, RDF.type, KG.Person))
        g.add((x, RDFS.label, Literal(f"张{i}")))
    n_art = max(1, n // 20)
    arts = [R[f"article/{i}"] for i in range(n_art)]
    for i, a in enumerate(arts):
        g.add((a, RDF.type, KG.Article))
        g.add((a, DCTERMS.title, Literal(f"产业新闻第{i}期")))
    k = 0

    def fact(s, p, o, sentence):
        nonlocal k
        a = R[f"assertion/{k}"]
        k += 1
        g.add((s, p, o))
        g.add((a, RDF.type, KG.Assertion))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, PROV.wasDerivedFrom, rnd.choice(arts)))
        g.add((a, KG.evidence, Literal(sentence)))
        g.add((a, KG.confidence, Literal(rnd.choice((0.6, 0.75, 0.9)))))

    for x in parks:
        fact(x, KG.locatedIn, rnd.choice(places), "该园区位于城市。")
    weights = [1.0 / (i + 1) for i in range(len(parks))]   # a few big parks
    for x in orgs:
        fact(x, KG.locatedIn, rnd.choices(parks, weights)[0], "公司近日正式落户该产业园，总投资约10亿元。")
        if rnd.random() < 0.15:
            fact(x, KG.partnerOf, rnd.choice(orgs), "双方签署战略合作协议。")
    for i, x in enumerate(people):
        pos = R[f"position/{i}"]
        org = rnd.choice(orgs)
        g.add((pos, RDF.type, KG.Position))
        g.add((pos, KG.roleTitle, Literal(rnd.choice(("董事长", "总经理", "主任")))))
        g.add((pos, KG.organization, org))
        fact(x, KG.holdsRole, pos, "董事长表示，将加快项目建设。")
        fact(pos, KG.organization, org, "董事长表示，将加快项目建设。")
    return g


MEASURE_JS = """async () => {
    const net = window.kgNetwork, t = window.kgTimes;
    let t0 = performance.now();
    net.redraw();
    const redraw = performance.now() - t0;
    const nodes = net.body.data.nodes.get();
    const last = nodes[nodes.length - 1];
    t0 = performance.now();
    window.kgFocus(last.id);
    const focus = performance.now() - t0;
    const counts = {};
    nodes.forEach(n => { counts[n.kgKind] = (counts[n.kgKind] || 0) + 1; });
    const big = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
    const li = Array.from(document.querySelectorAll('#kg-legend li[data-kg-class]'))
        .find(li => li.dataset.kgClass === big);
    t0 = performance.now();
    li.click();
    net.redraw();
    li.click();
    net.redraw();
    const toggle = performance.now() - t0;
    return {drawn: t.drawn, stable: t.stable, redraw: redraw, focus: focus, toggle: toggle,
            nodes: net.body.nodeIndices.length, physics: net.physics.options.enabled};
}"""


def measure(html_path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            _, page, report = offline_page(browser)
            page.goto(html_path.resolve().as_uri())
            page.wait_for_function("document.body.dataset.stabilized === '1'", timeout=600000)
            out = page.evaluate(MEASURE_JS)
        finally:
            browser.close()
    out["blocked"] = len(report["blocked"])
    out["errors"] = len(report["console_errors"]) + len(report["page_errors"])
    return out


def incremental(n_articles: int, out_dir: Path) -> None:
    """The page of an n-article store, full and after one changed article."""
    import json

    from kg import api
    import kg.viz_layout as layout
    from test_browser_explorer import SHARED, _generated_articles, _real_articles

    if (SHARED / "cluener-train.json").is_file():
        articles, what = _real_articles()[:n_articles], "news corpus"
    else:
        articles, what = _generated_articles(n_articles), "generated articles"
    src = out_dir / "news.jsonl"
    store = out_dir / "store"

    def write(arts):
        src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")

    write(articles)
    api.build([str(src)], store=store, out=out_dir / "out", validate=False, html=False)
    cache = api.layout_cache_path(store)
    stats = {}
    real_overview, real_fa2 = layout.overview_layout, layout._fa2_component

    def measure(name):
        laid = []
        spent = [0.0]

        def overview(*a, **k):
            t = time.perf_counter()
            try:
                return real_overview(*a, **k)
            finally:
                spent[0] += time.perf_counter() - t

        layout.overview_layout = overview
        layout._fa2_component = lambda g, nodes: laid.append(len(nodes)) or real_fa2(g, nodes)
        try:
            t0 = time.perf_counter()
            api.visualize(store, out_dir / f"{name}.html")
            stats[name] = (time.perf_counter() - t0, spent[0], len(laid), sum(laid))
        finally:
            layout.overview_layout, layout._fa2_component = real_overview, real_fa2

    if cache.exists():
        cache.unlink()
    measure("full")
    changed = dict(articles[0])
    changed["text"] += "\n蓝海未来科技有限公司落户烟台高新区。蓝海未来科技有限公司与青岛海川生物科技有限公司签署战略合作协议。"
    write([changed] + articles[1:])
    api.build([str(src)], store=store, out=out_dir / "out", validate=False, html=False)
    measure("one article changed")
    print(f"{len(articles)} articles ({what}); page written by kg.api.visualize, layout cache beside the store")
    print("page | seconds | layout seconds | components laid out | their nodes")
    for name, (sec, lay, comps, nodes) in stats.items():
        print(f"{name} | {sec:.2f} | {lay:.2f} | {comps} | {nodes}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,5000", help="entity counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=1, help="browser runs per size (median is printed)")
    ap.add_argument("--keep", default=None, help="directory to keep the generated pages in")
    ap.add_argument("--incremental", type=int, default=None, metavar="ARTICLES",
                    help="instead: the page of a store of ARTICLES articles, full and after one changed article")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    out_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-viz-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.incremental:
        incremental(args.incremental, out_dir)
        return 0

    print("times in ms from navigation start unless noted")
    header = ("entities", "nodes", "edges", "layout", "render s", "page MB", "first draw",
              "stable", "redraw", "focus", "legend x2")
    print(" | ".join(header))
    for n in sizes:
        g = synthetic_graph(n)
        t0 = time.perf_counter()
        drawn = to_networkx(g)
        page = render_html(g, title=f"synthetic {n}")
        render_s = time.perf_counter() - t0
        path = out_dir / f"synthetic-{n}.html"
        path.write_text(page, encoding="utf-8")
        runs = [measure(path) for _ in range(max(1, args.repeat))]

        def med(key):
            vals = sorted(r[key] for r in runs)
            return vals[len(vals) // 2]

        r0 = runs[0]
        if r0["blocked"] or r0["errors"]:
            print(f"  warning: {r0['blocked']} blocked requests, {r0['errors']} console errors")
        row = (str(n), str(r0["nodes"]), str(drawn.number_of_edges()),
               "precomputed",
               f"{render_s:.2f}", f"{len(page.encode('utf-8')) / 1e6:.2f}",
               f"{med('drawn'):.0f}", f"{med('stable'):.0f}", f"{med('redraw'):.0f}",
               f"{med('focus'):.0f}", f"{med('toggle'):.0f}")
        print(" | ".join(row), flush=True)
    print(f"pages in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
