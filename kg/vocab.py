"""Every namespace and term kg writes, in one place (see ../shared/design/ontology.md).

`KG.term` fails for unknown names, so a typo cannot mint a new property;
tests check these terms against schema/kg.ttl.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

KG_NS = "https://w3id.org/cnkg/ontology#"
KGR_NS = "https://w3id.org/cnkg/id/"
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")


class KG(DefinedNamespace):
    _NS = Namespace(KG_NS)
    _fail = True

    # classes
    Person: URIRef
    Organization: URIRef
    Park: URIRef
    Place: URIRef
    Project: URIRef
    Event: URIRef
    Position: URIRef
    MonetaryAmount: URIRef
    Article: URIRef
    Assertion: URIRef
    # finer Organization subclasses
    Company: URIRef
    GovernmentBody: URIRef
    ResearchInstitute: URIRef
    EducationalInstitution: URIRef
    Association: URIRef
    Fund: URIRef
    FinancialInstitution: URIRef
    MediaOrganization: URIRef
    # relations
    locatedIn: URIRef
    holdsRole: URIRef
    roleTitle: URIRef
    organization: URIRef
    current: URIRef
    investment: URIRef
    fundsRaised: URIRef
    revenue: URIRef
    listedOn: URIRef
    partnerOf: URIRef
    foundingYear: URIRef
    organizer: URIRef
    approximate: URIRef
    # provenance
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    extractor: URIRef
    position: URIRef
    # curation (kg.curate): decisions a person made, in the curation named graph
    CurationDecision: URIRef
    action: URIRef
    curatedEntity: URIRef


ORG_KINDS = ("Company", "GovernmentBody", "ResearchInstitute", "EducationalInstitution",
             "Association", "Fund", "FinancialInstitution", "MediaOrganization")

PREFIXES = {
    "kg": KG_NS,
    "kgr": KGR_NS,
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, pre-bound in `kg query`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_prefixes(graph) -> None:
    for p, iri in PREFIXES.items():
        graph.bind(p, iri, override=True)
