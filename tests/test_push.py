"""`kg push --endpoint URL` against a real `oxigraph serve` started here: every
article graph arrives whole, pushing twice changes nothing, --union fills the
server's default graph, errors are reported."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import api
from kg.cli import main
from kg.push import graph_url
from kg.store import Store
from kg.errors import RemoteError

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper (test extra) is not installed")
from SPARQLWrapper import JSON, SPARQLWrapper as Client  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("pushed")
    api.build([str(SEED)], store=d / "store", out=d / "out", validate=False, html=False)
    return d / "store"


@pytest.fixture
def oxigraph(tmp_path):
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the `oxigraph` server (pip install oxigraph, in the test extra) is not installed")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("oxigraph serve exited")
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph serve did not start")
    yield url
    proc.terminate()
    proc.wait(10)


def select(url: str, sparql: str) -> list[dict]:
    c = Client(url + "/query")
    c.setQuery(sparql)
    c.setReturnFormat(JSON)
    return [{k: v["value"] for k, v in b.items()} for b in c.queryAndConvert()["results"]["bindings"]]


def remote_graphs(url: str) -> dict[str, int]:
    rows = select(url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows}


def local_graphs(store: Path) -> dict[str, int]:
    with Store.open_read_only(store) as st:
        return {str(a): len(st.article_graph(a)) for a in st.articles()}


def push(url: str, store: Path, *extra: str):
    res = CliRunner().invoke(main, ["push", "--endpoint", url + "/store", "--store", str(store), *extra],
                             catch_exceptions=False)
    return res


def test_push_sends_every_article_graph(oxigraph, store):
    expected = local_graphs(store)
    res = push(oxigraph, store)
    assert res.exit_code == 0, res.stderr
    assert res.stdout.strip() == f"pushed 10 article graph(s), {sum(expected.values())} triple(s)"
    assert remote_graphs(oxigraph) == expected
    assert len(expected) == 10
    # nothing in the server's default graph without --union
    assert select(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": "0"}]


def test_push_twice_changes_nothing_and_union_fills_the_default_graph(oxigraph, store):
    assert push(oxigraph, store).exit_code == 0
    first = remote_graphs(oxigraph)
    res = push(oxigraph, store, "--union")
    assert res.exit_code == 0, res.stderr
    assert remote_graphs(oxigraph) == first
    with Store.open_read_only(store) as st:
        union = st.triple_count()
        parks = sorted(s["label"].value for s in st.query("SELECT ?label WHERE { ?p a kg:Park ; rdfs:label ?label }"))
    assert res.stdout.strip().endswith(f"default graph: {union} triple(s)")
    assert select(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": str(union)}]
    got = sorted(r["label"] for r in select(
        oxigraph, "PREFIX kg: <https://w3id.org/cnkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                  "SELECT ?label WHERE { ?p a kg:Park ; rdfs:label ?label }"))
    assert got == parks and len(got) == 15


def test_push_to_a_closed_port_is_a_clear_error(store):
    res = push(f"http://127.0.0.1:{free_port()}", store)
    assert res.exit_code == 2
    assert "cannot reach the server" in res.stderr


def test_push_to_a_wrong_path_reports_the_http_status(oxigraph, store):
    res = CliRunner().invoke(main, ["push", "--endpoint", oxigraph + "/nothing", "--store", str(store)])
    assert res.exit_code == 2
    assert "HTTP 404" in res.stderr


def test_graph_url_escapes_the_iri():
    assert graph_url("http://h:3030/ds/data", "https://x/a b?c=1&d") == \
        "http://h:3030/ds/data?graph=https%3A%2F%2Fx%2Fa+b%3Fc%3D1%26d"
    assert graph_url("http://h/store?x=1", None) == "http://h/store?x=1&default"
    assert graph_url("http://h/store", None) == "http://h/store?default"
    with pytest.raises(RemoteError):
        graph_url("ftp://h/store", "https://x/a")
