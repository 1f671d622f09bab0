"""locatedIn: where an organisation, park or project is (settle verbs, 位于…的, 在…成立, place+park chains)."""
from __future__ import annotations

import re

from ..lexicon import rule_words
from .base import LOC_LIKE, ORG_LIKE, Context, RawFact
from .registry import component
from .subjects import core, one, precise, unnamed, unnamed_after

_SETTLE = ("正式落户", "落户于", "落户", "入驻", "进驻", "落地", "坐落于", "坐落在", "选址", "扎根", "总部设在",
           "总部位于", "设立于", "迁入", "搬迁至", "迁至", "迁移至", "迁移合并至", "定址", "安家", "布局于", "设在")
_FOUND = (r"(?:逐渐|正式|陆续|先后|相继|已|已经|将|成功|共同)*(?:挂牌成立|揭牌成立|注册成立|注册设立|成立|设立|建立|组建|注册|揭牌|挂牌|"
          r"开业|启用|建设|兴建|新建|投建|建成|打造)了?")
_ADVERBS = re.compile(r"^(?:宣布|决定|再次|继续|首次|还|今年|正式|已|已经|将|成功|顺利|率先|首批|近日|日前|均|都|也|陆续|先后|相继|多家|一批|签约|集中|计划|拟|"
                      r"(?:把|将)(?:其)?[\u4e00-\u9fff]{0,6}总部|等(?:[\d一二三四五六七八九十几多]+(?:家|个|所|批))?"
                      r"(?:[\u4e00-\u9fff]{0,4}?(?:企业|公司|单位|机构|项目|平台|团队|品牌|巨头|龙头))?)*$")


@component("locatedIn", requires=("mentions.settle",))
def match(ctx: Context) -> list[RawFact]:
    out: list[RawFact] = []
    out += _settle(ctx)
    out += _located_at(ctx)
    out += _founded_in(ctx)
    out += _attracted(ctx)
    out += _chains(ctx)
    out += _park_companies(ctx)
    out += _operating_in(ctx)
    out += _settles_at(ctx)
    out += _new_sites(ctx)
    out += _signed_with(ctx)
    out += _own_site(ctx)
    out += _made_base(ctx)
    out += _listed_sites(ctx)
    return out


# 在太仓、常熟分别设立工厂: places listed after 在, county-level cities written short among them
_LISTED = re.compile(r"在(?P<places>[\u4e00-\u9fff]{2,4}?(?:[、和及与][\u4e00-\u9fff]{2,4}?){1,4})(?:分别|各|均|同时)?"
                     r"(?=新建|建设|设立|投建|建|开设|布局|落户|投资)")


def _listed_sites(ctx: Context):
    """`X在A、B分别设立工厂`: X is in each place of the list, read from the division table when no
    recogniser read them (a county-level city's short form needs no context here: the frame is one)."""
    from ..model import Mention, Source

    text = ctx.text
    for m in _LISTED.finditer(text):
        parts = list(re.finditer(r"[^、和及与]+", m.group("places")))
        places = []
        for p in parts:
            start, end = m.start("places") + p.start(), m.start("places") + p.end()
            have = ctx.starting_at(start, ("Place", "Park"))
            if have is not None and have.end == end:
                places.append(have)
            elif _division(p.group(0)) and not ctx.between(start, end):
                places.append(Mention(p.group(0), "Place", start, end, None, Source.PLACE))
            else:
                places = []
                break
        if len(places) < 2:
            continue
        left = ctx.clause_bounds(m.start())[0]
        org = ctx.before(m.start(), ("Organization",), left)
        subj = core(ctx, org) if org is not None and _ADVERBS.match(text[org.end:m.start()]) \
            else unnamed(ctx, org.end if org is not None else left, m.start())
        if subj is None:
            continue
        for p in places:
            yield ctx.fact("locatedIn", subj, one(ctx, p), m.start(), "locatedIn/listed-sites", 0.75)


def _division(name: str) -> bool:
    from ..lexicon import lexicon

    lex = lexicon()
    return bool(lex.place_candidates(name) or lex.places.get("~" + name))


