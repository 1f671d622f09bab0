"""holdsRole: (person, title, organisation), with 原/前 marking former roles."""
from __future__ import annotations

import re

from ..model import Mention, Sentence, Source
from .base import Context, RawFact, RawRole
from .registry import component

_HEADS_OF_GOVERNMENT = frozenset(("总统", "首相", "总理", "国家主席", "省长", "市长", "县长", "区长", "州长", "镇长",
                                  "乡长", "自治区主席", "特首", "行政长官"))
# a country by its one-character short form before the title of its head of state or government
# (俄总统X, 日首相X, 美总统X与日首相Y): only where the character stands alone (after a break or a
# conjunction), never inside a word
_COUNTRY_SHORT = {"俄": "俄罗斯", "美": "美国", "日": "日本", "德": "德国", "法": "法国", "英": "英国", "韩": "韩国",
                  "朝": "朝鲜", "印": "印度", "澳": "澳大利亚", "加": "加拿大", "意": "意大利", "越": "越南",
                  "泰": "泰国", "菲": "菲律宾", "以": "以色列", "伊": "伊朗", "乌": "乌克兰"}
_BODY_TITLES = ("政协", "人大", "党委")          # 政协委员, 人大代表, 党委书记 after a place
_FORMER = ("原", "前", "曾任", "时任", "卸任", "离任")
_APPOINT = r"(?:现任|曾任|担任|出任|兼任|升任|接任|当选为|当选|被任命为|任命为|被选为|获任|受聘为|聘为|调任|改任|转任|就任|任)"


_BYLINE = re.compile(r"^[□■]?(?P<org>[\u4e00-\u9fff]{2,10}?)(?P<title>摄影记者|特约记者|见习记者|记者|通讯员)\s*"
                     r"(?P<names>[\u4e00-\u9fff·]{2,6}(?:\s+[\u4e00-\u9fff·]{2,6})*)\s*(?:/?摄)?$")


def bylines(ctx: Context):
    """`某某社记者 张明/摄`: the photographer or reporter works for the agency named."""
    end = len(ctx.text)
    for line in ctx.doc.article.bylines:
        m = _BYLINE.match(line.strip())
        if not m or m.group("org") in ("本报", "本刊", "本台", "本网"):
            continue
        org = Mention(m.group("org"), "Organization", end, end, "MediaOrganization", Source.BYLINE)
        sent = Sentence(-1, end, end, line.strip())
        for name in m.group("names").split():
            person = Mention(name, "Person", end, end, None, Source.BYLINE)
            yield RawFact("holdsRole", person, RawRole(m.group("title"), org, True), sent, "holdsRole/byline", 0.9)


# a profile: `张三简介：` / `张三个人简历：` opens text about one person, who is the subject of
# its field rows (`公司：某某有限公司职务：董事长`) and of its subjectless appointments (`2002年，当选为…`)
_PROFILE = re.compile(r"(?:个人)?(?:简介|简历|小传|档案|资料)[：:]")
_FIELD_ORG = re.compile(r"(?:公司|单位|工作单位|任职单位|所在单位|企业|机构|任职机构)[：:]\s*")
_FIELD_TITLE = re.compile(r"\s*[，,；;]?\s*(?:职务|职位|现任职务|现职)[：:]\s*")
# between a name and its appointment verb: 张三自2005年起任…, 张三此前担任…
_GAP = (r"(?:(?:于|自|从|在)?\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:起|开始|以来|底|初|末)?"
        r"|此前|之前|目前|现在|曾经|曾|现|已|将|还|也|同时|一直|先后|随后|后来|正式|即将|继续|仍)+")
_PAST = r"此前|之前|曾"
_SPEECH = re.compile(r"表示|说|认为|指出|称|介绍|透露|强调|告诉")
_TIME_LEAD = re.compile(r"(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:初|底|中|末)?|同年|次年|此后|后|随后|其后|今年|去年)?[，,]?\s*$")


