"""Entity, role-title and reference mentions, found by structure rather than by lists of names.

match(doc) returns every Mention it finds; overlaps are settled at the end
(longer spans win, then the more specific class).
"""
from __future__ import annotations

import bisect
import re

from ..lexicon import lexicon
from ..model import Mention
from ..text import Doc, tokenizer
from .money import find_money

_PUNCT = set("，,。；;：:！!？?、（）()“”\"‘’'《》〈〉【】[]「」『』—…·/\\|\n\t 　")
_OPEN_BR, _CLOSE_BR = "(（", ")）"
_LATIN_NAME = re.compile(r"[A-Z][a-zA-Z'\-]+(?: [A-Z][a-zA-Z'\-]+){1,2}")
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})?")
_SPEECH = ("表示", "说", "认为", "指出", "提出", "介绍", "透露", "称", "强调", "坦言", "告诉", "解释",
           "分析", "建议", "预计", "坦承", "直言", "回忆", "感慨", "补充", "谈到", "提到", "发言")
_SPEECH_LEAD = re.compile(r"(?:分别|先后|相继|依次|也|还|都)?(?:作了|做了|作|做)(?:主题|典型|大会|书面)?$")
_HONORIFICS = ("先生", "女士", "小姐", "太太", "夫人", "老师", "老板", "师傅", "大爷", "大妈", "阿姨", "总",
               "董", "院长", "局长", "主任", "经理", "教授", "博士", "同志", "某", "姓", "妻", "氏")
_MEMBER_BODIES = ("站", "团", "队", "组", "班", "界", "群体", "圈", "村", "节", "奖", "证", "费", "资格")
_NOT_NAME_END = set("路街湖岛派卡寺庙桥港湾村镇乡县省州河坡岭峰洞馆厅楼园场院站店厂社团队部局所室中梦水牛办委署城宫环滩井祠堂赛塔人区籍性")
_NAME_END = set("在说等、，,。：:和与及也则还对向就曾将已为的是被把让给从以因")
_NAME_TAGS = ("nr", "nrfg", "nrt")     # jieba's tags of names (nrole is a role noun: 实习生)
_GENERIC_STEMS = {"上市", "子", "母", "新", "大", "小", "该", "本", "各", "多", "我", "贵", "其", "这", "那",
                  "科技", "投资", "商业", "国有", "民营", "外资", "合资", "股份", "中小", "地方", "当地", "一",
                  "两", "几", "多家", "一家", "这家", "各家", "同", "总", "分", "控股", "管理", "基金", "资产",
                  "全国", "国内", "国外", "海外", "境外", "境内", "中央", "有关", "相关", "主管", "监管",
                  "互联网", "网", "创投", "私募", "公募", "券商", "险资", "银行", "证券", "保险", "信托"}
_GENERIC_PARK_STEMS = {"专业", "国内外", "国际", "一流", "国际一流", "知名", "全球", "各类", "周边", "相关", "众多", "省级",
                       "国家级", "市级", "重点", "大型", "特色", "首个", "全国", "国内", "海外", "现代", "智慧", "工业",
                       "产业", "科技", "高新", "新", "各", "该", "本", "多个", "一批", "示范", "全球科技", "国内外科技"}
_GENERIC_HEADS = ("企业", "商", "界", "机构", "单位", "部门", "行业", "领域", "方面", "人员", "人士", "群体")
_COMPOUND_TAILS = ("模式", "群", "体系", "市场", "业务", "规划", "领域", "部署", "工作", "机制", "改革", "行业", "产品")
_LIST_SKIP_HEADS = ("领域", "产业", "行业", "方向", "板块", "技术", "业务", "方面", "环节", "城市", "地区", "省份", "国家")
_DIRECTIONS = set("东西南北中内外上下前后全局总大干")     # 中西部, 全部, 干部: 部 is no body there
_MEASURES = set("亿万千百元年月日号个家位名股只条次人所件项期届倍台辆套座层米吨周天")
_INDUSTRY_NAME = re.compile(r"(.)(汽车|新能源|能源|电子|科技|生物|医药|船业|重工|机械|电气|药业|制药|传媒|地产|置业|物流|通信|"
                            r"软件|材料|化工|钢铁|航空|食品|乳业|电器|光电|半导体|微电子|动力|电池|光伏|环保|水务|影业|"
                            r"游戏|网络|智能|数据)$")
