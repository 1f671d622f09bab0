"""Lists of names (A、B、C等多家企业), enumerated people, the two sides of a fixture.

Methods of the rule reader (``kg.extract.entities._Finder``), one family per module; each pass is
a component of its own (``kg.extract.entities``).
"""
from __future__ import annotations

import re

from ..model import Source
from ..text import tokenizer
from .rules import (
    RuleBase, _FIXTURE_WORDS, _GENERIC_HEADS, _is_cjk, _LATIN_NAME, _LIST_ORG_HEADS, _LIST_ORG_VERBS,
    _LIST_PERSON_HEADS, _LIST_SKIP_HEADS, _NOT_NAME_END, _PUNCT,
)


class ListRules(RuleBase):
    # ---------- lists: A、B、C等多家企业
    def find_lists(self):
        text = self.text
        item = r"(?:(?!等|在内)[\u4e00-\u9fffA-Za-z0-9·&]){2,12}"      # 包括A、B在内的…
        for m in re.finditer(rf"({item})((?:、{item})+)(?:(?:和|及|与|以及)({item}))?(等+)?", text):
            items = [(m.start(1), m.end(1))]
            pos = m.end(1)
            for part in m.group(2).split("、")[1:]:
                pos += 1
                items.append((pos, pos + len(part)))
                pos += len(part)
            if m.group(3):
                items.append((m.start(3), m.end(3)))
            else:
                # the last item swallowed `和 C` (市某某办和某某委): split where its left part ends a name
                ls, le = items[-1]
                for cm in re.finditer(r"以及|和|及", text[ls:le]):
                    left = text[ls:ls + cm.start()]
                    if len(left) >= 2 and le - (ls + cm.end()) >= 2 and (
                            self._ends_with_suffix(left) or left.endswith(self.lex.unit_words)
                            or self._chinese_name_at(ls) == ls + len(left)):
                        items[-1:] = [(ls, ls + cm.start()), (ls + cm.end(), le)]
                        break
            after = text[m.end():m.end() + 24]
            s0 = self._extend_left(items[0][1], items[0][0], conj=False)
            items[0] = (s0, items[0][1])
            before = text[max(0, s0 - 6):s0]
            cls = None
            if after.startswith(_LIST_SKIP_HEADS):
                continue
            head = re.match(r"[\d一二三四五六七八九十百千多余几数]*[个家位名只所]?(?:[^。，；！？\n]{0,14}?)(" +
                            "|".join(_LIST_ORG_HEADS + _LIST_PERSON_HEADS) + ")", after)
            if m.group(4) and head:
                cls = "Person" if head.group(1) in _LIST_PERSON_HEADS else "Organization"
            elif any(before.endswith(v) for v in _LIST_ORG_VERBS):
                cls = "Organization"
            if cls is None:
                continue
            if cls == "Person" and any(self._ends_with_suffix(text[s:e]) or text[s:e].endswith(self.lex.unit_words)
                                       or self._covered_as(s, e, "Organization") for s, e in items):
                continue      # 某局、某委、某办等领导: the leaders of bodies, not people named
            # the first item may carry words before the name (由李四 -> 李四): trim to a boundary
            for s, e in items:
                name = text[s:e]
                if cls == "Person":
                    if not (2 <= len(name) <= 4 and self._chinese_name_at(s) in (e,)) and not _LATIN_NAME.fullmatch(name):
                        continue
                elif len(name) < 2 or self.lex.place_candidates(name) or name.endswith(_GENERIC_HEADS):
                    continue
                self.add(name, cls, s, e, source=Source.LIST)

    # ---------- people in enumerations: 刘某、张某、令某某、马某; 崔某某等150名残疾人
    def find_enumerated_people(self):
        text = self.text
        people = {(m.start, m.end) for m in self.mentions if m.cls == "Person"}
        taken = ("Organization", "Place", "Park", "Project", "RoleTitle")    # this only adds people
        for run in re.finditer(r"[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+(?:(?:和|与|及)[\u4e00-\u9fff]{2,4})?", text):
            items, pos = [], run.start()
            for part in re.split(r"(、|和|与|及)", run.group(0)):
                if part in ("、", "和", "与", "及"):
                    pos += len(part)
                    continue
                items.append((pos, pos + len(part)))
                pos += len(part)
            # the first and the last item may run into the words around the list: cut them to a name
            first_end = items[0][1]
            items[0] = next(((first_end - n, first_end) for n in (3, 2, 4) if first_end - n >= items[0][0]
                             and (first_end - n, first_end) in people), items[0])
            last_start = items[-1][0]
            items[-1] = next(((last_start, last_start + n) for n in (3, 2, 4) if last_start + n <= items[-1][1]
                              and (last_start, last_start + n) in people), items[-1])
            known = sum(span in people for span in items)
            if known < 2 or 2 * known < len(items):
                continue
            if any(m.start < e and s < m.end and m.cls in taken for s, e in items for m in self._overlapping(s, e)):
                continue          # a list of bodies, places or titles, not of people
            for s, e in items:
                if (s, e) not in people and self._name_shaped(s, e):
                    self.add(text[s:e], "Person", s, e, source=Source.PERSON_LIST)
        # X等150名…, X等5位…: a count of people after the name
        for m in re.finditer(r"等[\d一二三四五六七八九十百千两几]+(?:多|余)?(?:名|位|个?人)", text):
            pos = m.start()
            for n in (3, 2, 4):
                st = pos - n
                if st < 0 or not (st == 0 or text[st - 1] in _PUNCT or st in self.hard_ends or self._boundary_at(st)):
                    continue
                if self._chinese_name_at(st) == pos and not self._common_word(st, pos):
                    self.add(text[st:pos], "Person", st, pos, source=Source.PERSON_LIST)
                    break

    def _name_shaped(self, s: int, e: int) -> bool:
        """A known surname and one or two characters, which is no dictionary word or place."""
        item = self.text[s:e]
        sl = 2 if item[:2] in self.lex.surnames2 else 1 if item[:1] in self.lex.surnames1 else 0
        return bool(sl) and 1 <= len(item) - sl <= 2 and not self.lex.place_candidates(item) \
            and (tokenizer().tokenizer.FREQ.get(item) or 0) < 50 and item[-1] not in _NOT_NAME_END \
            and item not in self.lex.titles

    # ---------- the two sides of a fixture: 甲队vs乙队, 甲对阵乙
    def find_fixtures(self):
        text = self.text
        strong = [m for m in self.mentions if m.cls in ("Organization", "Place", "Park", "RoleTitle", "Money")
                  or (m.cls == "Person" and m.source != Source.PERSON_JIEBA)]
        for m in re.finditer(r"\s*(?:vs|VS|Vs|对阵)\s*", text):
            for st, en in (self._side(m.start(), -1), self._side(m.end(), 1)):
                if en - st < 2 or any(o.start < en and st < o.end for o in strong):
                    continue
                self.add(text[st:en], "Organization", st, en, "Organization", source=Source.ORG_FIXTURE)

    def _side(self, pos: int, step: int) -> tuple[int, int]:
        """The name on one side of `vs`: the nouns and names next to it, at most eight characters."""
        names = ("n", "nr", "ns", "nrt", "nz", "nt", "j", "eng", "nrfg", "ng")
        edge = pos
        while True:
            t = self.token_at.get(edge if step > 0 else edge - 1)
            if t is None or t.pos not in names or (t.start != edge if step > 0 else t.end != edge) \
                    or t.text in _FIXTURE_WORDS or not all(_is_cjk(c) or c.isalnum() for c in t.text):
                break
            nxt = t.end if step > 0 else t.start
            if abs(nxt - pos) > 8:
                break
            edge = nxt
        return (pos, edge) if step > 0 else (edge, pos)
