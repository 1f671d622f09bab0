"""The trained name tagger: the shipped model, its API, and the training path."""
from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

from kg import tagger as tg
from kg import train as tr
from kg.errors import ResourceError
from kg.text import split_sentences, tokenize

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def spans(text, **kw):
    return [(s.text, s.label) for s in tg.load().tag(text, **kw)]


# ---------------------------------------------------------------- the shipped model

def test_shipped_model_org_title_person():
    assert spans("腾讯控股有限公司总裁刘炽平表示") == [
        ("腾讯控股有限公司", "Organization"), ("总裁", "RoleTitle"), ("刘炽平", "Person")]


@pytest.mark.parametrize("text, expected", [
    ("记者从南京市江宁区人民政府获悉，副区长王建国出席了签约仪式。",
     [("记者", "RoleTitle"), ("南京市江宁区人民政府", "Organization"), ("副区长", "RoleTitle"),
      ("王建国", "Person")]),
    ("华为技术有限公司董事长梁华在会上发言。",
     [("华为技术有限公司", "Organization"), ("董事长", "RoleTitle"), ("梁华", "Person")]),
    ("国家发展和改革委员会副主任张晓明昨日表示，将继续推进改革。",
     [("国家发展和改革委员会", "Organization"), ("副主任", "RoleTitle"), ("张晓明", "Person")]),
])
def test_shipped_model_exact_spans(text, expected):
    got = tg.load().tag(text)
    assert [(s.text, s.label) for s in got] == expected
    for s in got:                                   # offsets are exact into the text
        assert text[s.start:s.end] == s.text


def test_spans_are_frozen_and_confidence_is_a_probability():
    got = tg.load().tag("腾讯控股有限公司总裁刘炽平表示")
    assert got and all(0.0 < s.confidence <= 1.0 for s in got)
    with pytest.raises(dataclasses.FrozenInstanceError):
        got[0].label = "Place"


def test_given_tokens_give_the_same_spans_as_jieba_run_inside():
    text = "记者从南京市江宁区人民政府获悉，副区长王建国出席了签约仪式。华为技术有限公司董事长梁华在会上发言。"
    tokens = [t for s in split_sentences(text) for t in tokenize(s.text, s.start)]
    assert tg.load().tag(text, tokens=tokens) == tg.load().tag(text)


def test_offsets_are_into_the_whole_text_across_sentences():
    text = "今天天气很好。\n\n腾讯控股有限公司总裁刘炽平表示"
    got = tg.load().tag(text)
    person = [s for s in got if s.label == "Person"]
    assert [(s.start, s.end) for s in person] == [(text.index("刘炽平"), text.index("刘炽平") + 3)]


def test_empty_and_long_unpunctuated_text():
    assert tg.load().tag("") == []
    assert tg.load().tag("   \n ") == []
    long = "腾讯控股有限公司总裁刘炽平表示" * 334          # 5,010 characters, no punctuation
    assert len(long) > 5000
    got = tg.load().tag(long)
    assert all(long[s.start:s.end] == s.text and 0 <= s.confidence <= 1 for s in got)
    assert sum(s.label == "Person" for s in got) > 300


def test_long_sentences_are_cut_within_the_cap_and_cover_the_text():
    text = "甲" * 450 + "，" + "乙" * 30
    bounds = list(tg.chunk_bounds(text))
    assert all(b - a <= tg.MAX_CHUNK for a, b in bounds)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:]))


def test_load_is_cached_and_missing_model_is_a_resource_error(tmp_path):
    assert tg.load() is tg.load()
    with pytest.raises(ResourceError, match="no tagger model"):
        tg.load(tmp_path / "absent.crfsuite")


# ---------------------------------------------------------------- labels

