"""kg.rdf: Extraction -> rdflib.Graph, IRIs and provenance."""
from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import ValidationError
from kg.model import Article, Entity, Evidence, Extraction, Fact, Money, Role
from kg.rdf import (
    article_graph,
    article_iri,
    confidence_literal,
    entity_iri,
    merge_graphs,
    money_value_literal,
    year_literal,
)
from kg.vocab import KG, KGR_NS, SCHEMA

TEXT = "威高国际医疗器械产业园落户青岛高新区。园区总投资50亿元。"
SENTENCE = "威高国际医疗器械产业园落户青岛高新区。"


def sha16(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def make_article(**kw) -> Article:
    fields = dict(id="3", text=TEXT, source="seed-page.txt", position=3,
                  title="威高国际医疗器械产业园落户青岛高新区")
    fields.update(kw)
    return Article(**fields)


PARK = Entity(id="Park/威高国际医疗器械产业园", label="威高国际医疗器械产业园", cls="Park",
              alt_labels=("威高产业园",))
ZONE = Entity(id="Park/青岛高新区", label="青岛高新区", cls="Park", alt_labels=("高新区",))
ORG = Entity(id="Organization/威高集团", label="威高集团", cls="Organization", kind="Company")
EV = Evidence("3", SENTENCE, 0, 19, "locatedIn/settle", 0.9)


def extraction(facts=(), entities=(PARK, ZONE, ORG), **article_kw) -> Extraction:
    return Extraction(article=make_article(**article_kw), entities=tuple(entities), facts=tuple(facts))


def ent(e: Entity) -> URIRef:
    return URIRef(f"{KGR_NS}{e.cls.lower()}/{sha16(e.id)}")


# ---------------------------------------------------------------- IRIs

def test_article_iri_is_sha1_of_source_and_id():
    art = make_article()
    assert article_iri(art) == URIRef(KGR_NS + "article/" + sha16("seed-page.txt\x1f3"))


def test_article_iri_honours_base():
    assert article_iri(make_article(), base="http://example.org/") == \
        URIRef("http://example.org/article/" + sha16("seed-page.txt\x1f3"))


@pytest.mark.parametrize("arg, cls, expected_cls", [
    (PARK, None, "park"),
    ("Park/青岛高新区", None, "park"),
    ("Organization/威高集团", None, "organization"),
    ("Organization/威高集团", "Organization", "organization"),
    ("Person/张三", None, "person"),
])
def test_entity_iri(arg, cls, expected_cls):
    entity_id = arg.id if isinstance(arg, Entity) else arg
    assert entity_iri(arg, cls) == URIRef(f"{KGR_NS}{expected_cls}/{sha16(entity_id)}")


@pytest.mark.parametrize("arg", ["Widget/x", "no-slash", "Park/"])
def test_entity_iri_rejects_bad_ids(arg):
    with pytest.raises(ValidationError):
        entity_iri(arg)


# ---------------------------------------------------------------- literals

@pytest.mark.parametrize("value, lexical, datatype", [
    (5e9, "5000000000", XSD.integer),
    (508000000.00000006, "508000000", XSD.integer),
    (1234.5, "1234.5", XSD.decimal),
    (0.0, "0", XSD.integer),
])
def test_money_value_literal(value, lexical, datatype):
    lit = money_value_literal(value)
    assert (str(lit), lit.datatype) == (lexical, datatype)


@pytest.mark.parametrize("conf, lexical", [(0.9, "0.9"), (1, "1.0"), (0, "0.0"), (0.85, "0.85"), (0.33333, "0.3333")])
def test_confidence_literal(conf, lexical):
    lit = confidence_literal(conf)
    assert (str(lit), lit.datatype) == (lexical, XSD.decimal)


@pytest.mark.parametrize("conf", [-0.1, 1.5])
def test_confidence_out_of_range(conf):
    with pytest.raises(ValidationError):
        confidence_literal(conf)


@pytest.mark.parametrize("year, lexical", [(1988, "1988"), ("2005", "2005"), (960, "0960")])
def test_year_literal(year, lexical):
    assert year_literal(year) == Literal(lexical, datatype=XSD.gYear)


# ---------------------------------------------------------------- article node

def test_article_node_triples():
    ex = extraction(entities=(), creators=("张三", "李四"), date="2023-05-01")
    g = article_graph(ex)
    a = article_iri(ex.article)
    zhang = URIRef(f"{KGR_NS}person/{sha16('Person/张三')}")
    li = URIRef(f"{KGR_NS}person/{sha16('Person/李四')}")
    expected = {
        (a, RDF.type, KG.Article),
        (a, DCTERMS.title, Literal("威高国际医疗器械产业园落户青岛高新区")),
        (a, DCTERMS.identifier, Literal("3")),
        (a, DCTERMS.source, Literal("seed-page.txt")),
        (a, KG.position, Literal(3)),
        (a, SCHEMA.text, Literal(TEXT)),
        (a, DCTERMS.date, Literal("2023-05-01", datatype=XSD.date)),
        (a, DCTERMS.creator, zhang),
        (a, DCTERMS.creator, li),
        (zhang, RDF.type, KG.Person),
        (zhang, RDFS.label, Literal("张三")),
        (li, RDF.type, KG.Person),
        (li, RDFS.label, Literal("李四")),
    }
    assert set(g) == expected


def test_photo_caption_has_no_title_and_no_date():
    ex = extraction(entities=(), title="", kind="photo")
    g = article_graph(ex)
    a = article_iri(ex.article)
    assert list(g.objects(a, DCTERMS.title)) == []          # no dcterms:title "" (issue 16)
    assert list(g.objects(a, DCTERMS.date)) == []
    assert len(g) == 5                                      # type, identifier, source, position, text


def test_jsonl_id_is_the_article_identifier():
    ex = extraction(entities=(), id="news-0042", source="feed.jsonl", position=7)
    g = article_graph(ex)
    assert list(g.objects(article_iri(ex.article), DCTERMS.identifier)) == [Literal("news-0042")]


def test_position_is_xsd_integer():
    g = article_graph(extraction(entities=()))
    (pos,) = g.objects(article_iri(make_article()), KG.position)
    assert (str(pos), pos.datatype) == ("3", XSD.integer)


# ---------------------------------------------------------------- entities

def test_entity_triples_types_labels_alt_labels():
    g = article_graph(extraction())
    assert set(g.triples((ent(ORG), None, None))) == {
        (ent(ORG), RDF.type, KG.Organization),
        (ent(ORG), RDF.type, KG.Company),
        (ent(ORG), RDFS.label, Literal("威高集团")),
    }
    assert set(g.triples((ent(ZONE), None, None))) == {
        (ent(ZONE), RDF.type, KG.Park),
        (ent(ZONE), RDFS.label, Literal("青岛高新区")),
        (ent(ZONE), SKOS.altLabel, Literal("高新区")),
        (ent(ZONE), KG.within, URIRef(KGR_NS + "place/370200")),   # its name: 青岛 -> 青岛市
    }
    # the division a park's name places it in: its code (type and names are the reference graph's)
    assert set(g.triples((URIRef(KGR_NS + "place/370200"), None, None))) == {
        (URIRef(KGR_NS + "place/370200"), SKOS.notation, Literal("370200"))}


def test_labels_are_plain_literals():
    g = article_graph(extraction())
    for _, _, label in g.triples((None, RDFS.label, None)):
        assert label.language is None and label.datatype is None


def test_unknown_kind_is_refused():
    bad = Entity(id="Organization/x", label="x", cls="Organization", kind="Cooperative")
    with pytest.raises(ValidationError, match="Cooperative"):
        article_graph(extraction(entities=(bad,)))


# ---------------------------------------------------------------- facts and assertions

def assertion_of(g: Graph, predicate: URIRef) -> URIRef:
    (node,) = g.subjects(RDF.predicate, predicate)
    return node


def test_located_in_fact_and_assertion():
    ex = extraction(facts=[Fact("locatedIn", PARK.id, ZONE.id, EV)])
    g = article_graph(ex)
    assert (ent(PARK), KG.locatedIn, ent(ZONE)) in g
    node = assertion_of(g, KG.locatedIn)
    assert str(node).startswith(KGR_NS + "assertion/")
    assert set(g.triples((node, None, None))) == {
        (node, RDF.type, KG.Assertion),
        (node, RDF.subject, ent(PARK)),
        (node, RDF.predicate, KG.locatedIn),
        (node, RDF.object, ent(ZONE)),
        (node, PROV.wasDerivedFrom, article_iri(ex.article)),
        (node, KG.evidence, Literal(SENTENCE)),
        (node, KG.charStart, Literal(0)),
        (node, KG.charEnd, Literal(19)),
        (node, KG.confidence, Literal("0.9", datatype=XSD.decimal)),
        (node, KG.extractor, Literal("locatedIn/settle")),
    }
    # article (6: type, identifier, title, source, position, text) + 3 entities (3 + 3 + 3) + fact (1) + assertion (10)
    # + the park's kg:within 青岛市 and 青岛市's notation
    assert len(g) == 28


@pytest.mark.parametrize("current, literal", [(True, Literal(True)), (False, Literal(False))])
def test_holds_role_position_node(current, literal):
    fact = Fact("holdsRole", "Person/李四", Role("董事长", ORG.id, current), EV)
    g = article_graph(extraction(facts=[fact]))
    person = URIRef(f"{KGR_NS}person/{sha16('Person/李四')}")
    (pos,) = g.objects(person, KG.holdsRole)
    assert str(pos).startswith(KGR_NS + "position/")
    assert set(g.triples((pos, None, None))) == {
        (pos, RDF.type, KG.Position),
        (pos, KG.roleTitle, Literal("董事长")),
        (pos, KG.organization, ent(ORG)),
        (pos, KG.current, literal),
    }
    assert (person, RDFS.label, Literal("李四")) in g
    assert (assertion_of(g, KG.holdsRole), RDF.object, pos) in g


@pytest.mark.parametrize("relation", ["investment", "fundsRaised", "revenue"])
@pytest.mark.parametrize("money, value, approx", [
    (Money(5e9, "CNY", "50亿元"), Literal(5000000000), None),
    (Money(1234.5, "USD", "约1234.5美元", approximate=True), Literal(Decimal("1234.5")), Literal(True)),
])
def test_money_fact(relation, money, value, approx):
    g = article_graph(extraction(facts=[Fact(relation, PARK.id, money, EV)]))
    (amt,) = g.objects(ent(PARK), KG[relation])
    expected = {
        (amt, RDF.type, KG.MonetaryAmount),
        (amt, SCHEMA.value, value),
        (amt, SCHEMA.currency, Literal(money.currency)),
        (amt, RDFS.label, Literal(money.text)),
    }
    if approx is not None:
        expected.add((amt, KG.approximate, approx))
    assert set(g.triples((amt, None, None))) == expected
    assert (assertion_of(g, KG[relation]), RDF.object, amt) in g


def test_founding_year_fact():
    g = article_graph(extraction(facts=[Fact("foundingYear", ORG.id, 1988, EV)]))
    year = Literal("1988", datatype=XSD.gYear)
    assert list(g.objects(ent(ORG), KG.foundingYear)) == [year]
    assert (assertion_of(g, KG.foundingYear), RDF.object, year) in g


@pytest.mark.parametrize("relation", ["listedOn", "partnerOf", "organizer"])
def test_entity_relations(relation):
    g = article_graph(extraction(facts=[Fact(relation, ORG.id, ZONE.id, EV)]))
    assert list(g.objects(ent(ORG), KG[relation])) == [ent(ZONE)]


def test_fact_entity_missing_from_entities_gets_type_and_label_from_id():
    g = article_graph(extraction(entities=(), facts=[Fact("locatedIn", "Organization/青岛海尔", "Place/青岛市", EV)]))
    org = entity_iri("Organization/青岛海尔")
    place = entity_iri("Place/青岛市")
    assert place == URIRef(KGR_NS + "place/370200")      # a division: keyed by its GB/T 2260 code
    assert set(g.triples((place, None, None))) == {(place, RDF.type, KG.Place), (place, RDFS.label, Literal("青岛市")),
                                                    (place, SKOS.notation, Literal("370200"))}
    assert (org, KG.locatedIn, place) in g


@pytest.mark.parametrize("fact, message", [
    (Fact("ownedBy", PARK.id, ZONE.id, EV), "ownedBy"),
    (Fact("locatedIn", PARK.id, Money(1.0, "CNY", "1元"), EV), "entity id"),
    (Fact("holdsRole", "Person/李四", ORG.id, EV), "Role"),
    (Fact("investment", PARK.id, 5, EV), "Money"),
    (Fact("foundingYear", ORG.id, "一九八八", EV), "year"),
])
def test_malformed_facts_raise(fact, message):
    with pytest.raises(ValidationError, match=message):
        article_graph(extraction(facts=[fact]))


# ---------------------------------------------------------------- determinism

FACTS = [
    Fact("locatedIn", PARK.id, ZONE.id, EV),
    Fact("investment", PARK.id, Money(5e9, "CNY", "50亿元"), EV),
    Fact("holdsRole", "Person/李四", Role("董事长", ORG.id, False), EV),
    Fact("foundingYear", ORG.id, 1988, EV),
]


def test_no_blank_nodes():
    g = article_graph(extraction(facts=FACTS, creators=("张三",)))
    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_same_input_same_triples_regardless_of_order():
    g1 = article_graph(extraction(facts=FACTS))
    g2 = article_graph(extraction(facts=list(reversed(FACTS)), entities=(ORG, ZONE, PARK)))
    assert set(g1) == set(g2)
    assert sorted(g1.serialize(format="nt").splitlines()) == sorted(g2.serialize(format="nt").splitlines())


def test_article_graph_counts():
    g = article_graph(extraction(facts=FACTS))
    assert len(list(g.subjects(RDF.type, KG.Assertion))) == 4
    expected = (6                      # article (identifier included)
                + 3 + 3 + 3            # PARK, ZONE, ORG
                + 2                    # ZONE kg:within 青岛市, 青岛市's skos:notation
                + 2                    # Person/李四 (type, label)
                + 4                    # the fact triples
                + 4 + 4                # Position node, MonetaryAmount node
                + 4 * 10)              # assertions
    assert len(g) == expected


def test_merge_graphs_deduplicates():
    g1 = article_graph(extraction(facts=FACTS[:1]))
    g2 = article_graph(extraction(facts=FACTS[:1], id="4", position=4))
    merged = merge_graphs([g1, g2])
    shared = len(set(g1) & set(g2))
    assert shared == 12  # the three entities (9), the park's kg:within and its notation, and the locatedIn triple
    assert len(merged) == len(g1) + len(g2) - shared
    assert isomorphic(merged, merge_graphs([g2, g1]))