@component("holdsRole", requires=("mentions.settle",))
def match(ctx: Context) -> list[RawFact]:
    glued = list(_glued(ctx))
    out: list[RawFact] = list(bylines(ctx)) + list(_dateline(ctx)) + list(_profile_fields(ctx)) \
        + list(_respectively(ctx)) + glued + list(_head_of_state(ctx)) + list(_ministers(ctx))
    titles = [m for m in ctx.mentions if m.cls == "RoleTitle"]
    used = set()
    for t in titles:
        for f in _org_title_person(ctx, t):
            out.append(f)
            used.add(t)
    for t in titles:
        if t not in used:
            brand = list(_brand_read_as_person(ctx, t))
            if brand:
                out += brand
                continue
            out += list(_person_org_title(ctx, t))
            out += list(_appointed(ctx, t))
            out += list(_resigned(ctx, t))
            out += list(_name_then_title(ctx, t))
    # 湖南省交通|厅长X read as the body without its last character: the glued reading replaces it
    cut = {(f.subject, f.object.org.start, f.object.org.end - 1) for f in glued}
    return [f for f in out if not (isinstance(f.object, RawRole) and f.extractor != "holdsRole/glued"
                                   and (f.subject, f.object.org.start, f.object.org.end) in cut)]


_APPOINTER = r"(?:任命|聘请|聘任|提名|委任|推举|选举|选聘|聘)"
# ORG (近日)任命(新任)TITLE PERSON: the organisation that appoints, then the title and the name
_APPOINTS = (r"(?:日前|近日|昨日|昨天|今日|今天|本周|上周|当天|近期|正式|宣布|决定|已)*"
             r"(?:任命|聘请|聘任|委任)了?(?:新任|新一任|其)?$")


def _appointed(ctx: Context, t: Mention):
    """`ORG任命X为TITLE` / `ORG董事会聘请X为(ORG2)TITLE`, and `X加入ORG，任TITLE`: the title names
    no organisation of its own, the sentence does."""
    text = ctx.text
    own, _ = _org_before_title(ctx, t)
    s = ctx.sentence(t.start)
    pos = own.start if own is not None else t.start
    if text[pos - 1:pos] == "为":
        person = ctx.ending_at(pos - 1, ("Person",))
        if person is None or not re.search(_APPOINTER + "$", text[max(s.start, person.start - 4):person.start]):
            return
        org = own or _clause_org(ctx, s.start, person.start)
        if org is not None:
            yield ctx.fact("holdsRole", person, RawRole(t.text.lstrip("原前"), org, True), t.start,
                           "holdsRole/appointed", 0.8)
        return
    if own is None:
        m = re.search(r"加入(?P<rest>.{2,40}?)(?:，|,|并|后)(?:出任|担任|任|升任)$", text[s.start:t.start])
        if m:
            join = s.start + m.start()
            org = ctx.starting_at(join + 2, ("Organization",)) or _joined_org(ctx, join + 2, join + 2 + len(m.group("rest")))
            gap = re.search("[，,]?(?:" + _GAP + ")?$", text[s.start:join])      # 张三，2015年加入…
            person = ctx.ending_at(join - len(gap.group(0)), ("Person",))
            if org is not None and person is not None:
                yield ctx.fact("holdsRole", person, RawRole(t.text.lstrip("原前"), org, True), t.start,
                               "holdsRole/joined", 0.8)


_JOINED = re.compile(r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9&]{1,11}")
_NOT_JOINED = re.compile(r"^(?:该|本|其|我|这|那|贵|新|公司$|集团$|团队$)|[的了在与和后时]")


def _joined_org(ctx: Context, start: int, end: int) -> Mention | None:
    """`X，2015年加入某某能源，任TITLE`: what one joins before taking a title there is an
    organisation, named or not by a recogniser (a brand without legal suffix)."""
    name = ctx.text[start:end]
    if not _JOINED.fullmatch(name) or _NOT_JOINED.search(name) or ctx.between(start, end) \
            or ctx.starting_at(start, None) is not None:
        return None
    return Mention(name, "Organization", start, end, "Company", Source.ORG_SETTLER)


_RESIGN = r"(?:辞去|辞任|卸任|不再担任)"