def test_bioes_round_trip_and_lenient_decoding():
    gold = [(0, 4, "Organization"), (4, 5, "RoleTitle"), (6, 9, "Person")]
    tags = tg.spans_to_tags(10, gold)
    assert tags == ["B-ORG", "I-ORG", "I-ORG", "E-ORG", "S-TIT", "O", "B-PER", "I-PER", "E-PER", "O"]
    assert tg.tags_to_spans(tags) == gold
    assert tg.tags_to_spans(tg.spans_to_tags(10, gold, "BIO")) == gold
    # an I without its B still makes a span; a type change ends one
    assert tg.tags_to_spans(["I-PER", "I-PER", "B-ORG", "I-TIT"]) == [
        (0, 2, "Person"), (2, 3, "Organization"), (3, 4, "RoleTitle")]


def test_read_bmes_maps_types(tmp_path):
    p = tmp_path / "x.char.bmes"
    p.write_text("张 B-NAME\n三 E-NAME\n任 O\n总 B-TITLE\n经 M-TITLE\n理 E-TITLE\n汉 B-RACE\n族 E-RACE\n\n"
                 "京 S-LOC\n", encoding="utf-8")
    got = tr.read_bmes(p)
    assert got == [tr.Example("张三任总经理汉族", ((0, 2, "Person"), (3, 6, "RoleTitle"), (6, 8, "Other"))),
                   tr.Example("京", ((0, 1, "Place"),))]


def test_read_cluener_held_out_tenth_and_inclusive_ends(tmp_path):
    p = tmp_path / "c.json"
    rows = [{"text": f"{i}号华为公司", "label": {"company": {"华为公司": [[2, 5]]}, "game": {"x": [[0, 0]]}}}
            for i in range(10)] + [{"text": "李明", "label": {"name": {"李明": [[0, 1]]}}}]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    held = tr.read_cluener(p, "heldout")
    train = tr.read_cluener(p, "train")
    assert [e.text for e in held] == ["0号华为公司", "李明"]          # lines 0 and 10
    assert len(train) == 9 and train[0] == tr.Example("1号华为公司", ((0, 1, "Other"), (2, 6, "Organization")))
    # the training part's own tuning split: lines % 10 == 5 against the rest, the held-out tenth in neither
    assert [e.text for e in tr.read_cluener(p, "tune-dev")] == ["5号华为公司"]
    assert len(tr.read_cluener(p, "tune-train")) == 8
    # the held-out tenth's halves: % 20 == 0 (thresholds) and % 20 == 10 (calibration)
    assert [e.text for e in tr.read_cluener(p, "heldout-even")] == ["0号华为公司"]
    assert [e.text for e in tr.read_cluener(p, "heldout-odd")] == ["李明"]


# ---------------------------------------------------------------- the training path

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑"
_GIVEN = ["建国", "海涛", "志强", "晓燕", "丽华", "明", "伟", "静", "俊峰", "雪梅"]
_BRANDS = ["星河", "远景", "华辰", "蓝海", "启明", "恒通", "瑞丰", "中科", "天成", "博远"]
_TRADES = ["科技", "电子", "生物", "能源", "材料"]
_SUFFIXES = ["有限公司", "股份有限公司", "集团"]
_TITLES = ["董事长", "总经理", "总裁", "副总经理", "首席执行官"]
_TAILS = ["表示，公司今年将扩大生产。", "介绍说，项目进展顺利。", "在发布会上讲话。", "说，订单已经排到明年。"]


