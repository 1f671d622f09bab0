"""The `kg serve` query page in headless Chromium: SELECT results as a table on the page,
CONSTRUCT as Turtle text, errors as text, labels and examples in Chinese and English."""
from __future__ import annotations

import pytest

from offline_page import offline_page
from test_browser import _playwright, launch
from test_server import PARKS, Server, build

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    sync_playwright = _playwright()
    d = tmp_path_factory.mktemp("serve-page")
    build(d / "store", d / "out")
    srv = Server(d / "store")
    try:
        with sync_playwright() as p:
            browser = launch(p)
            try:
                yield srv, browser
            finally:
                browser.close()
    finally:
        srv.stop()


def _open(served):
    srv, browser = served
    context, page, report = offline_page(browser)
    context.unroute("**/*")                       # the page talks to its own server
    page.goto(srv.url + "/")
    return context, page, report


def test_select_is_a_table_on_the_page(served):
    context, page, report = _open(served)
    try:
        page.fill("#query", PARKS)
        page.click("#run")
        page.wait_for_selector("#result table")
        heads = page.locator("#result th").all_text_contents()
        rows = page.locator("#result tbody tr")
        assert heads == ["?park", "?label"] and rows.count() > 3
        assert "青岛高新区" in page.locator("#result").text_content()
        assert page.locator("#status").text_content() == f"{rows.count()} 行 rows"
        assert page.url.endswith("/")                  # no navigation, no download
        labels = page.locator("body").text_content()
        for words in ("运行 Run query", "示例 Examples", "企业及其所在地 Companies and where they are",
                      "交互式图谱 The interactive graph"):
            assert words in labels
    finally:
        context.close()
    assert report["page_errors"] == []      # (the console notes the missing /favicon.ico)


def test_construct_is_turtle_text_and_errors_are_shown(served):
    context, page, report = _open(served)
    try:
        page.fill("#query", "CONSTRUCT { ?p a kg:Park } WHERE { ?p a kg:Park } LIMIT 2")
        page.click("#run")
        page.wait_for_selector("#result pre")
        assert "Park" in page.locator("#result pre").text_content()
        assert page.locator("#status").text_content() == "Turtle"
        page.fill("#query", "SELECT <img src=x onerror=alert(1)> WHERE {")
        page.click("#run")
        page.wait_for_selector("#result .error")
        assert "SPARQL syntax error" in page.locator("#result .error").text_content()
        assert page.locator("#result img").count() == 0
    finally:
        context.close()
    assert report["dialogs"] == []
