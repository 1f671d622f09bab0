"""Who held which title at an organisation, on a date: the roles of the store with their evidence.

``roles(store, "华夏科技有限公司", on="2010-03")`` reads every kg:holdsRole assertion whose position
is at the organisation (its rdfs:label or a skos:altLabel, exactly), with the article's date
(kg:asOf), the role's kg:startDate / kg:endDate and kg:current, and answers per title:

* a role whose start is after the date, or whose end is before it, did not hold then; nor did a
  former role (kg:current false) stated by an article dated before it;
* the rest are ordered latest evidence first (undated evidence last); the first is the answer
  (``latest``), and every other claim to that title by another person is shown beside it
  (``disagrees``), each with its evidence sentence, article and date: two articles that disagree
  are both shown, never silently merged.

The SPARQL it runs is ``ROLES_SPARQL`` (README: the same question asked by hand).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal

from .errors import InputError

__all__ = ["RoleClaim", "roles", "ROLES_SPARQL", "check_date"]

ROLES_SPARQL = """SELECT ?title ?person ?current ?start ?end ?asOf ?evidence ?source ?article WHERE {
  { ?org rdfs:label ?name } UNION { ?org skos:altLabel ?name }
  FILTER (?name = %s)
  ?pos kg:organization ?org ; kg:roleTitle ?title .
  OPTIONAL { ?pos kg:current ?current }
  OPTIONAL { ?pos kg:startDate ?start }
  OPTIONAL { ?pos kg:endDate ?end }
  ?p kg:holdsRole ?pos ; rdfs:label ?person .
  ?a rdf:subject ?p ; rdf:predicate kg:holdsRole ; rdf:object ?pos ;
     kg:evidence ?evidence ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?a kg:asOf ?asOf }
  OPTIONAL { ?article dcterms:source ?source }
}"""

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class RoleClaim:
    """One article's word that a person held a title at the organisation."""

    title: str
    person: str
    current: bool
    start: str | None            # "2009", "2009-03" or "2009-03-05"
    end: str | None
    as_of: str | None            # the article's date
    evidence: str
    source: str
    article: str                 # the article's IRI
    status: str = ""             # "latest" (the answer for its title), "disagrees" or "older"


def check_date(value: str | None, what: str = "--on") -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; InputError otherwise."""
    if value is None:
        return None
    if not _DATE.fullmatch(value):
        raise InputError(what, f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def _before(a: str, b: str) -> bool:
    """Whether the period ``a`` ends before the period ``b`` begins (dates of any precision)."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def _held_on(c: RoleClaim, on: str) -> bool:
    if c.start and _before(on, c.start):
        return False
    if c.end and _before(c.end, on):
        return False
    if not c.current and not c.end and c.as_of and _before(c.as_of, on):
        return False                # 原/前: over by the article's date, which is before the day asked
    return True


def roles(store, org: str, on: str | None = None) -> list[RoleClaim]:
    """The claims about titles at ``org`` (see the module), grouped by title (sorted), latest first."""
    on = check_date(on)
    rows = store.query(ROLES_SPARQL % Literal(org).n3())
    claims = set()
    for r in rows:
        def text(name):
            v = r[name]
            return None if v is None else v.value
        claims.add(RoleClaim(title=text("title"), person=text("person"), current=text("current") != "false",
                             start=text("start"), end=text("end"), as_of=text("asOf"),
                             evidence=text("evidence"), source=text("source") or "", article=text("article")))
    if on is not None:
        claims = {c for c in claims if _held_on(c, on)}
    out: list[RoleClaim] = []
    by_title: dict[str, list[RoleClaim]] = {}
    for c in claims:
        by_title.setdefault(c.title, []).append(c)
    for title in sorted(by_title):
        group = sorted(by_title[title], key=lambda c: (c.as_of is None, _neg(c.as_of or ""), c.person,
                                                        c.source, c.evidence))
        latest = group[0]
        for c in group:
            if c is latest:
                status = "latest"
            elif c.person != latest.person:
                status = "disagrees"
            else:
                status = "older"
            out.append(RoleClaim(**{**c.__dict__, "status": status}))
    return out


def _neg(date: str) -> tuple:
    """A key that sorts later dates first."""
    return tuple(-ord(ch) for ch in date)


def format_claims(claims: list[RoleClaim]) -> str:
    """One block per claim: title, person, dates, status; then the evidence and its article."""
    if not claims:
        return "no roles found\n"
    lines = []
    for c in claims:
        dates = ", ".join(x for x in (f"from {c.start}" if c.start else "", f"until {c.end}" if c.end else "",
                                      "former" if not c.current else "") if x)
        lines.append(f"{c.title}\t{c.person}\t{c.status}\t{dates or '-'}\tas of {c.as_of or 'undated'}\t{c.source}")
        lines.append(f"    {c.evidence}")
    return "\n".join(lines) + "\n"
