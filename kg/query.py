"""SPARQL over the store: ``run_query(store, sparql, fmt)`` -> text.

Every prefix of ``kg.vocab.PREFIXES`` is pre-bound; a prefix the query declares
itself wins. SELECT renders as an aligned text table, SPARQL CSV or SPARQL
JSON results; ASK as ``true`` / ``false`` (SPARQL JSON for ``json``);
CONSTRUCT and DESCRIBE as Turtle. SPARQL updates (INSERT, DELETE, LOAD, ...)
are refused with a QueryError that says so: the store changes through builds,
``kg remove`` and ``kg serve --allow-update``.
"""
from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
from rdflib import Graph

from .errors import QueryError
from .export import turtle_bytes
from .federation import refuse_service
from .store import Store, to_oxigraph
from .vocab import PREFIXES

__all__ = ["run_query", "with_prefixes", "declared_prefixes", "update_operation", "refuse_update",
           "QUERY_FORMATS"]

QUERY_FORMATS = ("table", "csv", "json")

_PREFIX_DECL = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:")


def declared_prefixes(sparql: str) -> set[str]:
    """Prefix names the query declares itself (``PREFIX ex: <...>``)."""
    return {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}


# What may come before the first keyword: blanks, comments, BASE and PREFIX declarations.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|(?i:BASE)\s*<[^>]*>|(?i:PREFIX)\s*[^\s:]*:\s*<[^>]*>)*")
_UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def update_operation(sparql: str) -> str | None:
    """The operation (``INSERT``, ``DELETE``, ``DROP``, ...) when ``sparql`` is a SPARQL
    update rather than a query, else None. Reads the first keyword after the prologue,
    where a query has SELECT, CONSTRUCT, ASK or DESCRIBE."""
    start = _PROLOGUE.match(sparql).end()
    word = _FIRST_WORD.match(sparql, start)
    if word is None:
        return None
    keyword = word.group(0).upper()
    return keyword if keyword in _UPDATE_OPERATIONS else None


def refuse_update(sparql: str) -> None:
    """Raise QueryError if ``sparql`` is a SPARQL update: kg query only reads the store."""
    operation = update_operation(sparql)
    if operation is not None:
        raise QueryError(f"updates are not accepted by kg query (this is a SPARQL update: {operation}); it runs "
                         "SELECT, ASK, CONSTRUCT and DESCRIBE only. To change the store, use kg build or "
                         "kg remove, or start kg serve --allow-update and POST the update to its /sparql endpoint")


def with_prefixes(sparql: str) -> str:
    """The query with PREFIX lines prepended for every kg prefix it does not declare.

    For sending a query elsewhere (another endpoint); ``run_query`` passes the
    prefixes to the parser instead, so error positions match the user's text.
    """
    declared = declared_prefixes(sparql)
    lines = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return lines + sparql


def _oxigraph_store(source) -> Store | ox.Store:
    if isinstance(source, Store):
        return source
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, Graph):
        mem = ox.Store()
        mem.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in source)
        return mem
    raise QueryError(f"cannot query a {type(source).__name__}; pass a kg Store or an rdflib Graph")


def _execute(source, sparql: str):
    target = _oxigraph_store(source)
    if isinstance(target, Store):
        return target.query(sparql, prefixes=PREFIXES)
    try:
        return target.query(sparql, use_default_graph_as_union=True, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"SPARQL query failed: {exc}") from exc


def _compact(iri: str) -> str:
    """A prefixed name for display (``kgr:park/0a1b...``), else ``<iri>``."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            local = iri[len(ns):]
            if local and re.fullmatch(r"[\w./-]*", local) and not local.endswith("."):
                best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]):]}"
    return f"<{iri}>"


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(solutions: ox.QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[_cell(sol[name]).replace("\n", "\\n") for name in names] for sol in solutions]
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = [" | ".join(_pad(n, w) for n, w in zip(names, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def run_query(store, sparql: str, fmt: str = "table") -> str:
    """Run ``sparql`` against a kg Store (or an rdflib Graph) and render the result.

    Raises QueryError for a query that does not parse or run, a SPARQL update, or an
    unknown ``fmt``.
    """
    if fmt not in QUERY_FORMATS:
        raise QueryError(f"unknown result format {fmt!r} (expected one of {', '.join(QUERY_FORMATS)})")
    refuse_update(sparql)
    refuse_service(sparql)          # SERVICE would call other servers; KG_ALLOW_SERVICE=1 allows it
    result = _execute(store, sparql)
    try:
        if isinstance(result, ox.QueryBoolean):
            if fmt == "json":
                return result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8") + "\n"
            return ("true" if bool(result) else "false") + "\n"
        if isinstance(result, ox.QuerySolutions):
            if fmt == "csv":
                return result.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
            if fmt == "json":
                return result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8") + "\n"
            return _table(result)
        # CONSTRUCT / DESCRIBE
        return turtle_bytes(list(result)).decode("utf-8")
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"SPARQL query failed: {exc}") from exc