def _resigned(ctx: Context, t: Mention):
    """`X辞去(ORG)TITLE职务`, `X因个人原因不再担任TITLE`: a role X held until now. The organisation is
    the one before the title, or the one acting in the sentence (公司董事会同意X辞去…)."""
    text = ctx.text
    own, _ = _org_before_title(ctx, t)
    pos = own.start if own is not None else t.start
    m = re.search(r"(?:因[^，。；]{1,8}?原因)?(?:申请)?" + _RESIGN + "$", text[max(0, pos - 16):pos])
    if m is None:
        return
    person = ctx.ending_at(pos - len(m.group(0)), ("Person",))
    if person is None:
        return
    s = ctx.sentence(t.start)
    org = own or _clause_org(ctx, s.start, person.start, ("Organization", "Ref"))
    if org is None or org.cls == "Ref" and org.kind != "Organization":
        return
    yield ctx.fact("holdsRole", person, RawRole(t.text.lstrip("原前"), org, False), t.start,
                   "holdsRole/resigned", 0.75)


def _clause_org(ctx: Context, start: int, end: int, classes=("Organization",)) -> Mention | None:
    """The organisation that acts in a clause: the last one before `end` (its board stands for it)."""
    org = ctx.before(end, classes, start)
    if org is not None and org.text.endswith(("董事会", "股东大会", "党委会")):
        inner = ctx.before(org.end - 2, ("Organization",), org.start)
        org = inner if inner is not None and inner.start == org.start else org
    return org


def _name_then_title(ctx: Context, t: Mention):
    """`ORG(的)X总经理`: a name written before its title, after the organisation."""
    p = ctx.ending_at(t.start, ("Person",))
    if p is None or _people_after(ctx, t.end):
        return
    gap = re.search(r"(?:的|\s)*$", ctx.text[max(0, p.start - 3):p.start])
    org = ctx.ending_at(p.start - len(gap.group(0)), ("Organization", "Ref"))
    if org is None or (org.cls == "Ref" and org.kind != "Organization"):
        return
    yield ctx.fact("holdsRole", p, RawRole(t.text.lstrip("原前"), org, not _former(ctx, org.start, t)), t.start,
                   "holdsRole/org-person-title", 0.8)


def _org_before_title(ctx: Context, t: Mention):
    """The organisation written right before a title (allowing 的 / spaces / a chain of titles)."""
    text = ctx.text
    pos = t.start
    # chain of titles: 董事长兼总经理, 副会长兼秘书长, 总经理、董事
    while True:
        prev_t = ctx.ending_at(pos, ("RoleTitle",))
        if prev_t is None:
            m = re.search(r"(?:兼|、|和)$", text[max(0, pos - 1):pos])
            if m:
                prev_t = ctx.ending_at(pos - 1, ("RoleTitle",))
                if prev_t is not None:
                    pos = prev_t.start
                    continue
            break
        pos = prev_t.start
    # between them: 的, spaces, or an aside in brackets (某某集团(企业专区)董事长)
    for gap_re in (r"(?:的|\s|新任|现任|原|前)*$", r"(?:的|\s|[(（][^()（）\n]{1,24}[)）])*$",
                   r"(?:主管|分管|负责)[\u4e00-\u9fff]{1,8}的$", _APPOINTS):
        gap = re.search(gap_re, text[max(0, pos - 30):pos])
        if gap is None:
            continue
        org_end = pos - len(gap.group(0))
        org = ctx.ending_at(org_end, ("Organization", "Ref"))
        if org is not None:
            break
    if org is not None and org.cls == "Ref" and org.kind != "Organization":
        org = None
    if org is None:
        place = ctx.ending_at(org_end, ("Place",))
        if place is not None and t.text.startswith("驻") and t.text.endswith(("大使", "总领事")):
            # 泰国驻华大使 -> the embassy 泰国驻华大使馆
            head, word = ("大使", "大使馆") if t.text.endswith("大使") else ("总领事", "总领事馆")
            name = place.text + t.text[: -len(head)] + word
            org = Mention(name, "Organization", place.start, t.end, "GovernmentBody", Source.ROLE_EMBASSY)
        elif place is not None and t.text.startswith(_BODY_TITLES) and _place_starts_name(ctx, place):
            # 鼓楼区政协委员, 南京市人大代表: the body is named by the place and the title's first word
            body = next(b for b in _BODY_TITLES if t.text.startswith(b))
            org = Mention(place.text + body, "Organization", place.start, t.start + len(body), "GovernmentBody",
                          Source.ROLE_BODY)
        elif place is not None and _heads_government(t.text) and _place_starts_name(ctx, place):
            # 美国总统X, 江苏省省长X: the head of a country's or a division's government
            org = Mention(place.text + "政府", "Organization", place.start, place.end, "GovernmentBody",
                          Source.ROLE_GOVERNMENT)
        elif (place is None and _heads_government(t.text) and org_end == t.start and org_end >= 1
              and text[org_end - 1] in _COUNTRY_SHORT and (org_end == 1 or not text[org_end - 2].isalnum()
                                                           or text[org_end - 2] in "与和及同")):
            org = Mention(_COUNTRY_SHORT[text[org_end - 1]] + "政府", "Organization", org_end - 1, org_end,
                          "GovernmentBody", Source.ROLE_GOVERNMENT)
    return org, org_end