# what a person named just before does at a meeting: 陈某座谈, 李某一行
_ACTS_AFTER_NAME = ("座谈", "会谈", "会见", "会面", "调研", "考察", "视察", "出席", "主持", "参加", "一行", "致辞")
_TIME_AFTER_NAME = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天]|[昨今明前]天|[昨今]日|近日|日前|当天|此前|随后|本周|上周")
_TIME_STEM = re.compile(r"(?:^|[前后上下今去明本])[\d一二三四五六七八九十两]*(?:季度|月份|年度|个月|周)$")
_STANDALONE_REFS = ("园区", "公司", "集团", "集团公司")
_LEADING_FUNCTION = set("以在由对向从为把被将于据经让使给与和及")
_GLUE_VETO = set("的了是和及或等也都还又就才已曾再今近某各每该本这那此其诸")    # real function words, never part of a brand
_REF_LEADS = (_LEADING_FUNCTION - set("以于")) | {"任"}     # what may stand before 公司/集团 used alone
_LIST_ORG_HEADS = ("企业", "公司", "机构", "银行", "券商", "集团", "品牌", "厂商", "药企", "房企", "项目",
                   "单位", "基金", "资本", "投资机构", "上市公司", "巨头", "龙头")
_LIST_PERSON_HEADS = ("科学家", "专家", "学者", "院士", "嘉宾", "代表", "领导", "教授", "企业家", "人", "名人",
                      "明星", "委员", "常委", "同志", "选手", "运动员", "作家", "艺术家")
_FIXTURE_WORDS = {"主场", "客场", "主队", "客队", "球队", "双方", "本赛季", "赛季", "本轮", "上轮", "首回合", "次回合",
                  "胜胆", "平胆", "负胆", "比赛", "联赛", "军队", "球员", "对手", "对阵", "vs", "VS"}
_OBJECT_VERBS = ("管理", "经营", "配置", "购买", "申购", "赎回", "认购", "发行", "募集", "销售", "运作", "持有",
                 "买入", "卖出", "推出", "增持", "减持", "看好", "关注", "选择", "投向", "设立", "成立", "操作")
_LIST_ORG_VERBS = ("吸引了", "吸引", "孵化出了", "孵化出", "孵化了", "引进了", "引进", "签约了", "集聚了",
                   "聚集了", "汇聚了", "包括", "涌现出", "培育了", "培育出")


def _trim_name(text: str, start: int, end: int) -> int:
    """Cut a transliterated name before a speech verb or function word glued to it (阿卜杜拉·汗表示)."""
    for i in range(start + 1, end):
        if text.startswith(_SPEECH, i) or text[i] in "在等和与及的":
            if "·" in text[start:i] and not text[i - 1] == "·":
                return i
    return end


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_APPOINTED = ("现任", "曾任", "时任", "担任", "出任", "兼任", "升任", "接任", "当选", "被任命", "获任", "任职", "辞去", "卸任")