# X将L作为其亚太区制造基地: the company makes the place its base
_MADE_BASE = re.compile(r"(?:作为|打造为|打造成|定为|确定为)[^，,。；;]{0,20}?"
                        r"(?:基地|总部|中心|支点|枢纽|首选地|落脚点|大本营|根据地)")


def _made_base(ctx: Context):
    text = ctx.text
    for m in re.finditer(r"[将把]", text):
        loc = ctx.starting_at(m.end(), LOC_LIKE)
        if loc is None:
            continue
        loc = precise(ctx, loc)
        if not _MADE_BASE.match(text, loc.end):
            continue
        left = ctx.clause_bounds(m.start())[0]
        org = ctx.before(m.start(), ("Organization",), left)
        subj = core(ctx, org) if org is not None and _ADVERBS.match(text[org.end:m.start()]) \
            else unnamed(ctx, org.end if org is not None else left, m.start())
        if subj is not None:
            yield ctx.fact("locatedIn", subj, loc, m.start(), "locatedIn/made-base", 0.75)


# X在L新建/建设/设立/投资/增资/落户/落子…: the company that builds or settles in a place is there
_SETTLE_AT = re.compile(r"(?:正式|已|将|拟|计划|再次|再度|继续|共同|分别|再|又|还|首期)*(?:" + "|".join(
    sorted(set(rule_words()["settle_verbs"]) | {"投资", "斥资", "建厂", "布局", "打造", "成立", "追加投资", "注册成立",
                                               "注册设立"},
           key=len, reverse=True)) + ")")


def _at_place(ctx: Context, verb: re.Pattern):
    """(the 在, the place after it, its clause's start) for each 在L followed by ``verb``."""
    for m in re.finditer("在", ctx.text):
        loc = ctx.starting_at(m.end(), LOC_LIKE)
        if loc is None:
            continue
        loc = precise(ctx, loc)
        if verb.match(ctx.text, loc.end):
            yield m, loc, ctx.clause_bounds(m.start())[0]


def _settles_at(ctx: Context):
    """X在L新建Y, X在L投资N建设Y, X在L落户Y项目: the company (the clause's subject) is in L."""
    text = ctx.text
    for m, loc, left in _at_place(ctx, _SETTLE_AT):
        subj = ctx.before(m.start(), ("Organization",), left)
        if subj is None and _SPENT.match(text[left:m.start()]):
            # X与Y签约，投资60亿元在L建设Z: the company that opens the sentence spends it
            s = ctx.sentence(m.start())
            subj = ctx.after(s.start, ("Organization",), left)
            if subj is None or subj.start - s.start > 4 or _GOVERNMENT.search(subj.text):
                continue
        elif subj is None:
            # 德国某某在L新建…: a company no recogniser named
            subj = unnamed(ctx, left, m.start())
            if subj is None:
                continue
        elif not (_ADVERBS.match(text[subj.end:m.start()]) or _WITH_PARTNER.match(text[subj.end:m.start()])):
            # 瑞士精密仪器公司某某在L成立…: the name after a company's description
            subj = unnamed(ctx, subj.end, m.start())
            if subj is None:
                continue
        yield ctx.fact("locatedIn", core(ctx, subj), loc, m.start(), "locatedIn/settles-at", 0.8)


# X与本地企业联合投资约3亿元在L建设Y: a partner and the money between the company and 在
_WITH_PARTNER = re.compile(r"^(?:[与和同][\u4e00-\u9fff]{1,10}?)?(?:联合|共同|合资|合作)?(?:宣布|决定|拟|计划|将|共|总)*"
                           r"(?:投资|斥资|投入)(?:约|超过|逾|近)?[\d.]+[万亿千百]*(?:元|美元|欧元|港元)$")


_SPENT = re.compile(r"^(?:拟|计划|将|共|总)*(?:投资|斥资|投入)(?:约|超过|逾|近)?[\d.]+[万亿千百]*(?:元|美元|欧元|港元)$")
_GOVERNMENT = re.compile(r"(?:政府|管委会|委员会)$")


