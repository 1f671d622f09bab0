"""Extraction linear in article length (issue 13): the mechanisms, not timings
(benchmarks/long_article.py measures those).

A text without sentence punctuation is cut into sentences of at most
MAX_SENTENCE_CHARS; the lookups that replaced whole-sentence or whole-article
scans give exactly what the scans gave (checked here against the old code on
the sample page and on random inputs)."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from kg.extract import registry
from kg.extract.base import CLAUSE_BREAK
from kg.extract.doc import Doc
from kg.extract.entities import _Finder
from kg.extract.extended import _ADVERB_GAP, _adverbs_before
from kg.ingest import read_sources
from kg.model import Article, Mention
from kg.pipeline import extract_article
from kg.resolve import _LastBefore
from kg.text import MAX_SENTENCE_CHARS, make_doc, split_sentences, tokenize

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
NEWS = "总投资50亿元的威高国际医疗器械产业园正式落户青岛高新区张伟是华为技术有限公司总经理"   # no punctuation


def seed_docs():
    return [make_doc(a) for a in read_sources([SEED]) if isinstance(a, Article)]


# ---------------------------------------------------------------- sentences

def test_a_text_without_punctuation_is_cut_into_bounded_sentences():
    text = (NEWS * 200)[:7500]
    sents = split_sentences(text)
    assert MAX_SENTENCE_CHARS == 1000
    assert [(s.start, s.end) for s in sents] == [(i, min(i + 1000, 7500)) for i in range(0, 7500, 1000)]
    assert [s.index for s in sents] == list(range(8))


def test_a_long_sentence_is_cut_after_clause_punctuation_and_keeps_its_tokens():
    clause = "威高国际医疗器械产业园正式落户青岛高新区，"       # 21 characters
    text = clause * 100 + "。"
    sents = split_sentences(text)
    assert [(s.start, s.end) for s in sents] == [(0, 987), (987, 1974), (1974, 2101)]
    assert all(s.text.endswith(("，", "。")) for s in sents)
    whole = [(t.text, t.start, t.pos) for t in tokenize(text)]
    pieces = [(t.text, t.start, t.pos) for s in sents for t in tokenize(s.text, s.start)]
    assert pieces == whole


def test_real_sentences_are_never_cut():
    for doc in seed_docs():
        assert split_sentences(doc.text) == split_sentences(doc.text, max_chars=10 ** 9)


def test_evidence_of_a_long_article_is_a_bounded_sentence():
    ex = extract_article(Article(id="1", text=(NEWS * 100)[:4000], source="long.jsonl", position=1))
    assert ex.facts
    assert max(len(f.evidence.sentence) for f in ex.facts) <= MAX_SENTENCE_CHARS


# ---------------------------------------------------------------- lookups equal the old scans

def _old_clause_bounds(ctx, pos):
    s = ctx.sentence(pos)
    left = s.start
    for m in CLAUSE_BREAK.finditer(ctx.text, s.start, pos):
        left = m.end()
    m = CLAUSE_BREAK.search(ctx.text, pos, s.end)
    return left, (m.start() if m else s.end)


def _old_before(ctx, pos, classes, floor=0):
    ms = ctx.between(floor, pos, classes)
    return ms[-1] if ms else None


def _old_after(ctx, pos, classes, ceil=None):
    ms = ctx.between(pos, ceil if ceil is not None else len(ctx.text), classes)
    return ms[0] if ms else None


def test_context_lookups_equal_the_old_scans():
    rng = random.Random(7)
    classes = [("Organization",), ("Park", "Place"), ("Organization", "Park", "Project"), ("Person", "Ref")]
    for doc in seed_docs():
        ctx = registry.run(Doc(doc), ["mentions.rules", "mentions.settle"])
        n = len(doc.text)
        for pos in range(n + 1):
            assert ctx.clause_bounds(pos) == _old_clause_bounds(ctx, pos)
        for _ in range(300):
            pos, other = rng.randrange(n + 1), rng.randrange(n + 1)
            cls = rng.choice(classes)
            lo, hi = min(pos, other), max(pos, other)
            assert ctx.before(hi, cls, lo) == _old_before(ctx, hi, cls, lo)
            assert ctx.before(pos, cls) == _old_before(ctx, pos, cls)
            assert ctx.after(lo, cls, hi) == _old_after(ctx, lo, cls, hi)
            assert ctx.after(pos, cls) == _old_after(ctx, pos, cls)


def test_adverbs_before_equals_the_old_search():
    rng = random.Random(3)
    pieces = ["则", "也", "还", "已", "曾", "又", "将", "已经", "此前", "日前", "近日", "正式", "经", "日", "公司", "与"]
    old = re.compile(_ADVERB_GAP.pattern + "$")
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        left = rng.randrange(len(text) + 1)
        end = rng.randrange(left, len(text) + 1)
        got = _adverbs_before(text, left, end)
        want = old.search(text[left:end])
        assert (got.start() - left, got.group(0)) == (want.start(), want.group(0)), (text, left, end)


def test_book_title_lookup_equals_the_old_search():
    rng = random.Random(5)
    for _ in range(200):
        text = "".join(rng.choice("《》甲乙丙") for _ in range(rng.randrange(1, 30)))
        f = _Finder(Doc(make_doc(Article(id="1", text=text, source="t", position=1))))
        for pos in range(len(text) + 1):
            old = text.rfind("《", 0, pos) > text.rfind("》", 0, pos) and text.find("》", pos) >= 0
            assert f._in_book_title(pos) == old, (text, pos)


def _old_last_before(ents, pos, classes):
    best = None
    for e in ents:
        if e.start >= pos:
            break
        if e.end <= pos and e.cls in classes:
            best = e
    return best


def test_reference_lookup_equals_the_old_scan():
    rng = random.Random(11)
    for _ in range(50):
        ents = []
        for i in range(60):
            s = rng.randrange(300)
            ents.append(Mention(f"m{i}", rng.choice(["Organization", "Park", "Person"]), s, s + rng.randrange(1, 12)))
        ents.sort(key=lambda m: (m.start, m.end))
        last = _LastBefore(ents)
        for pos in range(0, 320, 3):
            for cls in (("Organization",), ("Park", "Organization"), ("Person",)):
                assert last(cls, lambda e: e.cls in cls, pos) == _old_last_before(ents, pos, cls)


def test_overlap_lookups_equal_the_old_scans():
    doc = max(seed_docs(), key=lambda d: len(d.text))
    f = _Finder(Doc(doc))
    f.find_titles()
    f.find_money()
    f.find_places()
    f.find_suffixed()
    f.find_people()
    assert len(f.mentions) > 30
    n = len(doc.text)
    for start in range(n):
        for end in (start, start + 1, start + 3, start + 9):
            old = {m for m in f.mentions if m.start <= start and end <= m.end}
            assert {m for m in f._overlapping(start, end) if m.start <= start and end <= m.end} == old
            old = {m for m in f.mentions if m.start < end and start < m.end}
            assert {m for m in f._overlapping(start, end) if m.start < end and start < m.end} == old
        assert f._ending_at(start) == [m for m in f.mentions if m.end == start]
