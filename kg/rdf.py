"""Extraction -> rdflib.Graph, with one kg:Assertion of provenance per fact.

Every node gets a deterministic IRI (a sha1 of its defining content); there are
no blank nodes, so the same input always gives the same triples. Labels and
other strings are plain literals (no language tag), so SPARQL ``= "..."`` and
string comparisons work.

IRIs (``base`` defaults to ``kgr:``):

    article          {base}article/{sha1(source + US + article.id)[:16]}
                     (source: the file's path relative to the input argument, see kg.ingest)
    entity           {base}{class-lowercase}/{sha1(Entity.id)[:16]}
    division/country {base}place/{GB/T 2260 code | ISO 3166-1 alpha-2}: a Place whose name the
                     division table knows (kg.reference; 青岛 and 青岛市 -> place/370200)
    position         {base}position/{sha1(person, title, organization, current[, start, end])[:16]}
    monetary amount  {base}monetaryamount/{sha1(subject, relation, value, currency, text, approx)[:16]}
    assertion        {base}assertion/{sha1(article, subject, relation, object, offsets, extractor)[:16]}
"""
from __future__ import annotations

import functools
import hashlib
from decimal import Decimal
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .errors import ValidationError
from . import reference, relations
from .ingest import is_valid_date
from .model import (
    ENTITY_CLASSES,
    Article,
    Entity,
    Extraction,
    Fact,
    Money,
    Role,
)
from .vocab import KG, KGR_NS, ORG_KINDS, SCHEMA, bind_prefixes

__all__ = [
    "article_iri",
    "entity_iri",
    "position_iri",
    "amount_iri",
    "assertion_iri",
    "article_graph",
    "merge_graphs",
    "money_value_literal",
    "confidence_literal",
    "year_literal",
    "date_literal",
]

_SEP = "\x1f"