# 新建厦门、无锡两座工厂: one subject, several places, each a site of it
_SITES = re.compile(r"(?:新建|建设|设立|投建|布局|落地|开设)(?P<places>(?:[\u4e00-\u9fff]{2,6}[、和及与]){1,4}[\u4e00-\u9fff]{2,6})"
                    r"(?:[两三四五六七八九十几多2-9]|\d+)(?:座|个|家|处)(?:[\u4e00-\u9fff]{0,4})(?:工厂|基地|中心|园区|项目|公司)")


def _new_sites(ctx: Context):
    text = ctx.text
    for m in _SITES.finditer(text):
        places = ctx.between(m.start("places"), m.end("places"), ("Place", "Park"))
        if len(places) < 2:
            continue
        left, _ = ctx.clause_bounds(m.start())
        subj = ctx.before(m.start(), ("Organization",), left)
        if subj is None or not _ADVERBS.match(text[subj.end:m.start()]):
            continue
        for p in places:
            yield ctx.fact("locatedIn", subj, p, m.start(), "locatedIn/new-sites", 0.8)


# a project signed (签约, 签署投资协议), not a framework of cooperation (签署《战略合作框架协议》)
_SIGNED = re.compile(r"(?:正式|成功|顺利)?(?:签约|签(?:署|订|下)了?[两三四五六七八九十\d]?[份项个]?"
                     r"(?:(?:投资|项目|入驻|落户)(?:合作)?)?(?:协议|合同))")


def _signed_with(ctx: Context):
    """X与P签约 / P与X签约, P a park: the company signing with a park settles in it."""
    text = ctx.text
    for m in re.finditer(r"[与和同]", text):
        a = ctx.ending_at(m.start(), ("Organization", "Park"))
        b = ctx.starting_at(m.end(), ("Organization", "Park"))
        if a is None or b is None or a.cls == b.cls or not _SIGNED.match(text, b.end):
            continue
        left, _ = ctx.clause_bounds(m.start())
        lead = ctx.ending_at(a.start, ("Place",))
        if a.start - left > 2 and (lead is None or lead.start - left > 2):
            continue          # the first party opens the clause (after its country: 奥地利|X与…)
        org, park = (a, b) if a.cls == "Organization" else (b, a)
        yield ctx.fact("locatedIn", core(ctx, org), park, m.start(), "locatedIn/signed-with", 0.75)


def _own_site(ctx: Context):
    """X追加投资…，扩建其在L的生产基地: 其 is the sentence's company, and its site is in L."""
    text = ctx.text
    for m in re.finditer(r"其(?:位于|在)", text):
        loc = ctx.starting_at(m.end(), LOC_LIKE)
        if loc is None:
            continue
        loc = ctx.chain_end(loc)
        if not re.match(r"的[\u4e00-\u9fff]{0,6}(?:工厂|基地|中心|总部|园区|项目|公司)", text[loc.end:loc.end + 10]):
            continue
        s = ctx.sentence(m.start())
        subj = ctx.after(s.start, ("Organization",), m.start())
        if subj is None or subj.start - s.start > 4:
            continue
        yield ctx.fact("locatedIn", subj, loc, m.start(), "locatedIn/own-site", 0.75)


_OPERATE = re.compile(r"(?:正式|顺利|全面|成功|陆续|相继|先后|已|将|正|加紧|集中)*"
                      r"(?:投产|量产|开工|动工|建成|落成|开业|运营|投入运营|投用|启用|生产|签约|落地|落户|落子|揭牌)")
# A等一批外资项目在L开工: the collective's named member
_ETC = re.compile(r"等(?:一批|多个|[\d一二三四五六七八九十几多]+(?:个|家|批|项))?$")


def _operating_in(ctx: Context):
    """X已在L投产/量产/开工: what starts working in a place is located there."""
    text = ctx.text
    for m, loc, left in _at_place(ctx, _OPERATE):
        subj = ctx.before(m.start(), ("Project", "Organization", "Park"), left)
        if subj is None or not _ADVERBS.match(text[subj.end:m.start()]):
            continue
        etc = _ETC.search(text, left, subj.start)
        if etc is not None and (head := ctx.ending_at(etc.start(), ("Project", "Organization", "Park"))):
            for s in _list_around(ctx, head, left):
                yield ctx.fact("locatedIn", core(ctx, s), loc, m.start(), "locatedIn/operating-in", 0.75)
            continue
        yield ctx.fact("locatedIn", core(ctx, subj), loc, m.start(), "locatedIn/operating-in", 0.8)


