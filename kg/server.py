"""A SPARQL 1.1 Protocol endpoint over a kg store (`kg serve`).

    GET  /sparql?query=...            POST /sparql (form `query=`, or application/sparql-query)
    POST /sparql (form `update=`, or application/sparql-update)   only with allow_update
    GET  /                            a small HTML page: query box, example queries, links
    GET  /graph                       the interactive HTML graph of the store (kg.viz)

Results follow ``Accept`` (or a ``format`` parameter): SPARQL JSON (default),
XML, CSV, TSV for SELECT/ASK; Turtle (default), N-Triples, RDF/XML, JSON-LD
for CONSTRUCT/DESCRIBE. The usual kg prefixes are pre-bound, and the default
graph is the union of the article graphs, as for `kg query`.

Queries run in worker processes, each holding the store open read-only (a
shared lock, so no build writes meanwhile). A query that runs past the time
limit has its worker killed and replaced, and the client gets HTTP 503 with a
clear message; so does a query that needs more memory than ``max_query_memory``
(each worker's address space is capped with RLIMIT_AS, measured from what the
worker uses once the store is open: past it the engine aborts the worker, which
is replaced). A result bigger than the size limit is cut off while it is
written and answered with HTTP 422. The server itself never runs a query, so it
keeps serving.

Two lanes: ``workers`` processes take any request, and one more is kept for
short queries. A query is given the reserved worker only when all the others
are busy; if it runs past ``FAST_LANE_BUDGET`` seconds there, that worker is
killed and replaced and the query starts again on the main lane (its time
limit counts from its first start). So two pathological queries occupying the
main lane never make a cheap query wait for them.

With ``allow_update`` there is one worker, holding the store open for writing;
updates must write into article (named) graphs: after each update the default
graph is recomputed as their union.

Hostile callers (see docs/reliability.md, "Endpoint"):

* ``SERVICE`` (federation: the engine would call any URL the query names) is
  refused with HTTP 400 unless ``allow_service`` (kg.federation parses the
  query to find it).
* Every request must carry a ``Host`` this server was started for: the bind
  address, localhost / 127.0.0.1 / ::1 when it listens on loopback or on every
  address, and the ``allow_hosts`` names; others get HTTP 403 (DNS rebinding).
* An update whose ``Origin`` (or, without one, ``Referer``) is another site is
  refused with HTTP 403 (a form on any web page could otherwise post
  ``update=DROP ALL``). Clients that send neither (curl, SPARQLWrapper) are
  not browsers and pass. CORS: no ``Access-Control-Allow-Origin`` is ever sent
  to another origin, so other sites can neither read results nor preflight a
  request; OPTIONS from another origin is answered 403.
* A request body needs a valid ``Content-Length`` (missing: 411; negative or
  not a number: 400) of at most ``MAX_REQUEST_BYTES`` (else 413, the body is
  not read and the connection is closed). Chunked bodies are refused with 411.
"""
from __future__ import annotations

import html
import ipaddress
import multiprocessing as mp
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from .errors import KGError, QueryError, StoreError

