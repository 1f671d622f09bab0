"""What relation extractors share: the annotated document and the raw facts they emit.

Relation extractors read the `Doc` (document + settled mentions; `Context` is
its name in their signatures) and return `RawFact`s over mentions; resolution
later turns mentions into entities.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Mention, Sentence
from .doc import CLAUSE_BREAK, LOC_LIKE, ORG_LIKE, Doc  # noqa: F401  (re-exported for the rules)


@dataclass(frozen=True)
class RawRole:
    title: str
    org: Mention
    current: bool = True
    start: str | None = None     # "2009", "2009-03" or "2009-03-05" (kg.extract.role_dates)
    end: str | None = None


@dataclass(frozen=True)
class RawFact:
    relation: str
    subject: Mention
    object: object               # Mention | Money | RawRole | int
    sentence: Sentence
    extractor: str
    confidence: float


# Relation rules are written against a "context": the document with its settled mentions.
Context = Doc
