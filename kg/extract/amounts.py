"""investment / fundsRaised / revenue: which amount belongs to whom, and which amounts are none of these."""
from __future__ import annotations

import re

from ..model import Mention, Source
from .base import Context, RawFact
from .registry import component
from .subjects import core, one, precise, unnamed

_TRIGGERS = (
    ("investment", r"总投资(?:额)?|计划投资|拟投资|投资总额|投资额|斥资|注资|增资|投入|投资", 0.85),
    ("fundsRaised", r"募集资金|募集|募资|募得|筹集|融资|首发募集资金|规模(?:达|为)?|总规模|首发规模|发行规模|认购金额|"
                    r"认购规模|销售规模|销售数据", 0.8),
    ("revenue", r"营业收入|营收|收入|销售额|产值|营业额", 0.8),
)
_GAP = r"(?:[，,]?金额|[，,]?总额|约|达|为|达到|超过|逾|近|高达|共|合计|累计|总计|预计|将|已经|已|也|均|人民币)*"
# 全区计划投资总额超过800亿元: a total of a whole area or year belongs to no organisation named nearby
_COLLECTIVE = re.compile(r"(?:全区|全市|全省|全县|全镇|全国|全球|全年|全行业|区内|市内|省内)[\u4e00-\u9fff]{0,6}$")
# an area's statistics (完成固定资产投资N, 实际使用外资N): no organisation's investment
_STATISTIC = re.compile(r"(?:固定资产|全社会|社会|工业|技改|累计完成)投资|(?:实际|合同)?(?:使用|利用)外资|到位资金")
_SUBJ_CLASSES = {"investment": ("Project", "Park", "Organization"),
                 "fundsRaised": ("Organization", "Project"),
                 "revenue": ("Organization", "Park")}      # 园区实现营业收入X: a park's takings too
# 在X投资: X is where the money goes, not who spends it
_WHERE = re.compile(r"(?:在|于|落户|赴)$")
_BUILD = re.compile(r"(?:用于|用来|来|以)?(?:建设|兴建|新建|建造|打造|投建|扩建|建成|建)[“\"「]?")
_COUNTED = re.compile(r"[\d一二三四五六七八九十几多]+(?:只|家|个|支|款)")
_FORECAST = re.compile(r"预计|未来|预期|有望|力争|目标")


# 以5亿元购入/拍得/竞得…: a purchase price is the buyer's investment
_BOUGHT = re.compile(r"(?:的价格|的总价|的对价|价格)?(?:成功|顺利)?(?:购入|拍得|竞得|摘得|购得|买下|收购|受让|买入)")


def _nearest_subject(ctx: Context, floor: int, trig_pos: int, rel: str):
    """The last mention of the first class (in ``_SUBJ_CLASSES[rel]`` order) between floor and the
    trigger that can spend or earn: not an exchange, not a place the money goes to (在X投资)."""
    text = ctx.text
    for cls in _SUBJ_CLASSES[rel]:
        cands = [c for c in ctx.between(floor, trig_pos, (cls,))
                 if not c.text.endswith(("交易所", "港交所", "上交所", "深交所"))
                 and not _WHERE.search(text, max(0, c.start - 2), c.start)]
        if cands:
            return cands[-1]
    return None


# 完成5亿元B轮融资, 获得3000万元天使轮投资: the trigger comes after the amount
_RAISED_BEFORE = re.compile(r"(?:完成|获得|获|斩获|拿下|迎来)(?:了)?(?:总额|金额|规模)?(?:约|达|超过|逾|近|高达)?$")
_RAISED_AFTER = re.compile(r"(?:的)?(?:(?:(?:Pre-)?[A-Ea-e]\+{0,2}\d?轮|天使轮|种子轮|战略|股权)(?:融资|投资)"
                           r"|(?:新一轮|首轮)?融资)")


def _clause_subject(ctx: Context, trig_pos: int, rel: str):
    """``_nearest_subject`` in the trigger's own clause first (…主任X介绍，2024年某高新区实现收入Y:
    the park), then in its sentence. Of two parties signing (X与某市政府签约，投资N…) the one that
    opens the clause invests, not the government it signs with."""
    for floor in (ctx.clause_bounds(trig_pos)[0], ctx.sentence(trig_pos).start):
        subj = _nearest_subject(ctx, floor, trig_pos, rel)
        if subj is not None and rel == "investment" and _GOVERNMENT.search(subj.text) \
                and ctx.text[subj.start - 1:subj.start] in ("与", "和", "同"):
            subj = ctx.ending_at(subj.start - 1, ("Organization", "Project")) or subj
        if subj is not None:
            return subj
    return None


