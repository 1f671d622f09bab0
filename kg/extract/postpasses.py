"""The post-passes over every candidate mention: overlaps settled (longer first, then the more
specific class), place prefixes split off parks, abbreviations and short forms found again,
truncated names completed, bodies sharing a prefix, brands.
"""
from __future__ import annotations

import re

from ..lexicon import lexicon, rule_words
from ..model import Mention, Source
from .rules import _INDUSTRY_NAME, _is_cjk, _PUNCT


def _settle(mentions: list[Mention]) -> list[Mention]:
    """Keep the best mention where spans overlap: longer first, then by class priority."""
    prio = {"Money": 0, "Person": 1, "Organization": 2, "Park": 3, "Project": 4, "Place": 5, "RoleTitle": 6,
            "Ref": 7, "Alias": 8}
    src_prio = {Source.PERSON_AFTER_TITLE: 0, Source.PERSON_SPEECH: 1, Source.PERSON_BYLINE: 1, Source.LIST: 2, Source.PERSON_JIEBA: 6}
    order = sorted(mentions, key=lambda m: (-(m.end - m.start), src_prio.get(m.source, 5) if m.cls == "Person"
                                            or m.source == Source.LIST else 5, prio.get(m.cls, 9), m.start))
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


# what describes a company before its registered name: 涂料巨头X集团, 外商独资企业X有限公司,
# Y全资子公司X有限公司 (Y, the owner, is an organisation of its own)
_DESCRIPTION_HEAD = re.compile(r"(?P<owned>(?:全资|控股|独资|合资)?子公司|全资控股)|(?:外商|外资)?(?:独资|合资)?企业|龙头企业|领军企业|"
                               r"巨头|龙头|厂商|制造商|供应商|品牌商|运营商|服务商")
# how a body is owned, written before what it is: 外商独资医院, 中外合资企业某某
_KIND_LEAD = re.compile(r"(?:外商独资|外商投资|外资独资|中外合资|中外合作|外资|合资|独资)(?:的)?")
_PLACE_VERB = re.compile("|".join(sorted(rule_words()["settle_verbs"], key=len, reverse=True)))
_OWNER_DESCRIBED = re.compile(r"(?:全资|独资|合资|外资|外商|内资|国有|民营|中外)+$")
_OWNER_STOP = set("以在由对向从为把被将于据经让使给与和及的了是或等也都还又就才已曾再今近某各每该本这那此其诸")