def _place_starts_name(ctx: Context, place: Mention) -> bool:
    """The place is a whole name: not 礼县 read inside an unknown 崇礼县."""
    before = ctx.text[place.start - 1:place.start]
    return not before or not ("\u4e00" <= before <= "\u9fff") \
        or ctx.ending_at(place.start, ("Place",)) is not None \
        or place.start in ctx.doc.token_starts()          # 现任|南京市: jieba starts a word there


def _former(ctx: Context, org_start: int, title: Mention) -> bool:
    text = ctx.text
    before = text[max(0, org_start - 2):org_start]
    return before.endswith(_FORMER) or title.text.startswith(("原", "前")) \
        or text[max(0, title.start - 1):title.start] in ("原", "前")      # 某某银行原行长X


def _people_after(ctx: Context, pos: int):
    text = ctx.text
    people = []
    while True:
        while pos < len(text) and text[pos] in " 　":
            pos += 1
        p = ctx.starting_at(pos, ("Person",))
        if p is None:
            break
        people.append(p)
        pos = p.end
        if pos < len(text) and text[pos] in "、 　和":
            pos += 1
            continue
        break
    return people


def _named_after_title(ctx: Context, t: Mention, org: Mention | None) -> tuple[list, bool]:
    """Names that follow a title less directly: `ORG总经理由X接任`, `ORG总经理为X。`, and
    `身为/作为/时任ORG董事长的X` (时任: then, so a former role). Returns (people, former)."""
    text = ctx.text
    m = re.match(r"由|为|是", text[t.end:t.end + 1])
    if m:
        people = _people_after(ctx, t.end + 1)
        if people:
            rest = text[people[-1].end:people[-1].end + 3]
            if (m.group(0) == "由" and re.match(r"(?:接任|担任|出任|兼任|继任)", rest)) or \
                    (m.group(0) != "由" and re.match(r"[，,。；;）)]|$", rest)):
                return people, False
    if org is not None and text.startswith("的", t.end):
        lead = re.search(r"(?:身为|作为|时任|现任|担任)$", text[max(0, org.start - 2):org.start])
        if lead:
            return _people_after(ctx, t.end + 1), lead.group(0) == "时任"
    return [], False


def _org_title_person(ctx: Context, t: Mention):
    org, org_end = _org_before_title(ctx, t)
    people = _people_after(ctx, t.end)
    was = False
    if not people:
        people, was = _named_after_title(ctx, t, org)
    if not people:
        return
    if org is None:
        # 某某委员会书记、国家副主席X: the last title names no organisation, earlier ones may
        back = ctx.text.rfind("、", max(0, t.start - 4), t.start)
        if back >= 0 and not ctx.between(back + 1, t.start, ("Organization", "Person", "Place")):
            yield from _earlier_segments(ctx, back + 1, people)
        return
    current = not (was or _former(ctx, org.start, t))
    title = t.text.lstrip("原前")
    # titles chained before this one share the organisation: 董事长兼总经理X
    titles = [title]
    text = ctx.text
    pos = t.start
    while True:
        sep = re.search(r"(?:兼|、|和)$", text[max(0, pos - 1):pos])
        prev_t = ctx.ending_at(pos - (1 if sep else 0), ("RoleTitle",))
        if prev_t is None or prev_t.start < org_end:
            break
        titles.append(prev_t.text)
        pos = prev_t.start
    for p in people:
        for ti in titles:
            held = _government_of(org) if _heads_government(ti) else org     # 市委副书记、市长X
            yield ctx.fact("holdsRole", p, RawRole(ti, held, current), t.start, "holdsRole/org-title-person",
                           0.9 if org.cls != "Ref" else 0.75)
    yield from _earlier_segments(ctx, org.start, people)
    yield from _later_titles(ctx, people[-1].end, org, current)