class _Finder:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon()
        self.token_ends: dict[int, list] = {}
        self.token_at: dict[int, object] = {}
        for t in doc.tokens:
            self.token_ends.setdefault(t.end, []).append(t)
            for i in range(t.start, t.end):
                self.token_at[i] = t
        self.mentions: list[Mention] = []
        self.hard_ends: set[int] = set()       # positions a name may not extend left over
        # self.mentions by end and by start position, brought up to date by _index() (the list only
        # grows): lookups instead of scans of every mention, which made long articles quadratic
        self._indexed, self._longest = 0, 0
        self._by_end: dict[int, list[Mention]] = {}
        self._by_start: dict[int, list[Mention]] = {}
        self._brackets: tuple[list[int], list[int]] | None = None
        self.titles: list[Mention] = []

    # ---------- helpers
    def add(self, text, cls, start, end, kind=None, source=""):
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
                    and any(w.endswith(b) for b in self.lex.boundary_words if len(b) >= 2):
                return True
            if t.pos in ("v",) and len(w) >= 2 and w not in self.lex.name_verbs:
                return True
            if t.pos == "mq" and re.fullmatch(r"[\d一二三四五六七八九十两]+(?:季度|月份|个月|年度)", w):
                return True      # 前三季度|无锡高新区: a stretch of time ends before a name
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

    # ---------- role titles
    def find_titles(self):
        text, lex = self.text, self.lex
        index = lex.title_index
        i = 0
        while i < len(text):
            best = index.longest_at(text, i)
            if best is None:
                i += 1
                continue
            start, end = i, i + len(best)
            committee = self._party_committee(i) if len(best) >= 4 else None
            if committee is not None:
                # 南京市委书记X: the committee 南京市委 is the organisation, 书记 the title
                self._add_committee(committee, i)
                start = i + 2
                self.hard_ends.add(start)
                self.titles.append(self.add(text[start:end], "RoleTitle", start, end, source="title"))
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
            self.titles.append(self.add(text[start:end], "RoleTitle", start, end, source="title"))
            self.hard_ends.add(start)
            self.hard_ends.add(end)
            if (k := self._party_committee(start - 2)) is not None:
                self._add_committee(k, start - 2)       # 苏州市委|副书记, 江宁区委|常委
            i = end
        self.title_at = {t.start: t for t in self.titles}

    def _add_committee(self, k: int, i: int) -> None:
        """The party committee 南京市委 of the place at k, whose 市委 starts at i."""
        place = self.text[k:i + 1]
        if self.text[i - 1] == self.text[i]:
            place = self.text[k:i]             # 巢湖市|市委书记: 巢湖市委
        self.add(place + "委", "Organization", k, i + 2, "GovernmentBody", source="org:committee")

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
        if head.startswith(self.lex.title_domains):
            return start                  # one line of work at most: 投资经理, 基金经理
        for dom in self.lex.title_domains:
            s = start - len(dom)
            if s >= 0 and self.text.startswith(dom, s) and s not in self.hard_ends:
                t = self.token_at.get(s)
                if t is not None and t.start == s:
                    return self._modifiers_before(s)
        return start

    # ---------- money
    def find_money(self):
        self.money = []
        for m, money in find_money(self.text):
            self.mentions.append(m)
            self.money.append((m, money))
            self.hard_ends.add(m.end)

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
            self.add(text[s:e], "Place", s, e, source="place")

    # ---------- organisations, parks, projects by suffix
    def find_suffixed(self):
        text, lex = self.text, self.lex
        for name, kind in lex.known_orgs.items():
            for m in re.finditer(re.escape(name), text):
                self.add(name, "Organization", m.start(), m.end(), kind, source="org:known")
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
            # `用好合肥…`, `高苏州工业园区`: one stray character glued before a place name
            if s - start >= 3 and not self.lex.place_candidates(text[start:start + 2]) and any(
                    self.lex.place_candidates(text[start + 1:start + 1 + n]) for n in (2, 3, 4)):
                start += 1
            if cls in ("Park", "Project"):
                # 在杭州建设新园区: a park's name starts after the verb that builds it
                built = [mm.end() for mm in re.finditer(r"建设|打造|建成|新建|筹建|扩建|投建|兴建", text[start:s])]
                if built and built[-1] < s - start:
                    start += built[-1]
            if cls == "Park" and (text[start:s] in _GENERIC_PARK_STEMS or text[start:s].endswith("的")):
                continue
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
            self.add(name, cls, start, end, kind, source=f"suffix:{text[s:e]}")
        self._quoted_parks()
        self._datelines()
        self._nested_units()
        self._numbered_units()
        self._branches()
        # projects counted in a list: 12个重点产业项目
        for m in re.finditer(r"\d+个[\u4e00-\u9fff]{0,8}项目", text):
            self.add(m.group(0), "Project", m.start(), m.end(), source="project:count")

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

    def _numbered_units(self):
        """某某学院三队, 某某公司二团: a numbered team or regiment of the organisation named before it."""
        text = self.text
        for org in [m for m in self.mentions if m.cls == "Organization"]:
            m = re.compile(r"[一二三四五六七八九十\d]{1,3}(?:大队|中队|小队|支队|分队|队|团)(?![长员])").match(text, org.end)
            if m:
                self.add(text[org.start:m.end()], "Organization", org.start, m.end(), org.kind, source="org:unit")

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
                self.add(text[org.start:m.end()], "Organization", org.start, m.end(), org.kind, source="org:branch")

    def _quoted_parks(self):
        """昌平区“生命谷”, 武汉“光谷”: a quoted name in -谷 right after a place or park names a park."""
        for m in re.finditer(r"[“\"]([\u4e00-\u9fff]{1,4}谷)[”\"]", self.text):
            if any(x.end == m.start() and x.cls in ("Place", "Park") for x in self.mentions):
                self.add(m.group(1), "Park", m.start(1), m.end(1), source="park:quoted")

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
            self.add(name, "Organization", start, end, "MediaOrganization", source="org:dateline")

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
                             if unit in "司局处厅部室办科署委" else org.kind, source="org:unit")
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
        words = sorted(self.lex.generic_words, key=len, reverse=True)
        rest = stem
        while rest:
            for w in words:
                if rest.startswith(w):
                    rest = rest[len(w):]
                    break
            else:
                return False
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
                    or (t.pos.startswith("v") and (tk.tokenizer.FREQ.get(t.text) or 0) >= 100)
                    or len(t.text) >= 3):
                return g + 1          # 李明报道, 苏宁否认, 张伟出席会议: the third character opens a word of its own
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
        # a dictionary word of its own (任职, 单位), unless a rare one: names sit in the dictionary too
        return t.end == end and t.pos not in _NAME_TAGS and len(t.text) >= 2 \
            and (tokenizer().tokenizer.FREQ.get(t.text) or 0) >= 50 \
            and not (t.pos in ("ns", "nz") and start in self.hard_ends)    # 副行长苏宁: a proper noun after a title

    def person_at(self, pos: int, source: str):
        text = self.text
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
        if source == "person:after-title" and t is not None and t.start == pos and t.pos in _NAME_TAGS \
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
            p = self.person_at(pos, "person:after-title")
            while p is not None:
                nxt = p.end
                if nxt < len(text) and text[nxt] in "、 　" and nxt + 1 < len(text):
                    p = self.person_at(nxt + 1, "person:after-title")
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
                        self.add(text[st:en], "Person", st, en, source="person:speech")
                    continue
                for n in (3, 2, 4):
                    st = s - n
                    if st < 0:
                        continue
                    if self._chinese_name_at(st) == s and not self._common_word(st, s) \
                            and not any(t.start < s and st < t.end for t in self.titles) and (
                            st == 0 or not _is_cjk(text[st - 1]) or st in self.hard_ends or self._boundary_at(st)):
                        self.add(text[st:s], "Person", st, s, source="person:speech")
                        break
        # the person an appointment names: 任命钱某某为…, 免去李某…职务
        for m in re.finditer(r"(?:任命|聘任|聘请|提名|推选|委任|免去|免除)", text):
            st = m.end()
            en = self._chinese_name_at(st)
            if en - st in (2, 3) and text.startswith(("为", "担任", "出任", "同志", "的"), en) \
                    and not self._common_word(st, en) and not self.lex.place_candidates(text[st:en]):
                self.add(text[st:en], "Person", st, en, source="person:appointed")
        # a speaker opening an interview line: 张三：…
        for m in re.finditer(r"(?:^|(?<=[\n。！？”]))\s*([\u4e00-\u9fff]{2,4})[：:]", text):
            st, en = m.start(1), m.end(1)
            if self._chinese_name_at(st) == en and not self._common_word(st, en) \
                    and not (tokenizer().tokenizer.FREQ.get(text[st + 1:en]) or 0) >= 300:
                self.add(text[st:en], "Person", st, en, source="person:speech")   # not 原作品：
        # transliterated names written with a middle dot: 斯蒂芬·加勒特
        for m in _DOT_NAME.finditer(text):
            span = self._dot_name(m.start(), m.end())
            if span and not self._in_book_title(span[0]):      # 《哈利·波特与…》 names a book
                self.add(text[span[0]:span[1]], "Person", *span, source="person:dot")
        # jieba's person tags, when the name starts with a known surname; not inside a book title
        # (《某某发展蓝皮书》), and a conjunction jieba glued in front is no part of the name (和方德|进)
        for t in self.doc.tokens:
            if self._in_book_title(t.start) or self._not_alone(t.start, t.end):
                continue
            if t.pos in ("nr", "nrfg") and len(t.text) == 3 and t.text[0] in "和与及同跟" \
                    and (tokenizer().tokenizer.FREQ.get(t.text) or 0) == 0:
                en = self._chinese_name_at(t.start + 1)
                if en - t.start - 1 in (2, 3) and (tokenizer().tokenizer.FREQ.get(text[t.start + 1:t.start + 3]) or 0) < 300:
                    self.add(text[t.start + 1:en], "Person", t.start + 1, en, source="person:jieba")
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
                self.add(t.text, "Person", t.start, t.end, source="person:jieba")
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
                self.add(text[t.start:en], "Person", t.start, en, source="person:jieba")
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
                    self.add(text[st:en], "Person", st, en, source="person:jieba")
            i = max(j, i + 1)
        # creators named in the text
        for name in self.doc.article.creators:
            for m in re.finditer(re.escape(name), text):
                self.add(name, "Person", m.start(), m.end(), source="person:byline")

    def _not_alone(self, start: int, end: int) -> bool:
        """A jieba 'name' that is part of something larger: one half of a dotted foreign name
        (西摩尔·霍夫曼), a place before its suffix (卡卡镇), a measure word after a determiner (这位彩民)."""
        text = self.text
        return re.search(r"[·•][\u4e00-\u9fff]{0,2}$", text[max(0, start - 3):start]) is not None \
            or re.match(r"[\u4e00-\u9fff]{0,2}[·•]", text[end:end + 3]) is not None \
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
                self.add(name, cls, s, e, source="list")

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
                    self.add(text[s:e], "Person", s, e, source="person:list")
        # X等150名…, X等5位…: a count of people after the name
        for m in re.finditer(r"等[\d一二三四五六七八九十百千两几]+(?:多|余)?(?:名|位|个?人)", text):
            pos = m.start()
            for n in (3, 2, 4):
                st = pos - n
                if st < 0 or not (st == 0 or text[st - 1] in _PUNCT or st in self.hard_ends or self._boundary_at(st)):
                    continue
                if self._chinese_name_at(st) == pos and not self._common_word(st, pos):
                    self.add(text[st:pos], "Person", st, pos, source="person:list")
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
                  or (m.cls == "Person" and m.source != "person:jieba")]
        for m in re.finditer(r"\s*(?:vs|VS|Vs|对阵)\s*", text):
            for st, en in (self._side(m.start(), -1), self._side(m.end(), 1)):
                if en - st < 2 or any(o.start < en and st < o.end for o in strong):
                    continue
                self.add(text[st:en], "Organization", st, en, "Organization", source="org:fixture")

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

    # ---------- names known by what they do: X在深圳证券交易所上市, X成立于2000年
    def find_by_context(self):
        text = self.text
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
                self.add(name, "Organization", start, end, "Company", "org:listing")

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
                self.add(name, "Organization", start, end, None, "org:investor")
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
                self.add(name, "Organization", start, end, None, "org:owner")
        # what an organisation owns is an organisation: X旗下的中某投资和中某咨询
        for m in re.finditer(r"旗下(?:的)?", text):
            pos = m.end()
            while pos < len(text):
                end = self._owned_name_end(pos)
                if end is None:
                    break
                self.add(text[pos:end], "Organization", pos, end, None, "org:owned")
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
                self.add(text[start:t.start], "Organization", start, t.start, None, "org:jieba")
        # a brand in Latin letters (OpenAI, TCL) or a three-character name jieba took for a person
        # (比亚迪) right before a title (or a chain of titles) and a name: a company
        for t in self.titles:
            if any(m.cls in ("Organization", "Place", "Park") for m in self._ending_at(t.start)):
                continue
            tok = next(iter(self.token_ends.get(t.start, ())), None)
            if tok is None or not (tok.start == 0 or text[tok.start - 1] in _PUNCT or self._boundary_at(tok.start)):
                continue
            latin = tok.pos == "eng" and re.fullmatch(r"[A-Za-z][A-Za-z0-9&.\-]{1,15}", tok.text) is not None \
                and self.lex.title_index.longest_at(tok.text, 0) is None and tok.text.upper() not in ("CEO", "CFO", "CTO", "COO")
            brand = tok.pos == "nr" and len(tok.text) == 3 and not self._covered(tok.start, tok.end) \
                and not any(w in tok.text for w in self.lex.org_suffix_words if len(w) >= 2) \
                and (tokenizer().tokenizer.FREQ.get(tok.text) or 0) >= 1     # a word of jieba's dictionary
            if (latin or brand) and self._name_after_titles(t):
                self.add(tok.text, "Organization", tok.start, tok.end, "Company", "org:brand-title")
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
                self.add(text[start:t.start], "Organization", start, t.start, "Company", "org:industry")

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

    def find_references(self):
        text = self.text
        for word, (cls, kind) in self.lex.references.items():
            for m in re.finditer(re.escape(word), text):
                if word in _STANDALONE_REFS and not self._stands_alone(m.start(), m.end()):
                    continue
                self.add(word, "Ref", m.start(), m.end(), kind=cls, source="ref")
        for m in re.finditer(r"(?:以下)?简称[“\"「]?([\u4e00-\u9fffA-Za-z0-9]{2,10})[”\"」]?", text):
            self.add(m.group(1), "Alias", m.start(1), m.end(1), source="alias:declared")
            # the short name used later in the article (大疆创始人X) names the same thing
            named = [x for x in self.mentions if x.cls in ("Organization", "Park", "Project") and x.end <= m.start()]
            if not named:
                continue
            cls, kind = named[-1].cls, named[-1].kind
            for use in re.compile(re.escape(m.group(1))).finditer(text, m.end()):
                self.add(m.group(1), cls, use.start(), use.end(), kind, source="alias:use")


