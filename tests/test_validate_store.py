"""kg.validate.validate_store: the store's union graph validated piece by piece gives
the report of the whole-graph validation (same conforms, count and text)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, XSD

from kg.api import extract
from kg.errors import ValidationError
from kg.rdf import article_graph, article_iri
from kg.schema import shapes_graph
from kg.store import Store
from kg.validate import (affected_nodes, check_splittable, store_pieces, validate, validate_changes,
                         validate_store)
from kg.vocab import KG, SCHEMA

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
FRESH = URIRef("https://w3id.org/cnkg/id/organization/nowhere")


@pytest.fixture(scope="module")
def sample_graphs():
    """(article IRI, article graph) of the sample page, as `kg build` writes them."""
    extractions, errors = extract([SEED])
    assert errors == []
    return [(article_iri(ex.article), article_graph(ex)) for ex in extractions]


def _copy(graphs):
    out = []
    for iri, g in graphs:
        c = Graph()
        for t in g:
            c.add(t)
        out.append((iri, c))
    return out


def _store(tmp_path, graphs) -> Store:
    st = Store(tmp_path / "kg")
    st.replace_articles(graphs)
    return st


def _first(graphs, s, p, o):
    return min((t for _, g in graphs for t in g.triples((s, p, o))), key=lambda t: tuple(map(str, t)))


def _remove(graphs, s, p, o) -> None:
    for _, g in graphs:
        g.remove((s, p, o))


def _add(graphs, triple) -> None:
    graphs[0][1].add(triple)


def _of(graphs, cls):
    return _first(graphs, None, RDF.type, cls)[0]


# one breaker per shape (or per way in): each mutates the article graphs
def no_label(graphs):                      # EntityShape: minCount of rdfs:label
    _remove(graphs, _of(graphs, KG.Park), RDFS.label, None)


def char_start_string(graphs):             # AssertionShape: datatype, minInclusive, lessThanOrEquals
    a = _of(graphs, KG.Assertion)
    _remove(graphs, a, KG.charStart, None)
    next(g for _, g in graphs if (a, RDF.type, KG.Assertion) in g).add((a, KG.charStart, Literal("0")))


def position_without_org(graphs):          # PositionShape: minCount of kg:organization
    _remove(graphs, _of(graphs, KG.Position), KG.organization, None)


def located_in_money(graphs):              # LocatedInShape: sh:or of classes of the value node
    _add(graphs, (_of(graphs, KG.Park), KG.locatedIn, _of(graphs, KG.MonetaryAmount)))


def holds_role_org(graphs):                # an Organization that RDFS types kg:Position (rdfs:range)
    _add(graphs, (_of(graphs, KG.Person), KG.holdsRole, _of(graphs, KG.Company)))


def organization_nowhere(graphs):          # an IRI with no triples typed kg:Organization by rdfs:range
    pos = _of(graphs, KG.Position)
    _remove(graphs, pos, KG.organization, None)
    _add(graphs, (pos, KG.organization, FRESH))


def investment_literal(graphs):            # a literal typed kg:MonetaryAmount by rdfs:range
    _add(graphs, (_of(graphs, KG.Park), KG.investment, Literal("5", datatype=XSD.decimal)))


def derived_from_entity(graphs):           # AssertionShape: sh:class kg:Article of the value node
    a = _of(graphs, KG.Assertion)
    _remove(graphs, a, PROV.wasDerivedFrom, None)
    _add(graphs, (a, PROV.wasDerivedFrom, _of(graphs, KG.Park)))


def derived_from_two_articles(graphs):     # an assertion of two articles: in the piece of one of them
    a = sorted({s for _, g in graphs for s in g.subjects(RDF.type, KG.Assertion)})[1]
    _add(graphs, (a, PROV.wasDerivedFrom, max(s for _, g in graphs for s in g.subjects(RDF.type, KG.Article))))


def listed_unlabelled(graphs):             # a subject typed kg:Organization by rdfs:domain
    _add(graphs, (FRESH, KG.listedOn, _of(graphs, KG.Company)))


def money_value_string(graphs):            # MonetaryAmountShape: sh:or of datatypes, minInclusive
    m = _of(graphs, KG.MonetaryAmount)
    _remove(graphs, m, SCHEMA.value, None)
    _add(graphs, (m, SCHEMA.value, Literal("五十亿")))


BREAKERS = [(no_label, 1), (char_start_string, 3), (position_without_org, 1), (located_in_money, 1),
            (holds_role_org, 2), (organization_nowhere, 1), (investment_literal, 4),
            (derived_from_entity, 1), (derived_from_two_articles, 1), (listed_unlabelled, 1),
            (money_value_string, 2)]


def _same_report(st, batch, violations):
    whole = validate(st.union_graph())
    streamed = validate_store(st, batch=batch)
    assert (whole.conforms, whole.violations) == (violations == 0, violations), whole.text
    assert (streamed.conforms, streamed.violations) == (whole.conforms, whole.violations)
    assert streamed.text == whole.text
    return streamed


def test_sample_store_conforms_in_pieces(tmp_path, sample_graphs):
    with _store(tmp_path, _copy(sample_graphs)) as st:
        for batch in (2000, 7):
            rep = _same_report(st, batch, 0)
            assert rep.text == "Validation Report\nConforms: True\n"


@pytest.mark.parametrize("breaker, violations", BREAKERS, ids=[b.__name__ for b, _ in BREAKERS])
def test_broken_store_gives_the_whole_graph_report(tmp_path, sample_graphs, breaker, violations):
    graphs = _copy(sample_graphs)
    breaker(graphs)
    with _store(tmp_path, graphs) as st:
        _same_report(st, 40, violations)


def test_every_breaker_at_once_in_tiny_pieces(tmp_path, sample_graphs):
    graphs = _copy(sample_graphs)
    for breaker, _ in BREAKERS:
        breaker(graphs)
    # 16, not the 18 of the breakers one by one: organization_nowhere gives the Position
    # that position_without_org left without an organization one again, and the unlabelled
    # FRESH of organization_nowhere and listed_unlabelled is one focus node
    with _store(tmp_path, graphs) as st:
        for batch in (2, 10_000):
            rep = _same_report(st, batch, 16)
            assert len(set(rep.results.subjects(RDF.type, SH.ValidationResult))) == 16
            assert len(set(rep.results.objects(None, SH.result))) == 16


def test_every_focus_node_is_in_one_piece(tmp_path, sample_graphs):
    graphs = _copy(sample_graphs)
    organization_nowhere(graphs)
    investment_literal(graphs)
    derived_from_two_articles(graphs)
    derived_from_entity(graphs)
    with _store(tmp_path, graphs) as st:
        subjects = set(st.union_graph().subjects())
        # 珠海市 among them: 珠海高新区 is within it (its skos:notation); and the park 中巴科技合作区
        assert len(subjects) == 185
        pieces = [focus for focus, _ in store_pieces(st, batch=7)]
        assert [len(f) for f in pieces] == [7] * 26 + [5]
        nodes = [n for f in pieces for n in f]
        assert len(nodes) == len(set(nodes)) == 187
        assert set(nodes) == subjects | {FRESH, Literal("5", datatype=XSD.decimal)}


def test_a_piece_holds_its_focus_nodes_triples_and_no_article_text_of_others(tmp_path, sample_graphs):
    with _store(tmp_path, _copy(sample_graphs)) as st:
        union = st.union_graph()
        for focus, g in store_pieces(st, batch=20):
            for node in focus:
                assert set(g.triples((node, None, None))) == set(union.triples((node, None, None)))
            texts = {s for s, _ in g.subject_objects(SCHEMA.text)}
            assert texts <= focus


def test_piece_size_must_be_positive(tmp_path, sample_graphs):
    with _store(tmp_path, _copy(sample_graphs)) as st:
        with pytest.raises(ValidationError, match="at least 1"):
            validate_store(st, batch=0)


def test_shapes_that_reach_further_are_refused():
    check_splittable(shapes_graph())
    g = Graph()
    for t in shapes_graph():
        g.add(t)
    shape = URIRef("https://w3id.org/cnkg/shapes#EntityShape")
    g.add((shape, SH.node, URIRef("https://w3id.org/cnkg/shapes#PositionShape")))
    with pytest.raises(ValidationError, match="shacl#node"):
        check_splittable(g)


def test_assertions_come_right_after_their_article(tmp_path, sample_graphs):
    graphs = _copy(sample_graphs)
    derived_from_two_articles(graphs)
    derived_from_entity(graphs)
    with _store(tmp_path, graphs) as st:
        union = st.union_graph()
        order = [next(iter(focus)) for focus, _ in store_pieces(st, batch=1)]
    articles = set(union.subjects(RDF.type, KG.Article))
    assertions = set(union.subjects(RDF.type, KG.Assertion))
    assert (len(articles), len(assertions), len(order)) == (10, 42, 185)
    groups, rest = [], []
    for n in order:
        if n in articles and not rest:
            groups.append([n])
        elif n in assertions and groups and not rest:
            groups[-1].append(n)
        else:
            rest.append(n)
    assert [g[0] for g in groups] == [n for n in order if n in articles]
    assert all(n not in articles for n in rest)
    for article, *derived in groups:
        assert all(article in set(union.objects(a, PROV.wasDerivedFrom)) for a in derived)
    assert sum(len(g) - 1 for g in groups) == 41
    assert [n for n in rest if n in assertions] == [_of(graphs, KG.Assertion)]   # derived from a Park


# --------------------------------------------------------------------------- validate_changes

def _changed(before, after) -> list:
    return [iri for (iri, g0), (_, g1) in zip(before, after) if set(g0) != set(g1)]


@pytest.mark.parametrize("breaker, violations", BREAKERS, ids=[b.__name__ for b, _ in BREAKERS])
def test_a_change_validated_alone_gives_the_whole_graph_report(tmp_path, sample_graphs, breaker, violations):
    good, broken = _copy(sample_graphs), _copy(sample_graphs)
    breaker(broken)
    changed = _changed(good, broken)
    assert changed
    with Store(tmp_path / "old") as old, Store(tmp_path / "new") as new:
        old.replace_articles(good)
        new.replace_articles(broken)
        assert validate_store(old).conforms
        whole = validate(new.union_graph())
        checked = []
        rep = validate_changes(new, old.oxigraph, changed, progress=checked.append)
        assert (rep.conforms, rep.violations, rep.text) == (whole.conforms, whole.violations, whole.text)
        assert rep.violations == violations
        assert rep.describe() == whole.describe()
        assert 0 < sum(checked) < len(set(new.union_graph().subjects()))     # not the whole store


def test_a_change_reaches_the_nodes_that_check_its_classes_in_other_graphs(tmp_path):
    """P kg:locatedIn X sits in one article graph, X's class in another: retyping X in its graph
    alone breaks P's sh:or of classes, in a graph the change did not touch."""
    from kg.vocab import KGR_NS

    park, place = URIRef(KGR_NS + "park/p"), URIRef(KGR_NS + "place/x")
    a, b = URIRef(KGR_NS + "article/a"), URIRef(KGR_NS + "article/b")

    def graphs(cls):
        ga, gb = Graph(), Graph()
        ga.add((park, RDF.type, KG.Park))
        ga.add((park, RDFS.label, Literal("一园")))
        ga.add((park, KG.locatedIn, place))
        gb.add((place, RDF.type, cls))
        gb.add((place, RDFS.label, Literal("一地")))
        return [(a, ga), (b, gb)]

    with Store(tmp_path / "old") as old, Store(tmp_path / "new") as new:
        old.replace_articles(graphs(KG.Place))
        new.replace_articles(graphs(KG.Person))
        assert validate_store(old).conforms
        assert affected_nodes(new, old.oxigraph, [b]) == {ox.NamedNode(str(park)), ox.NamedNode(str(place))}
        whole = validate(new.union_graph())
        rep = validate_changes(new, old.oxigraph, [b])
        assert (rep.conforms, rep.violations) == (False, 1)
        assert rep.describe() == whole.describe()
        assert rep.describe()[0].startswith(f"<{park}> kg:locatedIn: <https://w3id.org/cnkg/shapes#LocatedInShape> "
                                            "(a property shape), "
                                            "sh:OrConstraintComponent")