def _later_titles(ctx: Context, pos: int, org: Mention, current: bool):
    """`ORG总经理张三、副总经理李四`: a title right after the names, with no organisation of its
    own, is held at the same organisation."""
    text = ctx.text
    while text.startswith(("、", "和", "及"), pos):
        former = text[pos + 1:pos + 2] in ("原", "前")
        t2 = ctx.starting_at(pos + 1 + former, ("RoleTitle",))
        if t2 is None:
            return
        people = _people_after(ctx, t2.end)
        if not people:
            return
        former = former or t2.text.startswith(("原", "前"))
        held = _government_of(org) if _heads_government(t2.text) else org
        for p in people:
            yield ctx.fact("holdsRole", p, RawRole(t2.text.lstrip("原前"), held, current and not former),
                           t2.start, "holdsRole/org-title-person", 0.85)
        pos = people[-1].end


def _heads_government(title: str) -> bool:
    return re.sub(r"^(?:原|前|副|代理|常务)+", "", title) in _HEADS_OF_GOVERNMENT


def _government_of(org: Mention) -> Mention:
    """南京市委书记A、市长B: a head of government after a party committee heads the place's
    government (南京市政府), not the committee."""
    if org.cls != "Organization" or not org.text.endswith(("省委", "市委", "区委", "县委", "州委")):
        return org
    return Mention(org.text[:-1] + "政府", "Organization", org.start, org.end, "GovernmentBody", Source.ROLE_GOVERNMENT)


def _earlier_segments(ctx: Context, pos: int, people):
    """Earlier segments of a chain: 省委常委、副省长张三."""
    text = ctx.text
    while pos > 0 and text[pos - 1] == "、":
        t2 = ctx.ending_at(pos - 1, ("RoleTitle",))
        if t2 is None:
            break
        org2, _ = _org_before_title(ctx, t2)
        if org2 is None or org2.source == Source.ROLE_EMBASSY:
            back = text.rfind("、", max(0, t2.start - 8), t2.start)
            if back < 0:
                break
            pos = back + 1
            continue
        for p in people:
            yield ctx.fact("holdsRole", p, RawRole(t2.text.lstrip("原前"), org2, not _former(ctx, org2.start, t2)),
                           t2.start, "holdsRole/org-title-person", 0.85)
        pos = org2.start


def _dateline(ctx: Context):
    """某某社上海五月三日电(记者 张三 李四): reporters of the agency named in the dateline."""
    text = ctx.text
    for m in re.finditer(r"(电|讯)\s*[(（]\s*(?=记者|通讯员)", text):
        t = ctx.starting_at(m.end(), ("RoleTitle",))
        if t is None:
            continue
        head = ctx.between(max(0, m.start() - 20), m.start(), ("Organization",))
        if not head:
            continue
        org = head[-1]
        if m.group(1) == "讯":
            if org.end != m.start():        # 某某报讯(记者 X): the paper is named right before 讯
                continue
        elif not re.fullmatch(r"[\u4e00-\u9fff\d]{0,16}月[\u4e00-\u9fff\d]{1,3}日", text[org.end:m.start()]):
            continue
        for p in _people_after(ctx, t.end):
            yield ctx.fact("holdsRole", p, RawRole(t.text, org, True), m.start(), "holdsRole/dateline", 0.85)


def _shared_orgs(ctx: Context, org: Mention) -> list[Mention]:
    """`A、B理事`: organisations listed with 、 right before `org`, with no title of their own."""
    out = [org]
    while out[0].start > 0 and ctx.text[out[0].start - 1] == "、":
        prev = ctx.ending_at(out[0].start - 1, ("Organization",))
        if prev is None:
            break
        out.insert(0, prev)
    return out


def _chain_head(ctx: Context, start: int) -> int:
    """Where a 、-list of `ORG [TITLE]` segments ending at `start` begins."""
    text = ctx.text
    while start > 0 and text[start - 1] == "、":
        t2 = ctx.ending_at(start - 1, ("RoleTitle",))
        if t2 is not None:
            org2, _ = _org_before_title(ctx, t2)
            if org2 is None or org2.source == Source.ROLE_EMBASSY:
                break
            start = _shared_orgs(ctx, org2)[0].start
            continue
        o2 = ctx.ending_at(start - 1, ("Organization",))
        if o2 is None:
            break
        start = o2.start
    return start


