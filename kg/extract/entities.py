"""Entity, role-title and reference mentions, found by structure rather than by lists of names.

The rule reader ``_Finder`` is made of one family of passes per module (``titles``, ``places``,
``organisations``, ``people``, ``lists``, ``references``, over ``rules.RuleBase``); each pass is a
registered component with a pure ``match`` (below), and the post-passes (``postpasses``) settle
overlaps at the end (``mentions.settle``: longer spans win, then the more specific class).
"""
from __future__ import annotations

from ..model import Mention, Money
from .doc import Doc
from .lists import ListRules
from .money import find_money
from .organisations import OrganisationRules
from .people import PersonRules
from .places import PlaceRules
from .postpasses import (  # noqa: F401  (re-exported)
    _abbreviations,
    _brands,
    _complete_truncated,
    _settle,
    _shared_prefix_bodies,
    _short_before_title,
    _brand_over_person,
    _listed_with_companies,
    _tagged_over_rules,
    _verb_led,
    _place_verb_lead,
    _country_and_line,
    _strip_description,
    _strip_place_prefix,
)
from .references import ReferenceRules
from .registry import Found, add_found, component, set_mentions
from .rules import RuleBase
from .titles import TitleRules


class _Finder(TitleRules, PlaceRules, OrganisationRules, PersonRules, ListRules, ReferenceRules, RuleBase):
    """The rule passes over one document: what a pass reads, derived from the document's records
    (``RuleBase``), and the passes themselves."""


def find_mentions(doc) -> list[Mention]:
    """The settled mentions of a document (``kg.text.Doc`` or ``kg.extract.doc.Doc``), by the
    default pipeline's recognisers and ``mentions.settle``."""
    from . import DEFAULT_PIPELINE
    from .registry import expand, get, run

    d = doc if isinstance(doc, Doc) else Doc(doc)
    return run(d, [n for n in expand(DEFAULT_PIPELINE) if get(n).stage in ("mentions", "settle")]).mentions


# ---------------------------------------------------------------- the rules as components
#
# Each rule pass is a component of its own. Its ``match`` builds a fresh ``_Finder`` from what the
# components before it recorded on the document (the candidates, the titles among them, the
# positions in ``doc.blocked``), runs the pass on that copy and returns what it added (a ``Found``);
# ``add_found`` records it. Nothing is kept between passes but what the document records, so a pass
# can be left out or run alone; ``requires`` names the passes whose records it reads, which a
# pipeline may not list after it. The default order (the group ``mentions.rules``) is the order
# the passes were written for.

_TITLES, _AMOUNTS, _PLACES, _ORGS, _PEOPLE, _LISTS, _ENUMERATED, _FIXTURES, _CONTEXT = (
    "mentions.titles", "mentions.amounts", "mentions.places", "mentions.organisations",
    "mentions.people", "mentions.lists", "mentions.people.enumerated", "mentions.fixtures",
    "mentions.context")

RULE_PASSES = (
    # name, the _Finder method, the passes whose records it reads (blocked positions: titles and
    # amounts; the mentions of the classes it looks at)
    (_TITLES, "find_titles", ()),
    (_AMOUNTS, None, ()),                   # its own component (below): it also records doc.amounts
    (_PLACES, "find_places", ()),
    (_ORGS, "find_suffixed", (_TITLES, _AMOUNTS, _PLACES)),
    (_PEOPLE, "find_people", (_TITLES, _AMOUNTS)),
    (_LISTS, "find_lists", (_TITLES, _AMOUNTS, _ORGS, _PEOPLE)),
    (_ENUMERATED, "find_enumerated_people", (_TITLES, _AMOUNTS, _PLACES, _ORGS, _PEOPLE, _LISTS)),
    (_FIXTURES, "find_fixtures", (_TITLES, _AMOUNTS, _PLACES, _ORGS, _PEOPLE, _LISTS, _ENUMERATED)),
    (_CONTEXT, "find_by_context", (_TITLES, _AMOUNTS, _PLACES, _ORGS, _PEOPLE, _LISTS, _ENUMERATED, _FIXTURES)),
    ("mentions.references", "find_references", (_TITLES, _ORGS, _LISTS, _FIXTURES, _CONTEXT)),
)
"""The rule passes in the order of ``mentions.rules``."""


def _pass(method: str):
    def match(doc: Doc) -> Found:
        """Run the pass over a reader of the document's records; what it found (the doc unchanged)."""
        f = _Finder(doc)
        getattr(f, method)()
        return f.found()
    match.__name__ = method
    return match


for _name, _method, _requires in RULE_PASSES:
    if _method is not None:
        component(_name, add_found, requires=_requires)(_pass(_method))


def _record_amounts(doc: Doc, found: list[tuple[Mention, Money]], name: str) -> None:
    """Every amount into ``doc.amounts``, its mention a candidate; names stop where it ends."""
    doc.amounts = list(found)
    add_found(doc, Found(tuple(m for m, _ in found), frozenset(m.end for m, _ in found)), name)


@component(_AMOUNTS, _record_amounts, stage="mentions")
def amounts(doc: Doc) -> list[tuple[Mention, Money]]:
    """Every amount of money in the text (found once: the ``money`` relation reads ``doc.amounts``)."""
    return list(find_money(doc.text))


@component("mentions.settle", set_mentions)
def settle(doc: Doc) -> list[Mention]:
    """The post-passes over every candidate, then one mention per span."""
    text, tokens = doc.text, doc.tokens
    found = _complete_truncated(doc.candidates, text)
    # names read too long or of the wrong class, by the rules or the tagger, set right before settling
    found = _strip_description(found, text)          # 涂料巨头|某某集团, 某某控股全资子公司|某某有限公司
    found = _country_and_line(found, text)           # 德国化工 (no name), 德国|拜尔
    found = _place_verb_lead(found, text)            # 苏州建设|亚太研发中心
    found = _brand_over_person(found)                # 特斯拉CEO…: the brand, not a person
    found = _listed_with_companies(found, text)      # 某巴克、某当劳等: listed beside a company
    found = _verb_led(found, tokens)                 # 解聘 (no name)
    found = _tagged_over_rules(found, tokens)        # 建设|某某研发中心, 某某集团投资|某某医院
    settled = _settle(found)
    found = _abbreviations(_strip_place_prefix(settled, doc.text), doc.text)
    return _settle(_shared_prefix_bodies(_short_before_title(found, doc.text), doc.text))
