"""Property-based tests (hypothesis): arbitrary Unicode never crashes ingest or
extraction, every export re-parses to the same graph, the money normaliser
is consistent."""
from __future__ import annotations

import csv
import io
import json
import math

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.export import serialize
from kg.extract.money import MONEY_RE, find_money, parse_money
from kg.ingest import decode_source, read_source, split_page
from kg.model import Article
from kg.pipeline import extract_article
from kg.rdf import article_graph
from kg.store import to_oxigraph

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

NEWSY = "张王李华为技术有限公司总经理董事长青岛高新区产业园项目投资亿万元美港币约近签约落户在于的。，、：；“”《》（）\n 0123456789."
# arbitrary Unicode (no surrogates: they are not text) mixed with news-like characters
any_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(NEWSY)), max_size=200)
newsy_text = st.text(alphabet=st.sampled_from(NEWSY), max_size=200)


@FAST
@given(st.binary(max_size=2000))
def test_decode_never_raises(data):
    text, problems = decode_source(data)
    assert text is None or isinstance(text, str)
    assert all(isinstance(line, int) and line >= 1 and reason for line, reason in problems)


@FAST
@given(any_text)
def test_split_page_never_raises(text):
    for item in split_page(text):
        assert item.text or item.title


@FAST
@given(st.one_of(any_text, newsy_text), st.sampled_from(["page.txt", "page.jsonl", "page.json"]),
       st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_read_source_never_raises(tmp_path, text, name, encoding):
    p = tmp_path / name
    if name.endswith(".txt"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
    else:
        data = json.dumps({"title": text[:20], "text": text}, ensure_ascii=encoding == "gb18030").encode("utf-8")
    p.write_bytes(data)
    for item in read_source(p):
        assert isinstance(item, (Article, InputError))
        if isinstance(item, Article):
            assert item.text.strip()


# ---------------------------------------------------------------- extraction and exports

def check_graph_exports(graph):
    triples = {ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph}
    for fmt, parse_as in (("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                          ("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS)):
        data = serialize(graph, fmt)
        got = {q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(data, format=parse_as)}
        assert got == triples, fmt
    doc = json.loads(serialize(graph, "jsonld"))
    back = set(ox.parse(json.dumps(doc).encode("utf-8"), format=ox.RdfFormat.JSON_LD))
    assert {q.triple for q in back} == triples
    nx.read_graphml(io.BytesIO(serialize(graph, "graphml")))
    rows = list(csv.DictReader(io.StringIO(serialize(graph, "csv").decode("utf-8"))))
    assert all(None not in r for r in rows)


@SLOW
@given(st.one_of(any_text, newsy_text), st.one_of(any_text, newsy_text))
def test_ingested_text_extracts_and_every_export_reparses(tmp_path, title, text):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"id": "x", "title": title, "text": text}) + "\n", encoding="utf-8")
    for article in read_source(p):
        if isinstance(article, InputError):
            continue
        ex = extract_article(article)
        for m in ex.mentions:
            assert 0 <= m.start < m.end <= len(article.text)
            assert article.text[m.start:m.end] == m.text
        check_graph_exports(article_graph(ex))


# ---------------------------------------------------------------- money

UNITS = {"": 1, "百": 10**2, "千": 10**3, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7,
         "亿": 10**8, "十亿": 10**9, "百亿": 10**10, "千亿": 10**11, "万亿": 10**12}
CURRENCIES = {"元": "CNY", "美元": "USD", "港元": "HKD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP"}
numbers = st.one_of(st.integers(min_value=0, max_value=10**6).map(str),
                    st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False, allow_infinity=False)
                    .map(lambda d: format(d, "f")))


@FAST
@given(numbers, st.sampled_from(sorted(UNITS)), st.sampled_from(sorted(CURRENCIES)),
       st.sampled_from(["", "约", "近", "超过"]))
def test_money_value_is_number_times_unit(num, unit, cur, approx):
    text = f"{approx}{num}{unit}{cur}"
    m = parse_money(text)
    assert m is not None, text
    expected = float(num) * UNITS[unit]
    assert math.isclose(m.value, round(expected, 2), rel_tol=1e-9, abs_tol=0.005), (text, m)
    assert m.currency == CURRENCIES[cur]
    assert m.approximate == bool(approx)
    assert m.text == text


@FAST
@given(newsy_text, numbers, st.sampled_from(sorted(UNITS)), st.sampled_from(sorted(CURRENCIES)), newsy_text)
def test_found_amounts_parse_to_themselves(before, num, unit, cur, after):
    text = f"{before}总投资{num}{unit}{cur}{after}"
    for mention, money in find_money(text):
        assert text[mention.start:mention.end] == mention.text
        assert parse_money(money.text) == money                  # the normaliser agrees with itself
        assert money.value >= 0 and math.isfinite(money.value)


@FAST
@given(any_text)
def test_find_money_never_raises_and_values_are_finite(text):
    for mention, money in find_money(text):
        assert text[mention.start:mention.end] == mention.text
        assert math.isfinite(money.value) and money.value >= 0
        assert MONEY_RE.fullmatch(money.text)
