"""Places: the divisions of GB/T 2260 and ISO 3166 countries, chains written as one name.

Methods of the rule reader (``kg.extract.entities._Finder``), one family per module; each pass is
a component of its own (``kg.extract.entities``).
"""
from __future__ import annotations

from ..model import Source
from ..text import tokenizer
from .rules import RuleBase


class PlaceRules(RuleBase):
    # ---------- places
    def find_places(self):
        """The places of the division and country tables; a district's short form after its city,
        beside its full form, or alone where jieba's dictionary knows it as a place name and it
        names one division only (江阴, 昆山; not 新建, 朝阳: common words)."""
        text, lex = self.text, self.lex
        jieba = tokenizer()
        found = list(lex.place_index.scan(text))
        full_seen = {f for _, _, f in found}
        # short district forms (昌平) only after their city/province, or when the full form is in the text
        taken = {i for s, e, _ in found for i in range(s, e)}
        ends = {e for _, e, _ in found}
        for s, e, short in lex.district_short_index.occurrences(text):
            if s in taken or text.startswith(("区", "县", "市"), e):
                continue
            info = lex.district_short[short][0]
            tok = self.token_at.get(s)
            # 落户江阴, 选址昆山: a county or county-level city's short form that jieba reads as a place
            # name on its own (one token, ns) is the place, without its city before it
            alone = len(short) >= 2 and tok is not None and tok.start == s and tok.end == e \
                and jieba.word_tag_tab.get(short) in ("ns", "nz") and (jieba.tokenizer.FREQ.get(short) or 0) < 600 \
                and len(lex.district_short[short]) == 1 and not text.startswith(("路", "街", "镇", "村", "乡", "大道"), e)
            if info.name in full_seen or s in ends or alone:
                found.append((s, e, short))
                taken.update(range(s, e))
                if info.name in full_seen or s in ends:
                    ends.add(e)       # (a short form read alone opens no chain: 义乌|新建)
        found.sort()
        # join a chain written as one name where the last part carries its suffix (广西南宁市, 北京市昌平区)
        merged = []
        for s, e, f in found:
            if merged and merged[-1][1] == s and f[-1] in "市区县" and len(f) >= 3:
                ps, pe, pf, parts = merged[-1]
                merged[-1] = (ps, e, pf + f, parts + [f])
            else:
                merged.append((s, e, f, [f]))
        for s, e, f, parts in merged:
            self.add(text[s:e], "Place", s, e, source=Source.PLACE)
