"""listedOn, foundingYear and partnerOf."""
from __future__ import annotations

import re

from .base import ORG_LIKE, Context, RawFact
from .registry import component

_EXCHANGE_WORDS = ("交易所", "港交所", "联交所", "上交所", "深交所", "纳斯达克", "纽交所", "科创板", "创业板", "主板", "北交所")


def match(ctx: Context) -> list[RawFact]:
    return list(_listed(ctx)) + list(_founded(ctx)) + list(_partners(ctx))


component("listedOn", requires=("mentions.settle",))(lambda ctx: list(_listed(ctx)))
component("foundingYear", requires=("mentions.settle",))(lambda ctx: list(_founded(ctx)))
component("partnerOf", requires=("mentions.settle",))(lambda ctx: list(_partners(ctx)))


# between the exchange and 上市: the board (在上交所科创板挂牌上市) and an adverb
_LISTING_GAP = re.compile(r"(?:科创板|创业板|主板|中小板|中小企业板|北交所|新三板|B股|A股|H股)?(?:正式|成功|首发)?")


def _listed(ctx: Context):
    text = ctx.text
    for m in re.finditer(r"(?:正式)?(?:挂牌)?上市", text):
        left, _ = ctx.clause_bounds(m.start())
        ex = ctx.before(m.start(), ("Organization",), left)
        if ex is None or not ex.text.endswith(_EXCHANGE_WORDS) or not _LISTING_GAP.fullmatch(text[ex.end:m.start()]):
            continue
        at = re.search(r"(?:在|于|登陆)$", text[max(0, ex.start - 3):ex.start])    # not a copy of all before
        if not at:
            continue
        subj = ctx.before(ex.start - len(at.group(0)), ("Organization",), left)
        if subj is not None:
            yield ctx.fact("listedOn", subj, ex, m.start(), "listedOn/listed-at", 0.85)


_FOUNDED = re.compile(
    r"(?:成立|创立|创建|始建|创办|组建|注册成立)(?:于|在)(\d{4})年"           # 成立于2008年
    r"|于(\d{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:正式)?(?:注册|登记|注册登记)?"   # 于2008年12月31日注册登记成立
    r"(?:成立|创立|创建|创办|组建|挂牌成立)")


def _founded(ctx: Context):
    text = ctx.text
    for m in _FOUNDED.finditer(text):
        year = int(m.group(1) or m.group(2))
        if text.startswith("的", m.end()):
            # 于1998年成立的华东公司: the organisation comes after
            subj = ctx.starting_at(m.end() + 1, ("Organization",))
            if subj is not None:
                yield ctx.fact("foundingYear", subj, year, m.start(), "foundingYear/founded-in", 0.85)
            continue
        left, _ = ctx.clause_bounds(m.start())
        subj = ctx.before(m.start(), ("Organization", "Ref"), left)
        if subj is not None and (subj.cls != "Ref" or subj.kind == "Organization"):
            yield ctx.fact("foundingYear", subj, year, m.start(), "foundingYear/founded-in", 0.9)


_SIGN = re.compile(r"(?:共同|正式|将|在\S{0,10})?(?:深度|深入|全面|战略|紧密)?(?:签署|签订|签约|共建|合作|携手|达成|联合|共同)")
# co-founders: A与B(、C)(和C)(共同|联合|牵头|合资|出资…)(组建|成立|设立|创办|组成…)
_FOUND_TOGETHER = re.compile(r"(?:共同|联合|一起|牵头|合资|合作|携手|分别|各自)*(?:出资|投资|发起)?"
                             r"(?:组建|成立|设立|创办|创立|组成|筹建|发起)"
                             r"|(?:共同|联合|合资)(?:出资|投资)(?:的|建设|兴建)")    # 由A、B联合投资的X
# an agreement to settle or invest (签署协议, 签约, 签署投资协议), not one of cooperation (战略合作)
_SETTLES = re.compile(r"(?:正式|成功|顺利)?(?:签约|签(?:署|订|下)了?[两三四五六七八九十\d]?[份项个]?"
                      r"(?:投资|项目|入驻|落户)?(?:协议|合同))")
_ETC = re.compile(r"(?:等(?:[\d一二三四五六七八九十几多]+[家个所])?(?:企业|公司|机构|单位|银行|高校)?)?")
_ADVERB_GAP = re.compile(r"(?:则|也|还|已|曾|又|将|已经|此前|日前|近日|正式)*")


