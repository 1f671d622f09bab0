"""Shared by the rule recognisers: punctuation and word lists, and ``RuleBase``, what a pass reads
(the document, the token indexes, the mentions so far, the positions a name may not extend over),
derived from what earlier components recorded on the ``Doc``, with the helpers every pass uses.
"""
from __future__ import annotations

import re

from ..lexicon import lexicon, rule_words
from ..model import Mention, Source
from .doc import Doc
from .money import find_money
from .registry import Found

_WORDS = rule_words()     # kg/resources/rule_words.tsv

_PUNCT = set("，,。；;：:！!？?、（）()“”\"‘’'《》〈〉【】[]「」『』—…·/\\|\n\t 　")
_OPEN_BR, _CLOSE_BR = "(（", ")）"
_LATIN_NAME = re.compile(r"[A-Z][a-zA-Z'\-]+(?: [A-Z][a-zA-Z'\-]+){1,2}")
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})?")
_SPEECH = _WORDS["speech_verbs"]
_SPEECH_LEAD = re.compile(r"(?:分别|先后|相继|依次|也|还|都)?(?:作了|做了|作|做)(?:主题|典型|大会|书面)?$")
_HONORIFICS = _WORDS["honorifics"]
_MEMBER_BODIES = _WORDS["member_bodies"]
_NOT_NAME_END = set("路街湖岛派卡寺庙桥港湾村镇乡县省州河坡岭峰洞馆厅楼园场院站店厂社团队部局所室中梦水牛办委署城宫环滩井祠堂赛塔人区籍性化")
_NAME_END = set("在说等、，,。：:和与及也则还对向就曾将已为的是被把让给从以因")
_NAME_TAGS = ("nr", "nrfg", "nrt")     # jieba's tags of names (nrole is a role noun: 实习生)
_GENERIC_STEMS = set(_WORDS["generic_stems"])
_GENERIC_PARK_STEMS = set(_WORDS["generic_park_stems"])
_GENERIC_HEADS = _WORDS["generic_heads"]
_COMPOUND_TAILS = _WORDS["compound_tails"]
_LIST_SKIP_HEADS = _WORDS["list_skip_heads"]
_DIRECTIONS = set("东西南北中内外上下前后全局总大干")     # 中西部, 全部, 干部: 部 is no body there
_MEASURES = set("亿万千百元年月日号个家位名股只条次人所件项期届倍台辆套座层米吨周天")
_INDUSTRY_NAME = re.compile(r"(.)(汽车|新能源|能源|电子|科技|生物|医药|船业|重工|机械|电气|药业|制药|传媒|地产|置业|物流|通信|"
                            r"软件|材料|化工|钢铁|航空|食品|乳业|电器|光电|半导体|微电子|动力|电池|光伏|环保|水务|影业|"
                            r"游戏|网络|智能|数据)$")
# what a person named just before does at a meeting: 陈某座谈, 李某一行
_ACTS_AFTER_NAME = _WORDS["acts_after_name"]
_TIME_AFTER_NAME = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天]|[昨今明前]天|[昨今]日|近日|日前|当天|此前|随后|本周|上周")
_TIME_STEM = re.compile(r"(?:^|[前后上下今去明本])[\d一二三四五六七八九十两]*(?:季度|月份|年度|个月|周)$")
_STANDALONE_REFS = _WORDS["standalone_refs"]
_LEADING_FUNCTION = set("以在由对向从为把被将于据经让使给与和及")
_GLUE_VETO = set("的了是和及或等也都还又就才已曾再今近某各每该本这那此其诸")    # real function words, never part of a brand
_REF_LEADS = (_LEADING_FUNCTION - set("以于")) | {"任"}     # what may stand before 公司/集团 used alone
_LIST_ORG_HEADS = _WORDS["list_org_heads"]
_LIST_PERSON_HEADS = _WORDS["list_person_heads"]
_FIXTURE_WORDS = set(_WORDS["fixture_words"])
_OBJECT_VERBS = _WORDS["object_verbs"]
_LIST_ORG_VERBS = _WORDS["list_org_verbs"]


