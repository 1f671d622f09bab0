"""A folder of text pages, JSON Lines, e-paper PDFs and web pages builds as one corpus."""
import json

import pytest
from click.testing import CliRunner

from kg import api
from kg.cli import main

from sources_gen import (ARTICLE_HTML, NO_ARTICLE_HTML, draw_pages, epaper_pages, image_only_pdf,
                         need_reportlab)

TEXT_PAGE = """松川经济开发区迎来新材料项目

本报记者 孙悦

本报讯 近日，蓝岭新材料股份有限公司签约入驻松川经济开发区，总投资8亿元，建设高性能膜材料生产线。
"""
JSONL = [
    {"id": "n1", "title": "青禾生物落户云湾科技园", "date": "2024-02-01",
     "text": "青禾生物科技有限公司近日落户云湾科技园，总投资5亿元，建设生物试剂研发中心。"},
    {"id": "n2", "text": "本报北京3月5日电 云湾港口集团有限公司宣布，港口今年前两个月货物吞吐量同比增长8%。",
     "date": "2024"},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    need_reportlab()
    pytest.importorskip("trafilatura", reason="trafilatura reads web pages")
    d = tmp_path_factory.mktemp("mixed")
    src = d / "news"
    (src / "paper").mkdir(parents=True)
    (src / "web").mkdir()
    (src / "page.txt").write_text(TEXT_PAGE, encoding="utf-8")
    (src / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in JSONL) + "\n",
                                    encoding="utf-8")
    good = draw_pages(epaper_pages())
    (src / "paper" / "0305.pdf").write_bytes(good)
    (src / "paper" / "scan.pdf").write_bytes(image_only_pdf())
    (src / "paper" / "locked.pdf").write_bytes(draw_pages(epaper_pages(), encrypt_password="secret"))
    (src / "paper" / "cut.pdf").write_bytes(good[: len(good) // 2])
    (src / "web" / "article.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (src / "web" / "index.htm").write_text(NO_ARTICLE_HTML, encoding="utf-8")
    (src / "web" / "notes.md").write_text("not a source", encoding="utf-8")
    summary = api.build([str(src)], store=d / "store", out=d / "out", html=False)
    return d, src, summary


def test_counts_and_errors(corpus):
    _, src, summary = corpus
    assert summary.items == 8            # 1 text + 2 JSON + 4 PDF + 1 web page
    assert [str(e) for e in summary.errors] == [
        f"{src / 'paper' / 'cut.pdf'}: truncated PDF: the end-of-file marker (%%EOF) is missing; not read",
        f"{src / 'paper' / 'locked.pdf'}: encrypted PDF: it needs a password to open; not read",
        f"{src / 'paper' / 'scan.pdf'}: page 1: scanned page, no text layer",
        f"{src / 'web' / 'index.htm'}: no article found in the HTML page",
    ]
    assert summary.shacl_conforms is True


def _rows(d, sparql):
    out = json.loads(api.query(sparql, d / "store", "json"))
    return [{k: v["value"] for k, v in b.items()} for b in out["results"]["bindings"]]


def test_located_in_facts_from_every_kind(corpus):
    d, _, _ = corpus
    rows = _rows(d, """SELECT ?s ?o ?src ?date WHERE {
        ?a rdf:subject/rdfs:label ?s ; rdf:predicate kg:locatedIn ; rdf:object/rdfs:label ?o ;
           prov:wasDerivedFrom ?art . ?art dcterms:source ?src . OPTIONAL { ?art dcterms:date ?date } }""")
    got = {(r["s"], r["o"], r["src"], r.get("date")) for r in rows}
    assert {("蓝岭新材料股份有限公司", "松川经济开发区", "page.txt", None),
            ("青禾生物科技有限公司", "云湾科技园", "feed.jsonl", "2024-02-01"),
            ("星河智能科技有限公司", "云湾科技园", "paper/0305.pdf", "2024-03-04"),
            ("星河智能科技有限公司", "云湾科技园", "web/article.html", "2024-03-05")} <= got


def test_article_dates_in_the_graph(corpus):
    d, _, _ = corpus
    rows = _rows(d, """SELECT ?src ?id ?date WHERE { ?art a kg:Article ; dcterms:source ?src ;
        dcterms:identifier ?id ; dcterms:date ?date }""")
    got = {(r["src"], r["id"]): r["date"] for r in rows}
    assert got == {("feed.jsonl", "n1"): "2024-02-01", ("feed.jsonl", "n2"): "2024-03-05",
                   ("paper/0305.pdf", "1"): "2024-03-04", ("paper/0305.pdf", "2"): "2024-03-05",
                   ("paper/0305.pdf", "3"): "2024-03-05", ("paper/0305.pdf", "4"): "2024-03-05",
                   ("web/article.html", "1"): "2024-03-05"}


def test_e_paper_page_and_edition_in_the_graph(corpus):
    d, _, _ = corpus
    rows = _rows(d, """SELECT ?src ?id ?page ?edition WHERE { ?art a kg:Article ; dcterms:source ?src ;
        dcterms:identifier ?id . OPTIONAL { ?art schema:pageStart ?page } OPTIONAL { ?art schema:datePublished ?edition } }""")
    got = {(r["src"], r["id"]): (r.get("page"), r.get("edition")) for r in rows}
    assert {k: v for k, v in got.items() if k[0].endswith(".pdf")} == {
        ("paper/0305.pdf", str(i)): ("3" if i < 3 else "4", "2024-03-05") for i in range(1, 5)}   # 第3版, 第4版
    assert all(v == (None, None) for k, v in got.items() if not k[0].endswith(".pdf"))


def test_evidence_offsets_index_the_article_text(corpus):
    d, _, _ = corpus
    rows = _rows(d, """SELECT ?src ?text ?ev ?start ?end WHERE { ?a a kg:Assertion ; kg:evidence ?ev ;
        kg:charStart ?start ; kg:charEnd ?end ; prov:wasDerivedFrom ?art . ?art schema:text ?text ;
        dcterms:source ?src }""")
    kinds = set()
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        if start == end == len(r["text"]):
            continue                      # a fact read from a byline quotes the byline
        assert r["text"][start:end] == r["ev"], r
        kinds.add(r["src"].rsplit(".", 1)[1])
    assert kinds == {"txt", "jsonl", "pdf", "html"}


def test_cli_build_of_the_folder(corpus, tmp_path):
    _, src, _ = corpus
    result = CliRunner().invoke(main, ["build", str(src), "--store", str(tmp_path / "s"),
                                       "--out", str(tmp_path / "o"), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "items: 8   input errors: 4" in result.stdout
    assert f"kg: input error: {src / 'paper' / 'scan.pdf'}: page 1: scanned page, no text layer" in result.stderr
