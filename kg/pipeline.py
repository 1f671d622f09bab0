"""One article through the pipeline: text -> mentions -> relation matches -> resolution -> Extraction."""
from __future__ import annotations

from .extract import DEFAULT_PIPELINE, RELATION_EXTRACTORS
from .extract.base import Context
from .extract.entities import find_mentions, money_of
from .model import Entity, Extraction
from .resolve import merge_corpus, resolve_article
from .text import make_doc


def extract_article(article, pipeline=DEFAULT_PIPELINE) -> Extraction:
    doc = make_doc(article)
    mentions = find_mentions(doc)
    kept = set(mentions)
    money = {m: v for m, v in money_of(doc) if m in kept}
    ctx = Context(doc, mentions, money)
    raw = []
    for name in pipeline:
        raw.extend(RELATION_EXTRACTORS[name](ctx))
    entities, facts = resolve_article(article, mentions, raw)
    # creators are people too (dcterms:creator points at them)
    have = {e.id for e in entities}
    extra = tuple(Entity(Entity.make_id("Person", c), c, "Person") for c in article.creators
                  if Entity.make_id("Person", c) not in have)
    return Extraction(article, tuple(mentions), tuple(sorted(entities + extra, key=lambda e: e.id)), facts)


def extract_all(articles) -> list[Extraction]:
    """Extract every article, then merge entities across articles."""
    return merge_corpus([extract_article(a) for a in articles])
