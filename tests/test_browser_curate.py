"""`kg serve --allow-curation` in headless Chromium: select an edge, press the reject button, the
decision is in the curation file and the page says so; merge a selected node the same way."""
from __future__ import annotations

import pytest

from kg.curate import load
from offline_page import offline_page
from test_browser import _playwright, launch
from test_server import Server, build

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    sync_playwright = _playwright()
    d = tmp_path_factory.mktemp("curate-page")
    build(d / "store", d / "out")
    srv = Server(d / "store", "--allow-curation")
    try:
        with sync_playwright() as p:
            browser = launch(p)
            try:
                yield srv, browser, d / "curation.toml"
            finally:
                browser.close()
    finally:
        srv.stop()


def _select(page, what: str, label_js: str) -> str:
    """Select the first edge/node for which ``label_js`` (a JS predicate of the item) holds."""
    return page.evaluate(f"""() => {{
        const net = window.kgNetwork, data = net.body.data.{what}s;
        const item = data.get().find({label_js});
        net.select{what.capitalize()}s([item.id]);
        return item.id;
    }}""")


def test_reject_and_merge_buttons_write_the_file(served):
    srv, browser, curation = served
    context, page, report = offline_page(browser)
    context.unroute("**/*")                       # the page talks to its own server
    try:
        page.goto(srv.url + "/graph")
        page.wait_for_function("() => window.kgNetwork !== undefined")
        _select(page, "edge", "e => e.relation === 'partnerOf' && e.kgRows.some(r => r[1] === '威高集团')")
        # the page asks with window.prompt: answered here (the test page's own dialog handler dismisses)
        page.evaluate("() => { window.prompt = m => m.includes('reject') ? '签约不是合作' : '中关村生命科学园'; }")
        page.click("#kg-curate-reject")
        page.wait_for_function("() => document.getElementById('kg-curate-status').textContent.includes('c1')")
        assert page.locator("#kg-curate-status").text_content() == (
            "已记录 recorded: c1 reject 威高集团 partnerOf 青岛高新区 (line 4)")
        page.evaluate("() => window.kgNetwork.unselectAll()")
        _select(page, "node", "n => n.kgLabel === '生命谷'")
        page.click("#kg-curate-merge")
        page.wait_for_function("() => document.getElementById('kg-curate-status').textContent.includes('c2')")
    finally:
        context.close()
    assert report["page_errors"] == []
    decisions = load(curation).decisions
    assert [(d.action, dict(d.fields), d.note) for d in decisions] == [
        ("reject", {"subject": "威高集团", "relation": "partnerOf", "object": "青岛高新区"}, "签约不是合作"),
        ("merge", {"entity": "生命谷", "into": "中关村生命科学园"}, "")]
