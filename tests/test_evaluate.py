"""Tests for kg.evaluate: hand-checked numbers and agreement with the reference scorer."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.errors import InputError
from kg.evaluate import BANDS, EvalResult, format_report, load_gold, normalize, score_graph

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "tools" / "score.py"
KGNS = Namespace("https://w3id.org/cnkg/ontology#")
SDO = Namespace("https://schema.org/")

SCHEMA_TTL = """
@prefix kg: <https://w3id.org/cnkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:Company rdfs:subClassOf kg:Organization .
kg:Fund rdfs:subClassOf kg:Organization .
"""

GOLD = {
    "format": "kg-gold/1",
    "aliases": [["甲公司", "甲集团有限公司"], ["北京市昌平区", "昌平区"]],
    "articles": [{
        "n": 1, "kind": "article", "title": "t", "authors": ["高欣"],
        "entities": [
            {"label": "甲公司", "type": "Organization"},
            {"label": "青岛高新区|高新区", "type": "Park"},
            {"label": "张三", "type": "Person"},
            {"label": "昌平区", "type": "Place"},
            {"label": "丙项目", "type": "Park|Project"},
            {"label": "乙公司", "type": "Organization"},
            {"label": "丁论坛", "type": "Event"},
        ],
        "optional_entities": ["乙基金"],
        "facts": [
            {"s": "甲公司", "p": "locatedIn", "o": "青岛高新区"},
            {"s": "丙项目", "p": "locatedIn", "o": "昌平区"},
            {"s": "乙公司", "p": "locatedIn", "o": "昌平区"},
            {"s": "张三", "p": "holdsRole", "role": "总经理|经理", "org": "甲公司"},
            {"s": "丙项目", "p": "investment", "value": 5000000000, "currency": "CNY", "text": "50亿元"},
            {"s": "甲公司", "p": "locatedIn", "o": "青岛高新区"},
        ],
        "optional_facts": [{"s": "甲公司", "p": "locatedIn", "o": "昌平区"}],
        "extended_facts": [
            {"s": "甲公司", "p": "listedOn", "o": "香港交易所"},
            {"s": "甲公司", "p": "partnerOf", "o": "乙公司"},
            {"s": "甲公司", "p": "fundsRaised", "value": 508000000, "currency": "CNY", "text": "5.08亿元"},
            {"s": "甲公司", "p": "foundingYear", "year": 2000},
        ],
    }],
}

GRAPH_TTL = """
@prefix kg: <https://w3id.org/cnkg/ontology#> .
@prefix kgr: <https://w3id.org/cnkg/id/> .
@prefix schema: <https://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

kgr:e1 a kg:Company ; rdfs:label "甲集团有限公司" ; skos:altLabel "甲公司" .
kgr:e2 a kg:Park ; rdfs:label "“青岛高新区”" .
kgr:e3 a kg:Person ; rdfs:label "张三" .
kgr:e4 a kg:Place ; rdfs:label "北京市昌平区" .
kgr:e5 a kg:Project ; rdfs:label "丙项目" .
kgr:e6 a kg:Fund ; rdfs:label "乙基金" .
kgr:e7 a kg:Organization ; rdfs:label "丁公司" .
kgr:e8 a kg:Organization ; rdfs:label "张三" .
kgr:e9 a kg:Event ; rdfs:label "丁论坛" .
kgr:e11 a kg:Organization ; rdfs:label "香港交易所" .
kgr:e12 a kg:Company ; rdfs:label "乙公司" .

kgr:e1 kg:locatedIn kgr:e2 , kgr:e4 ;
    kg:listedOn kgr:e11 ;
    kg:fundsRaised [ a kg:MonetaryAmount ; schema:value 508000000 ; schema:currency "CNY" ] ;
    kg:foundingYear "2001"^^xsd:gYear ;
    kg:investment kgr:m3 .
kgr:e5 kg:locatedIn kgr:e4 ; kg:investment kgr:m1 , kgr:m2 .
kgr:e7 kg:locatedIn kgr:e2 .
kgr:e6 kg:locatedIn kgr:e4 .
kgr:e12 kg:partnerOf kgr:e1 .
kgr:e3 kg:holdsRole kgr:p1 , kgr:p2 .
kgr:p1 a kg:Position ; kg:roleTitle "经理" ; kg:organization kgr:e1 .
kgr:p2 a kg:Position ; kg:roleTitle "董事长" ; kg:organization kgr:e1 .
kgr:m1 a kg:MonetaryAmount ; schema:value 5000000000 ; schema:currency "CNY" .
kgr:m2 a kg:MonetaryAmount ; schema:value "5.0E9"^^xsd:double ; schema:currency "CNY" .
kgr:m3 a kg:MonetaryAmount ; schema:value 100 ; schema:currency "CNY" .

