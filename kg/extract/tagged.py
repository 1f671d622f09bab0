"""``mentions.tagger``: the trained tagger's names (kg/tagger.py), merged with the rules' by one policy.

The tagger runs after the rule recognisers, over the document's own jieba tokens, and adds only
the spans the policy lets through (docs/extraction.md, "Merging the tagger and the rules"):

1. a span whose mean marginal is below its class's threshold (``MIN_CONFIDENCE``) is dropped;
2. structural spans veto: a tagger span that overlaps an amount, a date-like or numeric run, a
   reference (该公司, 园区), a park or a project is dropped;
3. where the rules found a span, the rules' span wins: a tagger span equal to, inside, or crossing
   a rule candidate of a name class is dropped, unless it is a strict superset of it with
   mean marginal at least ``SUPERSET_CONFIDENCE`` (then ``mentions.settle`` keeps the longer span);
4. a tagger Organization that is only a place name, a generic word or a reference word is vetoed;
   a Person must be at least two characters and contain no digit or punctuation; neither starts
   inside a date (3月4|日电) nor runs over a space next to a Chinese character (a dateline's end);
5. the tagger vetoes a rule person read from jieba's part of speech alone that it reads as another
   class with a mean marginal of at least ``OTHER_CLASS_VETO``, or as no name with a mean marginal
   of at least ``OUTSIDE_VETO`` (``unsupported``);
6. a tagged name keeps to the words: an organisation is no Latin glued to a one-character prefix
   (泛|TMT), nor stops inside a country brand's run of transliteration characters (荷兰阿斯|莫);
   with no suffix word it is no verb phrase (广州番禺|设立|总部), no place and a description with a
   verb or adjective word in it (北京|发展医药健康产业), no single common word or verb (招商) below
   ``SUPERSET_CONFIDENCE``, and ends in no adjective or adverb; before a title it ends in no verb
   (安徽省|相关|负责人) but needs only ``BEFORE_TITLE_CONFIDENCE`` (微软|首席执行官); a span holding
   two rule organisations apart is a clause; a tagged title that is a lexicon title the title
   rules read and declined (晚会中将为) is theirs to veto; a very confident one (``WORDS_CONFIDENCE``) is
   read as a name whatever jieba's tags inside it;
7. a rule organisation read from its suffix that swallowed a short word before the name
   (历任|某某有限公司) gives way to a very confident tagged one ending where it ends (``swallowed``);
8. a suffix-read organisation no tagged span overlaps is vetoed where the tagger reads it as no name
   or as another kind of name, or where it is common words before its suffix (``unsupported``).

``judge`` names, for every tagged span, the rule that drops it (benchmarks/merge_diff.py counts them).

Each kept mention's confidence (the tagger's calibrated confidence: the precision measured on
held-out sentences for spans of its type and mean marginal, ``kg.tagger.Calibration``; where the
rules found the same span, the two combined as independent evidence) is kept in ``doc.user_data["confidence"]``; a fact over a
tagger mention gets its pattern's confidence times that of its least certain mention.
"""
from __future__ import annotations

import re

from ..lexicon import lexicon
from ..model import Mention, Source
from ..names import short_form_of
from .doc import Doc
from .registry import add_mentions, component

MIN_CONFIDENCE = {"Person": 0.4, "Organization": 0.65, "RoleTitle": 0.6}
SUPERSET_CONFIDENCE = 0.7
RULE_CONFIDENCE = 0.8            # the prior of a rule-found name, when the tagger confirms it
NAME_CLASSES = frozenset(("Person", "Organization", "RoleTitle", "Place"))
_NOT_A_PERSON = re.compile(r"[\d０-９A-Za-z，。、；：“”‘’（）()《》%]")
_LATIN_NAME = re.compile(r"[A-Za-z]{2,}")
LATIN_PERSON_CONFIDENCE = 0.9    # mean marginal a tagged person of Latin letters alone needs (JohnSmith)


def _vetoed_org(text: str) -> bool:
    lex = lexicon()
    return (len(text) <= 3 and text.endswith(_BODY_WORDS) or text in lex.places or text in lex.generic_words or text in lex.references
            or text[-1] in "省市县区" and text[:-1] in lex.places)


