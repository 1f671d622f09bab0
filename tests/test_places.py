"""Places that nest: the division table as a reference graph, place entities keyed by their code,
parks within their division, and the property-path query on the sample."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg import api, reference
from kg.model import Entity
from kg.rdf import entity_iri, park_divisions
from kg.store import Store
from kg.validate import validate
from kg.vocab import KG, KGR_NS, bind_prefixes

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "seed-page.txt"


def place(code: str) -> URIRef:
    return URIRef(f"{KGR_NS}place/{code}")


@pytest.fixture(scope="module")
def ref() -> Graph:
    g = Graph()
    for t in reference.triples():
        g.add(t)
    return g


# ---------------------------------------------------------------- the table

def test_table_coverage_and_version():
    table = reference.divisions()
    levels = Counter(d.level for d in table.values())
    # 34 provincial divisions (台湾, 香港, 澳门 included), 334 prefecture-level (the placeholders
    # 市辖区, 县, 省直辖县级行政区划 left out), 2,851 county-level; 246 ISO 3166 countries
    # (HK, MO, TW are the divisions 810000, 820000, 710000)
    assert levels == {"province": 34, "city": 334, "district": 2851, "country": 246}
    assert reference.version().startswith("GB/T 2260 (MCA codes, 2016) + ISO 3166-1; sha256 ")


def test_a_district_within_chain_reaches_china(ref):
    chain, node = [], place("370212")                   # 崂山区
    while node is not None:
        chain.append(str(ref.value(node, RDFS.label)))
        node = ref.value(node, KG.within)
    assert chain == ["崂山区", "青岛市", "山东省", "中国"]


def test_the_placeholder_level_is_skipped(ref):
    # 东城区 sits under 北京市's 市辖区 (110100) in the table: it is within 北京市 itself
    assert ref.value(place("110101"), KG.within) == place("110000")
    assert (place("110100"), None, None) not in ref
    # 仙桃市 sits under 湖北省's 省直辖县级行政区划 (429000): within 湖北省
    assert ref.value(place("429004"), KG.within) == place("420000")


def test_labels_short_forms_and_notation(ref):
    js = place("320000")
    assert set(ref.objects(js, RDFS.label)) == {Literal("江苏省")}
    assert set(ref.objects(js, SKOS.altLabel)) == {Literal("江苏")}
    assert set(ref.objects(js, SKOS.notation)) == {Literal("320000")}
    assert ref.value(js, KG.within) == place("CN")
    cn = place("CN")
    assert (set(ref.objects(cn, RDFS.label)), set(ref.objects(cn, SKOS.altLabel)), set(ref.objects(cn, SKOS.notation))) \
        == ({Literal("中国")}, {Literal("中华人民共和国")}, {Literal("CN")})
    kr = place("KR")
    assert set(ref.objects(kr, SKOS.altLabel)) == {Literal("韩国")} and ref.value(kr, KG.within) is None
    assert ref.value(place("810000"), KG.within) == cn     # 香港特别行政区
    assert Literal("香港") in set(ref.objects(place("810000"), SKOS.altLabel))


def test_every_place_has_one_notation_one_label_and_a_within_that_is_a_place(ref):
    places = set(ref.subjects(RDF.type, KG.Place))
    assert len(places) == 3465
    for p in places:
        assert len(list(ref.objects(p, SKOS.notation))) == 1, p
        assert len(list(ref.objects(p, RDFS.label))) == 1, p
        for up in ref.objects(p, KG.within):
            assert (up, RDF.type, KG.Place) in ref, (p, up)


def test_shacl_accepts_a_province_of_the_reference_graph(ref):
    g = Graph()
    bind_prefixes(g)
    nodes = {s for s in ref.subjects(RDF.type, KG.Place) if str(s).endswith(tuple("37" + x for x in "0123456789"))
             or str(s)[len(KGR_NS) + 6:].startswith("37")} | {place("CN")}
    for n in nodes:
        for t in ref.triples((n, None, None)):
            g.add(t)
    assert len(nodes) > 100
    report = validate(g)
    assert report.conforms, report.text


@pytest.mark.parametrize("extra, component, path, violations", [
    ((place("370200"), SKOS.notation, Literal("370201")), "MaxCount", "skos:notation", 1),         # two notations
    ((place("370200"), KG.within, URIRef(KGR_NS + "person/x")), "Or", "kg:within", 1),   # within a non-place
    ((place("370200"), KG.within, Literal("山东省")), "NodeKind", "kg:within", 2),        # within a literal
])
def test_shacl_refuses_a_bad_division(ref, extra, component, path, violations):
    g = Graph()
    bind_prefixes(g)
    for n in (place("370200"), place("370000"), place("CN")):
        for t in ref.triples((n, None, None)):
            g.add(t)
    g.add((URIRef(KGR_NS + "person/x"), RDF.type, KG.Person))
    g.add((URIRef(KGR_NS + "person/x"), RDFS.label, Literal("某人")))
    g.add(extra)
    report = validate(g)
    assert (report.conforms, report.violations) == (False, violations)
    assert f"Constraint Violation in {component}ConstraintComponent" in report.text
    assert f"Result Path: {path}" in report.text


# ---------------------------------------------------------------- names -> codes

@pytest.mark.parametrize("name, code", [
    ("江苏", "320000"), ("江苏省", "320000"), ("青岛", "370200"), ("青岛市", "370200"), ("崂山区", "370212"),
    ("山东青岛", "370200"), ("北京市朝阳区", "110105"), ("长春市朝阳区", "220104"), ("南京市鼓楼区", "320106"),
    ("广西南宁市", "450100"), ("北京昌平", "110114"), ("吉林", "220000"), ("中国", "CN"), ("美国", "US"),
    ("韩国", "KR"), ("香港", "810000"),
    ("鼓楼区", None),            # four cities have one: ambiguous
    ("华东", None), ("欧洲", None),
])
def test_code_of(name, code):
    assert reference.code_of(name) == code


def test_a_place_entity_is_its_division():
    assert entity_iri("Place/青岛") == entity_iri("Place/青岛市") == place("370200")
    # a place the table does not know keeps the hashed IRI of every entity
    assert entity_iri("Place/华东") == URIRef(KGR_NS + "place/" + hashlib.sha1("Place/华东".encode()).hexdigest()[:16])


@pytest.mark.parametrize("park, located, codes", [
    ("青岛高新区", (), ("370200",)),
    ("苏州工业园区", (), ("320500",)),
    ("中德生态园", (), ()),
    ("中德生态园", ("青岛",), ("370200",)),                # 位于青岛的中德生态园
    ("青岛高新区", ("山东",), ("370200",)),                # 山东省 is above 青岛市: the finer one stays
    ("北京中关村科技园", ("海淀区",), ("110108",)),
])
def test_park_divisions(park, located, codes):
    assert park_divisions(Entity(f"Park/{park}", park, "Park"), located) == codes


# ---------------------------------------------------------------- in a store

SHANDONG = """SELECT ?company ?park WHERE {
  ?c a kg:Organization ; rdfs:label ?company ; kg:locatedIn ?p .
  ?p a kg:Park ; rdfs:label ?park ; kg:within* ?province .
  ?province rdfs:label "山东省" .
} ORDER BY ?company"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    d = tmp_path_factory.mktemp("sample")
    api.build([str(SAMPLE)], store=d / "store", out=d / "out", html=False)
    return d