kgr:a1 a kg:Assertion ; rdf:subject kgr:e1 ; rdf:predicate kg:locatedIn ; rdf:object kgr:e2 ; kg:confidence 0.9 .
kgr:a2 a kg:Assertion ; rdf:subject kgr:e1 ; rdf:predicate kg:locatedIn ; rdf:object kgr:e2 ; kg:confidence 0.6 .
kgr:a3 a kg:Assertion ; rdf:subject kgr:e7 ; rdf:predicate kg:locatedIn ; rdf:object kgr:e2 ; kg:confidence 0.55 .
kgr:a4 a kg:Assertion ; rdf:subject kgr:e3 ; rdf:predicate kg:holdsRole ; rdf:object kgr:p2 ; kg:confidence 0.3 .
kgr:a5 a kg:Assertion ; rdf:subject kgr:e5 ; rdf:predicate kg:investment ; rdf:object kgr:m1 ; kg:confidence 0.8 .
"""


@pytest.fixture()
def schema_dir(tmp_path):
    d = tmp_path / "schema"
    d.mkdir()
    (d / "kg.ttl").write_text(SCHEMA_TTL, encoding="utf-8")
    return d


def hand_graph() -> Graph:
    return Graph().parse(data=GRAPH_TTL, format="turtle")


def counts(score):
    return (score.tp, score.fp, score.fn)


def test_hand_made_graph_numbers(schema_dir):
    r = score_graph(hand_graph(), GOLD, schema_dir)
    assert isinstance(r, EvalResult)
    # locatedIn: e1->e2 tp, e5->e4 tp (alias), e1->e4 optional, e6->e4 optional entity,
    # e7->e2 fp; gold 乙公司->昌平区 missed
    assert counts(r.relations["locatedIn"]) == (2, 1, 1)
    assert counts(r.relations["holdsRole"]) == (1, 1, 0)          # 经理 ok, 董事长 fp
    assert counts(r.relations["investment"]) == (1, 1, 0)         # 5e9 twice = one fact; 100 fp
    assert counts(r.core) == (4, 3, 1)
    assert r.core.precision == pytest.approx(4 / 7)
    assert r.core.recall == pytest.approx(4 / 5)
    # entities: 甲 Org, 青岛高新区 Park, 张三 Person, 昌平区 Place, 丙项目 Project (Park|Project),
    # 乙公司 Org, tp=6; 丁公司 unknown fp, 张三 as Organization fp; 乙基金 optional,
    # 丁论坛 Event not scored; 香港交易所 unknown Organization fp
    assert counts(r.entities) == (6, 3, 0)
    assert r.false_positives == (
        "holdsRole: 张三 — 董事长 @ 甲公司",
        "investment: 甲公司 = 100",
        "locatedIn: 丁公司 → 青岛高新区",
    )
    assert r.missed == ("locatedIn: 乙公司 → 北京市昌平区",)
    # extended: listedOn tp, partnerOf tp (either direction), fundsRaised tp, foundingYear 2001 fp/miss
    assert counts(r.relations["listedOn"]) == (1, 0, 0)
    assert counts(r.relations["partnerOf"]) == (1, 0, 0)
    assert counts(r.relations["fundsRaised"]) == (1, 0, 0)
    assert counts(r.relations["foundingYear"]) == (0, 1, 1)
    assert counts(r.relations["revenue"]) == (0, 0, 0)
    assert counts(r.relations["extended"]) == (3, 1, 1)
    assert r.extended_missed == ("foundingYear: 甲公司 = 2000",)
    # confidence bands: max over assertions
    bands = {b.label: (b.tp, b.fp) for b in r.bands}
    assert bands == {"[0.00, 0.50)": (0, 1), "[0.50, 0.70)": (0, 1), "[0.70, 0.85)": (1, 0),
                     "[0.85, 1.00]": (1, 0), "no confidence": (2, 1)}
    means = {b.label: b.mean_confidence for b in r.bands}           # the facts' own confidences, averaged
    assert means == pytest.approx({"[0.00, 0.50)": 0.3, "[0.50, 0.70)": 0.55, "[0.70, 0.85)": 0.8,
                                   "[0.85, 1.00]": 0.9, "no confidence": None})
    assert len(BANDS) == 4


def test_precision_by_extractor(schema_dir):
    g = hand_graph()
    kgns = "https://w3id.org/cnkg/ontology#"
    extra = f"""
    @prefix kg: <{kgns}> . @prefix kgr: <https://w3id.org/cnkg/id/> .
    kgr:a1 kg:extractor "locatedIn/settle" . kgr:a2 kg:extractor "locatedIn/chain" .
    kgr:a3 kg:extractor "locatedIn/settle" . kgr:a4 kg:extractor "holdsRole/org-title-person" .
    kgr:a5 kg:extractor "investment/trigger" .
    """
    g.parse(data=extra, format="turtle")
    r = score_graph(g, GOLD, schema_dir)
    got = {x.extractor: (x.tp, x.fp, round(x.mean_confidence, 3)) for x in r.extractors}
    # settle: e1->e2 tp (0.9) and e7->e2 fp (0.55); chain: e1->e2 tp (0.6); 董事长 fp; investment tp
    assert got == {"locatedIn/settle": (1, 1, 0.725), "locatedIn/chain": (1, 0, 0.6),
                   "holdsRole/org-title-person": (0, 1, 0.3), "investment/trigger": (1, 0, 0.8)}
    assert "locatedIn/settle" in format_report(r)
    assert r.to_dict()["extractors"][0] == {"extractor": "holdsRole/org-title-person", "tp": 0, "fp": 1,
                                            "p": 0.0, "mean_confidence": 0.3}


def test_without_schema_finer_classes_do_not_count():
    r = score_graph(hand_graph(), GOLD, None)
    # 甲 (kg:Company) and 乙公司 (kg:Company) are not typed with a coarse class
    assert counts(r.entities) == (4, 3, 2)


def test_named_graphs_count(schema_dir):
    ds = Dataset()
    g = ds.graph(URIRef("https://w3id.org/cnkg/id/graph/a1"))
    for t in hand_graph():
        g.add(t)
    r = score_graph(ds, GOLD, schema_dir)
    assert counts(r.core) == (4, 3, 1)


def test_empty_graph_scores_zero(schema_dir):
    r = score_graph(Graph(), GOLD, schema_dir)
    assert counts(r.core) == (0, 0, 5)
    assert (r.core.precision, r.core.recall, r.core.f1) == (0.0, 0.0, 0.0)
    assert counts(r.entities) == (0, 0, 6)


def test_format_report(schema_dir):
    text = format_report(score_graph(hand_graph(), GOLD, schema_dir))
    assert "core (micro)    0.571  0.800  0.667     4     3     1" in text
    assert "locatedIn: 丁公司 → 青岛高新区" in text
    assert "missed (1)" in text and "foundingYear" in text and "[0.85, 1.00]" in text


def test_empty_band_has_no_precision(schema_dir):
    import dataclasses

    from kg.evaluate import Band

    r = score_graph(hand_graph(), GOLD, schema_dir)
    r = dataclasses.replace(r, bands=(Band(0.0, 0.5, 0, 0), Band(0.5, 0.7, 1, 1, 1.2)))
    text = format_report(r)
    assert "reliability of core facts: confidence band -> measured precision" in text
    assert "  [0.00, 0.50)       0       n/a       n/a    0    0" in text
    assert "  [0.50, 0.70)       2     0.600     0.500    1    1" in text
    assert [b["p"] for b in r.to_dict()["confidence_bands"]] == [None, 0.5]
    assert [b["mean_confidence"] for b in r.to_dict()["confidence_bands"]] == [None, 0.6]


def test_to_dict_shape(schema_dir):
    d = score_graph(hand_graph(), GOLD, schema_dir).to_dict()
    assert d["core"] == {"tp": 4, "fp": 3, "fn": 1, "p": 0.571, "r": 0.8, "f1": 0.667}
    assert d["false_positives"][0] == ["holdsRole", "张三", "甲公司", "董事长"]
    assert d["missed"] == [["locatedIn", "乙公司", "北京市昌平区"]]


@pytest.mark.parametrize(
    "a, b",
    [("“青岛 高新区”", "青岛高新区"), ("ＡＢＣ公司", "abc公司"), ("中国—巴基斯坦", "中国-巴基斯坦"),
     ("《协议》", "协议"), ("中国－巴基斯坦", "中国–巴基斯坦")],
)
def test_normalize(a, b):
    assert normalize(a) == normalize(b)


def test_load_gold_errors(tmp_path):
    p = tmp_path / "g.json"
    p.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.json: invalid JSON"):
        load_gold(p)
    p.write_text(json.dumps({"format": "other/2", "articles": []}), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_gold(p)
    assert str(e.value) == f"{p}: unsupported answer key format 'other/2' (expected 'kg-gold/1')"
    with pytest.raises(InputError, match="no such file"):
        load_gold(tmp_path / "missing.json")
    p.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    assert load_gold(p) == GOLD


# --------------------------------------------------------------------------- agreement with score.py

def reference(graph_path: Path, gold_path: Path, schema: Path | None) -> dict:
    cmd = [sys.executable, str(SCORER), str(graph_path), "--gold", str(gold_path), "--json"]
    if schema is not None:
        cmd += ["--schema", str(schema)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


def ours(graph: Graph, gold: dict, schema: Path | None) -> dict:
    d = score_graph(graph, gold, schema).to_dict()
    return {k: d[k] for k in ("locatedIn", "holdsRole", "investment", "core", "entities",
                              "false_positives", "missed")}


needs_shared = pytest.mark.skipif(not SCORER.exists(), reason=f"reference scorer not found at {SCORER}")


@needs_shared
@pytest.mark.parametrize("with_schema", [True, False])
def test_agrees_with_reference_on_hand_graph(tmp_path, schema_dir, with_schema):
    gp, gold = tmp_path / "pred.ttl", tmp_path / "gold.json"
    gp.write_text(GRAPH_TTL, encoding="utf-8")
    gold.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    schema = schema_dir if with_schema else None
    assert ours(hand_graph(), GOLD, schema) == reference(gp, gold, schema)


def graph_from_gold(gold: dict, keep_every: int, noise: bool) -> Graph:
    """A prediction made from an answer key: some facts dropped, some wrong ones added."""
    g = Graph()
    nodes: dict[str, URIRef] = {}

    def node(label: str) -> URIRef:
        label = label.split("|")[0]
        if label not in nodes:
            nodes[label] = URIRef(f"https://w3id.org/cnkg/id/n{len(nodes)}")
            g.add((nodes[label], RDFS.label, Literal(label)))
        return nodes[label]

    i = 0
    for art in gold["articles"]:
        for e in art["entities"]:
            n = node(e["label"])
            g.add((n, RDF.type, KGNS[e["type"].split("|")[-1]]))
            if noise and len(nodes) % 5 == 0:
                g.add((n, RDF.type, KGNS.Place))
        for f in art["facts"] + art.get("optional_facts", []) + art.get("extended_facts", []):
            i += 1
            if i % keep_every == 0:
                continue
            s = node(f["s"])
            if f["p"] in ("locatedIn", "listedOn", "partnerOf"):
                g.add((s, KGNS[f["p"]], node(f["o"])))
            elif f["p"] == "holdsRole":
                pos = URIRef(f"https://w3id.org/cnkg/id/pos{i}")
                g.add((s, KGNS.holdsRole, pos))
                g.add((pos, KGNS.organization, node(f["org"])))
                title = f["role"].split("|")[0] + ("助理" if noise and i % 4 == 0 else "")
                g.add((pos, KGNS.roleTitle, Literal(title)))
            elif f["p"] in ("investment", "fundsRaised", "revenue"):
                amt = URIRef(f"https://w3id.org/cnkg/id/amt{i}")
                g.add((s, KGNS[f["p"]], amt))
                g.add((amt, SDO.value, Literal(f["value"] * (2 if noise and i % 3 == 0 else 1))))
            elif f["p"] == "foundingYear":
                g.add((s, KGNS.foundingYear, Literal(str(f["year"]), datatype=XSD.gYear)))
    if noise:
        a, b = node("某某公司"), node("某某园区")
        g.add((a, RDF.type, KGNS.Organization))
        g.add((a, KGNS.locatedIn, b))
        g.add((a, SKOS.altLabel, Literal("某某")))
    return g


@needs_shared
@pytest.mark.parametrize("name", ["seed-page", "cnews-dev"])
@pytest.mark.parametrize("keep_every, noise", [(1_000_000, False), (3, True)])
def test_agrees_with_reference_on_shared_gold(tmp_path, schema_dir, name, keep_every, noise):
    gold_path = SHARED / "gold" / f"{name}.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    g = graph_from_gold(gold, keep_every, noise)
    gp = tmp_path / "pred.ttl"
    g.serialize(gp, format="turtle")
    mine = ours(Graph().parse(gp, format="turtle"), gold, schema_dir)
    assert mine == reference(gp, gold_path, schema_dir)
    if not noise:
        r = score_graph(g, gold, schema_dir)
        assert r.core.recall == 1.0 and r.relations["extended"].recall == 1.0