_GLUED = "部局厅署处司社院行所"
_STATE_WORDS = ("国家", "中央")
_BODY_WORDS = ("委会", "工委", "政协", "人大", "党委", "委", "政府")
_SPACE_IN_CJK = re.compile(r"[\u3400-\u9fff]\s|\s[\u3400-\u9fff]")
_CLAUSE_MARK = re.compile(r"[，,。；;：:！？!?]")
_FUNCTION_POS = frozenset(("c", "ul", "uj", "r", "p"))
_NOT_IN_A_NAME = re.compile(r"[了和与及某的]")     # a clause or a list, never one organisation     # 财政部长 = 财政部 + 部长, 教育局长 = 教育局 + 局长


def _title_tail(word: str) -> int:
    """Where the longest lexicon title ending ``word`` starts (len(word) when none does)."""
    titles = lexicon().titles
    return next((i for i in range(len(word)) if word[i:] in titles), len(word))


def _split_title(s) -> list:
    """A tagged title that swallowed its organisation (苹果首席执行官, 日本财政部长) as the
    organisation and the lexicon title; a glued one (财政部长) shares its head character: the
    organisation 财政部 ends after it and the title 部长 is written on 长 alone."""
    from ..tagger import Span

    lex = lexicon()
    i = _title_tail(s.text)
    if i == 0 or i == len(s.text):
        return [s]
    title = s.text[i:]
    if len(title) == 2 and title[0] in _GLUED and title[1] == "长" and i >= 2 and s.text[i - 1] != title[0]:
        org = Span(s.start, s.start + i + 1, "Organization", s.text[:i + 1], s.confidence, s.marginal)
        return [org, Span(s.start + i + 1, s.end, "RoleTitle", title, s.confidence, s.marginal)]
    while (mod := next((w for w in lex.title_modifiers if s.text[:i].endswith(w)), None)) is not None:
        i -= len(mod)                            # 某部|副部长: the modifier belongs to the title
    prefix = s.text[:i]
    # a state title (国家主席, 国家副主席), an envoy's (巴基斯坦驻华大使) or a place's head
    # (越南总统) is the rules' to read: the place or the state is no organisation of its own
    # a line of work written before the head (金融学教授, 宏观分析师, 项目总经理) belongs to the title, as
    # the title rules read it (lexicon title_domains)
    if (i < 2 or prefix in lex.places or prefix in lex.generic_words or prefix.endswith(_STATE_WORDS)
            or "驻" in prefix or prefix.startswith(lex.title_domains)):
        return [s]
    return [Span(s.start, s.start + i, "Organization", s.text[:i], s.confidence, s.marginal),
            Span(s.start + i, s.end, "RoleTitle", title, s.confidence, s.marginal)]


def _place_then_name(names: list[Mention], start: int, end: int) -> bool:
    """[start, end) is rule places followed by one rule organisation, edge to edge."""
    pos = start
    while (p := next((m for m in names if m.start == pos and m.cls == "Place" and m.end < end), None)) is not None:
        pos = p.end
    return pos > start and any(m.start == pos and m.end == end and m.cls == "Organization" for m in names)


def _org_ends(candidates, spans) -> set[int]:
    """Where an organisation, a reference to one (公司, 本公司) or a tagged organisation ends."""
    return {m.end for m in candidates if m.cls in ("Organization", "Ref")} | {s.end for s in spans
                                                                                if s.label == "Organization"}


