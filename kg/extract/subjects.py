"""Who a settle or investment frame is about, and where exactly: shared by ``locatedIn`` and ``money``.

The relation patterns find a frame (X在L新建…, X落户L, X计划追加投资N) and then ask for its subject
and its place. Three shapes of news text make the settled mention a poor answer, and are read here
from the structure of the frame, not from names:

* a descriptive phrase or a parent company glued before the company (`全球阀门巨头X集团`,
  `某控股全资子公司Y有限公司`, `Z集团旗下W`): the subject is the name after the last such head;
* a company named without legal suffix that no recogniser found (`德国某某将…落户L`): the
  unclaimed span between the clause's opening (after a country or a descriptive head) and the
  frame's adverbs is the subject, when it looks like a name;
* a city followed by one of its districts written short (`南京高淳`, `杭州萧山`): the district,
  the more precise place, is where the company settles.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import lexicon, parent_code
from ..model import Mention, Source
from .doc import Doc

# a descriptive head or a parent written before the name it describes
_HEAD = re.compile(r"(?:巨头|龙头|领军企业|头部企业|隐形冠军|冠军|独角兽|全资子公司|控股子公司|子公司|旗下|"
                   r"制造商|供应商|经营商|服务商|运营商|生产商|开发商|零售商|配件商|企业|公司)")
# where a frame's unnamed subject starts: after a description or a modifier ending in 的
# (总部位于L的某某在…)
_BOUNDARY = re.compile(_HEAD.pattern[:-1] + "|的)")
# words that end a frame's subject: adverbs and auxiliaries between it and the verb
_TAIL = re.compile(r"(?:(?:未来|今后|此后)?[\d一二三四五六七八九十两几]+年(?:内|间|来)?|今年|明年|年内|"
                   r"签约|宣布|决定|再次|继续|首次|还|正式|已经|已|将|拟|计划|近日|日前|也|均|成功|顺利|率先|今年|有望|"
                   r"共同|联合|正|于|追加)+$")
_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9&·\-]{1,11}")
# characters a name made of a frame's leftover never holds (function words, verbs of the frame)
_NOT_NAME = re.compile(r"[的在与和及将为是了等把其该此这本各个家]|年|月|投资|建设|落户|落地|签约|开工|投产|新建|设立|成立|"
                       r"项目|基地|中心|工厂|园区|总部")


def core(doc: Doc, m: Mention) -> Mention:
    """``m`` without a descriptive phrase or a parent glued before its name (`工业阀门巨头某集团`
    -> `某集团`, `某控股全资子公司某有限公司` -> `某有限公司`); ``m`` itself when there is none."""
    if m.cls not in ("Organization", "Project"):
        return m
    if m.cls == "Organization" and (whole := _bracketed(doc, _uncut(doc, m))) is not None:
        return whole
    if m.cls == "Organization" and (whole := _uncut(doc, m)) is not m:
        return whole
    if m.cls == "Project" and (first := m.text.find("项目")) > 0 and len(m.text) - first - 2 >= 4 \
            and m.text.endswith(("项目", "基地", "中心", "工厂")):
        # 首个投资项目北海某某新材料项目: the name after the description of what it is
        return one(doc, Mention(m.text[first + 2:], m.cls, m.start + first + 2, m.end, m.kind, m.source))
    for h in reversed(list(_HEAD.finditer(m.text))):
        rest = m.text[h.end():]
        if h.start() == 0 or len(rest) < 3 or _BRANCH.search(rest):
            continue
        if h.group(0) in ("公司", "企业") and not _has_suffix(rest):
            continue          # 某某工程公司某某: a company of its own may stand before a name
        if m.cls == "Organization" and not _looks_org(rest):
            continue
        start = m.start + h.end()
        return one(doc, Mention(rest, m.cls, start, m.end, m.kind,
                                 Source.ORG_OWNED if m.cls == "Organization" else m.source))
    return m


_BRANCH = re.compile(r"(?:分公司|分行|支行|分部|办事处|分院|分所)$")


_CLOSE = re.compile(r"[)）]")


def _uncut(doc: Doc, m: Mention) -> Mention:
    """A name whose first character or two the recognisers left behind after a company's
    description (`独资企业安|卡斯(江苏)矿业有限公司`): the name from the description's end."""
    left = doc.clause_bounds(m.start)[0]
    heads = list(_HEAD.finditer(doc.text, max(left, m.start - 12), m.start))
    if not heads or not 0 < m.start - heads[-1].end() <= 2:
        return m
    start = heads[-1].end()
    gap = doc.text[start:m.start]
    if not re.fullmatch(r"[\u4e00-\u9fff]+", gap) or doc.between(start, m.start) or _NOT_NAME.search(gap) \
            or any(x.end > start for x in doc.between(max(0, start - 40), m.start) if x.start < start):
        return m
    return one(doc, Mention(doc.text[start:m.end], m.cls, start, m.end, m.kind, Source.ORG_OWNED))


def _bracketed(doc: Doc, m: Mention) -> Mention | None:
    """`某某(江西)矿业有限公司` read from its bracket on (`矿业有限公司`, `江西)矿业有限公司`): the
    whole name, its stem before the bracketed place and its line of work after it."""
    text = doc.text
    close = _CLOSE.search(text, max(0, m.start - 1), min(m.end, m.start + 8))
    if close is None:
        return None
    open_ = max(text.rfind("(", max(0, close.start() - 8), close.start()),
                text.rfind("（", max(0, close.start() - 8), close.start()))
    if open_ < 0 or not 2 <= close.start() - open_ - 1 <= 6 or open_ >= m.start:
        return None
    if not doc.between(open_ + 1, close.start(), ("Place",)):
        return None
    stem = doc.ending_at(open_, ("Organization",))
    if stem is None:
        stem = unnamed(doc, doc.clause_bounds(open_)[0], open_)
    if stem is None:
        return None
    return one(doc, Mention(text[stem.start:m.end], "Organization", stem.start, m.end, m.kind, Source.ORG_OWNED))