def _trim_name(text: str, start: int, end: int) -> int:
    """Cut a transliterated name before a speech verb or function word glued to it (阿卜杜拉·汗表示)."""
    for i in range(start + 1, end):
        if text.startswith(_SPEECH, i) or text[i] in "在等和与及的":
            if "·" in text[start:i] and not text[i - 1] == "·":
                return i
    return end


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_APPOINTED = _WORDS["appointed"]


class RuleBase:
    """What a rule pass reads, built afresh for each pass from what earlier components recorded on
    the document: the token indexes, the mentions so far (``doc.candidates``), the titles among
    them, and the positions a name may not extend left over (``doc.blocked``). A pass adds to
    this copy only; ``found()`` is what it added, for its component to record."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon()
        self.token_ends: dict[int, list] = doc.token_ends
        self.token_at: dict[int, object] = doc.token_at
        self.mentions: list[Mention] = list(doc.candidates)
        self.hard_ends: set[int] = set(doc.blocked)     # positions a name may not extend left over
        self._first = len(self.mentions)                 # where this pass's own mentions start
        self._blocked: set[int] = set()                  # the positions this pass blocks
        # self.mentions by end and by start position, brought up to date by _index() (the list only
        # grows): lookups instead of scans of every mention, which made long articles quadratic
        self._indexed, self._longest = 0, 0
        self._by_end: dict[int, list[Mention]] = {}
        self._by_start: dict[int, list[Mention]] = {}
        self._brackets: tuple[list[int], list[int]] | None = None
        self.titles: list[Mention] = [m for m in self.mentions if m.source is Source.TITLE]
        self.title_at: dict[int, Mention] = {t.start: t for t in self.titles}

    def found(self) -> Found:
        """The mentions this pass added, in order, and the positions it blocked."""
        return Found(tuple(self.mentions[self._first:]), frozenset(self._blocked))

    def block(self, pos: int) -> None:
        """A name may not extend left over ``pos`` (a title's edges, an amount's end)."""
        self.hard_ends.add(pos)
        self._blocked.add(pos)

    # ---------- helpers
    def add(self, text, cls, start, end, kind=None, source=Source.NONE):
        m = Mention(text, cls, start, end, kind, source)
        self.mentions.append(m)
        return m

    def _index(self) -> None:
        for i in range(self._indexed, len(self.mentions)):
            m = self.mentions[i]
            self._by_end.setdefault(m.end, []).append(m)
            self._by_start.setdefault(m.start, []).append(m)
            self._longest = max(self._longest, m.end - m.start)
        self._indexed = len(self.mentions)

    def _ending_at(self, pos: int) -> list[Mention]:
        """The mentions ending at pos, in the order they were found."""
        self._index()
        return self._by_end.get(pos, [])

    def _overlapping(self, start: int, end: int):
        """The mentions overlapping [start, end) (for an empty span, those around it)."""
        self._index()
        for s in range(max(0, start - self._longest), end + 1):
            for m in self._by_start.get(s, ()):
                if m.start < end and start < m.end or m.start <= start and end <= m.end:
                    yield m

    def _sentence_start(self, pos: int) -> int:
        return self.doc.sentence_at(max(pos - 1, 0)).start if self.doc.sentences else 0

    def _boundary_at(self, pos: int) -> bool:
        """True if a name cannot extend left over the text ending at `pos`."""
        ch = self.text[pos - 1]
        if ch in "—-" and pos >= 3 and self.lex.place_candidates(self.text[max(0, pos - 3):pos - 1]):
            return False     # 中国—泰国联合实验中心
        if ch in _PUNCT or ch.isspace():
            return True
        if ch in "年月日" and pos >= 2 and (self.text[pos - 2].isdigit() or self.text[pos - 2] in "一二三四五六七八九十〇"):
            return True
        if pos in self.hard_ends:
            return True
        for t in self.token_ends.get(pos, ()):
            w = t.text
            if t.pos == "m" and self._numeral_opens_name(t, pos):
                return False
            if t.pos == "m" and t.start > 0 and self.text[t.start - 1] == "第" and re.fullmatch(r"\d+", w) \
                    and pos < len(self.text) and self.text[pos] in "代期批届":
                return False     # 某某第6代生产线项目: an ordinal generation or phase inside the name
            if re.fullmatch(r"[一二三四五六七八九十\d]+期", w) and self.text.startswith(("项目", "工程"), pos):
                return False     # 某某产业园一期项目: the phase is part of the project's name
            if w in self.lex.name_verbs:
                return False
            if w == "联合" and self._unit_word_at(pos):
                return False     # 光谷联合集团, 联合会: 联合 names the body there, it does not act
            if w in self.lex.boundary_words:
                return True
            if t.pos in ("p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "q", "y", "e", "o") \
                    and w not in ("国际", "中国", "全国"):
                return True
            if t.pos in ("v", "l", "i", "a", "ad") and len(w) >= 2 and w not in self.lex.name_verbs \
                    and w.endswith(self.lex.boundary_endings):
                return True
            if t.pos in ("v",) and len(w) >= 2 and w not in self.lex.name_verbs:
                return True
            if t.pos == "mq" and re.fullmatch(r"[\d一二三四五六七八九十两]+(?:季度|月份|个月|年度)", w):
                return True      # 前三季度|某某高新区: a stretch of time ends before a name
            if w == "讯" and t.start > 0 and self.text[t.start - 1] in "日报电":
                return True      # 3月1日讯, 本报讯: a dateline ends (科大讯飞 is a name)
            if t.pos == "v" and w == "任":
                return True      # 曾|任|海尔集团: the verb of an appointment opens no name
            if t.pos == "m" and (re.fullmatch(r"[\d.]+[亿万元年月日号个家位名%]*", w)
                                 or re.fullmatch(r"第?[\d.一二三四五六七八九十百千两几数]+[%s]" % "".join(_MEASURES), w)):
                return True
        return False

    def _unit_word_at(self, pos: int) -> bool:
        """True if an organisation's suffix word (集团, 会, 银行) starts at pos."""
        return any(w in self.lex.org_suffix_words for w in self.lex.suffix_index.words_at(self.text, pos))

    def _numeral_opens_name(self, t, pos: int) -> bool:
        """3号线…, 第一太平…: a numeral opens a name when only a boundary precedes it and no
        measure word follows it."""
        return bool(re.fullmatch(r"\d+|第[一二三四五六七八九十\d]+", t.text)) and pos < len(self.text) \
            and _is_cjk(self.text[pos]) and self.text[pos] not in _MEASURES \
            and (t.start == 0 or self.text[t.start - 1] in _PUNCT or self._boundary_at(t.start))

    def _extend_left(self, start: int, limit: int, max_len: int = 24, conj=True) -> int:
        pos = start
        floor = max(limit, start - max_len)
        while pos > floor:
            if self._boundary_at(pos):
                w = self.text[pos - 1]
                if conj and w in "与和" and pos - 1 > floor:
                    # `上海材料与能源研究中心`: keep going only if the left part is no name of its own
                    left_start = self._extend_left(pos - 1, limit, max_len, conj=False)
                    left = self.text[left_start:pos - 1]
                    right_len = start - pos
                    if ((len(left) >= 3 or len(left) == 2 and w == "和" and self.text[start:start + 1] in ("部", "委"))
                            and right_len >= 2 and not self._ends_with_suffix(left)
                            and not any(left.endswith(u) for u in self.lex.unit_words)
                            and not left.endswith(_LIST_PERSON_HEADS) and not left.endswith(tuple(self.lex.titles))
                            and not self.lex.place_candidates(left) and not self._covered(left_start, pos - 1)):
                        pos = left_start
                        break
                break
            pos -= 1
        return pos

    def _ends_with_suffix(self, s: str) -> bool:
        return any(s.endswith(x) for x, _, _ in self.lex.org_suffixes) or \
            any(s.endswith(x) for x in self.lex.park_suffixes)

    def _covered_as(self, start, end, cls) -> bool:
        return any(m.start <= start and end <= m.end and m.cls == cls for m in self._overlapping(start, end))

    def _covered(self, start, end) -> bool:
        return any(m.start <= start and end <= m.end and m.cls in ("Person", "Organization", "Park")
                   for m in self._overlapping(start, end))

    # ---------- money
    def find_money(self):
        """The amounts of money, as the component ``mentions.amounts`` finds them: names stop where
        one ends."""
        self.money = list(find_money(self.text))
        for m, _ in self.money:
            self.mentions.append(m)
            self.block(m.end)