def _members(ctx: Context, pos: int) -> tuple[list, int]:
    """Organisations listed from `pos` on: `B`, `B、C`, `B和C`, `B及C`."""
    out = []
    while True:
        x = ctx.starting_at(pos, ORG_LIKE)
        if x is None or x.cls == "Project":
            break
        owned = re.match(r"旗下(?:的)?", ctx.text[x.end:x.end + 3])
        if owned and ctx.starting_at(x.end + owned.end(), ("Organization",)) is not None:
            x = ctx.starting_at(x.end + owned.end(), ("Organization",))    # B旗下的C: C acts, not B
        out.append(x)
        pos = x.end
        if ctx.text.startswith(("、", "和", "及", "以及"), pos):
            step = 2 if ctx.text.startswith("以及", pos) else 1
            if ctx.starting_at(pos + step, ORG_LIKE) is not None:
                pos += step
                continue
        break
    return out, pos


def _co_founders(ctx: Context, founders: list, pos: int):
    """Every pair of those who found something together."""
    group = []
    for x in founders:
        if all(x.text != y.text for y in group):
            group.append(x)
    for i, x in enumerate(group):
        for y in group[i + 1:]:
            yield ctx.fact("partnerOf", x, y, pos, "partnerOf/co-founders", 0.75)


_ADVERBS_END = re.compile(_ADVERB_GAP.pattern + "$")


def _adverbs_before(text: str, left: int, end: int) -> re.Match:
    """The adverbs ending at ``end`` (back to ``left`` at most), as
    ``re.search(_ADVERB_GAP.pattern + "$", text[left:end])`` finds them, but searching a
    window before ``end`` that grows only while the adverbs fill it, not the whole clause."""
    size = 16
    while True:
        lo = max(left, end - size)
        gap = _ADVERBS_END.search(text, lo, end)
        if lo == left or gap.start() > lo + 1:     # an adverb has at most 2 characters
            return gap
        size *= 4


def _partners(ctx: Context):
    text = ctx.text
    for m in re.finditer(r"与|同", text):
        left, right = ctx.clause_bounds(m.start())
        gap = _adverbs_before(text, left, m.start())
        a = ctx.ending_at(m.start() - len(gap.group(0)), ORG_LIKE) if gap else None
        if a is None or a.cls == "Project":
            continue
        members, end = _members(ctx, m.end())
        if not members:
            continue
        rest = text[end:right]
        if len(members) == 1 and _SIGN.match(rest):
            if {a.cls, members[0].cls} == {"Park", "Organization"} and _SETTLES.match(rest):
                continue      # a company signs with a zone to settle in it (locatedIn), not as its partner
            yield ctx.fact("partnerOf", a, members[0], m.start(), "partnerOf/sign-with", 0.8)
        elif len(members) > 1 and (etc := _ETC.match(rest)) and _SIGN.match(rest, etc.end()):
            # A与B、C等企业签署合作协议: A works with each of them
            for x in members:
                if x.text != a.text:
                    yield ctx.fact("partnerOf", a, x, m.start(), "partnerOf/sign-with", 0.75)
        elif _FOUND_TOGETHER.match(rest):
            yield from _co_founders(ctx, [a] + members, m.start())
    # 由A、B(和C)共同发起/出资设立的X, 由A与B合资设立的X: the listed founders are partners
    for m in re.finditer(r"由", text):
        members, end = _members(ctx, m.end())
        if len(members) == 1 and text.startswith(("与", "同"), end):
            more, more_end = _members(ctx, end + 1)
            if more:
                members, end = members + more, more_end
        if len(members) >= 2 and _FOUND_TOGETHER.match(text, end):
            yield from _co_founders(ctx, members, m.start())
    # 联合X等 / 与X、Y等合力打造: the clause's subject works with each of them
    for m in re.finditer(r"(?:联合|与|携手)", text):
        s = ctx.sentence(m.start())
        tail = text[m.end():s.end]
        if not re.search(r"等(?:合力|共同|携手|联合)", tail[:40]):
            continue
        members = []
        pos = m.end()
        while True:
            x = ctx.starting_at(pos, ("Organization",))
            if x is None:
                break
            members.append(x)
            if text.startswith("、", x.end):
                pos = x.end + 1
                continue
            break
        if not members:
            continue
        subj = ctx.before(m.start(), ("Organization",), s.start)
        if subj is None and s.index > 0 and m.start() - s.start <= 2:
            prev = ctx.doc.sentences[s.index - 1]
            subj = ctx.between(prev.start, prev.end, ("Organization",))
            subj = subj[0] if subj else None
        if subj is None:
            continue
        for x in members:
            if x.text != subj.text:
                yield ctx.fact("partnerOf", subj, x, m.start(), "partnerOf/joint", 0.7)