_GOVERNMENT = re.compile(r"(?:政府|管委会|委员会)$")

# a project's total (总投资, 投资总额): the project is its subject; any other trigger names who pays
_TOTAL = re.compile(r"总投资|投资总额|投资额")
# between the payer and its trigger: a partner, adverbs, the place the money goes to
_PAYER_GAP = re.compile(r"^(?:(?:未来|今后|此后|近)?[\d一二三四五六七八九十两几]+年(?:内|间|来)?|今年|明年|年内)?"
                        r"(?:[与和同][\u4e00-\u9fff]{1,10}?)?(?:联合|共同|合资|合作)?"
                        r"(?:宣布|决定|计划|拟|将|已|已经|再次|继续|正式|首期|共|追加|此前|还|也|近日|日前)*"
                        r"(?:在[\u4e00-\u9fff]{2,16}?)?(?:宣布|决定|计划|拟|将|再次|继续|追加|共同|联合|累计|先后)*$")


def _built_by(ctx: Context, s):
    """X of `由X投资建设` / `由X出资` in sentence ``s``."""
    for m in re.finditer(r"由", ctx.text[s.start:s.end]):
        org = ctx.starting_at(s.start + m.end(), ("Organization",))
        if org is not None and re.match(r"(?:独家|全额|全资|联合|共同)?(?:投资|出资)", ctx.text[org.end:org.end + 4]):
            return org
    return None


def _named(ctx: Context, made, payer, built: re.Match) -> bool:
    """Whether what the money builds has a name of its own (quoted, or carrying its payer's name:
    斥资N建设“某某家具工业园区”), and so is the investment's subject rather than its payer (X在L投资N
    建设亚洲总部: a site described, not named)."""
    if built.group(0)[-1:] in "“\"「":
        return True
    name = core(ctx, payer).text
    return len(name) >= 2 and name[:2] in made.text


_RECIPIENT = re.compile(r"向(?:其|该|旗下)?|对(?:其|该)")


def _payer(ctx: Context, trig_pos: int):
    """Who pays the amount of an agent's trigger (投资, 投入, 增资, 追加投资): the organisation that
    is its clause's subject (X在L投资N, X与本地企业联合投资N, 某某计划追加投资N: a name no
    recogniser found); in a clause with no subject of its own, the company that opens the sentence
    (X在L落地研发中心，未来3年投入N)."""
    text = ctx.text
    left = ctx.clause_bounds(trig_pos)[0]
    org = ctx.before(trig_pos, ("Organization",), left)
    if org is not None and (to := _RECIPIENT.search(org.text)) is not None and to.start() >= 2:
        # 某某向其常州子公司增资 read as one name: who pays is written before 向
        return one(ctx, Mention(org.text[:to.start()], "Organization", org.start, org.start + to.start(), org.kind,
                                Source.ORG_OWNED))
    if org is not None and (to := _RECIPIENT.search(text, max(left, org.start - 3), org.start)) is not None \
            and to.end() == org.start:
        payer = ctx.before(to.start(), ("Organization",), left)   # X向其Y增资: X pays
        return payer if payer is not None and payer.end == to.start() else None
    if org is not None:
        if text[org.start - 1:org.start] != "由" and _PAYER_GAP.match(text[org.end:trig_pos]) \
                and not _GOVERNMENT.search(org.text):
            return org
        return None
    if any(not _WHERE.search(text, max(0, c.start - 2), c.start)
           for c in ctx.between(left, trig_pos, ("Project", "Park", "Organization"))):
        return None           # (a park the clause settles in is no payer: 落户L 15年的某某追加投资)
    named = unnamed(ctx, left, trig_pos)
    if named is not None:
        return named
    s = ctx.sentence(trig_pos)
    if left == s.start or not _PAYER_GAP.match(text[left:trig_pos]):
        return None
    first_clause_end = ctx.clause_bounds(s.start)[1]
    topic = ctx.after(s.start, ("Organization",), first_clause_end)
    if topic is None or _GOVERNMENT.search(topic.text):
        return None
    return topic


