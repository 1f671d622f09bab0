"""Federated SPARQL (``SERVICE <url> { ... }``) is refused unless allowed.

Oxigraph evaluates ``SERVICE`` by sending an HTTP request to the named URL, so
a query from anyone who can reach ``kg serve`` (or a query file someone hands
to ``kg query``) could make this machine call any address it can reach. kg
refuses such queries and updates unless the caller allows them
(``kg serve --allow-service``, ``KG_ALLOW_SERVICE=1`` for ``kg query``).

The check parses the text with rdflib's SPARQL 1.1 grammar and looks for a
``ServiceGraphPattern`` anywhere in the parse tree (subqueries, OPTIONAL,
UNION, update WHERE clauses), so ``SERVICE`` inside a comment, a string, an
IRI or a variable name does not count, and no spelling of the keyword
(``service``, ``SeRvIcE``, ``\\u0053ERVICE``) gets past it. Text that does not
contain the letters ``service`` at all (after ``\\u`` escapes, any case) cannot
hold the keyword and is not parsed. Text that contains them but that rdflib's
grammar cannot parse (an Oxigraph-only extension, say) is refused too: it
could not be checked.
"""
from __future__ import annotations

import os

from .errors import QueryError

__all__ = ["uses_service", "refuse_service", "ALLOW_ENV"]

ALLOW_ENV = "KG_ALLOW_SERVICE"


def _has_service_node(node) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))
    return False


def uses_service(text: str, update: bool = False) -> bool | None:
    """True if the query (``update``: the update) calls SERVICE, False if not,
    None if it mentions ``service`` but cannot be parsed to tell."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        expanded = expandUnicodeEscapes(text)
    except Exception:   # a malformed escape: check the raw text
        expanded = text
    if "service" not in expanded.casefold() and "service" not in text.casefold():
        return False
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except Exception:
        return None
    return _has_service_node(tree)


def refuse_service(text: str, update: bool = False, allow: bool | None = None,
                   hint: str = f"set {ALLOW_ENV}=1 to allow it") -> None:
    """Raise QueryError if ``text`` calls SERVICE (or may, and cannot be checked)
    and SERVICE is not allowed. ``allow`` None reads ``KG_ALLOW_SERVICE``."""
    if allow is None:
        allow = os.environ.get(ALLOW_ENV, "") == "1"
    if allow:
        return
    found = uses_service(text, update)
    what = "update" if update else "query"
    if found:
        raise QueryError(f"Federated {what} refused: SERVICE would make this machine send requests to "
                         f"other addresses; {hint}.")
    if found is None:
        raise QueryError(f"Federated {what} refused: the {what} mentions SERVICE and could not be checked "
                         f"(it does not parse as SPARQL 1.1); {hint}.")