def split_titles(spans, candidates) -> list:
    """Every tagged title split (``_split_title``); an organisation split off a title extends over
    the place written right before it (日本|财政部长 -> 日本财政部 + 部长)."""
    from ..tagger import Span

    places = {m.end: m for m in candidates if m.cls == "Place"}
    ruled = {(m.start, m.end) for m in candidates if m.cls in NAME_CLASSES}
    # a title right after an organisation or a reference to one keeps its lead: a department of that
    # organisation (某某公司|财务部部长, 任公司|人力资源部部长), which CLUENER and Resume write inside the title
    org_ends = _org_ends(candidates, spans)
    out = []
    for s in spans:
        parts = _split_title(s) if s.label == "RoleTitle" and (s.start, s.end) not in ruled \
            and s.start not in org_ends else [s]
        if len(parts) == 2 and len(parts[0].text) <= 3 and parts[0].text.endswith(_BODY_WORDS):
            parts = [s]                  # 管委会主任, 党工委书记: a body the rules' chains name
        if len(parts) == 2 and parts[0].start in places:
            p = places[parts[0].start]
            parts[0] = Span(p.start, parts[0].end, "Organization", p.text + parts[0].text, parts[0].confidence,
                            parts[0].marginal)
        if (parts[0].label == "RoleTitle" and out and out[-1].label == "Organization" and out[-1].end == parts[0].start
                and len(parts[0].text) == 2 and parts[0].text[0] in _GLUED and parts[0].text[1] == "长"
                and not out[-1].text.endswith(parts[0].text[0])):
            # tagged apart but glued: 海淀区卫生|局长 -> 海淀区卫生局 + 局长 written on 长 (as _split_title)
            o, t = out[-1], parts[0]
            out[-1] = Span(o.start, t.start + 1, "Organization", o.text + t.text[0], o.confidence, o.marginal)
            parts[0] = Span(t.start + 1, t.end, "RoleTitle", t.text, t.confidence, t.marginal)
        out += parts
    return out


def vetoes(candidates: list[Mention], spans) -> list[Mention]:
    """Rule titles the tagger splits better: a tagged Organization ending inside a rule title whose
    rest is a lexicon title (东吴|证券总经理 -> 东吴证券 + 总经理). (A rule organisation running on into
    a department that a tagged title holds, 某某银行总行零售部|总经理, stays: the roles read the
    department as the organisation, CLUENER and Resume as part of the title.)"""
    titles = lexicon().titles
    glued = {(s.start - 1, s.end) for s in spans if s.label == "RoleTitle" and s.end - s.start < len(s.text)}
    out = []
    for m in candidates:
        if m.cls != "RoleTitle" or m.source == Source.TAGGER:
            continue
        if (m.start, m.end) in glued:        # 财政|部长 read by the rules: the glued title wins
            out.append(m)
            continue
        for s in spans:
            if (s.label == "Organization" and s.raw >= SUPERSET_CONFIDENCE and s.start < m.start < s.end < m.end
                    and m.text not in titles and m.text[s.end - m.start:] in titles):
                out.append(m)
                break
    return out


SWALLOW_CONFIDENCE = 0.95    # mean marginal of a tagged organisation that takes a rule one's end
SWALLOWED_LEAD = 2           # at most this many characters read before the name


def swallowed(candidates: list[Mention], spans, text: str) -> list[Mention]:
    """Rule organisations read back from a suffix over a short word before the name (任|某某有限公司,
    历任|某某大学, 装备|某国陆军): a very confident tagged organisation (``SWALLOW_CONFIDENCE``) ends
    where the rule one ends and starts one or two characters (``SWALLOWED_LEAD``) later, none of
    them a place's or a name's (the rules read those: 荷兰|某某集团). The rule span is vetoed and the
    tagged one merged."""
    lex = lexicon()
    out = []
    for m in candidates:
        if m.cls != "Organization" or m.source not in (Source.SUFFIX, Source.ORG_UNIT):
            continue
        for s in spans:
            lead = text[m.start:s.start]
            if (s.label == "Organization" and s.end == m.end and 0 < len(lead) <= SWALLOWED_LEAD
                    and s.raw >= SWALLOW_CONFIDENCE and all("\u4e00" <= c <= "\u9fff" for c in lead)
                    and not lex.place_candidates(lead) and not any(
                        c.start < s.start and m.start < c.end and c.cls in NAME_CLASSES and c is not m
                        and c.source != Source.PERSON_JIEBA for c in candidates)):
                out.append(m)
                # a project or park the rules read from the same lead (任|某某基因工程) goes with it
                out += [c for c in candidates if c.cls in ("Project", "Park") and m.start <= c.start < s.start
                        and c.end <= m.end]
                break
    return out


# rule names read from one weak cue only: jieba's part of speech
WEAK_SOURCES = frozenset((Source.PERSON_JIEBA,))
OUTSIDE_VETO = 0.95      # mean marginal of "no name here" over a weak rule name that vetoes it
OTHER_CLASS_VETO = 0.8   # mean marginal of a tagged span of another class over a weak rule name that vetoes it
# rule organisations read from a suffix word alone (not a newspaper's or a station's): vetoed where no
# tagged span overlaps them and the tagger reads their characters as a name of another kind (a work,
# a game: a mean marginal of "no name" at most ANOTHER_KIND_VETO) or as no name (at least OUTSIDE_VETO)
SUFFIX_SOURCES = frozenset((Source.SUFFIX,))
ANOTHER_KIND_VETO = 0.05


