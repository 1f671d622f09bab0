"""`kg serve`: the real server started on loopback as a subprocess and queried
with SPARQLWrapper and plain HTTP. Read-only by default, time and result-size
limits, content negotiation, the query page."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import api
from kg.errors import StoreError
from kg.store import Store
from kg.viz import render_html
from kg.vocab import PREFIXES

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper (test extra) is not installed")
from SPARQLWrapper import CSV, JSON, POST, TSV, XML, SPARQLWrapper as Client  # noqa: E402
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::RuntimeWarning")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"
PARKS = "SELECT ?park ?label WHERE { ?park a kg:Park ; rdfs:label ?label } ORDER BY ?label"


class Server:
    def __init__(self, store: Path, *args: str):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0", *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stderr.readline()        # "serving ... at http://127.0.0.1:PORT/sparql ..."
        m = re.search(r"at (http://[\d.]+:\d+)/sparql", line)
        if not m:
            self.stop()
            raise AssertionError(f"server did not start: {line}{self.proc.stderr.read()}")
        self.url = m.group(1)
        self.endpoint = self.url + "/sparql"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stderr.close()


def build(store: Path, out: Path) -> None:
    api.build([str(SEED)], store=store, out=out, validate=False, html=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("served")
    build(d / "store", d / "out")
    return d / "store"


@pytest.fixture(scope="module")
def server(store):
    srv = Server(store, "--timeout", "2", "--max-result-bytes", "50000")
    yield srv
    srv.stop()


def local(store: Path, sparql: str, fmt) -> bytes:
    """The same query through pyoxigraph in this process (readers share the store)."""
    with Store.open_read_only(store) as st:
        return st.oxigraph.query(sparql, prefixes=dict(PREFIXES)).serialize(format=fmt)


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read()


def get(server, sparql: str, accept: str | None = None):
    return http(server.endpoint + "?" + urlencode({"query": sparql}), headers={"Accept": accept} if accept else {})


def wrapper(server, sparql: str, fmt=JSON, method=None) -> Client:
    c = Client(server.endpoint)
    c.setQuery(sparql)
    c.setReturnFormat(fmt)
    if method:
        c.setMethod(method)
    return c


# ---------------------------------------------------------------- queries

def test_binds_loopback_by_default(server):
    assert server.url.startswith("http://127.0.0.1:")


def test_sparqlwrapper_select_json(server, store):
    res = wrapper(server, ARTICLES).queryAndConvert()
    assert res["head"]["vars"] == ["n"]
    assert [b["n"]["value"] for b in res["results"]["bindings"]] == ["10"]
    res = wrapper(server, PARKS, method=POST).queryAndConvert()
    labels = [b["label"]["value"] for b in res["results"]["bindings"]]
    expected = [s["label"].value for s in Store.open_read_only(store).query(PARKS)]
    assert labels == expected and len(labels) == 15


@pytest.mark.parametrize("fmt, ox_fmt", [(XML, ox.QueryResultsFormat.XML), (CSV, ox.QueryResultsFormat.CSV),
                                         (TSV, ox.QueryResultsFormat.TSV), (JSON, ox.QueryResultsFormat.JSON)])
def test_sparqlwrapper_every_results_format(server, store, fmt, ox_fmt):
    got = wrapper(server, PARKS, fmt).query().response.read()
    assert got == local(store, PARKS, ox_fmt)


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("text/html, text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
])
def test_plain_http_get_negotiates_by_accept(server, accept, media):
    status, ctype, body = get(server, ARTICLES, accept)
    assert (status, ctype) == (200, media)
    assert b"10" in body


def test_post_form_and_sparql_query_body(server, store):
    expected = local(store, PARKS, ox.QueryResultsFormat.CSV)
    form = urlencode({"query": PARKS}).encode()
    assert http(server.endpoint, form, {"Content-Type": "application/x-www-form-urlencoded",
                                        "Accept": "text/csv"}) == (200, "text/csv; charset=utf-8", expected)
    assert http(server.endpoint, PARKS.encode(), {"Content-Type": "application/sparql-query",
                                                  "Accept": "text/csv"}) == (200, "text/csv; charset=utf-8", expected)


def test_construct_gives_turtle(server, store):
    q = "CONSTRUCT { ?p a kg:Park ; rdfs:label ?l } WHERE { ?p a kg:Park ; rdfs:label ?l }"
    status, ctype, body = get(server, q)
    assert (status, ctype) == (200, "text/turtle; charset=utf-8")
    assert len(Graph().parse(data=body.decode(), format="turtle")) == 30
    status, ctype, body = get(server, q, "application/n-triples")
    assert (status, ctype) == (200, "application/n-triples")
    assert len(body.decode().splitlines()) == 30


def test_unacceptable_format_is_406(server):
    assert get(server, ARTICLES, "text/turtle")[0] == 406
    assert get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")[0] == 406


def test_syntax_error_is_400(server):
    status, _, body = get(server, "SELECT WHERE {")
    assert status == 400 and b"syntax error" in body
    with pytest.raises(QueryBadFormed):
        wrapper(server, "SELECT ?x WHERE { ?x ").query()


def test_graph_parameters(server, store):
    with Store.open_read_only(store) as st:
        first = str(st.articles()[0])
        n = len(st.article_graph(first))
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, _, body = http(server.endpoint + "?" + urlencode({"query": q, "default-graph-uri": first}),
                           headers={"Accept": "text/csv"})
    assert status == 200 and body.decode().split() == ["n", str(n)]


# ---------------------------------------------------------------- read-only and limits

def test_update_is_refused(server, store):
    c = wrapper(server, "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> "
                        "<http://example.org/b> <http://example.org/c> } }", method=POST)
    with pytest.raises(urllib.error.HTTPError) as err:
        c.query()
    assert err.value.code == 403
    status, _, body = http(server.endpoint, b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body and b"--allow-update" in body
    status, _, _ = http(server.endpoint, urlencode({"update": "CLEAR ALL"}).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    assert get(server, ARTICLES, "text/csv")[2].split() == [b"n", b"10"]


def test_a_query_past_the_time_limit_gets_503_and_the_server_keeps_serving(server):
    for _ in range(2):                     # the replaced worker serves, and times out again
        status, ctype, body = get(server, SLOW)
        assert status == 503
        assert b"Query timeout" in body and b"limit of 2 s" in body
        status, _, body = get(server, ARTICLES, "text/csv")
        assert (status, body.split()) == (200, [b"n", b"10"])


def test_a_result_past_the_size_limit_gets_422(server):
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and b"Result too large" in body and b"50000 bytes" in body
    assert get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "text/csv")[0] == 200


def test_query_page_and_graph(server):
    status, ctype, body = http(server.url + "/")
    page = body.decode()
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert '<textarea name="query"' in page and 'href="/graph"' in page
    assert page.count('class="ex"') == 5
    assert http(server.url + "/nothing")[0] == 404


def test_a_build_is_refused_while_serving(server, store, tmp_path):
    with pytest.raises(StoreError, match="in use"):
        build(store, tmp_path / "out")


def test_serve_help_states_the_defaults_and_limits():
    from click.testing import CliRunner

    from kg.cli import main

    text = " ".join(CliRunner().invoke(main, ["serve", "--help"]).stdout.split())
    for words in ("127.0.0.1", "read-only unless --allow-update", "--timeout", "--max-result-bytes",
                  "HTTP 503", "HTTP 422"):
        assert words in text


def test_serve_without_a_store_is_fatal(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", str(tmp_path / "none"), "--port", "0"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 2 and "no store here" in res.stderr


# ---------------------------------------------------------------- --allow-update

def test_allow_update_writes_into_an_article_graph_and_the_union(tmp_path):
    build(tmp_path / "store", tmp_path / "out")
    srv = Server(tmp_path / "store", "--allow-update", "--timeout", "60")
    try:
        c = wrapper(srv, "INSERT DATA { GRAPH <https://example.org/extra> { kgr:x a kg:Park ; rdfs:label \"新园区\" } }",
                    method=POST)
        c.query()
        q = "SELECT ?l WHERE { ?p a kg:Park ; rdfs:label ?l FILTER (?l = \"新园区\") }"
        assert get(srv, q, "text/csv")[2].decode().split() == ["l", "新园区"]
        assert get(srv, ARTICLES, "text/csv")[2].split() == [b"n", b"10"]
        status, ctype, body = http(srv.url + "/graph")
        assert (status, ctype) == (200, "text/html; charset=utf-8")
        assert b"<html" in body[:200].lower() and "新园区".encode() in body
    finally:
        srv.stop()
    with Store.open_read_only(tmp_path / "store") as st:
        assert "https://example.org/extra" in st
        assert body == render_html(st.union_graph(), title="kg").encode("utf-8")
