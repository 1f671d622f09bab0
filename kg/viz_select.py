"""Which part of the graph `kg viz` draws: focus, class filter, node cap, query result.

    find_nodes(drawn, name) -> [node id]            entities with that name or alias
    select(drawn, focus=, hops=, classes=, max_nodes=) -> Selection
    query_graph(store, sparql) -> rdflib.Graph       a CONSTRUCT / SELECT ?s ?p ?o result,
                                                     with the labels, classes and provenance
                                                     the store holds for it

Everything works on the drawn graph of ``kg.viz.to_networkx`` (nodes carry
``kind``, ``cls``, ``label``, ``names``) or on rdflib terms: a name given on
the command line is compared in Python, never pasted into SPARQL.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg import relations
from kg.errors import KGError, QueryError
from kg.vocab import KG

__all__ = ["Selection", "find_nodes", "select", "parse_classes", "query_graph", "page_graph", "norm_name"]


@dataclass
class Selection:
    graph: nx.MultiDiGraph                 # what is drawn
    total_nodes: int                       # nodes before the --max-nodes cap
    focus: list[str] = field(default_factory=list)   # ids of the focused entities
    capped: bool = False                   # True when --max-nodes dropped nodes
    notes: list[str] = field(default_factory=list)   # one line per filter, for the page


def norm_name(text: str) -> str:
    """Names compare after NFKC (full-width letters, digits, brackets) and case folding."""
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


def find_nodes(drawn: nx.MultiDiGraph, name: str) -> list[str]:
    """Ids of the nodes whose label or one of whose aliases is `name` (sorted)."""
    want = norm_name(name)
    if not want:
        return []
    hits = [n for n, names in drawn.nodes(data="names")
            if any(norm_name(x) == want for x in (names or ()))]
    return sorted(hits, key=_id_key)


def _id_key(nid: str) -> tuple:
    head = nid.rstrip("0123456789")
    tail = nid[len(head):]
    return (head, int(tail) if tail else -1)


def parse_classes(spec, drawn: nx.MultiDiGraph | None = None) -> set[str]:
    """"Park,Organization" -> {"Park", "Organization"}; unknown names raise KGError.

    A name matches a drawn kind (Person, Organization, Park, Place, Project,
    Event, MonetaryAmount, Other) or a finer class (Company, GovernmentBody, ...),
    case-insensitively.
    """
    from kg.viz import CLASS_STYLES
    from kg.vocab import ORG_KINDS

    if isinstance(spec, str):
        spec = spec.split(",")
    known = {s.name for s in CLASS_STYLES} | set(ORG_KINDS)
    if drawn is not None:
        known |= {c for _, c in drawn.nodes(data="cls") if c}
    by_fold = {k.casefold(): k for k in known}
    out, bad = set(), []
    for part in spec:
        part = part.strip()
        if not part:
            continue
        if part.casefold() in by_fold:
            out.add(by_fold[part.casefold()])
        else:
            bad.append(part)
    if bad:
        raise KGError(f"unknown class {', '.join(bad)} (known: {', '.join(sorted(known))})")
    if not out:
        raise KGError("--class needs at least one class name")
    return out


def select(drawn: nx.MultiDiGraph, focus: str | None = None, hops: int = 1,
           classes=None, max_nodes: int | None = None) -> Selection:
    """The part of `drawn` to show: focus neighbourhood, then class filter, then the cap.

    * focus: every entity named `focus` (label or alias) and what lies within
      `hops` edges of it, edges followed in both directions;
    * classes: keep nodes whose kind or finer class is listed (focused nodes stay);
    * max_nodes: keep the N nodes of highest degree (focused nodes first; ties
      by id), and report the cap.
    """
    notes: list[str] = []
    keep = set(drawn.nodes)
    seeds: list[str] = []
    if focus is not None:
        if hops < 0:
            raise KGError(f"--hops must be 0 or more, not {hops}")
        seeds = find_nodes(drawn, focus)
        if not seeds:
            raise KGError(f"no entity is named {focus!r} (label or alias)")
        und = drawn.to_undirected(as_view=True)
        keep = set()
        for s in seeds:
            keep |= set(nx.single_source_shortest_path_length(und, s, cutoff=hops))
        notes.append(f"focus: {focus} ({_hops(hops)})")
    if classes is not None:
        wanted = parse_classes(classes, drawn)
        keep = {n for n in keep
                if n in seeds or drawn.nodes[n]["kind"] in wanted or drawn.nodes[n]["cls"] in wanted}
        notes.append("classes: " + ", ".join(sorted(wanted)))
    sub = drawn.subgraph(keep)
    total = sub.number_of_nodes()
    capped = False
    if max_nodes is not None:
        if max_nodes < 1:
            raise KGError(f"--max-nodes must be at least 1, not {max_nodes}")
        if total > max_nodes:
            seed_set = set(seeds)
            ranked = sorted(sub.nodes, key=lambda n: (n not in seed_set, -sub.degree(n), _id_key(n)))
            keep = set(ranked[:max_nodes])
            capped = True
    out = nx.MultiDiGraph()
    for n in sorted(keep, key=_id_key):                 # keep the drawn graph's order
        out.add_node(n, **drawn.nodes[n])
    for u, v, k, d in drawn.edges(keys=True, data=True):
        if u in keep and v in keep:
            out.add_edge(u, v, key=k, **d)
    return Selection(graph=out, total_nodes=total, focus=seeds, capped=capped, notes=notes)


def _hops(n: int) -> str:
    return f"{n} hop" if n == 1 else f"{n} hops"


# --------------------------------------------------------------------------- --query

def _context_predicates() -> tuple:
    return (RDF.type, RDFS.label, SKOS.altLabel) + tuple(r.iri for r in relations.all_relations()
                                                         if r.value == "year") + (DCTERMS.title,)


def _structured_objects() -> frozenset:
    """The relations whose object is a node of its own (a position, an amount)."""
    return frozenset(r.iri for r in relations.all_relations() if r.value in ("role", "money"))


def _term(t):
    """A pyoxigraph term as rdflib (blank nodes included: CONSTRUCT may mint them)."""
    import pyoxigraph as ox

    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    from kg.store import from_oxigraph

    return from_oxigraph(t)


def result_triples(result) -> list[tuple]:
    """The triples of a CONSTRUCT/DESCRIBE result, or of a SELECT binding ?s ?p ?o."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        raise QueryError("--query needs a CONSTRUCT or a SELECT of ?s ?p ?o, not an ASK")
    if isinstance(result, ox.QuerySolutions):
        names = {v.value for v in result.variables}
        if not {"s", "p", "o"} <= names:
            raise QueryError("a SELECT for kg viz must bind ?s ?p ?o "
                             f"(it binds {', '.join('?' + n for n in sorted(names)) or 'nothing'})")
        out = []
        for sol in result:
            s, p, o = sol["s"], sol["p"], sol["o"]
            if s is None or p is None or o is None or not isinstance(p, ox.NamedNode):
                continue
            if isinstance(s, ox.Literal):
                continue
            out.append((_term(s), _term(p), _term(o)))
        return out
    return [(_term(t.subject), _term(t.predicate), _term(t.object)) for t in result]