def test_a_change_of_the_schema_validates_the_whole_store(tmp_path, sample_graphs):
    good, changed = _copy(sample_graphs), _copy(sample_graphs)
    changed[0][1].add((KG.Company, RDFS.subClassOf, KG.Park))
    with Store(tmp_path / "old") as old, Store(tmp_path / "new") as new:
        old.replace_articles(good)
        new.replace_articles(changed)
        assert affected_nodes(new, old.oxigraph, [changed[0][0]]) is None
        whole = validate(new.union_graph())
        rep = validate_changes(new, old.oxigraph, [changed[0][0]])
        assert (rep.conforms, rep.violations, rep.text) == (whole.conforms, whole.violations, whole.text)


def _with_shape(extra):
    g = Graph()
    for t in shapes_graph():
        g.add(t)
    for t in extra:
        g.add(t)
    return g


def test_a_shape_on_a_super_property_sees_the_sub_property_values(tmp_path, sample_graphs, monkeypatch):
    """kg:locatedIn rdfs:subPropertyOf schema:location: a shape on schema:location sees kg:locatedIn's
    values in pieces (the entailment, no owlrl) as the whole-graph RDFS validation does."""
    import kg.validate

    shape, prop = URIRef("https://example.org/test#ParkShape"), URIRef("https://example.org/test#NoWhere")
    strict = _with_shape([(shape, RDF.type, SH.NodeShape), (shape, SH.targetClass, KG.Park),
                          (shape, SH.property, prop), (prop, SH.path, SCHEMA.location),
                          (prop, SH.maxCount, Literal(0))])
    monkeypatch.setattr(kg.validate, "shapes_graph", lambda: strict)
    with _store(tmp_path, _copy(sample_graphs)) as st:
        entailment = kg.validate._store_inference(st.oxigraph).entailment
        assert entailment.supers[KG.locatedIn] == (SCHEMA.location,)
        whole = validate(st.union_graph())
        assert whole.violations > 0
        streamed = validate_store(st, batch=40)
        assert (streamed.violations, streamed.text) == (whole.violations, whole.text)