def test_companies_in_parks_in_shandong_on_the_sample(sample):
    got = api.query(SHANDONG, sample / "store", "csv")
    assert got.replace("\r\n", "\n") == "company,park\n国药器械,青岛高新区\n海尔生物,青岛高新区\n阿斯利康,青岛高新区\n"


def test_located_in_then_within_reaches_the_province(sample):
    q = ("SELECT ?thing WHERE { ?t kg:locatedIn/kg:within* ?prov ; rdfs:label ?thing . "
         "?prov skos:notation \"370000\" } ORDER BY ?thing")
    assert api.query(q, sample / "store", "csv").replace("\r\n", "\n").splitlines()[1:] == \
        ["国药器械", "威高国际医疗器械产业园项目", "海尔生物", "阿斯利康"]


def test_the_default_graph_holds_only_the_reached_divisions(sample):
    with Store(sample / "store", read_only=True) as st:
        rows = st.query("SELECT ?n WHERE { ?p skos:notation ?n } ORDER BY ?n")
        codes = [r["n"].value for r in rows]
        full = st.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{reference.graph_iri()}> {{ ?s ?p ?o }} }}")
        assert int(next(iter(full))["n"].value) == sum(1 for _ in reference.triples())
    assert codes == ["110000", "110114", "340000", "340100", "370000", "370200", "440000", "440300", "440400",
                     "450000", "450100", "510000", "510100", "610000", "610100", "CN", "PK"]


def test_the_reference_graph_is_loaded_once_and_again_when_its_version_changes(tmp_path, monkeypatch):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "海尔生物落户青岛高新区。"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    loads = []
    real = reference.ensure
    monkeypatch.setattr(reference, "ensure", lambda st, base=KGR_NS: real(st, base) and not loads.append(base))
    kw = dict(store=tmp_path / "s", out=tmp_path / "o", html=False, validate=False)
    api.build([str(src)], **kw)
    api.build([str(src)], **kw)
    src.write_text(json.dumps({"id": "1", "text": "海尔生物落户苏州工业园区。"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    api.build([str(src)], **kw)
    assert len(loads) == 1
    monkeypatch.setattr(reference, "version", lambda: "another edition")
    api.build([str(src)], **kw)
    assert len(loads) == 2
    q = "SELECT ?code WHERE { ?p a kg:Park ; kg:within/kg:within*/skos:notation ?code } ORDER BY ?code"
    # the edited article's park is in 苏州市; 青岛's divisions left the default graph with it
    assert api.query(q, tmp_path / "s", "csv").replace("\r\n", "\n") == "code\n320000\n320500\nCN\n"


def test_removing_an_article_takes_its_divisions_out_of_the_default_graph(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "1", "text": "海尔生物落户青岛高新区。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    b.write_text(json.dumps({"id": "2", "text": "某某科技入驻苏州工业园区。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    api.build([str(a), str(b)], store=tmp_path / "s", out=tmp_path / "o", html=False, validate=False)
    q = "SELECT ?n WHERE { ?p skos:notation ?n } ORDER BY ?n"
    assert api.query(q, tmp_path / "s", "csv").split()[1:] == ["320000", "320500", "370000", "370200", "CN"]
    api.remove(["a.jsonl"], store=tmp_path / "s")
    assert api.query(q, tmp_path / "s", "csv").split()[1:] == ["320000", "320500", "CN"]