def _strip_description(mentions: list[Mention], text: str) -> list[Mention]:
    """An organisation whose registered name comes after a description (涂料巨头荷兰X集团, 外商独资企业
    江苏X有限公司, Y全资子公司X有限公司) is the name after the last description word, without the
    foreign country written before its brand. A parent and its subsidiary written as one
    (某控股全资子公司某某有限公司) stay whole: the relations read the subsidiary in it (``subjects.core``).
    A description that ends the name (某某控股全资子公司) is the owner it names; one with no owner
    (全资外资子公司) is no name, one named by its place (常州子公司) stays."""
    lex = lexicon()
    suffixes = tuple(w for w, _, _ in lex.org_suffixes if len(w) >= 2)
    out = []
    for m in mentions:
        if m.cls != "Organization" or not m.text.endswith(suffixes) or m.text != text[m.start:m.end]:
            out.append(m)
            continue
        kind = _KIND_LEAD.match(m.text)
        if kind is not None:
            rest = m.text[kind.end():]
            if rest in lex.org_suffix_words or rest in lex.generic_words or len(rest) < 2:
                continue                     # 外商独资医院: a kind of body, no name
            m = Mention(rest, m.cls, m.start + kind.end(), m.end, m.kind, m.source)
        lead = re.match(r"(?:公司|集团|企业)(?=[\u4e00-\u9fff])", m.text)
        if lead and text[m.start - 1:m.start] == "子" and len(m.text) - lead.end() >= 4:
            # 子|公司某某有限公司: a name read on from the description before it
            m = Mention(m.text[lead.end():], m.cls, m.start + lead.end(), m.end, m.kind, m.source)
        heads = list(_DESCRIPTION_HEAD.finditer(m.text))
        if heads and heads[-1].end() == len(m.text) and heads[-1].group("owned"):
            owner = _owner(text, m.start, m.start + heads[-1].start())
            if owner is not None:            # 某某控股全资子公司: the owner, described
                out.append(owner)
            elif not _OWNER_DESCRIBED.fullmatch(m.text[:heads[-1].start()] or "全资"):
                out.append(m)                # 常州子公司: a subsidiary named by its place stays
            continue                         # 全资外资子公司: a description, no name
        suffix = max((w for w in suffixes if m.text.endswith(w)), key=len)
        head = next((h for h in reversed(heads) if len(m.text) - h.end() >= len(suffix) + 2), None)
        if head is None or head.group("owned"):
            # 某控股全资子公司|某某有限公司 stays whole: the relations read the subsidiary in it (subjects.core)
            out.append(m)
            continue
        cut = m.start + head.end()
        for n in (5, 4, 3, 2):              # 巨头|荷兰|某某集团: the country says where the brand comes from
            if any(i.level == "country" for i in lex.place_candidates(text[cut:cut + n])) \
                    and m.end - (cut + n) >= len(suffix) + 2:
                out.append(Mention(text[cut:cut + n], "Place", cut, cut + n, None, Source.PLACE))
                cut += n
                break
        out.append(Mention(text[cut:m.end], "Organization", cut, m.end, m.kind, m.source))
    return out


def _owner(text: str, start: int, end: int) -> Mention | None:
    """The owner named right before 全资子公司 in [start, end): back to a function word, at most
    eight characters; None when that is no name (其, 公司, a place alone)."""
    lex = lexicon()
    own = end
    while own > start and _is_cjk(text[own - 1]) and text[own - 1] not in _OWNER_STOP and end - own < 8:
        own -= 1
    owner = _OWNER_DESCRIBED.sub("", text[own:end])
    end = own + len(owner)
    if len(owner) < 2 or owner in lex.references or owner in lex.generic_words or owner in lex.org_suffix_words \
            or lex.place_candidates(owner):
        return None
    return Mention(owner, "Organization", own, end, None, Source.ORG_OWNER)


def _country_and_line(mentions: list[Mention], text: str) -> list[Mention]:
    """德国化工, 巴西汽车: a country and a line of business (a description of an industry, as in
    德国化工巨头X) that the tagger read as an organisation names none; a country before a foreign
    brand (德国拜尔) is where the brand comes from, not part of its name."""
    lex = lexicon()
    out = []
    for m in mentions:
        if m.cls == "Organization" and m.source == Source.TAGGER:
            n = next((n for n in (5, 4, 3, 2) if any(i.level == "country" for i in lex.place_candidates(m.text[:n]))), 0)
            if n and _INDUSTRY_NAME.fullmatch("x" + m.text[n:]):
                continue
            rest = m.text[n:]
            if n and len(rest) >= 2 and m.text == text[m.start:m.end] and (
                    re.fullmatch(r"[A-Za-z][A-Za-z0-9&.\-]*", rest) or all(c in lex.transliteration for c in rest)):
                # 德国|拜尔, 新加坡|BLUEHAVEN: the country says where the brand comes from (as the rules read it)
                out.append(Mention(m.text[:n], "Place", m.start, m.start + n, None, Source.PLACE))
                out.append(Mention(rest, m.cls, m.start + n, m.end, m.kind, m.source))
                continue
        out.append(m)
    return out


