"""SHACL validation of a kg graph against schema/shapes.ttl (with schema/kg.ttl and RDFS inference).

    validate(graph) -> ValidationReport          an rdflib Graph, whole
    validate_store(store) -> ValidationReport    a Store's union graph, a piece at a time:
                                                 the same report, memory for one piece; the
                                                 focus nodes kg.shacl_screen passes (usually
                                                 all) are not handed to pySHACL
    validate_changes(store, old, graphs)         the focus nodes a change of some article graphs
                                                 can affect, when the store before it conformed
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH

from .errors import ValidationError
from .schema import ontology_graph, shapes_graph
from .vocab import KG

__all__ = ["ValidationReport", "validate", "validate_store", "validate_changes", "affected_nodes",
           "store_pieces", "check_splittable"]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int                      # sh:ValidationResult with severity sh:Violation
    text: str                            # pyshacl's human-readable report
    results: Graph | None = field(default=None, compare=False, repr=False)

    def describe(self) -> list[str]:
        """One line per violation, sorted: its focus node, path, shape, constraint and message,
        e.g. ``<…/organization/ab12> kg:foundingYear: kg:OrganizationShape, sh:DatatypeConstraintComponent:
        Value is not Literal with datatype xsd:gYear``. Shapes that are blank nodes are named by the
        node shape that holds them."""
        if self.results is None:
            return []
        from .vocab import bind_prefixes

        g = Graph()
        bind_prefixes(g)
        g.namespace_manager.bind("sh", SH, override=False)
        shapes = shapes_graph()

        def name(term) -> str:
            if term is None:
                return "-"
            if isinstance(term, URIRef):
                return term.n3(g.namespace_manager)
            if isinstance(term, BNode):
                owner = shapes.value(None, SH.property, term)
                return f"{name(owner)} (a property shape)" if owner is not None else "a blank shape"
            return term.n3(g.namespace_manager)

        r = self.results
        lines = []
        for res in set(r.subjects(RDF.type, SH.ValidationResult)):
            if r.value(res, SH.resultSeverity) != SH.Violation:
                continue
            message = r.value(res, SH.resultMessage)
            value = r.value(res, SH.value)
            lines.append(f"{name(r.value(res, SH.focusNode))} {name(r.value(res, SH.resultPath))}: "
                         f"{name(r.value(res, SH.sourceShape))}, {name(r.value(res, SH.sourceConstraintComponent))}"
                         + (f", value {name(value)}" if value is not None else "")
                         + (f": {message}" if message is not None else ""))
        return sorted(lines)

    def raise_if_invalid(self) -> None:
        """Raise ValidationError (with the report text) unless the graph conforms."""
        if not self.conforms:
            raise ValidationError(f"{self.violations} SHACL violation(s):\n{self.text}")


def validate(graph) -> ValidationReport:
    """Validate an rdflib Graph (or a kg Store's union graph, piece by piece: validate_store) with pyshacl.

    The data graph is not modified (pyshacl works on a copy when it infers).
    """
    import pyshacl  # lazy: heavy import, only needed here

    if hasattr(graph, "oxigraph") and not isinstance(graph, Graph):
        return validate_store(graph)
    if not isinstance(graph, Graph):
        raise ValidationError(f"cannot validate a {type(graph).__name__}; pass an rdflib Graph or a kg Store")
    try:
        conforms, results, text = pyshacl.validate(
            graph,
            shacl_graph=_own_copy(shapes_graph()),      # pyshacl adds triples to the one it is given
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
    odd += sorted(f"sh:path {path.n3()}" for path in shapes.objects(None, SH.path)
                  if not isinstance(path, URIRef))
    targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf) for s in shapes.subjects(p, None)}
    odd += sorted(f"sh:property on {s.n3()}" for s in set(shapes.subjects(SH.property, None)) - targeted)
    if odd:
        raise ValidationError("the SHACL shapes use " + ", ".join(odd)
                              + ": they cannot be validated piece by piece; validate the whole graph")


@dataclass(frozen=True)
class _Inference:
    """What a piece needs besides its focus nodes' own triples, worked out from the
    ontology, the shapes and the store's own schema triples.

    Under RDFS a triple ``?x p node`` makes node an instance of p's rdfs:range (and
    of the ranges of p's super-properties), ``node p ?y`` of its rdfs:domain. A piece
    states those classes of its nodes as rdf:type triples, what inference would add,
    rather than holding the triples they come from (which would bring in further
    subjects). Only properties whose classes a shape looks at (a target or an
    sh:class, or a subclass of one) are listed.
    """
    schema: tuple                  # the store's own rdfs:subClassOf/subPropertyOf/domain/range triples
    range_types: tuple             # (property, classes its objects are instances of)
    domain_types: tuple            # (property, classes its subjects are instances of)
    class_paths: frozenset         # properties whose values a sh:class checks, with sub-properties
    typing_preds: tuple            # range properties that make their objects focus nodes
    superclasses: dict = field(default_factory=dict, compare=False)   # class -> it and its named superclasses
    entailment: "_Entailment | None" = field(default=None, compare=False)

    def implied(self, classes) -> set:
        """The classes RDFS makes an instance of ``classes`` a member of."""
        return {x for c in classes for x in self.superclasses.get(c, (c,))}


def _reaches_class(shapes: Graph, node) -> bool:
    """True when an sh:class sits in the shape `node` (directly or in its sh:or / sh:and ... lists)."""
    from rdflib import Literal

    seen, todo = set(), [node]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in shapes.predicate_objects(n):
            if p == SH["class"]:
                return True
            if p != SH.path and not isinstance(o, Literal):
                todo.append(o)
    return False


def _inference(ontology: Graph, shapes: Graph, schema: list) -> _Inference:
    g = Graph()
    for t in ontology:
        g.add(t)
    for t in schema:
        g.add(t)
    targets = set(shapes.objects(None, SH.targetClass))
    checked = set(shapes.objects(None, SH["class"]))

    def subproperties(p) -> set:
        return set(g.transitive_subjects(RDFS.subPropertyOf, p))

    def types_by(axiom, looked_at: set) -> dict:
        out: dict = {}
        for q, c in g.subject_objects(axiom):
            classes = {x for x in g.transitive_objects(c, RDFS.subClassOf) if isinstance(x, URIRef)}
            if classes & looked_at:
                for p in subproperties(q):
                    out.setdefault(p, set()).update(classes)
        return out

    # a focus node's domain classes come from its own triples: the domain ones serve value nodes only
    ranges, domains = types_by(RDFS.range, targets | checked), types_by(RDFS.domain, checked)
    paths = {shapes.value(ps, SH.path) for ps in set(shapes.objects(None, SH.property))
             if _reaches_class(shapes, ps)}
    classes = {c for t in g.subject_objects(RDFS.subClassOf) for c in t if isinstance(c, URIRef)}
    supers = {c: frozenset(x for x in g.transitive_objects(c, RDFS.subClassOf) if isinstance(x, URIRef))
              for c in classes}
    return _Inference(
        entailment=_entailment(g, shapes),
        superclasses=supers,
        schema=tuple(schema),
        range_types=tuple((p, tuple(sorted(cs))) for p, cs in sorted(ranges.items())),
        domain_types=tuple((p, tuple(sorted(cs))) for p, cs in sorted(domains.items())),
        class_paths=frozenset(sub for p in paths for sub in subproperties(p)),
        typing_preds=tuple(sorted(p for p, cs in ranges.items() if cs & targets)),
    )


# Namespaces whose classes and properties RDFS gives axioms of its own (rdfs:Resource,
# rdfs:Class, rdf:Statement, datatypes ...): a shape that looks at one of them needs the
# whole RDFS closure, which _Entailment does not make.
_AXIOMATIC = (str(RDF), str(RDFS), "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")


@dataclass(frozen=True)
class _Entailment:
    """The part of the RDFS closure of a piece that the shapes can see, made without owlrl.

    pyshacl's ``inference="rdfs"`` runs owlrl's RDFS closure over the piece and the ontology
    until nothing changes (most of a validation's time). The shapes read only two kinds of
    inferred triple: ``node rdf:type C`` for a class C a shape targets or checks with sh:class
    (from the node's rdf:type triples, rdfs:subClassOf, and the rdfs:domain / rdfs:range of the
    properties of triples it takes part in, with their rdfs:subPropertyOf), and ``s q o`` for a
    super-property q of a triple's property that a shape names (a path, a target, a parameter).
    ``add_to(graph)`` adds exactly those, as the closure would (a literal in range position
    too: owlrl types it), so that pyshacl can run without inference. The tables come from the
    ontology and the store's own schema triples, closed once.
    """
    classes: dict        # class -> the looked-at classes it is a subclass of (itself included)
    domains: dict        # property -> looked-at classes of its subjects
    ranges: dict         # property -> looked-at classes of its objects
    supers: dict         # property -> super-properties (not itself) that a shape names

    def add_to(self, g: Graph) -> None:
        found: dict = {}
        extra = []
        for s, p, o in g:
            if p == RDF.type:
                got = self.classes.get(o)
                if got:
                    found.setdefault(s, set()).update(got)
                continue
            got = self.domains.get(p)
            if got:
                found.setdefault(s, set()).update(got)
            got = self.ranges.get(p)
            if got:
                found.setdefault(o, set()).update(got)
            for q in self.supers.get(p, ()):
                extra.append((s, q, o))
        for node, classes in found.items():
            for c in classes:
                g.add((node, RDF.type, c))
        for t in extra:
            g.add(t)


def _entailment(schema: Graph, shapes: Graph) -> "_Entailment | None":
    """The tables of _Entailment for the ontology and store schema ``schema``, or None when the
    shapes look at something only the full closure gives (a class or property of RDF, RDFS,
    OWL or XSD, rdf:type as a path or a target, a property path that is not an IRI)."""
    looked_at = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    named = {o for o in shapes.objects() if isinstance(o, URIRef)}
    if any(str(c).startswith(_AXIOMATIC) for c in looked_at) or not all(isinstance(c, URIRef) for c in looked_at):
        return None
    for p in (SH.path, SH.targetSubjectsOf, SH.targetObjectsOf):
        for o in shapes.objects(None, p):
            if not isinstance(o, URIRef) or o == RDF.type:
                return None

    def up(node, axiom) -> set:
        return set(schema.transitive_objects(node, axiom))

    classes = {}
    for c in {x for t in schema.subject_objects(RDFS.subClassOf) for x in t} | looked_at:
        got = frozenset(x for x in up(c, RDFS.subClassOf) if x in looked_at)
        if got:
            classes[c] = got
    props = ({p for t in schema.subject_objects(RDFS.subPropertyOf) for p in t}
             | set(schema.subjects(RDFS.domain, None)) | set(schema.subjects(RDFS.range, None)))
    domains, ranges, supers = {}, {}, {}
    for p in props:
        above = up(p, RDFS.subPropertyOf)
        for axiom, table in ((RDFS.domain, domains), (RDFS.range, ranges)):
            got = set()
            for q in above:
                for c in schema.objects(q, axiom):
                    got.update(classes.get(c, ()))
            if got:
                table[p] = frozenset(got)
        named_supers = tuple(sorted(q for q in above if q != p and q in named))
        if named_supers:
            supers[p] = named_supers
    if any(str(p).startswith(_AXIOMATIC) for table in (domains, ranges, supers) for p in table):
        return None                     # an RDF or RDFS property with a domain or range of the ontology's
    return _Entailment(classes=classes, domains=domains, ranges=ranges, supers=supers)


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

    It holds every union triple of the focus nodes and the classes RDFS gives them
    from triples of which they are the object (see _Inference); and for each value
    node that an sh:class checks, its rdf:type triples and the classes RDFS gives it
    from the triples it takes part in. The classes that sh:class and the targets see
    under RDFS inference are then those of the whole graph. The store's own schema
    triples (rdfs:subClassOf ...) are in every piece.
    """

    def __init__(self, ox_store, inference: _Inference):
        import pyoxigraph as ox

        self._store = ox_store
        self._inf = inference
        self._type = ox.NamedNode(str(RDF.type))
        self._range = [(ox.NamedNode(str(p)), cs) for p, cs in inference.range_types]
        self._domain = {ox.NamedNode(str(p)): cs for p, cs in inference.domain_types}
        self._class_paths = {ox.NamedNode(str(p)) for p in inference.class_paths}
        self._resource = (ox.NamedNode, ox.BlankNode)

    def graph(self, groups: list) -> Graph:
        from .union import UNION, to_rdflib

        g = Graph()
        for t in self._inf.schema:
            g.add(t)
        focus = {node for node, _ in groups}
        values = set()
        for node, triples in groups:
            for t in triples:
                g.add(to_rdflib(t))
                if t.predicate in self._class_paths and isinstance(t.object, self._resource):
                    values.add(t.object)
            self._add_classes(g, node, triples, self._range_classes(g, node))
        for node in values - focus:
            triples = [q.triple for q in self._store.quads_for_pattern(node, None, None, UNION)]
            for t in triples:
                if t.predicate == self._type:
                    g.add(to_rdflib(t))
            derived = set(self._range_classes(g, node))
            for p in {t.predicate for t in triples} & self._domain.keys():
                derived.update(self._domain[p])
            self._add_classes(g, node, triples, derived)
        return g

    def _add_classes(self, g: Graph, node, triples, classes) -> None:
        """rdf:type triples for the ``classes`` of node that its own rdf:type triples do not imply."""
        from .store import from_oxigraph

        implied = self._inf.implied(from_oxigraph(t.object) for t in triples if t.predicate == self._type)
        for c in sorted(set(classes) - implied):
            g.add((from_oxigraph(node), RDF.type, c))

    def _range_classes(self, g: Graph, node) -> set:
        """The classes the triples ``?x p node`` give node. A literal gets one such triple
        per p instead (pyshacl's inference types literals its own way)."""
        import pyoxigraph as ox

        from .union import first, to_rdflib

        classes = set()
        for p, cs in self._range:
            q = first(self._store, None, p, node)
            if q is None:
                continue
            if isinstance(node, ox.Literal):
                g.add(to_rdflib(q))
            else:
                classes.update(cs)
        return classes


class _ByArticle:
    """The order validate_store takes the union's subjects in: each article followed by
    the kg:Assertions derived from it, then every other subject.

    An assertion's prov:wasDerivedFrom is checked with sh:class kg:Article, so the
    article must be in the assertion's piece; as a focus node of the same piece it
    comes with its own triples, where as a mere value node pyshacl would also check
    it, in vain, with none of them (most of a piece's work, otherwise). An assertion
    goes with the first of its articles (in the store's order) that is typed kg:Article.
    """

    def __init__(self, ox_store):
        import pyoxigraph as ox

        self._store = ox_store
        self._type = ox.NamedNode(str(RDF.type))
        self._article = ox.NamedNode(str(KG.Article))
        self._derived = ox.NamedNode(str(PROV.wasDerivedFrom))
        self._literal = ox.Literal

    def _is_article(self, triples) -> bool:
        return any(t.predicate == self._type and t.object == self._article for t in triples)

    def _owner(self, triples):
        """The article whose group a subject with these triples is in (itself for an article), or None."""
        from .union import first

        if self._is_article(triples):
            return triples[0].subject
        for t in triples:
            if (t.predicate == self._derived and not isinstance(t.object, self._literal)
                    and first(self._store, t.object, self._type, self._article) is not None):
                return t.object
        return None

    def __iter__(self):
        from .union import UNION, subject_groups

        def triples_of(node) -> list:
            return [q.triple for q in self._store.quads_for_pattern(node, None, None, UNION)]

        for q in self._store.quads_for_pattern(None, self._type, self._article, UNION):
            article = q.subject
            yield article, triples_of(article)
            for d in self._store.quads_for_pattern(None, self._derived, article, UNION):
                triples = triples_of(d.subject)
                if self._owner(triples) == article and d.subject != article:
                    yield d.subject, triples
        for node, triples in subject_groups(self._store):
            if self._owner(triples) is None:
                yield node, triples


def store_pieces(store, batch: int = DEFAULT_PIECE):
    """(focus nodes, graph) pieces of a kg Store's union graph, ``batch`` focus nodes each.

    Every subject of the union graph, and every node that RDFS types as a target
    class only from outside (the object of a range property with no triples of its
    own), is a focus node of exactly one piece. Each graph holds what the shapes
    read about its focus nodes (see _PieceBuilder); only one piece is in memory
    at a time.
    """
    for focus, graph, _inference in _pieces(store, batch):
        yield focus, graph


def _pieces(store, batch: int, only=None):
    """store_pieces with the _Inference of the store: (focus nodes, graph, inference). With
    ``only`` (a set of pyoxigraph terms), the focus nodes are those of ``only`` alone."""
    from itertools import chain

    from .store import _batches, from_oxigraph

    if batch < 1:
        raise ValidationError(f"piece size must be at least 1, not {batch}")
    check_splittable(shapes_graph())
    ox_store = store.oxigraph
    inference = _store_inference(ox_store)
    builder = _PieceBuilder(ox_store, inference)
    if only is None:
        groups = chain(_ByArticle(ox_store), _typed_objects_without_triples(ox_store, inference.typing_preds))
    else:
        groups = _groups_of(ox_store, only)
    for piece in _batches(groups, batch):
        yield frozenset(from_oxigraph(node) for node, _ in piece), builder.graph(piece), inference


def _groups_of(ox_store, nodes):
    """(node, its union triples) of each of ``nodes`` that is a focus node: a subject of the
    union, or a node the union holds as an object (RDFS may type it); in a fixed order."""
    import pyoxigraph as ox

    from .union import UNION, first

    for node in sorted(nodes, key=str):
        literal = isinstance(node, ox.Literal)
        triples = [] if literal else [q.triple for q in ox_store.quads_for_pattern(node, None, None, UNION)]
        if triples or (not isinstance(node, ox.Triple) and first(ox_store, None, None, node) is not None):
            yield node, triples


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


def _own_copy(graph: Graph) -> Graph:
    """A copy of a schema graph for pyshacl, which adds triples to the shapes graph it is given
    (owl:Class rdfs:subClassOf rdfs:Class ...): the cached graphs stay as their files say."""
    g = Graph()
    for t in graph:
        g.add(t)
    for prefix, ns in graph.namespace_manager.namespaces():
        g.namespace_manager.bind(prefix, ns, override=False)
    return g


def _check_piece(validator_class, graph: Graph, focus: frozenset, entailment: "_Entailment | None" = None,
                 shapes: Graph | None = None):
    """(result descriptions, report graph) of the results of ``focus`` in ``graph``. With
    ``entailment``, the graph gets the inferred triples the shapes can see (see _Entailment)
    and pyshacl runs without inference; else pyshacl infers with RDFS (and the ontology)."""
    try:
        from pyshacl.graph_abstraction import DataGraph
    except ImportError:  # pragma: no cover - pyshacl before 0.40 takes rdflib graphs
        data = graph
    else:
        data = None
    if entailment is not None:
        entailment.add_to(graph)
    if data is None:
        data = DataGraph.from_rdflib(graph)
    options = {"inference": "none" if entailment is not None else "rdfs", "inplace": True,
               "abort_on_first": False, "allow_infos": False, "allow_warnings": False, "advanced": False}
    ontology = None if entailment is not None else ontology_graph()
    try:
        v = validator_class(data, shacl_graph=shapes if shapes is not None else shapes_graph(), ont_graph=ontology,
                            options=options)
        v.keep = focus
        _conforms, report, _text = v.run()
    except Exception as exc:  # pyshacl raises its own ReportableRuntimeError and friends
        raise ValidationError(f"SHACL validation could not run: {exc}") from exc
    return [r[0] for r in v.kept], report


def validate_store(store, batch: int = DEFAULT_PIECE, progress=None) -> ValidationReport:
    """Validate a kg Store's union graph ``batch`` focus nodes at a time (see store_pieces);
    ``progress(n)`` is called after each piece with its number of focus nodes.

    Same conforms, violation count and report text as ``validate(store.union_graph())``
    (the text lists the results sorted, as pyshacl does), but memory holds one piece,
    not the whole union graph with its article texts.
    """
    return _validate_pieces(_pieces(store, batch, only=_screened(store, progress)), progress)


SCREEN = True       # validate_store screens the store first (kg.shacl_screen); False: pySHACL on every node


def _screened(store, progress=None):
    """The focus nodes pySHACL must check: those kg.shacl_screen cannot pass (usually none), or
    None (every focus node) when the screen does not apply to these shapes or this store.
    Every other focus node passes the screen on pySHACL's own tests, so pySHACL's report of
    the suspects alone is its report of the whole store."""
    if not SCREEN:
        return None
    from .shacl_screen import Screen

    shapes = shapes_graph()
    check_splittable(shapes)                # the same refusal as without the screen, first
    screen = Screen.of(shapes, _store_inference(store.oxigraph).entailment)
    if screen is None:
        return None
    suspects = screen.suspects(store.oxigraph)
    if suspects is not None and progress is not None:
        progress(max(0, screen.checked - len(suspects)))
    return suspects


def affected_nodes(store, old, graphs) -> set | None:
    """The focus nodes (pyoxigraph terms) whose SHACL verdict a change of the article graphs
    ``graphs`` (names, as strings or pyoxigraph NamedNodes) can change: ``store`` holds them as they are now,
    ``old`` (a pyoxigraph Store) as they were. None when the change reaches the schema
    (an rdfs:subClassOf ... triple): then every verdict can change.

    check_splittable holds: a shape reads its focus node's own triples, the classes RDFS gives
    the focus node (from its rdf:type triples, the triples it is the subject or the object of)
    and the classes of the values it checks with sh:class. A verdict can then change only for
    a node of a triple that was added or removed (subject, or object: RDFS may type it), or for
    a node whose values along an sh:class path are such nodes. The triples of the changed
    graphs, before and after, hold every triple added to or removed from the union.
    """
    import pyoxigraph as ox

    from .union import UNION

    inference = _store_inference(store.oxigraph)
    schema = {ox.NamedNode(str(p)) for p in _SCHEMA_PREDICATES}
    typing = {ox.NamedNode(str(p)) for p in inference.typing_preds}
    class_paths = [ox.NamedNode(str(p)) for p in inference.class_paths]
    rdf_type = ox.NamedNode(str(RDF.type))
    nodes: set = set()
    for name in {g if isinstance(g, ox.NamedNode) else ox.NamedNode(str(g)) for g in graphs}:
        for st in (store.oxigraph, old):
            for q in st.quads_for_pattern(None, None, None, name):
                if q.predicate in schema:
                    return None
                nodes.add(q.subject)
                if q.predicate == rdf_type:
                    continue            # a class: RDFS gives it only classes of its own (rdfs:Class)
                if not isinstance(q.object, ox.Literal) or q.predicate in typing:
                    nodes.add(q.object)
    hop = set()
    for node in nodes:
        if isinstance(node, ox.Literal):
            continue
        for p in class_paths:
            hop.update(q.subject for q in store.oxigraph.quads_for_pattern(None, p, node, UNION))
    return nodes | hop


def validate_changes(store, old, graphs, batch: int = DEFAULT_PIECE, progress=None) -> ValidationReport:
    """The report of ``validate_store(store)``, given that ``old`` (a pyoxigraph Store: the
    same store before the article graphs ``graphs`` changed) conformed to the same shapes:
    only the focus nodes the change can affect (``affected_nodes``) are validated; every other
    verdict is the one ``old`` had, a conforming one. Falls back to the whole store when the
    change reaches the schema."""
    nodes = affected_nodes(store, old, graphs)
    if nodes is None:
        return validate_store(store, batch, progress)
    return _validate_pieces(_pieces(store, batch, only=nodes), progress)


def _validate_pieces(pieces, progress=None) -> ValidationReport:
    from rdflib import BNode, Literal

    validator_class = _piece_validator()
    shapes = _own_copy(shapes_graph())
    texts: list[str] = []
    results = Graph()
    report = BNode()
    for focus, graph, inference in pieces:
        piece_texts, piece_report = _check_piece(validator_class, graph, focus, inference.entailment, shapes)
        del graph
        if progress is not None:
            progress(len(focus))
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