def test_shapes_on_rdfs_own_classes_get_owlrl_closure(tmp_path, sample_graphs, monkeypatch):
    import kg.validate

    shape = URIRef("https://example.org/test#AnyShape")
    odd = _with_shape([(shape, RDF.type, SH.NodeShape), (shape, SH.targetClass, RDFS.Resource),
                       (shape, SH.nodeKind, SH.IRI)])
    monkeypatch.setattr(kg.validate, "shapes_graph", lambda: odd)
    with _store(tmp_path, _copy(sample_graphs)) as st:
        assert kg.validate._store_inference(st.oxigraph).entailment is None
    monkeypatch.undo()
    with _store(tmp_path / "again", _copy(sample_graphs)) as st:
        assert kg.validate._store_inference(st.oxigraph).entailment is not None


# --------------------------------------------------------------------------- the screen (kg.shacl_screen)

def _screen(st):
    import kg.validate
    from kg.shacl_screen import Screen

    screen = Screen.of(kg.validate.shapes_graph(), kg.validate._store_inference(st.oxigraph).entailment)
    assert screen is not None
    return screen, screen.suspects(st.oxigraph)


def _failing(report) -> set:
    """The focus nodes of pySHACL's results."""
    return set(report.results.objects(None, SH.focusNode))


def _suspects_as_rdflib(suspects) -> set:
    from kg.store import from_oxigraph

    return {from_oxigraph(t) for t in suspects}