def _place_verb_lead(mentions: list[Mention], text: str) -> list[Mention]:
    """苏州建设亚太研发中心 read by the tagger: a place and the verb that builds or settles
    something there open no name; the name is what follows the verb (亚太研发中心)."""
    places = {(m.start, m.end) for m in mentions if m.cls == "Place"}
    out = []
    for m in mentions:
        if m.cls == "Organization" and m.source == Source.TAGGER:
            end = max((e for s, e in places if s == m.start and e < m.end), default=None)
            verb = _PLACE_VERB.match(text, end) if end is not None else None
            if verb is not None:
                if m.end - verb.end() >= 4:
                    out.append(Mention(text[verb.end():m.end], m.cls, verb.end(), m.end, m.kind, m.source))
                continue
        out.append(m)
    return out


def _verb_led(mentions: list[Mention], tokens) -> list[Mention]:
    """解聘|基金经理, 违反协会自律规则: a tagged organisation that is or opens with a common verb
    (a word of jieba's dictionary, tagged as a verb, that stands in no name) is a clause, no name."""
    from ..text import tokenizer

    lex, freq = lexicon(), tokenizer().tokenizer.FREQ
    starts = {t.start: t for t in tokens}
    out = []
    for m in mentions:
        t = starts.get(m.start)
        if m.cls == "Organization" and m.source == Source.TAGGER and t is not None and t.end <= m.end \
                and len(t.text) >= 2 and t.pos in ("v", "vd", "vi") and t.text not in lex.name_verbs \
                and (freq.get(t.text) or 0) >= (20 if t.end == m.end else 500):
            continue          # (a verb alone: 解聘; a verb opening more: 违反|协会)
        out.append(m)
    return out


def _tagged_over_rules(mentions: list[Mention], tokens) -> list[Mention]:
    """建设|某某研发中心, 某某集团投资|某某医院 read whole by the tagger: a tagged organisation over the
    rules' organisation(s) that adds only a verb before it, or that holds two of them joined by a verb
    (a clause), gives way to the rules' names."""
    rule_orgs = [m for m in mentions if m.cls == "Organization" and m.source != Source.TAGGER]
    verbs = {t.start: t for t in tokens if t.pos in ("v", "vn")}
    out = []
    for m in mentions:
        if m.cls == "Organization" and m.source == Source.TAGGER:
            inside = [o for o in rule_orgs if m.start <= o.start and o.end <= m.end and (o.start, o.end) != (m.start, m.end)]
            parts = sorted({(o.start, o.end) for o in inside})
            disjoint = [p for i, p in enumerate(parts) if all(p[0] >= q[1] or q[0] >= p[1] for q in parts[:i])]
            verb = verbs.get(m.start)
            joined = any(verbs.get(a[1]) is not None and verbs[a[1]].end == b[0] and len(verbs[a[1]].text) >= 2
                         for a, b in zip(disjoint, disjoint[1:]))
            if joined or verb is not None and len(verb.text) >= 2 and any(o.end == m.end and verb.end == o.start
                                                                          for o in inside):
                continue
        out.append(m)
    return out


def _listed_with_companies(mentions: list[Mention], text: str) -> list[Mention]:
    """为某巴克、某当劳等配套: a transliterated name read as a person (by jieba or the tagger) listed
    right beside a company (joined by 、和及) is a company too: a list holds one kind of name."""
    lex = lexicon()
    orgs_end = {m.end for m in mentions if m.cls == "Organization"}
    orgs_start = {m.start for m in mentions if m.cls == "Organization"}
    out = []
    for m in mentions:
        if m.cls == "Person" and m.source in (Source.PERSON_JIEBA, Source.TAGGER, Source.PERSON_AGAIN) and len(m.text) >= 2 \
                and sum(c in lex.transliteration for c in m.text) >= 2 / 3 * len(m.text) and (
                    text[m.start - 1:m.start] in ("、", "和", "及") and m.start - 1 in orgs_end
                    or text[m.end:m.end + 1] in ("、", "和", "及") and m.end + 1 in orgs_start):
            m = Mention(m.text, "Organization", m.start, m.end, "Company", m.source)
        out.append(m)
    return out


