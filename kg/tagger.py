"""A trained character-level tagger for people, organisations, role titles and places.

A linear-chain CRF (python-crfsuite) labels every character of a sentence with a
BIOES tag of Person, Organization or RoleTitle (Place too, for a model trained with
``--place``; the shipped one is not). Its features are the
characters around it, character bigrams, the jieba word it lies in (position,
part of speech, the word itself) and the lexicons of ``kg/resources`` (role
titles, organisation and park suffixes, divisions and countries, surnames,
transliteration characters). The shipped model lives in ``kg/models`` and is
reproduced by ``kg train`` (``kg/train.py``); it loads offline.

    >>> from kg import tagger
    >>> [(s.text, s.label) for s in tagger.load().tag("腾讯控股有限公司总裁刘炽平表示")]
    [('腾讯控股有限公司', 'Organization'), ('总裁', 'RoleTitle'), ('刘炽平', 'Person')]
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ResourceError
from .lexicon import WordIndex, lexicon
from .text import split_sentences, tokenize

LABELS = ("Person", "Organization", "RoleTitle", "Place")
# "Other" (works, games, scenes, ...) is only learnt so that those names are not read as people or
# organisations; the tagger never returns it
_SHORT = {"Person": "PER", "Organization": "ORG", "RoleTitle": "TIT", "Place": "LOC", "Other": "OTH"}
_LONG = {v: k for k, v in _SHORT.items()}
MAX_CHUNK = 200                 # characters: longer sentences are tagged in pieces
_BREAKS = "，,、：:；; \u3000"   # where a long sentence is preferably cut
MODEL_NAME = "tagger.crfsuite"
_DICT_CLASSES = {"nr": "nr", "nrfg": "nr", "nrt": "nrt", "ns": "ns", "nt": "nt", "nz": "nz"}
DEFAULT_GROUPS = ("chars", "bigrams", "shape", "jieba", "word", "lex", "context")
# a preposition or a passive / disposal marker never begins an organisation's name: a span the
# model opens on one (由锐驰…有限公司) is read without it (none in CLUENER's held-out tenth or Resume dev)
_NOT_ORG_FIRST = frozenset("由被把将给从")
# a field label and its value (职务：董事长, 公司：某某有限公司) are never one name: a span is read
# from after its last colon
_FIELD_MARKS = "：:"


@dataclass(frozen=True)
class Span:
    """A tagged span: ``text[start:end]`` is ``text``.

    ``marginal`` is the mean CRF marginal probability of its tags; ``confidence`` is that value
    calibrated on held-out sentences (``Calibration``): the measured share of spans of this type
    and marginal that are right. Without a calibration (or ``marginal`` None) the two are equal."""

    start: int
    end: int
    label: str          # one of LABELS
    text: str
    confidence: float
    marginal: float | None = None

    @property
    def raw(self) -> float:
        """The mean marginal (what the merge thresholds are set on)."""
        return self.confidence if self.marginal is None else self.marginal


# ---------------------------------------------------------------- calibration

@dataclass(frozen=True)
class Calibration:
    """Per type, a non-decreasing step map from a span's mean marginal to the precision measured
    for spans of that type and marginal (isotonic regression by pooling adjacent bins)."""

    steps: dict            # label -> ((upper bound of the marginal, precision), ...), bounds increasing
    fitted_on: str = ""

    BINS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0)

    def __call__(self, label: str, marginal: float) -> float:
        steps = self.steps.get(label)
        if not steps:
            return marginal
        for hi, p in steps:
            if marginal <= hi:
                return p
        return steps[-1][1]

    @classmethod
    def fit(cls, observations, fitted_on: str = "") -> "Calibration":
        """``observations``: (label, marginal, correct) triples. Bins of ``BINS``, then adjacent bins
        pooled while precision would fall (pool adjacent violators), each pool's precision smoothed
        as (right + 1) / (n + 2)."""
        by_label: dict[str, list] = {}
        for label, m, ok in observations:
            counts = by_label.setdefault(label, [[0, 0] for _ in cls.BINS])
            k = next(i for i, hi in enumerate(cls.BINS) if m <= hi or i == len(cls.BINS) - 1)
            counts[k][0] += bool(ok)
            counts[k][1] += 1
        steps = {}
        for label, counts in sorted(by_label.items()):
            pools: list[list] = []                      # [upper bound, right, n]
            for hi, (right, n) in zip(cls.BINS, counts):
                if n == 0:
                    if pools:
                        pools[-1][0] = hi
                    continue
                pools.append([hi, right, n])
                while len(pools) > 1 and (pools[-2][1] + 1) / (pools[-2][2] + 2) >= (pools[-1][1] + 1) / (pools[-1][2] + 2):
                    hi2, r2, n2 = pools.pop()
                    pools[-1] = [hi2, pools[-1][1] + r2, pools[-1][2] + n2]
            if pools:
                pools[-1][0] = 1.0
                steps[label] = tuple((hi, round((r + 1) / (n + 2), 4)) for hi, r, n in pools)
        return cls(steps, fitted_on)

    def to_json(self) -> str:
        """One line per type: [[upper bound of the mean marginal, precision], ...]."""
        head = json.dumps({"method": "isotonic over the mean marginal, per type; precision (right+1)/(n+2)",
                           "fitted_on": self.fitted_on}, ensure_ascii=False)[:-1]
        steps = ",\n".join(f"  {json.dumps(k)}: {json.dumps([list(x) for x in v])}" for k, v in sorted(self.steps.items()))
        return f"{head},\n \"steps\": {{\n{steps}\n }}\n}}\n"

    @classmethod
    def read(cls, path) -> "Calibration":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            steps = {k: tuple((float(hi), float(p)) for hi, p in v) for k, v in data["steps"].items()}
        except OSError as e:
            raise ResourceError(str(path), 0, f"cannot read the tagger's calibration: {e.strerror or e}") from e
        except (ValueError, KeyError, TypeError) as e:
            raise ResourceError(str(path), 0, f"invalid calibration: {e}") from e
        return cls(steps, str(data.get("fitted_on", "")))


def calibration_path(model_path) -> Path:
    """The calibration beside a model: tagger.crfsuite -> tagger.calibration.json."""
    return Path(model_path).with_suffix(".calibration.json")


# ---------------------------------------------------------------- features

def _shape(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "W"
    if ch.isalnum():
        return "A"      # other letters and numerals (全角, 一二 are H)
    return "P"


@lru_cache(maxsize=1)
def _lexicon_index() -> tuple[WordIndex, dict[str, tuple[str, ...]]]:
    """Over every lexicon the features use: the words' index (``kg.lexicon.WordIndex``), and each
    word's kinds (T title, O organisation suffix, K park suffix, N known organisation, C country,
    P place)."""
    lex = lexicon()
    kinds: dict[str, set] = {}

    def add(words, kind):
        for w in words:
            if w:
                kinds.setdefault(w, set()).add(kind)

    add(lex.titles, "T")
    add((w for w, _, _ in lex.org_suffixes), "O")
    add(lex.park_suffixes, "K")
    add(lex.known_orgs, "N")
    for form, infos in lex.places.items():
        if form.startswith("~"):
            continue
        add([form], "C" if infos and infos[0].level == "country" else "P")
    return WordIndex(kinds), {w: tuple(sorted(ks)) for w, ks in kinds.items()}


def lexicon_fingerprint() -> str:
    """A digest of every lexicon entry the features read (the lexicon index, surnames,
    transliteration characters). ``kg train`` records it in the model's metadata: a model
    reproduces byte for byte only while this stays the same."""
    import hashlib

    lex = lexicon()
    h = hashlib.sha1()
    for w, ks in sorted(_lexicon_index()[1].items()):
        h.update(("%s\t%s\n" % (w, " ".join(ks))).encode("utf-8"))
    for name, words in (("sur1", lex.surnames1), ("sur2", lex.surnames2), ("tr", lex.transliteration)):
        h.update(("%s\t%s\n" % (name, " ".join(sorted(words)))).encode("utf-8"))
    return h.hexdigest()[:16]


def _lexicon_tags(text: str) -> list[tuple[str, ...]]:
    """Per character, the lexicon matches covering it as KIND+position (TB, TE, OS, PI ...), longer
    words first."""
    index, kinds = _lexicon_index()
    tags: list[list[str] | None] = [None] * len(text)
    for i, e, w in index.occurrences(text):          # by position, longer words first
        n = e - i
        for k in kinds[w]:
            for j in range(i, e):
                t = tags[j]
                if t is None:
                    t = tags[j] = []
                tag = k + ("S" if n == 1 else "B" if j == i else "E" if j == e - 1 else "I")
                if tag not in t:
                    t.append(tag)
    return [tuple(t) if t else () for t in tags]


def build_char_table(dict_path=None) -> dict[str, str]:
    """Per character, how jieba's dictionary uses it: "nrB2" when at least half of the dictionary
    words (two characters or more) it begins are person names, "ntE1" when at least a fifth of those
    it ends are organisations, ... (classes nr, nrt, ns, nt, nz; positions B, M, E; at least five
    words). General knowledge of the language, computed once at training time and shipped beside
    the model (``tagger.chars.tsv``), so that a jieba upgrade cannot change a model's features."""
    import os

    import jieba

    path = dict_path or os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    total: dict = {}
    hits: dict = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3 or len(parts[0]) < 2:
                continue
            word, cls = parts[0], _DICT_CLASSES.get(parts[2])
            last = len(word) - 1
            for i, ch in enumerate(word):
                k = (ch, "B" if i == 0 else "E" if i == last else "M")
                total[k] = total.get(k, 0) + 1
                if cls:
                    hits[k + (cls,)] = hits.get(k + (cls,), 0) + 1
    table: dict[str, list] = {}
    for (ch, where, cls), n in sorted(hits.items()):
        share = n / total[ch, where]
        if n >= 5 and share >= 0.2:
            table.setdefault(ch, []).append(f"{cls}{where}{2 if share >= 0.5 else 1}")
    return {ch: " ".join(v) for ch, v in table.items()}


