"""Organisations, parks and projects: by their suffix (有限公司, 产业园, 项目) and by what they do
(X在深圳证券交易所上市, X成立于2000年).

Methods of the rule reader (``kg.extract.entities._Finder``), one family per module; each pass is
a component of its own (``kg.extract.entities``).
"""
from __future__ import annotations

import re

from ..model import Mention, Source
from ..text import tokenizer
from .rules import (
    RuleBase, _COMPOUND_TAILS, _DIRECTIONS, _DOT_NAME, _GENERIC_HEADS, _GENERIC_PARK_STEMS, _GENERIC_STEMS,
    _GLUE_VETO, _INDUSTRY_NAME, _is_cjk, _LEADING_FUNCTION, _MEASURES, _NAME_TAGS, _OBJECT_VERBS, _PUNCT,
    _REF_LEADS, _TIME_STEM, _WORDS,
)
from .rules import _CLOSE_BR

_SETTLE_VERBS = tuple(_WORDS["settle_verbs"])
_OWNER_VERB = re.compile(r"(?:集团|公司)(?:投资|收购|控股|入股|参股|并购)")
_GLUED_FUNCTION = set("由在从对被把将与和及")     # function words jieba glues to a name after them
# a project's capacity opens its name: 年产20GW高效光伏组件项目 (not cut at the digit)
_CAPACITY = re.compile(r"年产(?:能)?(?:约|超)?\d+(?:\.\d+)?(?:万|亿|千)?(?:[A-Za-z]{1,4}|吨|台|套|件|辆|片|颗|只|平方米|立方米)?$")
# lines of business that end a short company name beside those of rules._INDUSTRY_NAME
_MORE_LINES = re.compile(r"(.)(化学|医疗|仪器|精密|精工|装备|机器人|实业|新材|储能|芯片)$")
# what may stand between a settling company and its frame: 宣布, 计划, 拟 ...
_SETTLE_LEAD = r"(?:宣布|计划|拟|将|已|已经|正式|近日|日前|再次|继续|首次|也|还|今年|成功|决定)*"
_SETTLE_FRAME = re.compile(_SETTLE_LEAD + r"(?:(?P<at>在|于|赴)|(?P<verb>" + "|".join(_SETTLE_VERBS)
                           + r"|投资|斥资|年产|启动|升级)|(?P<with>与|和)|(?P<seat>(?:中国|全球|亚太|亚洲|区域)总部))")
# a description before a company's name: 全球半导体真空泵领域企业X, 德国化工巨头X
_DESCRIBED = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:领域|行业)?(?:企业|巨头|龙头|厂商|制造商|供应商|品牌)")