def refuse_viz_update(sparql: str) -> None:
    """Raise QueryError if `sparql` is a SPARQL update: kg viz --query draws a query's result."""
    from kg.query import update_operation

    operation = update_operation(sparql)
    if operation is not None:
        raise QueryError(f"updates are not accepted by kg viz --query (this is a SPARQL update: {operation}); "
                         "it draws the result of a CONSTRUCT, or of a SELECT of ?s ?p ?o")


def query_graph(store, sparql: str) -> tuple[Graph, set]:
    """(graph to draw, predicates of the result) for a query run against `store`.

    The graph holds the result triples plus, from the store, the classes,
    labels and aliases of every node they mention, the Position / amount
    nodes they point to, and the kg:Assertion (with its article's title) of
    every result triple, so the page shows names and evidence.

    A SPARQL update is refused (kg viz only reads the store), and so is a query
    calling SERVICE (unless KG_ALLOW_SERVICE=1), as ``kg query`` refuses them.
    """
    refuse_viz_update(sparql)
    from kg.federation import refuse_service

    refuse_service(sparql)          # SERVICE would call other servers
    triples = result_triples(store.query(sparql))
    union = store.union_graph()
    g = Graph()
    for t in triples:
        g.add(t)
    nodes = {x for s, _, o in triples for x in (s, o) if not isinstance(x, Literal)}
    # Positions and amounts the result points to: their own description and organisation
    extra = set()
    structured = _structured_objects()
    for s, p, o in triples:
        if p in structured and not isinstance(o, Literal):
            extra.add(o)
    for x in extra:
        for p, o in union.predicate_objects(x):
            g.add((x, p, o))
            if p == KG.organization:
                nodes.add(o)
    context = _context_predicates()
    for x in nodes | extra:
        for p in context:
            for o in union.objects(x, p):
                g.add((x, p, o))
    for c in set(g.objects(None, RDF.type)):
        for sup in union.objects(c, RDFS.subClassOf):
            g.add((c, RDFS.subClassOf, sup))
    # provenance of the result triples (and of the Position -> organisation link)
    wanted = set(triples) | {(x, KG.organization, o) for x in extra
                             for o in union.objects(x, KG.organization)}
    for a in union.subjects(RDF.type, KG.Assertion):
        key = (union.value(a, RDF.subject), union.value(a, RDF.predicate), union.value(a, RDF.object))
        if key in wanted:
            for p, o in union.predicate_objects(a):
                g.add((a, p, o))
            for art in union.objects(a, PROV.wasDerivedFrom):
                for p in (DCTERMS.title, DCTERMS.source):
                    for o in union.objects(art, p):
                        g.add((art, p, o))
    predicates = {p for _, p, _ in triples if isinstance(p, URIRef)}
    return g, predicates


