"""Extractor registry: a pipeline is a list of names; a new extractor is one module plus one line here."""
from __future__ import annotations

from . import amounts, extended, located, roles

RELATION_EXTRACTORS = {
    "locatedIn": located.match,
    "holdsRole": roles.match,
    "money": amounts.match,
    "extended": extended.match,
}
DEFAULT_PIPELINE = ("locatedIn", "holdsRole", "money", "extended")
