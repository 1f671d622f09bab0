"""kg.hmm decodes jieba's part-of-speech HMM with exactly jieba's answer."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import jieba.posseg as posseg
import pytest
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from kg.hmm import tagged_words, viterbi
from kg.text import tokenize, tokenizer

ROOT = Path(__file__).resolve().parents[1]
CNEWS = ROOT.parent / "shared" / "corpus" / "cnews-dev.jsonl"
TABLES = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)


def _runs(text: str) -> list[str]:
    return re.findall(r"[\u4e00-\u9fa5]{1,14}", text)


def _reference_tokenizer():
    """jieba's own POSTokenizer over the same dictionary and word tags as kg's."""
    ours = tokenizer()
    ref = posseg.POSTokenizer(ours.tokenizer)
    ref.word_tag_tab = ours.word_tag_tab
    return ref


@pytest.mark.parametrize("run", ["卢", "王海波", "张冬冬说", "莫因哈克表示", "鼠尾屯村民", "的的的的的", "呃呃啊"])
def test_viterbi_equals_jieba_on_hand_runs(run):
    assert viterbi(run, *TABLES) == jieba_viterbi(run, *TABLES)


def test_viterbi_equals_jieba_on_every_run_of_the_sample_page():
    runs = sorted(set(_runs((ROOT / "data" / "seed-page.txt").read_text(encoding="utf-8"))))
    assert len(runs) > 300
    assert [viterbi(r, *TABLES) for r in runs] == [jieba_viterbi(r, *TABLES) for r in runs]


def test_viterbi_equals_jieba_on_random_characters():
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x4E00, 0x9FA5, 37)]
    runs = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(300)]
    assert [viterbi(r, *TABLES) for r in runs] == [jieba_viterbi(r, *TABLES) for r in runs]


def test_tagged_words_reads_begin_end_and_single():
    route = [("B", "nr"), ("M", "nr"), ("E", "nr"), ("S", "v"), ("B", "n")]
    assert tagged_words("王海波说大", route) == [("王海波", "nr"), ("说", "v"), ("大", "n")]


def test_tokens_equal_jieba_posseg_on_the_sample_page():
    text = (ROOT / "data" / "seed-page.txt").read_text(encoding="utf-8")
    ref = [(p.word, p.flag) for p in _reference_tokenizer().cut(text, HMM=True)]
    assert [(t.text, t.pos) for t in tokenize(text)] == ref


@pytest.mark.skipif(not CNEWS.exists(), reason="../shared/corpus/cnews-dev.jsonl is not beside the checkout")
def test_tokens_equal_jieba_posseg_on_cnews_dev():
    texts = [json.loads(line)["text"] for line in CNEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    ref = _reference_tokenizer()
    for text in texts:
        assert [(t.text, t.pos) for t in tokenize(text)] == [(p.word, p.flag) for p in ref.cut(text, HMM=True)]