# --------------------------------------------------------------------------- the whole store

_PROVENANCE = (KG.Article, KG.Assertion)


def _fact_predicates() -> list:
    """The predicates whose triples the page draws (or follows, for a role's organisation)."""
    rels = relations.names("entity") + relations.names("money") + relations.names("role")
    return [relations.get(r).iri for r in rels] + [KG.organization]


def _entity_classes(graph: Graph) -> set:
    """The classes that make a node an entity of the page (kg.viz._classify)."""
    from kg.viz import _org_classes

    return _org_classes(graph) | {KG.Person, KG.Park, KG.Place, KG.Project, KG.Event}


class _Converter:
    """pyoxigraph terms as rdflib terms (``kg.store.from_oxigraph``), each made once."""

    def __init__(self):
        self._seen: dict = {}

    def term(self, t):
        got = self._seen.get(t)
        if got is None:
            from kg.store import from_oxigraph

            got = self._seen[t] = from_oxigraph(t)
        return got

    def triple(self, t) -> tuple:
        return self.term(t.subject), self.term(t.predicate), self.term(t.object)


class _GroupView:
    """The reads kg.viz.assertion_record makes of an rdflib Graph (value, objects), answered from
    one assertion's union triples and the articles' titles and sources, in the store's order (as
    ``quads_for_pattern`` gives them, and so ``Store.union_graph``)."""

    def __init__(self, convert, assertion, triples, articles: dict):
        self._convert = convert
        self._subject = convert.term(assertion)
        self._values: dict = {}                 # predicate IRI -> objects, in the store's order
        for t in triples:
            self._values.setdefault(t.predicate.value, []).append(t.object)
        self._articles = articles

    def objects(self, subject, predicate):
        if isinstance(subject, Literal):        # a literal is the subject of nothing
            return
        if subject == self._subject:
            for o in self._values.get(str(predicate), ()):
                yield self._convert.term(o)
            return
        for o in self._articles.get((subject, predicate), ()):
            yield o

    def value(self, subject, predicate):
        return next(self.objects(subject, predicate), None)