def test_the_screen_passes_every_focus_node_of_the_sample(tmp_path, sample_graphs):
    with _store(tmp_path, _copy(sample_graphs)) as st:
        screen, suspects = _screen(st)
        assert suspects == set()                # pySHACL has nothing to check
        assert screen.checked == 185            # every subject of the union is a focus node here


@pytest.mark.parametrize("breaker, violations", BREAKERS, ids=[b.__name__ for b, _ in BREAKERS])
def test_the_screen_passes_no_node_pyshacl_fails(tmp_path, sample_graphs, breaker, violations, monkeypatch):
    """On each known-bad store: every focus node of pySHACL's whole-graph report is a suspect, and
    the report with the screen is the report without it (pySHACL on every focus node)."""
    import kg.validate

    graphs = _copy(sample_graphs)
    breaker(graphs)
    with _store(tmp_path, graphs) as st:
        whole = validate(st.union_graph())
        _screen_, suspects = _screen(st)
        assert _failing(whole) <= _suspects_as_rdflib(suspects)
        assert len(suspects) <= violations     # and no more than the broken nodes
        screened = validate_store(st, batch=40)
        monkeypatch.setattr(kg.validate, "SCREEN", False)
        unscreened = validate_store(st, batch=40)
    assert (screened.conforms, screened.violations, screened.text) == (
        unscreened.conforms, unscreened.violations, unscreened.text) == (whole.conforms, whole.violations, whole.text)
    assert screened.describe() == unscreened.describe() == whole.describe()


