"""kg's own CRF decoder and feature scorer against python-crfsuite, which trains the model.

The run-time tagger reads the model's weights itself (kg.crf) and computes the features'
scores from integer lookups (kg.scorer); these tests hold it to what python-crfsuite
gives on the same model and the same feature strings: the same labels, the same marginals
to 1e-9, the same emission scores to 1e-9.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kg import crf
from kg import tagger as tg
from kg import train as tr
from kg.errors import ResourceError

pycrfsuite = pytest.importorskip("pycrfsuite")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SAMPLE = (ROOT / "data" / "seed-page.txt").read_text(encoding="utf-8")
# written for this test: names, titles, lists, foreign runs, digits, Latin, pads at the edges
SENTENCES = [
    "腾讯控股有限公司总裁刘炽平表示，公司将在深圳市南山区建设研发中心。",
    "星河科技（苏州）有限公司董事长兼总经理王海涛、副总经理李静出席签约仪式。",
    "美国总统拜登与德国总理朔尔茨通话；约翰·史密斯是Acme Inc.的CEO。",
    "项目总投资12.5亿元，预计2026年投产，年产值约30亿元。",
    "“她说：‘好。’”",
    "^1$2 ^^ $$ 12 ab",
    "",
]


def _strings_scores(t: tg.Tagger, text: str, tokens=None) -> list[np.ndarray]:
    """Each piece's emission scores from Featurizer's strings (what crfsuite reads)."""
    m, index = t.model, t.model.attr_index()
    out = []
    for _, _, feats in t.featurizer.chunks(text, tokens):
        out.append(np.array([m.state[[index.get(f, m.zero) for f in fs]].sum(axis=0) for fs in feats]))
    return out


def _held_out(n: int) -> list[str]:
    path = SHARED / "cluener-train.json"
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 10 == 0:
                out.append(json.loads(line)["text"])
                if len(out) == n:
                    break
    return out


def test_weights_read_from_the_file_equal_crfsuite_dump():
    t = tg.load()
    ref = pycrfsuite.Tagger()
    ref.open(t.path)
    info = ref.info()                       # its dump prints 6 decimals
    m = t.model
    assert list(m.labels) == sorted(info.labels, key=lambda k: int(info.labels[k]))
    index = m.attr_index()
    assert len(m.attrs) == len({a for a, _ in info.state_features})
    worst = max(abs(m.state[index[a], m.labels.index(y)] - w) for (a, y), w in info.state_features.items())
    assert worst < 1e-6
    worst = max(abs(m.trans[m.labels.index(a), m.labels.index(b)] - w) for (a, b), w in info.transitions.items())
    assert worst < 1e-6
    assert not m.state[m.zero].any()


def test_scores_labels_and_marginals_equal_crfsuite_on_the_sample_and_test_sentences():
    t = tg.load()
    ref = pycrfsuite.Tagger()
    ref.open(t.path)
    texts = [SAMPLE] + SENTENCES + _held_out(300)
    pieces = 0
    for text in texts:
        fast = t.scorer.emissions(text)
        slow = _strings_scores(t, text)
        assert len(fast) == len(slow)
        feats = [f for _, _, f in t.featurizer.chunks(text)]
        for (a, b, e), s, f in zip(fast, slow, feats):
            assert e.shape == (b - a, len(t.model.labels))
            assert np.abs(e - s).max() < 1e-9
            best, marg = crf.decode(t.model, [e])[0]
            assert [t.model.labels[i] for i in best] == ref.tag(f)
            want = np.array([[ref.marginal(y, j) for y in t.model.labels] for j in range(b - a)])
            assert np.abs(marg - want).max() < 1e-9
            pieces += 1
    assert pieces >= len(texts) - 1


def test_decoding_many_at_once_equals_one_at_a_time():
    t = tg.load()
    texts = [SAMPLE] + SENTENCES + _held_out(100)
    together = t.tag_many([(x, None) for x in texts])
    for text, got in zip(texts, together):
        alone = t.tag_many([(text, None)])[0]
        assert got.spans == alone.spans == tuple(t.tag(text))
        assert got.pieces == alone.pieces


def test_ties_go_to_the_lowest_label_as_in_crfsuite():
    m = crf.Model(("O", "B", "C"), ("x",), np.zeros((2, 3)), np.zeros((3, 3)))
    best, marg = crf.decode(m, [np.zeros((4, 3))])[0]
    assert best.tolist() == [0, 0, 0, 0]
    assert np.allclose(marg, 1 / 3)


def test_a_new_feature_group_is_read_through_its_strings(tmp_path):
    """A model trained with groups the scorer has no lookups for (trigram, wctx) is scored
    through Featurizer's strings for those groups, and still equals crfsuite."""
    from tests.test_tagger import synthetic_examples

    model = tmp_path / "g.crfsuite"
    groups = ("chars", "bigrams", "trigram", "wctx", "jieba")
    tr.train(synthetic_examples(80, 4), model, tr.Params(iterations=15, groups=groups))
    t = tg.open_tagger(model)
    assert t.scorer._fallback is not None and t.scorer._fallback.groups == {"trigram", "wctx"}
    ref = pycrfsuite.Tagger()
    ref.open(str(model))
    for text in SENTENCES[:3]:
        for (a, b, e), s, (_, _, f) in zip(t.scorer.emissions(text), _strings_scores(t, text),
                                           t.featurizer.chunks(text)):
            assert np.abs(e - s).max() < 1e-9
            assert [t.model.labels[i] for i in crf.decode(t.model, [e])[0][0]] == ref.tag(f)


@pytest.mark.parametrize("damage, message", [
    (lambda b: b"", "not a crfsuite model"),
    (lambda b: b"lCRF" + b"\0" * 60, "not a crfsuite model"),
    (lambda b: b[:1000], "not a crfsuite model"),
    (lambda b: b"XXXX" + b[4:], "not a crfsuite model: wrong magic"),
])
def test_a_damaged_model_file_is_a_resource_error(tmp_path, damage, message):
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(damage(Path(tg.load().path).read_bytes()))
    with pytest.raises(ResourceError) as e:
        crf.read_model(bad)
    assert message in str(e.value) and str(bad) in str(e.value)


def test_a_missing_model_file_is_a_resource_error(tmp_path):
    with pytest.raises(ResourceError, match="cannot read the tagger model"):
        crf.read_model(tmp_path / "absent.crfsuite")
