"""Normalised text -> sentences and jieba tokens, all with character offsets."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from bisect import bisect_right
from functools import cached_property, lru_cache

from .lexicon import lexicon
from .model import Article, Sentence, Token

_SENT_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』)）]*|\n|$)")


# The longest sentence extraction reads as one. Rules scan a sentence or a clause around each
# trigger, and the tokenizer decodes a run of unknown characters in one piece, so a text without
# sentence punctuation (a million characters of it) would cost time and memory growing with the
# square of its length. A longer stretch is cut into pieces of at most this many characters, where
# possible after a character the tokenizer never joins to a word (clause punctuation, a space), so
# the tokens stay the same. Real sentences are far shorter (the longest in the sample and the dev
# corpora has 233 characters), so ordinary text is never cut.
MAX_SENTENCE_CHARS = 1000
# characters jieba joins into words (its `re_han_internal`); a cut after any other one is invisible
_WORD_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._]")


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> tuple[Sentence, ...]:
    """Sentences at 。！？!?；; and line ends, with exact offsets; a stretch longer than
    ``max_chars`` is cut into pieces (see MAX_SENTENCE_CHARS)."""
    out = []
    for m in _SENT_END.finditer(text):
        for start, end in _pieces(text, m.start(), m.end(), max_chars):
            # trim surrounding whitespace while keeping offsets exact
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append(Sentence(len(out), start, end, text[start:end]))
    return tuple(out)


def _pieces(text: str, start: int, end: int, max_chars: int):
    """(start, end) pieces of at most ``max_chars`` characters covering text[start:end]: each cut
    after the last character in the second half of the piece that no word spans, or else at the
    limit."""
    while end - start > max_chars:
        cut = start + max_chars
        for i in range(cut, start + max_chars // 2, -1):
            if not _WORD_CHAR.match(text, i - 1):
                cut = i
                break
        yield start, cut
        start = cut
    yield start, end


@lru_cache(maxsize=1)
def tokenizer():
    """A private jieba tokenizer that knows our lexicon words (never touches jieba's global one)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    lex = lexicon()
    for w in sorted(lex.titles):
        tk.add_word(w, 2000, "nrole")
    for w, _, _ in lex.org_suffixes:
        if len(w) >= 2:
            tk.add_word(w, 2000, "nt")
    for w in lex.park_suffixes:
        if len(w) >= 2:
            tk.add_word(w, 2000, "ns")
    for form in lex.places:
        if not form.startswith("~"):
            tk.add_word(form, 3000, "ns")
    return _posseg_class()(tk)


RUN_CACHE = 32768      # unknown-character runs whose tagging is remembered per process


@lru_cache(maxsize=1)
def _posseg_class():
    """jieba's POSTokenizer with its HMM decoded by kg.hmm (same tags, several times faster).

    A run of characters jieba's dictionary does not know is tagged from the run alone, so the
    answer for a run seen before is remembered (``RUN_CACHE`` runs, least recently used out):
    runs are short (two thirds of them one or two characters) and recur; on real news (cnews-dev
    and 5,000 CLUENER sentences) 47 % of the runs repeat an earlier one."""
    import jieba.posseg as posseg

    from .hmm import tagged_words, viterbi

    tables = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)

    @lru_cache(maxsize=RUN_CACHE)
    def decode(run: str) -> tuple:
        _, route = viterbi(run, *tables)
        return tuple(tagged_words(run, route))

    class POSTokenizer(posseg.POSTokenizer):
        def _POSTokenizer__cut(self, run):   # the private hook jieba calls for a run of unknown characters
            for word, tag in decode(run):
                yield posseg.pair(word, tag)

    return POSTokenizer


def tokenize(text: str, start: int = 0) -> tuple[Token, ...]:
    out, pos = [], start
    for pair in tokenizer().cut(text, HMM=True):
        w, flag = pair.word, pair.flag
        out.append(Token(w, pos, pos + len(w), flag))
        pos += len(w)
    return tuple(out)


@dataclass(frozen=True)
class Doc:
    """One article with its sentences and tokens; the object every extractor reads."""

    article: Article
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_at(self, offset: int) -> Sentence:
        if not self.sentences:
            return Sentence(0, 0, 0, "")
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return self.sentences[-1]

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def token_starts(self) -> frozenset[int]:
        return self._token_starts

    @cached_property
    def _token_starts(self) -> frozenset[int]:
        return frozenset(t.start for t in self.tokens)


def make_doc(article: Article) -> Doc:
    sents = split_sentences(article.text)
    toks = []
    for s in sents:
        toks.extend(tokenize(s.text, s.start))
    return Doc(article, sents, tuple(toks))
