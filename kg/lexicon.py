"""Lexicons under kg/resources: loaded once, validated on load (errors name file and row).

Everything here is general knowledge: name suffixes, park words, role titles,
surnames, administrative divisions (GB/T 2260) and countries (ISO 3166-1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from .errors import ResourceError

_PLACEHOLDER_DIVISIONS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划"}
_ORG_KINDS = {"Company", "GovernmentBody", "ResearchInstitute", "EducationalInstitution", "Association",
              "Fund", "FinancialInstitution", "MediaOrganization", "Organization"}


def _rows(name: str):
    """(row number, fields) for each non-comment, non-empty line of a resource file."""
    path = resources.files("kg") / "resources" / name
    text = path.read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        yield n, line.rstrip("\n").split("\t")


def _words(name: str) -> tuple[str, ...]:
    out = []
    for n, fields in _rows(name):
        for w in fields[0].split():
            if not w:
                raise ResourceError(name, n, "empty word")
            out.append(w)
    return tuple(dict.fromkeys(out))


RULE_WORD_LISTS = ("speech_verbs", "honorifics", "member_bodies", "generic_stems", "generic_park_stems",
                   "generic_heads", "compound_tails", "list_skip_heads", "acts_after_name", "standalone_refs",
                   "list_org_heads", "list_person_heads", "fixture_words", "object_verbs", "list_org_verbs",
                   "appointed", "settle_verbs")


@lru_cache(maxsize=1)
def rule_words(name: str = "rule_words.tsv") -> dict[str, tuple[str, ...]]:
    """The word lists of the rule recognisers (``kg/resources/rule_words.tsv``): list name -> words in
    file order. ResourceError (file and row) for a malformed row, an unknown or repeated list, or a
    list missing."""
    out: dict[str, tuple[str, ...]] = {}
    last = 0
    for n, fields in _rows(name):
        last = n
        if len(fields) != 2:
            raise ResourceError(name, n, "expected a list name, a tab, then the words")
        key, words = fields[0].strip(), fields[1].split()
        if key not in RULE_WORD_LISTS:
            raise ResourceError(name, n, f"unknown word list {key!r}")
        if key in out:
            raise ResourceError(name, n, f"word list {key!r} given twice")
        if not words:
            raise ResourceError(name, n, f"word list {key!r} is empty")
        out[key] = tuple(dict.fromkeys(words))
    missing = [k for k in RULE_WORD_LISTS if k not in out]
    if missing:
        raise ResourceError(name, last, f"missing word lists: {', '.join(missing)}")
    return out


@dataclass(frozen=True)
class PlaceInfo:
    code: str           # adcode, ISO alpha-2, or the name itself for extra places
    name: str           # full name
    level: str          # province | city | district | country | region
    parent: str         # code of the parent ("" if none)


@dataclass(frozen=True)
class Lexicon:
    org_suffixes: tuple[tuple[str, str, int], ...]   # (suffix, kind, min stem), longest first
    park_suffixes: tuple[str, ...]
    project_suffixes: tuple[str, ...]
    titles: frozenset[str]
    title_modifiers: tuple[str, ...]
    title_domains: tuple[str, ...]   # lines of work written before a head (营销总监, 固定收益总监)
    transliteration: frozenset[str]  # characters used to write foreign names (斯, 尔, 德 ...)
    surnames1: frozenset[str]
    surnames2: frozenset[str]
    places: dict                  # surface form -> tuple[PlaceInfo, ...]
    place_by_code: dict           # code -> PlaceInfo
    boundary_words: frozenset[str]
    name_verbs: frozenset[str]
    references: dict              # word -> (class, kind or None)
    known_orgs: dict              # name -> kind (national bodies and news agencies without a suffix)
    generic_words: frozenset[str]  # words that alone never make a name (债券, 指数, 上述, 众多 ...)

    def place_candidates(self, form: str) -> tuple[PlaceInfo, ...]:
        return self.places.get(form, ())

    # Indexes built once per lexicon: the finders scan each text once instead of once per word.
    @cached_property
    def title_index(self) -> "WordIndex":
        return WordIndex(self.titles)

    @cached_property
    def place_index(self) -> "WordIndex":
        return WordIndex(f for f in self.places if not f.startswith("~"))

    @cached_property
    def district_short_index(self) -> "WordIndex":
        return WordIndex(f[1:] for f in self.places if f.startswith("~"))

    @cached_property
    def district_short(self) -> dict:
        return {f[1:]: v for f, v in self.places.items() if f.startswith("~")}

    @cached_property
    def org_suffix_words(self) -> frozenset[str]:
        return frozenset(w for w, _, _ in self.org_suffixes)

    @cached_property
    def financial_suffixes(self) -> frozenset[str]:
        """Suffixes of banks, brokers, insurers and funds (银行, 证券, 基金): bodies without members."""
        return frozenset(w for w, kind, _ in self.org_suffixes if kind in ("FinancialInstitution", "Fund"))

    @cached_property
    def longer_suffixes_by_last(self) -> dict[str, tuple[str, ...]]:
        """Organisation suffixes of two or more characters by their last character (公司 under 司)."""
        out: dict[str, list[str]] = {}
        for w in self.org_suffix_words:
            if len(w) > 1:
                out.setdefault(w[-1], []).append(w)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def unit_words(self) -> tuple[str, ...]:
        """Words that end the name of a unit inside an organisation (财政金融司, 体操中心)."""
        return _words("unit_words.txt")

    @cached_property
    def unit_index(self) -> "WordIndex":
        return WordIndex(self.unit_words)

    @cached_property
    def generic_index(self) -> "WordIndex":
        return WordIndex(self.generic_words)

    @cached_property
    def boundary_endings(self) -> tuple[str, ...]:
        """The boundary words of two characters or more, for ``str.endswith``."""
        return tuple(sorted(b for b in self.boundary_words if len(b) >= 2))

    @cached_property
    def suffix_index(self) -> "WordIndex":
        """Organisation, park and project suffixes, each with what it makes."""
        return WordIndex(w for w, _, _ in self.org_suffixes) | WordIndex(self.park_suffixes) \
            | WordIndex(self.project_suffixes)


class WordIndex:
    """Words by first character, longest first: every occurrence in a text in one pass.

    A position is looked up by the lengths of the words its character begins, longest first,
    one set lookup per length (not one comparison per word)."""

    def __init__(self, words=()):
        self._words: set[str] = {w for w in words if w}
        self._index()

    def _index(self) -> None:
        lengths: dict[str, set] = {}
        for w in self._words:
            lengths.setdefault(w[0], set()).add(len(w))
        self._lengths = {c: tuple(sorted(v, reverse=True)) for c, v in lengths.items()}
        # the characters some word begins with, to jump to the next place a word may start
        self._firsts = re.compile("[" + "".join(re.escape(c) for c in sorted(lengths)) + "]") if lengths else None

    def __or__(self, other: "WordIndex") -> "WordIndex":
        out = WordIndex()
        out._words = self._words | other._words
        out._index()
        return out

    def words_at(self, text: str, i: int) -> list[str]:
        """Every word that starts at position i, longest first."""
        if i >= len(text):
            return []
        words, size = self._words, len(text)
        return [text[i:i + n] for n in self._lengths.get(text[i], ()) if i + n <= size and text[i:i + n] in words]

    def longest_at(self, text: str, i: int) -> str | None:
        if i >= len(text):
            return None
        words, size = self._words, len(text)
        for n in self._lengths.get(text[i], ()):
            if i + n <= size:
                w = text[i:i + n]
                if w in words:
                    return w
        return None

    def occurrences(self, text: str):
        """(start, end, word) of every occurrence of every word, overlapping ones included."""
        if self._firsts is None:
            return
        words, lengths, size = self._words, self._lengths, len(text)
        for m in self._firsts.finditer(text):
            i = m.start()
            for n in lengths[m.group()]:
                if i + n <= size:
                    w = text[i:i + n]
                    if w in words:
                        yield i, i + n, w

    def next_word(self, text: str, i: int) -> tuple[int, str | None]:
        """(position, longest word there) of the first position from i on where a word starts;
        (len(text), None) if there is none."""
        firsts = self._firsts
        while firsts is not None:
            m = firsts.search(text, i)
            if m is None:
                break
            i = m.start()
            w = self.longest_at(text, i)
            if w is not None:
                return i, w
            i += 1
        return len(text), None

    def scan(self, text: str):
        """(start, end, word): leftmost-longest, non-overlapping."""
        i = 0
        while True:
            i, w = self.next_word(text, i)
            if w is None:
                return
            yield i, i + len(w), w
            i += len(w)


def _load_places():
    by_code: dict[str, PlaceInfo] = {}
    forms: dict[str, list[PlaceInfo]] = {}

    def add(form, info, allow_short=True):
        if len(form) >= 2:
            forms.setdefault(form, []).append(info)

    for n, f in _rows("divisions.tsv"):
        if len(f) != 5:
            raise ResourceError("divisions.tsv", n, f"expected 5 fields, got {len(f)}")
        code, name, level, parent, short = f
        if name in _PLACEHOLDER_DIVISIONS:
            continue
        info = PlaceInfo(code, name, level, parent)
        by_code[code] = info
        add(name, info)
        if short != name and level in ("province", "city"):
            add(short, info)
        elif short != name and level == "district" and len(short) >= 2:
            forms.setdefault("~" + short, []).append(info)   # district short forms: only with context
    for n, f in _rows("countries.tsv"):
        if len(f) != 2:
            raise ResourceError("countries.tsv", n, f"expected 2 fields, got {len(f)}")
        code, name = f
        if code in ("CN", "HK", "MO", "TW"):
            continue
        info = PlaceInfo(code, name, "country", "")
        by_code[code] = info
        add(name, info)
    for n, f in _rows("places_extra.tsv"):
        if len(f) < 2:
            raise ResourceError("places_extra.tsv", n, "expected name, kind[, parent]")
        name, level = f[0], f[1]
        parent = f[2] if len(f) > 2 else ""
        info = PlaceInfo(name, name, level, parent)
        by_code.setdefault(name, info)
        add(name, info)
    # Prefer higher levels first for ambiguous forms (吉林 province before city).
    order = {"country": 0, "province": 1, "region": 2, "city": 3, "district": 4}
    return ({k: tuple(sorted(v, key=lambda i: (order.get(i.level, 9), i.code))) for k, v in forms.items()},
            by_code)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    org = []
    for n, f in _rows("org_suffixes.tsv"):
        if len(f) != 3 or f[1] not in _ORG_KINDS or not f[2].isdigit():
            raise ResourceError("org_suffixes.tsv", n, "expected suffix, a known kind, min stem")
        org.append((f[0], f[1], int(f[2])))
    org.sort(key=lambda r: -len(r[0]))
    surnames = _words("surnames.txt")
    places, by_code = _load_places()
    return Lexicon(
        org_suffixes=tuple(org),
        park_suffixes=tuple(sorted(_words("park_suffixes.txt"), key=len, reverse=True)),
        project_suffixes=tuple(sorted(_words("project_suffixes.txt"), key=len, reverse=True)),
        titles=frozenset(_words("titles.txt")),
        title_modifiers=tuple(sorted(_words("title_modifiers.txt"), key=len, reverse=True)),
        title_domains=tuple(sorted(_words("title_domains.txt"), key=len, reverse=True)),
        transliteration=frozenset(_words("transliteration_chars.txt")),
        surnames1=frozenset(s for s in surnames if len(s) == 1),
        surnames2=frozenset(s for s in surnames if len(s) == 2),
        places=places,
        place_by_code=by_code,
        boundary_words=frozenset(_words("boundary_words.txt")) - frozenset(_words("name_verbs.txt")),
        name_verbs=frozenset(_words("name_verbs.txt")),
        references=_references(),
        known_orgs=_known_orgs(),
        generic_words=frozenset(_words("generic_words.txt")),
    )


def _known_orgs():
    out = {}
    for n, f in _rows("known_orgs.tsv"):
        if len(f) != 2 or f[1] not in _ORG_KINDS:
            raise ResourceError("known_orgs.tsv", n, "expected name, a known kind")
        out[f[0]] = f[1]
    return out


def _references():
    out = {}
    for n, f in _rows("reference_words.tsv"):
        if len(f) < 2 or f[1] not in ("Organization", "Park", "Project", "Place", "Person"):
            raise ResourceError("reference_words.tsv", n, "expected word, class[, kind]")
        out[f[0]] = (f[1], (f[2] if len(f) > 2 and f[2] else None))
    return out


def parent_code(lex: Lexicon, code: str) -> str:
    """The nearest existing parent of a place (districts skip the placeholder 市辖区 level)."""
    info = lex.place_by_code.get(code)
    while info and info.parent:
        if info.parent in lex.place_by_code:
            return info.parent
        if len(info.parent) == 6 and info.parent[2:] != "0000":
            info = PlaceInfo(info.parent, "", "", info.parent[:2] + "0000")
            continue
        return info.parent if info.parent in lex.place_by_code else ""
    return ""
