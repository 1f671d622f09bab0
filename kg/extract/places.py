"""Places: the divisions of GB/T 2260 and ISO 3166 countries, chains written as one name.

Methods of the rule reader (``kg.extract.entities._Finder``), one family per module; each pass is
a component of its own (``kg.extract.entities``).
"""
from __future__ import annotations

from ..model import Source
from .rules import RuleBase


class PlaceRules(RuleBase):
    # ---------- places
    def find_places(self):
        text, lex = self.text, self.lex
        found = list(lex.place_index.scan(text))
        full_seen = {f for _, _, f in found}
        # short district forms (昌平) only after their city/province, or when the full form is in the text
        taken = {i for s, e, _ in found for i in range(s, e)}
        ends = {e for _, e, _ in found}
        for s, e, short in lex.district_short_index.occurrences(text):
            if s in taken or text.startswith(("区", "县", "市"), e):
                continue
            info = lex.district_short[short][0]
            if info.name in full_seen or s in ends:
                found.append((s, e, short))
                taken.update(range(s, e))
                ends.add(e)
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
