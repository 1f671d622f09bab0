"""What relation extractors share: the annotated document and the raw facts they emit.

Relation extractors read a `Context` (document + settled mentions) and return
`RawFact`s over mentions; resolution later turns mentions into entities.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Mention, Sentence
from ..text import Doc

ORG_LIKE = ("Organization", "Park", "Project")
LOC_LIKE = ("Park", "Place")
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:\n]")


@dataclass(frozen=True)
class RawRole:
    title: str
    org: Mention
    current: bool = True


@dataclass(frozen=True)
class RawFact:
    relation: str
    subject: Mention
    object: object               # Mention | Money | RawRole | int
    sentence: Sentence
    extractor: str
    confidence: float


class Context:
    def __init__(self, doc: Doc, mentions: list[Mention], money: dict):
        self.doc = doc
        self.text = doc.text
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.mentions]
        self.money = money            # Mention -> Money
        self._breaks = [m.start() for m in CLAUSE_BREAK.finditer(self.text)]

    def sentence(self, pos: int) -> Sentence:
        return self.doc.sentence_at(pos)

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: from after the last CLAUSE_BREAK before it to the next one,
        within its sentence (a lookup in the break positions, not a scan of the sentence)."""
        s = self.sentence(pos)
        i = bisect.bisect_left(self._breaks, pos)
        left = self._breaks[i - 1] + 1 if i and self._breaks[i - 1] >= s.start else s.start
        right = self._breaks[i] if i < len(self._breaks) and self._breaks[i] < s.end else s.end
        return left, right

    def between(self, start: int, end: int, classes=None) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and (classes is None or m.cls in classes or (m.cls == "Ref" and m.kind in classes)):
                out.append(m)
            i += 1
        return out

    def _fits(self, m: Mention, end: int, classes) -> bool:
        return m.end <= end and (classes is None or m.cls in classes or (m.cls == "Ref" and m.kind in classes))

    def before(self, pos: int, classes, floor: int = 0) -> Mention | None:
        """The last of ``between(floor, pos, classes)``, found from ``pos`` backwards."""
        i = bisect.bisect_left(self._starts, pos) - 1
        while i >= 0 and self.mentions[i].start >= floor:
            if self._fits(self.mentions[i], pos, classes):
                return self.mentions[i]
            i -= 1
        return None

    def after(self, pos: int, classes, ceil: int | None = None) -> Mention | None:
        """The first of ``between(pos, ceil, classes)``, without listing the rest."""
        end = ceil if ceil is not None else len(self.text)
        i = bisect.bisect_left(self._starts, pos)
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self._fits(self.mentions[i], end, classes):
                return self.mentions[i]
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

    def fact(self, relation, subject, obj, pos, extractor, confidence) -> RawFact:
        return RawFact(relation, subject, obj, self.sentence(pos), extractor, confidence)