def _person_org_title(ctx: Context, t: Mention):
    """X，ORG TITLE  /  X 任 ORG TITLE  /  X当选为A、B理事、C副理事长  /  ORG TITLE 的 X 不在此."""
    text = ctx.text
    org, org_end = _org_before_title(ctx, t)
    if org is None or org.source == Source.ROLE_EMBASSY or _people_after(ctx, t.end) or _chain_to_person(ctx, t.end):
        return
    orgs = _shared_orgs(ctx, org)
    head = _chain_head(ctx, orgs[0].start)
    before = text[max(0, head - 24):head]
    m = re.search(r"(?:[，,（(]|是|系|为|作为|(?P<gap>" + _GAP + r")?(?P<verb>" + _APPOINT + r"))$", before)
    if not m:
        return
    if m.group(0) in "（(" and not text.startswith(("）", ")", "、", "，", ","), t.end):
        return            # 张三（华为公司总裁）: the aside holds the role, nothing else
    person = ctx.ending_at(head - len(m.group(0)), ("Person",))
    extractor, confidence = "holdsRole/person-org-title", 0.8
    if person is None and m.group("verb"):
        person = _profile_subject(ctx, head - len(m.group(0)))
        extractor, confidence = "holdsRole/profile", 0.75
    if person is None:
        return
    current = not (m.group("verb") in ("曾任", "时任") or re.search(_PAST, m.group("gap") or "")
                   or _former(ctx, org.start, t))
    for o in orgs:
        yield ctx.fact("holdsRole", person, RawRole(t.text.lstrip("原前"), o, current), t.start, extractor, confidence)


def _profile_person(ctx: Context, pos: int) -> Mention | None:
    """The person of the nearest profile header (`张三简介：`) before `pos`."""
    for m in reversed(list(_PROFILE.finditer(ctx.text, 0, pos))):
        person = ctx.ending_at(m.start(), ("Person",))
        if person is not None:
            return person
    return None


def _profile_subject(ctx: Context, verb: int) -> Mention | None:
    """The unnamed subject of an appointment: `2002年，当选为…` inside a profile is the profile's
    person; in a short biography sentence (`张三，男，1965年出生，现任…`) it is the name that opens it."""
    s = ctx.sentence(verb)
    lead = ctx.text[s.start:verb]
    if "：" in lead or ":" in lead:
        lead = re.split(r"[：:]", lead)[-1]
    if _TIME_LEAD.fullmatch(lead):
        return _profile_person(ctx, verb)
    first = ctx.starting_at(s.start, ("Person",))
    if first is None or not ctx.text.startswith(("，", ","), first.end) or ctx.between(first.end, verb):
        return None
    clauses = [c for c in re.split(r"[，,]", ctx.text[first.end:verb]) if c]
    if all(len(c) <= 12 and not _SPEECH.search(c) for c in clauses):
        return first           # also 张三，现任…: the name and the appointment alone
    return None


def _profile_fields(ctx: Context):
    """`公司：某某有限公司职务：董事长` in a profile: the profile's person holds that title there."""
    text = ctx.text
    for m in _FIELD_ORG.finditer(text):
        org = ctx.starting_at(m.end(), ("Organization",))
        if org is None:
            continue
        sep = _FIELD_TITLE.match(text, org.end)
        t = ctx.starting_at(sep.end(), ("RoleTitle",)) if sep else None
        person = _profile_person(ctx, m.start()) if t is not None else None
        if person is not None:
            yield ctx.fact("holdsRole", person, RawRole(t.text.lstrip("原前"), org, not _former(ctx, org.start, t)),
                           m.start(), "holdsRole/profile", 0.8)


