#!/usr/bin/env python3
"""Screenshot of the sample graph for the README, made with the project's own tooling.

    python scripts/screenshot.py [--out docs/img/sample-graph.png] [--click NAME]
    python scripts/screenshot.py --generated 1000 --click '' --out docs/img/overview.png
    python scripts/screenshot.py --generated 1000 --drill --zoom 0.45 --out docs/img/drill-down.png

Builds data/seed-page.txt into a temporary store (kg.api.build), writes the page
(kg.api.visualize), opens it in Debian's headless chromium through Playwright
with every non-file:// request aborted, waits for the layout to settle, clicks
one node so the fact panel shows, and saves a PNG.  ``--corpus`` builds the
browser tests' realistic corpus instead (1,000+ pseudo-articles of real news from
../shared/corpus and generated articles, tests/test_browser_explorer.py), never
written into the repository; ``--generated N`` builds N generated articles instead
(made-up companies settling in some sixty parks, their managers, partnerships within
a park, a few stories with no fact: the README's screenshots, so they show no
third-party text); ``--drill`` focuses the node with most relations
(the rest dimmed, its facts in the panel) and zooms in on it.  Needs /usr/bin/chromium and
a CJK font (scripts/install-browser.sh); never downloads a browser.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))         # offline_page: the browser tests' helper

from kg import api  # noqa: E402
from offline_page import CHROMIUM, CHROMIUM_ARGS, offline_page  # noqa: E402



def generated_articles(n: int, seed: int = 16) -> list[dict]:
    """`n` made-up news items: companies settling in parks (a few big parks, many small ones),
    their managers, partnerships between companies of one park, and some items with no fact."""
    import random

    from test_browser_explorer import CITIES, FIELDS, GIVEN, SURNAMES

    rnd = random.Random(seed)
    parks = [f"{c}{f}产业园" for c in CITIES for f in FIELDS]
    rnd.shuffle(parks)
    weights = [1.0 / (i + 1) for i in range(len(parks))]
    tenants: dict[str, list[str]] = {}
    out = []
    for i in range(n):
        if rnd.random() < 0.15:
            out.append({"id": f"gen-{i:04d}", "title": f"行业动态第{i}期",
                        "text": f"第{i}期行业动态：近日，多家企业召开年度工作会议，总结经验。"})
            continue
        park = rnd.choices(parks, weights)[0]
        company = f"{rnd.choice(CITIES)}{rnd.choice('华海蓝恒瑞鑫')}{rnd.choice('泰康达源通盛')}{rnd.choice(FIELDS)}有限公司"
        person = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
        text = f"{company}落户{park}。{company}{rnd.choice(('总经理', '董事长'))}{person}表示，公司将加快项目建设。"
        here = tenants.setdefault(park, [])
        if here and rnd.random() < 0.15:
            text += f"{company}与{rnd.choice(here)}签署战略合作协议。"
        here.append(company)
        out.append({"id": f"gen-{i:04d}", "title": f"{company}落户{park}", "text": text})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "docs" / "img" / "sample-graph.png"))
    ap.add_argument("--input", default=str(REPO / "data" / "seed-page.txt"))
    ap.add_argument("--click", default=None,
                    help="node whose facts the panel shows (default: the node with most relations; '' for none)")
    ap.add_argument("--corpus", action="store_true",
                    help="the browser tests' realistic corpus (needs ../shared/corpus) instead of --input")
    ap.add_argument("--generated", type=int, default=None, metavar="N",
                    help="N generated articles (made-up names) instead of --input")
    ap.add_argument("--drill", action="store_true", help="focus the node with most relations, zoomed in")
    ap.add_argument("--zoom", type=float, default=0.9, help="the zoom of --drill (default 0.9)")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=720)
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kg-shot-") as tmp:
        tmp = Path(tmp)
        source, name = args.input, Path(args.input).name
        if args.corpus or args.generated:
            import json

            from test_browser_explorer import _generated_articles, _real_articles

            if args.generated:
                articles = generated_articles(args.generated)
            else:
                articles = _real_articles() + _generated_articles(300)
            source = tmp / "news.jsonl"
            source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                              encoding="utf-8")
            name = f"{len(articles)} articles"
        summary = api.build([str(source)], store=tmp / ".kg", out=tmp / "exports",
                            validate=False, html=False)
        if summary.errors:
            print(f"input errors: {summary.errors}", file=sys.stderr)
            return 1
        page_path = api.visualize(tmp / ".kg", tmp / "graph.html",
                                  title="kg · " + name)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                _, page, report = offline_page(browser, args.width, args.height)
                page.goto(page_path.resolve().as_uri())
                page.wait_for_function("document.body.dataset.stabilized === '1'", timeout=60000)
                if args.drill:
                    page.evaluate("""(zoom) => {
                        const net = window.kgNetwork;
                        const n = net.body.data.nodes.get().reduce((a, b) => (b.kgDegree > a.kgDegree ? b : a));
                        window.kgFocus(n.id);
                        net.moveTo({position: net.getPositions([n.id])[n.id], scale: zoom, animation: false});
                        net.emit("zoom", {});
                    }""", args.zoom)
                elif args.click != "":
                    pos = page.evaluate("""(name) => {
                        const net = window.kgNetwork;
                        const nodes = net.body.data.nodes.get();
                        const degree = (x) => net.getConnectedEdges(x.id).length;
                        const n = name === null
                            ? nodes.reduce((a, b) => (degree(b) > degree(a) ? b : a), nodes[0])
                            : nodes.find(n => n.label === name);
                        if (!n) return null;
                        const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
                        const r = document.getElementById('mynetwork').getBoundingClientRect();
                        return {x: p.x + r.left, y: p.y + r.top};
                    }""", args.click)
                    if pos is None:
                        print(f"no node labelled {args.click!r}", file=sys.stderr)
                        return 1
                    page.mouse.click(pos["x"], pos["y"])
                    page.mouse.move(5, args.height - 5)
                page.wait_for_timeout(400)
                out = Path(args.out)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
            finally:
                browser.close()
    errors = report["console_errors"] + report["page_errors"]
    if report["blocked"] or errors:
        print(f"blocked requests: {report['blocked']}\nconsole errors: {errors}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