def _has_suffix(name: str) -> bool:
    return any(name.endswith(s) and len(name) > len(s) for s, _, _ in lexicon().org_suffixes)


# jieba parts of speech a name does not open with: verbs, adverbs, prepositions, conjunctions,
# pronouns, numerals, time and direction words, auxiliaries
_NOT_NAME_POS = tuple("vdpcrmtfu")


def _function_word_at(doc: Doc, start: int) -> bool:
    """A word of those parts of speech opens the span at ``start``, and its first character is no
    character of foreign names (a transliterated name jieba reads as a verb stays a name)."""
    tok = doc.token_at.get(start)
    return tok is not None and tok.start == start and tok.pos.startswith(_NOT_NAME_POS) \
        and doc.text[start] not in lexicon().transliteration


def one(doc: Doc, m: Mention) -> Mention:
    """One object per span: the relations that name the same subject share it (resolution tells
    mentions apart by identity)."""
    made = doc.user_data.setdefault("subjects", {})
    return made.setdefault(m, m)


def _looks_org(name: str) -> bool:
    """A name that can stand alone: it carries a legal or group suffix of the lexicon, or is a
    name of at least two characters with no descriptive head inside."""
    return _has_suffix(name) or not _HEAD.search(name)


def unnamed(doc: Doc, left: int, pos: int) -> Mention | None:
    """The company a frame at ``pos`` opens with when no mention names it: the span after the
    clause's opening (from ``left``), a country before it or a descriptive head, up to the frame's
    adverbs, when that span is unclaimed by any mention and looks like a name (`德国某某将…`)."""
    text = doc.text
    for at in re.finditer("在", text[left:pos]):
        if doc.starting_at(left + at.end(), ("Place", "Park")) is not None:
            pos = left + at.start()         # 某某宣布未来三年在L追加投资: the name ends before 在L
            break
    gap = text[left:pos]
    tail = _TAIL.search(gap)
    end = left + (tail.start() if tail else len(gap))
    start = left
    heads = [h for h in _BOUNDARY.finditer(text, left, end)]
    if heads:
        start = heads[-1].end()
    country = doc.before(end, ("Place",), start)
    if country is not None:
        if not _is_country(country.text):
            return None
        start = country.end
    near = [m for m in doc.between(max(0, start - 40), end + 40) if m.start < end and m.end > start]
    described = bool(heads) or doc.ending_at(left, ("Organization",)) is not None
    described = described or (country is not None and country.end == start)
    if described and len(near) == 1 and near[0].cls == "Organization" and (near[0].start, near[0].end) == (start, end):
        return near[0]    # 德国普朗斯将…: a mention (the tagger's) names it already
    if near and not (described and len(near) == 1 and near[0].cls == "Person"
                     and (near[0].start, near[0].end) == (start, end)):
        return None       # (巨头某某将…: a name after a company's description is no person's)
    name = text[start:end]
    if not _NAME.fullmatch(name) or _NOT_NAME.search(name) or len(name) < 2 or _function_word_at(doc, start):
        return None
    return one(doc, Mention(name, "Organization", start, end, "Company", Source.ORG_SETTLER))


@lru_cache(maxsize=512)
def _is_country(name: str) -> bool:
    return any(c.level == "country" for c in lexicon().place_candidates(name))


@lru_cache(maxsize=4096)
def _codes(name: str) -> tuple[str, ...]:
    lex = lexicon()
    return tuple(c.code for c in (lex.place_candidates(name) or lex.places.get("~" + name, ())))


def _within(inner: str, outer: str) -> bool:
    """Whether some reading of place ``inner`` lies inside some reading of ``outer`` (the division table)."""
    lex = lexicon()
    outs = set(_codes(outer))
    if not outs:
        return False
    for code in _codes(inner):
        seen = 0
        while code and seen < 4:
            code = parent_code(lex, code)
            if code in outs:
                return True
            seen += 1
    return False


def precise(doc: Doc, loc: Mention) -> Mention:
    """The most precise place of the chain that starts at ``loc``: ``doc.chain_end``, then a place
    written right after it that lies inside it (`南京高淳` -> 高淳, `广州白云` -> 白云)."""
    loc = doc.chain_end(loc)
    while loc.cls == "Place":
        nxt = doc.starting_at(loc.end, ("Place", "Park"))
        if nxt is None or not (nxt.cls == "Park" or _within(nxt.text, loc.text)):
            break
        loc = doc.chain_end(nxt)
    return loc


# a name that a frame's verb or adverb ends (德国某某精密计划追加投资…)
_NAME_THEN = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9&·\-]{1,11}?)"
                        r"(?=计划|将|拟|已|正式|宣布|决定|追加|再次|继续|在|投资|增资|扩建|新增|[，,。；;])")


def unnamed_after(doc: Doc, start: int) -> Mention | None:
    """The company named from ``start`` up to the first adverb or verb of its frame, when no mention
    claims that span (`…的德国某某精密计划追加投资`: 某某精密)."""
    m = _NAME_THEN.match(doc.text, start)
    if m is None or _NOT_NAME.search(m.group("name")):
        return None
    end = m.end("name")
    if _function_word_at(doc, start):
        return None
    if any(x.start < end and x.end > start for x in doc.between(max(0, start - 40), end + 40)):
        return None
    return one(doc, Mention(m.group("name"), "Organization", start, end, "Company", Source.ORG_SETTLER))