def _park_companies(ctx: Context):
    """苏州工业园区培育企业某科技 / 园区入驻企业X: a park's own company is located in it."""
    text = ctx.text
    for m in re.finditer(r"(?:培育|孵化|入驻|入园|引进|重点|骨干|龙头)?(?:企业|公司)", text):
        park = ctx.ending_at(m.start(), ("Park",))
        org = ctx.starting_at(m.end(), ("Organization",))
        if park is not None and org is not None and m.group(0) != "公司":
            yield ctx.fact("locatedIn", org, park, m.start(), "locatedIn/park-company", 0.8)


def _settle(ctx: Context):
    text = ctx.text
    for verb in _SETTLE:
        for m in re.finditer(re.escape(verb), text):
            if verb == "落户" and text.startswith("于", m.end()):
                continue
            left, right = ctx.clause_bounds(m.start())
            owner = _bringer(ctx, left, m.start())
            if owner is not None:
                # X将其研发中心落户L: the company that brings it settles there
                obj = ctx.after(m.end(), LOC_LIKE, right)
                if obj is not None and obj.start - m.end() <= 1:
                    yield ctx.fact("locatedIn", owner, precise(ctx, obj), m.start(), "locatedIn/settle-brought", 0.8)
                continue
            subj = ctx.before(m.start(), ORG_LIKE, left)
            if subj is None:
                # 该公司成立于2016年，总部位于Y: a clause that opens with the verb has the
                # sentence's topic for subject
                topic = _topic(ctx, m.start(), left)
                obj = ctx.after(m.end(), LOC_LIKE, right)
                if obj is None:
                    continue
                if topic is not None:
                    yield ctx.fact("locatedIn", topic, obj, m.start(), "locatedIn/settle-topic", 0.8)
                elif (settled := _settled_for(ctx, m.end(), precise(ctx, obj))) is not None:
                    yield ctx.fact("locatedIn", settled, precise(ctx, obj), m.start(), "locatedIn/settled-for", 0.8)
                elif (named := unnamed(ctx, left, m.start())) is not None and obj.start - m.end() <= 1:
                    yield ctx.fact("locatedIn", named, precise(ctx, obj), m.start(), "locatedIn/settle", 0.8)
                continue
            gap = text[subj.end:m.start()]
            if not _ADVERBS.match(gap) and len(gap) > 6:
                continue
            obj = ctx.after(m.end(), LOC_LIKE, right)
            if obj is None and _ENDS_CLAUSE.match(text, m.end()):
                # 开发区举行签约仪式，A、B等12家企业签约入驻。: settled in the park the sentence is about
                obj = ctx.before(left, ("Park",), ctx.sentence(m.start()).start)
                if obj is not None:
                    for s in _list_around(ctx, subj, left):
                        yield ctx.fact("locatedIn", core(ctx, s), obj, m.start(), "locatedIn/settle-here", 0.75)
                continue
            if obj is None or obj is subj:
                continue
            obj = precise(ctx, obj)
            subjects = _list_around(ctx, subj, left)
            for s in subjects:
                yield ctx.fact("locatedIn", core(ctx, s), obj, m.start(), "locatedIn/settle",
                               0.9 if s is subj else 0.8)


# what a company brings to a place: a site, a centre, a line (X将其华东总部落户L)
_BROUGHT = re.compile(r"(?:中心|总部|基地|工厂|厂|项目|业务|产线|生产线|园区|产业园|实验室|研究院|研发院)"
                      r"(?:正式|整体|全部|陆续|一并|同步)*$")


def _bringer(ctx: Context, left: int, verb: int):
    """The company of `X将Y落户L` (Y a site or project of X), written before 将/把 in the clause."""
    text = ctx.text
    k = max(text.rfind("将", left, verb), text.rfind("把", left, verb))
    if k < 0 or not _BROUGHT.search(text, k + 2, verb):
        return None
    org = ctx.before(k, ("Organization",), left)
    if org is not None and _ADVERBS.match(text[org.end:k]):
        return core(ctx, org)
    return unnamed(ctx, org.end if org is not None else left, k)     # 某集团旗下某某将…