def unsupported(candidates: list[Mention], spans, outside=None, tokens=()) -> list[Mention]:
    """Rule names read from a weak cue (``WEAK_SOURCES``: a person from jieba's part of speech) that
    the tagger reads otherwise: an overlapping tagged span of another class (里昂, 切尔西 as football
    clubs), or no tagged span and a mean marginal of at least ``OUTSIDE_VETO`` that its characters are
    no name (``outside``: (start, end) -> that mean, from ``Tagger.tag_and_probe``; 红绿灯, 平西王)."""
    outside = outside or {}
    out = []
    for m in candidates:
        if m.source in SUFFIX_SOURCES and m.cls == "Organization":
            if _unread_suffix_name(m, spans, outside, tokens):
                out.append(m)
            continue
        if m.source not in WEAK_SOURCES or m.cls not in ("Person", "Organization"):
            continue
        over = [s for s in spans if s.start < m.end and m.start < s.end]
        if any(s.label == m.cls for s in over):
            continue
        if any(s.raw >= OTHER_CLASS_VETO for s in over) or outside.get((m.start, m.end), 0.0) >= OUTSIDE_VETO:
            out.append(m)
    return out


def _unread_suffix_name(m: Mention, spans, outside: dict, tokens) -> bool:
    """A suffix-read organisation (``SUFFIX_SOURCES``) that no tagged span overlaps and that the tagger
    reads as a name of another kind (a work, a game: mean marginal of "no name" at most
    ``ANOTHER_KIND_VETO``; 《某某联盟》) or as no name (at least ``OUTSIDE_VETO``; 报价中间价报), or
    that is common words before its suffix (``_described``; not for the kinds ``_NAMED_BY_WORDS``:
    某某公益基金会). A body named by its place (常州子公司) is the rules' to read; so are the kinds of
    ``_READ_BY_KIND`` whatever the tagger reads: a newspaper is an organisation here (a book to
    CLUENER), and a fund or an association is named by what it does (某某技术应用母基金,
    某某产业促进会), which the tagger reads as no name."""
    if any(s.start < m.end and m.start < s.end for s in spans) or _place_named(m.text):
        return False
    o = outside.get((m.start, m.end))
    if o is not None and m.kind not in _READ_BY_KIND and not _LATIN_IN.search(m.text) \
            and (o <= ANOTHER_KIND_VETO or o >= OUTSIDE_VETO):
        return True
    return m.kind not in _NAMED_BY_WORDS and _described(tokens, m.start, m.end)


def _place_named(text: str) -> bool:
    """A place, then one suffix word with at most one bound character before it (常州|子|公司,
    某市|政府, 北京|分|行), or a country, then a suffixed name (中国|研发中心, 德国|创新中心: a
    company's unit for that country): a body named by its place. Vetoed, such a name would leave
    its place to be read alone (在L落地|中国|创新中心 is no settling in 中国)."""
    lex = lexicon()
    for w in lex.org_suffix_words:
        if len(w) < len(text) and text.endswith(w):
            stem = text[:-len(w)]
            if any(p in lex.places or lex.place_candidates(p) for p in (stem, stem[:-1]) if len(p) >= 2):
                return True
    first = lex.place_index.longest_at(text, 0)
    return first is not None and len(first) < len(text) and any(
        p.level == "country" for p in lex.place_candidates(first))


_COMMON = frozenset(("n", "vn"))
_DESCRIPTIVE = frozenset(("n", "vn", "v", "a", "an", "b", "d", "f"))
_DESCRIBING = frozenset(("v", "a", "b", "d"))     # a verb or an adjective among them: nouns alone may be a brand (星河|实验室)
# kinds of body often named by common words alone (某某产业投资基金, 某某公益基金会, 某某投顾)
_NAMED_BY_WORDS = frozenset(("Fund", "FinancialInstitution", "Association"))
_READ_BY_KIND = frozenset(("MediaOrganization", "Fund", "Association"))
_LATIN_IN = re.compile(r"[A-Za-z]{2,}")     # a brand in Latin letters (某某DG资本): the probe reads it poorly


