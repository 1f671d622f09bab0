"""Role titles (董事长, 常务副市长) and the party committees they name (南京市委书记).

Methods of the rule reader (``kg.extract.entities._Finder``), one family per module; each pass is
a component of its own (``kg.extract.entities``).
"""
from __future__ import annotations

import re

from ..model import Source
from .rules import RuleBase, _MEMBER_BODIES, _NAME_TAGS, _PUNCT


_GLUED_HEADS = set("部局厅署处司社院所")     # 部长, 局长 ...: the body's last character opens the title
_BODY_POS = ("n", "nz", "vn", "nt", "j")
# the region a title covers, written before it: 华北区总经理, 亚太区副总裁
_REGION = re.compile(r"(?:华北|华东|华南|华中|华西|西南|西北|东北|亚太|大中华|中国|全球|亚洲|欧洲|北美|南美|拉美|中东|非洲)区$")


class TitleRules(RuleBase):
    # ---------- role titles
    def find_titles(self):
        text, lex = self.text, self.lex
        index = lex.title_index
        i = 0
        while i < len(text):
            i, best = index.next_word(text, i)
            if best is None:
                break
            start, end = i, i + len(best)
            if text.startswith("助理", end) and not text.startswith(("助理教练",), end) and best != "助理":
                end += 2             # 行长助理, 院长助理: the assistant of a title is a title
                best = text[i:end]
            committee = self._party_committee(i) if len(best) >= 4 else None
            if committee is not None:
                # 南京市委书记X: the committee 南京市委 is the organisation, 书记 the title
                self._add_committee(committee, i)
                start = i + 2
                self.block(start)
                self.titles.append(self.add(text[start:end], "RoleTitle", start, end, source=Source.TITLE))
                i = end
                continue
            # modifiers before the head (副, 常务副, 专职, 首席 ...), one line of work (营销, 固定收益)
            # and 驻X (驻华大使)
            start = self._title_start(start, best)
            m = re.search(r"驻[\u4e00-\u9fff]{1,3}$", text[max(0, start - 4):start])
            if m and best in ("大使", "总领事", "参赞", "代表"):
                start -= len(m.group(0))
            # a title is not a title inside a longer word: 司令部, 大使馆, 经理人, 常委会, 中场休息
            inner = self.token_at.get(end - 1)
            if inner is not None and inner.end > end and inner.start <= i and inner.pos not in _NAME_TAGS \
                    and not self.lex.title_index.longest_at(text, end):
                i = end
                continue
            # nor where it straddles two words: 万州|长江 (州长), 第一|部长|片 is the tokens' to say
            first, last = self.token_at.get(start), self.token_at.get(end - 1)
            if first is not None and last is not None and first.start < start and last.start == end - 1 \
                    and last.end > end and len(last.text) >= 2 and last.pos not in _NAME_TAGS \
                    and first.end == end - 1:
                i = end
                continue
            # 活动中|将为, 报告中|将中国列为: 中将 is a place in something and a verb, unless a name follows
            nxt = self.token_at.get(end)
            if best == "中将" and start == i and nxt is not None and nxt.start == end and nxt.pos[:1] in ("p", "n", "r", "d", "v") \
                    and nxt.pos not in _NAME_TAGS and nxt.pos != "nrt":
                i = end
                continue
            # (委员会, 主任委员 handled by length)
            if text.startswith(("会", "部", "处"), end) and best in ("委员", "理事", "主任"):
                i = end
                continue
            # nor where it names the members of an organisation: 律师事务所, 作家协会, 记者站 (a bank,
            # fund or broker has no members: 分析师证券研究 is a title and a word)
            after = [w for w in self.lex.suffix_index.words_at(text, end) if len(w) >= 2]
            if any(w in self.lex.financial_suffixes for w in after):
                pass
            elif any(w in self.lex.org_suffix_words or w in self.lex.park_suffixes for w in after) \
                    or text.startswith(_MEMBER_BODIES, end):
                i = end
                continue
            body = self._glued_body(start, end)
            if body is not None:
                # 教育局长 = 教育局 + 局长: the body ends at the head's first character, the title is
                # written whole on the characters after it (as the tagger's split does)
                h = end - 2
                self.add(text[body:h + 1], "Organization", body, h + 1, self._body_kind(text[body:h + 1]),
                         source=Source.SUFFIX)
                self.titles.append(self.add(text[h:end], "RoleTitle", h + 1, end, source=Source.TITLE))
                self.block(h + 1)
                self.block(end)
                i = end
                continue
            self.titles.append(self.add(text[start:end], "RoleTitle", start, end, source=Source.TITLE))
            self.block(start)
            self.block(end)
            if (k := self._party_committee(start - 2)) is not None:
                self._add_committee(k, start - 2)       # 苏州市委|副书记, 江宁区委|常委
            i = end
        self.title_at = {t.start: t for t in self.titles}

    def _glued_body(self, start: int, end: int) -> int | None:
        """Start of the body a title is glued to (财政部长, 杭州市教育局长, 物理研究所长: the body's
        last character is the head's first), or None. The body is nouns of two to six characters
        right before the head's first character, after the place written before them; a modifier
        (副局长), a reference or a verb (该局长, 任局长) or the head's character doubled (法院院长)
        is no glued body."""
        text = self.text
        h = end - 2
        if end - start < 2 or text[end - 1] != "长" or text[h] not in _GLUED_HEADS or h < 2 \
                or text[h - 1] == text[h] or self._modifiers_before(h) < h:
            return None
        floor = max(self._sentence_start(h + 1), h - 6)
        a = h
        while a > floor:
            t = self.token_at.get(a - 1)
            if t is None or t.start < floor or t.end > end or not all("\u4e00" <= c <= "\u9fff" for c in text[t.start:a]):
                break
            if t.pos not in _BODY_POS and not (t.pos == "nrole" and t.end > h) or len(t.text) < 2 or t.text in self.lex.titles and t.end <= h \
                    or t.text in self.lex.generic_words or self.lex.place_candidates(t.text):
                break
            a = t.start
        if h - a < 2 or text[a:h] in self.lex.titles:
            return None
        t = self.token_at.get(a - 1) if a > 0 else None
        if t is not None and t.end == a and t.pos == "ns" and self.lex.place_candidates(t.text):
            a = t.start                  # 杭州市|教育局长: the place written before the body is part of it
        return a

    def _body_kind(self, body: str) -> str:
        """The kind of the longest organisation suffix ending the body (研究所, 局)."""
        kinds = [(len(w), k) for w, k, _ in self.lex.org_suffixes if body.endswith(w)]
        return max(kinds)[1] if kinds else "Organization"

    def _add_committee(self, k: int, i: int) -> None:
        """The party committee 南京市委 of the place at k, whose 市委 starts at i."""
        place = self.text[k:i + 1]
        if self.text[i - 1] == self.text[i]:
            place = self.text[k:i]             # 巢湖市|市委书记: 巢湖市委
        self.add(place + "委", "Organization", k, i + 2, "GovernmentBody", source=Source.ORG_COMMITTEE)

    def _party_committee(self, i: int) -> int | None:
        """Start of the place before the 市委 / 区委 at i (南京市委书记, 江宁区委常委), or None."""
        if i < 1 or self.text[i:i + 1] not in tuple("省市县区州") or self.text[i + 1:i + 2] != "委":
            return None
        for k in range(max(0, i - 6), i):
            if self.lex.place_candidates(self.text[k:i + 1]) or (
                    i - k >= 2 and self.lex.place_candidates(self.text[k:i])):
                if k == 0 or self._boundary_at(k) or self.text[k - 1] in _PUNCT:
                    return k
        return None

    def _modifiers_before(self, start: int) -> int:
        changed = True
        while changed:
            changed = False
            for mod in self.lex.title_modifiers:
                if start - len(mod) >= 0 and self.text.startswith(mod, start - len(mod)):
                    start -= len(mod)
                    changed = True
                    break
        return start

    def _title_start(self, start: int, head: str = "") -> int:
        start = self._modifiers_before(start)
        region = _REGION.search(self.text, max(0, start - 5), start)
        if region is not None and region.start() not in self.hard_ends:
            return self._modifiers_before(region.start())      # 华北区总经理, 大中华区首席执行官
        if head.startswith(self.lex.title_domains):
            return start                  # one line of work at most: 投资经理, 基金经理
        for dom in self.lex.title_domains:
            s = start - len(dom)
            if s >= 0 and self.text.startswith(dom, s) and s not in self.hard_ends:
                t = self.token_at.get(s)
                if t is not None and t.start == s:
                    return self._modifiers_before(s)
        return start