class OrganisationRules(RuleBase):
    # ---------- organisations, parks, projects by suffix
    def find_suffixed(self):
        text, lex = self.text, self.lex
        for name, kind in lex.known_orgs.items():
            for m in re.finditer(re.escape(name), text):
                self.add(name, "Organization", m.start(), m.end(), kind, source=Source.ORG_KNOWN)
        org = {w: (kind, min_stem) for w, kind, min_stem in lex.org_suffixes}
        park, project = set(lex.park_suffixes), set(lex.project_suffixes)
        cands = []
        for s, e, suf in lex.suffix_index.occurrences(text):
            if suf in org:
                cands.append((s, e, "Organization", *org[suf]))
            if suf in park:
                cands.append((s, e, "Park", None, 2 if len(suf) <= 2 else 1))
            if suf in project:
                cands.append((s, e, "Project", None, 2))
        inside_title = {i for t in self.titles for i in range(t.start, t.end)}
        failed: dict[tuple[int, str], int] = {}      # (end, class) -> start of a longer suffix that made no name
        for s, e, cls, kind, min_stem in sorted(cands, key=lambda c: (c[1], c[0])):
            if s in inside_title and e - 1 in inside_title:
                continue         # 基金 in 基金分析师, 证券 in 证券分析师
            # the suffix must end a word: not 公司法, 银行业, 中心城区, 局面, 部分, 报道
            if e < len(text) and self._glued_right(s, e):
                continue
            if text[s:e] in ("队", "军") and s > 0 and text[s - 1] in "两双各全本该我客主球敌友":
                continue         # 两队, 主队, 球队, 敌军: which side, not whose
            if failed.get((e, cls), e) < s:
                continue         # 竹研究中心: no 竹研究 + 中心 where 竹 + 研究中心 made no name
            start = self._extend_left(s, self._sentence_start(s + 1))
            if cls == "Organization" and text[s:e].endswith(("公司", "集团")):
                # 信达生物制药（苏州）有限公司, 合肥市建设投资控股（集团）有限公司: a bracketed place or
                # 集团 inside the registered name
                br = re.search(r"[(（]([\u4e00-\u9fff]{2,4})[)）]$", text[max(0, s - 8):s])
                if br and start == s and (self.lex.place_candidates(br.group(1)) or br.group(1) in ("集团", "控股", "中国")):
                    inner = s - len(br.group(0))
                    outer = self._extend_left(inner, self._sentence_start(inner + 1))
                    if inner - outer >= 2:
                        start = outer
                start = self._glued_opening(start)
            if cls == "Organization" and start > 0 and text[start - 1] in _CLOSE_BR and text[s:e].endswith(("公司", "集团")):
                # 博曼(嘉兴)汽车零部件有限公司: the bracketed place sits inside the registered name
                br = re.search(r"[(（]([\u4e00-\u9fff]{2,4})[)）]$", text[max(0, start - 8):start])
                if br and self.lex.place_candidates(br.group(1)) and start < s:
                    inner = start - len(br.group(0))
                    outer = self._bracketed_brand_start(inner)
                    if inner - outer >= 2 and not self.lex.place_candidates(text[outer:inner]):
                        start = outer
            stem = text[start:s]
            if min_stem == 0:
                start, stem = s, ""
            elif len(stem) < min_stem or (stem in _GENERIC_STEMS and not (kind == "MediaOrganization" and e - s >= 2)) \
                    or re.fullmatch(r"[\d.]+", stem or "x"):
                failed[e, cls] = s
                continue
            elif self._generic(stem) and not (kind == "MediaOrganization" and e - s >= 2):
                failed[e, cls] = s
                continue
            elif cls == "Organization" and self._descriptive_stem(start, s, e):
                failed[e, cls] = s
                continue
            end = e
            # bracketed qualifier: 辉瑞集团(中国), 智能制造推广中心(苏州)
            br = re.match(r"[(（]([\u4e00-\u9fff]{2,4})[)）]", text[e:e + 7])
            if br and (self.lex.place_candidates(br.group(1)) or br.group(1) in ("中国", "香港", "集团", "总部")):
                end = e + br.end()
            while end - start > len(text[s:e]) + 1 and text[start] in _LEADING_FUNCTION and not self._word_opens(start):
                start += 1
            start = self._after_glued_function(start, s)
            # `用好合肥…`, `高苏州工业园区`: one stray character glued before a place name
            if s - start >= 3 and not self.lex.place_candidates(text[start:start + 2]) and any(
                    self.lex.place_candidates(text[start + 1:start + 1 + n]) for n in (2, 3, 4)):
                start += 1
            if cls == "Project" and (cap := _CAPACITY.search(text, max(0, start - 16), start)):
                # 星辰科技年产20GW…项目: the capacity and the company before it are part of the name
                start = self._extend_left(cap.start(), self._sentence_start(cap.start() + 1), max_len=10, conj=False)
            if cls in ("Park", "Project"):
                # 在杭州建设新园区, 在青岛某新区落子某工厂: a park's or project's name starts after the
                # verb that builds or settles it
                built = [mm.end() for mm in re.finditer(r"建设|打造|建成|筹建|构筑|构建|" + "|".join(_SETTLE_VERBS), text[start:s])]
                if built and built[-1] < s - start:
                    start += built[-1]
                elif built and cls == "Project":
                    continue      # 扩建工厂, 新建项目: a verb and a head, no name
                # 某公司与嘉兴经济技术开发区签约: two parties, the park is the one after 与
            built_here = start > 0 and text[start - 1] in "在于"      # 在苏州建设|某某研发中心
            if cls == "Organization" and (lead := re.match("|".join(("建设", "兴建")), text[start:s])) \
                    and s - (start + lead.end()) >= 4 and (start == 0 or text[start - 1] in _PUNCT):
                start += lead.end()   # ，建设|车载电源技术研发中心: a clause opening with the verb that builds it
            owner = _OWNER_VERB.search(text, start, s)
            if cls == "Organization" and owner and s - owner.end() >= 4 \
                    and not any(text.startswith(w, owner.end()) for w in self.lex.name_verbs):
                start = owner.end()   # 某某集团投资|博鳌某某医院: the investor is another name
            if cls == "Organization" and (verbs := [mm.end() for mm in re.finditer(
                    "|".join(w for w in _SETTLE_VERBS if built_here or w not in ("建设", "兴建")) + "|升级",
                    text[start:s])]) \
                    and verbs[-1] < s - start:
                start += verbs[-1]    # 升级北京研发中心: the verb is no part of the name after it
            if cls in ("Park", "Project", "Organization"):
                two = [mm.end() for mm in re.finditer(r"[与和]", text[start:s])
                       if mm.start() >= 2 and self._place_opens(start + mm.end())]
                if two:
                    start += two[-1]
            if cls in ("Organization", "Project") and start < s:
                start = self._after_country(start, s)
            if cls == "Park" and (text[start:s] in _GENERIC_PARK_STEMS or text[start:s].endswith("的")):
                continue
            if cls == "Park" and any(m.cls == "Place" and start <= m.start and m.end == e for m in self._ending_at(e)):
                continue          # 滨海新区, 浦东新区: a division of the table, a place
            if cls in ("Park", "Project") and _TIME_STEM.search(text[start:s]):
                continue          # 前三季度园区实现…: a time, not a name
            if text[start:start + 1] in _MEASURES and start > 0 \
                    and (text[start - 1].isdigit() or text[start - 1] in "一二三四五六七八九十两几多"):
                continue          # 4个家具生产基地, 11家全国性银行: counted, not named
            if cls == "Project" and text[s:e] == "总部" and text.startswith(("设在", "位于", "在", "迁至", "迁往", "搬到"), e):
                continue          # X公司总部设在Y: the company's seat, no project
            if kind == "MediaOrganization":
                # a headline glued to the paper's name: …产业基金经济时报 -> 经济时报
                cut = max((j for _, j, w in self.lex.suffix_index.occurrences(text[start:s])
                           if len(w) >= 2 and s - (start + j) >= 2), default=None)
                if cut is not None:
                    start += cut
            name = text[start:end]
            self.add(name, cls, start, end, kind, source=Source.SUFFIX)
        self._quoted_parks()
        self._datelines()
        self._nested_units()
        self._numbered_units()
        self._branches()
        # projects counted in a list: 12个重点产业项目
        for m in re.finditer(r"\d+个[\u4e00-\u9fff]{0,8}项目", text):
            self.add(m.group(0), "Project", m.start(), m.end(), source=Source.PROJECT_COUNT)

    def _bracketed_brand_start(self, inner: int) -> int:
        """Start of the brand before a bracketed place (博林新能(嘉兴)科技有限公司): back over the
        words before the bracket, a rare verb jieba made of a brand's characters (新能) included,
        to a function word, a common verb (设立, 投资) or a boundary, six characters at most."""
        freq = tokenizer().tokenizer.FREQ
        pos = inner
        while pos > 0 and inner - pos < 6:
            tok = next(iter(self.token_ends.get(pos, ())), None)
            if tok is None or not all(_is_cjk(c) for c in tok.text) or inner - tok.start > 6 \
                    or tok.pos[:1] in ("p", "c", "u", "r", "d", "m", "q", "f", "t") or tok.text in self.lex.boundary_words \
                    or tok.pos[:1] == "v" and len(tok.text) >= 2 and (freq.get(tok.text) or 0) >= 100 \
                    or tok.text in _GLUE_VETO or tok.text in _LEADING_FUNCTION or self.lex.place_candidates(tok.text) \
                    or tok.text in self.lex.generic_words or tok.text in self.lex.references:
                break
            pos = tok.start
        return self._after_glued_function(pos, inner)

    def _after_glued_function(self, start: int, s: int) -> int:
        """项目由|泰恒控股…: jieba glued a function word to the name after it (由泰恒/nr, a word of no
        dictionary), and the name ran back over it: the name starts after the function word."""
        freq = tokenizer().tokenizer.FREQ
        for k in range(s - 2, start - 1, -1):
            t = self.token_at.get(k)
            if t is not None and t.start == k and self.text[k] in _GLUED_FUNCTION and t.pos in _NAME_TAGS \
                    and len(t.text) >= 3 and not freq.get(t.text) and t.end <= s:
                return k + 1
        return start

    def _glued_opening(self, start: int) -> int:
        """隆基绿|能|科技股份有限公司, 宁波|均|胜电子股份有限公司: jieba split a brand into a name and a
        verb or adverb, and the company's name stopped there. The split pieces belong to the name when
        they sit right after a place name (at most two single characters), or open the clause with a
        proper noun followed by single characters; never a function word."""
        text = self.text

        def place_ends(pos):
            return any(m.cls == "Place" for m in self._ending_at(pos))

        floor = start
        while floor > 0 and start - floor < 5 and text[floor - 1] not in _PUNCT and not place_ends(floor):
            floor -= 1
        gap = text[floor:start]
        if not 1 <= len(gap) <= 4 or not all(_is_cjk(c) for c in gap):
            return start
        after_place = place_ends(floor)
        if not (after_place or floor == 0 or text[floor - 1] in _PUNCT):
            return start
        toks, pos = [], floor
        while pos < start:
            tok = self.token_at.get(pos)
            if tok is None or tok.end > start or tok.text in _LEADING_FUNCTION or tok.text in _GLUE_VETO \
                    or tok.text in self.lex.references or tok.text in self.lex.generic_words:
                return start
            toks.append(tok)
            pos = tok.end
        if after_place:
            ok = len(gap) <= 2 and all(len(t.text) == 1 for t in toks)
        else:
            ok = toks[0].pos in ("nr", "nrt", "nz", "nt", "j", "ns") and len(toks[0].text) >= 2 \
                and len(toks) >= 2 and all(len(t.text) == 1 for t in toks[1:])
        return self._extend_left(floor, self._sentence_start(floor + 1)) if ok else start

    def _starting_at(self, pos: int) -> list[Mention]:
        self._index()
        return self._by_start.get(pos, [])

    def _place_opens(self, pos: int) -> bool:
        """A place name (two to four characters) starts at pos."""
        return any(self.lex.place_candidates(self.text[pos:pos + n]) for n in (4, 3, 2))

    def _after_country(self, start: int, s: int) -> int:
        """英国百灵达制药中国总部, 美国霍尔曼公司: a foreign country written before a brand is where it
        comes from, not part of its name (kept when what is left is short: 美国银行)."""
        for n in (5, 4, 3, 2):
            info = self.lex.place_candidates(self.text[start:start + n])
            if any(i.level == "country" for i in info) and s - (start + n) >= 3 and self._brand_at(start + n):
                return start + n
        return start

    def _brand_at(self, pos: int) -> bool:
        """A brand's name starts at pos: a proper noun of jieba (百灵达, 霍尔曼) or a foreign name."""
        t = self.token_at.get(pos)
        if self.text[pos:pos + 1].isascii() and self.text[pos:pos + 1].isalpha():
            return True                                            # a brand in Latin letters: AB集团
        return t is not None and t.start == pos and (
            t.pos in ("nr", "nrt", "nz", "eng") and len(t.text) >= 2
            or all(c in self.lex.transliteration for c in self.text[pos:pos + 2]))

    def _settle_subjects(self):
        """德国博纳克斯在苏州工业园区新建…, 金桥科技拟投资10亿元…, 某高新区与柯赛尔科技签约: a company
        named without a legal suffix, as the subject of a settle frame (在L, 落户, 新建, 增资, 与…签约).
        It opens a clause, or follows a foreign country or a park signing with it; it is a foreign
        name (transliteration characters) or a short name ending in its line of business (科技, 电子)."""
        text = self.text
        starts = {0} | {i + 1 for i, c in enumerate(text) if c in _PUNCT}
        described: set[int] = set()
        for m in self.mentions:
            if m.cls == "Place" and m.start in starts and any(i.level == "country" for i in self.lex.place_candidates(m.text)):
                starts.add(m.end)                                   # 德国|博纳克斯
            if m.cls in ("Park", "Place") and m.start in starts and text.startswith(("与", "和"), m.end):
                starts.add(m.end + 1)                               # 某高新区与|柯赛尔科技签约
        for d in _DESCRIBED.finditer(text):
            if d.start() in starts or any(x.cls == "Place" and x.end == d.start() and x.start in starts
                                          for x in self._ending_at(d.start())):
                starts.add(d.end())                                 # 德国化工巨头|某某启动…
                described.add(d.end())
        for p in sorted(starts):
            if p >= len(text) or any(x.cls in ("Organization", "Park", "Project", "Place")
                                     for x in self._starting_at(p)):
                continue
            foreign = p > 0 and text[p - 1] not in _PUNCT and text[p - 1] not in "与和"
            for e in range(p + 2, min(len(text), p + 9)):
                fm = _SETTLE_FRAME.match(text, e)
                if fm is None:
                    continue
                pair = self._pair_of_names(p, e)
                if pair is None and not (self._name_span(p, e, foreign) or p in described and self._described_name(p, e)):
                    continue
                if fm.group("at") and not any(x.cls in ("Place", "Park") for x in self._starting_at(fm.end())):
                    continue
                if not fm.group("verb") and any(x.cls == "Person" for x in self._overlapping(p, e)):
                    continue      # 某某在巴西长大: a person jieba read stays one unless it invests or builds
                if fm.group("with") and not self._starting_at(fm.end()):
                    continue
                for a, b in pair or ((p, e),):
                    self.add(text[a:b], "Organization", a, b, "Company", Source.ORG_SETTLER)
                break

    def _described_name(self, p: int, e: int) -> bool:
        """德国化工巨头|朗盛启动…: after a description of what it is, two to four characters on jieba's
        word bounds, no function word, place or generic word, name a company."""
        text = self.text
        span = text[p:e]
        if not 2 <= len(span) <= 4 or not all(_is_cjk(c) or c.isascii() and c.isalnum() for c in span):
            return False
        toks = [self.token_at.get(i) for i in range(p, e)]
        if any(t is None for t in toks) or toks[0].start != p or toks[-1].end != e:
            return False
        freq = tokenizer().tokenizer.FREQ
        return not any(t.pos[:1] in ("p", "c", "u", "r", "d", "m", "q") or t.text in _GLUE_VETO
                       or len(t.text) >= 2 and t.pos[:1] == "v" and (freq.get(t.text) or 0) >= 500 for t in toks) \
            and not self.lex.place_candidates(span) and not self._generic(span) and span not in _GENERIC_STEMS \
            and not any(x.cls in ("Organization", "Park", "Project", "Place", "Money") and x.start < e and p < x.end
                        for x in self._overlapping(p, e))

    def _pair_of_names(self, p: int, e: int):
        """星岚电子与云拓科技签约: two companies joined by 与/和 before the frame, each a name of its own
        (a foreign name or a short name ending in its line of business); their spans, or None."""
        k = next((i for i in range(p + 2, e - 2) if self.text[i] in "与和"), None)
        if k is None or self.token_at.get(k) is None or self.token_at[k].text != self.text[k]:
            return None
        if self._name_span(p, k, True) and self._name_span(k + 1, e, True):
            return (p, k), (k + 1, e)
        return None

    def _name_span(self, p: int, e: int, foreign: bool) -> bool:
        text = self.text
        span = text[p:e]
        if not all(_is_cjk(c) or c.isascii() and (c.isalnum() or c in "&-") for c in span):
            return False
        if self.token_at.get(p) is None or self.token_at[p].start != p or not self.token_ends.get(e):
            return False
        if span[0] in _GLUE_VETO or span[0] in _LEADING_FUNCTION or span.startswith(tuple(self.lex.references)) \
                or self.lex.place_candidates(span) or self._generic(span) or span in _GENERIC_STEMS \
                or any(w in span for w in ("项目", "园区", "基地", "工厂", "今年", "去年", "政府", "公司",
                                           "企业", "巨头", "龙头", "厂商")):
            return False
        if len(span) >= 3 and all(c in self.lex.transliteration for c in span) and not any(
                x.cls != "Person" or x.source != Source.PERSON_JIEBA for x in self._overlapping(p, e)):
            return True            # 卡洛琳投资…在L建设: a transliterated name jieba took for a person settles
        if any(x.cls in ("Organization", "Park", "Project", "Place", "Money") and x.start < e and p < x.end
               or x.cls == "Person" and (x.start < p or x.end >= e) and x.start < e and p < x.end
               for x in self._overlapping(p, e)):
            return False           # a person read inside the name (博纳德|电气) gives way to the company
        first = self.token_at[p]
        if foreign and (sum(c in self.lex.transliteration for c in span) >= 0.7 * len(span)
                        or first.pos in ("nr", "nrt", "nz", "eng", "j", "ns") and len(first.text) >= 2 and first.end == e):
            return True
        ind = _INDUSTRY_NAME.search(span) or _MORE_LINES.search(span)
        return ind is not None and len(span) - len(ind.group(2)) >= 2 and not self._generic(span[:ind.start(2)])

    def _numbered_units(self):
        """某某学院三队, 某某公司二团: a numbered team or regiment of the organisation named before it."""
        text = self.text
        for org in [m for m in self.mentions if m.cls == "Organization"]:
            m = re.compile(r"[一二三四五六七八九十\d]{1,3}(?:大队|中队|小队|支队|分队|队|团)(?![长员])").match(text, org.end)
            if m:
                self.add(text[org.start:m.end()], "Organization", org.start, m.end(), org.kind, source=Source.ORG_UNIT)

    def _branches(self):
        """某某银行江苏南京分行, 某某集团苏州分公司: a branch named by its place after the organisation."""
        text = self.text
        for org in [m for m in self.mentions if m.cls == "Organization"]:
            pos, places = org.end, 0
            while places < 3:
                w = self.lex.place_index.longest_at(text, pos)
                if not w:
                    break
                pos += len(w)
                places += 1
            m = re.compile(r"(?:分行|支行|分公司|分院|分局|分社|营业部)").match(text, pos)
            if places and m:
                self.add(text[org.start:m.end()], "Organization", org.start, m.end(), org.kind, source=Source.ORG_BRANCH)

    def _quoted_parks(self):
        """昌平区“生命谷”, 武汉“光谷”: a quoted name in -谷 right after a place or park names a park."""
        for m in re.finditer(r"[“\"]([\u4e00-\u9fff]{1,4}谷)[”\"]", self.text):
            if any(x.end == m.start() and x.cls in ("Place", "Park") for x in self.mentions):
                self.add(m.group(1), "Park", m.start(1), m.end(1), source=Source.PARK_QUOTED)

    def _datelines(self):
        """`江城报讯 …`, `某某社讯`, `某某网讯`: the paper, agency or site that files the story."""
        text = self.text
        for m in re.finditer(r"(?:报|社|网|台)讯", text):
            end = m.start() + 1
            t = self.token_at.get(m.start())
            if t is None:
                continue
            start = t.start
            if text[start:end] in self.lex.org_suffix_words:        # 东方|早报讯, 江城|报讯: the name runs on left
                p = self.token_at.get(start - 1) if start else None
                if p is not None and p.pos in ("ns", "nz", "nt", "nr", "j", "s") and p.end == start:
                    start = p.start       # a proper noun before the paper's word, not the headline before it
                else:
                    start = self._extend_left(start, self._sentence_start(start + 1), max_len=6, conj=False)
            name = text[start:end]
            if len(name) < 2 or name[0] in "本该我贵此" or not all(_is_cjk(c) for c in name) \
                    or name in self.lex.org_suffix_words:
                continue          # 本报讯, 晨报讯: the paper itself, unnamed
            self.add(name, "Organization", start, end, "MediaOrganization", source=Source.ORG_DATELINE)

    def _nested_units(self):
        """`统计局综合司副司长`: a unit (司, 局, 处 ...) of an organisation named just before it,
        written as one name and followed by a title."""
        text = self.text
        orgs_by_end: dict[int, list[Mention]] = {}
        for m in self.mentions:
            if m.cls == "Organization":
                orgs_by_end.setdefault(m.end, []).append(m)
        for s, e, unit in self.lex.unit_index.occurrences(text):
            if e not in self.title_at:
                continue
            for org in (o for end in range(s - 2, s - 7, -1) for o in orgs_by_end.get(end, ())):
                if 2 <= s - org.end <= 6 and all(_is_cjk(c) for c in text[org.end:s]) \
                        and not any(h in self.hard_ends for h in range(org.end + 1, s + 1)):
                    self.add(text[org.start:e], "Organization", org.start, e, "GovernmentBody"
                             if unit in "司局处厅部室办科署委" else org.kind, source=Source.ORG_UNIT)
                    break

    def _word_opens(self, pos: int) -> bool:
        """True if a word of two or more characters starts at pos (经营 is no 经 + 营)."""
        t = self.token_at.get(pos)
        return t is not None and t.start == pos and len(t.text) >= 2 \
            and t.pos not in ("ns", "nr", "nz", "nt", "nrt", "j")     # 以昌/ns: jieba's split, no word

    def _descriptive_stem(self, start: int, s: int, e: int) -> bool:
        """A stem that describes rather than names: it opens with a verb that takes the thing as its
        object (运作好产业基金, 管理基金) or with an adjective in -化 (现代化家具集团), or ends in such a
        verb (特殊情况管理基金)."""
        t = self.token_at.get(start)
        first = t.text if t is not None and t.start == start else ""
        if len(first) >= 3 and first.endswith("化") and t.pos[:1] in ("n", "v", "a"):
            return True
        if self.text[s:e].endswith(("基金", "证券", "股票", "债券")):
            last = next((w for w in _OBJECT_VERBS if self.text.endswith(w, 0, s)), None)
            if first in _OBJECT_VERBS or (last and s - len(last) > start):
                return True
        return False

    def _generic(self, stem: str) -> bool:
        """True if the stem is made only of generic words (债券+, 上述产业投资, 大型国有)."""
        longest = self.lex.generic_index.longest_at
        rest = stem
        while rest:
            w = longest(rest, 0)
            if w is None:
                return False
            rest = rest[len(w):]
        return True

    def _glued_right(self, s: int, e: int) -> bool:
        text = self.text
        nxt = text[e:e + 2]
        glue = {"公司": ("法",), "银行": ("业", "卡", "间"), "集团": ("化", "军"), "中心": ("城", "区", "思", "任务", "工作"),
                "局": ("面", "部", "势", "限", "长"), "部": ("分", "署", "门", "长", "件", "位", "队"),
                "报": ("道", "告", "名", "价", "送", "表", "警", "酬", "案", "销", "考"),
                "社": ("会", "区", "保", "交", "团", "群"), "网": ("络", "友", "站", "民", "点", "上"),
                "委": ("托", "员", "屈"), "厅": ("长",), "司": ("长", "机", "法", "令"), "署": ("长", "名"),
                "院": ("士", "长"), "基金": ("经理", "会", "公司", "业"), "证券": ("业", "市场", "化"),
                "保险": ("业", "公司"), "资本": ("市场", "金", "运作", "动能", "化"), "控股": ("股东", "子公司"),
                "学院": ("派",), "园区": ("内",), "项目": ("的",)}
        for suf, tails in glue.items():
            if text[s:e].endswith(suf) and nxt.startswith(tails):
                return True
        # a one-character suffix must be a token of its own, or end a name-like token (改革委)
        if e - s == 1:
            t = self.token_at.get(s)
            if e in self.title_at and text[e] == "副" and t is not None and t.start == s and t.end > e:
                return False     # 信息化|部副|部长: jieba glued the suffix to the deputy's title after it
            if text.endswith(self.lex.longer_suffixes_by_last.get(text[s], ()), 0, e):
                return True      # 司 of 公司, 委 of 改革委: the longer suffix stands for itself
            if text[s] == "部" and s > 0 and text[s - 1] in _DIRECTIONS:
                return True      # 中西部, 全部, 干部
            t = self.token_at.get(s)
            if t is not None and t.start < s and t.end == e and t.pos[:1] in ("v", "a", "d") or (
                    t is not None and t.pos == "nz" and (tokenizer().tokenizer.FREQ.get(t.text) or 0) >= 300):
                return True      # 申报: a common word that merely ends in the suffix
            # 公安部, 消防局: a noun of three or more characters ending in a unit word is a body's name
            body = t is not None and t.end == e and len(t.text) >= 3 and t.pos[:1] in ("n", "l") \
                and text[s] in "部局厅署委办处司报" and t.text[-2] not in _DIRECTIONS
            if t is not None and not body and (t.end != e or (t.text != text[s] and (
                    t.pos not in ("nt", "nz", "j") or t.text in self.lex.org_suffix_words))):
                return True
        # a suffix followed by a noun that makes a compound (母基金群, 政府模式, 资本市场)
        if text.startswith(_COMPOUND_TAILS, e):
            return True
        return False

    # ---------- names known by what they do: X在深圳证券交易所上市, X成立于2000年
    def find_by_context(self):
        text = self.text
        self._settle_subjects()
        pat = (r"(?:在|于|登陆)(?:[\u4e00-\u9fff]{0,6}(?:交易所|港交所|联交所|上交所|深交所|纳斯达克|纽交所|北交所|科创板|创业板))"
               r"(?:科创板|创业板|主板|中小板)?(?:正式|成功)?(?:挂牌)?上市")
        for m in re.finditer(pat, text):
            end = m.start()
            start = self._extend_left(end, self._sentence_start(end + 1), max_len=10, conj=False)
            # what lists is a name as a whole: back over the verbs jieba found inside it (的优|必选|科技),
            # as far as 的 or punctuation, if no word on the way ends names
            back = start
            while back > 0 and end - back < 10 and text[back - 1] not in _PUNCT and text[back - 1] != "的":
                tok = next(iter(self.token_ends.get(back, ())), None)
                if tok is None or tok.pos[:1] not in ("v", "n", "a") or tok.text in self.lex.boundary_words \
                        or self._covered(tok.start, back):
                    break
                back = tok.start
            if back < start and (back == 0 or text[back - 1] in _PUNCT or text[back - 1] == "的"):
                start = back
            name = text[start:end]
            if 2 <= len(name) <= 10 and not self.lex.place_candidates(name) and not name.endswith(_GENERIC_HEADS) \
                    and name not in _GENERIC_STEMS and not self._generic(name):
                self.add(name, "Organization", start, end, "Company", Source.ORG_LISTING)

        # 由X领投，Y跟投: who leads or joins a round is an investor, the nouns back to 由, a
        # conjunction or punctuation (adverbs such as 继续 and descriptions such as 老股东 are no part)
        for m in re.finditer(r"(?:领投|跟投|参投)", text):
            end = m.start()
            tok = next(iter(self.token_ends.get(end, ())), None)
            while tok is not None and (tok.pos[:1] in ("d", "p") or tok.text in ("共同", "联合", "继续")):
                end = tok.start
                tok = next(iter(self.token_ends.get(end, ())), None)
            if any(x.cls in ("Organization", "Person", "RoleTitle") for x in self._ending_at(end)):
                continue
            start = end
            if end not in self.token_ends:      # jieba glued the name's last character to 领 (国投创|合领|投)
                start = next((k for k in range(end - 1, max(0, end - 4), -1) if k in self.token_at), end)
            while True:
                tok = next(iter(self.token_ends.get(start, ())), None)
                if tok is None or tok.text in _PUNCT or tok.text in ("由", "和", "与", "及", "等", "、") \
                        or tok.pos[:1] in ("d", "p", "r", "m", "u", "c") or tok.text in self.lex.boundary_words \
                        or tok.text in self.lex.generic_words or end - tok.start > 10:
                    break
                start = tok.start
            lead = re.match(r"(?:老股东|原股东|股东|投资方|投资人|机构)", text[start:end])
            start += lead.end() if lead else 0
            name = text[start:end]
            inside = (t for t in map(self.token_at.get, range(start, end))
                      if t is not None and start <= t.start and t.end <= end)
            proper = any(t.pos in ("nr", "nrt", "nrfg", "nz", "nt", "ns", "j", "eng") for t in inside) \
                or self._ends_with_suffix(name)
            if 2 <= len(name) <= 10 and proper and not self.lex.place_candidates(name) \
                    and not self._covered(start, end) and name not in self.lex.references \
                    and name not in self.lex.org_suffix_words \
                    and not any(x.cls in ("Person", "RoleTitle") and start < x.end and x.start < end
                                for x in self._overlapping(start, end)):
                self.add(name, "Organization", start, end, None, Source.ORG_INVESTOR)
        # X旗下(的)…: X owns something, so it is an organisation (兴华控股旗下的基金)
        for m in re.finditer(r"旗下", text):
            end = m.start()
            if any(x.cls in ("Organization", "Person", "Place") for x in self._ending_at(end)):
                continue
            start = end                  # back over the nouns before it (兴华|全球): 全球 is no boundary here
            while True:
                tok = next((k for k in self.token_ends.get(start, ()) if k.pos[:1] in ("n", "j") or k.pos == "eng"), None)
                if tok is None or end - tok.start > 8 or tok.text in self.lex.references:
                    break
                start = tok.start
            name = text[start:end]
            if 2 <= len(name) <= 8 and all(_is_cjk(c) for c in name) and not self.lex.place_candidates(name) \
                    and not name.endswith(_GENERIC_HEADS) and not self._covered(start, end) \
                    and name not in self.lex.generic_words and name not in self.lex.references \
                    and name not in self.lex.org_suffix_words \
                    and (tokenizer().tokenizer.FREQ.get(name) or 0) < 1000:      # 公司旗下, 集团旗下
                self.add(name, "Organization", start, end, None, Source.ORG_OWNER)
        # what an organisation owns is an organisation: X旗下的中某投资和中某咨询
        for m in re.finditer(r"旗下(?:的)?", text):
            pos = m.end()
            while pos < len(text):
                end = self._owned_name_end(pos)
                if end is None:
                    break
                self.add(text[pos:end], "Organization", pos, end, None, Source.ORG_OWNED)
                if not text.startswith(("和", "、", "及"), end):
                    break
                pos = end + 1           # the next name may come glued to the conjunction (和|南电)
        # a body jieba knows by name (nt) or as an abbreviation (j) right before a title and a
        # name: 全国妇联主席张某, 国家体改委主任李某
        for t in self.titles:
            if any(m.cls == "Organization" for m in self._ending_at(t.start)):
                continue
            tok = next((k for k in self.token_ends.get(t.start, ()) if k.pos in ("nt", "j") and len(k.text) >= 2), None)
            if tok is None or tok.text in self.lex.org_suffix_words or self.lex.place_candidates(tok.text):
                continue
            start = tok.start
            place = next((m for m in self._ending_at(start) if m.cls == "Place"), None)
            if place is not None:
                start = place.start          # 国家|体改委, 上海|证监局
            if not (start == 0 or self._boundary_at(start)):
                continue
            nxt = self.token_at.get(t.end)
            if self._chinese_name_at(t.end) > 0 or (nxt is not None and nxt.start == t.end and nxt.pos in _NAME_TAGS):
                self.add(text[start:t.start], "Organization", start, t.start, None, Source.ORG_JIEBA)
        # a brand in Latin letters (OpenAI, TCL) or a three-character name jieba took for a person
        # (比亚迪) right before a title (or a chain of titles) and a name: a company
        for t in self.titles:
            if any(m.cls in ("Organization", "Place", "Park") for m in self._ending_at(t.start)):
                continue
            k = t.start               # 卡维拉首席执行官霍夫曼: a transliterated brand jieba split (卡|维拉)
            while k > 0 and t.start - k < 5 and text[k - 1] in self.lex.transliteration and (k == t.start or k not in self.hard_ends):
                k -= 1
            if t.start - k >= 3 and (k == 0 or text[k - 1] in _PUNCT) and k in self.token_at \
                    and self.token_at[k].start == k and not self.lex.place_candidates(text[k:t.start]) \
                    and not any(m.source != Source.PERSON_JIEBA for m in self._overlapping(k, t.start)) \
                    and self._name_after_titles(t):
                self.add(text[k:t.start], "Organization", k, t.start, "Company", Source.ORG_BRAND_TITLE)
                continue
            tok = next(iter(self.token_ends.get(t.start, ())), None)
            if tok is None or not (tok.start == 0 or text[tok.start - 1] in _PUNCT or self._boundary_at(tok.start)):
                continue
            latin = tok.pos == "eng" and re.fullmatch(r"[A-Za-z][A-Za-z0-9&.\-]{1,15}", tok.text) is not None \
                and self.lex.title_index.longest_at(tok.text, 0) is None and tok.text.upper() not in ("CEO", "CFO", "CTO", "COO")
            brand = tok.pos in ("nr", "nrt") and len(tok.text) == 3 and not any(
                m.start <= tok.start and tok.end <= m.end and m.cls in ("Person", "Organization", "Park")
                and m.source != Source.PERSON_JIEBA for m in self._overlapping(tok.start, tok.end)) \
                and not any(w in tok.text for w in self.lex.org_suffix_words if len(w) >= 2) \
                and (tokenizer().tokenizer.FREQ.get(tok.text) or 0) >= 1     # a word of jieba's dictionary
            if (latin or brand) and self._name_after_titles(t):
                self.add(tok.text, "Organization", tok.start, tok.end, "Company", Source.ORG_BRAND_TITLE)
        # a company's short name ending in its line of business before a title and a name:
        # 蔚来汽车董事长李某, 云深处科技创始人朱某
        for t in self.titles:
            if any(m.cls in ("Organization", "Person", "Place", "Park") for m in self._ending_at(t.start)):
                continue
            m = _INDUSTRY_NAME.search(text, max(0, t.start - 10), t.start)
            if m is None or not (self._chinese_name_at(t.end) > 0 or self.token_at.get(t.end) is not None
                                 and self.token_at[t.end].pos in _NAME_TAGS):
                continue
            start = self._extend_left(m.start(2), self._sentence_start(m.start(2) + 1), max_len=5, conj=False)
            stem = text[start:m.start(2)]
            if 2 <= len(stem) <= 5 and all(_is_cjk(c) for c in stem) and not self._generic(stem) \
                    and not _INDUSTRY_NAME.search("新" + stem.lstrip("新")) \
                    and stem not in _GENERIC_STEMS and not self.lex.place_candidates(stem) \
                    and not self._covered(start, t.start) and not any(x.start < t.start and start < x.end for x in self.titles):
                self.add(text[start:t.start], "Organization", start, t.start, "Company", Source.ORG_INDUSTRY)

    def _owned_name_end(self, pos: int) -> int | None:
        """End of a name starting at pos after 旗下的: a proper noun (nt, j, nz, eng) then nouns and
        the verbs that stand in names (投资, 咨询), 2-8 characters, no generic word alone; or None."""
        t = self.token_at.get(pos)
        glued = t is not None and t.start == pos - 1 and self.text[t.start] in "和及" and t.end - pos >= 2
        if t is None or (t.start != pos and not glued) or t.pos not in ("nt", "j", "nz", "eng", "nrt") \
                or t.text in self.lex.org_suffix_words:
            return None             # (和|南电: jieba glued the conjunction to the name after it)
        end = t.end
        while (nxt := self.token_at.get(end)) is not None and nxt.start == end and end - pos < 8 and (
                nxt.pos in ("n", "nt", "nz", "j", "eng") or nxt.text in self.lex.name_verbs) \
                and nxt.text[0] not in "和及与" and not self._ends_with_org_suffix(pos, end):
            end = nxt.end           # not past a suffix word: 淘宝网|发展
            if nxt.text in self.lex.name_verbs:
                break               # 中某投资|业绩: the line of work ends the name
        name = self.text[pos:end]
        if not 2 <= len(name) <= 8 or name in _GENERIC_STEMS or self._generic(name) or name.endswith(_GENERIC_HEADS) \
                or self._covered(pos, end) or self.lex.place_candidates(name):
            return None
        return end

    def _ends_with_org_suffix(self, start: int, end: int) -> bool:
        """text[start:end] ends with an organisation's suffix word (网, 公司), by the lexicon's
        index of suffixes by their last character."""
        last = self.text[end - 1]
        return last in self.lex.org_suffix_words or any(
            self.text.endswith(w, start, end) for w in self.lex.longer_suffixes_by_last.get(last, ()))

    def _name_after_titles(self, t) -> bool:
        """A person's name follows the title t, or the chain of titles it opens (董事长兼总裁X)."""
        text, pos = self.text, t.end
        while text.startswith(("兼", "、"), pos) and pos + 1 in self.title_at:
            pos = self.title_at[pos + 1].end
        if text[pos:pos + 1] in ("的", "之"):
            return False          # 某导演的老公: the title describes, no name follows it
        nxt = self.token_at.get(pos)
        return self._chinese_name_at(pos) > 0 or (nxt is not None and nxt.start == pos and nxt.pos in _NAME_TAGS) \
            or _DOT_NAME.match(text, pos) is not None

    # ---------- references and declared short names
    def _stands_alone(self, start: int, end: int) -> bool:
        """公司 / 集团 / 园区 on their own, as a reference (公司董事长X, 任命X为集团公司总经理), not the
        end of a name or a compound (上市公司, 集团化): nothing but a clause start or a function
        word before, and no word glued after."""
        before = self.text[start - 1] if start else "，"
        if _is_cjk(before) and before not in _REF_LEADS or before in "（(" or self.text.startswith(("）", ")"), end):
            return False     # 某某（集团）有限公司: part of a name
        t = self.token_at.get(start)
        return t is None or t.end <= end or self.text.startswith(("总部", "旗下"), end) \
            or self.lex.title_index.longest_at(self.text, end) is not None     # 公司总部|位于, 公司董事长