def _described(tokens, start: int, end: int) -> bool:
    """[start, end) is common words before a suffix, a verb or an adjective among them (游戏|开发|公司,
    首要|官方|资讯|杂志, 著名|时尚杂志): a description of a kind of body, no name (a place, a person's
    or brand's name, an abbreviation, a number or Latin in it make it one: 俄罗斯|军事|杂志 is left to
    the other rules; nouns alone may be a brand: 星河|实验室, 南方|电力|集团)."""
    inside = [k for k in tokens if start <= k.start and k.end <= end]
    return (len(inside) >= 2 and inside[0].start == start and inside[-1].end == end
            and all(k.pos in _DESCRIPTIVE for k in inside[:-1]) and inside[-1].pos in ("n", "nt", "vn")
            and any(k.pos in _DESCRIBING for k in inside[:-1]))


def _generic_start(tokens, start: int) -> bool:
    """The name opens with a generic word (地方|政府控股, 国有|企业): a description, not a name."""
    from ..lexicon import rule_words

    first = next((k for k in tokens if k.start == start), None)
    return first is not None and (first.text in rule_words()["generic_stems"] or first.text in lexicon().generic_words)



def _title_in_a_longer_word(tokens, start: int, end: int) -> bool:
    """The span's last word holds a lexicon title but does not end with one (经理人, 司令部)."""
    last = next((k for k in tokens if k.end == end and k.start >= start), None)
    if last is None or len(last.text) < 3:
        return False
    titles = lexicon().titles
    word = last.text
    return _title_tail(word) == len(word) and any(word[i:j] in titles for i in range(len(word))
                                                  for j in range(i + 2, len(word)))


def _on_token_bounds(tokens, start: int, end: int) -> bool:
    if not tokens:
        return True
    return any(k.start == start for k in tokens) and any(k.end == end for k in tokens)


def _common_nouns(tokens, start: int, end: int) -> bool:
    """The span is whole common-noun words only (新能源|汽车, 规范化|家具|集团: a bare legal suffix
    counts as one): an industry or a description, not a name."""
    inside = [k for k in tokens if start <= k.start and k.end <= end]
    return (len(inside) >= 2 and inside[0].start == start and inside[-1].end == end
            and all(k.pos in _COMMON for k in inside[:-1])
            and (inside[-1].pos in _COMMON or any(inside[-1].text == x[0] for x in lexicon().org_suffixes)))


_VERBS = frozenset(("v", "vd", "vi"))
_NOT_A_NAME_END = frozenset(("a", "ad", "d", "u", "uj", "ul"))
# a tagged organisation this sure is a name whatever jieba's parts of speech inside it say: jieba
# reads bound suffix characters as verbs (区住房保障|办, 某某中心|支行, 某某商|会)
WORDS_CONFIDENCE = 0.95
BEFORE_TITLE_CONFIDENCE = 0.55   # a tagged organisation written right before a title: the title is evidence


def _has_suffix(text: str) -> bool:
    return any(text.endswith(w) for w in lexicon().org_suffix_words)


def _verb_phrase(tokens, start: int, end: int, text: str, raw: float = 1.0, titled: bool = False) -> bool:
    """A tagged organisation that reads as a clause or a description, not a name: one common word
    or verb with no suffix (精准|招商), a body before a title ending in a verb (安徽省|相关|负责人), a
    place and common words with no suffix (北京|发展医药健康产业), one ending in an adjective or
    adverb word, or one holding a verb and no suffix word (广州番禺|设立|总部; 勘察设计|协会 is a name)."""
    inside = [k for k in tokens if start <= k.start and k.end <= end]
    if not inside:
        return False
    if len(inside) == 1:
        return (inside[0].pos in _VERBS or inside[0].pos in ("n", "vn") and raw < SUPERSET_CONFIDENCE) \
            and len(inside[0].text) >= 2 and not _has_suffix(text)     # 精准|招商: one common word
    if titled and inside[-1].pos in _VERBS:
        return True                     # 安徽省|相关|负责人: the body before a title ends in a noun
    if inside[0].pos == "ns" and not _has_suffix(text) and len(inside) >= 3 \
            and all(k.pos in ("n", "vn", "a", "v") for k in inside[1:]) and any(k.pos != "n" for k in inside[1:]):
        return True                     # 北京|发展医药健康产业: a place and a description
    if inside[-1].pos in _NOT_A_NAME_END and len(inside[-1].text) >= 2:
        return True
    suffixes = lexicon().org_suffix_words
    return not any(k.text in suffixes for k in inside) and any(k.pos in _VERBS and len(k.text) >= 2
                                                                for k in inside[1:-1])


