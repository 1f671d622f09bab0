"""A set of rdflib triples with the reads of an rdflib Graph and its iteration order, without
rdflib's store machinery (contexts, events): what the page of a store is drawn from
(``kg.viz_select.page_graph``), built and read in a fraction of an rdflib Graph's time.

    g = Triples()
    g.add((s, p, o))
    g.value(s, p), g.objects(s, p), g.subjects(p, o), g.subject_objects(p), g.triples((s, p, o))

Each read gives its matches in the order rdflib's default (Memory) store gives them for the
same additions: it keeps the same three indexes (subject -> predicate -> object, predicate ->
object -> subject, object -> subject -> predicate, each in insertion order) and walks the
same one for each pattern, so code written for a Graph (``kg.viz.to_networkx``) reads the same
values, first values included. A full walk (``triples((None, None, None))``, iteration) goes
subject by subject, where rdflib's order is that of a set.
"""
from __future__ import annotations

from typing import Iterator

__all__ = ["Triples"]


class Triples:
    def __init__(self):
        self._spo: dict = {}
        self._pos: dict = {}
        self._osp: dict = {}
        self._len = 0

    def add(self, triple) -> None:
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, {})
        if o in objects:
            return
        objects[o] = 1
        self._pos.setdefault(p, {}).setdefault(o, {})[s] = 1
        self._osp.setdefault(o, {}).setdefault(s, {})[p] = 1
        self._len += 1

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[tuple]:
        return self.triples((None, None, None))

    def __contains__(self, triple) -> bool:
        return next(self.triples(triple), None) is not None

    def triples(self, pattern) -> Iterator[tuple]:
        """The triples matching ``(s, p, o)`` (None: any), through the index rdflib's Memory store uses."""
        s, p, o = pattern
        if s is not None:
            by_p = self._spo.get(s)
            if by_p is None:
                return
            if p is not None:
                objects = by_p.get(p)
                if objects is None:
                    return
                if o is not None:
                    if o in objects:
                        yield s, p, o
                    return
                for x in list(objects):
                    yield s, p, x
                return
            for q in list(by_p):
                if o is not None:
                    if o in by_p[q]:
                        yield s, q, o
                else:
                    for x in list(by_p[q]):
                        yield s, q, x
            return
        if p is not None:
            by_o = self._pos.get(p)
            if by_o is None:
                return
            if o is not None:
                for x in list(by_o.get(o, ())):
                    yield x, p, o
                return
            for y in list(by_o):
                for x in list(by_o[y]):
                    yield x, p, y
            return
        if o is not None:
            by_s = self._osp.get(o)
            if by_s is None:
                return
            for x in list(by_s):
                for q in list(by_s[x]):
                    yield x, q, o
            return
        for x in list(self._spo):
            by_p = self._spo[x]
            for q in list(by_p):
                for y in list(by_p[q]):
                    yield x, q, y

    def subjects(self, predicate=None, object=None) -> Iterator:
        for s, _, _ in self.triples((None, predicate, object)):
            yield s

    def objects(self, subject=None, predicate=None) -> Iterator:
        for _, _, o in self.triples((subject, predicate, None)):
            yield o

    def predicates(self, subject=None, object=None) -> Iterator:
        for _, p, _ in self.triples((subject, None, object)):
            yield p

    def subject_objects(self, predicate=None) -> Iterator[tuple]:
        for s, _, o in self.triples((None, predicate, None)):
            yield s, o

    def predicate_objects(self, subject=None) -> Iterator[tuple]:
        for _, p, o in self.triples((subject, None, None)):
            yield p, o

    def value(self, subject=None, predicate=None, object=None, default=None):
        """The first match of the one unbound term (rdflib's ``Graph.value`` with ``any=True``)."""
        if object is None:
            return next(self.objects(subject, predicate), default)
        if subject is None:
            return next(self.subjects(predicate, object), default)
        return next(self.predicates(subject, object), default)