def char_table_path(model_path) -> Path:
    """The character table beside a model: tagger.crfsuite -> tagger.chars.tsv."""
    return Path(model_path).with_suffix(".chars.tsv")


def write_char_table(path, table: dict[str, str]) -> None:
    Path(path).write_text("".join(f"{ch}\t{v}\n" for ch, v in sorted(table.items())), encoding="utf-8")


def read_char_table(path) -> dict[str, str]:
    out = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ResourceError(str(path), 0, f"cannot read the tagger's character table: {e.strerror or e}") from e
    for n, line in enumerate(lines, 1):
        ch, sep, feats = line.partition("\t")
        if not sep or len(ch) != 1:
            raise ResourceError(str(path), n, "expected 'character<TAB>features'")
        out[ch] = feats
    return out


def build_char_clusters(texts, sizes=(64, 256), min_count=5, contexts=500, seed=13) -> dict[str, str]:
    """Per character, its class among ``sizes[0]`` and among ``sizes[1]`` classes of characters
    used alike: "a12 b201". Learnt from unlabelled sentences (the training texts; no labels read):
    each character seen at least ``min_count`` times is described by the distribution of the
    character just before it and of the one just after it (over the ``contexts`` most frequent
    characters and the sentence edges, square-rooted: Hellinger distance), and those vectors are
    cut by k-means (k-means++ start, fixed seed). Rarer characters get no class (the feature
    then says "rare"). Computed once at training time and shipped beside the model
    (``tagger.clusters.tsv``), so that the features never depend on the data read at run time."""
    import numpy as np

    freq: dict[str, int] = {}
    for t in texts:
        for ch in t:
            freq[ch] = freq.get(ch, 0) + 1
    ranked = sorted(freq, key=lambda c: (-freq[c], c))
    vocab = [c for c in ranked if freq[c] >= min_count]
    if not vocab:
        return {}
    row = {c: i for i, c in enumerate(vocab)}
    ctx = {c: j for j, c in enumerate(ranked[:contexts])}
    edge, other = len(ctx), len(ctx) + 1                   # the sentence edge, any other character
    width = len(ctx) + 2
    left = np.zeros((len(vocab), width))
    right = np.zeros((len(vocab), width))
    for t in texts:
        for k, ch in enumerate(t):
            i = row.get(ch)
            if i is None:
                continue
            left[i, ctx.get(t[k - 1], other) if k > 0 else edge] += 1
            right[i, ctx.get(t[k + 1], other) if k + 1 < len(t) else edge] += 1
    vec = np.hstack([np.sqrt(left / left.sum(1, keepdims=True)), np.sqrt(right / right.sum(1, keepdims=True))])
    names = []
    for prefix, k in zip("ab", sizes):
        names.append([f"{prefix}{c}" for c in _kmeans(vec, min(k, len(vocab)), seed)])
    return {c: " ".join(n[i] for n in names) for i, c in enumerate(vocab)}


