"""schema/kg.ttl and schema/shapes.ttl against kg.vocab, and SHACL validation of kg graphs."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, XSD

from kg.model import Article, Entity, Evidence, Extraction, Fact, Money, Role
from kg.rdf import article_graph, article_iri, entity_iri
from kg.schema import ontology_graph, schema_dir, shapes_graph
from kg.store import Store
from kg.validate import ValidationReport, validate
from kg.vocab import KG, KG_NS, ORG, ORG_KINDS, SCHEMA
from kg.errors import ValidationError

VOCAB_TERMS = {URIRef(KG_NS + name) for name in KG.__annotations__}
CLASSES = {"Person", "Organization", "Park", "Place", "Project", "Event", "Position", "MonetaryAmount",
           "Article", "Assertion", "CurationDecision", *ORG_KINDS}


def declared_kg_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(KG_NS)}


# ---------------------------------------------------------------- files

def test_schema_dir_is_the_package_directory():
    # kg/schema/ ships kg.ttl and shapes.ttl; in a checkout they link to the top-level schema/
    assert schema_dir() == Path(__file__).resolve().parent.parent / "kg" / "schema"
    assert sorted(p.name for p in schema_dir().glob("*.ttl")) == ["kg.ttl", "shapes.ttl"]


def test_graphs_are_cached():
    assert ontology_graph() is ontology_graph()
    assert shapes_graph() is shapes_graph()


# ---------------------------------------------------------------- ontology vs vocabulary

def test_every_vocab_term_is_declared_and_vice_versa():
    assert declared_kg_terms(ontology_graph()) == VOCAB_TERMS


def test_classes_and_properties_are_typed():
    g = ontology_graph()
    for term in VOCAB_TERMS:
        name = str(term)[len(KG_NS):]
        types = set(g.objects(term, RDF.type))
        if name in CLASSES:
            assert OWL.Class in types, name
        else:
            assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


@pytest.mark.parametrize("term", sorted(VOCAB_TERMS))
def test_labels_in_chinese_and_english(term):
    labels = {(lit.language) for lit in ontology_graph().objects(term, RDFS.label)}
    assert labels == {"zh", "en"}


@pytest.mark.parametrize("kind", ORG_KINDS)
def test_org_kinds_are_organization_subclasses(kind):
    assert (KG[kind], RDFS.subClassOf, KG.Organization) in ontology_graph()


@pytest.mark.parametrize("triple", [
    (KG.Person, RDFS.subClassOf, SCHEMA.Person),
    (KG.Organization, RDFS.subClassOf, ORG.Organization),
    (KG.Organization, RDFS.subClassOf, SCHEMA.Organization),
    (KG.Park, RDFS.subClassOf, SCHEMA.Place),
    (KG.Place, RDFS.subClassOf, SCHEMA.Place),
    (KG.Project, RDFS.subClassOf, SCHEMA.Project),
    (KG.Event, RDFS.subClassOf, SCHEMA.Event),
    (KG.Position, RDFS.subClassOf, ORG.Membership),
    (KG.MonetaryAmount, RDFS.subClassOf, SCHEMA.MonetaryAmount),
    (KG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
    (KG.Assertion, RDFS.subClassOf, RDF.Statement),
    (KG.organization, RDFS.subPropertyOf, ORG.organization),
    (KG.holdsRole, OWL.inverseOf, ORG.member),
    (KG.organizer, RDFS.subPropertyOf, SCHEMA.organizer),
    (KG.holdsRole, RDFS.domain, KG.Person),
    (KG.holdsRole, RDFS.range, KG.Position),
    (KG.foundingYear, RDFS.range, XSD.gYear),
    (KG.charStart, RDFS.range, XSD.integer),
    (KG.confidence, RDFS.domain, KG.Assertion),
])
def test_alignments_domains_ranges(triple):
    assert triple in ontology_graph()


def test_shapes_only_use_vocabulary_terms():
    used = {t for triple in shapes_graph() for t in triple
            if isinstance(t, URIRef) and str(t).startswith(KG_NS)}
    assert used <= VOCAB_TERMS
    assert len(set(shapes_graph().subjects(RDF.type, SH.NodeShape))) == 11


# ---------------------------------------------------------------- validation

TEXT = "威高国际医疗器械产业园落户青岛高新区。威高集团原董事长李四出席。"
S1, S2 = "威高国际医疗器械产业园落户青岛高新区。", "威高集团原董事长李四出席。"
PARK = Entity(id="Park/威高国际医疗器械产业园", label="威高国际医疗器械产业园", cls="Park")
ZONE = Entity(id="Park/青岛高新区", label="青岛高新区", cls="Park", alt_labels=("高新区",))
ORG_E = Entity(id="Organization/威高集团", label="威高集团", cls="Organization", kind="Company")
EV1 = Evidence("1", S1, 0, len(S1), "locatedIn/settle", 0.9)
EV2 = Evidence("1", S2, len(S1), len(TEXT), "holdsRole/title", 0.8)


def good_extraction(**article_kw) -> Extraction:
    fields = dict(id="1", text=TEXT, source="seed-page.txt", position=1, title="威高国际医疗器械产业园落户青岛高新区",
                  creators=("张三",), date="2023-05-01")
    fields.update(article_kw)
    facts = (Fact("locatedIn", PARK.id, ZONE.id, EV1),
             Fact("investment", PARK.id, Money(5e9, "CNY", "50亿元"), EV1),
             Fact("holdsRole", "Person/李四", Role("董事长", ORG_E.id, False), EV2),
             Fact("foundingYear", ORG_E.id, 1988, EV2),
             Fact("listedOn", ORG_E.id, "Organization/上海证券交易所", EV2))
    return Extraction(article=Article(**fields), entities=(PARK, ZONE, ORG_E), facts=facts)


def test_good_extraction_conforms():
    report = validate(article_graph(good_extraction()))
    assert isinstance(report, ValidationReport)
    assert (report.conforms, report.violations) == (True, 0)
    report.raise_if_invalid()


def test_photo_caption_with_empty_title_conforms():
    report = validate(article_graph(good_extraction(title="", kind="photo", creators=(), date=None)))
    assert (report.conforms, report.violations) == (True, 0)


def test_store_union_conforms(tmp_path):
    ex = good_extraction()
    with Store(tmp_path / "kg") as store:
        store.replace_article(article_iri(ex.article), article_graph(ex))
        report = validate(store)
    assert (report.conforms, report.violations) == (True, 0)


def _node(g: Graph, cls: URIRef) -> URIRef:
    return next(iter(sorted(g.subjects(RDF.type, cls))))


def _assertion(g: Graph, predicate: URIRef) -> URIRef:
    return next(g.subjects(RDF.predicate, predicate))


def _retype(g, node, old, new):
    g.remove((node, RDF.type, old))
    g.add((node, RDF.type, new))


def _break_position_org(g):
    g.remove((_node(g, KG.Position), KG.organization, None))


def _break_position_title(g):
    pos = _node(g, KG.Position)
    g.add((pos, KG.roleTitle, Literal("总经理")))


def _break_two_labels(g):
    g.add((entity_iri(ZONE), RDFS.label, Literal("青岛国家高新技术产业开发区")))


def _break_no_label(g):
    g.remove((entity_iri(PARK), RDFS.label, None))


def _break_confidence(g):
    a = _assertion(g, KG.locatedIn)
    g.set((a, KG.confidence, Literal("1.5", datatype=XSD.decimal)))


def _break_char_start_type(g):
    a = _assertion(g, KG.locatedIn)
    g.set((a, KG.charStart, Literal("0")))


def _break_offsets_order(g):
    a = _assertion(g, KG.locatedIn)
    g.set((a, KG.charStart, Literal(100)))


def _break_no_article(g):
    a = _assertion(g, KG.locatedIn)
    g.remove((a, PROV.wasDerivedFrom, None))


def _break_no_extractor(g):
    g.remove((_assertion(g, KG.locatedIn), KG.extractor, None))


def _break_year(g):
    org = entity_iri(ORG_E)
    g.set((org, KG.foundingYear, Literal("1988")))


def _break_currency(g):
    g.remove((_node(g, KG.MonetaryAmount), SCHEMA.currency, None))


def _break_money_value(g):
    g.set((_node(g, KG.MonetaryAmount), SCHEMA.value, Literal("50亿")))


def _break_article_source(g):
    g.remove((_node(g, KG.Article), DCTERMS.source, None))


def _break_article_position(g):
    g.set((_node(g, KG.Article), KG.position, Literal("1")))


def _break_article_title_empty(g):
    g.set((_node(g, KG.Article), DCTERMS.title, Literal("")))


def _break_article_identifier(g):
    g.remove((_node(g, KG.Article), DCTERMS.identifier, None))


def _break_located_in_object(g):
    # a park located in a monetary amount
    g.add((entity_iri(PARK), KG.locatedIn, _node(g, KG.MonetaryAmount)))


def _break_located_in_subject(g):
    # a person cannot be located in a park with this vocabulary
    g.add((entity_iri("Person/李四"), KG.locatedIn, entity_iri(ZONE)))


V = SH  # shorter rows below


@pytest.mark.parametrize("breaker, components", [
    (_break_position_org, [V.MinCountConstraintComponent]),
    (_break_position_title, [V.MaxCountConstraintComponent]),
    (_break_two_labels, [V.MaxCountConstraintComponent]),
    (_break_no_label, [V.MinCountConstraintComponent]),
    (_break_confidence, [V.MaxInclusiveConstraintComponent]),
    # a string offset: wrong datatype, not comparable with 0 nor with charEnd
    (_break_char_start_type, [V.DatatypeConstraintComponent, V.LessThanOrEqualsConstraintComponent,
                              V.MinInclusiveConstraintComponent]),
    (_break_offsets_order, [V.LessThanOrEqualsConstraintComponent]),
    (_break_no_article, [V.MinCountConstraintComponent]),
    (_break_no_extractor, [V.MinCountConstraintComponent]),
    (_break_year, [V.DatatypeConstraintComponent]),
    (_break_currency, [V.MinCountConstraintComponent]),
    (_break_money_value, [V.MinInclusiveConstraintComponent, V.OrConstraintComponent]),
    (_break_article_source, [V.MinCountConstraintComponent]),
    (_break_article_position, [V.DatatypeConstraintComponent, V.MinInclusiveConstraintComponent]),
    (_break_article_title_empty, [V.MinLengthConstraintComponent]),
    (_break_article_identifier, [V.MinCountConstraintComponent]),
    (_break_located_in_object, [V.OrConstraintComponent]),
    (_break_located_in_subject, [V.OrConstraintComponent]),
], ids=lambda v: getattr(v, "__name__", ""))
def test_broken_graph_gives_exact_violations(breaker, components):
    g = article_graph(good_extraction())
    breaker(g)
    report = validate(g)
    assert (report.conforms, report.violations) == (False, len(components)), report.text
    found = sorted(report.results.value(r, SH.sourceConstraintComponent)
                   for r in report.results.subjects(RDF.type, SH.ValidationResult))
    assert found == sorted(components)
    with pytest.raises(ValidationError, match=f"{len(components)} SHACL violation"):
        report.raise_if_invalid()


def test_validate_does_not_modify_the_graph():
    g = article_graph(good_extraction())
    before = set(g)
    validate(g)
    assert set(g) == before


def test_validate_refuses_other_objects():
    with pytest.raises(ValidationError, match="cannot validate"):
        validate("not a graph")
