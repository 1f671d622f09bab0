"""`kg serve` against hostile callers (issue 13, "Nothing lost, nothing broken"):
SERVICE (server-side requests), DNS rebinding and cross-site updates, request
bodies with bad lengths, pathological queries. The real server on loopback;
every listener and request stays on 127.0.0.1."""
from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlencode

import pytest

from kg import api
from kg.errors import QueryError
from kg.federation import uses_service
from kg.server import LISTEN_BACKLOG, SparqlServer

from test_server import ARTICLES, SLOW, Server, build, get, http

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::RuntimeWarning")

PATHOLOGICAL = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
CHEAP = "ASK { ?p a kg:Park ; rdfs:label \"生命谷\" }"


class Listener:
    """A loopback TCP listener that records what connects to it (and answers nothing)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.received: list[bytes] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.done.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(2)
            try:
                self.received.append(conn.recv(4096))
            except OSError:
                self.received.append(b"")
            conn.close()

    def close(self):
        self.done.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    build(d / "store", d / "out")
    return d / "store"


@pytest.fixture(scope="module")
def server(store):
    srv = Server(store, "--timeout", "20", "--max-query-memory", "300000000")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    """Read-write, federation allowed, one more host name."""
    d = tmp_path_factory.mktemp("open")
    build(d / "store", d / "out")
    srv = Server(d / "store", "--allow-update", "--allow-service", "--allow-host", "kg.example", "--timeout", "30")
    yield srv
    srv.stop()


def port(srv) -> int:
    return int(srv.url.rsplit(":", 1)[1])


def raw(srv, data: bytes, wait: float = 10.0) -> bytes:
    """Send raw bytes, keep the socket open, read until the server closes it (or ``wait`` passes)."""
    with socket.create_connection(("127.0.0.1", port(srv)), timeout=wait) as s:
        s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except socket.timeout:
            pass
        return b"".join(chunks)


# ---------------------------------------------------------------- 1. SERVICE

@pytest.mark.parametrize("sparql, expected", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { SeRvIcE ?endpoint { ?s ?p ?o } }", True),
    (r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } } } }", True),
    ("ASK { { ?s ?p ?o } UNION { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } }", True),
    # the comment ends at the newline: a lexer that took `<?o)SERVICE#>` for an IRI would miss it
    ("SELECT * WHERE { ?s ?p ?o FILTER(?s<?o)SERVICE#>\n<http://127.0.0.1:1/x>{?a ?b ?c} }", True),
    ('SELECT * WHERE { ?s rdfs:label "SERVICE <http://127.0.0.1:1/> { }" } # SERVICE <http://127.0.0.1:1/>', False),
    ("SELECT ?service WHERE { ?service kg:service <http://example.org/SERVICE> }", False),
    ("SELECT * WHERE { ?s ?p ?o }", False),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ", None),   # cannot be checked: refused
])
def test_service_is_found_by_parsing(sparql, expected):
    assert uses_service(sparql) is expected


@pytest.mark.parametrize("update, expected", [
    ("INSERT { GRAPH <http://example.org/g> { ?s ?p ?o } } WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", True),
    ("DELETE WHERE { GRAPH ?g { ?s kg:service ?o } }", False),
    ('INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> rdfs:label "service" } }', False),
])
def test_service_in_updates(update, expected):
    assert uses_service(update, update=True) is expected


def test_server_refuses_service_and_sends_nothing(server, listener):
    for q in (f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
              f"select * where {{ {{ select ?s where {{ service silent <{listener.url}> {{ ?s ?p ?o }} }} }} }}"):
        status, _, body = get(server, q)
        assert status == 400
        assert b"Federated query refused: SERVICE" in body and b"--allow-service" in body
        status, _, body = http(server.endpoint, q.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 400 and b"--allow-service" in body
    # a comment or a string that says SERVICE is not a SERVICE call
    q = f'SELECT (COUNT(*) AS ?n) WHERE {{ ?a a kg:Article FILTER (?a != "SERVICE <{listener.url}>") }} # SERVICE'
    assert get(server, q, "text/csv")[2].split() == [b"n", b"10"]
    time.sleep(0.5)
    assert listener.received == []


def test_allow_service_lets_the_server_federate(open_server, listener):
    status, _, _ = get(open_server, f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}")
    assert status == 200
    assert listener.received and listener.received[0].startswith(b"POST /sparql HTTP/1.1")


def test_service_in_an_update_is_refused_without_the_flag(store, listener, tmp_path):
    build(tmp_path / "store", tmp_path / "out")
    srv = Server(tmp_path / "store", "--allow-update")
    try:
        u = (f"INSERT {{ GRAPH <http://example.org/g> {{ ?s ?p ?o }} }} "
             f"WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}")
        status, _, body = http(srv.endpoint, u.encode(), {"Content-Type": "application/sparql-update"})
        assert status == 400 and b"Federated update refused" in body and b"--allow-service" in body
    finally:
        srv.stop()
    assert listener.received == []


def test_kg_query_does_not_federate_unless_allowed(store, listener, monkeypatch):
    q = f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"
    monkeypatch.delenv("KG_ALLOW_SERVICE", raising=False)
    with pytest.raises(QueryError, match="SERVICE.*KG_ALLOW_SERVICE=1"):
        api.query(q, store)
    time.sleep(0.3)
    assert listener.received == []
    # pyoxigraph itself does federate: allowed, the request goes out
    monkeypatch.setenv("KG_ALLOW_SERVICE", "1")
    api.query(q, store)
    assert listener.received and b"user-agent: oxigraph" in listener.received[0].lower()


# ---------------------------------------------------------------- 2. Host, Origin, CORS

@pytest.mark.parametrize("host, status", [
    ("evil.example", 403), ("evil.example:{port}", 403), ("127.0.0.1.evil.example:{port}", 403),
    ("localhost:{port}", 200), ("127.0.0.1:{port}", 200), ("[::1]:{port}", 200), ("LOCALHOST", 200),
])
def test_only_the_host_names_it_was_started_for(server, host, status):
    host = host.format(port=port(server))
    for path in ("/", "/sparql?" + urlencode({"query": ARTICLES})):
        got, _, body = http(server.url + path, headers={"Host": host})
        assert got == status, (host, path)
        if status == 403:
            assert b"--allow-host" in body


def test_allow_host_adds_a_name(open_server, server):
    assert http(open_server.url + "/", headers={"Host": "kg.example"})[0] == 200
    assert http(server.url + "/", headers={"Host": "kg.example"})[0] == 403


def _count(srv) -> list[bytes]:
    return get(srv, ARTICLES, "text/csv")[2].split()


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://127.0.0.1:1"},                        # another port on this machine
    {"Referer": "http://evil.example/page.html"},
])
def test_a_cross_site_form_post_cannot_drop_the_store(open_server, headers):
    form = urlencode({"update": "DROP ALL"}).encode()
    status, _, body = http(open_server.endpoint, form,
                           dict(headers, **{"Content-Type": "application/x-www-form-urlencoded"}))
    assert status == 403 and b"another site" in body
    status, _, _ = http(open_server.endpoint, b"DROP ALL", dict(headers, **{"Content-Type": "application/sparql-update"}))
    assert status == 403
    assert _count(open_server) == [b"n", b"10"]


def test_an_update_from_its_own_origin_is_accepted(open_server):
    own = open_server.url
    u = 'INSERT DATA { GRAPH <https://example.org/own> { kgr:y a kg:Park ; rdfs:label "本站" } }'
    status, _, _ = http(open_server.endpoint, urlencode({"update": u}).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded", "Origin": own})
    assert status == 204
    status, _, _ = http(open_server.endpoint, b"CLEAR GRAPH <https://example.org/own>",
                        {"Content-Type": "application/sparql-update", "Referer": own + "/"})
    assert status == 204
    assert _count(open_server) == [b"n", b"10"]


def test_cors_preflight(server):
    own = server.url
    status, _, _ = http(server.endpoint, method="OPTIONS",
                        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert status == 403
    import urllib.request
    req = urllib.request.Request(server.endpoint, method="OPTIONS",
                                 headers={"Origin": own, "Access-Control-Request-Method": "POST"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 204
        assert resp.headers["Access-Control-Allow-Origin"] == own
        assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    with urllib.request.urlopen(urllib.request.Request(server.endpoint, method="OPTIONS"), timeout=30) as resp:
        assert resp.status == 204 and resp.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
        assert resp.headers["Access-Control-Allow-Origin"] is None
    # no CORS header on answers to other origins
    resp = http(server.endpoint + "?" + urlencode({"query": ARTICLES}), headers={"Origin": "http://evil.example"})
    assert resp[0] == 200


# ---------------------------------------------------------------- 3. request bodies

def _post_head(srv, extra: str) -> bytes:
    return (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port(srv)}\r\n"
            f"Content-Type: application/sparql-query\r\nAccept: text/csv\r\n{extra}\r\n").encode()


@pytest.mark.parametrize("header, status, words", [
    ("Content-Length: -1\r\n", 400, b"non-negative"),
    ("Content-Length: abc\r\n", 400, b"non-negative"),
    ("Content-Length: 5\r\nContent-Length: 6\r\n", 400, b"non-negative"),
    ("", 411, b"Length Required"),
    ("Transfer-Encoding: chunked\r\n", 411, b"chunked"),
    ("Content-Length: 300000000\r\n", 413, b"at most 1000000 bytes"),
])
def test_bad_lengths_are_answered_at_once(server, header, status, words):
    start = time.monotonic()
    answer = raw(server, _post_head(server, header) + b"ASK {}", wait=10)   # the socket stays open
    assert answer.startswith(f"HTTP/1.1 {status}".encode()), answer[:200]
    assert words in answer
    assert b"Connection: close" in answer
    assert time.monotonic() - start < 8


def test_a_body_over_the_limit_is_not_read(server):
    """300 MB announced, 2 MB sent: the server answers 413 and closes without reading on."""
    with socket.create_connection(("127.0.0.1", port(server)), timeout=10) as s:
        s.sendall(_post_head(server, "Content-Length: 300000000\r\n"))
        answer = s.recv(65536)
        assert answer.startswith(b"HTTP/1.1 413")
        sent = 0
        with pytest.raises(OSError):
            for _ in range(2000):                  # the server has closed: writing soon fails
                s.sendall(b"x" * 65536)
                sent += 65536
                time.sleep(0.001)
        assert sent < 200_000_000
    assert _count(server) == [b"n", b"10"]


def test_a_valid_length_is_read_exactly_and_the_connection_goes_on(server):
    body = ARTICLES.encode()
    one = _post_head(server, f"Content-Length: {len(body)}\r\n") + body
    last = _post_head(server, f"Content-Length: {len(body)}\r\nConnection: close\r\n") + body
    answer = raw(server, one + last, wait=10)
    assert answer.count(b"HTTP/1.1 200") == 2 and answer.count(b"n\r\n10\r\n") == 2


# ---------------------------------------------------------------- 4. pathological queries

def test_a_query_past_the_memory_limit_is_stopped(server):
    start = time.monotonic()
    status, _, body = get(server, PATHOLOGICAL)
    assert status == 503, body
    assert b"more memory than the server's limit of 300000000 bytes" in body and b"--max-query-memory" in body
    assert time.monotonic() - start < 20                  # before the time limit
    assert _count(server) == [b"n", b"10"]


def test_cheap_queries_are_answered_while_two_slow_ones_run(store):
    srv = Server(store, "--timeout", "20")
    try:
        slow = []
        hogs = [threading.Thread(target=lambda: slow.append(get(srv, SLOW)[0])) for _ in range(2)]
        for h in hogs:
            h.start()
        time.sleep(2)                                     # both slow queries hold the two main workers
        times, while_slow = [], []
        for _ in range(5):
            start = time.monotonic()
            status, _, body = get(srv, ARTICLES, "text/csv")
            times.append(time.monotonic() - start)
            while_slow.append(all(h.is_alive() for h in hogs))
            assert (status, body.split()) == (200, [b"n", b"10"])
        # the first cheap answers came while the slow ones still ran (on a loaded machine the
        # slow ones may reach their time limit before the fifth)
        assert while_slow[:2] == [True, True], (while_slow, times)
        assert max(times) < 5, times
        for h in hogs:
            h.join(60)
        assert slow == [503, 503]
    finally:
        srv.stop()


def test_the_listen_backlog_is_raised():
    assert SparqlServer.request_queue_size == LISTEN_BACKLOG >= 128