# 落户L 24年的X / 扎根L多年的X: the company that has settled there for years
_FOR_YEARS = re.compile(r"(?:已)?(?:[\d一二三四五六七八九十两]+|多)多?年(?:之久)?的")


def _settled_for(ctx: Context, verb_end: int, loc):
    text = ctx.text
    fm = _FOR_YEARS.match(text, loc.end)
    if loc.start - verb_end > 1 or fm is None:
        return None
    org = ctx.starting_at(fm.end(), ("Organization",))
    if org is not None:
        return core(ctx, org)
    country = ctx.starting_at(fm.end(), ("Place",))
    start = country.end if country is not None else fm.end()
    return unnamed_after(ctx, start)


_COMMA = re.compile(r"[，,；;]")
_ENDS_CLAUSE = re.compile(r"(?:了)?(?:[，,；;。！!]|$)")
_SEAT = re.compile(r"^(?:总部|注册地|注册地址|办公地址|住所|生产基地|工厂)?$")


def _topic(ctx: Context, verb: int, left: int):
    """The organisation an earlier clause of the sentence opens with (the nearest such clause),
    if the clause of `verb` (from `left`) holds nothing but adverbs before it:
    `该公司成立于2016年，总部位于L`, `A与B合资成立C公司，新公司…，位于L` (新公司 -> C)."""
    s = ctx.sentence(verb)
    if left == s.start or not _ADVERBS.match(ctx.text[left:verb]):
        return None
    starts = [s.start] + [m.end() for m in _COMMA.finditer(ctx.text, s.start, left)]
    for start in reversed(starts):
        first = ctx.after(start, ("Organization", "Project"), left)
        if first is not None and first.start - start <= 2 and (first.cls != "Ref" or first.kind in ORG_LIKE):
            return first
    return None


def _list_around(ctx: Context, last, left: int):
    """`A、B和C落户…`: every member of the list that ends with `last`."""
    members = [last]
    cur = last
    while True:
        prev = ctx.before(cur.start, ORG_LIKE, left)
        if prev is None or ctx.text[prev.end:cur.start] not in ("、", "和", "及", "与", "以及"):
            break
        members.insert(0, prev)
        cur = prev
    return members


def _located_at(ctx: Context):
    """位于 L1 L2 的 X  ->  X locatedIn each L."""
    text = ctx.text
    for m in re.finditer(r"位于", text):
        left, right = ctx.clause_bounds(m.start())
        de = text.find("的", m.end(), right)
        if de < 0:
            # X 位于 L
            subj = ctx.before(m.start(), ORG_LIKE, left)
            obj = ctx.after(m.end(), LOC_LIKE, right)
            obj = ctx.chain_end(obj) if obj is not None else None
            if subj and obj:
                yield ctx.fact("locatedIn", subj, obj, m.start(), "locatedIn/located-at", 0.9)
            elif obj and subj is None and _SEAT.match(text[left:m.start()]):
                # 公司成立于1998年，注册地位于L: the sentence's topic
                topic = _topic(ctx, left, left)
                if topic is not None:
                    yield ctx.fact("locatedIn", topic, obj, m.start(), "locatedIn/located-topic", 0.8)
            continue
        locs = ctx.between(m.end(), de, LOC_LIKE)
        subj = ctx.starting_at(de + 1, ORG_LIKE + ("Place",))
        if not locs or subj is None:
            continue
        for i, loc in enumerate(locs):
            yield ctx.fact("locatedIn", subj, loc, m.start(), "locatedIn/located-at",
                           0.9 if i == len(locs) - 1 else 0.8)
        # 位于L的X的Y项目: Y in X
        if text.startswith("的", subj.end):
            proj = ctx.starting_at(subj.end + 1, ("Project", "Park"))
            if proj is not None and subj.cls == "Park":
                yield ctx.fact("locatedIn", proj, subj, m.start(), "locatedIn/park-of", 0.85)


