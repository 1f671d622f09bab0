"""Reading a kg Store's union graph a little at a time, for the checks and views of a build
(kg.validate.validate_store, kg.viz_select.page_graph) that must not load it whole.

    subject_groups(ox_store) -> (subject, [triple])    every subject once, with its triples
    first(ox_store, s, p, o) -> quad | None            one union triple of a pattern
    to_rdflib(triple) -> (s, p, o)                     as rdflib terms

The union is the store's default graph (kg.store); terms are pyoxigraph's until
``to_rdflib``.
"""
from __future__ import annotations

from typing import Iterator

import pyoxigraph as ox

from .store import from_oxigraph

__all__ = ["subject_groups", "first", "to_rdflib", "UNION"]

UNION = ox.DefaultGraph()


def subject_groups(ox_store: ox.Store) -> Iterator[tuple[object, list[ox.Triple]]]:
    """(subject, its triples) for every subject of the union graph, in index order.

    Oxigraph keys the default graph's triples subject first, so a subject's
    triples come together: each subject is yielded once, and only one subject's
    triples are held at a time.
    """
    subject, group = None, []
    for q in ox_store.quads_for_pattern(None, None, None, UNION):
        if q.subject != subject:
            if group:
                yield subject, group
            subject, group = q.subject, []
        group.append(q.triple)
    if group:
        yield subject, group


def first(ox_store: ox.Store, s, p, o) -> ox.Quad | None:
    """One union triple matching the pattern (None: any), or None when there is none."""
    return next(iter(ox_store.quads_for_pattern(s, p, o, UNION)), None)


def to_rdflib(triple) -> tuple:
    """A pyoxigraph triple (or quad) as an rdflib (s, p, o)."""
    return from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)