def _settle(mentions: list[Mention]) -> list[Mention]:
    """Keep the best mention where spans overlap: longer first, then by class priority."""
    prio = {"Money": 0, "Person": 1, "Organization": 2, "Park": 3, "Project": 4, "Place": 5, "RoleTitle": 6,
            "Ref": 7, "Alias": 8}
    src_prio = {"person:after-title": 0, "person:speech": 1, "person:byline": 1, "list": 2, "person:jieba": 6}
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), src_prio.get(m.source, 5) if m.cls == "Person"
                                            or m.source == "list" else 5, prio.get(m.cls, 9), m.start))
    taken: list[Mention] = []
    occupied = [False] * (max((m.end for m in mentions), default=0) + 1)
    for m in order:
        if m.cls in ("Alias",):
            taken.append(m)
            continue
        if any(occupied[i] for i in range(m.start, m.end)):
            continue
        for i in range(m.start, m.end):
            occupied[i] = True
        taken.append(m)
    # a person from jieba alone that sits inside a title+name or speech pattern is already taken; keep order
    return sorted(set(taken), key=lambda m: (m.start, m.end, m.cls, m.kind or "", m.source, m.text))


def _strip_place_prefix(mentions: list[Mention], text: str) -> list[Mention]:
    """`江苏苏州金鸡湖创业园` -> Place 江苏, Place 苏州, Park 金鸡湖创业园 (and `昌平区未来科学城`).

    Only parks and projects; organisations keep their place prefix (上海有机化学研究所)."""
    lex = lexicon()
    out = []
    for m in mentions:
        if m.cls not in ("Park", "Project") or m.source == "project:count":
            out.append(m)
            continue
        places, pos = [], m.start
        while True:
            hit = None
            for n in range(min(8, m.end - pos - 2), 1, -1):
                f = text[pos:pos + n]
                if lex.place_candidates(f):
                    hit = f
                    break
            if not hit:
                break
            places.append((pos, pos + len(hit), hit))
            pos += len(hit)
        rest = text[pos:m.end]
        if places and (rest in lex.park_suffixes or rest in lex.project_suffixes):
            # 广东湛江|经济技术开发区: a bare park word names nothing, the last place belongs to the name
            s, _, f = places.pop()
            pos, rest = s, f + rest
        strip = places and len(rest) >= 4 and (len(places) >= 2 or places[-1][2][-1] in "区县")
        if not strip:
            out.append(m)
            continue
        for s, e, f in places:
            out.append(Mention(f, "Place", s, e, source="place"))
        out.append(Mention(rest, m.cls, pos, m.end, m.kind, m.source))
    return out