def _raised_after(ctx: Context, money_m) -> RawFact | None:
    text = ctx.text
    verb = _RAISED_BEFORE.search(text, max(0, money_m.start - 8), money_m.start)
    if verb is None or not _RAISED_AFTER.match(text, money_m.end):
        return None
    subj = _clause_subject(ctx, verb.start(), "fundsRaised")
    if subj is None or _COUNTED.search(text[subj.end:verb.start()]):
        return None
    return ctx.fact("fundsRaised", subj, ctx.money[money_m], money_m.start, "fundsRaised/completed", 0.8)


@component("money", requires=("mentions.settle",))
def match(ctx: Context) -> list[RawFact]:
    out = []
    text = ctx.text
    for money_m, money in ctx.money.items():
        raised = _raised_after(ctx, money_m)
        if raised is not None:
            out.append(raised)
            continue
        if text[money_m.start - 1:money_m.start] == "以" and _BOUGHT.match(text, money_m.end):
            left, _ = ctx.clause_bounds(money_m.start)
            buyer = ctx.before(money_m.start - 1, ("Organization",), left)
            if buyer is not None and not _COUNTED.search(text[buyer.end:money_m.start]):
                out.append(ctx.fact("investment", buyer, money, money_m.start, "investment/purchase", 0.8))
            continue
        head = text[max(0, money_m.start - 12):money_m.start]
        for rel, trig, conf in _TRIGGERS:
            tm = re.search(rf"(?:{trig}){_GAP}$", head)
            if not tm:
                continue
            trig_pos = money_m.start - len(tm.group(0))
            if rel == "fundsRaised" and text.endswith(("资产", "管理", "资产管理", "产业", "市场", "行业", "经济",
                                                       "业务", "投资"), 0, trig_pos):
                continue       # 管理资产规模600亿元, 产业规模N: assets or an industry's size, not money raised
            s = ctx.sentence(money_m.start)
            if _COLLECTIVE.search(text[ctx.clause_bounds(trig_pos)[0]:trig_pos]) \
                    or rel == "investment" and _STATISTIC.search(text, max(0, trig_pos - 6), trig_pos + 2):
                break
            if rel == "revenue" and (_FORECAST.search(text[max(s.start, trig_pos - 12):trig_pos])
                                     or _FORECAST.search(tm.group(0))):
                continue       # (年产值预计达N: a forecast, no takings)
            subj = None
            # 总投资50亿元的X
            if text.startswith("的", money_m.end):
                after = money_m.end + 1 + (1 if text[money_m.end + 1:money_m.end + 2] in "“\"「" else 0)
                subj = ctx.starting_at(after, _SUBJ_CLASSES[rel])
            payer = None
            if subj is None and rel == "investment" and not _TOTAL.match(tm.group(0)):
                # X在L投资N建设Y, X计划追加投资N: who pays, when the clause or its sentence names it
                payer = _payer(ctx, trig_pos)
            # 斥资1.7亿元建设“X园区”: what the money builds
            built = _BUILD.match(text, money_m.end)
            if built is None and text.startswith("在", money_m.end):
                # 投资15亿元在某开发区建设Y项目
                where = ctx.starting_at(money_m.end + 1, ("Park", "Place"))
                built = _BUILD.match(text, precise(ctx, where).end) if where is not None else None
            if subj is None and rel == "investment" and built:
                made = ctx.starting_at(built.end(), ("Project", "Park"))
                if made is not None and (payer is None or _named(ctx, made, payer, built)):
                    subj = made
            if subj is None:
                subj = payer
            if subj is None:
                subj = _clause_subject(ctx, trig_pos, rel)
            if subj is None:
                continue
            if rel == "investment" and subj.cls == "Organization" and text[subj.start - 1:subj.start] == "由":
                # 项目由X投资25亿元建设: X is who pays; the project built is what the money went into
                subj = ctx.before(subj.start - 1, ("Project", "Park"), s.start) or subj
            if rel == "investment" and subj.cls == "Ref" and subj.kind in ("Project", "Park") \
                    and not ctx.between(0, subj.start, ("Project", "Park")) \
                    and (payer := _built_by(ctx, s)) is not None:
                subj = payer   # 该项目由X投资建设，总投资N: the project is named nowhere, its investor is
            if _COUNTED.search(text[subj.end:trig_pos]):
                continue       # 来自X的数据显示，15只基金共募集295亿元: a total over a group, not X's
            out.append(ctx.fact(rel, core(ctx, subj), money, money_m.start, f"{rel}/trigger", conf))
            break
    return out
