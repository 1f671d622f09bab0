"""When each fact held: kg:asOf on assertions, role start / end dates (roleDates), and `kg roles`."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from kg import api
from kg.cli import main
from kg.extract import DEFAULT_PIPELINE
from kg.extract.role_dates import _DATE, resolve_date
from kg.model import Article
from kg.pipeline import extract_article
from kg.rdf import article_graph, date_literal
from kg.roles_query import RoleClaim
from kg.vocab import KG


def roles_of(text: str, date: str | None = None):
    ex = extract_article(Article("1", text, "t.jsonl", 1, date=date))
    labels = {e.id: e.label for e in ex.entities}
    return sorted((labels[f.subject], f.object.title, labels[f.object.organization], f.object.start, f.object.end,
                   f.object.current) for f in ex.facts if f.relation == "holdsRole")


@pytest.mark.parametrize("text, date, expected", [
    ("张伟2009年3月出任华夏科技有限公司总经理。", None,
     [("张伟", "总经理", "华夏科技有限公司", "2009-03", None, True)]),
    ("王芳自2015年起担任东方电子股份有限公司副总裁。", None,
     [("王芳", "副总裁", "东方电子股份有限公司", "2015", None, True)]),
    ("张伟于2009年3月5日出任华夏科技有限公司总经理。", None,
     [("张伟", "总经理", "华夏科技有限公司", "2009-03-05", None, True)]),
    # relative to the article's date: the month before; the role is over
    ("华夏科技有限公司董事长李明已于上月卸任。", "2010-04-15",
     [("李明", "董事长", "华夏科技有限公司", None, "2010-03", False)]),
    ("华夏科技有限公司董事长李明已于上月卸任。", "2010-01-15",
     [("李明", "董事长", "华夏科技有限公司", None, "2009-12", False)]),
    # no article date: the relative date is left out, the role is still over
    ("华夏科技有限公司董事长李明已于上月卸任。", None,
     [("李明", "董事长", "华夏科技有限公司", None, None, False)]),
    ("华夏科技有限公司总经理张伟去年出任该职。", "2012-06-01",
     [("张伟", "总经理", "华夏科技有限公司", "2011", None, True)]),
    # a date with no appointment verb after it is not a start
    ("华夏科技有限公司总经理张伟2009年3月在北京表示，公司将扩大投资。", None,
     [("张伟", "总经理", "华夏科技有限公司", None, None, True)]),
    # an impossible day: left out
    ("张伟2009年2月30日出任华夏科技有限公司总经理。", None,
     [("张伟", "总经理", "华夏科技有限公司", None, None, True)]),
])
def test_role_dates(text, date, expected):
    assert roles_of(text, date) == expected


def test_role_dates_is_a_pipeline_component():
    assert DEFAULT_PIPELINE.index("roleDates") == DEFAULT_PIPELINE.index("holdsRole") + 1
    text = "张伟2009年3月出任华夏科技有限公司总经理。"
    without = extract_article(Article("1", text, "t.jsonl", 1),
                              pipeline=tuple(n for n in DEFAULT_PIPELINE if n != "roleDates"))
    assert [f.object.start for f in without.facts if f.relation == "holdsRole"] == [None]


@pytest.mark.parametrize("phrase, today, expected", [
    ("2009年", None, "2009"), ("2009年3月", None, "2009-03"), ("2009年3月5日", None, "2009-03-05"),
    ("2009年13月", None, None), ("上月", None, None), ("上月", "2010-03-31", "2010-02"), ("本月", "2010-03-31", "2010-03"),
    ("昨日", "2010-03-01", "2010-02-28"), ("前年", "2010-03-01", "2008"), ("今年5月", "2010-03-01", "2010-05"),
    ("3月5日", "2010-06-01", "2010-03-05"),
])
def test_resolve_date(phrase, today, expected):
    assert resolve_date(re.fullmatch(_DATE, phrase), today) == expected


@pytest.mark.parametrize("text, datatype", [("2009", XSD.gYear), ("2009-03", XSD.gYearMonth), ("2009-03-05", XSD.date)])
def test_date_literal(text, datatype):
    assert date_literal(text) == Literal(text, datatype=datatype)


# ---------------------------------------------------------------- asOf, dates in the graph

def test_assertions_carry_their_articles_date(tmp_path):
    src = tmp_path / "news.jsonl"
    rows = [{"id": "1", "date": "2010-03-05", "text": "张伟2009年3月出任华夏科技有限公司总经理。"},
            {"id": "2", "text": "海尔生物落户青岛高新区。"},
            {"id": "3", "date": "2024-99-99", "text": "某某科技入驻苏州工业园区。"}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    exs, errors = api.extract([str(src)])
    graphs = [article_graph(ex) for ex in exs]
    as_of = [sorted(set(g.objects(None, KG.asOf))) for g in graphs]
    assert as_of == [[Literal("2010-03-05", datatype=XSD.date)], [], []]
    g = graphs[0]
    (pos,) = g.subjects(RDF.type, KG.Position)
    assert list(g.objects(pos, KG.startDate)) == [Literal("2009-03", datatype=XSD.gYearMonth)]
    assert list(g.objects(pos, KG.endDate)) == []
    store = tmp_path / "s"
    summary = api.build([str(src)], store=store, out=tmp_path / "o", html=False)
    assert summary.shacl_conforms
    q = ("SELECT ?start ?asOf WHERE { ?pos kg:startDate ?start . ?a rdf:object ?pos ; kg:asOf ?asOf }")
    assert api.query(q, store, "csv").replace("\r\n", "\n") == "start,asOf\n2009-03,2010-03-05\n"


# ---------------------------------------------------------------- kg roles

ARTICLES = [
    {"id": "r1", "date": "2010-02-01", "title": "投资", "text": "华夏科技有限公司总经理张伟表示，公司将扩大投资。"},
    {"id": "r2", "date": "2010-05-20", "title": "新任", "text": "华夏科技有限公司总经理李强2010年4月出任该职。"},
    {"id": "r3", "date": "2009-01-10", "title": "旧闻", "text": "华夏科技有限公司董事长赵敏2005年起担任该职。"},
]


@pytest.fixture(scope="module")
def roles_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("roles")
    src = d / "people.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ARTICLES), encoding="utf-8")
    api.build([str(src)], store=d / "store", out=d / "out", html=False, validate=False)
    return d / "store"


E1 = "华夏科技有限公司总经理张伟表示，公司将扩大投资。"
E2 = "华夏科技有限公司总经理李强2010年4月出任该职。"
E3 = "华夏科技有限公司董事长赵敏2005年起担任该职。"


def claims(store, on=None):
    return [(c.title, c.person, c.status, c.start, c.as_of, c.evidence) for c in api.roles("华夏科技有限公司", store, on)]


def test_roles_two_articles_that_disagree_are_both_shown(roles_store):
    assert claims(roles_store) == [
        ("总经理", "李强", "latest", "2010-04", "2010-05-20", E2),
        ("总经理", "张伟", "disagrees", None, "2010-02-01", E1),
        ("董事长", "赵敏", "latest", "2005", "2009-01-10", E3),
    ]


def test_roles_on_a_date_before_the_new_one_started(roles_store):
    assert claims(roles_store, "2010-03") == [
        ("总经理", "张伟", "latest", None, "2010-02-01", E1),
        ("董事长", "赵敏", "latest", "2005", "2009-01-10", E3),
    ]
    # 李强 from 2010-04, 赵敏 from 2005: neither yet; 张伟's article gives no start
    assert claims(roles_store, "2004") == [("总经理", "张伟", "latest", None, "2010-02-01", E1)]


def test_roles_cli(roles_store):
    res = CliRunner().invoke(main, ["roles", "--org", "华夏科技有限公司", "--on", "2010-06", "--store", str(roles_store)])
    assert res.exit_code == 0, res.output
    assert res.output == (
        "总经理\t李强\tlatest\tfrom 2010-04\tas of 2010-05-20\tpeople.jsonl\n"
        f"    {E2}\n"
        "总经理\t张伟\tdisagrees\t-\tas of 2010-02-01\tpeople.jsonl\n"
        f"    {E1}\n"
        "董事长\t赵敏\tlatest\tfrom 2005\tas of 2009-01-10\tpeople.jsonl\n"
        f"    {E3}\n")
    bad = CliRunner().invoke(main, ["roles", "--org", "华夏科技有限公司", "--on", "2010年", "--store", str(roles_store)])
    assert bad.exit_code == 2
    assert "--on: expected a date YYYY, YYYY-MM or YYYY-MM-DD, not '2010年'" in bad.output
    none = CliRunner().invoke(main, ["roles", "--org", "无此公司", "--store", str(roles_store)])
    assert (none.exit_code, none.output) == (0, "no roles found\n")


def test_role_claim_is_frozen():
    c = RoleClaim("总经理", "张伟", True, None, None, None, "…", "a.jsonl", "x")
    with pytest.raises(AttributeError):
        c.person = "李强"
