"""SHACL validation of a kg graph against schema/shapes.ttl (with schema/kg.ttl and RDFS inference)."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from .errors import ValidationError
from .schema import ontology_graph, shapes_graph

__all__ = ["ValidationReport", "validate", "validate_store", "store_pieces", "check_splittable"]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int                      # sh:ValidationResult with severity sh:Violation
    text: str                            # pyshacl's human-readable report
    results: Graph | None = field(default=None, compare=False, repr=False)

    def raise_if_invalid(self) -> None:
        """Raise ValidationError (with the report text) unless the graph conforms."""
        if not self.conforms:
            raise ValidationError(f"{self.violations} SHACL violation(s):\n{self.text}")


def validate(graph) -> ValidationReport:
    """Validate an rdflib Graph (or a kg Store's union graph) with pyshacl.

    The data graph is not modified (pyshacl works on a copy when it infers).
    """
    import pyshacl  # lazy: heavy import, only needed here

    if hasattr(graph, "union_graph") and not isinstance(graph, Graph):
        graph = graph.union_graph()
    if not isinstance(graph, Graph):
        raise ValidationError(f"cannot validate a {type(graph).__name__}; pass an rdflib Graph or a kg Store")
    try:
        conforms, results, text = pyshacl.validate(
            graph,
            shacl_graph=shapes_graph(),
            ont_graph=ontology_graph(),
            inference="rdfs",
            abort_on_first=False,
            allow_warnings=False,
            meta_shacl=False,
            advanced=False,
            inplace=False,
        )
    except Exception as exc:  # pyshacl raises its own ReportableRuntimeError and friends
        raise ValidationError(f"SHACL validation could not run: {exc}") from exc
    violations = sum(1 for r in results.subjects(RDF.type, SH.ValidationResult)
                     if results.value(r, SH.resultSeverity) == SH.Violation)
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text), results=results)


# --------------------------------------------------------------------------- streamed validation

DEFAULT_PIECE = 2000        # focus nodes per piece of validate_store

# Shape terms whose checks read only the focus node's own triples and the classes of
# its value nodes: what a piece of validate_store holds. Anything else (sh:node,
# sh:qualifiedValueShape, path expressions, sh:targetNode / sh:targetObjectsOf,
# SPARQL constraints ...) would reach further into the graph.
_LOCAL_SHAPE_TERMS = frozenset({
    SH.targetClass, SH.targetSubjectsOf, SH.property, SH.path,
    SH.nodeKind, SH.minCount, SH.maxCount, SH.datatype, SH.minLength, SH.maxLength,
    SH.pattern, SH.flags, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
    SH["class"], SH["or"], SH["and"], SH["not"], SH.xone, SH["in"], SH.hasValue,
    SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint, SH.uniqueLang, SH.languageIn,
    SH.closed, SH.ignoredProperties, SH.name, SH.description, SH.message, SH.severity,
    SH.deactivated, SH.order, SH.group,
})
_SCHEMA_PREDICATES = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)


def check_splittable(shapes: Graph) -> None:
    """Raise ValidationError unless every shape can be checked one piece of the graph at a time.

    A piece holds the focus nodes' own triples and the rdf:type triples (and what
    RDFS infers them from) of their value nodes; a shape that reaches further
    (a nested sh:property or sh:node, a path expression, another target kind)
    needs the whole graph.
    """
    odd = sorted({str(p) for p in shapes.predicates() if p.startswith(str(SH)) and p not in _LOCAL_SHAPE_TERMS})
    odd += sorted(f"sh:path {path.n3()}" for path in shapes.objects(None, SH.path) if not isinstance(path, URIRef))
    targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf) for s in shapes.subjects(p, None)}
    odd += sorted(f"sh:property on {s.n3()}" for s in set(shapes.subjects(SH.property, None)) - targeted)
    if odd:
        raise ValidationError("the SHACL shapes use " + ", ".join(odd)
                              + ": they cannot be validated piece by piece; validate the whole graph")


@dataclass(frozen=True)
class _Inference:
    """What RDFS inference over the ontology (and the store's own schema triples) needs of a piece.

    ``range_preds`` type their objects (rdfs:range), ``domain_preds`` their subjects
    (rdfs:domain), each with its sub-properties; ``typing_preds`` are the range
    properties whose class (or a superclass) a shape targets: their objects are focus
    nodes even when they have no triples of their own.
    """
    schema: tuple                  # the store's own rdfs:subClassOf/subPropertyOf/domain/range triples
    range_preds: tuple
    domain_preds: tuple
    typing_preds: tuple


def _inference(ontology: Graph, shapes: Graph, schema: list) -> _Inference:
    g = Graph()
    for t in ontology:
        g.add(t)
    for t in schema:
        g.add(t)

    def with_subproperties(props) -> set:
        return {sub for p in props for sub in g.transitive_subjects(RDFS.subPropertyOf, p)}

    targets = set(shapes.objects(None, SH.targetClass))
    ranged = {p for p, c in g.subject_objects(RDFS.range) if isinstance(c, URIRef)}
    typing = {p for p, c in g.subject_objects(RDFS.range)
              if isinstance(c, URIRef) and targets & set(g.transitive_objects(c, RDFS.subClassOf))}
    domained = {p for p, c in g.subject_objects(RDFS.domain) if isinstance(c, URIRef)}
    return _Inference(tuple(schema), tuple(sorted(with_subproperties(ranged))),
                      tuple(sorted(with_subproperties(domained))), tuple(sorted(with_subproperties(typing))))


def _store_inference(ox_store) -> _Inference:
    import pyoxigraph as ox

    from .union import UNION, to_rdflib

    schema = [to_rdflib(q) for p in _SCHEMA_PREDICATES
              for q in ox_store.quads_for_pattern(None, ox.NamedNode(str(p)), None, UNION)]
    return _inference(ontology_graph(), shapes_graph(), schema)


def _typed_objects_without_triples(ox_store, preds):
    """Objects of the ``preds`` (whose rdfs:range a shape targets) that are the subject of
    no triple: RDFS types them, so they are focus nodes, but no subject group holds them."""
    import pyoxigraph as ox

    from .union import UNION, first

    seen = set()
    for p in preds:
        previous = None
        for q in ox_store.quads_for_pattern(None, ox.NamedNode(str(p)), None, UNION):
            o = q.object
            if o == previous or o in seen:
                continue
            previous = o
            if isinstance(o, ox.Literal) or first(ox_store, o, None, None) is None:
                seen.add(o)
                yield o, []


class _PieceBuilder:
    """The rdflib graph validate_store checks for a group of focus nodes.

    It holds every union triple of the focus nodes, one triple ``?x p node`` per
    range property p for each of them (what RDFS types a node by from outside),
    and for each value node its rdf:type triples plus one triple per domain and
    range property it takes part in: the classes sh:class and the targets see
    under RDFS inference are then those of the whole graph. The store's own
    schema triples (rdfs:subClassOf ...) are in every piece.
    """

    def __init__(self, ox_store, inference: _Inference):
        import pyoxigraph as ox

        self._store = ox_store
        self._schema = inference.schema
        self._type = ox.NamedNode(str(RDF.type))
        self._range = [ox.NamedNode(str(p)) for p in inference.range_preds]
        self._domain = [ox.NamedNode(str(p)) for p in inference.domain_preds]
        self._resource = (ox.NamedNode, ox.BlankNode)

    def graph(self, groups: list) -> Graph:
        from .union import UNION, first, to_rdflib

        g = Graph()
        for t in self._schema:
            g.add(t)

        def add(t) -> None:
            g.add(to_rdflib(t))

        focus = {node for node, _ in groups}
        values = set()
        for node, triples in groups:
            for t in triples:
                add(t)
                if isinstance(t.object, self._resource):
                    values.add(t.object)
            self._add_range_witnesses(node, add)
        for node in values - focus:
            for q in self._store.quads_for_pattern(node, self._type, None, UNION):
                add(q)
            for p in self._domain:
                q = first(self._store, node, p, None)
                if q is not None:
                    add(q)
            self._add_range_witnesses(node, add)
        return g

    def _add_range_witnesses(self, node, add) -> None:
        from .union import first

        for p in self._range:
            q = first(self._store, None, p, node)
            if q is not None:
                add(q)


def _groups_in_pieces(groups, size: int):
    piece = []
    for item in groups:
        piece.append(item)
        if len(piece) == size:
            yield piece
            piece = []
    if piece:
        yield piece


def store_pieces(store, batch: int = DEFAULT_PIECE):
    """(focus nodes, graph) pieces of a kg Store's union graph, ``batch`` focus nodes each.

    Every subject of the union graph, and every node that RDFS types as a target
    class only from outside (the object of a range property with no triples of its
    own), is a focus node of exactly one piece. Each graph holds what the shapes
    read about its focus nodes (see _PieceBuilder); only one piece is in memory
    at a time.
    """
    from itertools import chain

    from .store import from_oxigraph
    from .union import subject_groups

    if batch < 1:
        raise ValidationError(f"piece size must be at least 1, not {batch}")
    check_splittable(shapes_graph())
    ox_store = store.oxigraph
    inference = _store_inference(ox_store)
    builder = _PieceBuilder(ox_store, inference)
    groups = chain(subject_groups(ox_store), _typed_objects_without_triples(ox_store, inference.typing_preds))
    for piece in _groups_in_pieces(groups, batch):
        yield frozenset(from_oxigraph(node) for node, _ in piece), builder.graph(piece)


def _focus_node(result):
    """The sh:focusNode of one of pyshacl's raw results (description, node, triples)."""
    for _s, p, o in result[2]:
        if p == SH.focusNode:
            return o[1] if isinstance(o, tuple) else o
    return None


def _piece_validator():
    """pyshacl's Validator, keeping only the results of the piece's own focus nodes."""
    from pyshacl import Validator

    class PieceValidator(Validator):
        keep: frozenset = frozenset()
        kept: list = []

        def create_validation_report(self, sg, conforms, results):
            self.kept = [r for r in results if _focus_node(r) in self.keep]
            return Validator.create_validation_report(sg, not self.kept, self.kept)

    return PieceValidator


def _check_piece(validator_class, graph: Graph, focus: frozenset):
    """(result descriptions, report graph) of the results of ``focus`` in ``graph``."""
    try:
        from pyshacl.graph_abstraction import DataGraph
    except ImportError:  # pragma: no cover - pyshacl before 0.40 takes rdflib graphs
        data = graph
    else:
        data = DataGraph.from_rdflib(graph)
    options = {"inference": "rdfs", "inplace": True, "abort_on_first": False, "allow_infos": False,
               "allow_warnings": False, "advanced": False}
    try:
        v = validator_class(data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), options=options)
        v.keep = focus
        _conforms, report, _text = v.run()
    except Exception as exc:  # pyshacl raises its own ReportableRuntimeError and friends
        raise ValidationError(f"SHACL validation could not run: {exc}") from exc
    return [r[0] for r in v.kept], report


