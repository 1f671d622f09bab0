"""Entity, role-title and reference mentions, found by structure rather than by lists of names.

The rule engine ``_Finder`` is made of one family of passes per module (``titles``, ``places``,
``organisations``, ``people``, ``lists``, ``references``, sharing ``rules.RuleBase``); each pass is a
registered component (below), and the post-passes (``postpasses``) settle overlaps at the end
(longer spans win, then the more specific class).
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
    _strip_place_prefix,
)
from .references import ReferenceRules
from .registry import add_mentions, component, set_mentions
from .rules import RuleBase
from .titles import TitleRules


class _Finder(TitleRules, PlaceRules, OrganisationRules, PersonRules, ListRules, ReferenceRules, RuleBase):
    """The rule passes over one document, sharing one working state (``RuleBase``)."""


def find_mentions(doc) -> list[Mention]:
    """The settled mentions of a document (``kg.text.Doc`` or ``kg.extract.doc.Doc``), by the
    default pipeline's recognisers and ``mentions.settle``."""
    from . import DEFAULT_PIPELINE
    from .registry import expand, get, run

    d = doc if isinstance(doc, Doc) else Doc(doc)
    return run(d, [n for n in expand(DEFAULT_PIPELINE) if get(n).stage in ("mentions", "settle")]).mentions


# ---------------------------------------------------------------- the rules as components
#
# The rule passes share a working state (``_Finder``: the positions a name may not extend over,
# the titles found, the mentions so far), kept on the document. Each pass is a component whose
# ``match`` runs the pass on that state and returns the mentions it found; they run in the order
# of the default pipeline, which is the order the passes depend on.

def rules(doc: Doc) -> _Finder:
    """The rule passes' working state of ``doc``."""
    f = doc.user_data.get("rules")
    if f is None:
        f = doc.user_data["rules"] = _Finder(doc)
    return f


def _pass(method: str):
    def match(doc: Doc) -> list[Mention]:
        f = rules(doc)
        n = len(f.mentions)
        getattr(f, method)()
        return f.mentions[n:]
    match.__name__ = method
    return match


for _name, _method in (("titles", "find_titles"), ("places", "find_places"),
                       ("organisations", "find_suffixed"), ("people", "find_people"),
                       ("lists", "find_lists"), ("people.enumerated", "find_enumerated_people"),
                       ("fixtures", "find_fixtures"), ("context", "find_by_context"),
                       ("references", "find_references")):
    component(_name, add_mentions)(_pass(_method))


def _record_amounts(doc: Doc, found, name: str) -> None:
    doc.amounts = list(found)
    rules(doc).record_money(found)          # names stop where an amount ends
    add_mentions(doc, [m for m, _ in found], name)


@component("amounts", _record_amounts, stage="mentions")
def amounts(doc: Doc) -> list[tuple[Mention, Money]]:
    """Every amount of money in the text (found once: the ``money`` relation reads ``doc.amounts``)."""
    return list(find_money(doc.text))


@component("mentions.settle", set_mentions)
def settle(doc: Doc) -> list[Mention]:
    """The post-passes over every candidate, then one mention per span."""
    settled = _settle(_complete_truncated(doc.candidates, doc.text))
    found = _abbreviations(_strip_place_prefix(settled, doc.text), doc.text)
    return _settle(_shared_prefix_bodies(_short_before_title(found, doc.text), doc.text))