__all__ = ["ServerConfig", "SparqlServer", "make_server", "serve", "EXAMPLES"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULT_BYTES = 10_000_000
DEFAULT_WORKERS = 2
DEFAULT_MAX_QUERY_MEMORY = 1_000_000_000   # bytes a worker may add to what it holds with the store open
MAX_REQUEST_BYTES = 1_000_000              # a request body (query or update text); larger: HTTP 413
QUEUE_WAIT = 30.0            # seconds a request may wait for a free worker
FAST_LANE_BUDGET = 1.0       # seconds a query may run on the worker kept for short queries
LISTEN_BACKLOG = 1024        # connections the kernel queues before accept (was socketserver's 5)
SOCKET_TIMEOUT = 60.0        # seconds a connection may sit idle or trickle a request
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

# media type -> pyoxigraph format name, for solutions/booleans and for graphs
RESULT_TYPES = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD",
}
FORMAT_PARAM = {  # ?format=... for browsers, which cannot set Accept from a link
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
RESULT_MEDIA = {"JSON": "application/sparql-results+json", "XML": "application/sparql-results+xml",
                "CSV": "text/csv; charset=utf-8", "TSV": "text/tab-separated-values; charset=utf-8"}
GRAPH_MEDIA = {"TURTLE": "text/turtle; charset=utf-8", "N_TRIPLES": "application/n-triples",
               "RDF_XML": "application/rdf+xml", "JSON_LD": "application/ld+json"}

EXAMPLES = (
    ("企业及其所在地 Companies and where they are",
     "SELECT ?company ?park WHERE {\n  ?c kg:locatedIn ?p .\n  ?c rdfs:label ?company .\n"
     "  ?p rdfs:label ?park .\n} ORDER BY ?company LIMIT 50"),
    ("人物及其职务 People and their roles",
     "SELECT ?person ?title ?org WHERE {\n  ?x kg:holdsRole ?pos ; rdfs:label ?person .\n"
     "  ?pos kg:roleTitle ?title ; kg:organization ?o .\n  ?o rdfs:label ?org .\n} LIMIT 50"),
    ("各类实体数量 Entities per class",
     "SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {\n  ?e a ?class .\n} GROUP BY ?class ORDER BY DESC(?n)"),
    ("投资额 Investments",
     "SELECT ?project ?amount ?value WHERE {\n  ?p kg:investment ?a ; rdfs:label ?project .\n"
     "  ?a rdfs:label ?amount ; schema:value ?value .\n} ORDER BY DESC(?value)"),
    ("文章（命名图）及其大小 Articles (named graphs) and their size",
     "SELECT ?g ?title (COUNT(*) AS ?triples) WHERE {\n  GRAPH ?g { ?s ?p ?o }\n"
     "  ?g dcterms:title ?title .\n} GROUP BY ?g ?title ORDER BY DESC(?triples)"),
)


@dataclass(frozen=True)
class ServerConfig:
    store: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    allow_update: bool = False
    timeout: float = DEFAULT_TIMEOUT            # seconds per query / update
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES
    workers: int = DEFAULT_WORKERS
    allow_service: bool = False                 # federated queries (SERVICE) reach other servers
    allow_hosts: tuple[str, ...] = ()           # more Host names to answer to (besides the bind address)
    max_query_memory: int = DEFAULT_MAX_QUERY_MEMORY
    allow_curation: bool = False                # POST /curate writes reject/merge decisions (loopback only)
    curation: str = ""                          # the curation file (default: the one beside the store)

    def host_names(self) -> frozenset[str]:
        """The Host header names this server answers to."""
        bind = self.host.strip("[]").lower()
        names = {bind} | {h.strip("[]").lower() for h in self.allow_hosts}
        try:
            ip = ipaddress.ip_address(bind)
            if ip.is_loopback or ip.is_unspecified:
                names.update(LOOPBACK_NAMES)
        except ValueError:
            if bind == "localhost":
                names.update(LOOPBACK_NAMES)
        names.discard("")
        names.discard("0.0.0.0")
        names.discard("::")
        return frozenset(names)


class _Reply(Exception):
    """An HTTP error answer: status and a plain-text message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


# ---------------------------------------------------------------- the worker process

class _TooLarge(Exception):
    pass


class _LimitedWriter:
    """A binary sink that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size, self.exceeded = limit, [], 0, False

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.exceeded = True
            raise _TooLarge()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


_MEMORY_MESSAGE = ("Query stopped: it needed more memory than the server's limit of {limit} bytes "
                   "(kg serve --max-query-memory). Add a LIMIT, avoid ORDER BY over large joins, "
                   "or narrow the patterns.\n")
_SERVICE_HINT = "start kg serve with --allow-service to allow it"


def _refuse_service(text: str, update: bool, allowed: bool) -> tuple[int, str, bytes] | None:
    from .federation import refuse_service

    try:
        refuse_service(text, update=update, allow=allowed, hint=_SERVICE_HINT)
    except QueryError as exc:
        return 400, "text/plain; charset=utf-8", f"{exc}\n".encode()
    return None


def _run_query(st, req: dict, max_bytes: int, allow_service: bool = False) -> tuple[int, str, bytes]:
    import pyoxigraph as ox

    from .vocab import PREFIXES

    refused = _refuse_service(req["text"], False, allow_service)
    if refused:
        return refused
    kwargs = {}
    if req.get("default_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req["default_graphs"]]
    if req.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req["named_graphs"]]
    try:
        result = st.oxigraph.query(req["text"], prefixes=dict(PREFIXES), **kwargs)
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {exc}\n".encode()
    writer = _LimitedWriter(max_bytes)
    if isinstance(result, ox.QueryTriples):
        fmt = req["graph_format"]
        if fmt is None:
            return 406, "text/plain; charset=utf-8", b"Not Acceptable: CONSTRUCT/DESCRIBE results come as " \
                b"text/turtle, application/n-triples, application/rdf+xml or application/ld+json\n"
        media, serialize = GRAPH_MEDIA[fmt], lambda: ox.serialize(result, writer, getattr(ox.RdfFormat, fmt))
    else:
        fmt = req["result_format"]
        if fmt is None:
            return 406, "text/plain; charset=utf-8", b"Not Acceptable: SELECT/ASK results come as " \
                b"application/sparql-results+json, application/sparql-results+xml, text/csv or " \
                b"text/tab-separated-values\n"
        media, serialize = RESULT_MEDIA[fmt], lambda: result.serialize(writer, getattr(ox.QueryResultsFormat, fmt))
    try:
        serialize()
    except Exception:
        if not writer.exceeded:
            raise
    if writer.exceeded:
        return 422, "text/plain; charset=utf-8", (
            f"Result too large: it exceeds the server's limit of {max_bytes} bytes "
            "(kg serve --max-result-bytes). Add a LIMIT, or select fewer variables.\n").encode()
    return 200, media, b"".join(writer.parts)


def _run_update(st, text: str, allow_service: bool = False) -> tuple[int, str, bytes]:
    from .vocab import PREFIXES

    refused = _refuse_service(text, True, allow_service)
    if refused:
        return refused
    try:
        st.oxigraph.update(text, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {exc}\n".encode()
    st.rebuild_union()
    return 204, "text/plain", b""


def _graph_page(st, max_bytes: int) -> tuple[int, str, bytes]:
    from .viz import render_html
    from .viz_select import page_graph

    page = render_html(page_graph(st), title="kg").encode("utf-8")   # the union's page, without its article texts
    if len(page) > max_bytes:
        return 422, "text/plain; charset=utf-8", (
            f"The graph page would be {len(page)} bytes, over the server's limit of {max_bytes} bytes "
            "(kg serve --max-result-bytes); use kg viz or a CONSTRUCT query instead.\n").encode()
    return 200, "text/html; charset=utf-8", page


def _address_space() -> int | None:
    try:
        with open("/proc/self/status") as f:
            m = re.search(r"VmSize:\s+(\d+) kB", f.read())
        return int(m.group(1)) * 1024 if m else None
    except OSError:
        return None


def _cap_memory(extra: int) -> None:
    """Cap this process's address space at what it uses now plus ``extra`` bytes.

    Past it an allocation fails and the engine aborts the process (the pool
    sees it die and answers HTTP 503). glibc is told to keep to two malloc
    arenas so that new threads do not reserve address space by the 64 MB.
    """
    import ctypes
    import resource

    try:
        ctypes.CDLL(None).mallopt(-8, 2)          # M_ARENA_MAX
    except (OSError, AttributeError):
        pass
    try:   # an aborted worker dumps no core
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    except (ValueError, OSError):
        pass
    used = _address_space()
    if used is None:
        return
    limit = used + extra
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _worker_main(conn, store: str, writable: bool, max_bytes: int,
                 allow_service: bool = False, max_memory: int | None = None) -> None:
    """Serve requests from ``conn`` until it closes."""
    import os

    from .store import Store

    os.environ["RUST_BACKTRACE"] = "0"    # no backtrace to symbolise when the engine aborts at the cap
    try:
        st = Store(store) if writable else Store.open_read_only(store)
    except KGError as exc:
        conn.send(("error", str(exc)))
        return
    import pyoxigraph  # noqa: F401  (loaded before the cap is measured)
    from . import federation, vocab  # noqa: F401

    if max_memory:
        _cap_memory(max_memory)
        try:   # the engine's "memory allocation failed" would go to the server's terminal
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
        except OSError:
            pass
    conn.send(("ready", ""))
    with st:
        while True:
            try:
                kind, req = conn.recv()
            except (EOFError, OSError):
                return
            try:
                if kind == "query":
                    reply = _run_query(st, req, max_bytes, allow_service)
                elif kind == "update":
                    reply = _run_update(st, req["text"], allow_service)
                else:
                    reply = _graph_page(st, max_bytes)
            except MemoryError:
                reply = (503, "text/plain; charset=utf-8", _MEMORY_MESSAGE.format(limit=max_memory).encode())
            except Exception as exc:  # one bad request must not end the worker
                reply = (500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode())
            conn.send(reply)


class _Worker:
    def __init__(self, ctx, cfg: ServerConfig, lane: str = "main"):
        self.lane = lane
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, daemon=True,
                                   args=(child, cfg.store, cfg.allow_update, cfg.max_result_bytes,
                                         cfg.allow_service, cfg.max_query_memory))
        self.process.start()
        child.close()
        if not self.conn.poll(60):
            self.kill()
            raise StoreError(f"{cfg.store}: the query worker did not start")
        status, message = self.conn.recv()
        if status != "ready":
            self.kill()
            raise StoreError(message)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(10)
        self.conn.close()


def _context():
    """Workers are forked from a fork server that has kg and pyoxigraph loaded
    (a replacement starts in ~0.07 s instead of ~0.6 s spawned); spawn where
    there is no fork server."""
    try:
        ctx = mp.get_context("forkserver")
    except ValueError:
        return mp.get_context("spawn")
    ctx.set_forkserver_preload(["kg.server", "kg.store", "kg.federation", "kg.vocab", "pyoxigraph"])
    return ctx


class _Overrun(Exception):
    """A query ran past the budget it was given."""


class _Pool:
    """Worker processes in two lanes.

    ``main``: ``cfg.workers`` processes (one, writable, with allow_update) that
    take any request. ``fast``: one more, given a query only while every main
    worker is busy, and only for ``FAST_LANE_BUDGET`` seconds. Past that, if a
    main worker is being replaced (the usual case: one just stopped a query),
    the fast worker joins the main lane and goes on, and the replacement will
    join the fast lane; otherwise it is killed and replaced, and the query
    starts again on a main worker. A query past the time limit, or one whose
    worker dies (past the memory limit the engine aborts), has its worker
    killed and replaced.
    """

    def __init__(self, cfg: ServerConfig):
        self.cfg = cfg
        self.ctx = _context()
        self.cond = threading.Condition()
        self.idle: dict[str, list[_Worker]] = {"main": [], "fast": []}
        self.all: set[_Worker] = set()
        self.closed = False
        self.timeouts = 0
        self.size = {"main": 1 if cfg.allow_update else max(1, cfg.workers),
                     "fast": 0 if cfg.allow_update else 1}
        try:
            for lane, n in self.size.items():
                for _ in range(n):
                    self._add(_Worker(self.ctx, cfg, lane))
        except KGError:
            self.close()
            raise

    def _count(self, lane: str) -> int:
        return sum(1 for w in self.all if w.lane == lane)

    def _add(self, w: _Worker) -> None:
        with self.cond:
            if not self.closed:
                for lane in ("main", "fast"):      # fill the lane that lacks a worker
                    if self._count(lane) < self.size[lane]:
                        w.lane = lane
                        self.all.add(w)
                        self.idle[lane].append(w)
                        self.cond.notify_all()
                        return
        w.kill()

    def _replace(self, w: _Worker) -> None:
        with self.cond:
            self.all.discard(w)
        w.kill()

        def spawn():
            for _ in range(3):
                try:
                    self._add(_Worker(self.ctx, self.cfg, w.lane))
                    return
                except KGError:
                    time.sleep(1)
        threading.Thread(target=spawn, daemon=True).start()

    def _acquire(self, deadline: float, fast_ok: bool) -> _Worker:
        with self.cond:
            while True:
                if self.closed:
                    raise _Reply(503, "The server is shutting down.\n")
                if self.idle["main"]:
                    return self.idle["main"].pop()
                if fast_ok and self.idle["fast"]:
                    return self.idle["fast"].pop()
                left = deadline - time.monotonic()
                if left <= 0:
                    wait = max(self.cfg.timeout, QUEUE_WAIT)
                    raise _Reply(503, f"Server busy: no query worker became free within {wait:g} s; "
                                      "try again.\n")
                self.cond.wait(left)

    def _release(self, w: _Worker) -> None:
        with self.cond:
            if w in self.all and not self.closed:
                self.idle[w.lane].append(w)
                self.cond.notify_all()

    def _promote(self, w: _Worker) -> bool:
        """Move busy fast worker ``w`` to the main lane if that lane lacks one."""
        with self.cond:
            if w in self.all and self._count("main") < self.size["main"]:
                w.lane = "main"
                return True
        return False

    def _exchange(self, w: _Worker, kind: str, req: dict, budget: float, sent: bool = False,
                  keep: bool = False) -> tuple[int, str, bytes]:
        """Send one request to ``w`` and wait ``budget`` seconds for the reply
        (``keep``: past it, leave the worker running for the caller)."""
        try:
            if not sent:
                w.conn.send((kind, req))
            if w.conn.poll(budget):
                reply = w.conn.recv()
                self._release(w)
                return reply
        except (EOFError, OSError):
            w.process.join(5)
            code = w.process.exitcode
            self._replace(w)
            if code in (-6, -9):   # SIGABRT: an allocation past the cap; SIGKILL: the kernel's OOM killer
                raise _Reply(503, _MEMORY_MESSAGE.format(limit=self.cfg.max_query_memory))
            raise _Reply(500, "The query worker failed; it has been restarted.\n")
        if not keep:
            self._replace(w)
        raise _Overrun()

    def run(self, kind: str, req: dict) -> tuple[int, str, bytes]:
        limit = self.cfg.timeout
        started = time.monotonic()
        deadline = started + max(limit, QUEUE_WAIT)
        fast_ok = kind == "query"
        w = self._acquire(deadline, fast_ok)
        try:
            if w.lane == "fast" and limit > FAST_LANE_BUDGET:
                try:
                    return self._exchange(w, kind, req, FAST_LANE_BUDGET, keep=True)
                except _Overrun:
                    pass           # a long query: it belongs on the main lane
                rest = max(0.001, limit - FAST_LANE_BUDGET)
                if self._promote(w):
                    return self._exchange(w, kind, req, rest, sent=True)
                self._replace(w)
                w = self._acquire(deadline, False)
                return self._exchange(w, kind, req, rest)
            return self._exchange(w, kind, req, limit)
        except _Overrun:
            self.timeouts += 1
            raise _Reply(503, f"Query timeout: the query ran longer than the server's limit of {limit:g} s "
                              "(kg serve --timeout) and was stopped. Add a LIMIT or narrow the patterns.\n")

    def close(self) -> None:
        with self.cond:
            self.closed = True
            workers, self.all = list(self.all), set()
            self.cond.notify_all()
        for w in workers:
            w.kill()


# ---------------------------------------------------------------- HTTP

def _accepted(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q=0 dropped)."""
    items = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, fields[0].lower()))
    return [m for _, _, m in sorted(items)]


def negotiate(accept: str | None, table: dict[str, str], default: str) -> str | None:
    """The format name for an Accept header; ``default`` for none or */*; None if nothing fits."""
    types = _accepted(accept)
    if not types:
        return default
    for media in types:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


def _split_host(value: str) -> tuple[str, int | None] | None:
    """``name[:port]`` or ``[v6]:port`` -> (lower-case name, port); None if malformed."""
    m = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?|([^:\[\]\s/@]+)(?::(\d{1,5}))?", value.strip())
    if not m:
        return None
    name, port = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return name.lower(), int(port) if port else None


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, cfg: ServerConfig):
        import os
        import threading

        from .curate import default_path

        self.cfg = cfg
        self.host_names = cfg.host_names()
        self.curation_lock = threading.Lock()     # one decision written at a time
        self.curation_path = Path(cfg.curation) if cfg.curation else default_path(cfg.store)
        self.curation_author = os.environ.get("USER") or os.environ.get("LOGNAME") or "unknown"
        self.pool = _Pool(cfg)
        try:
            super().__init__((cfg.host, cfg.port), _Handler)
        except OSError:
            self.pool.close()
            raise

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, TimeoutError)):
            return               # the client went away or stalled; nothing to answer
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT

    def log_message(self, format, *args):  # quiet by default; kg serve --verbose logs
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    # -- answers

    def _send(self, status: int, media: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        if self.close_connection:
            extra = dict(extra or {}, Connection="close")
        self._send(status, "text/plain; charset=utf-8", message.encode("utf-8"), extra)

    def _dispatch(self, fn) -> None:
        self._body_read = False
        try:
            self._check_host()
            fn()
        except _Reply as r:
            if self.command not in ("GET", "HEAD", "OPTIONS") and not self._body_read:
                self.close_connection = True     # an unread body must not be taken for the next request
            self._error(r.status, r.message)

    # -- who may ask

    def _check_host(self) -> None:
        """Refuse a Host header this server was not started for (DNS rebinding)."""
        values = self.headers.get_all("Host") or []
        if not values:
            if self.request_version == "HTTP/1.0":
                return             # no Host: not a browser (browsers always send one)
            raise _Reply(400, "Bad Request: an HTTP/1.1 request needs a Host header.\n")
        parsed = _split_host(values[0]) if len(values) == 1 else None
        if parsed is None:
            raise _Reply(400, "Bad Request: malformed Host header.\n")
        if parsed[0] not in self.server.host_names:
            shown = values[0].strip()[:100]
            raise _Reply(403, f"Forbidden: this server does not answer to the host name {shown!r} "
                              f"(it answers to {', '.join(sorted(self.server.host_names))}; "
                              f"start kg serve with --allow-host NAME to add one).\n")

    def _own_port(self) -> int:
        parsed = _split_host(self.headers.get("Host") or "")
        if parsed and parsed[1]:
            return parsed[1]
        if parsed:
            return 80
        return self.server.server_address[1]

    def _same_origin(self, value: str) -> bool:
        """Is ``value`` (an Origin, or a Referer URL) this server's own origin?"""
        try:
            url = urlsplit(value.strip())
            port = url.port or {"http": 80, "https": 443}.get(url.scheme)
        except ValueError:
            return False
        return (url.scheme in ("http", "https") and bool(url.hostname)
                and url.hostname.lower() in self.server.host_names and port == self._own_port())

    def _check_origin(self) -> None:
        """Refuse a state-changing request sent by another site's page (CSRF).

        Browsers send ``Origin`` with every POST; without it, ``Referer``
        decides; without either the client is not a browser page."""
        origin = self.headers.get("Origin")
        referer = self.headers.get("Referer")
        if origin is not None:
            if self._same_origin(origin):
                return
            shown = origin.strip()[:100]
        elif referer is not None:
            if self._same_origin(referer):
                return
            shown = urlsplit(referer.strip()).netloc[:100] or referer[:100]
        else:
            return
        raise _Reply(403, f"Forbidden: an update from another site ({shown}) is refused; updates are "
                          "accepted from this server's own page or from clients that send no Origin.\n")

    # -- verbs

    def do_GET(self) -> None:
        self._dispatch(self._get)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        self._dispatch(self._post)

    def do_OPTIONS(self) -> None:
        self._dispatch(self._options)

    def _options(self) -> None:
        """CORS preflight: allowed for this server's own origin only (never a wildcard)."""
        allow = {"Allow": "GET, HEAD, POST, OPTIONS"}
        origin = self.headers.get("Origin")
        if origin is None:
            self._send(204, "text/plain", b"", allow)
            return
        if not self._same_origin(origin):
            raise _Reply(403, "Forbidden: cross-origin requests are not allowed; this endpoint answers "
                              "pages of its own origin and clients that send no Origin.\n")
        self._send(204, "text/plain", b"", dict(allow, **{
            "Access-Control-Allow-Origin": origin.strip(),
            "Access-Control-Allow-Methods": "GET, HEAD, POST",
            "Access-Control-Allow-Headers": "Accept, Content-Type",
            "Access-Control-Max-Age": "600",
            "Vary": "Origin"}))

    def _get(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/sparql", "/query"):
            if "update" in params:
                raise _Reply(405, "Updates must be sent with POST.\n")
            if "query" not in params:
                self._send(200, "text/html; charset=utf-8", self._page().encode("utf-8"))
                return
            self._query(params)
        elif url.path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", self._page().encode("utf-8"))
        elif url.path == "/graph":
            status, media, page = self.server.pool.run("graph", {})
            if status == 200 and self.server.cfg.allow_curation:
                from .curate_page import with_buttons

                page = with_buttons(page)
            self._send(status, media, page)
        else:
            raise _Reply(404, "Not found: the SPARQL endpoint is /sparql; see / for the query page.\n")

    def _body(self) -> bytes:
        """The request body, read only if its Content-Length is valid and within MAX_REQUEST_BYTES."""
        coding = self.headers.get("Transfer-Encoding")
        if coding is not None:
            if coding.strip().lower() == "chunked":
                raise _Reply(411, "Length Required: chunked request bodies are not accepted; send the body "
                                  f"with a Content-Length (at most {MAX_REQUEST_BYTES} bytes).\n")
            raise _Reply(501, f"Not Implemented: Transfer-Encoding {coding.strip()[:40]!r}.\n")
        values = self.headers.get_all("Content-Length") or []
        if not values:
            raise _Reply(411, "Length Required: a POST needs a Content-Length header.\n")
        text = values[0].strip()
        if len(values) != 1 or not re.fullmatch(r"[0-9]{1,19}", text):
            raise _Reply(400, "Bad Request: Content-Length must be one non-negative whole number.\n")
        length = int(text)
        if length > MAX_REQUEST_BYTES:
            raise _Reply(413, f"Request too large: the body may be at most {MAX_REQUEST_BYTES} bytes "
                              f"(this one says {length}).\n")
        body = self.rfile.read(length) if length else b""
        self._body_read = True
        if len(body) != length:
            self.close_connection = True
            raise _Reply(400, "Bad Request: the body is shorter than its Content-Length.\n")
        return body

    def _post(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/curate":
            self._curate()
            return
        if url.path not in ("/sparql", "/query", "/update"):
            raise _Reply(404, "Not found: the SPARQL endpoint is /sparql.\n")
        params = parse_qs(url.query, keep_blank_values=True)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Reply(400, "The request body is not UTF-8.\n")
        if media == "application/x-www-form-urlencoded":
            params.update(parse_qs(text, keep_blank_values=True))
        elif media == "application/sparql-query":
            params["query"] = [text]
        elif media == "application/sparql-update":
            params["update"] = [text]
        else:
            raise _Reply(415, "Unsupported Media Type: send application/sparql-query, "
                              "application/sparql-update or an HTML form.\n")
        if "update" in params:
            self._update(params)
        elif "query" in params:
            self._query(params)
        else:
            raise _Reply(400, "Missing `query` or `update` parameter.\n")

    # -- SPARQL

    def _one(self, params: dict, name: str) -> str:
        values = params.get(name) or []
        if len(values) != 1:
            raise _Reply(400, f"Give exactly one `{name}` parameter.\n")
        return values[0]

    def _query(self, params: dict) -> None:
        text = self._one(params, "query")
        accept = self.headers.get("Accept")
        if params.get("format"):
            media = FORMAT_PARAM.get(params["format"][0].lower())
            if media is None:
                raise _Reply(400, f"Unknown format; use one of {', '.join(FORMAT_PARAM)}.\n")
            accept = media
        req = {
            "text": text,
            "result_format": negotiate(accept, RESULT_TYPES, "JSON"),
            "graph_format": negotiate(accept, GRAPH_TYPES, "TURTLE"),
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        self._send(*self.server.pool.run("query", req))

    def _update(self, params: dict) -> None:
        if not self.server.cfg.allow_update:
            raise _Reply(403, "Forbidden: this endpoint is read-only (start it with kg serve --allow-update "
                              "to accept SPARQL updates).\n")
        self._check_origin()
        text = self._one(params, "update")
        self._send(*self.server.pool.run("update", {"text": text}))

    # -- curation (kg serve --allow-curation)

    def _curate(self) -> None:
        """A reject or merge decision from the graph page's buttons, written to the curation file
        (the next kg build applies it). Only with --allow-curation, from a loopback client, from
        this server's own page (or a client that sends no Origin)."""
        import json

        from .curate import append
        from .errors import CurationError

        cfg = self.server.cfg
        if not cfg.allow_curation:
            raise _Reply(403, "Forbidden: this server does not take curation decisions (start it with "
                              "kg serve --allow-curation).\n")
        if not _is_loopback(self.client_address[0]):
            raise _Reply(403, "Forbidden: curation decisions are accepted from this machine only.\n")
        self._check_origin()
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._body()
        if media != "application/x-www-form-urlencoded":
            raise _Reply(415, "Unsupported Media Type: send the decision as an HTML form.\n")
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise _Reply(400, "The request body is not UTF-8.\n")
        action = self._one(form, "action")
        allowed = {"reject": ("subject", "relation", "object"), "merge": ("entity", "into")}
        if action not in allowed:
            raise _Reply(400, "The page can reject a fact or merge two entities: action=reject or action=merge.\n")
        keys = {k: self._one(form, k) for k in allowed[action]}
        note = form.get("note", [""])[0]
        try:
            with self.server.curation_lock:
                d = append(self.server.curation_path, action, self.server.curation_author, note, **keys)
        except CurationError as exc:
            raise _Reply(400, f"{exc}\n")
        self._send(200, "application/json", json.dumps(
            {"id": d.id, "line": d.line, "decision": d.describe()}, ensure_ascii=False).encode("utf-8"))

    # -- the HTML page

    def _page(self) -> str:
        cfg = self.server.cfg
        examples = []
        for title, q in EXAMPLES:
            link = "/sparql?" + urlencode({"query": q, "format": "csv"})
            examples.append(
                f'<li><a href="#" class="ex" data-query="{html.escape(q, quote=True)}">{html.escape(title)}</a>'
                f' · <a href="{html.escape(link, quote=True)}">下载 CSV download</a></li>')
        mode = "read-write" if cfg.allow_update else "read-only"
        limits = (f"{mode}; query time limit {cfg.timeout:g} s; result size limit "
                  f"{cfg.max_result_bytes:,} bytes")
        first = html.escape(EXAMPLES[0][1])
        return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 60em; margin: 2em auto; padding: 0 1em; overflow-wrap: anywhere; }}
textarea {{ width: 100%; box-sizing: border-box; height: 12em; font-family: monospace; }}
#result {{ overflow-x: auto; max-width: 100%; }}
#result table {{ border-collapse: collapse; font-size: 14px; }}
#result th, #result td {{ border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top;
       max-width: 30em; }}
#result th {{ background: #f0f0f0; }}
#result pre {{ white-space: pre-wrap; background: #f7f7f7; padding: 8px; }}
#result .error {{ color: #a00000; white-space: pre-wrap; }}
#status {{ color: #555; }}
</style></head>
<body>
<h1>kg SPARQL 查询 · kg SPARQL endpoint</h1>
<p>SPARQL 1.1 协议地址 <code>/sparql</code>（GET 或 POST）。默认图是所有文章图的并集；<code>GRAPH ?g</code>
可访问每篇文章。已预绑定前缀 kg:, kgr:, schema:, org:, prov:, skos:, dcterms:, rdf:, rdfs:, xsd:。<br>
SPARQL 1.1 Protocol at <code>/sparql</code> (GET or POST). The default graph is the union of the
article graphs; <code>GRAPH ?g</code> reaches each article. Prefixes kg:, kgr:, schema:, org:, prov:,
skos:, dcterms:, rdf:, rdfs:, xsd: are pre-bound. <small>({html.escape(limits)})</small></p>
<p><a href="/graph">交互式图谱 The interactive graph</a></p>
<form action="/sparql" method="get" id="form">
<textarea name="query" id="query" aria-label="SPARQL">{first}</textarea>
<p><button type="submit" id="run">运行 Run query</button>
<span id="status" role="status"></span>
<label style="margin-left: 2em">下载 Download as <select name="format">
<option value="json">JSON</option><option value="xml">XML</option><option value="csv" selected>CSV</option>
<option value="tsv">TSV</option><option value="turtle">Turtle (CONSTRUCT)</option>
</select></label> <button type="submit" id="download" formtarget="_blank">下载 Download</button></p>
</form>
<div id="result" aria-live="polite"></div>
<h2>示例 Examples</h2>
<ul>
{chr(10).join(examples)}
</ul>
<script>
"use strict";
// results are untrusted text: they reach the page through textContent only
const result = document.getElementById("result"), status = document.getElementById("status");
function el(tag, text) {{ const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }}
function term(t) {{
  if (!t) return "";
  if (t.type === "literal") return t["xml:lang"] ? t.value + " @" + t["xml:lang"] : t.value;
  if (t.type === "bnode") return "_:" + t.value;
  return t.value;
}}
function showTable(data) {{
  const vars = data.head.vars || [], rows = data.results.bindings;
  const table = el("table"), head = el("tr");
  vars.forEach(v => head.appendChild(el("th", "?" + v)));
  table.appendChild(el("thead")).appendChild(head);
  const body = table.appendChild(el("tbody"));
  rows.forEach(b => {{ const tr = el("tr"); vars.forEach(v => tr.appendChild(el("td", term(b[v])))); body.appendChild(tr); }});
  result.replaceChildren(table);
  status.textContent = rows.length + " 行 rows";
}}
async function run(ev) {{
  if (ev.submitter && ev.submitter.id === "download") return;     // the plain form: a download
  ev.preventDefault();
  status.textContent = "运行中… running…";
  result.replaceChildren();
  const q = document.getElementById("query").value;
  try {{
    const r = await fetch("/sparql?" + new URLSearchParams({{query: q}}), {{headers: {{
      Accept: "application/sparql-results+json, text/turtle;q=0.9"}}}});
    const type = r.headers.get("Content-Type") || "", text = await r.text();
    if (!r.ok) {{ result.replaceChildren(el("div", text)); result.firstChild.className = "error";
                 status.textContent = "错误 error " + r.status; return; }}
    if (type.startsWith("application/sparql-results+json")) {{
      const data = JSON.parse(text);
      if ("boolean" in data) {{ result.replaceChildren(el("p", String(data.boolean))); status.textContent = "ASK"; }}
      else showTable(data);
    }} else {{
      result.replaceChildren(el("pre", text));
      status.textContent = "Turtle";
    }}
  }} catch (e) {{
    result.replaceChildren(el("div", String(e))); result.firstChild.className = "error";
    status.textContent = "错误 error";
  }}
}}
document.getElementById("form").addEventListener("submit", run);
for (const a of document.querySelectorAll("a.ex")) {{
  a.addEventListener("click", e => {{ e.preventDefault(); document.getElementById("query").value = a.dataset.query; }});
}}
</script>
</body></html>
"""


# ---------------------------------------------------------------- entry points

def _is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(cfg: ServerConfig) -> SparqlServer:
    """Start the workers and bind the socket (port 0 picks a free one); call serve_forever()."""
    from .store import Store

    path = Path(cfg.store)
    if not path.exists():
        raise StoreError(f"{path}: no store here (run `kg build` first or pass --store)")
    if cfg.allow_update:
        Store(path).close()      # fail early on a store that is locked or not a store
    else:
        Store.open_read_only(path).close()
    if cfg.allow_curation and not _is_loopback(cfg.host):
        raise StoreError(f"--allow-curation serves on a loopback address only (127.0.0.1, ::1), not {cfg.host}")
    if cfg.timeout <= 0 or cfg.max_result_bytes <= 0 or cfg.max_query_memory <= 0:
        raise StoreError("the time limit, the result size limit and the memory limit must be positive")
    try:
        return SparqlServer(cfg)
    except OSError as exc:
        raise StoreError(f"cannot listen on {cfg.host}:{cfg.port}: {exc.strerror or exc}") from exc


def serve(cfg: ServerConfig, ready=None) -> None:
    """Serve until interrupted. ``ready(url)`` is called once listening."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    server = make_server(cfg)
    try:
        # SIGTERM stops like Ctrl-C: the workers are ended and the store released
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:           # not the main thread
        previous = None
    try:
        if ready:
            ready(server.url)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