def _chain_to_person(ctx: Context, pos: int) -> bool:
    """`X，ORG1副主任、ORG2教练Y`: the titles after 、 lead to a name, so the chain is Y's, not X's."""
    text = ctx.text
    for _ in range(4):
        if not text.startswith(("、", "兼"), pos):
            return False
        pos += 1
        org = ctx.starting_at(pos, ("Organization",))
        if org is not None:
            pos = org.end
        t = ctx.starting_at(pos, ("RoleTitle",))
        if t is None and org is None:
            # 、国家副主席X: a word that names no organisation may stand before the title
            t = next((x for x in ctx.between(pos, pos + 16, ("RoleTitle",))
                      if x.start - pos <= 2 and not ctx.between(pos, x.start, ("Organization", "Person", "Place"))),
                     None)
        if t is None:
            return False
        pos = t.end
        if _people_after(ctx, pos):
            return True
    return False


def _respectively(ctx: Context):
    """`张三、李四分别担任ORG董事长和总经理` / `…分别担任A公司和B公司董事长`: the n-th person holds
    the n-th role; nothing when the counts differ."""
    text = ctx.text
    for m in re.finditer(r"分别(?:担任|出任|兼任|当选为|被任命为|任|为|是)", text):
        people = []
        pos = m.start()
        while True:
            p = ctx.ending_at(pos, ("Person",))
            if p is None:
                break
            people.insert(0, p)
            if p.start > 0 and text[p.start - 1] in "、和及":
                pos = p.start - 1
                continue
            break
        items, org, pos = [], None, m.end()
        while True:
            o = ctx.starting_at(pos, ("Organization",))
            if o is not None:
                org, pos = o, o.end
            t = ctx.starting_at(pos, ("RoleTitle",))
            if t is None and o is None:
                break
            items.append([org, t])
            pos = t.end if t is not None else pos
            if not text.startswith(("、", "和", "及"), pos):
                break
            pos += 1
        for i in range(len(items) - 2, -1, -1):      # A公司和B公司董事长: the title is shared
            if items[i][1] is None:
                items[i][1] = items[i + 1][1]
        if len(people) < 2 or len(items) != len(people) or any(o is None or t is None for o, t in items):
            continue
        for p, (o, t) in zip(people, items):
            yield ctx.fact("holdsRole", p, RawRole(t.text.lstrip("原前"), o, not t.text.startswith(("原", "前"))),
                           m.start(), "holdsRole/respectively", 0.8)


# a title glued to its body (国防部长 = 国防部 + 部长, 教育局长 = 教育局 + 局长): the domains of
# government departments, bureaus and agencies, and the unit whose head the title names
_DOMAINS = ("外交", "国防", "财政", "商务", "教育", "科技", "工信", "公安", "国家安全", "国安", "民政", "司法",
            "人社", "自然资源", "国土资源", "国土", "生态环境", "环境保护", "环保", "住建", "住房和城乡建设",
            "交通运输", "交通", "水利", "农业农村", "农业", "文化和旅游", "文化", "文旅", "旅游", "卫生健康",
            "卫健", "卫生", "应急管理", "审计", "内政", "内务", "外务", "经济", "贸易", "经贸", "能源", "规划",
            "体育", "统计", "税务", "海关", "市场监管", "林业", "粮食", "移民", "劳工", "劳动", "国土安全",
            "工业", "发展改革", "发改", "信访", "城管", "人事", "监察", "国防安全")
_GLUED = re.compile("(?P<body>(?:" + "|".join(sorted(_DOMAINS, key=len, reverse=True)) + ")(?P<unit>[部局厅署]))长")


def _glued(ctx: Context):
    """`(L)财政部长X`, `(L)教育局长X`: X heads the body whose name the title's first character ends
    (部长 of 财政部); the body is its place's when a place is written right before it."""
    text = ctx.text
    for m in _GLUED.finditer(text):
        start = m.start()
        place = ctx.ending_at(start, ("Place",))
        eaten = ctx.ending_at(m.start("unit"), ("Organization",))
        if eaten is not None and eaten.start <= start:
            place, start = None, eaten.start    # 湖南省交通|厅长: the title took the body's last character
        else:
            prev = text[start - 1:start]
            if place is None and prev and ("\u4e00" <= prev <= "\u9fff") and prev not in "、和与及同":
                continue          # inside a longer word (公共交通局长): no body of government
            if ctx.between(start, m.end(), ("Organization", "Person")):
                continue          # the recognisers read the body already (日本财政部|部长)
        people = _people_after(ctx, m.end())
        if not people:
            continue
        o_start = place.start if place is not None else start
        org = Mention(text[o_start:m.end("body")], "Organization", o_start, m.end("body"), "GovernmentBody",
                      Source.ROLE_BODY)
        title = Mention(m.group("unit") + "长", "RoleTitle", m.start("unit"), m.end())
        for p in people:
            yield ctx.fact("holdsRole", p, RawRole(title.text, org, not _former(ctx, o_start, title)), start,
                           "holdsRole/glued", 0.8)


