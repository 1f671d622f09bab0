"""Frozen records that flow through the pipeline.

ingest -> Article; text -> Doc (sentences, tokens); extract -> Mention, Fact;
resolve -> Entity (canonical, with alternative labels); rdf consumes Extraction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from . import relations as _relations

# Coarse classes of the vocabulary (ontology.md) that mentions and entities use.
ENTITY_CLASSES = ("Person", "Organization", "Park", "Place", "Project", "Event")
# Mention classes that are not entities.
VALUE_CLASSES = ("RoleTitle", "Money")

# The relations are rows of the table in kg.relations; these are its built-in rows at import
# (code that must see relations registered later asks kg.relations).
CORE_RELATIONS = tuple(r.name for r in _relations.all_relations() if r.core)
EXTENDED_RELATIONS = tuple(r.name for r in _relations.all_relations() if not r.core)
RELATIONS = _relations.names()
MONEY_RELATIONS = _relations.names("money")
ENTITY_RELATIONS = _relations.names("entity")


@dataclass(frozen=True)
class Article:
    """One news item of a source file, with normalised text (bylines removed)."""

    id: str                      # stable within its source: JSONL id, or the item's position
    text: str
    source: str                  # file name the article came from
    position: int                # 1-based position in its source
    title: str = ""
    creators: tuple[str, ...] = ()
    date: str | None = None
    kind: str = "article"        # "article" | "photo"
    bylines: tuple[str, ...] = ()  # byline lines as written, kept out of `text` (某某社记者 张明/摄)
    page: int | None = None      # the newspaper page (版) it was printed on, for an e-paper PDF
    edition: str | None = None   # the edition's date (ISO yyyy-mm-dd) from the page header, if any
    continuations: tuple[str, ...] = ()  # continuation notes kept out of `text` (下转第3版, 上接第1版)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int                   # character offsets into Article.text
    end: int
    text: str


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    pos: str                     # jieba POS tag


class Source(str, Enum):
    """Which rule produced a mention. A ``str`` enum: each member equals its value, the name the rule
    had as a plain string, so records compare and hash as before; new recognisers add a member
    (a trained tagger: ``TAGGER``)."""

    NONE = ""
    TITLE = "title"
    MONEY = "money"
    PLACE = "place"
    LIST = "list"
    REF = "ref"
    BYLINE = "byline"
    SUFFIX = "suffix"
    ORG_KNOWN = "org:known"
    ORG_COMMITTEE = "org:committee"
    ORG_UNIT = "org:unit"
    ORG_BRANCH = "org:branch"
    ORG_DATELINE = "org:dateline"
    ORG_FIXTURE = "org:fixture"
    ORG_LISTING = "org:listing"
    ORG_INVESTOR = "org:investor"
    ORG_OWNER = "org:owner"
    ORG_OWNED = "org:owned"
    ORG_JIEBA = "org:jieba"
    ORG_INDUSTRY = "org:industry"
    ORG_SETTLER = "org:settler"
    ORG_BRAND = "org:brand"
    ORG_BRAND_TITLE = "org:brand-title"
    ORG_SHARED_PREFIX = "org:shared-prefix"
    PARK_QUOTED = "park:quoted"
    PROJECT_COUNT = "project:count"
    PERSON_AFTER_TITLE = "person:after-title"
    PERSON_SPEECH = "person:speech"
    PERSON_BYLINE = "person:byline"
    PERSON_JIEBA = "person:jieba"
    PERSON_LIST = "person:list"
    PERSON_DOT = "person:dot"
    PERSON_APPOINTED = "person:appointed"
    PERSON_AGAIN = "person:again"
    ALIAS_DECLARED = "alias:declared"
    ALIAS_USE = "alias:use"
    ALIAS_ABBREVIATION = "alias:abbreviation"
    ALIAS_SHORT_TITLE = "alias:short-title"
    ROLE_EMBASSY = "role:embassy"
    ROLE_GOVERNMENT = "role:government"
    ROLE_BODY = "role:body"
    TAGGER = "tagger"                  # a trained sequence tagger (mentions.tagger)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Mention:
    """A span of the article text recognised as an entity, role title or amount."""

    text: str
    cls: str                     # one of ENTITY_CLASSES or VALUE_CLASSES
    start: int
    end: int
    kind: str | None = None      # finer class (e.g. "Company", "GovernmentBody") where known
    source: Source = Source.NONE  # which rule produced it


@dataclass(frozen=True)
class Money:
    value: float                 # whole currency units
    currency: str                # ISO code: CNY, USD, HKD, EUR, ...
    text: str                    # surface form, e.g. "约人民币5.08亿元"
    approximate: bool = False


@dataclass(frozen=True)
class Evidence:
    article_id: str
    sentence: str
    start: int                   # offsets of the sentence in the article's normalised text
    end: int
    extractor: str               # e.g. "locatedIn/settle"
    confidence: float


@dataclass(frozen=True)
class Entity:
    """A canonical entity: one label, every other surface form as an alternative label."""

    id: str                      # stable key, "<Class>/<label>"
    label: str
    cls: str                     # coarse class
    kind: str | None = None      # finer Organization subclass, if any
    alt_labels: tuple[str, ...] = ()

    @staticmethod
    def make_id(cls: str, label: str) -> str:
        return f"{cls}/{label}"


@dataclass(frozen=True)
class Role:
    """The object of holdsRole: a title held at an organization (entity id)."""

    title: str
    organization: str            # Entity.id
    current: bool = True


@dataclass(frozen=True)
class Fact:
    relation: str                # one of RELATIONS
    subject: str                 # Entity.id
    object: object               # Entity.id (str) | Money | Role | int (year)
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    # which pipeline component produced each mention (parallel to `mentions`), and each fact's
    # extractor name -> its component
    components: tuple[str, ...] = ()
    extractor_components: tuple[tuple[str, str], ...] = ()

    def component_of_fact(self, fact: Fact) -> str:
        return dict(self.extractor_components).get(fact.evidence.extractor, "")