def _abbreviations(mentions: list[Mention], text: str) -> list[Mention]:
    """`深圳华星光电技术股份有限公司` named, `华星光电` used later: the short form is a mention too."""
    from ..resolve import org_core

    out = list(mentions)
    occupied = [False] * (len(text) + 1)
    for m in mentions:
        for i in range(m.start, m.end):
            occupied[i] = True
    seen = set()
    for m in mentions:
        if m.cls != "Organization" or len(m.text) < 6 or m.text in seen:
            continue
        seen.add(m.text)
        core = org_core(m.text)
        if core == m.text or len(core) < 2 or lexicon().place_candidates(core) or core in seen:
            continue
        seen.add(core)
        for hit in re.finditer(re.escape(core), text):
            s, e = hit.start(), hit.end()
            if any(occupied[i] for i in range(s, e)):
                continue
            for i in range(s, e):
                occupied[i] = True
            out.append(Mention(core, "Organization", s, e, m.kind, "alias:abbreviation"))
    return out


_PARK_BODIES = ("管理委员会", "党工委", "管委会", "工委", "党委")


def _shared_prefix_bodies(mentions: list[Mention], text: str) -> list[Mention]:
    """某高新区党工委书记、管委会主任X: a bare body word after 、 in a chain of titles shares the
    name of the body before it (某高新区管委会)."""
    titles = {m.start: m for m in mentions if m.cls == "RoleTitle"}
    title_ends = {m.end: m for m in mentions if m.cls == "RoleTitle"}
    orgs = {m.end: m for m in mentions if m.cls == "Organization"}
    taken = {(m.start, m.end) for m in mentions}
    out = list(mentions)
    for i, ch in enumerate(text):
        if ch != "、":
            continue
        word = next((w for w in _PARK_BODIES if text.startswith(w, i + 1) and i + 1 + len(w) in titles), None)
        if word is None or (i + 1, i + 1 + len(word)) in taken:
            continue
        pos = i                          # back over the titles of the chain to the body that opens it
        while pos in title_ends:
            pos = title_ends[pos].start
        org = orgs.get(pos)
        body = next((w for w in _PARK_BODIES if org is not None and org.text.endswith(w)), None)
        if body is None or body == word or len(org.text) - len(body) < 2:
            continue
        out.append(Mention(org.text[: -len(body)] + word, "Organization", i + 1, i + 1 + len(word),
                           "GovernmentBody", "org:shared-prefix"))
    return out