def _kmeans(x, k: int, seed: int, rounds: int = 40):
    """Cluster indices of the rows of ``x`` (k-means++ start from ``seed``, Lloyd's rounds)."""
    import numpy as np

    rng = np.random.RandomState(seed)
    sq = (x * x).sum(1)
    centres = [x[rng.randint(len(x))]]
    d2 = ((x - centres[0]) ** 2).sum(1)
    for _ in range(1, k):
        centres.append(x[rng.choice(len(x), p=d2 / d2.sum())])
        d2 = np.minimum(d2, ((x - centres[-1]) ** 2).sum(1))
    c = np.array(centres)
    assign = None
    for _ in range(rounds):
        dist = sq[:, None] - 2 * x @ c.T + (c * c).sum(1)[None, :]
        new = dist.argmin(1)
        if assign is not None and (new == assign).all():
            break
        assign = new
        for j in range(k):
            members = x[assign == j]
            if len(members):
                c[j] = members.mean(0)
    return [int(a) for a in assign]


def cluster_table_path(model_path) -> Path:
    """The character classes beside a model: tagger.crfsuite -> tagger.clusters.tsv."""
    return Path(model_path).with_suffix(".clusters.tsv")


class Featurizer:
    """Turns a text (and its jieba tokens) into one feature list per character.

    ``groups`` selects feature templates; the model's metadata records the groups it was
    trained with, so a model is always read with its own features.
    """

    def __init__(self, groups=DEFAULT_GROUPS, char_table: dict[str, str] | None = None,
                 clusters: dict[str, str] | None = None):
        self.groups = frozenset(groups)
        unknown = self.groups - set(_ALL_GROUPS)
        if unknown:
            raise ValueError(f"unknown feature groups: {sorted(unknown)}")
        if "dict" in self.groups and char_table is None:
            char_table = build_char_table()
        # character -> its dictionary features, ready to extend a feature list
        self._dict = {ch: ["d=" + f for f in v.split()] for ch, v in (char_table or {}).items()}
        self.char_table = char_table
        if "clusters" in self.groups and clusters is None:
            raise ValueError("the clusters group needs its character classes (build_char_clusters)")
        # character -> (coarse class, fine class); a character without one is "rare"
        self._clusters = {ch: tuple(v.split()) for ch, v in (clusters or {}).items()}
        self.clusters = clusters
        lex = lexicon()
        self._sur1 = lex.surnames1
        self._sur2 = lex.surnames2
        self._translit = lex.transliteration

    def text_arrays(self, text: str, tokens=None):
        """Per-character arrays for the whole text: (word position, POS, word, lexicon tags)."""
        n = len(text)
        wpos = ["S"] * n
        pos = ["x"] * n
        word = [""] * n
        if tokens is None:
            tokens = []
            for s in split_sentences(text):
                tokens.extend(tokenize(s.text, s.start))
        spans = [(t.start, t.end, t.pos) for t in tokens if 0 <= t.start < t.end <= n]
        for s, e, flag in spans:
            w = text[s:e]
            if e - s == 1:
                wpos[s], pos[s], word[s] = "S", flag, w
                continue
            for j in range(s, e):
                wpos[j] = "B" if j == s else "E" if j == e - 1 else "M"
                pos[j] = flag
                word[j] = w
        prev = nxt = None
        if "wctx" in self.groups:               # the words before and after each character's word
            prev, nxt = ["^"] * n, ["$"] * n
            for k, (s, e, _) in enumerate(spans):
                before = text[spans[k - 1][0]:spans[k - 1][1]] if k > 0 and spans[k - 1][1] == s else "^"
                after = text[spans[k + 1][0]:spans[k + 1][1]] if k + 1 < len(spans) and spans[k + 1][0] == e \
                    else "$"
                prev[s:e] = [before] * (e - s)
                nxt[s:e] = [after] * (e - s)
        lex = _lexicon_tags(text) if ("lex" in self.groups or "context" in self.groups) else None
        return wpos, pos, word, lex, prev, nxt

    def chunk(self, text: str, a: int, b: int, arrays) -> list[list[str]]:
        """Feature lists for text[a:b]."""
        wpos, pos, word, lex, prev, nxt = arrays
        g = self.groups
        piece = text[a:b]
        n = b - a
        cs = ["^2", "^1"] + list(piece) + ["$1", "$2"]
        cols: list = [["b"] * n]             # one column of features per template, zipped below
        if "chars" in g:
            cols += [["c0=" + c for c in piece],
                     ["c-1=" + c for c in cs[1:n + 1]], ["c1=" + c for c in cs[3:n + 3]],
                     ["c-2=" + c for c in cs[:n]], ["c2=" + c for c in cs[4:n + 4]]]
        if "wide" in g:
            cols += [["c-3=" + c for c in ["^3"] + cs[:n - 1]], ["c3=" + c for c in cs[5:n + 5] + ["$3"]]]
        if "bigrams" in g:
            bi = [x + y for x, y in zip(cs, cs[1:])]          # bi[k] = cs[k] + cs[k+1]
            cols += [["b-1=" + x for x in bi[1:n + 1]], ["b0=" + x for x in bi[2:n + 2]],
                     ["b-2=" + x for x in bi[:n]], ["b1=" + x for x in bi[3:n + 3]]]
        if "trigram" in g:
            cols.append(["t0=" + x + y + z for x, y, z in zip(cs[1:], cs[2:], cs[3:n + 3])])
        if "jieba" in g:
            wp, ps = wpos[a:b], pos[a:b]
            cols += [["wpp=" + x + y for x, y in zip(wp, ps)], ["p=" + x for x in ps], ["wp=" + x for x in wp],
                     ["p-1=" + x for x in ["^"] + ps[:-1]], ["p1=" + x for x in ps[1:] + ["$"]]]
        if "wctx" in g:
            cols += [["pw=" + x for x in prev[a:b]], ["nw=" + x for x in nxt[a:b]]]
        if "clusters" in g:
            # the classes of the characters around (learnt from unlabelled text): coarse at -2..2,
            # fine at -1..1, and the coarse pairs either side
            cl = self._clusters
            rare = ("rare", "rare")
            ks = [("^", "^")] * 2 + [cl.get(c, rare) for c in piece] + [("$", "$")] * 2
            ka = [x[0] for x in ks]
            kb = [x[1] for x in ks]
            cols += [["ka-2=" + x for x in ka[:n]], ["ka-1=" + x for x in ka[1:n + 1]],
                     ["ka0=" + x for x in ka[2:n + 2]], ["ka1=" + x for x in ka[3:n + 3]],
                     ["ka2=" + x for x in ka[4:n + 4]],
                     ["kb-1=" + x for x in kb[1:n + 1]], ["kb0=" + x for x in kb[2:n + 2]],
                     ["kb1=" + x for x in kb[3:n + 3]],
                     ["kp-1=" + x + "|" + y for x, y in zip(ka[1:n + 1], ka[2:n + 2])],
                     ["kp1=" + x + "|" + y for x, y in zip(ka[2:n + 2], ka[3:n + 3])]]
        feats = [list(t) for t in zip(*cols)]
        if "shape" in g:
            sh = "^" + "".join(_shape(c) for c in piece) + "$"
            sur1, sur2, tr = self._sur1, self._sur2, self._translit
            # runs of three or more transliteration characters (a foreign name or place)
            intr = [c in tr for c in piece]
            run = [False] * n
            i = 0
            while i < n:
                if intr[i]:
                    j = i
                    while j < n and intr[j]:
                        j += 1
                    if j - i >= 3:
                        run[i:j] = [True] * (j - i)
                    i = j
                else:
                    i += 1
            for i, f in enumerate(feats):
                if run[i]:
                    f.append("trrun")
                f.append("s=" + sh[i:i + 3])
                c = piece[i]
                if c in sur1:
                    f.append("sur")
                if c in tr:
                    f.append("tr")
                if piece[i:i + 2] in sur2:
                    f.append("sur2")
        if "dict" in g:
            table = self._dict
            for i, c in enumerate(piece):
                d = table.get(c)
                if d:
                    feats[i].extend(d)
        if "word" in g:
            for i, (w, p) in enumerate(zip(word[a:b], wpos[a:b])):
                if len(w) > 1:
                    feats[i].append("w=" + p + w)
        if "lex" in g:
            lx = lex[a:b]
            for i, tags in enumerate(lx):
                if tags:
                    f = feats[i]
                    f.extend(["L=" + t for t in tags])
                    if i > 0:
                        feats[i - 1].extend(["L1=" + t for t in tags])
                    if i + 1 < n:
                        feats[i + 1].extend(["L-1=" + t for t in tags])
        if "context" in g:
            # wider windows for the characters that end a name or open a person: an organisation
            # or park suffix starting ahead (how far, across Han characters only), a title just
            # behind or just ahead.
            lx = lex[a:b]
            sufstart = [any(t[0] in "OK" and t[1] in "SB" for t in tags) for tags in lx]
            titend = [any(t[0] == "T" and t[1] in "SE" for t in tags) for tags in lx]
            titstart = [any(t[0] == "T" and t[1] in "SB" for t in tags) for tags in lx]
            nxt = None                       # index of the nearest suffix start ahead within a Han run
            for i in range(n - 1, -1, -1):
                if nxt is not None and nxt - i <= 8:
                    d = nxt - i
                    feats[i].append("sufR=" + ("1" if d == 1 else "2" if d <= 3 else "4" if d <= 5 else "6"))
                if sufstart[i]:
                    nxt = i
                elif not ("\u4e00" <= piece[i] <= "\u9fff"):
                    nxt = None
            for i in range(n):
                if titend[i]:
                    if i + 1 < n:
                        feats[i + 1].append("titL1")
                    if i + 2 < n:
                        feats[i + 2].append("titL2")
                if titstart[i]:
                    if i >= 1:
                        feats[i - 1].append("titR1")
                    if i >= 2:
                        feats[i - 2].append("titR2")
        return feats

    def chunks(self, text: str, tokens=None):
        """(start, end, features) for every piece of the text that is tagged on its own."""
        arrays = self.text_arrays(text, tokens)
        for a, b in chunk_bounds(text):
            yield a, b, self.chunk(text, a, b, arrays)


