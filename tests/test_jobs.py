"""``--jobs auto``, the default: one process per CPU from AUTO_MIN_ARTICLES articles on, one below."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import jobs, pipeline
from kg.cli import main
from kg.ingest import read_sources
from kg.model import Article

SEED = Path(__file__).resolve().parents[1] / "data" / "seed-page.txt"


def seed_articles(copies: int) -> list[Article]:
    base = [a for a in read_sources([str(SEED)]) if isinstance(a, Article)]
    return [Article(id=f"{k}-{a.id}", text=a.text, source=a.source, position=k * len(base) + a.position)
            for k in range(copies) for a in base]


def test_resolve_keeps_a_number_and_decides_auto_by_the_count(monkeypatch):
    monkeypatch.setattr(jobs, "cpus", lambda: 12)
    assert jobs.resolve(3, 1) == 3 and jobs.resolve(1, 10_000) == 1
    assert jobs.resolve(None, jobs.AUTO_MIN_ARTICLES - 1) == 1
    assert jobs.resolve(None, jobs.AUTO_MIN_ARTICLES) == jobs.MAX_AUTO == 8
    monkeypatch.setattr(jobs, "cpus", lambda: 2)
    assert jobs.resolve(None, 5000) == 2


@pytest.mark.parametrize("value, want", [("auto", None), ("AUTO", None), (" auto ", None), ("2", 2), (3, 3)])
def test_parse(value, want):
    assert jobs.parse(value) == want


@pytest.mark.parametrize("value, message", [("0", "must be at least 1, not 0"), ("-2", "must be at least 1, not -2"),
                                            ("x", "expected a whole number or 'auto', not 'x'")])
def test_parse_refuses(value, message):
    with pytest.raises(ValueError) as e:
        jobs.parse(value)
    assert str(e.value) == message


def test_cli_default_is_auto_and_a_bad_value_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["build", "--help"])
    assert "--jobs N|auto" in r.output and "[default: auto]" in r.output
    r = CliRunner().invoke(main, ["build", str(SEED), "--store", str(tmp_path / "s"), "--jobs", "many"])
    assert r.exit_code == 2 and "expected a whole number or 'auto', not 'many'" in r.output
    assert not (tmp_path / "s").exists()


def test_auto_extracts_few_articles_here_and_many_on_processes(monkeypatch):
    pools = []
    real = pipeline._process_pool

    def counting(n):
        pools.append(n)
        return real(n)

    monkeypatch.setattr(pipeline, "_process_pool", counting)
    monkeypatch.setattr(jobs, "cpus", lambda: 2)
    few = seed_articles(1)                                   # 10 articles
    assert [ex.article.id for ex in pipeline.extract_stream(few, jobs=None)] == [a.id for a in few]
    assert pools == []
    many = seed_articles(7)                                  # 70 articles
    auto = list(pipeline.extract_stream(many, jobs=None))
    assert pools == [2]
    one = list(pipeline.extract_stream(many, jobs=1))
    assert [(e.article.id, e.mentions, e.facts) for e in auto] == [(e.article.id, e.mentions, e.facts) for e in one]