def _short_before_title(mentions: list[Mention], text: str) -> list[Mention]:
    """上汽大众总经理贾某, 深创投总裁倪某: an unknown word right before a title and a name that is a short
    form (``resolve.short_form_of``) of an organisation the same article names in full is that
    organisation."""
    from ..resolve import short_form_of

    lex = lexicon()
    orgs = sorted({m.text for m in mentions if m.cls == "Organization" and len(m.text) >= 4})
    if not orgs:
        return mentions
    ends = {m.end for m in mentions if m.cls in ("Organization", "Place", "Park", "Person", "Project")}
    occupied = [False] * (len(text) + 1)
    org_at = [False] * (len(text) + 1)       # a short form may grow over a shorter one (均胜|电子总裁)
    for m in mentions:
        if m.cls != "RoleTitle":
            for i in range(m.start, m.end):
                occupied[i] = True
                org_at[i] = org_at[i] or m.cls == "Organization"
    titles = {m.start: m for m in mentions if m.cls == "RoleTitle"}
    people = {m.start for m in mentions if m.cls == "Person"}
    out = list(mentions)
    for t in sorted(titles.values(), key=lambda m: m.start):
        if t.start in ends or t.start - 1 in titles:
            continue
        nxt = t.end                      # a chain of titles (董事长兼总裁, 党委书记、院长), then a name
        while nxt not in people and nxt in titles or text[nxt:nxt + 1] in ("兼", "、") and nxt + 1 in titles:
            nxt = titles[nxt].end if nxt in titles else titles[nxt + 1].end
        if nxt not in people:
            continue
        for n in range(min(6, t.start), 1, -1):
            s = t.start - n
            short = text[s:t.start]
            if not all(_is_cjk(c) for c in short) or any(occupied[i] and not org_at[i] for i in range(s, t.start)) \
                    or not (s == 0 or text[s - 1] in _PUNCT or text[s - 1] in "和与及同"):
                continue
            if short in lex.references or short in lex.generic_words or short in lex.org_suffix_words \
                    or any(m.cls == "Organization" and m.start < s < m.end for m in mentions):
                continue
            if any(short_form_of(short, o) for o in orgs):
                out.append(Mention(short, "Organization", s, t.start, None, "alias:short-title"))
                break
    return out


