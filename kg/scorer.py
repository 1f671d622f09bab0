"""The tagger's emission scores from integer lookups instead of feature strings.

``kg.tagger.Featurizer.chunk`` writes each character's features as strings
(``c-1=园``, ``b0=科技``, ``wpp=Bns``, ``L=TB`` ...), which is what python-crfsuite
trains on. At run time the same scores are computed here without those strings:
for each feature template the model's weight rows are indexed once by the
template's key (a character, a pair of characters, three shapes, a part of
speech, a word, a set of lexicon matches), the text becomes arrays of integer
keys, and each template adds its rows with one numpy gather. A piece of text is
padded as ``Featurizer.chunk`` pads it (``^3 ^2 ^1`` before, ``$1 $2 $3`` after),
so the templates read across the same edges.

Groups this module does not know (a model trained with a new feature group) are
read through ``Featurizer`` strings: slower, still exact. ``tests/test_crf.py``
checks the scores against the strings' on news text and CLUENER sentences.
"""
from __future__ import annotations

import numpy as np

from .tagger import Featurizer, _lexicon_tags, _shape, chunk_bounds
from .text import split_sentences, tokenize

PRE, POST = ("^3", "^2", "^1"), ("$1", "$2", "$3")
CHAR_OFFSETS = {"c-3": -3, "c-2": -2, "c-1": -1, "c0": 0, "c1": 1, "c2": 2, "c3": 3}
BIGRAM_OFFSETS = {"b-2": -2, "b-1": -1, "b0": 0, "b1": 1}
SHAPES = "^$HDLWAP"                     # ^ $: the pads; then kg.tagger._shape's classes
WORD_POS = "SBME"                       # position of a character in its jieba word
KNOWN_GROUPS = frozenset({"chars", "wide", "bigrams", "shape", "dict", "jieba", "word", "lex", "context"})
SUFFIX_REACH = 8                        # how far back of an organisation or park suffix sufR reaches
HAN_FIRST, HAN_LAST = 0x4E00, 0x9FFF


def _tokens_of_key(key: str) -> tuple[str, str] | None:
    """A bigram key split into its two characters or pads (``^1科`` -> ``^1``, ``科``)."""
    pads = PRE + POST
    if len(key) == 2:
        return key[0], key[1]
    if len(key) == 3:
        if key[:2] in pads:
            return key[:2], key[2]
        if key[1:] in pads:
            return key[0], key[1:]
    if len(key) == 4 and key[:2] in pads and key[2:] in pads:
        return key[:2], key[2:]
    return None


