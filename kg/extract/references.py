"""References (该公司, 园区) and declared short names (以下简称X).

Methods of the rule reader (``kg.extract.entities._Finder``), one family per module; each pass is
a component of its own (``kg.extract.entities``).
"""
from __future__ import annotations

import re

from ..model import Source
from .rules import RuleBase, _STANDALONE_REFS


class ReferenceRules(RuleBase):
    def find_references(self):
        text = self.text
        for word, (cls, kind) in self.lex.references.items():
            for m in re.finditer(re.escape(word), text):
                if word in _STANDALONE_REFS and not self._stands_alone(m.start(), m.end()):
                    continue
                self.add(word, "Ref", m.start(), m.end(), kind=cls, source=Source.REF)
        for m in re.finditer(r"(?:以下)?简称[“\"「]?([\u4e00-\u9fffA-Za-z0-9]{2,10})[”\"」]?", text):
            self.add(m.group(1), "Alias", m.start(1), m.end(1), source=Source.ALIAS_DECLARED)
            # the short name used later in the article (大疆创始人X) names the same thing
            named = [x for x in self.mentions if x.cls in ("Organization", "Park", "Project") and x.end <= m.start()]
            if not named:
                continue
            cls, kind = named[-1].cls, named[-1].kind
            for use in re.compile(re.escape(m.group(1))).finditer(text, m.end()):
                self.add(m.group(1), cls, use.start(), use.end(), kind, source=Source.ALIAS_USE)
