"""Data that used to disappear without a word (issue 13): article identity across
folders, duplicate articles, dates that are no day. The bad-input table
(tests/test_bad_input.py) has a row for each too; these check what the table cannot
(IRIs, the command line, the store's literals, SHACL)."""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from kg import api
from kg.cli import main
from kg.ingest import is_valid_date, read_sources
from kg.model import Article, Extraction
from kg.rdf import article_graph, article_iri
from kg.store import Store
from kg.validate import validate, validate_store
from kg.vocab import KGR_NS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
A = "珠海高新区与华发集团共建光伏绿色能源科技园。"
B = "总投资50亿元的威高国际医疗器械产业园正式落户青岛高新区。"


def jl(*records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def two_days(root: Path) -> Path:
    d = root / "news"
    (d / "2024-01-01").mkdir(parents=True)
    (d / "2024-01-02").mkdir()
    (d / "2024-01-01" / "news.jsonl").write_text(jl({"id": "1", "text": A}), encoding="utf-8")
    (d / "2024-01-02" / "news.jsonl").write_text(jl({"id": "1", "text": B}), encoding="utf-8")
    return d


def sha16(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- identity

def test_a_file_given_directly_keeps_its_iri():
    """The sample's answer key and recorded exports name articles by these IRIs."""
    arts = [a for a in read_sources([SEED]) if isinstance(a, Article)]
    assert [a.source for a in arts] == ["seed-page.txt"] * 10
    assert article_iri(arts[0]) == URIRef(KGR_NS + "article/f97ea05676fc6f3b")
    # the same file found in its directory is the same source
    assert [article_iri(a) for a in read_sources([SEED.parent]) if isinstance(a, Article)] == \
        [article_iri(a) for a in arts]


def test_same_name_in_two_folders_two_articles_in_the_store(tmp_path):
    d = two_days(tmp_path)
    summary = api.build([str(d)], store=tmp_path / "store", out=tmp_path / "out", validate=False, html=False)
    assert summary.errors == []
    assert summary.items == 2
    with Store(tmp_path / "store", read_only=True) as st:
        assert sorted(map(str, st.articles())) == sorted(
            KGR_NS + "article/" + sha16(f"{day}/news.jsonl\x1f1") for day in ("2024-01-01", "2024-01-02"))
        sources = {str(o) for _s, p, o, _g in st.iter_quads() if p == DCTERMS.source}
    assert sources == {"2024-01-01/news.jsonl", "2024-01-02/news.jsonl"}


def test_identity_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    d = two_days(tmp_path)
    absolute = [(a.source, article_iri(a)) for a in read_sources([d])]
    monkeypatch.chdir(tmp_path)
    relative = [(a.source, article_iri(a)) for a in read_sources(["news"])]
    monkeypatch.chdir(d / "2024-01-01")
    dotdot = [(a.source, article_iri(a)) for a in read_sources(["../../news/"])]
    assert absolute == relative == dotdot
    assert [s for s, _ in absolute] == ["2024-01-01/news.jsonl", "2024-01-02/news.jsonl"]


def test_two_arguments_with_the_same_file_name_are_told_apart(tmp_path, monkeypatch):
    d = two_days(tmp_path)
    monkeypatch.chdir(d)
    arts = list(read_sources(["2024-01-01/news.jsonl", "2024-01-02/news.jsonl"]))
    assert [(a.source, a.text) for a in arts] == [("news.jsonl", A), ("2024-01-02/news.jsonl", B)]
    assert len({article_iri(a) for a in arts}) == 2


# ---------------------------------------------------------------- duplicates

def test_cli_reports_a_duplicate_article_and_stores_it_once(tmp_path, monkeypatch):
    d = two_days(tmp_path)
    (d / "again.jsonl").write_text(jl({"id": "x", "title": "另一标题", "text": f"  {B}  "}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["build", "--no-validate", "--no-html", "news"])
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines() == [
        "kg: input error: news/again.jsonl:1: duplicate article: same text as news/2024-01-02/news.jsonl:1; skipped"]
    assert res.stdout.splitlines()[0].startswith("items: 2   input errors: 1   ")
    with Store(tmp_path / ".kg", read_only=True) as st:
        assert len(st.articles()) == 2


def test_the_same_item_twice_in_one_page_is_a_duplicate(tmp_path):
    page = "标题一\n\n本报讯 会议在京召开。\n\n张明\n\n标题二\n\n本报讯 会议在京召开。\n\n李华\n"
    (tmp_path / "p.txt").write_text(page, encoding="utf-8")
    items = list(read_sources([tmp_path / "p.txt"]))
    assert [str(x) if not isinstance(x, Article) else (x.title, x.text) for x in items] == [
        ("标题一", "本报讯 会议在京召开。"),
        f"{tmp_path}/p.txt: item 2 (标题二): duplicate article: same text as {tmp_path}/p.txt item 1 (标题一); skipped"]


# ---------------------------------------------------------------- dates

def test_valid_dates():
    assert is_valid_date("2024-02-29") and is_valid_date("1999-12-31")
    for bad in ("2024-99-99", "2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01", "20240101",
                "2024-W01-1", "2024-1-1", " 2024-01-01", "2024年1月1日"):
        assert not is_valid_date(bad), bad


def test_an_invalid_date_is_stored_as_a_plain_string_and_shacl_conforms(tmp_path, caplog):
    src = tmp_path / "d.jsonl"
    src.write_text(jl({"id": "1", "text": A, "date": "2024-99-99"}, {"id": "2", "text": B, "date": "2024-02-29"}),
                   encoding="utf-8")
    caplog.set_level(logging.WARNING)
    summary = api.build([str(src)], store=tmp_path / "store", out=tmp_path / "out", html=False)
    assert [str(e) for e in summary.errors] == [
        f"{src}:1: invalid date '2024-99-99': no such day; kept as text, not as an xsd:date"]
    assert summary.items == 2 and summary.shacl_conforms is True
    g = Graph().parse(tmp_path / "out" / "kg.ttl", format="turtle")
    assert sorted(g.objects(None, DCTERMS.date)) == sorted([Literal("2024-99-99"),
                                                           Literal("2024-02-29", datatype=XSD.date)])
    assert not [r for r in caplog.records if "Failed to convert Literal" in r.getMessage()]


def test_article_graph_never_types_an_invalid_date():
    for date, expected in (("2024-02-30", Literal("2024-02-30")), ("2024-02-28", Literal("2024-02-28", datatype=XSD.date)),
                           ("2024年3月", Literal("2024年3月"))):
        a = Article(id="1", text=A, source="x.jsonl", position=1, date=date)
        assert list(article_graph(Extraction(a)).objects(article_iri(a), DCTERMS.date)) == [expected]


def _bad_date_graph() -> tuple[URIRef, Graph]:
    a = Article(id="1", text=A, source="x.jsonl", position=1, date="2024-01-05")
    g = article_graph(Extraction(a))
    g.remove((None, DCTERMS.date, None))
    g.add((article_iri(a), DCTERMS.date, Literal("2024-99-99", datatype=XSD.date)))   # ill-typed
    return article_iri(a), g


def test_the_shapes_catch_an_ill_typed_date():
    _, g = _bad_date_graph()
    rep = validate(g)
    assert (rep.conforms, rep.violations) == (False, 1)
    assert "dcterms:date" in rep.text or str(DCTERMS.date) in rep.text


def test_the_shapes_catch_an_ill_typed_date_in_the_store(tmp_path):
    iri, g = _bad_date_graph()
    with Store(tmp_path / "store") as st:
        st.replace_article(iri, g)
        rep = validate_store(st)
    assert (rep.conforms, rep.violations) == (False, 1)
