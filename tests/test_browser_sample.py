"""The page `kg build` writes for the sample, in a real headless Chromium.

Builds data/seed-page.txt with the library (`kg.api.build`) into a temporary
directory, opens exports/graph.html over file:// with every other request
aborted and recorded, and checks the page draws exactly the graph the store
holds.  Skips with a reason when chromium or playwright is missing (see
tests/test_browser.py, whose launch approach this reuses).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg import api
from kg.store import Store
from kg.viz import to_networkx
from kg.vocab import KG, ORG_KINDS
from offline_page import offline_page
from test_browser import _playwright, launch

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[1] / "data" / "seed-page.txt"
ENTITY_CLASSES = ("Person", "Organization", "Park", "Place", "Project", "Event")
MONEY_RELATIONS = ("investment", "fundsRaised", "revenue")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Build the sample; the union graph as the store holds it, and the drawn graph."""
    d = tmp_path_factory.mktemp("sample")
    summary = api.build([str(SEED)], store=d / ".kg", out=d / "exports", validate=False)
    assert summary.items == 10 and summary.errors == []
    with Store(d / ".kg", read_only=True) as st:
        union = st.union_graph()
    return {"html": summary.outputs["html"], "union": union, "drawn": to_networkx(union)}


@pytest.fixture(scope="module")
def page_report(sample):
    sync_playwright = _playwright()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            context, page, report = offline_page(browser)
            page.goto(Path(sample["html"]).resolve().as_uri())
            page.wait_for_function("document.body.dataset.drawn === '1'", timeout=20000)
            page.wait_for_timeout(300)
            report["drawn_flag"] = page.evaluate("document.body.dataset.drawn")
            shown = page.evaluate("window.kgNetwork.body.nodeIndices.length")
            # vis-network gets an isolated entity when it is first shown: show them all
            if page.locator("#kg-isolated").count():
                page.click("#kg-isolated")
            report["state"] = page.evaluate("""() => {
                const net = window.kgNetwork;
                const nodes = net.body.data.nodes.get();
                const kinds = {};
                nodes.forEach(n => { kinds[n.kgKind] = (kinds[n.kgKind] || 0) + 1; });
                return {
                    nodes: net.body.data.nodes.length,
                    edges: net.body.data.edges.length,
                    drawnNodes: net.body.nodeIndices.length,
                    ids: nodes.map(n => n.id),
                    labels: nodes.map(n => n.label),
                    kinds: kinds,
                };
            }""")
            report["state"]["drawnNodes"] = shown
        finally:
            browser.close()
    return report


def test_page_loads_nothing_from_outside(page_report):
    assert page_report["blocked"] == []
    assert page_report["requests"], "the page itself was not requested"
    assert all(u.startswith("file://") for u in page_report["requests"])


def test_no_console_errors_or_dialogs(page_report):
    assert page_report["console_errors"] == []
    assert page_report["page_errors"] == []
    assert page_report["dialogs"] == []


def test_page_is_drawn(page_report):
    assert page_report["drawn_flag"] == "1"


def test_drawn_nodes_are_the_graph_nodes(page_report, sample):
    st, drawn = page_report["state"], sample["drawn"]
    assert st["nodes"] == drawn.number_of_nodes()
    # the opening view shows the connected part; the isolated entities are a toggle away
    assert st["drawnNodes"] == sum(1 for n in drawn.nodes if drawn.degree(n) > 0)
    assert sorted(st["ids"]) == sorted(drawn.nodes)
    assert st["edges"] == drawn.number_of_edges()
    assert st["kinds"] == dict(Counter(k for _, k in drawn.nodes(data="kind")))
    assert sorted(st["labels"]) == sorted(lbl for _, lbl in drawn.nodes(data="label"))


def test_drawn_entity_nodes_are_the_distinct_entities_of_the_store(page_report, sample):
    """Counted straight from the RDF, not through kg.viz: one node per entity, one per amount."""
    union: Graph = sample["union"]
    types = [KG[c] for c in ENTITY_CLASSES] + [KG[k] for k in ORG_KINDS]
    entities = {s for t in types for s in union.subjects(RDF.type, t)}
    amounts = {o for rel in MONEY_RELATIONS for o in union.objects(None, KG[rel])}
    kinds = page_report["state"]["kinds"]
    assert kinds.get("Other", 0) == 0
    assert sum(n for k, n in kinds.items() if k != "MonetaryAmount") == len(entities)
    assert kinds.get("MonetaryAmount", 0) == len(amounts)
    assert page_report["state"]["nodes"] == len(entities) + len(amounts)
