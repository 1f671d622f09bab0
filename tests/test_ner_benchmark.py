"""The CLUENER benchmark script's scoring: inclusive gold ends, exact spans, classes merged."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import ner_cluener  # noqa: E402


def test_gold_spans_are_end_exclusive_and_merged():
    record = {"text": "华为公司总裁任正非说", "label": {"company": {"华为公司": [[0, 3]]},
                                                     "position": {"总裁": [[4, 5]]},
                                                     "name": {"任正非": [[6, 8]]},
                                                     "game": {"x": [[0, 0]]}}}
    assert ner_cluener.gold_spans(record) == {("org", 0, 4), ("position", 4, 6), ("person", 6, 9)}


def test_prf():
    assert ner_cluener.prf(3, 1, 2) == (0.75, 0.6, 2 * 0.75 * 0.6 / 1.35)
    assert ner_cluener.prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_run_prints_per_class_counts(tmp_path, capsys):
    path = tmp_path / "mini.json"
    rows = [{"text": "北京华腾科技有限公司总经理王海说，项目进展顺利。",
             "label": {"company": {"北京华腾科技有限公司": [[0, 9]]}, "position": {"总经理": [[10, 12]]},
                       "name": {"王海": [[13, 14]]}}}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert ner_cluener.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 sentences" in out
    assert "person      1.000  1.000  1.000      1      0      0" in out
    assert "org         1.000  1.000  1.000      1      0      0" in out
    assert "position    1.000  1.000  1.000      1      0      0" in out


def test_missing_file(tmp_path, capsys):
    assert ner_cluener.main([str(tmp_path / "absent.json")]) == 2
    assert "no such file" in capsys.readouterr().err
