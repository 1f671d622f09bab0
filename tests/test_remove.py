"""Incremental builds and `kg remove`: the store keeps one named graph per
article, rebuilding is a no-op, an edited article replaces its graph, and an
entity shared by several articles stays while any of them still mentions it."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.cli import main
from kg.rdf import article_iri
from kg.model import Article
from kg.vocab import KG

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

HUAWEI = "深圳华为技术有限公司"
ARTICLES = [
    {"id": "a1", "title": "甲", "text": f"{HUAWEI}落户苏州工业园区。"},
    {"id": "a2", "title": "乙", "text": f"{HUAWEI}入驻南京高新区。"},
    {"id": "a3", "title": "丙", "text": "北京小米科技有限责任公司落户武汉东湖高新区。"},
]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def iri(record, source="news.jsonl") -> str:
    return str(article_iri(Article(id=record["id"], text=record["text"], source=source, position=0)))


def build(d: Path, src: Path):
    res = invoke("build", src, "--store", d / "store", "--out", d / "out", "--no-validate", "--no-html")
    assert res.exit_code == 0, res.stderr
    return int(re.search(r"triples: (\d+)", res.stdout).group(1))


def turtle(d: Path) -> Graph:
    return Graph().parse(d / "out" / "kg.ttl", format="turtle")


def labelled(g: Graph, label: str) -> set:
    return set(g.subjects(RDFS.label, Literal(label)))


@pytest.fixture
def built(tmp_path) -> Path:
    src = write_jsonl(tmp_path / "news.jsonl", ARTICLES)
    build(tmp_path, src)
    return tmp_path


def export(d: Path, fmt: str = "turtle") -> bytes:
    res = invoke("export", "--format", fmt, "--store", d / "store", "--out", d / f"x.{fmt}")
    assert res.exit_code == 0, res.stderr
    return (d / f"x.{fmt}").read_bytes()


def test_building_twice_changes_nothing(built):
    first_ttl = (built / "out" / "kg.ttl").read_bytes()
    first_nq = export(built, "nquads")
    n1 = build(built, built / "news.jsonl")
    assert (built / "out" / "kg.ttl").read_bytes() == first_ttl
    assert export(built, "nquads") == first_nq
    assert n1 == len(turtle(built))


def test_the_same_company_in_two_articles_is_one_iri(built):
    g = turtle(built)
    companies = labelled(g, HUAWEI)
    assert len(companies) == 1
    (company,) = companies
    parks = {str(g.value(o, RDFS.label)) for o in g.objects(company, KG.locatedIn)}
    assert parks == {"苏州工业园区", "南京高新区"}


def test_trig_and_nquads_keep_one_graph_per_article(built):
    for fmt, rdflib_fmt in (("trig", "trig"), ("nquads", "nquads")):
        ds = Dataset()
        ds.parse(data=export(built, fmt).decode("utf-8"), format=rdflib_fmt)
        names = {str(c.identifier) for c in ds.graphs() if len(c)}
        names.discard("urn:x-rdflib:default")
        # and the reference graph, as far as the articles reach it (their parks' divisions)
        assert names == {iri(r) for r in ARTICLES} | {"https://w3id.org/cnkg/id/reference/places"}, fmt


def test_remove_one_article_keeps_the_shared_company(built):
    res = invoke("remove", iri(ARTICLES[0]), "--store", built / "store")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines() == [f"removed {iri(ARTICLES[0])}"]
    g = Graph().parse(data=export(built).decode("utf-8"), format="turtle")
    (company,) = labelled(g, HUAWEI)
    assert (company, RDF.type, KG.Organization) in g
    assert {str(g.value(o, RDFS.label)) for o in g.objects(company, KG.locatedIn)} == {"南京高新区"}
    assert labelled(g, "苏州工业园区") == set()
    assert len(set(g.subjects(RDF.type, KG.Article))) == 2


def test_removing_every_article_that_mentions_it_removes_the_company(built):
    res = invoke("remove", iri(ARTICLES[0]), iri(ARTICLES[1]), "--store", built / "store")
    assert res.exit_code == 0, res.stderr
    g = Graph().parse(data=export(built).decode("utf-8"), format="turtle")
    assert labelled(g, HUAWEI) == set()
    assert len(labelled(g, "北京小米科技有限责任公司")) == 1


def test_remove_equals_a_build_without_the_article(built, tmp_path_factory):
    assert invoke("remove", iri(ARTICLES[0]), "--store", built / "store").exit_code == 0
    other = tmp_path_factory.mktemp("fresh")
    build(other, write_jsonl(other / "news.jsonl", ARTICLES[1:]))
    # the same triples, except kg:position (a2 is the first line of the new file)
    kept = Graph().parse(data=export(built).decode("utf-8"), format="turtle")
    fresh = turtle(other)
    assert len(kept) == len(fresh) > 0
    assert {t for t in kept if t[1] != KG.position} == {t for t in fresh if t[1] != KG.position}
    assert sorted(kept.objects(None, KG.position)) == [Literal(2), Literal(3)]


def test_remove_by_source_empties_the_store(built):
    res = invoke("remove", "news.jsonl", "--store", built / "store")
    assert res.exit_code == 0, res.stderr
    assert len(res.stdout.splitlines()) == 3
    assert export(built, "nquads") == b""


def test_remove_unknown_target_is_an_input_error(built):
    before = export(built, "nquads")
    res = invoke("remove", "nothing.txt", iri(ARTICLES[2]), "--store", built / "store")
    assert res.exit_code == 1
    assert "nothing.txt: no article or source of that name in the store" in res.stderr
    assert res.stdout.splitlines() == [f"removed {iri(ARTICLES[2])}"]
    assert export(built, "nquads") != before


def test_remove_without_a_store_is_fatal(tmp_path):
    res = invoke("remove", "x.txt", "--store", tmp_path / "none")
    assert res.exit_code == 2
    assert "no store here" in res.stderr


def test_an_edited_article_replaces_its_graph(built):
    edited = [dict(ARTICLES[0], text=f"{HUAWEI}落户合肥高新区。"), *ARTICLES[1:]]
    build(built, write_jsonl(built / "news.jsonl", edited))
    g = turtle(built)
    (company,) = labelled(g, HUAWEI)
    assert {str(g.value(o, RDFS.label)) for o in g.objects(company, KG.locatedIn)} == {"合肥高新区", "南京高新区"}
    assert labelled(g, "苏州工业园区") == set()
    assert len(set(g.subjects(RDF.type, KG.Article))) == 3
    # the same as building the edited input into a fresh store
    fresh = built / "fresh"
    fresh.mkdir()
    build(fresh, write_jsonl(fresh / "news.jsonl", edited))
    assert (fresh / "out" / "kg.ttl").read_bytes() == (built / "out" / "kg.ttl").read_bytes()


def test_a_build_in_several_batches_equals_one_batch(tmp_path):
    records = [dict(r, id=f"{r['id']}-{i}", text=f"{r['text']}（第{i}版）") for i in range(4) for r in ARTICLES]
    # 12 articles, each its own text (the same text twice would be a duplicate, kept once)
    one = tmp_path / "one"
    one.mkdir()
    build(one, write_jsonl(one / "news.jsonl", records))
    many = tmp_path / "many"
    many.mkdir()
    src = write_jsonl(many / "news.jsonl", records)
    res = invoke("build", src, "--store", many / "store", "--out", many / "out", "--no-validate", "--no-html",
                 "--batch", "5")                                                   # 3 transactions
    assert res.exit_code == 0, res.stderr
    assert (one / "out" / "kg.ttl").read_bytes() == (many / "out" / "kg.ttl").read_bytes()
    assert export(one, "nquads") == export(many, "nquads")
