"""Send the store's article graphs to a SPARQL 1.1 Graph Store Protocol server
(`kg push --endpoint URL`).

Each article graph is sent with ``PUT URL?graph=<article IRI>`` as N-Triples,
which replaces that graph on the server (so pushing twice changes nothing).
``union=True`` also replaces the server's default graph with the union of the
article graphs, as in the kg store. The URL is the server's Graph Store
endpoint: ``http://host:7878/store`` for Oxigraph, ``http://host:3030/DATASET/data``
for Fuseki, ``http://host:7200/repositories/REPO/rdf-graphs/service`` for GraphDB.
"""
from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from .errors import RemoteError

__all__ = ["PushSummary", "push", "graph_url"]

NTRIPLES = "application/n-triples"


@dataclass
class PushSummary:
    graphs: int = 0
    triples: int = 0
    union_triples: int | None = None

    def to_text(self) -> str:
        text = f"pushed {self.graphs} article graph(s), {self.triples} triple(s)"
        if self.union_triples is not None:
            text += f"; default graph: {self.union_triples} triple(s)"
        return text


def graph_url(endpoint: str, graph: str | None) -> str:
    """The endpoint URL with ``graph=IRI`` (or ``default``) added to its query string, escaped."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(f"{endpoint}: not an http(s) URL")
    query = parse_qsl(parts.query, keep_blank_values=True)
    if graph is not None:
        encoded = urlencode([*query, ("graph", graph)])
    else:
        encoded = "&".join(filter(None, [urlencode(query), "default"]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, encoded, ""))


def _put(url: str, body: bytes, timeout: float, headers: dict[str, str]) -> None:
    req = urllib.request.Request(url, data=body, method="PUT",
                                 headers={"Content-Type": NTRIPLES, **headers})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip()
        raise RemoteError(f"{url}: the server answered HTTP {exc.code} {exc.reason}"
                          + (f": {detail}" if detail else "")) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"{url}: cannot reach the server: {reason}") from exc


def _ntriples(triples: Iterable[ox.Triple]) -> tuple[bytes, int]:
    triples = list(triples)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)


def push(store, endpoint: str, union: bool = False, timeout: float = 60.0,
         headers: dict[str, str] | None = None,
         progress: Callable[[int, int], None] | None = None) -> PushSummary:
    """PUT every article graph of ``store`` (a kg.Store) to the Graph Store endpoint."""
    headers = dict(headers or {})
    summary = PushSummary()
    from .store import is_article_graph

    graphs = [g for g in store.oxigraph.named_graphs() if isinstance(g, ox.NamedNode) and is_article_graph(g.value)]
    graphs.sort(key=lambda g: g.value)
    for i, name in enumerate(graphs, 1):
        body, n = _ntriples(q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, name))
        _put(graph_url(endpoint, name.value), body, timeout, headers)
        summary.graphs += 1
        summary.triples += n
        if progress:
            progress(i, len(graphs))
    if union:
        body, n = _ntriples(store.union_triples())
        _put(graph_url(endpoint, None), body, timeout, headers)
        summary.union_triples = n
    return summary
