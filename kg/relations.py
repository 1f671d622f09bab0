"""The relation table: every relation kg extracts, in one place.

Each row says what the relation links (subject and object classes), what its
object is (an entity, a role, an amount of money, a year), whether it is
symmetric, core or extended, scored by ``kg eval``, and its labels. ``rdf``,
``export``, ``viz`` and ``evaluate`` read this table; a test checks it against
``schema/kg.ttl`` and ``schema/shapes.ttl``.

A new relation is one row here (or ``register`` at run time) plus a component
that emits its facts (``kg.extract.registry``). Its predicate is ``kg:<name>``.
"""
from __future__ import annotations

from dataclasses import dataclass

KG_NS = "https://w3id.org/cnkg/ontology#"      # kg.vocab.KG_NS (not imported: this module stays light)

VALUES = ("entity", "role", "money", "year")


@dataclass(frozen=True)
class Relation:
    name: str
    value: str                          # what the object is: one of VALUES
    subject: tuple[str, ...]            # classes of the subject; () where the schema sets none
    object: tuple[str, ...]             # classes of the object (Position, MonetaryAmount, xsd:gYear)
    zh: str
    en: str
    core: bool = False                  # core relations are scored as one micro-average
    symmetric: bool = False
    evaluated: bool = True              # scored by kg eval

    @property
    def iri(self):
        from rdflib import URIRef

        return URIRef(KG_NS + self.name)


_LINKABLE = ("Organization", "Person", "Park", "Place", "Project")

_TABLE: dict[str, Relation] = {r.name: r for r in (
    Relation("locatedIn", "entity", ("Organization", "Park", "Project", "Place", "Event"),
             ("Park", "Place", "Organization"), "位于", "located in", core=True),
    Relation("holdsRole", "role", ("Person",), ("Position",), "担任职务", "holds role", core=True),
    Relation("investment", "money", (), ("MonetaryAmount",), "投资额", "investment", core=True),
    Relation("partnerOf", "entity", _LINKABLE, _LINKABLE, "合作伙伴", "partner of", symmetric=True),
    Relation("listedOn", "entity", ("Organization",), ("Organization",), "上市于", "listed on"),
    Relation("fundsRaised", "money", (), ("MonetaryAmount",), "融资额", "funds raised"),
    Relation("foundingYear", "year", (), ("xsd:gYear",), "成立年份", "founding year"),
    Relation("revenue", "money", (), ("MonetaryAmount",), "营业收入", "revenue"),
    Relation("organizer", "entity", ("Event",), ("Organization", "Person"), "主办方", "organizer",
             evaluated=False),
)}


def register(rel: Relation, replace: bool = False) -> Relation:
    """Add a row to the table (a plug-in's relation); refuses an existing name unless ``replace``."""
    if rel.value not in VALUES:
        raise ValueError(f"relation {rel.name!r}: value must be one of {', '.join(VALUES)}, not {rel.value!r}")
    if rel.name in _TABLE and not replace:
        raise ValueError(f"relation {rel.name!r} is already in the table")
    _TABLE[rel.name] = rel
    return rel


def unregister(name: str) -> None:
    _TABLE.pop(name, None)


def get(name: str) -> Relation | None:
    return _TABLE.get(name)


def all_relations() -> tuple[Relation, ...]:
    return tuple(_TABLE.values())


def names(value: str | None = None) -> tuple[str, ...]:
    """Relation names in table order, only those whose object is ``value`` if given."""
    return tuple(r.name for r in _TABLE.values() if value is None or r.value == value)


def core() -> tuple[str, ...]:
    return tuple(r.name for r in _TABLE.values() if r.core and r.evaluated)


def extended() -> tuple[str, ...]:
    """The extended relations ``kg eval`` scores."""
    return tuple(r.name for r in _TABLE.values() if not r.core and r.evaluated)


def symmetric() -> frozenset[str]:
    return frozenset(r.name for r in _TABLE.values() if r.symmetric)
