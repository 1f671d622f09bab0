"""A quick screen of a store's union graph against the SHACL shapes: the focus nodes that
certainly conform, so that pySHACL validates only the others (issue 16).

    screen = Screen.of(shapes, entailment)     None when a shape uses what the screen does not know
    screen.suspects(ox_store) -> set           focus nodes (pyoxigraph terms) not certainly conforming

pySHACL stays the validator: ``kg.validate.validate_store`` gives it the suspects (usually
none) and builds its report from them alone. That report is pySHACL's report of the whole
store as long as the screen never passes a node that pySHACL would fail, so the screen only
ever says "passes" on the same test pySHACL makes: it reads the same triples (the union, with
the entailed classes and super-property triples of ``kg.validate._Entailment``), turns them
into the same rdflib terms (``kg.store.from_oxigraph``), and each check passes a value on
pySHACL's own condition (pyshacl 0.40's constraint components, with its helpers
``compare_literal`` and ``value_node_to_string``). Anything it is unsure of (a literal focus
node, a shape parameter given twice, a SHACL term it does not implement) makes a suspect, or,
for the shapes graph itself, no screen at all. A suspect that conforms costs pySHACL time, no
more: the verdict is pySHACL's.

Implemented: the targets sh:targetClass and sh:targetSubjectsOf; node and property shapes
(IRI paths) with sh:nodeKind, sh:datatype, sh:minCount, sh:maxCount, sh:minLength,
sh:maxLength, sh:pattern (sh:flags), sh:minInclusive, sh:maxInclusive, sh:minExclusive,
sh:maxExclusive, sh:lessThan, sh:lessThanOrEquals, sh:class, sh:in, sh:or, sh:and.

Memory: two passes over the store (the nodes' classes, read by predicate; then each subject
with its own triples), so it holds the classes of the nodes and the distinct IRIs and short
literals, never the union or the article texts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

__all__ = ["Screen"]

_ANNOTATIONS = frozenset({SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group})
_TARGETS = frozenset({SH.targetClass, SH.targetSubjectsOf})
_VALUE_PARAMS = frozenset({SH.nodeKind, SH.datatype, SH.minLength, SH.maxLength, SH.pattern, SH.flags,
                           SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
                           SH["class"], SH["in"], SH["or"], SH["and"]})
_SET_PARAMS = frozenset({SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals})
_SINGLE = (SH.nodeKind, SH.datatype, SH.minLength, SH.maxLength, SH.flags, SH.minCount, SH.maxCount, SH["in"])
_RANGE = {SH.minInclusive: lambda c: c >= 0, SH.maxInclusive: lambda c: c <= 0,
          SH.minExclusive: lambda c: c > 0, SH.maxExclusive: lambda c: c < 0}
_NONE = frozenset()
_SHORT = 64                         # literals up to this length are converted and checked once each
_KINDS = {
    SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef), SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}


class _Unsupported(Exception):
    """The shapes use something the screen does not implement: no screen."""


def _objects(shapes: Graph, node, p) -> list:
    return list(shapes.objects(node, p))


def _only(shapes: Graph, node, p):
    values = _objects(shapes, node, p)
    if len(values) > 1:
        raise _Unsupported(f"{p} given twice")
    return values[0] if values else None


def _sh_terms(shapes: Graph, node, allowed) -> None:
    for p in set(shapes.predicates(node)):
        if str(p).startswith(str(SH)) and p not in allowed and p not in _ANNOTATIONS:
            raise _Unsupported(str(p))


def _value_checks(shapes: Graph, node) -> list:
    """Checks of one value node (each ``check(value, screen) -> bool``) for the value
    parameters of the shape ``node``."""
    from pyshacl.constraints.core.string_based_constraints import StringBasedConstraintBase
    from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
    from pyshacl.rdfutil.compare import compare_literal

    for p in _SINGLE:
        _only(shapes, node, p)
    checks = []
    kind = _only(shapes, node, SH.nodeKind)
    if kind is not None:
        if kind not in _KINDS:
            raise _Unsupported(f"sh:nodeKind {kind}")
        types = _KINDS[kind]
        checks.append(lambda v, s: isinstance(v, types))
    datatype = _only(shapes, node, SH.datatype)
    if datatype is not None:
        def datatype_ok(v, s, rule=datatype):
            # DatatypeConstraintComponent.evaluate, on the same rdflib literal
            if not isinstance(v, Literal):
                return False
            if v.datatype == rule:
                if getattr(v, "ill_typed", None) is True:
                    return False
                return DatatypeConstraintComponent._assert_actual_datatype(None, v, rule)
            if rule == RDFS.Literal:
                return True
            if rule == RDFS.Datatype and v.datatype:
                return True
            if v.datatype is None and v.language is None and rule == XSD.string:
                return DatatypeConstraintComponent._assert_actual_datatype(None, v, rule)
            if rule == RDF.langString and v.language:
                return DatatypeConstraintComponent._assert_actual_datatype(None, v, rule)
            return False
        checks.append(_memo(datatype_ok))
    to_string = StringBasedConstraintBase.value_node_to_string
    for p, ok in ((SH.minLength, lambda n, m: n >= m), (SH.maxLength, lambda n, m: n <= m)):
        bound = _only(shapes, node, p)
        if bound is not None:
            if not isinstance(bound, Literal) or not isinstance(bound.value, int) or bound.value < 0:
                raise _Unsupported(f"{p} {bound}")
            zero = p == SH.minLength and bound.value == 0      # pySHACL passes anything, a blank node too
            checks.append(lambda v, s, m=bound.value, ok=ok, zero=zero:
                          zero or (not isinstance(v, BNode) and ok(len(to_string(v)), m)))
    flags = _only(shapes, node, SH.flags)
    re_flags = 0
    if flags is not None:
        text = str(flags.value if isinstance(flags, Literal) else flags).lower()
        re_flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
    for pattern in _objects(shapes, node, SH.pattern):
        if not isinstance(pattern, Literal):
            raise _Unsupported("a sh:pattern that is not a literal")
        source = str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
        compiled = re.compile(source, re_flags)
        checks.append(lambda v, s, rx=compiled: not isinstance(v, BNode) and rx.search(to_string(v)) is not None)
    for p, ok in _RANGE.items():
        for bound in _objects(shapes, node, p):
            if not isinstance(bound, Literal):
                raise _Unsupported(f"{p} {bound}")

            def in_range(v, s, bound=bound, ok=ok):
                # the value range components' evaluate, on the same rdflib literal
                if not isinstance(v, Literal) or isinstance(v.value, str) != isinstance(bound.value, str):
                    return False
                try:
                    return ok(compare_literal(v, bound))
                except (TypeError, NotImplementedError):
                    return False
            checks.append(_memo(in_range))
    for cls in _objects(shapes, node, SH["class"]):
        checks.append(lambda v, s, c=cls: not isinstance(v, Literal) and c in s.classes(v))
    listed = _only(shapes, node, SH["in"])
    if listed is not None:
        members = set(shapes.items(listed))
        checks.append(lambda v, s: v in members)
    for p, need in ((SH["or"], any), (SH["and"], all)):
        for head in _objects(shapes, node, p):
            members = [_member(shapes, m) for m in shapes.items(head)]
            checks.append(lambda v, s, members=members, need=need: need(all(c(v, s) for c in m) for m in members))
    return checks


def _member(shapes: Graph, node) -> list:
    """The checks of a shape in an sh:or / sh:and list: value parameters only."""
    _sh_terms(shapes, node, _VALUE_PARAMS)
    if (node, RDF.type, SH.PropertyShape) in shapes:
        raise _Unsupported("a property shape in a list")
    return _value_checks(shapes, node)


def _memo(check):
    """``check`` remembered per value (a literal's checks repeat across the graph)."""
    seen: dict = {}

    def memoised(v, s):
        if isinstance(v, Literal) and len(v) > _SHORT:
            return check(v, s)              # an evidence sentence, an article text: not kept
        got = seen.get(v)
        if got is None:
            got = seen[v] = check(v, s)
        return got
    return memoised


@dataclass(frozen=True)
class _PropertyShape:
    path: URIRef
    checks: tuple           # of each value
    min_count: int | None
    max_count: int | None
    compare: tuple          # (property, strict) of sh:lessThan / sh:lessThanOrEquals


@dataclass(frozen=True)
class _NodeShape:
    classes: frozenset      # sh:targetClass
    subjects_of: tuple      # sh:targetSubjectsOf
    checks: tuple           # of the focus node itself
    properties: tuple


def _property_shape(shapes: Graph, node) -> _PropertyShape:
    _sh_terms(shapes, node, _VALUE_PARAMS | _SET_PARAMS | {SH.path})
    path = _only(shapes, node, SH.path)
    if not isinstance(path, URIRef):
        raise _Unsupported("a property path that is not an IRI")
    counts = []
    for p in (SH.minCount, SH.maxCount):
        n = _only(shapes, node, p)
        if n is not None and not (isinstance(n, Literal) and isinstance(n.value, int)):
            raise _Unsupported(f"{p} {n}")
        counts.append(None if n is None else n.value)
    compare = []
    for p, strict in ((SH.lessThan, True), (SH.lessThanOrEquals, False)):
        for other in _objects(shapes, node, p):
            if not isinstance(other, URIRef):
                raise _Unsupported(f"{p} {other}")
            compare.append((other, strict))
    return _PropertyShape(path, tuple(_value_checks(shapes, node)), counts[0], counts[1], tuple(compare))


def _less(values, others, strict: bool) -> bool:
    """Every value below (or not above) every other value, as pySHACL's property pair components compare."""
    def plain(x):
        if isinstance(x, BNode):
            return None
        if isinstance(x, URIRef):
            return str(x), True
        if isinstance(x, Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    for v in values:
        a = plain(v)
        for w in others:
            b = plain(w)
            if a is None or b is None or a[1] != b[1]:
                return False
            try:
                if not (a[0] < b[0] if strict else a[0] <= b[0]):
                    return False
            except TypeError:
                return False
    return True


class Screen:
    """The compiled shapes, and the union graph as pySHACL's pieces see it (see the module)."""

    def __init__(self, shapes: tuple, entailment):
        self.shapes = shapes
        self._entailment = entailment
        self._terms_seen: dict = {}     # pyoxigraph IRI or short literal -> rdflib term
        self._classes: dict = {}        # rdflib node -> the classes pySHACL sees it in
        self._objects_only: dict = {}   # rdflib node -> pyoxigraph term, of the objects of range properties
        self.checked = 0                # focus nodes screened by the last ``suspects``

    @classmethod
    def of(cls, shapes: Graph, entailment) -> "Screen | None":
        """The screen of ``shapes`` with the entailment tables of ``kg.validate._Entailment``, or
        None when a shape uses a term, target or form the screen does not implement."""
        if entailment is None:
            return None
        try:
            axiomatic = (str(RDF), str(RDFS), str(OWL))       # pySHACL adds owl:Class rdfs:subClassOf rdfs:Class ...
            if any(not str(c).startswith(axiomatic) for c in shapes.subjects(RDFS.subClassOf, None)):
                raise _Unsupported("class axioms in the shapes graph")
            compiled = []
            for node in sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str):
                if {(node, RDF.type, RDFS.Class), (node, RDF.type, OWL.Class)} & set(shapes.triples((node, RDF.type, None))):
                    raise _Unsupported("a shape that is a class (an implicit target)")
                _sh_terms(shapes, node, _VALUE_PARAMS | _TARGETS | {SH.property})
                if (node, SH.path, None) in shapes:
                    raise _Unsupported("a property shape with a target")
                compiled.append(_NodeShape(
                    classes=frozenset(shapes.objects(node, SH.targetClass)),
                    subjects_of=tuple(shapes.objects(node, SH.targetSubjectsOf)),
                    checks=tuple(_value_checks(shapes, node)),
                    properties=tuple(_property_shape(shapes, ps) for ps in shapes.objects(node, SH.property))))
            if any((None, p, None) in shapes for p in (SH.targetNode, SH.targetObjectsOf, SH.target)):
                raise _Unsupported("another target")
        except _Unsupported:
            return None
        return cls(tuple(compiled), entailment)

    # -- the data, as pySHACL's pieces hold it, read in two passes over the store

    def _terms(self):
        """A converter of pyoxigraph IRIs and literals to rdflib terms (``from_oxigraph``), each
        IRI and short literal made once (they come back in many triples: nodes, offsets, labels);
        a long literal (an evidence sentence, an article text) each time, and not kept."""
        import pyoxigraph as ox

        from .store import from_oxigraph

        memo = self._terms_seen

        def convert(term):
            got = memo.get(term)
            if got is None:
                if isinstance(term, ox.NamedNode):
                    got = memo[term] = from_oxigraph(term)
                elif isinstance(term, ox.Literal):
                    got = from_oxigraph(term)
                    if len(term.value) <= _SHORT:
                        memo[term] = got
                else:
                    raise _Unsupported("a blank node or a quoted triple")
            return got
        return convert

    def _read_classes(self, ox_store, convert) -> None:
        """The classes of every node the shapes may see a class of: its rdf:type triples with the
        looked-at classes above them, the rdfs:domain classes of the properties it is the subject
        of and the rdfs:range classes of those it is the object of (kg.validate._Entailment's
        tables). Read by predicate: the triples of rdf:type and of the properties in the tables,
        not the article texts. Memory holds a few classes a node."""
        import pyoxigraph as ox

        from .union import UNION

        ent = self._entailment
        classes, objects = self._classes, self._objects_only
        for q in ox_store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, UNION):
            t = convert(q.object)
            got = classes.setdefault(convert(q.subject), set())
            got.add(t)
            got.update(ent.classes.get(t, ()))
        for table, of_object in ((ent.domains, False), (ent.ranges, True)):
            for p, looked_at in table.items():
                for q in ox_store.quads_for_pattern(None, ox.NamedNode(str(p)), None, UNION):
                    node = q.object if of_object else q.subject
                    if of_object:
                        objects[convert(node)] = node
                    classes.setdefault(convert(node), set()).update(looked_at)

    def classes(self, node) -> set:
        """The classes pySHACL sees ``node`` in (rdf:type, and the looked-at classes RDFS gives it)."""
        return self._classes.get(node, _NONE)

    def _groups(self, ox_store, convert):
        """(pyoxigraph subject, rdflib subject, its values by predicate) of every subject of the
        union, one at a time: the values as sets of rdflib terms, with the super-property triples
        the entailment adds."""
        from .union import UNION

        supers = self._entailment.supers
        subject = rs = values = None
        for q in ox_store.quads_for_pattern(None, None, None, UNION):
            s = q.subject
            if s != subject:                    # the union's triples come subject by subject
                if values is not None:
                    yield subject, rs, values
                subject, rs, values = s, convert(s), {}
                if isinstance(rs, Literal):
                    raise _Unsupported("a literal subject")
            rp = convert(q.predicate)
            ro = convert(q.object)
            got = values.get(rp)
            if got is None:
                got = values[rp] = set()
            got.add(ro)
            for sup in supers.get(rp, ()):
                values.setdefault(sup, set()).add(ro)
        if values is not None:
            yield subject, rs, values

    def _passes(self, shape: _NodeShape, node, values: dict) -> bool:
        if isinstance(node, Literal):
            return False                    # pySHACL's checks of a literal focus node: left to it
        if not all(c(node, self) for c in shape.checks):
            return False
        for ps in shape.properties:
            got = values.get(ps.path, ())
            if ps.min_count is not None and len(got) < ps.min_count:
                return False
            if ps.max_count is not None and len(got) > ps.max_count:
                return False
            for v in got:
                for c in ps.checks:
                    if not c(v, self):
                        return False
            for other, strict in ps.compare:
                if not _less(got, values.get(other, ()), strict):
                    return False
        return True

    def suspects(self, ox_store) -> set | None:
        """The focus nodes of the union (pyoxigraph terms) that the screen cannot pass, or None
        when the store holds what the screen does not read (a blank node). Two passes: the
        nodes' classes (``_read_classes``), then each subject with its own triples; memory holds
        the classes and one subject's triples, not the union."""
        try:
            convert = self._terms()
            self._read_classes(ox_store, convert)
            failed, checked, seen = set(), 0, set()
            for node, rs, values in self._groups(ox_store, convert):
                seen.add(rs)
                focus, passes = self._screen(rs, values)
                checked += focus
                if not passes:
                    failed.add(node)
            for rs, node in self._objects_only.items():      # typed by rdfs:range, subject of nothing
                if rs not in seen:
                    focus, passes = self._screen(rs, {})
                    checked += focus
                    if not passes:
                        failed.add(node)
        except _Unsupported:
            return None
        self.checked = checked
        return failed

    def _screen(self, node, values: dict) -> tuple[bool, bool]:
        """(whether ``node`` is a focus node of some shape, whether it passes all of them)."""
        focus = False
        classes = self.classes(node)
        for shape in self.shapes:
            if any(values.get(p) for p in shape.subjects_of) or not shape.classes.isdisjoint(classes):
                focus = True
                if not self._passes(shape, node, values):
                    return True, False
        return focus, True