class _EvidencePicker:
    """The kg:Assertions whose evidence the page can show, picked as the union's subjects go by:
    for each (subject, predicate, object), those with the `keep` first distinct records in the
    page's order. An edge shows the first MAX_PANEL_EVIDENCE distinct records of its facts'
    assertions (kg.viz.to_networkx): a record beyond the `keep` first of its own fact is beyond
    them on the edge too. Memory holds at most 2 * `keep` assertions a fact, with their triples
    (as rdflib terms) and their articles' titles and sources."""

    def __init__(self, ox_store, convert: _Converter, keep: int):
        import pyoxigraph as ox

        from kg.union import UNION

        self._convert = convert
        self._keep = keep
        self._best: dict[tuple, dict[tuple, list]] = {}
        # the articles' dcterms:title and dcterms:source, whatever the subject order
        self._articles: dict = {}
        for p in (DCTERMS.title, DCTERMS.source):
            for q in ox_store.quads_for_pattern(None, ox.NamedNode(str(p)), None, UNION):
                if not isinstance(q.subject, ox.Literal):
                    self._articles.setdefault((convert.term(q.subject), p), []).append(convert.term(q.object))
        self._derived = str(PROV.wasDerivedFrom)

    def add(self, assertion, triples) -> None:
        from kg.viz import assertion_record, evidence_order

        view = _GroupView(self._convert, assertion, triples, self._articles)
        found = assertion_record(view, self._convert.term(assertion))
        if found is None:
            return
        records = self._best.setdefault(found[0], {})
        key = evidence_order(found[1])
        if key not in records:
            records[key] = (found[1], self._with_articles(triples))
        if len(records) > 2 * self._keep:
            self._best[found[0]] = dict(sorted(records.items(), key=lambda kv: kv[0])[:self._keep])

    def _with_articles(self, triples) -> list:
        """An assertion's triples, and the dcterms:title / dcterms:source of its articles."""
        import pyoxigraph as ox

        out = []
        for t in triples:
            out.append(self._convert.triple(t))
            if t.predicate.value == self._derived and not isinstance(t.object, ox.Literal):
                article = self._convert.term(t.object)
                for p in (DCTERMS.title, DCTERMS.source):
                    out.extend((article, p, o) for o in self._articles.get((article, p), ()))
        return out

    def kept(self):
        """The triples of each assertion kept, fact by fact in the order first seen."""
        for records in self._best.values():
            for _, (_record, triples) in sorted(records.items(), key=lambda kv: kv[0])[:self._keep]:
                yield triples

    def records(self) -> dict:
        """(subject, predicate, object) -> the evidence records of the assertions kept, sorted
        (``kg.viz._assertions`` of a graph holding them)."""
        from kg.viz import evidence_order

        return {fact: sorted((record for _, (record, _t) in sorted(records.items(), key=lambda kv: kv[0])[:self._keep]),
                             key=evidence_order)
                for fact, records in self._best.items()}


def page_graph(store):
    """What the page of ``kg.viz`` reads of a store's union graph, read from the store a
    subject at a time rather than as the whole union graph: a ``kg.triples.Triples`` (an
    rdflib Graph's reads, without its store machinery) with the evidence records of its
    assertions made as they were read (``evidence``, for kg.viz.to_networkx).

    ``render_html(page_graph(store))`` is the page of ``render_html(store.union_graph())``
    (``--query``'s extra predicates aside). The graph holds every triple of the
    other nodes (entities, Positions, amounts), but articles and kg:Assertions only
    as the page uses them: of each fact, the assertions whose evidence an edge can
    show (`_EvidencePicker`), with their articles' titles and sources; an article
    or assertion the page draws (an entity, or the end of a drawn fact) whole. So
    its size follows the distinct entities and facts, not the article texts.

    One pass over the union's subjects (and one over the articles' titles and sources)
    reads all of it: an assertion's evidence record is made from its own triples as its
    group goes by, and only the assertions kept for the page keep their triples.
    """
    import pyoxigraph as ox

    from kg.union import UNION, subject_groups
    from kg.viz import MAX_PANEL_EVIDENCE

    from kg.triples import Triples

    ox_store = store.oxigraph
    convert = _Converter()
    g = Triples()
    for q in ox_store.quads_for_pattern(None, ox.NamedNode(str(RDFS.subClassOf)), None, UNION):
        g.add(convert.triple(q))
    entity_classes = {ox.NamedNode(str(c)) for c in _entity_classes(g)}
    provenance = {ox.NamedNode(str(c)) for c in _PROVENANCE}
    facts = {ox.NamedNode(str(p)) for p in _fact_predicates()}
    ends = {q.object for p in facts for q in ox_store.quads_for_pattern(None, p, None, UNION)}
    rdf_type = ox.NamedNode(str(RDF.type))
    assertion_class = ox.NamedNode(str(KG.Assertion))

    def drawn(node, types, triples) -> bool:
        if not types & provenance or types & entity_classes or node in ends:
            return True
        return any(t.predicate in facts for t in triples)

    evidence = _EvidencePicker(ox_store, convert, MAX_PANEL_EVIDENCE)
    whole_assertions = False            # an assertion the page draws (the end of a fact): in whole
    for node, triples in subject_groups(ox_store):
        types = {t.object for t in triples if t.predicate == rdf_type}
        if drawn(node, types, triples):
            whole_assertions = whole_assertions or assertion_class in types
            for t in triples:
                g.add(convert.triple(t))
        if assertion_class in types:
            evidence.add(node, triples)
    for triples in evidence.kept():
        for t in triples:
            g.add(t)
    # the evidence records of the assertions in g, as kg.viz.to_networkx would make them from g
    # (with an assertion drawn whole, whose articles' titles g may lack, it makes them itself)
    g.evidence = None if whole_assertions else evidence.records()
    return g