def _head_of_state(ctx: Context):
    """`越南国家主席X`: 国家 between a country and 主席 makes the head of state (国家主席)."""
    for t in ctx.mentions:
        if t.cls != "RoleTitle" or t.text not in ("主席", "副主席") or ctx.text[t.start - 2:t.start] != "国家":
            continue
        place = ctx.ending_at(t.start - 2, ("Place",))
        if place is None or not _place_starts_name(ctx, place):
            continue
        org = Mention(place.text + "政府", "Organization", place.start, place.end, "GovernmentBody",
                      Source.ROLE_GOVERNMENT)
        for p in _people_after(ctx, t.end):
            yield ctx.fact("holdsRole", p, RawRole("国家" + t.text, org, True), t.start,
                           "holdsRole/head-of-state", 0.8)


# a country's minister named by a short title: the body the title heads (外长 of 外交部)
_MINISTER_BODY = {"外长": "外交部", "副外长": "外交部", "国务卿": "国务院", "副国务卿": "国务院", "防长": "国防部",
                  "财长": "财政部", "外相": "外务省", "外交大臣": "外交部", "国防大臣": "国防部", "财政大臣": "财政部"}
_MINISTER = re.compile("|".join(sorted(_MINISTER_BODY, key=len, reverse=True)))


def _ministers(ctx: Context):
    """`法国外长X`, `美国务卿X`, `俄外长X`: X heads the country's body the title names (法国外交部)."""
    text = ctx.text
    for m in _MINISTER.finditer(text):
        place = ctx.ending_at(m.start(), ("Place",))
        if place is not None and any(c.level == "country" for c in _lex().place_candidates(place.text)):
            country, o_start = place.text, place.start
        elif place is None and m.start() >= 1 and text[m.start() - 1] in _COUNTRY_SHORT and (
                m.start() == 1 or not text[m.start() - 2].isalnum() or text[m.start() - 2] in "与和及同"):
            country, o_start = _COUNTRY_SHORT[text[m.start() - 1]], m.start() - 1
        elif place is None and text[m.start() - 2:m.start()] == "美国" and m.group(0).endswith("务卿"):
            country, o_start = "美国", m.start() - 2     # 美国务卿: 美 + 国务卿
        else:
            continue
        people = _people_after(ctx, m.end())
        if not people or ctx.between(o_start, m.start(), ("Organization", "Person")):
            continue
        org = Mention(country + _MINISTER_BODY[m.group(0)], "Organization", o_start, m.start(), "GovernmentBody",
                      Source.ROLE_BODY)
        for p in people:
            yield ctx.fact("holdsRole", p, RawRole(m.group(0), org, not _former(ctx, o_start, Mention(
                m.group(0), "RoleTitle", m.start(), m.end()))), m.start(), "holdsRole/minister", 0.8)


def _lex():
    from ..lexicon import lexicon

    return lexicon()


def _brand_read_as_person(ctx: Context, t: Mention):
    """`特斯拉首席执行官马斯克` with the brand read as a person: a name written right before
    another person's title, at the clause's opening, is the organisation the title is held at (a
    person does not stand before someone else's title)."""
    if _heads_government(t.text) or t.text.startswith(("原", "前")):
        return
    brand = ctx.ending_at(t.start, ("Person",))
    people = _people_after(ctx, t.end)
    if brand is None or not people:
        return
    left = ctx.clause_bounds(t.start)[0]
    if re.sub(r"^(?:据悉|此外|同时|其中|目前|当天|日前|近日)", "", ctx.text[left:brand.start]):
        return
    org = Mention(brand.text, "Organization", brand.start, brand.end, "Company", Source.ORG_BRAND_TITLE)
    for p in people:
        yield ctx.fact("holdsRole", p, RawRole(t.text, org, True), t.start, "holdsRole/brand-title", 0.7)