def validate_store(store, batch: int = DEFAULT_PIECE) -> ValidationReport:
    """Validate a kg Store's union graph ``batch`` focus nodes at a time (see store_pieces).

    Same conforms, violation count and report text as ``validate(store.union_graph())``
    (the text lists the results sorted, as pyshacl does), but memory holds one piece,
    not the whole union graph with its article texts.
    """
    from rdflib import BNode, Literal

    validator_class = _piece_validator()
    texts: list[str] = []
    results = Graph()
    report = BNode()
    for focus, graph in store_pieces(store, batch):
        piece_texts, piece_report = _check_piece(validator_class, graph, focus)
        del graph
        texts.extend(piece_texts)
        for prefix, ns in piece_report.namespace_manager.namespaces():
            results.namespace_manager.bind(prefix, ns, override=False)
        own = piece_report.value(None, RDF.type, SH.ValidationReport)
        for s, p, o in piece_report:
            if s != own:
                results.add((s, p, o))
            elif p == SH.result:
                results.add((report, p, o))
    conforms = not texts
    results.add((report, RDF.type, SH.ValidationReport))
    results.add((report, SH.conforms, Literal(conforms)))
    text = f"Validation Report\nConforms: {conforms}\n"
    if texts:
        text += f"Results ({len(texts)}):\n" + "".join(sorted(texts))
    violations = sum(1 for r in results.objects(report, SH.result)
                     if results.value(r, SH.resultSeverity) == SH.Violation)
    return ValidationReport(conforms=conforms, violations=violations, text=text, results=results)