def _digest(*parts: object) -> str:
    text = _SEP.join(str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- IRIs

def article_iri(article: Article, base: str = KGR_NS) -> URIRef:
    """``{base}article/{sha1(source + "\\x1f" + article.id)[:16]}``."""
    return URIRef(f"{base}article/{_digest(article.source, article.id)}")


def _class_of_id(entity_id: str) -> str:
    cls, sep, label = entity_id.partition("/")
    if not sep or not label:
        raise ValidationError(f"entity id {entity_id!r} is not of the form '<Class>/<label>'")
    return cls


_ENTITY_IRIS: dict = {}        # (entity id, class, base) -> IRI: an entity comes back in many facts and articles
_ENTITY_IRIS_MAX = 100_000


def entity_iri(entity: Entity | str, cls: str | None = None, base: str = KGR_NS) -> URIRef:
    """``{base}{class-lowercase}/{sha1(Entity.id)[:16]}``.

    ``entity`` is an Entity, or an Entity.id (``"<Class>/<label>"``) whose class
    is taken from ``cls`` or else from the id's prefix.
    """
    if isinstance(entity, Entity):
        entity_id, cls = entity.id, entity.cls
    else:
        entity_id = entity
        cls = cls or _class_of_id(entity_id)
    key = (entity_id, cls, base)
    got = _ENTITY_IRIS.get(key)
    if got is None:
        got = _entity_iri(entity_id, cls, base)
        if len(_ENTITY_IRIS) >= _ENTITY_IRIS_MAX:
            _ENTITY_IRIS.clear()
        _ENTITY_IRIS[key] = got
    return got


def _entity_iri(entity_id: str, cls: str, base: str) -> URIRef:
    if cls not in ENTITY_CLASSES:
        raise ValidationError(f"entity {entity_id!r}: unknown class {cls!r} (expected one of {', '.join(ENTITY_CLASSES)})")
    if cls == "Place":
        code = reference.code_of(entity_id.partition("/")[2])
        if code is not None:
            return reference.place_iri(code, base)
    return URIRef(f"{base}{cls.lower()}/{_digest(entity_id)}")


def position_iri(person_id: str, role: Role, base: str = KGR_NS) -> URIRef:
    dates = (role.start or "", role.end or "") if (role.start or role.end) else ()
    return URIRef(f"{base}position/{_digest(person_id, role.title, role.organization, role.current, *dates)}")


def amount_iri(subject_id: str, relation: str, money: Money, base: str = KGR_NS) -> URIRef:
    value = money_value_literal(money.value)
    return URIRef(f"{base}monetaryamount/"
                  f"{_digest(subject_id, relation, value, money.currency, money.text, money.approximate)}")


def assertion_iri(article: URIRef, subject: URIRef, relation: str, obj: object,
                  fact: Fact, base: str = KGR_NS) -> URIRef:
    ev = fact.evidence
    obj_key = obj.n3() if isinstance(obj, (URIRef, Literal)) else str(obj)
    return URIRef(f"{base}assertion/"
                  f"{_digest(article, subject, relation, obj_key, ev.start, ev.end, ev.extractor)}")


# ---------------------------------------------------------------- literals

def money_value_literal(value: float) -> Literal:
    """Whole currency units: xsd:integer when whole (to the cent), else xsd:decimal."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(f"monetary value {value!r} is not a number")
    cents = round(float(value), 2)
    if cents == int(cents):
        return Literal(int(cents))
    return Literal(Decimal(repr(cents)))


def confidence_literal(confidence: float) -> Literal:
    """xsd:decimal with up to 4 places, always with a fractional digit (``0.9``, ``1.0``)."""
    if not 0.0 <= float(confidence) <= 1.0:
        raise ValidationError(f"confidence {confidence!r} is not between 0 and 1")
    text = f"{float(confidence):.4f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return Literal(text, datatype=XSD.decimal)


def year_literal(year: object) -> Literal:
    try:
        number = int(year)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"founding year {year!r} is not an integer") from exc
    if not 0 < number < 10000:
        raise ValidationError(f"founding year {year!r} is out of range")
    return Literal(f"{number:04d}", datatype=XSD.gYear)


def date_literal(date: str) -> Literal:
    """A date as precise as it was given: ``2009`` -> xsd:gYear, ``2009-03`` -> xsd:gYearMonth,
    ``2009-03-05`` -> xsd:date (a real day); ValidationError for anything else."""
    text = str(date)
    if len(text) == 4 and text.isdigit() and text != "0000":
        return Literal(text, datatype=XSD.gYear)
    if len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit() and 1 <= int(text[5:]) <= 12:
        return Literal(text, datatype=XSD.gYearMonth)
    if is_valid_date(text):
        return Literal(text, datatype=XSD.date)
    raise ValidationError(f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def _date_literal(date: str) -> Literal:
    """An xsd:date only for a real calendar day (2024-02-29, not 2024-99-99 or 2023-02-29: an
    ill-typed literal would pass for a date and make rdflib complain on every parse); anything
    else as the plain string it was written as."""
    if is_valid_date(date):
        return Literal(date, datatype=XSD.date)
    return Literal(date)


# ---------------------------------------------------------------- graph

class _T:
    """The vocabulary terms article_graph writes, made once: a namespace's attribute makes a new
    URIRef on every use (a third of an article graph's time went to them)."""
    DCTERMS_creator = DCTERMS.creator
    DCTERMS_date = DCTERMS.date
    DCTERMS_identifier = DCTERMS.identifier
    DCTERMS_source = DCTERMS.source
    DCTERMS_title = DCTERMS.title
    KG_Article = KG.Article
    KG_Assertion = KG.Assertion
    KG_MonetaryAmount = KG.MonetaryAmount
    KG_Position = KG.Position
    KG_approximate = KG.approximate
    KG_asOf = KG.asOf
    KG_charEnd = KG.charEnd
    KG_charStart = KG.charStart
    KG_confidence = KG.confidence
    KG_current = KG.current
    KG_endDate = KG.endDate
    KG_evidence = KG.evidence
    KG_extractor = KG.extractor
    KG_organization = KG.organization
    KG_position = KG.position
    KG_roleTitle = KG.roleTitle
    KG_startDate = KG.startDate
    KG_within = KG.within
    PROV_wasDerivedFrom = PROV.wasDerivedFrom
    RDF_object = RDF.object
    RDF_predicate = RDF.predicate
    RDF_subject = RDF.subject
    RDF_type = RDF.type
    RDFS_label = RDFS.label
    SCHEMA_currency = SCHEMA.currency
    SCHEMA_datePublished = SCHEMA.datePublished
    SCHEMA_pageStart = SCHEMA.pageStart
    SCHEMA_text = SCHEMA.text
    SCHEMA_value = SCHEMA.value
    SKOS_altLabel = SKOS.altLabel
    SKOS_notation = SKOS.notation
    XSD_date = XSD.date


@functools.lru_cache(maxsize=None)
def _kg(name: str) -> URIRef:
    return KG[name]


_LITERALS: dict = {}
_LITERALS_MAX = 100_000         # entries before it starts again
_SHORT = 200                    # longer strings (evidence sentences, texts) are made each time


def _literal(value) -> Literal:
    """``Literal(value)``, one object per distinct short value (an rdflib Literal is immutable, and
    making one costs more than looking it up): labels, offsets, sources and extractors repeat
    across an article's facts and across articles."""
    key = (type(value), value)
    got = _LITERALS.get(key)
    if got is None:
        got = Literal(value)
        if not isinstance(value, str) or len(value) <= _SHORT:
            if len(_LITERALS) >= _LITERALS_MAX:
                _LITERALS.clear()
            _LITERALS[key] = got
    return got


@functools.lru_cache(maxsize=4096)
def _confidence(confidence: float) -> Literal:
    return confidence_literal(confidence)


def _kind_class(entity: Entity) -> URIRef | None:
    if not entity.kind:
        return None
    if entity.kind not in ORG_KINDS:
        raise ValidationError(f"entity {entity.id!r}: unknown kind {entity.kind!r} "
                              f"(expected one of {', '.join(ORG_KINDS)})")
    return _kg(entity.kind)


def _add_entity(g: Graph, entity: Entity, base: str) -> URIRef:
    node = entity_iri(entity, base=base)
    g.add((node, _T.RDF_type, _kg(entity.cls)))
    kind = _kind_class(entity)
    if kind is not None:
        g.add((node, _T.RDF_type, kind))
    label, alts = entity.label, entity.alt_labels
    division = _division(entity.cls, node, base)
    if division is not None:
        # a division or country: its full name, as the reference graph has it, is the one label
        label, alts = division.name, (entity.label, *alts)
        g.add((node, _T.SKOS_notation, _literal(division.code)))
    g.add((node, _T.RDFS_label, _literal(label)))
    for alt in alts:
        if alt and alt != label:
            g.add((node, _T.SKOS_altLabel, _literal(alt)))
    return node


def _division(cls: str, node: URIRef, base: str):
    """The row of the division table a Place's IRI is keyed by (None for another place or class)."""
    prefix = f"{base}place/"
    if cls != "Place" or not str(node).startswith(prefix):
        return None
    return reference.divisions().get(str(node)[len(prefix):])


def park_divisions(entity: Entity, located: Iterable[str] = ()) -> tuple[str, ...]:
    """The codes of the divisions a park lies in, as its name says (烟台高新区 -> 烟台市: the
    longest leading place name the table knows) or the article does (its kg:locatedIn a place
    the table knows: ``located`` are the labels of those places); a division another one lies
    in is left out (青岛市, not also 山东省)."""
    codes = set()
    for name in (entity.label, *entity.alt_labels):
        for j in range(len(name) - 1, 1, -1):
            code = reference.code_of(name[:j])
            if code is not None:
                codes.add(code)
                break
    for label in located:
        code = reference.code_of(label)
        if code is not None:
            codes.add(code)
    table = reference.divisions()
    above = set()
    for code in codes:
        seen, parent = set(), table[code].parent
        while parent in table and parent not in seen:
            seen.add(parent)
            above.add(parent)
            parent = table[parent].parent
    return tuple(sorted(codes - above))


def _entity_node(g: Graph, entity_id: str, known: dict[str, URIRef], base: str) -> URIRef:
    """The IRI of an entity a fact refers to; an id with no Entity record gets
    its type and label from the id itself."""
    node = known.get(entity_id)
    if node is None:
        cls = _class_of_id(entity_id)
        label = entity_id.partition("/")[2]
        node = _add_entity(g, Entity(id=entity_id, label=label, cls=cls), base)
        known[entity_id] = node
    return node


def _fact_object(g: Graph, fact: Fact, subject_id: str, subject: URIRef,
                 known: dict[str, URIRef], base: str) -> URIRef | Literal:
    rel, obj = fact.relation, fact.object
    value = _value_of(rel)
    if value == "entity":
        if not isinstance(obj, str):
            raise ValidationError(f"{rel} fact of {subject_id!r}: object must be an entity id, got {obj!r}")
        return _entity_node(g, obj, known, base)
    if value == "role":
        if not isinstance(obj, Role):
            raise ValidationError(f"{rel} fact of {subject_id!r}: object must be a Role, got {obj!r}")
        pos = position_iri(subject_id, obj, base)
        g.add((pos, _T.RDF_type, _T.KG_Position))
        g.add((pos, _T.KG_roleTitle, _literal(obj.title)))
        g.add((pos, _T.KG_organization, _entity_node(g, obj.organization, known, base)))
        g.add((pos, _T.KG_current, _literal(bool(obj.current))))
        if obj.start:
            g.add((pos, _T.KG_startDate, date_literal(obj.start)))
        if obj.end:
            g.add((pos, _T.KG_endDate, date_literal(obj.end)))
        return pos
    if value == "money":
        if not isinstance(obj, Money):
            raise ValidationError(f"{rel} fact of {subject_id!r}: object must be Money, got {obj!r}")
        amt = amount_iri(subject_id, rel, obj, base)
        g.add((amt, _T.RDF_type, _T.KG_MonetaryAmount))
        g.add((amt, _T.SCHEMA_value, money_value_literal(obj.value)))
        g.add((amt, _T.SCHEMA_currency, _literal(obj.currency)))
        g.add((amt, _T.RDFS_label, _literal(obj.text)))
        if obj.approximate:
            g.add((amt, _T.KG_approximate, _literal(True)))
        return amt
    if isinstance(obj, bool):
        raise ValidationError(f"{rel} fact of {subject_id!r}: object must be a year, got {obj!r}")
    return year_literal(obj)


def _value_of(rel: str) -> str:
    """What the object of ``rel`` is (kg.relations); ValidationError for a relation not in the table."""
    row = relations.get(rel)
    if row is None:
        raise ValidationError(f"unknown relation {rel!r} (expected one of {', '.join(relations.names())})")
    return row.value


class Triples:
    """The ``add`` and iteration of an rdflib Graph and nothing else: the triples of an article
    on their way into the store, without the cost of a graph's indexes."""

    def __init__(self):
        self._triples: dict[tuple, None] = {}

    def add(self, triple: tuple) -> None:
        self._triples[triple] = None

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


def article_graph(extraction: Extraction, base: str = KGR_NS, prefixes: bool = True,
                  sink: Graph | Triples | None = None) -> Graph | Triples:
    """The graph of one article: the article node, its entities, facts and their assertions.

    ``prefixes=False`` skips binding the namespace prefixes; ``sink`` receives the triples
    instead of a new Graph (``Triples()`` for a write into the store)."""
    art = extraction.article
    if sink is not None:
        g = sink
    else:
        g = Graph(bind_namespaces="none") if not prefixes else Graph()
        if prefixes:
            bind_prefixes(g)
    a = article_iri(art, base)

    g.add((a, _T.RDF_type, _T.KG_Article))
    g.add((a, _T.DCTERMS_identifier, Literal(art.id)))     # the record's id in its source (the IRI is minted from it)
    if art.title:
        g.add((a, _T.DCTERMS_title, Literal(art.title)))      # an article without a title has no dcterms:title
    g.add((a, _T.DCTERMS_source, _literal(art.source)))
    g.add((a, _T.KG_position, _literal(int(art.position))))
    g.add((a, _T.SCHEMA_text, Literal(art.text)))
    if art.date:
        g.add((a, _T.DCTERMS_date, _date_literal(art.date)))
    if art.page is not None:                             # a PDF e-paper page: its number and edition date
        g.add((a, _T.SCHEMA_pageStart, Literal(int(art.page))))
    if art.edition:
        g.add((a, _T.SCHEMA_datePublished, _date_literal(art.edition)))

    known: dict[str, URIRef] = {}
    for entity in extraction.entities:
        known[entity.id] = _add_entity(g, entity, base)
    for name in art.creators:
        if name:
            person = _entity_node(g, Entity.make_id("Person", name), known, base)
            g.add((a, _T.DCTERMS_creator, person))

    as_of = Literal(art.date, datatype=_T.XSD_date) if art.date and is_valid_date(art.date) else None
    located: dict[str, list[str]] = {}
    for fact in extraction.facts:
        if fact.relation == "locatedIn" and isinstance(fact.object, str) and fact.object.startswith("Place/"):
            located.setdefault(fact.subject, []).append(fact.object.partition("/")[2])
    for entity in extraction.entities:
        if entity.cls == "Park":
            for code in park_divisions(entity, located.get(entity.id, ())):
                division = reference.divisions()[code]
                node = reference.place_iri(code, base)
                g.add((known[entity.id], _T.KG_within, node))
                # its code, so the article's graph says which division it is; its type and names are
                # the reference graph's (the article did not mention it as a place of its own)
                g.add((node, _T.SKOS_notation, _literal(division.code)))

    for fact in extraction.facts:
        _value_of(fact.relation)
        subject = _entity_node(g, fact.subject, known, base)
        obj = _fact_object(g, fact, fact.subject, subject, known, base)
        predicate = relations.get(fact.relation).iri
        g.add((subject, predicate, obj))

        ev = fact.evidence
        node = assertion_iri(a, subject, fact.relation, obj, fact, base)
        g.add((node, _T.RDF_type, _T.KG_Assertion))
        g.add((node, _T.RDF_subject, subject))
        g.add((node, _T.RDF_predicate, predicate))
        g.add((node, _T.RDF_object, obj))
        g.add((node, _T.PROV_wasDerivedFrom, a))
        g.add((node, _T.KG_evidence, Literal(ev.sentence)))
        g.add((node, _T.KG_charStart, _literal(int(ev.start))))
        g.add((node, _T.KG_charEnd, _literal(int(ev.end))))
        g.add((node, _T.KG_confidence, _confidence(ev.confidence)))
        g.add((node, _T.KG_extractor, _literal(ev.extractor)))
        if as_of is not None:
            g.add((node, _T.KG_asOf, as_of))
    return g


def merge_graphs(graphs: Iterable[Graph]) -> Graph:
    """One graph with every triple of ``graphs`` (duplicates merged), prefixes bound."""
    merged = Graph()
    bind_prefixes(merged)
    for graph in graphs:
        for triple in graph:
            merged.add(triple)
    return merged
