"""The relation table (kg.relations) against the schema, and a relation added through the
registry and the table alone showing up in every output."""
import csv
import io
import json
import re

import pytest
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg import api, relations
from kg.extract import DEFAULT_PIPELINE, registry
from kg.model import Mention
from kg.schema import ontology_graph, shapes_graph
from kg.vocab import KG, KG_NS

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _classes(g, node) -> set:
    """The classes a domain/range names: one class, or an owl:unionOf list."""
    if node is None:
        return set()
    union = g.value(node, OWL.unionOf)
    members = Collection(g, union) if union is not None else [node]
    out = set()
    for c in members:
        out.add("xsd:" + str(c)[len(XSD):] if str(c).startswith(XSD) else str(c)[len(KG_NS):])
    return out


@pytest.mark.parametrize("rel", relations.all_relations(), ids=lambda r: r.name)
def test_row_agrees_with_the_ontology(rel):
    g = ontology_graph()
    p = rel.iri
    assert (p, RDF.type, OWL.ObjectProperty) in g or (p, RDF.type, OWL.DatatypeProperty) in g
    assert set(g.objects(p, RDFS.label)) == {Literal(rel.zh, lang="zh"), Literal(rel.en, lang="en")}
    assert ((p, RDF.type, OWL.SymmetricProperty) in g) == rel.symmetric
    assert _classes(g, g.value(p, RDFS.range)) == set(rel.object)
    assert _classes(g, g.value(p, RDFS.domain)) == set(rel.subject)
    assert rel.value in relations.VALUES
    assert KG[rel.name] == p            # the closed vocabulary knows it


def test_every_ontology_relation_is_in_the_table():
    g = ontology_graph()
    mentioned = {str(p)[len(KG_NS):] for p in g.subjects(RDFS.label, None) if str(p).startswith(KG_NS)}
    helpers = {"roleTitle", "organization", "current", "approximate", "evidence", "charStart", "charEnd",
               "confidence", "extractor", "position",
               "within", "asOf", "startDate", "endDate",   # reference data and dates: not extracted relations
               "action", "curatedEntity"}          # the curation graph's (kg.curate), not facts
    props = {n for n in mentioned if n[0].islower()
             and ((KG[n], RDF.type, OWL.ObjectProperty) in g or (KG[n], RDF.type, OWL.DatatypeProperty) in g)}
    assert props - helpers == set(relations.names())


def test_shapes_allow_exactly_the_table_and_constrain_each_relation():
    g = shapes_graph()
    lists = [Collection(g, o) for o in g.objects(None, URIRef(SH + "in"))
             if any(str(x).startswith(KG_NS) for x in Collection(g, o))]
    assert len(lists) == 1
    assert {str(x)[len(KG_NS):] for x in lists[0]} == set(relations.names())
    paths = set(g.objects(None, URIRef(SH + "path")))
    targets = set(g.objects(None, URIRef(SH + "targetSubjectsOf")))
    for rel in relations.all_relations():
        assert rel.iri in paths and rel.iri in targets, rel.name


def test_model_constants_are_the_table():
    from kg import model

    assert model.RELATIONS == relations.names()
    assert set(model.MONEY_RELATIONS) == {"investment", "fundsRaised", "revenue"}
    assert relations.core() == ("locatedIn", "holdsRole", "investment")
    assert relations.extended() == ("partnerOf", "listedOn", "fundsRaised", "foundingYear", "revenue")


def test_register_refuses_a_duplicate_or_unknown_value():
    with pytest.raises(ValueError, match="already in the table"):
        relations.register(relations.get("locatedIn"))
    with pytest.raises(ValueError, match="value must be one of"):
        relations.register(relations.Relation("x", "colour", (), (), "x", "x"))


# ---------------------------------------------------------------- a toy relation, end to end

TOY_TEXT = "甲乙科技有限公司宣布收购丙丁电子有限公司。"


@pytest.fixture()
def toy():
    """`acquired`: one table row and one registered component, nothing else."""
    relations.register(relations.Relation("acquired", "entity", ("Organization",), ("Organization",),
                                          "收购", "acquired"))

    @registry.component("acquired")
    def acquired(doc):
        out = []
        for m in re.finditer("收购", doc.text):
            buyer = doc.before(m.start(), ("Organization",), doc.sentence(m.start()).start)
            target = doc.starting_at(m.end(), ("Organization",))
            if buyer is not None and target is not None:
                out.append(doc.fact("acquired", buyer, target, m.start(), "acquired/verb", 0.8))
        return out

    yield DEFAULT_PIPELINE + ("acquired",)
    registry.unregister("acquired")
    relations.unregister("acquired")


def test_a_toy_relation_reaches_every_output(toy, tmp_path):
    src = tmp_path / "toy.jsonl"
    src.write_text(json.dumps({"id": "1", "title": "收购", "text": TOY_TEXT}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "out"
    summary = api.build([str(src)], store=store, out=out, validate=False, pipeline=toy)
    assert summary.facts == {"acquired": 1}

    ttl = api.export("turtle", store)
    assert re.search(r"kg:acquired <https://w3id.org/cnkg/id/organization/\w+>", ttl)
    rows = list(csv.DictReader(io.StringIO(api.export("csv", store))))
    assert [(r["subject"], r["relation"], r["object"], r["extractor"]) for r in rows] == \
        [("甲乙科技有限公司", "acquired", "丙丁电子有限公司", "acquired/verb")]
    graphml = api.export("graphml", store)
    assert re.search(r'<edge [^>]*>\s*(<data key="\w+">[^<]*</data>\s*)*<data key="\w+">acquired</data>', graphml)
    cypher = api.export("cypher-kuzu", store)
    assert "CREATE REL TABLE IF NOT EXISTS `acquired`(FROM Entity TO Entity, " in cypher
    assert re.search(r"MERGE \(a\)-\[r:`acquired` \{assertion: '[^']+'\}\]->\(b\)", cypher)
    html = (out / "graph.html").read_text(encoding="utf-8")
    legend = re.search(r'<aside id="kg-legend".*?</aside>', html, re.S).group(0)
    assert "收购 acquired" in legend

    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"format": "kg-gold/1", "articles": [{
        "entities": [{"label": "甲乙科技有限公司", "type": "Organization"},
                     {"label": "丙丁电子有限公司", "type": "Organization"}],
        "facts": [],
        "extended_facts": [{"s": "甲乙科技有限公司", "p": "acquired", "o": "丙丁电子有限公司"}]}]},
        ensure_ascii=False), encoding="utf-8")
    result, errors, _ = api.evaluate(gold, [str(src)], pipeline=toy)
    assert errors == []
    score = result.relations["acquired"]
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)
    assert "acquired" in result.to_dict()["extended"]
    from kg.evaluate import format_report

    assert re.search(r"^acquired\s+1\.000\s+1\.000\s+1\.000", format_report(result), re.M)


def test_without_the_toy_nothing_mentions_it(tmp_path):
    src = tmp_path / "toy.jsonl"
    src.write_text(json.dumps({"id": "1", "text": TOY_TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    exs, _ = api.extract([str(src)])
    assert all(f.relation != "acquired" for ex in exs for f in ex.facts)
    assert relations.get("acquired") is None
