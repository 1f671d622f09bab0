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
clear message; a result bigger than the size limit is cut off and answered with
HTTP 422. The server itself never runs a query, so it keeps serving.

With ``allow_update`` there is one worker, holding the store open for writing;
updates must write into article (named) graphs: after each update the default
graph is recomputed as their union.
"""
from __future__ import annotations

import html
import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from .errors import KGError, StoreError

__all__ = ["ServerConfig", "SparqlServer", "make_server", "serve", "EXAMPLES"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULT_BYTES = 10_000_000
DEFAULT_WORKERS = 2
MAX_REQUEST_BYTES = 1_000_000
QUEUE_WAIT = 30.0            # seconds a request may wait for a free worker

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
    ("Companies and where they are",
     "SELECT ?company ?park WHERE {\n  ?c kg:locatedIn ?p .\n  ?c rdfs:label ?company .\n"
     "  ?p rdfs:label ?park .\n} ORDER BY ?company LIMIT 50"),
    ("People and their roles",
     "SELECT ?person ?title ?org WHERE {\n  ?x kg:holdsRole ?pos ; rdfs:label ?person .\n"
     "  ?pos kg:roleTitle ?title ; kg:organization ?o .\n  ?o rdfs:label ?org .\n} LIMIT 50"),
    ("Entities per class",
     "SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {\n  ?e a ?class .\n} GROUP BY ?class ORDER BY DESC(?n)"),
    ("Investments",
     "SELECT ?project ?amount ?value WHERE {\n  ?p kg:investment ?a ; rdfs:label ?project .\n"
     "  ?a rdfs:label ?amount ; schema:value ?value .\n} ORDER BY DESC(?value)"),
    ("Articles (named graphs) and their size",
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


def _run_query(st, req: dict, max_bytes: int) -> tuple[int, str, bytes]:
    import pyoxigraph as ox

    from .vocab import PREFIXES

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


def _run_update(st, text: str) -> tuple[int, str, bytes]:
    from .vocab import PREFIXES

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


def _worker_main(conn, store: str, writable: bool, max_bytes: int) -> None:
    """Serve requests from ``conn`` until it closes."""
    from .store import Store

    try:
        st = Store(store) if writable else Store.open_read_only(store)
    except KGError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", ""))
    with st:
        while True:
            try:
                kind, req = conn.recv()
            except (EOFError, OSError):
                return
            try:
                if kind == "query":
                    reply = _run_query(st, req, max_bytes)
                elif kind == "update":
                    reply = _run_update(st, req["text"])
                else:
                    reply = _graph_page(st, max_bytes)
            except Exception as exc:  # one bad request must not end the worker
                reply = (500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode())
            conn.send(reply)


class _Worker:
    def __init__(self, ctx, cfg: ServerConfig):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, daemon=True,
                                   args=(child, cfg.store, cfg.allow_update, cfg.max_result_bytes))
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


class _Pool:
    """Worker processes; a query that runs too long has its worker killed and replaced."""

    def __init__(self, cfg: ServerConfig):
        self.cfg = cfg
        self.ctx = mp.get_context("spawn")
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: set[_Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        n = 1 if cfg.allow_update else max(1, cfg.workers)
        for _ in range(n):
            self._add(_Worker(self.ctx, cfg))
        self.timeouts = 0

    def _add(self, w: _Worker) -> None:
        with self.lock:
            if self.closed:
                w.kill()
                return
            self.all.add(w)
        self.idle.put(w)

    def _replace(self, w: _Worker) -> None:
        with self.lock:
            self.all.discard(w)
        w.kill()

        def spawn():
            for _ in range(3):
                try:
                    self._add(_Worker(self.ctx, self.cfg))
                    return
                except KGError:
                    time.sleep(1)
        threading.Thread(target=spawn, daemon=True).start()

    def run(self, kind: str, req: dict) -> tuple[int, str, bytes]:
        limit = self.cfg.timeout
        wait = max(limit, QUEUE_WAIT)
        try:
            w = self.idle.get(timeout=wait)
        except queue.Empty:
            raise _Reply(503, f"Server busy: no query worker became free within {wait:g} s; try again.\n")
        try:
            w.conn.send((kind, req))
            if w.conn.poll(limit):
                reply = w.conn.recv()
                self.idle.put(w)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise _Reply(500, "The query worker failed; it has been restarted.\n")
        self.timeouts += 1
        self._replace(w)
        raise _Reply(503, f"Query timeout: the query ran longer than the server's limit of {limit:g} s "
                          "(kg serve --timeout) and was stopped. Add a LIMIT or narrow the patterns.\n")

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.all = list(self.all), set()
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


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, cfg: ServerConfig):
        self.cfg = cfg
        self.pool = _Pool(cfg)
        try:
            super().__init__((cfg.host, cfg.port), _Handler)
        except OSError:
            self.pool.close()
            raise

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return               # the client went away; nothing to answer
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
        self._send(status, "text/plain; charset=utf-8", message.encode("utf-8"), extra)

    def _dispatch(self, fn) -> None:
        try:
            fn()
        except _Reply as r:
            self._error(r.status, r.message)

    # -- verbs

    def do_GET(self) -> None:
        self._dispatch(self._get)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        self._dispatch(self._post)

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
            self._send(*self.server.pool.run("graph", {}))
        else:
            raise _Reply(404, "Not found: the SPARQL endpoint is /sparql; see / for the query page.\n")

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _Reply(400, "Bad Content-Length.\n")
        if length > MAX_REQUEST_BYTES:
            raise _Reply(413, f"Request too large (more than {MAX_REQUEST_BYTES} bytes).\n")
        return self.rfile.read(length) if length else b""

    def _post(self) -> None:
        url = urlsplit(self.path)
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
        text = self._one(params, "update")
        self._send(*self.server.pool.run("update", {"text": text}))

    # -- the HTML page

    def _page(self) -> str:
        cfg = self.server.cfg
        examples = []
        for title, q in EXAMPLES:
            link = "/sparql?" + urlencode({"query": q, "format": "csv"})
            examples.append(
                f'<li><a href="#" class="ex" data-query="{html.escape(q, quote=True)}">{html.escape(title)}</a>'
                f' · <a href="{html.escape(link, quote=True)}">run (CSV)</a></li>')
        mode = "read-write" if cfg.allow_update else "read-only"
        limits = (f"{mode}; query time limit {cfg.timeout:g} s; result size limit "
                  f"{cfg.max_result_bytes:,} bytes")
        first = html.escape(EXAMPLES[0][1])
        return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 60em; margin: 2em auto; padding: 0 1em; }}
textarea {{ width: 100%; height: 12em; font-family: monospace; }}
</style></head>
<body>
<h1>kg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code> (GET or POST). The default graph is the union of the
article graphs; <code>GRAPH ?g</code> reaches each article. Prefixes kg:, kgr:, schema:, org:, prov:,
skos:, dcterms:, rdf:, rdfs:, xsd: are pre-bound. <small>({html.escape(limits)})</small></p>
<p><a href="/graph">The interactive graph</a></p>
<form action="/sparql" method="get">
<textarea name="query" id="query">{first}</textarea>
<p><label>Results as <select name="format">
<option value="json">JSON</option><option value="xml">XML</option><option value="csv" selected>CSV</option>
<option value="tsv">TSV</option><option value="turtle">Turtle (CONSTRUCT)</option>
</select></label> <button type="submit">Run query</button></p>
</form>
<h2>Examples</h2>
<ul>
{chr(10).join(examples)}
</ul>
<script>
for (const a of document.querySelectorAll("a.ex")) {{
  a.addEventListener("click", e => {{ e.preventDefault(); document.getElementById("query").value = a.dataset.query; }});
}}
</script>
</body></html>
"""


# ---------------------------------------------------------------- entry points

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
    if cfg.timeout <= 0 or cfg.max_result_bytes <= 0:
        raise StoreError("the time limit and the result size limit must be positive")
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