def _brand_over_person(mentions: list[Mention]) -> list[Mention]:
    """特斯拉CEO马斯克, 某某投资…在L建设: a name jieba or the tagger read as a person, that the rules
    read as a brand before a title and a name or as the subject of a settle frame, is the brand."""
    brands = {(m.start, m.end) for m in mentions
              if m.cls == "Organization" and m.source in (Source.ORG_BRAND_TITLE, Source.ORG_SETTLER)}
    return [m for m in mentions if not (m.cls == "Person" and (m.start, m.end) in brands
                                        and m.source in (Source.PERSON_JIEBA, Source.TAGGER))]


def _strip_place_prefix(mentions: list[Mention], text: str) -> list[Mention]:
    """`江苏苏州金鸡湖创业园` -> Place 江苏, Place 苏州, Park 金鸡湖创业园 (and `昌平区未来科学城`).

    Only parks and projects; organisations keep their place prefix (上海有机化学研究所)."""
    lex = lexicon()
    out = []
    for m in mentions:
        if m.cls not in ("Park", "Project") or m.source == Source.PROJECT_COUNT:
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
            out.append(Mention(f, "Place", s, e, source=Source.PLACE))
        out.append(Mention(rest, m.cls, pos, m.end, m.kind, m.source))
    return out


def _abbreviations(mentions: list[Mention], text: str) -> list[Mention]:
    """`深圳华星光电技术股份有限公司` named, `华星光电` used later: the short form is a mention too."""
    from ..names import org_core

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
            out.append(Mention(core, "Organization", s, e, m.kind, Source.ALIAS_ABBREVIATION))
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
                           "GovernmentBody", Source.ORG_SHARED_PREFIX))
    return out


def _short_before_title(mentions: list[Mention], text: str) -> list[Mention]:
    """上汽大众总经理贾某, 深创投总裁倪某: an unknown word right before a title and a name that is a short
    form (``resolve.short_form_of``) of an organisation the same article names in full is that
    organisation."""
    from ..names import short_form_of

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
                out.append(Mention(short, "Organization", s, t.start, None, Source.ALIAS_SHORT_TITLE))
                break
    return out


def _complete_truncated(mentions: list[Mention], text: str) -> list[Mention]:
    """Within one article a name seen in full wins over a cut form of it where the text goes on
    with the missing characters: 方国|进一直 -> 方国进, 了甲|乙家具集团 -> 甲乙家具集团. The full form
    needs evidence: found twice, or by a rule other than jieba's tags."""
    out = list(mentions)
    # a person named with evidence (after a title, before a speech verb) is a person wherever the
    # name stands again in the article, also where jieba split it otherwise (方国|进一直)
    for name in sorted({m.text for m in mentions if m.cls == "Person" and m.source != Source.PERSON_JIEBA
                        and len(m.text) >= 2 and all(_is_cjk(c) for c in m.text)}):
        for hit in re.finditer(re.escape(name), text):
            out.append(Mention(name, "Person", hit.start(), hit.end(), source=Source.PERSON_AGAIN))
    for cls in ("Person", "Organization"):
        seen: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.cls == cls and len(m.text) >= 3:
                seen.setdefault(m.text, []).append(m)
        full = {f: ms[0] for f, ms in seen.items()
                if len({m.start for m in ms}) >= 2 or any(m.source != Source.PERSON_JIEBA for m in ms)}
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
                 and m.source == Source.SUFFIX]
    people = {m.text for m in mentions if m.cls == "Person" and m.source != Source.PERSON_JIEBA}
    title_chars = {i for m in mentions if m.cls == "RoleTitle" for i in range(m.start, m.end)}
    out = []
    for m in mentions:
        if m.cls == "Person" and m.source == Source.PERSON_JIEBA and m.text not in people \
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
            m = Mention(text[m.start:end], "Organization", m.start, end, "Company", Source.ORG_BRAND)
        out.append(m)
    return out
