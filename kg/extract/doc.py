"""The one object an article travels in through extraction.

``Doc`` holds the article's normalised text, sentences and jieba tokens with
their indexes (built once), and what the components annotate it with:
candidate mentions (``candidates``), the positions a name may not extend left
over (``blocked``), the settled mentions (``mentions``), the amounts of money
(``amounts``) and the raw facts (``facts``). Relation
components read the settled mentions through the lookups below (``between``,
``before``, ``clause_bounds``, ...); nothing downstream recomputes them.
"""
from __future__ import annotations

import bisect
import re
from functools import cached_property

from ..model import Article, Mention, Money, Sentence, Token
from ..text import Doc as TextDoc
from ..text import make_doc

ORG_LIKE = ("Organization", "Park", "Project")
LOC_LIKE = ("Park", "Place")
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:\n]")


class Doc:
    """One article through the pipeline: read by every component, annotated by their ``record`` steps."""

    def __init__(self, base: TextDoc):
        self.base = base
        self.article: Article = base.article
        self.text: str = base.article.text
        self.sentences: tuple[Sentence, ...] = base.sentences
        self.tokens: tuple[Token, ...] = base.tokens
        self.candidates: list[Mention] = []        # mentions as recognisers found them, overlapping
        self.blocked: set[int] = set()             # positions a name may not extend left over (rule passes)
        self._mentions: list[Mention] = []         # settled: no overlaps (``mentions.settle``)
        self.amounts: list[tuple[Mention, Money]] = []   # every amount of money in the text, in order
        self.facts: list = []                      # RawFacts of the relation components, in order
        self.origin: dict[Mention, str] = {}       # which component recorded a mention first
        self.extractors: dict[str, str] = {}       # extractor name of a fact -> its component
        self.user_data: dict = {}                  # what a component records beyond these (the tagger's confidences)

    @classmethod
    def of(cls, article: Article) -> "Doc":
        return cls(make_doc(article))

    @property
    def doc(self) -> "Doc":
        """The document itself (relation rules written against a context read ``ctx.doc``)."""
        return self

    # ---------------------------------------------------------------- sentences and tokens
    def sentence_at(self, offset: int) -> Sentence:
        return self.base.sentence_at(offset)

    def token_starts(self) -> frozenset[int]:
        return self.base.token_starts()

    @cached_property
    def token_ends(self) -> dict[int, list]:
        """Tokens by end offset."""
        ends: dict[int, list] = {}
        for t in self.tokens:
            ends.setdefault(t.end, []).append(t)
        return ends

    @cached_property
    def token_at(self) -> dict[int, Token]:
        """The token covering each character offset."""
        at: dict[int, Token] = {}
        for t in self.tokens:
            for i in range(t.start, t.end):
                at[i] = t
        return at

    # ---------------------------------------------------------------- settled mentions
    @property
    def mentions(self) -> list[Mention]:
        return self._mentions

    @mentions.setter
    def mentions(self, settled: list[Mention]) -> None:
        self._mentions = settled
        self.__dict__.pop("_by_start", None)
        self.__dict__.pop("money", None)

    @cached_property
    def _by_start(self) -> tuple[list[Mention], list[int]]:
        ms = sorted(self._mentions, key=lambda m: (m.start, m.end))
        return ms, [m.start for m in ms]

    @cached_property
    def _breaks(self) -> list[int]:
        """Positions of every CLAUSE_BREAK in the text."""
        return [m.start() for m in CLAUSE_BREAK.finditer(self.text)]

    @cached_property
    def money(self) -> dict[Mention, Money]:
        """The amounts that survived settling, in text order (Mention -> Money)."""
        kept = set(self._mentions)
        return {m: v for m, v in self.amounts if m in kept}

    def sentence(self, pos: int) -> Sentence:
        return self.sentence_at(pos)

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: from after the last CLAUSE_BREAK before it to the next one,
        within its sentence (a lookup in the break positions, not a scan of the sentence)."""
        s = self.sentence(pos)
        breaks = self._breaks
        i = bisect.bisect_left(breaks, pos)
        left = breaks[i - 1] + 1 if i and breaks[i - 1] >= s.start else s.start
        right = breaks[i] if i < len(breaks) and breaks[i] < s.end else s.end
        return left, right

    def between(self, start: int, end: int, classes=None) -> list[Mention]:
        mentions, starts = self._by_start
        i = bisect.bisect_left(starts, start)
        out = []
        while i < len(mentions) and mentions[i].start < end:
            m = mentions[i]
            if m.end <= end and (classes is None or m.cls in classes or (m.cls == "Ref" and m.kind in classes)):
                out.append(m)
            i += 1
        return out

    def _fits(self, m: Mention, end: int, classes) -> bool:
        return m.end <= end and (classes is None or m.cls in classes or (m.cls == "Ref" and m.kind in classes))

    def before(self, pos: int, classes, floor: int = 0) -> Mention | None:
        """The last of ``between(floor, pos, classes)``, found from ``pos`` backwards."""
        mentions, starts = self._by_start
        i = bisect.bisect_left(starts, pos) - 1
        while i >= 0 and mentions[i].start >= floor:
            if self._fits(mentions[i], pos, classes):
                return mentions[i]
            i -= 1
        return None

    def after(self, pos: int, classes, ceil: int | None = None) -> Mention | None:
        """The first of ``between(pos, ceil, classes)``, without listing the rest."""
        mentions, starts = self._by_start
        end = ceil if ceil is not None else len(self.text)
        i = bisect.bisect_left(starts, pos)
        while i < len(mentions) and mentions[i].start < end:
            if self._fits(mentions[i], end, classes):
                return mentions[i]
            i += 1
        return None

    def ending_at(self, pos: int, classes) -> Mention | None:
        for m in self.between(max(0, pos - 40), pos, classes):
            if m.end == pos:
                return m
        return None

    def starting_at(self, pos: int, classes) -> Mention | None:
        for m in self.between(pos, pos + 40, classes):
            if m.start == pos:
                return m
        return None

    def chain_end(self, loc: Mention) -> Mention:
        """The last of the places and parks written as one chain from ``loc`` (杭州余杭区未来科技城:
        未来科技城), the most precise."""
        while (nxt := self.starting_at(loc.end, LOC_LIKE)) is not None and (
                nxt.cls == "Park" or len(nxt.text) >= 3 and nxt.text[-1] in "省市区县州旗镇乡"
                or self.starting_at(nxt.end, ("Park",)) is not None):
            loc = nxt               # not into short forms read inside a name (南京|河西|新城)
        return loc

    def fact(self, relation, subject, obj, pos, extractor, confidence):
        from .base import RawFact

        return RawFact(relation, subject, obj, self.sentence(pos), extractor, confidence)