_ALL_GROUPS = ("chars", "wide", "bigrams", "trigram", "shape", "dict", "jieba", "word", "wctx", "lex", "context",
               "clusters")


def chunk_bounds(text: str, cap: int = MAX_CHUNK):
    """(start, end) of each sentence, sentences over ``cap`` characters cut into pieces,
    preferably after a comma, colon or space in the second half of the piece."""
    for s in split_sentences(text):
        a = s.start
        while s.end - a > cap:
            b = a + cap
            cut = max(text.rfind(ch, a + cap // 2, b) for ch in _BREAKS)
            if cut > a:
                b = cut + 1
            yield a, b
            a = b
        if s.end > a:
            yield a, s.end


# ---------------------------------------------------------------- labels and decoding

def spans_to_tags(n: int, spans, scheme: str = "BIOES") -> list[str]:
    """Character tags for (start, end, label) spans; overlapping later spans are dropped."""
    tags = ["O"] * n
    for s, e, label in sorted(spans, key=lambda x: (x[0], -x[1])):
        if s < 0 or e > n or e <= s or any(t != "O" for t in tags[s:e]):
            continue
        short = _SHORT[label]
        if scheme == "BIOES" and e - s == 1:
            tags[s] = "S-" + short
            continue
        tags[s] = "B-" + short
        for j in range(s + 1, e):
            tags[j] = "I-" + short
        if scheme == "BIOES":
            tags[e - 1] = "E-" + short
    return tags


def tags_to_spans(tags) -> list[tuple[int, int, str]]:
    """(start, end, label) from BIO or BIOES tags, leniently (an I or E without its B starts a span)."""
    out = []
    start, cur = None, None
    for i, t in enumerate(list(tags) + ["O"]):
        kind, _, short = t.partition("-")
        if kind in ("I", "E", "M") and cur == short and start is not None:
            if kind == "E":
                out.append((start, i + 1, _LONG[cur]))
                start, cur = None, None
            continue
        if start is not None:
            out.append((start, i, _LONG[cur]))
            start, cur = None, None
        if kind == "S":
            out.append((i, i + 1, _LONG[short]))
        elif kind in ("B", "I", "M"):
            start, cur = i, short
        elif kind == "E":
            out.append((i, i + 1, _LONG[short]))
    return out


# ---------------------------------------------------------------- the tagger

@dataclass(frozen=True, eq=False)
class Tagged:
    """What the tagger read in one text: its spans, and per piece the marginal probability that
    each character is outside every name (for ``outside``)."""

    spans: tuple[Span, ...]
    pieces: tuple = ()            # (start, end, p(O) per character as a list of floats)

    def outside(self, probes) -> dict:
        """For each probe (start, end) inside one tagged piece, the mean probability that its
        characters are outside every name: how sure the model is that a span found by other means
        is no name at all."""
        out = {}
        for ps, pe in probes:
            for a, b, p_o in self.pieces:
                if a <= ps < pe <= b:
                    out[ps, pe] = round(sum(p_o[ps - a:pe - a]) / (pe - ps), 4)
        return out


class Tagger:
    """A loaded model (its weights read by ``kg.crf``; python-crfsuite only trains). Stateless
    after loading: ``tag`` may be called from several threads."""

    def __init__(self, model_path, meta: dict):
        from . import crf

        self.path = str(model_path)
        self.meta = dict(meta)
        groups = meta.get("groups", DEFAULT_GROUPS)
        table = read_char_table(char_table_path(self.path)) if "dict" in groups else None
        clusters = read_char_table(cluster_table_path(self.path)) if "clusters" in groups else None
        self.featurizer = Featurizer(groups, table, clusters)
        # the types this model returns (an internal "Other" is learnt, never returned)
        self.labels = tuple(x for x in meta.get("labels", LABELS) if x in LABELS)
        cal = calibration_path(self.path)
        self.calibration = Calibration.read(cal) if cal.is_file() else None
        self.model = crf.read_model(self.path)
        if "O" not in self.model.labels:
            raise ResourceError(self.path, 0, "the tagger model has no O label")
        from .scorer import Scorer

        self.scorer = Scorer(self.model, self.featurizer)

    def tag(self, text: str, tokens=None) -> list[Span]:
        """Spans of ``text`` in order. ``tokens``: the jieba tokens (kg.model.Token: text, start,
        end, pos, offsets into ``text``) when the caller already has them; otherwise jieba runs here."""
        return list(self.tag_many([(text, tokens)])[0].spans)

    def tag_and_probe(self, text: str, tokens=None, probes=()) -> tuple[list[Span], dict]:
        """``tag``, and for each probe (start, end) inside one tagged piece, the mean marginal
        probability that its characters are outside every name (``Tagged.outside``)."""
        t = self.tag_many([(text, tokens)])[0]
        return list(t.spans), t.outside(probes)

    def tag_many(self, items) -> list[Tagged]:
        """``Tagged`` for each (text, tokens or None) of ``items``: the pieces of all texts are
        decoded together (much faster per character than one text at a time)."""
        import numpy as np

        from . import crf

        items = list(items)
        per_text = self.scorer.emissions_many(items)
        flat = [e for pieces in per_text for _, _, e in pieces]
        decoded = iter(crf.decode(self.model, flat))
        labels = self.model.labels
        o = labels.index("O")
        cal = self.calibration
        out = []
        for (text, _), pieces in zip(items, per_text):
            spans, probs = [], []
            for a, b, _ in pieces:
                best, marg = next(decoded)
                probs.append((a, b, marg[:, o].tolist()))
                named = best != o
                if not named.any():
                    continue
                lo = int(named.argmax())
                hi = len(best) - int(named[::-1].argmax())
                tags = [labels[i] for i in best[lo:hi].tolist()]
                for s, e, label in tags_to_spans(tags):
                    if label not in LABELS:
                        continue
                    while label == "Organization" and e - s > 3 and text[a + lo + s] in _NOT_ORG_FIRST:
                        s += 1
                    cut = max(text.rfind(c, a + lo + s, a + lo + e) for c in _FIELD_MARKS)
                    if cut >= 0:
                        if cut + 1 >= a + lo + e:
                            continue
                        s = cut + 1 - a - lo
                    p = marg[lo + s:lo + e][np.arange(e - s), best[lo + s:lo + e]].tolist()
                    m = round(min(max(sum(p) / (e - s), 0.0), 1.0), 4)
                    s, e = a + lo + s, a + lo + e
                    out_span = Span(s, e, label, text[s:e], cal(label, m) if cal else m, m)
                    spans.append(out_span)
            out.append(Tagged(tuple(spans), tuple(probs)))
        return out


def meta_path_for(model_path) -> Path:
    """The metadata file beside a model: tagger.crfsuite -> tagger.json."""
    return Path(model_path).with_suffix(".json")


def read_meta(model_path) -> dict:
    meta_path = meta_path_for(model_path)
    if meta_path.is_file():
        try:
            return json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError as e:
            raise ResourceError(str(meta_path), 0, f"invalid JSON: {e}") from e
    return {"groups": list(DEFAULT_GROUPS)}


def open_tagger(path) -> Tagger:
    """A Tagger from a model file (its metadata, same name with ``.json``, beside it), uncached."""
    path = Path(path)
    if not path.is_file():
        raise ResourceError(str(path), 0, "no tagger model here")
    return Tagger(path, read_meta(path))


_CACHE: dict[str, Tagger] = {}
_CACHE_LOCK = threading.Lock()


def load(path=None) -> Tagger:
    """The tagger of ``path`` (default: the shipped model), loaded once per process."""
    key = str(path) if path is not None else ""
    with _CACHE_LOCK:
        t = _CACHE.get(key)
        if t is None:
            if path is None:
                ref = resources.files("kg") / "models" / MODEL_NAME
                with resources.as_file(ref) as p:
                    t = open_tagger(p)
            else:
                t = open_tagger(path)
            _CACHE[key] = t
        return t