def _founded_in(ctx: Context):
    """在 L (，)? … 成立/设立 X、Y 和 Z  ->  each X locatedIn L."""
    text = ctx.text
    for m in re.finditer("在", text):
        loc = ctx.starting_at(m.end(), LOC_LIKE + ("Ref",))
        if loc is None or (loc.cls == "Ref" and loc.kind not in LOC_LIKE):
            continue
        loc = ctx.chain_end(loc) if loc.cls != "Ref" else loc     # 在江苏苏州金鸡湖创业园 -> the last one
        s = ctx.sentence(m.start())
        rest = text[loc.end:s.end]
        fm = re.match(r"(?:[，,]?\s*)" + _FOUND, rest)
        if fm:
            start = loc.end + fm.end()
            members = []
            cur_end = start
            while True:
                nxt = ctx.starting_at(cur_end, ("Organization", "Project", "Park"))
                if nxt is None:
                    break
                members.append(nxt)
                sep = re.match(r"、|和|及|以及|与", text[nxt.end:nxt.end + 2])
                if not sep:
                    break
                cur_end = nxt.end + sep.end()
            for x in members:
                yield ctx.fact("locatedIn", x, loc, m.start(), "locatedIn/founded-in", 0.85)
            continue
        # 在L，X正式挂牌成立
        cm = re.match(r"[，,]", rest)
        if cm:
            _, right = ctx.clause_bounds(loc.end + 1)
            # 在L，总投资20亿元的X正加紧建设: the amount describes the project that follows
            lead = _DESCRIBED_BY_AMOUNT.match(text, loc.end + 1)
            subj = ctx.starting_at(lead.end() if lead else loc.end + 1, ("Organization", "Project"))
            if subj is not None and re.match(r"(?:正式|已|将|近日|正在|正|加紧|加快|全面)*" + _FOUND,
                                             text[subj.end:s.end]):
                yield ctx.fact("locatedIn", subj, loc, m.start(), "locatedIn/founded-in", 0.85)


_DESCRIBED_BY_AMOUNT = re.compile(r"(?:总投资|投资|计划投资)(?:额)?(?:约|达|超过|逾|近)?[\d.]+[万亿千百]*(?:元|美元|欧元|港元)的")


def _attracted(ctx: Context):
    """吸引了 A、B、C 等…企业进驻: each member is located where the article's topic park is."""
    text = ctx.text
    for m in re.finditer(r"吸引(?:了)?|引进(?:了)?|引来(?:了)?|(?:成功|集中|新)?签约(?:了)?|签下(?:了)?|迎来(?:了)?", text):
        s = ctx.sentence(m.start())
        left, right = ctx.clause_bounds(m.start())
        vm = re.search(r"进驻|入驻|落户|落地|集聚", text[m.end():s.end])
        if vm:
            vpos = m.end() + vm.start()
            loc = ctx.before(m.start(), ("Park",), s.start) or ctx.before(m.start(), ("Park",), 0)
        else:
            # 开发区今年已引进A、B等重点项目25个: the park that opens the clause brought them in
            etc = re.search(r"等", text[m.end():right])
            signs = not m.group(0).startswith(("吸引", "引进", "引来"))
            vpos = m.end() + etc.start() if etc else (right if signs else m.end())
            first = ctx.after(left, ("Park", "Organization", "Place"), m.start())
            loc = first if first is not None and first.cls == "Park" and first.start - left <= 2 else None
        if loc is None:
            continue
        members = ctx.between(m.end(), vpos, ("Organization",))
        if not members and not m.group(0).startswith(("吸引", "引进", "引来")):
            # 某开发区签约瑞士某某精密传动项目: the projects the zone signs, the first right after the
            # verb (or its country)
            members = ctx.between(m.end(), vpos, ("Project",))
            if members and text[m.end():members[0].start] and ctx.ending_at(members[0].start, ("Place",)) is None:
                continue
        if not members:
            continue
        for x in members:
            yield ctx.fact("locatedIn", core(ctx, x), loc, m.start(), "locatedIn/attracted", 0.75)


def _chains(ctx: Context):
    """Place written right before a park (苏州金鸡湖创业园): the park is in that place."""
    for m in ctx.mentions:
        if m.cls != "Park":
            continue
        prev = ctx.ending_at(m.start, ("Place",))
        if prev is not None:
            yield ctx.fact("locatedIn", m, prev, m.start, "locatedIn/chain", 0.8)
