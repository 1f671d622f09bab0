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


def split_sentences(text: str) -> tuple[Sentence, ...]:
    out = []
    for m in _SENT_END.finditer(text):
        start, end = m.start(), m.end()
        # trim surrounding whitespace while keeping offsets exact
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(len(out), start, end, text[start:end]))
    return tuple(out)


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


@lru_cache(maxsize=1)
def _posseg_class():
    """jieba's POSTokenizer with its HMM decoded by kg.hmm (same tags, several times faster)."""
    import jieba.posseg as posseg

    from .hmm import tagged_words, viterbi

    tables = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)

    class POSTokenizer(posseg.POSTokenizer):
        def _POSTokenizer__cut(self, run):   # the private hook jieba calls for a run of unknown characters
            _, route = viterbi(run, *tables)
            for word, tag in tagged_words(run, route):
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