def _title_lead(lead: str) -> bool:
    """What a tagged title may add before a rule title it ends with: a modifier (副|总经理) or a line of
    work (金融学|教授, 心理咨询|老师); not a state's or a place's (国家|主席: the rules read state titles and
    their chains), and no other rule name (that blocks the span on its own)."""
    lex = lexicon()
    return lead in lex.title_modifiers or not (lead.endswith(_STATE_WORDS) or lead in lex.places
                                               or lead[-1] in "省市县区" and lead[:-1] in lex.places)


def _is_count(token) -> bool:
    """A number word with a measure written in Chinese (两座, 三家, 十余家): a count. An ordinal (美军|第二|舰队)
    or a number in digits (远航|04|队, a stock code) is part of a name."""
    return token.pos in ("m", "mq") and not token.text.startswith("第") \
        and any("\u4e00" <= c <= "\u9fff" for c in token.text)


def _latin_word(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a whole run of Latin letters (not cut out of a longer word)."""
    return not (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()
                or end < len(text) and text[end].isascii() and text[end].isalnum())


def _in_a_foreign_run(text: str, start: int, end: int) -> bool:
    """The span's last two characters and the one after it all write foreign names (阿斯|莫)."""
    chars = lexicon().transliteration
    return end - start >= 2 and all(c in chars for c in text[end - 2:end + 1])


def _clause_of_names(names, start: int, end: int) -> bool:
    """The span holds two rule organisations apart (南方电力集团|合资成立|江南新材料有限公司): a clause."""
    inner = [m for m in names if m.cls == "Organization" and start <= m.start and m.end <= end]
    return any(a.end < b.start for a in inner for b in inner)


def merge(candidates: list[Mention], spans, text: str, tokens=(), outside=None) -> list[tuple[Mention, float]]:
    """The tagger spans (kg.tagger.Span) to add beside the rules' ``candidates``, with their confidences.

    Pure: the policy of the module docstring over the candidates as they stand (``outside``: see
    ``unsupported``)."""
    return [(m, c) for m, c, reason in judge(candidates, spans, text, tokens, outside) if reason is None]


def judge(candidates: list[Mention], spans, text: str, tokens=(), outside=None) -> list[tuple[Mention, float, str | None]]:
    """Every tagger span (titles split) as a mention with its confidence and the name of the rule
    of the policy that drops it (None: kept); ``merge`` keeps the ones no rule drops. The reasons
    are for reading the policy's effect (benchmarks/merge_diff.py), not for the pipeline."""
    spans = split_titles(spans, candidates)
    vetoed = set(vetoes(candidates, spans)) | set(unsupported(candidates, spans, outside, tokens)) \
        | set(swallowed(candidates, spans, text))
    ruled_titles = [m for m in candidates if m.cls == "RoleTitle"]
    candidates = [m for m in candidates if m not in vetoed]
    names = [m for m in candidates if m.cls in NAME_CLASSES]
    structural = [m for m in candidates if m.cls not in NAME_CLASSES]
    exact = {(m.start, m.end) for m in names}
    titled = {m.start for m in names if m.cls == "RoleTitle"} | {s.start for s in spans if s.label == "RoleTitle"}
    out: list[tuple[Mention, float, str | None]] = []
    kept: list[Mention] = []
    for s in spans:
        if s.label not in MIN_CONFIDENCE:
            continue
        reason = _rejection(s, text, tokens, names, structural, exact, titled, ruled_titles, kept)
        m = Mention(s.text, s.label, s.start, s.end, None, Source.TAGGER)
        out.append((m, s.confidence, reason))
        if reason is None:
            kept.append(m)
    return out


def _runs_past(s, m: Mention) -> bool:
    """A very confident tagged organisation (``SWALLOW_CONFIDENCE``) holds the project or park read
    from its suffix word and runs on past it (某某基因工程|股份有限公司, 某某大学管理工程|系): the
    suffix word stands inside the name."""
    return (s.label == "Organization" and m.cls in ("Project", "Park") and s.raw >= SWALLOW_CONFIDENCE
            and s.start <= m.start and m.end < s.end)


def _rejection(s, text, tokens, names, structural, exact, titled, ruled_titles, kept) -> str | None:
    """The name of the first rule of the policy that drops tagged span ``s`` (None: kept)."""
    if s.raw < MIN_CONFIDENCE[s.label] and not (s.label == "Organization" and s.end in titled
                                                 and s.raw >= BEFORE_TITLE_CONFIDENCE):
        return "threshold"              # 微软|首席执行官: an organisation before a title needs less
    if any(m.start < s.end and s.start < m.end and not _runs_past(s, m) for m in structural):
        return "structural"
    if (s.start, s.end) in exact:
        return "rule-equal"
    superset = False
    for m in names:
        if m.end <= s.start or s.end <= m.start:
            continue
        if s.start <= m.start and m.end <= s.end and (s.label != "RoleTitle" or m.cls == "RoleTitle"
                                                       and m.end == s.end and _title_lead(text[s.start:m.start])):
            superset = True                 # strictly longer (the equal span is out above)
        else:
            return "rule-inside" if m.start <= s.start and s.end <= m.end else "rule-crossing"
    if superset and s.raw < SUPERSET_CONFIDENCE:
        return "superset-threshold"
    if superset and s.label == "Organization" and _place_then_name(names, s.start, s.end):
        return "place-then-name"        # 荷兰|菲仕达: the rules read a place before a name, not one name
    if s.label in ("Person", "Organization") and s.start > 0 and text[s.start - 1].isdigit() \
            and text[s.start] in "年月日号":
        return "in-a-date"              # 3月4|日电 星河智能…: a name never starts inside a date (a dateline's 日电)
    if s.label in ("Person", "Organization") and _SPACE_IN_CJK.search(s.text):
        return "space"                  # 中新网上海4日电 星河智能…: a Chinese name never runs over a space
    if s.label == "Organization" and s.end < len(text) and _in_a_foreign_run(text, s.start, s.end) and any(
            m.cls == "Place" and m.start == s.start and m.end < s.end for m in names):
        return "foreign-run"            # 荷兰阿斯|莫宣布: a country's transliterated brand runs on past the span
    if s.label == "Organization" and s.start > 0 and re.fullmatch(r"[A-Za-z]+", s.text) and any(
            k.end == s.start and len(k.text) == 1 and "\u4e00" <= k.text <= "\u9fff" and k.pos[:1] not in "pcux"
            for k in tokens):
        return "latin-glued"            # 泛|TMT: Latin letters glued to a bound prefix
    if s.label == "Organization" and tokens and s.raw < WORDS_CONFIDENCE \
            and _verb_phrase(tokens, s.start, s.end, s.text, s.raw, s.end in titled):
        return "verb-phrase"
    if s.label == "Organization" and _clause_of_names(names, s.start, s.end):
        return "clause-of-names"
    if s.label == "RoleTitle" and s.text in lexicon().titles and s.text == text[s.start:s.end] \
            and not any(m.start < s.end and s.start < m.end for m in ruled_titles):
        return "title-declined"         # 晚会中将为: a lexicon title the title rules read and declined
    if s.label == "Organization" and _title_tail(s.text) < len(s.text) - 1:
        return "ends-with-title"        # 中共中央政治局常委: ends with a title, a post rather than a body
    if s.label == "Organization" and _CLAUSE_MARK.search(s.text):
        return "clause-mark"            # a name never runs over a clause break (合作网络,培育建设)
    if s.label == "Organization" and _NOT_IN_A_NAME.search(s.text) and any(
            s.start <= k.start and k.end <= s.end and k.pos in _FUNCTION_POS for k in tokens):
        return "function-word"
    if s.label == "Organization" and any(s.start < k.start and k.end <= s.end and _is_count(k) for k in tokens):
        return "count-inside"           # 南通|两座|工厂: a count inside is a description
    if s.label == "Person" and "&" in (text[s.start - 1:s.start] + text[s.end:s.end + 1]):
        return "ampersand"              # names joined by & are brands (方太&米博)
    if s.label in ("Person", "Organization") and text.rfind("《", 0, s.start) > text.rfind("》", 0, s.start):
        return "in-a-work-title"        # inside a work's title marks (《哈里·伯特与魔法石》)
    if s.label == "RoleTitle" and s.text == text[s.start:s.end] and not _on_token_bounds(tokens, s.start, s.end):
        return "title-not-words"        # 经理 of 职业经理人: a title is whole words
    if s.label == "RoleTitle" and _title_in_a_longer_word(tokens, s.start, s.end):
        return "title-in-a-word"        # 职业|经理人: its last word holds a title and goes on past it
    if s.label == "Organization" and _vetoed_org(s.text):
        return "vetoed-word"
    if s.label == "Organization" and _common_nouns(tokens, s.start, s.end):
        return "common-nouns"
    if s.label == "Organization" and _generic_start(tokens, s.start):
        return "generic-start"
    if s.label == "Organization" and any(m.cls == "Organization" and m.end <= s.start
                                         and short_form_of(s.text, m.text) for m in names):
        return "short-form"             # a short form of a name given in full: the rules' alias reads it
    if s.label == "Person" and (len(s.text) < 2 or _NOT_A_PERSON.search(s.text)) and not (
            _LATIN_NAME.fullmatch(s.text) and s.raw >= LATIN_PERSON_CONFIDENCE and _latin_word(text, s.start, s.end)):
        return "not-a-person"
    if s.label == "RoleTitle" and s.text != text[s.start:s.end]:
        # a glued title: keep only if the organisation before it was kept
        if not kept or kept[-1].end != s.start:
            return "glued-title-alone"
    return None


def _confirmations(candidates: list[Mention], spans) -> dict[Mention, float]:
    """Rule mentions the tagger found too (same span and class): both kinds of evidence combined."""
    by_span = {(s.start, s.end, s.label): s.confidence for s in spans}
    out = {}
    for m in candidates:
        c = by_span.get((m.start, m.end, m.cls))
        if c is not None:
            out[m] = round(1 - (1 - RULE_CONFIDENCE) * (1 - c), 4)
    return out


def _record(doc: Doc, found, name: str) -> None:
    added, confirmed, vetoed = found
    if vetoed:
        gone = set(vetoed)
        doc.candidates = [m for m in doc.candidates if m not in gone]
    conf = doc.user_data.setdefault("confidence", {})
    conf.update(confirmed)
    for m, c in added:
        conf[m] = c
    add_mentions(doc, [m for m, _ in added], name)


def _tag_many(docs: list) -> None:
    """The batch step: the tagger reads every Doc's text at once (``Tagger.tag_many``)."""
    from ..tagger import load

    for doc, tagged in zip(docs, load().tag_many([(d.text, d.tokens) for d in docs])):
        doc.user_data["tagged"] = tagged


@component("mentions.tagger", _record, stage="mentions", prepare=_tag_many)
def tagger(doc: Doc):
    """The trained tagger's Person / Organization / RoleTitle spans that the merge policy keeps,
    fed the document's own jieba tokens (the model is loaded once per process)."""
    from ..tagger import load

    probes = [(m.start, m.end) for m in doc.candidates if m.source in WEAK_SOURCES or m.source in SUFFIX_SOURCES]
    tagged = doc.user_data.get("tagged") or load().tag_many([(doc.text, doc.tokens)])[0]
    spans, outside = list(tagged.spans), tagged.outside(probes)
    split = split_titles(spans, doc.candidates)
    return (merge(doc.candidates, spans, doc.text, doc.tokens, outside), _confirmations(doc.candidates, spans),
            vetoes(doc.candidates, split) + unsupported(doc.candidates, split, outside, doc.tokens)
            + swallowed(doc.candidates, split, doc.text))


def fact_confidence(doc: Doc, fact) -> float:
    """A fact's confidence: its pattern's, times the confidence of its least certain tagger mention."""
    conf = doc.user_data.get("confidence")
    if not conf:
        return fact.confidence
    parts = [fact.subject, getattr(fact.object, "org", fact.object)]
    tagged = [conf[m] for m in parts if isinstance(m, Mention) and m.source == Source.TAGGER and m in conf]
    return round(fact.confidence * min(tagged), 4) if tagged else fact.confidence
