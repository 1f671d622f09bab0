"""The written page in a real headless Chromium, with every network request blocked.

Needs Debian's /usr/bin/chromium (scripts/install-browser.sh) and the Python
playwright package (test extras); skips with a reason otherwise.  Never runs
`playwright install`.
"""
from __future__ import annotations

import os

import pytest

from graphs import (EXPECTED_EDGES, EXPECTED_KINDS, EXPECTED_NODES, GOV_NMPA, HOSTILE,
                    HOSTILE_TITLE, PARK_WEIGAO, sample_graph)
from offline_page import CHROMIUM, CHROMIUM_ARGS, offline_page
from kg.viz import write_html

pytestmark = pytest.mark.browser

SCREENSHOT = os.environ.get("KG_SCREENSHOT", "/tmp/kg-viz-browser.png")


def _playwright():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"{CHROMIUM} not installed (run scripts/install-browser.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright (Python) not installed: pip install -e '.[test]'")
    return sync_playwright


def launch(p):
    """Debian's chromium through Playwright ``p``; skip when it does not start."""
    try:
        return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # a broken chromium is an environment problem, not ours
        pytest.skip(f"chromium did not start: {exc}")


def node_xy(page, node_id: str) -> tuple[float, float]:
    """Page coordinates of a drawn node."""
    pos = page.evaluate("""(id) => {
        const net = window.kgNetwork;
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top};
    }""", node_id)
    return pos["x"], pos["y"]


@pytest.fixture(scope="module")
def page_report(tmp_path_factory):
    """Open the written page once; collect requests, console errors, dialogs, state."""
    sync_playwright = _playwright()
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    write_html(sample_graph(), out, title="青岛高新区 知识图谱")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            context, page, report = offline_page(browser)
            page.goto(out.as_uri())
            page.wait_for_function("document.body.dataset.drawn === '1'", timeout=20000)
            page.wait_for_function("document.body.dataset.stabilized === '1'", timeout=30000)
            page.wait_for_timeout(300)
            report["state"] = page.evaluate("""() => {
                const net = window.kgNetwork;
                const nodes = net.body.data.nodes.get();
                const edges = net.body.data.edges.get();
                const kinds = {};
                nodes.forEach(n => { kinds[n.kgKind] = (kinds[n.kgKind] || 0) + 1; });
                const byLabel = {};
                nodes.forEach(n => { byLabel[n.label] = n.id; });
                return {
                    nodes: net.body.data.nodes.length,
                    edges: net.body.data.edges.length,
                    drawnNodes: net.body.nodeIndices.length,
                    kinds: kinds,
                    labels: nodes.map(n => n.label),
                    edgeLabels: edges.map(e => e.label),
                    tipTexts: nodes.map(n => window.kgTip('node', n.id).textContent)
                        .concat(edges.map(e => window.kgTip('edge', e.id).textContent)),
                    imgs: document.querySelectorAll('img').length,
                    scripts: document.querySelectorAll('script').length,
                    legend: document.getElementById('kg-legend').innerText,
                    legendVisible: !!document.getElementById('kg-legend').offsetParent,
                    byLabel: byLabel,
                };
            }""")
            # Hover the hostile node: the page shows its tooltip; the markup must stay text.
            hostile_id = report["state"]["byLabel"][HOSTILE]
            x, y = node_xy(page, hostile_id)
            page.mouse.move(x, y)
            page.mouse.move(x + 1, y)
            try:
                page.wait_for_selector("#kg-tooltip", state="visible", timeout=5000)
                report["tooltip"] = page.inner_text("#kg-tooltip")
            except Exception:
                report["tooltip"] = None
            page.mouse.move(5, 790)
            page.wait_for_timeout(300)
            page.screenshot(path=SCREENSHOT, full_page=True)
            report["after_imgs"] = page.evaluate("document.querySelectorAll('img').length")
        finally:
            browser.close()
    return report


def test_no_request_leaves_file_scheme(page_report):
    assert page_report["blocked"] == []
    assert all(u.startswith("file://") for u in page_report["requests"])


def test_no_console_or_page_errors(page_report):
    assert page_report["console_errors"] == []
    assert page_report["page_errors"] == []


def test_every_expected_node_and_edge_is_drawn(page_report):
    st = page_report["state"]
    assert st["nodes"] == EXPECTED_NODES
    assert st["drawnNodes"] == EXPECTED_NODES
    assert st["edges"] == EXPECTED_EDGES
    assert st["kinds"] == EXPECTED_KINDS
    assert PARK_WEIGAO in st["labels"] and GOV_NMPA in st["labels"]
    assert "副局长 (former)" in st["edgeLabels"]


def test_hostile_text_runs_nothing_and_shows_literally(page_report):
    st = page_report["state"]
    assert page_report["dialogs"] == []
    assert st["imgs"] == 0 and page_report["after_imgs"] == 0
    assert st["scripts"] == 4            # vis-network, node and edge data, ours; the hostile title added none
    assert HOSTILE in st["labels"]       # the canvas label is the literal text
    tips = "\n".join(st["tipTexts"])
    assert HOSTILE in tips               # tooltips show the markup as text
    assert HOSTILE_TITLE in tips         # article title with </script> stays text too
    assert page_report["tooltip"] is not None, "hovering the hostile node showed no tooltip"
    assert HOSTILE in page_report["tooltip"]


def test_legend_is_visible(page_report):
    st = page_report["state"]
    assert st["legendVisible"]
    for name in ("Person", "Organization", "Park", "Place", "Project", "Event", "MonetaryAmount"):
        assert name in st["legend"]
    assert os.path.getsize(SCREENSHOT) > 10_000
