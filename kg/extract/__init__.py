"""Extraction as a pipeline of registered components over one ``Doc``.

A pipeline is a list of component names (``DEFAULT_PIPELINE``); a new
recogniser or relation is one module in this package that registers its
component (``@component("name")``, see ``registry``) plus one line here: its
name in the list. ``kg build --pipeline a,b,c`` runs another list.
"""
from __future__ import annotations

import importlib
import pkgutil

from .entities import RULE_PASSES
from .registry import check_pipeline, group, registered, run  # noqa: F401

# every module of this package is imported, so a module that registers a component is all it
# takes to make its name known (the rule families: titles, places, ...; the relations: located, ...)
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

# the rule recognisers (mentions.titles, mentions.amounts, ...), in the order they were written for;
# each is a component of its own that a pipeline may list, leave out or move (within its ``requires``)
group("mentions.rules", tuple(name for name, _, _ in RULE_PASSES))
group("extended", ("listedOn", "foundingYear", "partnerOf"))

DEFAULT_PIPELINE = (
    "mentions.rules",        # recognisers add candidate mentions
    "mentions.tagger",       # the trained tagger's names, merged with the rules' (kg/extract/tagged.py)
    "mentions.settle",       # post-passes, then one mention per span
    "locatedIn",
    "holdsRole",
    "roleDates",             # start and end dates of the roles holdsRole found (kg/extract/role_dates.py)
    "money",                 # investment, fundsRaised, revenue
    "listedOn",
    "foundingYear",
    "partnerOf",
)