# (subject class, predicate, literal): odd values of the properties the shapes check with a datatype,
# a range, a length, a pattern or a comparison, each put on a node of its own in place of its value
ODD_VALUES = [
    (KG.Assertion, KG.confidence, Literal("0.5", datatype=XSD.decimal)),
    (KG.Assertion, KG.confidence, Literal("1.5", datatype=XSD.decimal)),
    (KG.Assertion, KG.confidence, Literal("-0.1", datatype=XSD.double)),
    (KG.Assertion, KG.confidence, Literal("1E0", datatype=XSD.double)),
    (KG.Assertion, KG.confidence, Literal("NaN", datatype=XSD.double)),
    (KG.Assertion, KG.confidence, Literal("INF", datatype=XSD.double)),
    (KG.Assertion, KG.confidence, Literal("abc", datatype=XSD.decimal)),
    (KG.Assertion, KG.confidence, Literal("0.5")),
    (KG.Assertion, KG.confidence, Literal("1", datatype=XSD.integer)),
    (KG.Assertion, KG.confidence, Literal(".5", datatype=XSD.decimal)),
    (KG.Assertion, KG.charStart, Literal("+5", datatype=XSD.integer)),
    (KG.Assertion, KG.charStart, Literal("-1", datatype=XSD.integer)),
    (KG.Assertion, KG.charStart, Literal("1.0", datatype=XSD.integer)),
    (KG.Assertion, KG.charStart, Literal("\u0661", datatype=XSD.integer)),     # an Arabic-Indic digit
    (KG.Assertion, KG.charStart, Literal("99999999", datatype=XSD.integer)),  # after its charEnd
    (KG.Assertion, KG.charEnd, Literal("0", datatype=XSD.integer)),           # before its charStart
    (KG.Assertion, KG.extractor, Literal("")),
    (KG.Assertion, KG.extractor, Literal("rule", lang="zh")),
    (KG.Assertion, KG.asOf, Literal("2024-02-30", datatype=XSD.date)),
    (KG.Assertion, KG.asOf, Literal("2024-2-3", datatype=XSD.date)),
    (KG.Assertion, KG.asOf, Literal("2024-02-03Z", datatype=XSD.date)),
    (KG.Assertion, KG.asOf, Literal("2024-02-03", datatype=XSD.date)),
    (KG.Article, KG.position, Literal("0", datatype=XSD.integer)),
    (KG.Article, KG.position, Literal("007", datatype=XSD.integer)),
    (KG.Article, DCTERMS.date, Literal("二〇二四年三月")),
    (KG.Article, DCTERMS.date, Literal("2024-13-01", datatype=XSD.date)),
    (KG.Article, DCTERMS.title, Literal("")),
    (KG.Park, RDFS.label, Literal("")),
    (KG.Park, RDFS.label, Literal(" ")),
    (KG.Park, RDFS.label, Literal("园区", lang="zh")),
    (KG.Person, RDFS.label, Literal("1", datatype=XSD.integer)),
    (KG.MonetaryAmount, SCHEMA.currency, Literal("cny")),
    (KG.MonetaryAmount, SCHEMA.currency, Literal("CNY\n")),
    (KG.MonetaryAmount, SCHEMA.currency, Literal("CNYX")),
    (KG.MonetaryAmount, SCHEMA.value, Literal("-5", datatype=XSD.integer)),
    (KG.MonetaryAmount, SCHEMA.value, Literal("5e9", datatype=XSD.double)),
    (KG.Position, KG.current, Literal("yes", datatype=XSD.boolean)),
    (KG.Position, KG.current, Literal("1", datatype=XSD.boolean)),
    (KG.Position, KG.startDate, Literal("2024", datatype=XSD.gYear)),
    (KG.Position, KG.startDate, Literal("24", datatype=XSD.gYear)),
    (KG.Position, KG.startDate, Literal("2024-01", datatype=XSD.gYear)),
    (KG.Position, KG.endDate, Literal("2024-01", datatype=XSD.gYearMonth)),
    (KG.Position, KG.roleTitle, Literal("")),
]