def _complete_truncated(mentions: list[Mention], text: str) -> list[Mention]:
    """Within one article a name seen in full wins over a cut form of it where the text goes on
    with the missing characters: 方国|进一直 -> 方国进, 了甲|乙家具集团 -> 甲乙家具集团. The full form
    needs evidence: found twice, or by a rule other than jieba's tags."""
    out = list(mentions)
    # a person named with evidence (after a title, before a speech verb) is a person wherever the
    # name stands again in the article, also where jieba split it otherwise (方国|进一直)
    for name in sorted({m.text for m in mentions if m.cls == "Person" and m.source != "person:jieba"
                        and len(m.text) >= 2 and all(_is_cjk(c) for c in m.text)}):
        for hit in re.finditer(re.escape(name), text):
            out.append(Mention(name, "Person", hit.start(), hit.end(), source="person:again"))
    for cls in ("Person", "Organization"):
        seen: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.cls == cls and len(m.text) >= 3:
                seen.setdefault(m.text, []).append(m)
        full = {f: ms[0] for f, ms in seen.items()
                if len({m.start for m in ms}) >= 2 or any(m.source != "person:jieba" for m in ms)}
        if not full:
            continue
        for m in mentions:
            if m.cls != cls:
                continue
            for f, ref in full.items():
                if not 1 <= len(f) - len(m.text) <= 2:
                    continue
                if f.startswith(m.text) and text.startswith(f, m.start):
                    out.append(Mention(f, cls, m.start, m.start + len(f), ref.kind, ref.source))
                elif f.endswith(m.text) and m.end - len(f) >= 0 and text.startswith(f, m.end - len(f)):
                    out.append(Mention(f, cls, m.end - len(f), m.end, ref.kind, ref.source))
    return _brands(out, text)