class Scorer:
    """Emission scores ``(n, labels)`` of a ``kg.crf.Model`` over its ``Featurizer``'s features."""

    def __init__(self, model, featurizer: Featurizer):
        self.model = model
        g = featurizer.groups
        index = model.attr_index()
        Z = model.zero
        W = model.state
        row = self._row = lambda a: index.get(a, Z)
        self._bias = W[row("b")]
        # every weighted attribute "name=key" as by_name[name][key] -> its row (one pass, no strings built)
        by_name: dict[str, dict[str, int]] = {}
        for a, attr in enumerate(model.attrs):
            name, sep, key = attr.partition("=")
            if sep:
                by_name.setdefault(name, {})[key] = a
        rows_of = lambda name: by_name.get(name, {})      # noqa: E731

        # -- characters and pads: one id each (0: a character nothing knows)
        pairs = {}
        for name in BIGRAM_OFFSETS:
            for key in rows_of(name):
                if key not in pairs:
                    two = _tokens_of_key(key)
                    if two:
                        pairs[key] = two
        sur1 = featurizer._sur1 if "shape" in g else frozenset()
        translit = featurizer._translit if "shape" in g else frozenset()
        sur2 = {w for w in featurizer._sur2 if len(w) == 2} if "shape" in g else set()
        chars = set(PRE + POST) | sur1 | translit | set(featurizer._dict if "dict" in g else ())
        for name in CHAR_OFFSETS:
            chars |= rows_of(name).keys()
        for two in pairs.values():
            chars |= set(two)
        chars |= {c for w in sur2 for c in w}
        single = sorted(c for c in chars if len(c) == 1)
        vocab = self._vocab = {c: i + 1 for i, c in enumerate(single)}
        for p in PRE + POST:
            vocab[p] = len(vocab) + 1
        V = self._V = len(vocab) + 1
        self._pad = {p: vocab[p] for p in PRE + POST}
        top = max((ord(c) for c in single), default=0)
        self._lut = np.zeros(top + 1, dtype=np.int64)           # code point -> id
        self._lut[[ord(c) for c in single]] = [vocab[c] for c in single]

        def table(size, ids: dict, name: str):
            """ids: key -> position in the table; the rows of name=key there, Z elsewhere."""
            t = np.full(size, Z, dtype=np.int64)
            got = [(ids[k], r) for k, r in rows_of(name).items() if k in ids]
            if got:
                at, rs = zip(*got)
                t[list(at)] = rs
            return t

        on = {o for o in CHAR_OFFSETS.values() if ("wide" in g if abs(o) == 3 else "chars" in g)}
        self._char_tables = [(o, table(V, vocab, n)) for n, o in CHAR_OFFSETS.items() if o in on and o != 0]
        # what a character says about itself (c0, sur, tr, its dictionary features), summed per id
        own_ids, own_rows = [], []
        if 0 in on:
            for c, r in rows_of("c0").items():
                own_ids.append(vocab[c])
                own_rows.append(r)
        for c in sur1:
            own_ids.append(vocab[c])
            own_rows.append(row("sur"))
        for c in translit:
            own_ids.append(vocab[c])
            own_rows.append(row("tr"))
        if "dict" in g:
            for c, feats in featurizer._dict.items():
                for f in feats:
                    own_ids.append(vocab[c])
                    own_rows.append(row(f))
        own = np.zeros((V, W.shape[1]))
        np.add.at(own, np.array(own_ids, dtype=np.int64), W[np.array(own_rows, dtype=np.int64)])
        self._own = own
        self._is_tr = np.zeros(V, dtype=bool)
        self._is_tr[[vocab[c] for c in translit]] = True
        self._trrun = W[row("trrun")]

        # -- bigrams: a pair of ids as one code, looked up in a sorted array
        codes = {vocab[x] * V + vocab[y]: key for key, (x, y) in pairs.items()}
        for w in sur2:
            codes.setdefault(vocab[w[0]] * V + vocab[w[1]], w)
        order = sorted(codes)
        self._pair_codes = np.array(order, dtype=np.int64)
        position = {codes[c]: i for i, c in enumerate(order)}
        self._pair_tables = [(o, table(len(order) + 1, position, n)) for n, o in BIGRAM_OFFSETS.items()] \
            if "bigrams" in g else []
        self._pair_sur2 = np.zeros(len(order) + 1, dtype=bool)
        self._pair_sur2[[position[w] for w in sur2]] = True
        self._sur2 = W[row("sur2")]

        # -- shapes of three characters as one code
        self._shape_table = np.full(512, Z, dtype=np.int64)
        if "shape" in g:
            for key, r in rows_of("s").items():
                if len(key) == 3 and all(k in SHAPES for k in key):
                    self._shape_table[SHAPES.index(key[0]) * 64 + SHAPES.index(key[1]) * 8 + SHAPES.index(key[2])] = r
        self._shape_ids = np.full(V, -1, dtype=np.int64)
        for c, i in vocab.items():
            self._shape_ids[i] = SHAPES.index("^" if c in PRE else "$" if c in POST else _shape(c))

        # -- jieba: part of speech (0: one no table knows), position in the word, the word
        flags = {"x", "^", "$"}
        for name in ("p", "p-1", "p1"):
            flags |= rows_of(name).keys()
        flags |= {k[1:] for k in rows_of("wpp")}
        self._flags = {f: i + 1 for i, f in enumerate(sorted(flags))}
        NP = self._NP = len(flags) + 1
        on_j = "jieba" in g
        self._pos_tables = [(o, table(NP, self._flags, n) if on_j else np.full(NP, Z, dtype=np.int64))
                            for n, o in (("p-1", -1), ("p", 0), ("p1", 1))]
        self._wp_table = np.array([row("wp=" + w) if on_j else Z for w in WORD_POS], dtype=np.int64)
        self._wpp_table = np.full(len(WORD_POS) * NP, Z, dtype=np.int64)
        if on_j:
            for key, r in rows_of("wpp").items():
                if key[:1] in WORD_POS and key[1:] in self._flags:
                    self._wpp_table[WORD_POS.index(key[0]) * NP + self._flags[key[1:]]] = r
        self._words = dict(rows_of("w")) if "word" in g else {}

        # -- lexicon matches: each distinct set of a character's matches gets one id (0: none)
        self._lex_on, self._context_on = "lex" in g, "context" in g
        self._match_ids: dict[tuple, int] = {(): 0}
        self._match_rows = [np.zeros((3, W.shape[1]))]        # per id: L, L1, L-1 rows summed
        self._match_flags = [(False, False, False)]           # per id: title end, title start, suffix start
        self._match_arrays = None
        self._context_rows = {k: W[row(k)] for k in
                              ("sufR=1", "sufR=2", "sufR=4", "sufR=6", "titL1", "titL2", "titR1", "titR2")}
        rest = g - KNOWN_GROUPS
        self._fallback = Featurizer(rest, featurizer.char_table, featurizer.clusters) if rest else None

    # ---------------------------------------------------------------- per text

    def emissions(self, text: str, tokens=None) -> list:
        """(start, end, scores (end - start, labels)) for each piece of ``text`` tagged on its own."""
        return self.emissions_many([(text, tokens)])[0]

    def emissions_many(self, items) -> list[list]:
        """``emissions`` for each (text, tokens or None) of ``items``, computed in one pass over
        all their pieces (numpy's cost per call is paid once per batch, not once per text)."""
        W = self.model.state
        items = [(text, tokens) for text, tokens in items]
        texts = [t for t, _ in items]
        base = np.cumsum([0] + [len(t) for t in texts])
        bounds, owner = [], []
        for k, text in enumerate(texts):
            for a, b in chunk_bounds(text):
                bounds.append((a + int(base[k]), b + int(base[k])))
                owner.append(k)
        if not bounds:
            return [[] for _ in items]
        S = "".join(texts)                       # pieces never cross a text: the texts side by side
        starts = np.array([a for a, _ in bounds], dtype=np.int64)
        lens = np.array([b - a for a, b in bounds], dtype=np.int64)
        N = int(lens.sum())
        piece = np.repeat(np.arange(len(bounds)), lens)
        row_start = np.repeat(np.cumsum(lens) - lens, lens)       # each row's piece's first row
        within = np.arange(N) - row_start
        row_end = row_start + lens[piece]
        toff = starts[piece] + within                               # each row's offset in S
        first = 3 + np.arange(len(bounds)) * 6 + (np.cumsum(lens) - lens)   # a piece's first char in P
        at = first[piece] + within                                  # each row's index in P
        # P: the padded pieces one after another, as ids
        cp = np.frombuffer(S.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        ids_text = np.where(cp < len(self._lut), self._lut[np.minimum(cp, len(self._lut) - 1)], 0)
        P = np.empty(N + 6 * len(bounds), dtype=np.int64)
        for k, p in enumerate(PRE):
            P[first - 3 + k] = self._pad[p]
        for k, p in enumerate(POST):
            P[first + lens + k] = self._pad[p]
        P[at] = ids_text[toff]

        E = np.empty((N, W.shape[1]))
        E[:] = self._bias
        E += self._own[P[at]]
        for off, t in self._char_tables:
            E += W[t[P[at + off]]]
        if len(self._pair_codes):
            code = P[:-1] * self._V + P[1:]
            last = len(self._pair_codes)
            k = np.searchsorted(self._pair_codes, code)
            found = np.append(np.where(self._pair_codes[np.minimum(k, last - 1)] == code, k, last), last)
            for off, t in self._pair_tables:
                E += W[t[found[at + off]]]
            E[self._pair_sur2[found[at]]] += self._sur2
        if (self._shape_table != self.model.zero).any():
            s = self._shape_ids[P]
            unknown = np.flatnonzero(s < 0)
            if len(unknown):          # characters outside the vocabulary: their shape from the text
                s[unknown] = [SHAPES.index(_shape(chr(c))) for c in cp[toff[np.searchsorted(at, unknown)]]]
            E += W[self._shape_table[s[at - 1] * 64 + s[at] * 8 + s[at + 1]]]
        if self._is_tr.any():
            tr = np.concatenate(([0], self._is_tr[P].astype(np.int8), [0]))
            d = np.diff(tr)
            rs, re_ = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
            keep = re_ - rs >= 3
            mark = np.zeros(len(P) + 1, dtype=np.int64)
            np.add.at(mark, rs[keep], 1)
            np.add.at(mark, re_[keep], -1)
            E[(np.cumsum(mark)[:len(P)] > 0)[at]] += self._trrun
        self._add_jieba(E, S, items, base, P, at, toff, first, lens)
        if self._lex_on or self._context_on:
            self._add_lexicon(E, texts, cp, toff, row_start, row_end)
        if self._fallback is not None:
            r = 0
            for (a, b), k in zip(bounds, owner):
                text, tokens = items[k]
                arrays = self._fallback.text_arrays(text, tokens)
                for j, fs in enumerate(self._fallback.chunk(text, a - int(base[k]), b - int(base[k]), arrays)):
                    E[r + j] += W[[self._row(f) for f in fs if f != "b"]].sum(axis=0)
                r += b - a
        out: list[list] = [[] for _ in items]
        r = 0
        for (a, b), n, k in zip(bounds, lens.tolist(), owner):
            out[k].append((a - int(base[k]), b - int(base[k]), E[r:r + n]))
            r += n
        return out

    def _add_jieba(self, E, S, items, base, P, at, toff, first, lens) -> None:
        W = self.model.state
        n = len(S)
        flag = self._flags.get
        spans = []
        for (text, tokens), b in zip(items, base.tolist()):
            if tokens is None:
                tokens = []
                for s in split_sentences(text):
                    tokens.extend(tokenize(s.text, s.start))
            size = len(text)
            spans.extend((t.start + b, t.end + b, flag(t.pos, 0)) for t in tokens if 0 <= t.start < t.end <= size)
        pid = np.full(n, flag("x"), dtype=np.int64)
        wpid = np.zeros(n, dtype=np.int64)
        if spans:
            ts, te, tf = (np.array(x, dtype=np.int64) for x in zip(*spans))
            tl = te - ts
            k = np.repeat(np.arange(len(spans)), tl)
            inside = np.arange(len(k)) - np.repeat(np.cumsum(tl) - tl, tl)
            where = ts[k] + inside
            pid[where] = tf[k]
            long = tl[k] > 1
            col = np.where(inside == 0, 0, np.where(inside == tl[k] - 1, 2, 1))        # B, M, E
            wpid[where] = np.where(long, col + 1, 0)
            if self._words:
                Z = self.model.zero
                word = self._words.get
                rows = np.array([(word("B" + w, Z), word("M" + w, Z), word("E" + w, Z)) if e - s > 1
                                 else (Z, Z, Z) for s, e, _ in spans for w in (S[s:e],)], dtype=np.int64)
                wrow = np.full(n, Z, dtype=np.int64)
                wrow[where[long]] = rows[k, col][long]
                E += W[wrow[toff]]
        # part of speech along P: the pads read as ^ before a piece and $ after it
        pP = np.full(len(P), flag("^"), dtype=np.int64)
        pP[((first + lens)[:, None] + np.arange(3)).ravel()] = flag("$")
        pP[at] = pid[toff]
        for off, t in self._pos_tables:
            E += W[t[pP[at + off]]]
        wp = wpid[toff]
        E += W[self._wp_table[wp]]
        E += W[self._wpp_table[wp * self._NP + pid[toff]]]

    def _match_id(self, tags: tuple) -> int:
        i = self._match_ids.get(tags)
        if i is None:
            row, W = self._row, self.model.state
            i = self._match_ids[tags] = len(self._match_rows)
            rows = np.zeros((3, W.shape[1]))
            if self._lex_on:
                for t in tags:
                    rows[0] += W[row("L=" + t)]
                    rows[1] += W[row("L1=" + t)]
                    rows[2] += W[row("L-1=" + t)]
            self._match_rows.append(rows)
            self._match_flags.append((any(t[0] == "T" and t[1] in "SE" for t in tags),
                                      any(t[0] == "T" and t[1] in "SB" for t in tags),
                                      any(t[0] in "OK" and t[1] in "SB" for t in tags)))
            self._match_arrays = None
        return i

    def _add_lexicon(self, E, texts, cp, toff, row_start, row_end) -> None:
        """L (a character's own matches), L1 (the next character's), L-1 (the previous one's), and
        the context of titles (titL1/2 after a title's end, titR1/2 before its start) and of
        organisation or park suffixes (sufR: how far ahead the nearest one starts, within Han)."""
        ids = self._match_ids
        tags = [t for text in texts for t in _lexicon_tags(text)]       # matched text by text, never across
        mid = np.array([ids.get(t) if t in ids else self._match_id(t) for t in tags], dtype=np.int64)[toff]
        if self._match_arrays is None:
            self._match_arrays = (np.stack(self._match_rows), np.array(self._match_flags, dtype=bool))
        rows, flags = self._match_arrays
        N = len(toff)
        r = np.arange(N)
        if self._lex_on:
            E += rows[mid, 0]
            nxt = r + 1 < row_end                # the next row is in the same piece
            E[:-1][nxt[:-1]] += rows[mid[1:][nxt[:-1]], 1]
            prv = r > row_start
            E[1:][prv[1:]] += rows[mid[:-1][prv[1:]], 2]
        if not self._context_on:
            return
        c = self._context_rows
        title_end, title_start, suffix = flags[mid, 0], flags[mid, 1], flags[mid, 2]
        for d, name in ((1, "titL1"), (2, "titL2")):
            src = np.flatnonzero(title_end & (r + d < row_end))
            E[src + d] += c[name]
        for d, name in ((1, "titR1"), (2, "titR2")):
            src = np.flatnonzero(title_start & (r - d >= row_start))
            E[src - d] += c[name]
        if suffix.any():
            # the nearest suffix start strictly ahead, within the piece, no other character than Han
            # between (a non-Han character itself still reads the suffix ahead of it)
            big = N + SUFFIX_REACH + 1
            marks = np.where(suffix, r, big)
            ahead = np.minimum.accumulate(marks[::-1])[::-1]
            ahead = np.append(ahead[1:], big)
            cps = cp[toff]
            non_han = ((cps < HAN_FIRST) | (cps > HAN_LAST)).astype(np.int64)
            before = np.concatenate(([0], np.cumsum(non_han)))       # non-Han rows before each row
            dist = ahead - r
            ok = (ahead < row_end) & (dist <= SUFFIX_REACH)
            safe = np.minimum(ahead, N)
            ok &= (before[safe] - before[np.minimum(r + 1, N)]) == 0
            for lo, hi, name in ((1, 1, "sufR=1"), (2, 3, "sufR=2"), (4, 5, "sufR=4"), (6, 8, "sufR=6")):
                E[ok & (dist >= lo) & (dist <= hi)] += c[name]