def synthetic_examples(n: int, seed: int) -> list[tr.Example]:
    """Sentences written for this test: ORG TITLE PERSON tail."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        org = rng.choice(_BRANDS) + rng.choice(_TRADES) + rng.choice(_SUFFIXES)
        title = rng.choice(_TITLES)
        person = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        text = org + title + person + rng.choice(_TAILS)
        a, b = len(org), len(org) + len(title)
        out.append(tr.Example(text, ((0, a, "Organization"), (a, b, "RoleTitle"),
                                     (b, b + len(person), "Person"))))
    return out


def test_a_retrained_tiny_model_loads_and_tags(tmp_path):
    model = tmp_path / "tiny.crfsuite"
    meta = tr.train(synthetic_examples(200, 1), model, tr.Params(iterations=30))
    assert model.is_file() and tg.meta_path_for(model).is_file()
    assert meta["sequences"] == 200 and meta["iterations"] == 30
    t = tg.load(model)
    assert t is tg.load(model) and t is not tg.load()
    got = [(s.text, s.label) for s in t.tag("启明材料有限公司总经理周俊峰说，订单已经排到明年。")]
    assert got == [("启明材料有限公司", "Organization"), ("总经理", "RoleTitle"), ("周俊峰", "Person")]
    scores = tr.score(t, synthetic_examples(30, 2))
    assert scores.prf("Person")[2] > 0.9 and scores.prf("Organization")[2] > 0.9


def test_other_is_learnt_but_never_returned_and_wide_dict_features_ship_with_the_model(tmp_path):
    model = tmp_path / "other.crfsuite"
    examples = [tr.Example(ex.text + "他在读《星河传》。", ex.spans + ((len(ex.text) + 4, len(ex.text) + 7, "Other"),))
                for ex in synthetic_examples(120, 7)]
    tr.train(examples, model, tr.Params(iterations=30, groups=tg.DEFAULT_GROUPS + ("wide", "dict"),
                                        labels=("Person", "Organization", "RoleTitle", "Other")))
    table = tg.read_char_table(tg.char_table_path(model))
    assert "nrB2" in table["张"].split() and "ntE2" in table["司"].split()
    t = tg.open_tagger(model)
    assert t.labels == ("Person", "Organization", "RoleTitle") and t.featurizer.char_table == table
    got = t.tag("启明材料有限公司总经理周俊峰说，他在读《星河传》。")
    assert [(s.text, s.label) for s in got] == [("启明材料有限公司", "Organization"), ("总经理", "RoleTitle"),
                                                ("周俊峰", "Person")]


def test_wide_window_features():
    f = tg.Featurizer(("chars", "wide"))
    feats = [x for _, _, fs in f.chunks("甲乙丙丁") for x in fs]
    assert [[x for x in fs if x.startswith(("c-3=", "c3="))] for fs in feats] == [
        ["c-3=^3", "c3=丁"], ["c-3=^2", "c3=$1"], ["c-3=^1", "c3=$2"], ["c-3=甲", "c3=$3"]]


def test_calibration_is_monotone_pooled_and_read_back(tmp_path):
    # marginals 0.95: 9 of 10 right; 0.75: 1 of 4 right; 0.55: 3 of 4 right (violates: pooled with 0.75)
    obs = ([("Person", 0.95, i < 9) for i in range(10)] + [("Person", 0.75, i < 1) for i in range(4)]
           + [("Person", 0.55, i < 3) for i in range(4)])
    cal = tg.Calibration.fit(obs, "test")
    # bins up to 0.6, 0.8, 0.95; an empty bin joins the pool below it (the lower, safer confidence)
    assert cal.steps["Person"] == ((0.9, 0.5), (1.0, round(10 / 12, 4)))
    assert cal("Person", 0.2) == 0.5 and cal("Person", 0.9) == 0.5 and cal("Person", 0.91) == round(10 / 12, 4)
    assert cal("RoleTitle", 0.42) == 0.42                # a type it was not fitted on: the marginal
    path = tmp_path / "m.calibration.json"
    path.write_text(cal.to_json(), encoding="utf-8")
    assert tg.Calibration.read(path) == cal
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ResourceError, match="invalid calibration"):
        tg.Calibration.read(path)


def test_shipped_model_is_calibrated():
    t = tg.load()
    assert t.calibration is not None and set(t.calibration.steps) == {"Person", "Organization", "RoleTitle"}
    for s in t.tag("华为技术有限公司董事长梁华在会上发言。"):
        assert s.marginal is not None and s.confidence == t.calibration(s.label, s.marginal)


def test_feature_groups_of_a_model_come_from_its_metadata(tmp_path):
    model = tmp_path / "plain.crfsuite"
    tr.train(synthetic_examples(60, 3), model, tr.Params(iterations=10, groups=("chars", "bigrams")))
    assert tg.open_tagger(model).featurizer.groups == {"chars", "bigrams"}
    with pytest.raises(ValueError, match="unknown feature groups"):
        tg.Featurizer(("chars", "nonsense"))


@pytest.mark.skipif(not (SHARED / "resume-ner" / "dev.char.bmes").is_file(),
                    reason="Resume NER not present in ../shared/corpus")
def test_shipped_model_on_resume_dev_people():
    dev = tr.read_bmes(SHARED / "resume-ner" / "dev.char.bmes")[:100]
    assert tr.score(tg.load(), dev).prf("Person")[2] > 0.85


def test_benchmark_tagger_mode_scores_the_held_out_tenth_side_by_side(tmp_path, capsys):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import ner_cluener

    rows = [{"text": "腾讯控股有限公司总裁刘炽平表示", "label": {"company": {"腾讯控股有限公司": [[0, 7]]},
                                                      "position": {"总裁": [[8, 9]]},
                                                      "name": {"刘炽平": [[10, 12]]}}}]
    rows += [{"text": "不在留出集里的一行", "label": {}}] * 9             # lines 1-9 are not held out
    path = tmp_path / "mini.json"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert ner_cluener.main([str(path), "--tagger"]) == 0
    out = capsys.readouterr().out
    assert "held-out tenth: 1 sentences, 15 chars" in out
    tagger_part = out.split("tagger (kg.tagger")[1]
    assert "chars/s" in tagger_part.splitlines()[0]
    for cls in ("person", "org", "position"):
        assert f"{cls:10}  1.000  1.000  1.000      1      0      0" in tagger_part


def _write_corpora(tmp_path):
    """A CLUENER-format file and a Resume-format directory made of the synthetic sentences."""
    keys = {"Organization": "company", "RoleTitle": "position", "Person": "name"}
    lines = []
    for ex in synthetic_examples(120, 4):
        label = {}
        for s, e, lb in ex.spans:
            label.setdefault(keys[lb], {})[ex.text[s:e]] = [[s, e - 1]]
        lines.append(json.dumps({"text": ex.text, "label": label}, ensure_ascii=False))
    cluener = tmp_path / "cluener.json"
    cluener.write_text("\n".join(lines) + "\n", encoding="utf-8")
    resume = tmp_path / "resume"
    resume.mkdir()
    tags = {"Organization": "ORG", "RoleTitle": "TITLE", "Person": "NAME"}
    for name, seed in (("train", 5), ("dev", 6)):
        rows = []
        for ex in synthetic_examples(40, seed):
            t = ["O"] * len(ex.text)
            for s, e, lb in ex.spans:
                for j in range(s, e):
                    t[j] = ("S" if e - s == 1 else "B" if j == s else "E" if j == e - 1 else "M") + "-" + tags[lb]
            rows.append("\n".join(f"{c} {x}" for c, x in zip(ex.text, t)) + "\n")
        (resume / f"{name}.char.bmes").write_text("\n".join(rows), encoding="utf-8")
    return cluener, resume


def test_kg_train_command_trains_and_prints_held_out_scores(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    cluener, resume = _write_corpora(tmp_path)
    model = tmp_path / "m.crfsuite"
    r = CliRunner().invoke(main, ["train", "--cluener", str(cluener), "--resume", str(resume),
                                  "--out", str(model), "--iterations", "20"])
    assert r.exit_code == 0, r.output
    assert "CLUENER held-out tenth (12 sentences)" in r.output
    assert "reliability on the even half of the held-out tenth (6 sentences)" in r.output
    assert tg.calibration_path(model).is_file() and tg.open_tagger(model).calibration is not None
    assert "Resume dev (40 sentences)" in r.output
    assert "chars/s" in r.output and "training sequences" in r.output
    assert json.loads(tg.meta_path_for(model).read_text(encoding="utf-8"))["sequences"] == 108 + 40
    assert [s.label for s in tg.open_tagger(model).tag("星河科技有限公司总裁王海涛表示，公司今年将扩大生产。")] == [
        "Organization", "RoleTitle", "Person"]


def test_python_m_kg_train_reports_a_missing_corpus(tmp_path, capsys):
    assert tr.main(["--cluener", str(tmp_path / "absent.json"), "--resume", "", "--out",
                    str(tmp_path / "m.crfsuite")]) == 2
    assert "absent.json: cannot read" in capsys.readouterr().err


def test_character_classes_are_learnt_from_text_deterministically_and_ship_with_the_model(tmp_path):
    texts = [ex.text for ex in synthetic_examples(200, 8)]
    table = tg.build_char_clusters(texts, sizes=(4, 8))
    assert table == tg.build_char_clusters(texts, sizes=(4, 8))            # fixed seed: the same classes
    assert all(len(v.split()) == 2 and v.split()[0][0] == "a" and v.split()[1][0] == "b" for v in table.values())
    assert len({v.split()[0] for v in table.values()}) == 4
    f = tg.Featurizer(("clusters",), clusters={"甲": "a1 b7"})
    feats = [x for _, _, fs in f.chunks("甲乙") for x in fs]
    assert feats == [["b", "ka-2=^", "ka-1=^", "ka0=a1", "ka1=rare", "ka2=$", "kb-1=^", "kb0=b7", "kb1=rare",
                      "kp-1=^|a1", "kp1=a1|rare"],
                     ["b", "ka-2=^", "ka-1=a1", "ka0=rare", "ka1=$", "ka2=$", "kb-1=b7", "kb0=rare", "kb1=$",
                      "kp-1=a1|rare", "kp1=rare|$"]]
    with pytest.raises(ValueError, match="character classes"):
        tg.Featurizer(("clusters",))
    model = tmp_path / "k.crfsuite"
    tr.train(synthetic_examples(80, 9), model, tr.Params(iterations=10, groups=tg.DEFAULT_GROUPS + ("clusters",)))
    shipped = tg.read_char_table(tg.cluster_table_path(model))
    assert shipped == tg.build_char_clusters([ex.text for ex in synthetic_examples(80, 9)])
    assert tg.open_tagger(model).featurizer.clusters == shipped


def test_lexicon_fingerprint_and_features_do_not_depend_on_the_process_hash_seed():
    import os
    import subprocess
    import sys

    code = ("import hashlib; from kg import tagger as tg; f = tg.Featurizer(tg.DEFAULT_GROUPS); "
            "feats = repr(list(f.chunks('北京大学校长在国务院新闻办公室发布会上说'))).encode(); "
            "print(tg.lexicon_fingerprint(), hashlib.sha1(feats).hexdigest())")
    root = str(Path(__file__).resolve().parents[1])
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                           env=dict(os.environ, PYTHONHASHSEED=seed)).stdout for seed in ("1", "2")}
    assert len(outs) == 1 and len(outs.pop().split()[0]) == 16


def test_an_organisation_span_never_begins_with_a_preposition():
    assert tg._NOT_ORG_FIRST >= set("由被把将给从")
    spans = tg.load().tag("该工厂由锐驰（湖州）新材料科技有限公司运营。")
    assert not any(s.label == "Organization" and s.text[0] in tg._NOT_ORG_FIRST for s in spans)


def test_a_field_label_is_no_part_of_a_name():
    """职务：董事长 in a profile: the model may read the label with its value; the span starts after the colon."""
    got = [(s.text, s.label) for s in tg.load().tag("公司：华东钢铁有限公司职务：董事长行业：钢铁")]
    assert all("：" not in x and ":" not in x for x, _ in got)
    assert ("董事长", "RoleTitle") in got
