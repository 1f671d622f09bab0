"""People: after titles, before speech verbs, by jieba's name tags, transliterated names.

Methods of the rule reader (``kg.extract.entities._Finder``), one family per module; each pass is
a component of its own (``kg.extract.entities``).
"""
from __future__ import annotations

import bisect
import re

from ..model import Source
from ..text import tokenizer
from .rules import (
    RuleBase, _ACTS_AFTER_NAME, _APPOINTED, _DOT_NAME, _HONORIFICS, _is_cjk, _LATIN_NAME, _NAME_END,
    _NAME_TAGS, _NOT_NAME_END, _PUNCT, _SPEECH, _SPEECH_LEAD, _TIME_AFTER_NAME, _trim_name,
)


class PersonRules(RuleBase):
    # ---------- people
    def _chinese_name_at(self, pos: int) -> int:
        """End of a Chinese personal name starting at pos, or -1."""
        text, lex = self.text, self.lex
        if text[pos:pos + 2] in lex.surnames2:
            sl = 2
        elif text[pos:pos + 1] in lex.surnames1:
            sl = 1
        else:
            return -1
        g = pos + sl
        if g >= len(text) or not _is_cjk(text[g]):
            return -1
        if text.startswith(_HONORIFICS, g):
            return -1                 # 吴先生, 王女士, 章院长: a surname with a form of address
        t = self.token_at.get(pos)
        if t is not None and t.start == pos and t.end == pos + 1 and t.pos in ("p", "c", "d", "r", "u", "uj"):
            return -1                 # 由迟子建, 向大家: a function word that is also a surname
        # given name of one or two characters, which is no common verb (时申请)
        tk = tokenizer()
        if tk.word_tag_tab.get(text[g:g + 2], "").startswith("v") and (tk.tokenizer.FREQ.get(text[g:g + 2]) or 0) >= 500:
            return -1
        if g + 1 < len(text) and _is_cjk(text[g + 1]):
            third = text[g + 1]
            after = text[g + 2:g + 3]
            if text.startswith(_SPEECH, g + 1) or text.startswith(("先生", "女士", "同志", "教授", "博士"), g + 1) \
                    or text.startswith(_ACTS_AFTER_NAME, g + 1):
                return g + 1
            if third in "作做" and re.match(r"(?:了)?(?:主旨|专题|重要|工作|大会|主题)?(?:报告|讲话|发言|演讲)", text[g + 2:g + 8]):
                return g + 1          # 周某作主旨报告: 作 is the verb
            t = self.token_at.get(g + 1)
            if t is not None and t.start == g + 1 and t.end > g + 2 and t.pos not in _NAME_TAGS and (
                    (tk.tokenizer.FREQ.get(t.text) or 0) >= 2000 or t.text in lex.titles
                    or (t.pos[:1] in ("v", "t", "d") and (tk.tokenizer.FREQ.get(t.text) or 0) >= 100)
                    or len(t.text) >= 3):
                return g + 1          # 李明报道, 苏宁否认, 张伟出席会议, 普京当天: the third character opens a word of its own
            head = self.token_at.get(pos)
            if head is not None and head.start == pos and head.end == g + 1 and head.pos in _NAME_TAGS \
                    and t is not None and t.start == g + 1 and t.end > g + 2 and t.pos not in _NAME_TAGS \
                    and (tk.tokenizer.FREQ.get(t.text) or 0) >= 500:
                return g + 1          # 雷某|汇报: jieba read a two-character name and a word after it
            if third in lex.surnames1 and text.startswith(_HONORIFICS, g + 2) and (
                    third == text[pos] or text[g + 2] in "总董"):
                return g + 1          # 王诚王总: the next name's surname with a form of address (not 秦尊文博士)
            if third not in _NAME_END:
                return g + 2
            if third in "和与及" and (not after or after in _NAME_END or text[g + 2:g + 4] in _SPEECH):
                return g + 2
        return g + 1

    def _name_end_at(self, t) -> bool:
        """A name jieba tagged ends where its token ends: the shape of a name, or two characters
        followed by a word of its own (何勇|赴港, 詹俊|足彩) where the shape would take one more."""
        end = self._chinese_name_at(t.start)
        if end == t.end:
            return True
        nxt = self.token_at.get(t.end)
        return len(t.text) == 2 and end == t.end + 1 and nxt is not None and nxt.start == t.end \
            and (nxt.pos[:1] in ("v", "p") or len(nxt.text) >= 2 and nxt.pos[:1] in ("d", "t")
                 or len(nxt.text) >= 2 and nxt.pos[:1] == "n" and nxt.pos not in _NAME_TAGS)

    def _common_word(self, start: int, end: int) -> bool:
        """A span jieba reads as an ordinary word (任职, 单位), or that starts inside a word."""
        t = self.token_at.get(start)
        if t is None:
            return False
        freq = tokenizer().tokenizer.FREQ.get(self.text[start:start + 2]) or 0
        if freq >= 300 and not (t.start == start and t.pos in _NAME_TAGS):
            return True                           # 任职以来, 单位, 明确: the name would start with a common word
        if t.start != start:
            return start not in self.hard_ends     # a title just before overrides jieba's split (主任|何立新)
        if t.end > end and t.pos not in _NAME_TAGS and len(t.text) >= 3 and any(
                self.lex.title_index.longest_at(t.text, k) for k in range(1, end - start)):
            return True                           # 常委|纪委书记: the name would cut a word that holds a title
        # a dictionary word of its own (任职, 单位), unless a rare one: names sit in the dictionary too
        return t.end == end and t.pos not in _NAME_TAGS and len(t.text) >= 2 \
            and (tokenizer().tokenizer.FREQ.get(t.text) or 0) >= 50 \
            and not (t.pos in ("ns", "nz") and start in self.hard_ends)    # 副行长苏宁: a proper noun after a title

    def person_at(self, pos: int, source: str):
        text = self.text
        t = self.token_at.get(pos)
        if t is not None and t.start == pos and t.pos == "f":
            return None           # 当选总统|后首次出访: a word of place or time, no surname
        m = _LATIN_NAME.match(text, pos)
        if m:
            end = _trim_name(text, pos, m.end())
            return self.add(text[pos:end], "Person", pos, end, source=source)
        m = _DOT_NAME.match(text, pos)
        if m:
            end = self._name_end(pos, m.end())
            return self.add(text[pos:end], "Person", pos, end, source=source)
        run = pos
        while run < len(text) and run - pos < 6 and text[run] in self.lex.transliteration:
            run += 1
        if run - pos >= 3 and self._chinese_name_at(pos) != run:
            end = self._name_end(pos, run)    # 主教练沃尔贝克: a foreign name runs on past three characters
            if end - pos >= 3 and self._foreign(text[pos:end]):
                return self.add(text[pos:end], "Person", pos, end, source=source)
        end = self._chinese_name_at(pos)
        if end > 0 and not self._common_word(pos, end):
            return self.add(text[pos:end], "Person", pos, end, source=source)
        t = self.token_at.get(pos)
        if source == Source.PERSON_AFTER_TITLE and t is not None and t.start == pos and t.pos in _NAME_TAGS \
                and t.pos != "nrole" and 2 <= len(t.text) <= 5 and all(_is_cjk(c) for c in t.text) \
                and not self.lex.place_candidates(t.text) and not t.text.endswith(_HONORIFICS) \
                and (tokenizer().tokenizer.FREQ.get(t.text) or 0) < 300:      # not 客服小姐, 顾问博客
            return self.add(t.text, "Person", pos, t.end, source=source)    # 首相鸠山由纪夫: a name jieba knows whole
        return None

    def find_people(self):
        text = self.text
        # after a title: 副局长赵明和, 创始人John Smith, 大使阿卜杜拉·汗; lists of names after a title
        for t in self.titles:
            pos = t.end
            while pos < len(text) and text[pos] in " 　":
                pos += 1
            if pos in self.title_at:
                continue          # 副部长帮办X: the name follows the last title
            p = self.person_at(pos, Source.PERSON_AFTER_TITLE)
            while p is not None:
                nxt = p.end
                if nxt < len(text) and text[nxt] in "、 　" and nxt + 1 < len(text):
                    p = self.person_at(nxt + 1, Source.PERSON_AFTER_TITLE)
                else:
                    break
        # before a speech verb: 李建国表示, 何立新说
        for verb in _SPEECH:
            for m in re.finditer(re.escape(verb), text):
                s = m.start()
                vt = self.token_at.get(s)
                if vt is not None and vt.start < s:
                    continue          # 小说, 连载小说: 说 inside a word is no speech verb
                if verb == "发言":      # 赵某分别作了发言: the name stands before what leads to the verb
                    lead = _SPEECH_LEAD.search(text, max(0, s - 8), s)
                    s = lead.start() if lead else s
                lm = re.search(r"(?:[A-Z][a-zA-Z'\-]+ ){1,2}[A-Z][a-zA-Z'\-]+$|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}$",
                               text[max(0, s - 30):s])
                if lm:
                    st = s - len(lm.group(0))
                    inner = [h for h in self.hard_ends if st < h < s]
                    st = max(inner) if inner else st
                    en = self._name_end(st, s) if "·" in text[st:s] else s    # 米勒曾暗示说 -> 米勒
                    if text[st:en].strip():
                        self.add(text[st:en], "Person", st, en, source=Source.PERSON_SPEECH)
                    continue
                for n in (3, 2, 4):
                    st = s - n
                    if st < 0:
                        continue
                    if self._chinese_name_at(st) == s and not self._common_word(st, s) \
                            and not any(t.start < s and st < t.end for t in self.titles) and (
                            st == 0 or not _is_cjk(text[st - 1]) or st in self.hard_ends or self._boundary_at(st)):
                        self.add(text[st:s], "Person", st, s, source=Source.PERSON_SPEECH)
                        break
        # the person an appointment names: 任命钱某某为…, 免去李某…职务
        for m in re.finditer(r"(?:任命|聘任|聘请|提名|推选|委任|免去|免除)", text):
            st = m.end()
            en = self._chinese_name_at(st)
            if en - st in (2, 3) and text.startswith(("为", "担任", "出任", "同志", "的"), en) \
                    and not self._common_word(st, en) and not self.lex.place_candidates(text[st:en]):
                self.add(text[st:en], "Person", st, en, source=Source.PERSON_APPOINTED)
        # a speaker opening an interview line: 张三：…
        for m in re.finditer(r"(?:^|(?<=[\n。！？”]))\s*([\u4e00-\u9fff]{2,4})[：:]", text):
            st, en = m.start(1), m.end(1)
            if self._chinese_name_at(st) == en and not self._common_word(st, en) \
                    and not (tokenizer().tokenizer.FREQ.get(text[st + 1:en]) or 0) >= 300:
                self.add(text[st:en], "Person", st, en, source=Source.PERSON_SPEECH)   # not 原作品：
        # transliterated names written with a middle dot: 斯蒂芬·加勒特
        for m in _DOT_NAME.finditer(text):
            span = self._dot_name(m.start(), m.end())
            if span and not self._in_book_title(span[0]):      # 《哈利·波特与…》 names a book
                self.add(text[span[0]:span[1]], "Person", *span, source=Source.PERSON_DOT)
        # jieba's person tags, when the name starts with a known surname; not inside a book title
        # (《某某发展蓝皮书》), and a conjunction jieba glued in front is no part of the name (和方德|进)
        for t in self.doc.tokens:
            if t.pos not in ("nr", "nrfg") or self._in_book_title(t.start) or self._not_alone(t.start, t.end):
                continue      # (only a person tag leads anywhere below)
            if t.pos in ("nr", "nrfg") and len(t.text) == 3 and t.text[0] in "和与及同跟" \
                    and (tokenizer().tokenizer.FREQ.get(t.text) or 0) == 0:
                en = self._chinese_name_at(t.start + 1)
                if en - t.start - 1 in (2, 3) and (tokenizer().tokenizer.FREQ.get(text[t.start + 1:t.start + 3]) or 0) < 300:
                    self.add(text[t.start + 1:en], "Person", t.start + 1, en, source=Source.PERSON_JIEBA)
                continue
            if len(t.text) == 2 and t.pos == "nr" and (tokenizer().tokenizer.FREQ.get(t.text) or 0) >= 50 \
                    and t.text[1] not in "一二三四五六七八九十":
                continue          # 阳光, 晋级, 花旗: a common word jieba also tags as a name needs more
                                  # evidence (not the stand-in names 张三, 李四)
            if t.pos in ("nr", "nrfg") and 2 <= len(t.text) <= 3 and self._name_end_at(t) \
                    and not (len(t.text) == 3 and self._foreign(t.text)) and not self.lex.place_candidates(t.text) \
                    and t.text[-1] not in _NOT_NAME_END and t.text not in self.lex.boundary_words \
                    and (len(t.text) == 3 and self._name_neighbours(t.start, t.end) or text.startswith(_SPEECH, t.end)
                         or self._span_context(t.start, t.end)):
                self.add(t.text, "Person", t.start, t.end, source=Source.PERSON_JIEBA)
        # a surname jieba tagged on its own, with the given name it split off (龚/nr 强华/a 经历了),
        # standing where names stand
        freq = tokenizer().tokenizer.FREQ
        for t in self.doc.tokens:
            if t.pos != "nr" or len(t.text) != 1 or t.text not in self.lex.surnames1 or self._in_book_title(t.start):
                continue
            en = self._chinese_name_at(t.start)
            given = text[t.end:en]
            if en - t.start in (2, 3) and (freq.get(given) or 0) < 300 and not self._common_word(t.start, en) \
                    and not self.lex.place_candidates(given) and text[en - 1] not in _NOT_NAME_END \
                    and self._span_context(t.start, en):
                self.add(text[t.start:en], "Person", t.start, en, source=Source.PERSON_JIEBA)
        # transliterated names jieba tags as such (nrt), also when it splits them: 菲尔/nrt 普斯/nr
        toks = self.doc.tokens
        i = 0
        while i < len(toks):
            j = i
            while j < len(toks) and toks[j].pos in ("nr", "nrt", "nrfg") and self._foreign(toks[j].text) \
                    and (j == i or toks[j].start == toks[j - 1].end):
                j += 1
            if j > i and any(t.pos == "nrt" for t in toks[i:j]) and not self._in_book_title(toks[i].start) \
                    and not self._not_alone(toks[i].start, toks[j - 1].end):
                st, en = toks[i].start, toks[j - 1].end
                if en - st >= 2 and self._span_context(st, en):
                    self.add(text[st:en], "Person", st, en, source=Source.PERSON_JIEBA)
            i = max(j, i + 1)
        # creators named in the text
        for name in self.doc.article.creators:
            for m in re.finditer(re.escape(name), text):
                self.add(name, "Person", m.start(), m.end(), source=Source.PERSON_BYLINE)

    def _not_alone(self, start: int, end: int) -> bool:
        """A jieba 'name' that is part of something larger: one half of a dotted foreign name
        (西摩尔·霍夫曼), a place before its suffix (卡卡镇), a measure word after a determiner (这位彩民)."""
        text = self.text
        near = text[max(0, start - 3):start], text[end:end + 3]
        dotted = any("·" in x or "•" in x for x in near)
        return dotted and re.search(r"[·•][\u4e00-\u9fff]{0,2}$", near[0]) is not None \
            or dotted and re.match(r"[\u4e00-\u9fff]{0,2}[·•]", near[1]) is not None \
            or text[end:end + 1] in ("镇", "村", "乡", "县", "路", "街") \
            or (text[start] in "位名个" and text[start - 1:start] in ("这", "那", "每", "一", "该", "各", "两", "几"))

    def _in_book_title(self, pos: int) -> bool:
        """True inside 《…》: the title of a book, film or report, whose words name no one."""
        if self._brackets is None:      # positions of 《 and 》, looked up instead of searched each time
            self._brackets = ([i for i, c in enumerate(self.text) if c == "《"],
                              [i for i, c in enumerate(self.text) if c == "》"])
        opens, closes = self._brackets
        o, c = bisect.bisect_left(opens, pos), bisect.bisect_left(closes, pos)
        return (opens[o - 1] if o else -1) > (closes[c - 1] if c else -1) and c < len(closes)

    def _foreign(self, s: str) -> bool:
        """A word written only in transliteration characters (斯蒂芬, 巴勒莫)."""
        chars = [c for c in s if c != "·"]
        return bool(chars) and sum(c in self.lex.transliteration for c in chars) >= 0.8 * len(chars)

    def _name_end(self, first: int, end: int) -> int:
        """Cut a foreign name before the first word that is no part of it (执导, 上校, 以)."""
        text = self.text
        for i in range(first + 1, end):
            t = self.token_at.get(i)
            if text[i] in "的了在是被将和与及等以曾已也又就都还" or text.startswith(_SPEECH, i) or i in self.hard_ends or (
                    t is not None and t.start == i and len(t.text) >= 2 and t.pos[:1] in ("v", "d", "p", "c", "a")):
                return i
            if self.lex.title_index.longest_at(text, i) is not None:
                return i
            if t is not None and t.start == i and len(t.text) >= 2 and t.pos not in _NAME_TAGS + ("nrt",) \
                    and not any(c in self.lex.transliteration for c in t.text):
                return i          # 山姆·雷米|坐镇指挥: a word with no transliteration character ends the name
            if _TIME_AFTER_NAME.match(text, i):
                return i          # 库克周三抵达: the day is no part of the name
        return end

    def _dot_name(self, start: int, end: int):
        """The name inside a `…X·Y…` match: from the last boundary before the dot to the first word
        after it that is no part of a name; None unless both halves are transliterated."""
        text = self.text
        dot = text.index("·", start)
        st = None
        for i in range(dot - 1, start - 1, -1):
            if i == 0 or text[i - 1] in _PUNCT or i in self.hard_ends or self._boundary_at(i):
                st = i
                break
        if st is None:
            return None
        en = self._name_end(dot + 2, end)
        parts = text[st:en].split("·")
        if any(len(p) < 1 for p in parts) or not all(self._foreign(p) for p in parts):
            return None
        return st, en

    def _name_neighbours(self, start: int, end: int) -> bool:
        """A three-character name needs no context, unless jieba made it up (it is no dictionary
        word) and it is joined to another name by `&`, which joins brands (甲牌&乙牌级旗舰店)."""
        if tokenizer().tokenizer.FREQ.get(self.text[start:end]):
            return True
        return not (self.text[start - 1:start] in ("&", "＆") or self.text[end:end + 1] in ("&", "＆"))

    def _span_context(self, start: int, end: int) -> bool:
        """A name jieba tags as a person, standing where names stand: between boundaries, or
        before a verb."""
        text = self.text
        before = start == 0 or text[start - 1] in _PUNCT or self._boundary_at(start) or any(
            t.pos == "nrole" or t.pos == "n" and len(t.text) >= 2 and t.text[-1] in "生员师傅官家手"
            for t in self.token_ends.get(start, ()))          # 硕士生王某, 老师傅陈某: after an occupation
        nxt = self.token_at.get(end)
        after = end >= len(text) or text[end] in _PUNCT or (nxt is not None and nxt.start == end and (
            nxt.pos[:1] in ("v", "p", "c", "d", "t") or nxt.text in ("和", "与", "等") or nxt.pos == "nrole"
            or self.lex.title_index.longest_at(text, end) is not None      # 张某老师, 李某书记
            or text.startswith(_APPOINTED, end)))                              # 张某现任…
        return before and after
