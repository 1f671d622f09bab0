"""listedOn, foundingYear and partnerOf."""
from __future__ import annotations

import re

from .base import ORG_LIKE, Context, RawFact

_EXCHANGE_WORDS = ("交易所", "港交所", "上交所", "深交所", "纳斯达克", "纽交所", "科创板", "创业板", "主板", "北交所")


def match(ctx: Context) -> list[RawFact]:
    return list(_listed(ctx)) + list(_founded(ctx)) + list(_partners(ctx))


def _listed(ctx: Context):
    text = ctx.text
    for m in re.finditer(r"(?:正式)?(?:挂牌)?上市", text):
        left, _ = ctx.clause_bounds(m.start())
        ex = ctx.before(m.start(), ("Organization",), left)
        if ex is None or not ex.text.endswith(_EXCHANGE_WORDS) or not re.fullmatch(r"(?:正式|成功)?", text[ex.end:m.start()]):
            continue
        at = re.search(r"(?:在|于|登陆)$", text[:ex.start])
        if not at:
            continue
        subj = ctx.before(ex.start - len(at.group(0)), ("Organization",), left)
        if subj is not None:
            yield ctx.fact("listedOn", subj, ex, m.start(), "listedOn/listed-at", 0.85)


def _founded(ctx: Context):
    text = ctx.text
    for m in re.finditer(r"(?:成立|创立|创建|始建|创办|组建|注册成立)(?:于|在)(\d{4})年", text):
        left, _ = ctx.clause_bounds(m.start())
        subj = ctx.before(m.start(), ("Organization", "Ref"), left)
        if subj is not None and (subj.cls != "Ref" or subj.kind == "Organization"):
            yield ctx.fact("foundingYear", subj, int(m.group(1)), m.start(), "foundingYear/founded-in", 0.9)


def _partners(ctx: Context):
    text = ctx.text
    for m in re.finditer(r"与", text):
        left, right = ctx.clause_bounds(m.start())
        a = ctx.ending_at(m.start(), ORG_LIKE)
        b = ctx.starting_at(m.end(), ORG_LIKE)
        if a is None or b is None or a.cls == "Project" or b.cls == "Project":
            continue
        rest = text[b.end:right]
        if re.match(r"(?:共同|正式|将|在\S{0,10})?(?:深度|深入|全面|战略|紧密)?(?:签署|签订|签约|共建|合作|携手|达成|联合|共同)", rest):
            yield ctx.fact("partnerOf", a, b, m.start(), "partnerOf/sign-with", 0.8)
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
