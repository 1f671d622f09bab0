"""Open a page kg wrote in a real headless Chromium with every request outside file:// blocked.

Shared by the browser tests, `benchmarks/viz_render.py` and `scripts/screenshot.py` (which put
tests/ on their path). Test code, not part of the kg package. Takes a Playwright browser object
(Playwright itself is a test extra, never imported here).
"""
from __future__ import annotations

import os

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]


def offline_page(browser, width: int = 1280, height: int = 800):
    """(context, page, report): report lists every request, the blocked ones, console and page
    errors, and dialogs (which are dismissed)."""
    report: dict[str, list[str]] = {"requests": [], "blocked": [], "console_errors": [],
                                    "page_errors": [], "dialogs": []}
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")

    def route(r):
        url = r.request.url
        report["requests"].append(url)
        if url.startswith("file://"):
            r.continue_()
        else:
            report["blocked"].append(url)
            r.abort()

    def on_dialog(d):
        report["dialogs"].append(d.message)
        d.dismiss()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and report["console_errors"].append(m.text))
    page.on("pageerror", lambda e: report["page_errors"].append(str(e)))
    page.on("dialog", on_dialog)
    return context, page, report