def _brands(mentions: list[Mention], text: str) -> list[Mention]:
    """甲乙 beside 甲乙家具集团: a name that only jieba read as a person and that opens the name of a
    company in the same article is the company's short name (a brand), not a person."""
    companies = [m.text for m in mentions if m.cls == "Organization" and m.kind == "Company"
                 and m.source.startswith("suffix:")]
    people = {m.text for m in mentions if m.cls == "Person" and m.source != "person:jieba"}
    title_chars = {i for m in mentions if m.cls == "RoleTitle" for i in range(m.start, m.end)}
    out = []
    for m in mentions:
        if m.cls == "Person" and m.source == "person:jieba" and m.text not in people \
                and any(c.startswith(m.text) and len(c) - len(m.text) >= 2 for c in companies):
            # as much of the company's name as the text repeats, short of a title (隆基绿|能董事长 -> 隆基绿能)
            end = m.end
            for c in companies:
                if c.startswith(m.text):
                    k = len(m.text)
                    while k < len(c) - 2 and m.start + k < len(text) and text[m.start + k] == c[k] \
                            and (m.start + k) not in title_chars:
                        k += 1
                    end = max(end, m.start + k)
            m = Mention(text[m.start:end], "Organization", m.start, end, "Company", "org:brand")
        out.append(m)
    return out


def find_mentions(doc: Doc) -> list[Mention]:
    f = _Finder(doc)
    f.find_titles()
    f.find_money()
    f.find_places()
    f.find_suffixed()
    f.find_people()
    f.find_lists()
    f.find_enumerated_people()
    f.find_fixtures()
    f.find_by_context()
    f.find_references()
    settled = _settle(_complete_truncated(f.mentions, doc.text))
    found = _abbreviations(_strip_place_prefix(settled, doc.text), doc.text)
    return _settle(_shared_prefix_bodies(_short_before_title(found, doc.text), doc.text))


def money_of(doc: Doc):
    """(Mention, Money) pairs of the article."""
    return list(find_money(doc.text))