def test_the_screen_passes_no_odd_value_pyshacl_fails(tmp_path, sample_graphs):
    """Odd literals, each on its own node: the suspects are exactly the nodes pySHACL fails, and
    the report is pySHACL's whole-graph report."""
    graphs = _copy(sample_graphs)
    used: dict = {}
    for cls, p, value in ODD_VALUES:
        nodes = sorted({s for _, g in graphs for s in g.subjects(RDF.type, cls)} - set(used))
        node = nodes[0]
        used[node] = value
        _remove(graphs, node, p, None)
        next(g for _, g in graphs if (node, RDF.type, cls) in g).add((node, p, value))
    with _store(tmp_path, graphs) as st:
        whole = validate(st.union_graph())
        _screen_, suspects = _screen(st)
        failing = _failing(whole)
        assert failing and failing <= set(used)
        assert _suspects_as_rdflib(suspects) == failing
        screened = validate_store(st, batch=40)
    assert (screened.conforms, screened.violations, screened.text) == (whole.conforms, whole.violations, whole.text)


def test_the_screen_stands_aside_for_shapes_it_does_not_know(monkeypatch, tmp_path, sample_graphs):
    """A shape with a term the screen does not implement (sh:closed here): no screen, pySHACL on
    every focus node (the report of validate_store without the screen)."""
    import kg.validate
    from kg.shacl_screen import Screen

    shape = URIRef("https://example.org/test#Closed")
    odd = _with_shape([(shape, RDF.type, SH.NodeShape), (shape, SH.targetClass, KG.Project),
                       (shape, SH.closed, Literal(True))])
    assert Screen.of(odd, kg.validate._inference(kg.validate.ontology_graph(), odd, []).entailment) is None
    monkeypatch.setattr(kg.validate, "shapes_graph", lambda: odd)
    with _store(tmp_path, _copy(sample_graphs)) as st:
        assert kg.validate._screened(st) is None
        streamed = validate_store(st, batch=40)
        monkeypatch.setattr(kg.validate, "SCREEN", False)
        unscreened = validate_store(st, batch=40)
    assert streamed.violations > 0
    assert (streamed.violations, streamed.text) == (unscreened.violations, unscreened.text)
