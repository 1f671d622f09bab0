"""Hand-made graphs in the kg vocabulary, shared by the viz and browser tests."""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.vocab import KG, KGR_NS, SCHEMA, bind_prefixes

R = Namespace(KGR_NS)

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = "测试</script><script>alert(2)</script>"

PARK_WEIGAO = "威高国际医疗器械产业园"
PARK_QINGDAO = "青岛高新区"
ORG_AZ = "阿斯利康"
PERSON_XU = "徐景和"
GOV_NMPA = "国家药品监督管理局"

# What viz must draw for sample_graph()
ENTITY_LABELS = (PARK_WEIGAO, PARK_QINGDAO, ORG_AZ, PERSON_XU, GOV_NMPA, HOSTILE)
EXPECTED_KINDS = {"Park": 2, "Organization": 3, "Person": 1, "MonetaryAmount": 1}
EXPECTED_ENTITY_NODES = 6
EXPECTED_MONEY_NODES = 1
EXPECTED_NODES = EXPECTED_ENTITY_NODES + EXPECTED_MONEY_NODES
# locatedIn, holdsRole x2 (one former), investment, partnerOf
EXPECTED_EDGES = 5

EVIDENCE_LOCATED = "威高国际医疗器械产业园位于青岛高新区，总投资约20亿元。"
EVIDENCE_ROLE = "国家药品监督管理局原副局长徐景和出席活动并致辞。"
EVIDENCE_ROLE2 = "国家药品监督管理局党组成员徐景和表示，将支持产业园发展。"
EVIDENCE_MONEY = "阿斯利康宣布在青岛高新区投资50亿元建设吸入气雾剂生产基地。"
EVIDENCE_HOSTILE = f"合作方{HOSTILE}与阿斯利康签署战略合作协议。"
ARTICLE_TITLE = "青岛高新区生物医药产业加速集聚"


def _assert(g: Graph, s, p, o, article, evidence: str, confidence: float, extractor: str) -> None:
    a = R[f"assertion/{len(set(g.subjects(RDF.type, KG.Assertion))) + 1}"]
    g.add((a, RDF.type, KG.Assertion))
    g.add((a, RDF.subject, s))
    g.add((a, RDF.predicate, p))
    g.add((a, RDF.object, o))
    g.add((a, PROV.wasDerivedFrom, article))
    g.add((a, KG.evidence, Literal(evidence)))
    g.add((a, KG.confidence, Literal(confidence)))
    g.add((a, KG.extractor, Literal(extractor)))


def sample_graph() -> Graph:
    """Five real-looking entities, one hostile one, the three core relations, provenance."""
    g = Graph()
    bind_prefixes(g)
    g.add((KG.GovernmentBody, RDFS.subClassOf, KG.Organization))

    weigao, qingdao = R["park/weigao"], R["park/qingdao-hitech"]
    az, xu, nmpa = R["org/astrazeneca"], R["person/xu-jinghe"], R["org/nmpa"]
    evil = R["org/hostile"]
    for node, cls, label in (
        (weigao, KG.Park, PARK_WEIGAO),
        (qingdao, KG.Park, PARK_QINGDAO),
        (az, KG.Organization, ORG_AZ),
        (xu, KG.Person, PERSON_XU),
        (nmpa, KG.GovernmentBody, GOV_NMPA),
        (evil, KG.Organization, HOSTILE),
    ):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
    g.add((weigao, SKOS.altLabel, Literal("威高产业园")))
    g.add((qingdao, SKOS.altLabel, Literal("高新区")))
    g.add((nmpa, SKOS.altLabel, Literal("国家药监局")))
    g.add((evil, SKOS.altLabel, Literal(HOSTILE_TITLE)))
    g.add((az, KG.foundingYear, Literal("1999", datatype=XSD.gYear)))

    art1, art2 = R["article/seed-page-1"], R["article/seed-page-2"]
    for art, title, pos in ((art1, ARTICLE_TITLE, 1), (art2, HOSTILE_TITLE, 2)):
        g.add((art, RDF.type, KG.Article))
        g.add((art, DCTERMS.title, Literal(title)))
        g.add((art, DCTERMS.source, Literal("seed-page.txt")))
        g.add((art, KG.position, Literal(pos)))

    g.add((weigao, KG.locatedIn, qingdao))
    _assert(g, weigao, KG.locatedIn, qingdao, art1, EVIDENCE_LOCATED, 0.9, "locatedIn/settle")

    former = BNode("pos-xu-former")
    g.add((xu, KG.holdsRole, former))
    g.add((former, RDF.type, KG.Position))
    g.add((former, KG.roleTitle, Literal("副局长")))
    g.add((former, KG.organization, nmpa))
    g.add((former, KG.current, Literal(False)))
    _assert(g, xu, KG.holdsRole, former, art1, EVIDENCE_ROLE, 0.8, "holdsRole/title")

    current = BNode("pos-xu-current")
    g.add((xu, KG.holdsRole, current))
    g.add((current, RDF.type, KG.Position))
    g.add((current, KG.roleTitle, Literal("党组成员")))
    g.add((current, KG.organization, nmpa))
    _assert(g, xu, KG.holdsRole, current, art1, EVIDENCE_ROLE2, 0.7, "holdsRole/title")

    amt = R["amount/50e8-cny"]
    g.add((az, KG.investment, amt))
    g.add((amt, RDF.type, KG.MonetaryAmount))
    g.add((amt, SCHEMA.value, Literal(5000000000)))
    g.add((amt, SCHEMA.currency, Literal("CNY")))
    g.add((amt, RDFS.label, Literal("50亿元")))
    _assert(g, az, KG.investment, amt, art1, EVIDENCE_MONEY, 0.95, "money/invest")

    g.add((evil, KG.partnerOf, az))
    _assert(g, evil, KG.partnerOf, az, art2, EVIDENCE_HOSTILE, 0.6, "partnerOf/sign")
    return g
