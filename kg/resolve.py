"""Mentions -> canonical entities: aliases (简称, abbreviations), references (该公司, 园区), places by code.

`resolve_article` works inside one article; `merge_corpus` then joins entities of
different articles that share a surface form (places by their division code).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace
from typing import Iterable, Mapping

from .extract.base import RawFact, RawRole
from .lexicon import lexicon, parent_code
from .model import Entity, Evidence, Extraction, Fact, Mention, Role, Source
from .names import _LEGAL, _strip_place, org_core, short_form_of  # noqa: F401  (org_core: used here and re-exported)

_SUBAREA = re.compile(r"(?:东|西|南|北|中)区$|[一二三四五六七八九]期$")
_ENTITY = ("Person", "Organization", "Park", "Place", "Project", "Event")


def _initials(name: str) -> str | None:
    """中国—泰国联合实验中心 -> 中泰联合实验中心."""
    m = re.match(r"([\u4e00-\u9fff]{2,5})[—\-－]([\u4e00-\u9fff]{2,5}?)(.+)$", name)
    if m and lexicon().place_candidates(m.group(1)) and lexicon().place_candidates(m.group(2)):
        return m.group(1)[0] + m.group(2)[0] + m.group(3)
    return None


def _place_code(text: str, context_codes: set[str]) -> str | None:
    lex = lexicon()
    best = None
    for n in range(len(text), 1, -1):           # the last division named is the most specific
        tail = text[len(text) - n:]
        cands = lex.place_candidates(tail) or lex.places.get("~" + tail, ())
        if cands:
            # prefer the candidate whose parent is in the text or the article
            for c in cands:
                if parent_code(lex, c.code) in context_codes or c.code in context_codes:
                    return c.code
            best = cands[0].code
            break
    return best


class _Groups:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, i):
        while self.parent.get(i, i) != i:
            i = self.parent[i]
        return i

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _other_place(x: str, y: str) -> bool:
    """The same body under two different places (英国政府 / 法国政府, 杭州市教育局 / 南京市教育局): two
    organisations, not two forms of one."""
    bx, by = _strip_place(x), _strip_place(y)
    return bx == by and bx != x and by != y and x != y


def _same(a: Mention, b: Mention) -> bool:
    """Two surface forms of one organisation, park or project."""
    x, y = a.text, b.text
    if x == y:
        return True
    if len(x) < len(y):
        x, y = y, x
    if a.cls == "Person" or b.cls == "Person":
        return False
    if _other_place(x, y):
        return False
    if _initials(x) == y:
        return True
    base = re.sub(r"[(（][^)）]*[)）]$", "", x)
    if base == y:
        return True
    # 某某产业园项目 / 物流园项目 / 12个重点产业项目
    def plain(s):
        s = re.sub(r"^\d+个", "", s)
        s = re.sub(r"项目$", "", s)
        return _SUBAREA.sub("", s)
    if plain(x) == plain(y) and len(plain(y)) >= 4:
        return True
    if {a.cls, b.cls} <= {"Organization"} and _contraction(x, y):
        return True
    if {a.cls, b.cls} <= {"Organization"}:
        cx = org_core(x)
        if len(cx) >= 2 and (cx == y or cx == org_core(y) or cx + "公司" == y or _strip_place(x) == y):
            return len(cx) >= 2 and cx not in ("中国", "国家")
    if {a.cls, b.cls} <= {"Park"}:
        core = _strip_place(y)
        if len(core) >= 4 and (x.endswith(core) or x.endswith(y)):
            return True
    return False


def _contraction(long: str, short: str) -> bool:
    """中国科学技术协会 -> 中国科协, 南京钢铁集团 -> 南钢集团: a short form made of characters of the
    long one in order, starting with its first, ending inside its suffix word (联合会, 学院…) and
    keeping at least one character of its distinctive middle, so 中国银行 is no contraction
    of 中国光大银行."""
    if not 3 <= len(short) < len(long) or short[0] != long[0]:
        return False
    lex = lexicon()
    ends = [w for w in lex.longer_suffixes_by_last.get(long[-1], ()) if long.endswith(w) and len(w) < len(long)]
    suffix = max(ends, key=len, default=long[-1] if long[-1] in lex.org_suffix_words else "")
    if not suffix:
        return False
    middle_start = len(long) - len(_strip_place(long))
    middle_end = len(long) - len(suffix)
    if short[-1] not in suffix or middle_start >= middle_end:
        return False
    positions, i = [], 0
    for ch in short:
        i = long.find(ch, i)
        if i < 0:
            return False
        positions.append(i)
        i += 1
    return positions[-1] >= middle_end and any(middle_start <= p < middle_end for p in positions)


def _fits(wanted: str, m: Mention) -> bool:
    """该公司 points at a company (or a bank, or an organisation of unknown kind), never at a fund
    or a ministry it happens to follow; 本行 at a bank, also one a company suffix names
    (某某银行股份有限公司)."""
    kind = m.kind
    return kind is None or kind == wanted or (wanted == "Company" and kind == "FinancialInstitution") \
        or (wanted == "FinancialInstitution" and "银行" in m.text)


_EXACT_REACH = 120      # characters back that a reference looks for an antecedent of its exact kind


class _LastBefore:
    """The last mention (in text order) of a kind that ends at or before a position: one
    list per kind (made when first asked), searched by bisection from that position back, not
    scanned from the start of the article for each reference (quadratic in a long article)."""

    def __init__(self, ents: list[Mention]):
        self.ents = ents                 # sorted by (start, end)
        self.lists: dict = {}

    def __call__(self, key, keep, pos: int) -> Mention | None:
        if key not in self.lists:
            sel = [e for e in self.ents if keep(e)]
            self.lists[key] = (sel, [e.start for e in sel])
        sel, starts = self.lists[key]
        i = bisect.bisect_left(starts, pos) - 1
        while i >= 0:
            if sel[i].end <= pos:
                return sel[i]
            i -= 1
        return None


def resolve_article(extraction_article, mentions: list[Mention], raw: list[RawFact]) -> tuple[tuple[Entity, ...], tuple[Fact, ...]]:
    article = extraction_article
    lex = lexicon()
    ents = [m for m in mentions if m.cls in _ENTITY]
    # synthetic mentions a relation created (the embassy of 泰国驻华大使)
    known = set(ents)
    for f in raw:
        for x in (f.subject, f.object.org if isinstance(f.object, RawRole) else f.object):
            if isinstance(x, Mention) and x.cls in _ENTITY and x not in known:
                ents.append(x)
                known.add(x)
    ents.sort(key=lambda m: (m.start, m.end))
    # references -> nearest compatible mention before them
    ref_target: dict[Mention, Mention] = {}
    last_before = _LastBefore(ents)
    for r in (m for m in mentions if m.cls == "Ref"):
        fine = (lex.references.get(r.text) or (None, None))[1]
        cls = r.kind
        prev = last_before(("ref", fine, cls), lambda e: e.cls == cls and (not fine or _fits(fine, e)), r.start)
        if prev is not None and fine and prev.kind != fine:
            # 该公司 after "X股份有限公司完成融资，由Y资本领投。": an organisation of exactly the
            # kind named is a better antecedent than a nearer one that only may be of it
            exact = last_before(("exact", fine, cls), lambda e: e.cls == cls and e.kind == fine, r.start)
            if exact is not None and r.start - exact.end <= _EXACT_REACH:
                prev = exact
        if prev is not None:
            ref_target[r] = prev
    # declared short names: X（以下简称“Y”）
    declared = {}
    for al in (m for m in mentions if m.cls == "Alias"):
        prev = last_before("alias", lambda e: e.cls in ("Organization", "Park", "Project"), al.start)
        if prev is not None:
            declared[al.text] = prev
    # group surface forms
    idx = {id(m): i for i, m in enumerate(ents)}
    g = _Groups()
    codes = {}
    context_codes = set()
    for m in ents:
        if m.cls == "Place":
            c = _place_code(m.text, context_codes)
            if c:
                codes[id(m)] = c
                context_codes.add(c)
                context_codes.add(parent_code(lex, c))
    by_key: dict = {}
    for m in ents:
        key = ("Place", codes[id(m)]) if id(m) in codes else None
        if key:
            if key in by_key:
                g.union(idx[id(m)], by_key[key])
            else:
                by_key[key] = idx[id(m)]
    # the same surface form of one class is one entity; distinct forms are compared pairwise
    first_of: dict[tuple[str, str], Mention] = {}
    for m in ents:
        if m.cls == "Place":
            continue
        key = ("Park" if m.cls == "Project" else m.cls, m.text)
        if key in first_of:
            g.union(idx[id(m)], idx[id(first_of[key])])
        else:
            first_of[key] = m
    forms = list(first_of.values())
    for i, a in enumerate(forms):
        for b in forms[i + 1:]:
            if (a.cls == b.cls or {a.cls, b.cls} <= {"Park", "Project"}) and _same(a, b):
                g.union(idx[id(a)], idx[id(b)])
    for short, target in declared.items():
        for m in ents:
            if m.text == short:
                g.union(idx[id(m)], idx[id(target)])
    # a short form found before a title (上汽大众总经理) joins the one organisation it shortens; where
    # several do (深创投: the company and its 深创投某某基金), the one under its registered name
    for m in ents:
        if m.source != Source.ALIAS_SHORT_TITLE:
            continue
        fits = [b for b in forms if b.cls == "Organization" and b.source != Source.ALIAS_SHORT_TITLE
                and short_form_of(m.text, b.text)]
        roots = {g.find(idx[id(b)]) for b in fits}
        if len(roots) > 1:
            roots = {g.find(idx[id(b)]) for b in fits if b.text.endswith(_LEGAL)}
        if len(roots) == 1:
            g.union(idx[id(m)], roots.pop())
    groups: dict[int, list[Mention]] = {}
    for m in ents:
        groups.setdefault(g.find(idx[id(m)]), []).append(m)
    entity_of: dict[int, Entity] = {}
    entities = []
    for members in groups.values():
        forms = sorted({m.text for m in members}, key=lambda s: (-len(s), s))
        cls_votes = [m.cls for m in members]
        cls = "Park" if "Park" in cls_votes and set(cls_votes) <= {"Park", "Project"} else max(
            sorted(set(cls_votes)), key=lambda c: (cls_votes.count(c), -_ENTITY.index(c)))
        label = forms[0]
        kind = vote_kind(Counter(m.kind for m in members if m.kind)) if cls == "Organization" else None
        if kind == "Organization":
            kind = None
        member_set = set(members)
        alts = tuple(sorted(set(forms[1:]) | ({f for f in declared if declared[f] in member_set}) - {label}))
        e = Entity(Entity.make_id(cls, label), label, cls, kind, alts)
        entities.append(e)
        for m in members:
            entity_of[id(m)] = e
    for r, t in ref_target.items():
        if id(t) in entity_of:
            entity_of[id(r)] = entity_of[id(t)]

    def ent(m):
        return entity_of.get(id(m))

    facts = []
    seen = set()
    for f in raw:
        s = ent(f.subject)
        if s is None:
            continue
        obj = f.object
        if isinstance(obj, Mention):
            o = ent(obj)
            if o is None or o.id == s.id:
                continue
            value = o.id
        elif isinstance(obj, RawRole):
            o = ent(obj.org)
            if o is None or o.cls != "Organization" or s.cls != "Person":
                continue
            value = Role(obj.title, o.id, obj.current)
        else:
            value = obj
        ev = Evidence(article.id, f.sentence.text, f.sentence.start, f.sentence.end, f.extractor, f.confidence)
        key = (f.relation, s.id, value)
        if key in seen:
            continue
        seen.add(key)
        facts.append(Fact(f.relation, s.id, value, ev))
    return _people_by_organisation(tuple(entities), tuple(facts))


def _people_by_organisation(entities: tuple[Entity, ...], facts: tuple[Fact, ...]):
    """A person who holds a role gets an id naming the organisation (张伟@华为), so two people of
    one name at different organisations stay apart across articles; the label stays the name."""
    labels = {e.id: e.label for e in entities}
    orgs: dict[str, set[str]] = {}
    for f in facts:
        if f.relation == "holdsRole" and isinstance(f.object, Role) and f.object.organization in labels:
            orgs.setdefault(f.subject, set()).add(org_core(labels[f.object.organization]))
    new_id = {}
    out = []
    for e in entities:
        if e.cls == "Person" and orgs.get(e.id):
            e2 = replace(e, id=Entity.make_id("Person", f"{e.label}@{min(orgs[e.id])}"))
            new_id[e.id] = e2.id
            e = e2
        out.append(e)
    if new_id:
        facts = tuple(replace(f, subject=new_id.get(f.subject, f.subject),
                              object=new_id.get(f.object, f.object) if isinstance(f.object, str) else f.object)
                      for f in facts)
    return tuple(sorted(out, key=lambda e: e.id)), facts


# When mentions (in one article) or articles (across the corpus) disagree on an organisation's
# kind, the kind most of them give wins; a tie goes to the first of these, the more specific
# kinds before the general Company (never to whichever came first, so no order matters).
KIND_TIES = ("Fund", "FinancialInstitution", "MediaOrganization", "ResearchInstitute",
             "EducationalInstitution", "Association", "GovernmentBody", "Company")


def vote_kind(votes: Mapping[str, int]) -> str | None:
    """The kind with most ``votes`` (kind -> count), ties broken by ``KIND_TIES`` then by name;
    None without votes, and for the plain "Organization"."""
    if not votes:
        return None
    rank = {k: i for i, k in enumerate(KIND_TIES)}
    kind = min(votes, key=lambda k: (-votes[k], rank.get(k, len(rank)), k))
    return None if kind == "Organization" else kind


def canonical_entities(counts: Mapping[Entity, int] | Iterable[tuple[Entity, int]]) -> dict[str, Entity]:
    """The merged entity of each entity id, from every distinct per-article entity and the number
    of articles it stands in (``merge_corpus``'s rule, see there).

    A function of the counts alone: the order they come in changes nothing (groups are a partition,
    labels and person ids are the least by a total order, kinds a vote with fixed tie-breaks).
    """
    items = counts.items() if isinstance(counts, Mapping) else counts
    items = sorted(items, key=lambda ec: (ec[0].id, ec[0].label, ec[0].kind or "", ec[0].alt_labels, ec[1]))
    g = _Groups()
    keys: dict[tuple[str, str], int] = {}
    all_ids: dict[str, int] = {}
    forms_of: dict[str, set[str]] = {}
    kind_votes: dict[str, Counter] = {}
    for e, n in items:
        i = all_ids.setdefault(e.id, len(all_ids))
        forms_of.setdefault(e.id, set()).update((e.label,) + e.alt_labels)
        votes = kind_votes.setdefault(e.id, Counter())
        if e.kind:
            votes[e.kind] += n
        # people join by id (name and organisation), everything else by any of its names
        forms = (e.id,) if e.cls == "Person" else (e.label,) + e.alt_labels
        for form in forms:
            k = (e.cls, form)
            if k in keys:
                g.union(i, keys[k])
            else:
                keys[k] = i
    groups: dict[int, list[str]] = {}
    for eid, i in all_ids.items():
        groups.setdefault(g.find(i), []).append(eid)
    canon: dict[str, Entity] = {}
    for members in groups.values():
        forms = set().union(*(forms_of[m] for m in members))
        label = sorted(forms, key=lambda s: (-len(s), s))[0]
        cls = members[0].split("/", 1)[0]
        # the kind of the first member (by id) that has one, that member's articles voting
        kind = next((k for k in (vote_kind(kind_votes[m]) for m in sorted(members)) if k), None)
        eid = min(members) if cls == "Person" else Entity.make_id(cls, label)
        e = Entity(eid, label, cls, kind, tuple(sorted(forms - {label})))
        for m in members:
            canon[m] = e
    return canon


def merge_corpus(extractions: list[Extraction]) -> list[Extraction]:
    """Entities of different articles sharing a surface form and class become one (longest label wins).

    The result depends on the set of articles, not on their order: the label is the longest name
    (the least in code-point order among the longest), a person keeps the least of its ids, and an
    organisation's kind is the one most of its articles give (``vote_kind``).
    """
    counts: Counter = Counter()
    for ex in extractions:
        counts.update(set(ex.entities))
    canon = canonical_entities(counts)
    new_id = {old: e.id for old, e in canon.items()}
    return [rename_entities(ex, canon, new_id) for ex in extractions]


def rename_entities(ex: Extraction, canon: dict[str, Entity], new_id: dict[str, str]) -> Extraction:
    """The extraction with its entities replaced by their canonical ones and facts pointing to them."""
    ents = {}
    for e in ex.entities:
        c = canon[e.id]
        ents[c.id] = c
    facts = []
    for f in ex.facts:
        obj = f.object
        if isinstance(obj, str):
            obj = new_id.get(obj, obj)
        elif isinstance(obj, Role):
            obj = replace(obj, organization=new_id.get(obj.organization, obj.organization))
        facts.append(replace(f, subject=new_id.get(f.subject, f.subject), object=obj))
    return replace(ex, entities=tuple(sorted(ents.values(), key=lambda e: e.id)), facts=tuple(facts))
