"""End to end on the user's sample page: exact items, a list of facts, and scores that must not regress."""
import json
from pathlib import Path

import pytest

from kg import api
from kg.evaluate import score_graph
from kg.model import Role
from kg.rdf import article_graph, merge_graphs
from kg.schema import schema_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "seed-page.txt"
GOLD = json.loads((ROOT / "tests" / "data" / "seed-page.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractions():
    exs, errors = api.extract([str(SAMPLE)])
    assert errors == []
    return exs


def test_items_titles_authors(extractions):
    got = [(ex.article.kind, ex.article.title, list(ex.article.creators)) for ex in extractions]
    want = [(a["kind"], a["title"], a["authors"]) for a in GOLD["articles"]]
    assert got == want


def _facts(extractions):
    out = set()
    for ex in extractions:
        label = {e.id: e.label for e in ex.entities}
        for f in ex.facts:
            o = f.object
            if isinstance(o, Role):
                out.add((f.relation, label[f.subject], o.title, label[o.organization], o.current))
            elif isinstance(o, str):
                out.add((f.relation, label[f.subject], label[o]))
    return out


@pytest.mark.parametrize("fact", [
    ("locatedIn", "威高国际医疗器械产业园项目", "青岛高新区"),
    ("locatedIn", "阿斯利康", "青岛高新区"),
    ("locatedIn", "海尔生物", "青岛高新区"),
    ("locatedIn", "国药器械", "青岛高新区"),
    ("locatedIn", "西安巨子生物基因技术股份有限公司", "西安高新区创业园"),
    ("locatedIn", "北京生命科学研究所", "中关村生命科学园"),
    ("locatedIn", "国际先进技术应用推进中心(合肥)", "中安创客科技园"),
    ("locatedIn", "中新南宁国际物流园", "广西南宁市"),
    ("holdsRole", "徐景和", "副局长", "国家药品监督管理局", True),
    ("holdsRole", "Patrick Bonntt", "主席", "英国科技园区协会", False),
    ("holdsRole", "唐文豪", "记者", "新华社", True),
    ("listedOn", "西安巨子生物基因技术股份有限公司", "香港交易所"),
])
def test_sample_fact(extractions, fact):
    assert fact in _facts(extractions)


def test_sample_scores_do_not_regress(extractions):
    graph = merge_graphs(article_graph(ex) for ex in extractions)
    res = score_graph(graph, GOLD, schema_dir()).to_dict()
    assert res["core"]["p"] >= 0.95 and res["core"]["f1"] >= 0.95, res["core"]
    assert res["entities"]["f1"] >= 0.92, res["entities"]
