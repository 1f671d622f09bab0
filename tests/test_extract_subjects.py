"""The subjects and places of settle and investment frames (kg/extract/subjects.py): names without a
glued description, companies no recogniser named, the district written after its city."""
import pytest

from extract_util import facts_of
from kg.extract import DEFAULT_PIPELINE, run
from kg.extract.doc import Doc
from kg.extract.subjects import core, precise, unnamed
from kg.model import Article, Mention


def _doc(text):
    doc = Doc.of(Article("t", text, "t.txt", 1))
    return run(doc, [n for n in DEFAULT_PIPELINE if n.startswith("mentions")])


@pytest.mark.parametrize("name,expected", [
    ("全球工业阀门巨头某某集团", "某某集团"),
    ("某某控股全资子公司某某新材料（南通）有限公司", "某某新材料（南通）有限公司"),
    ("外商独资企业某某精工有限公司", "某某精工有限公司"),
    ("连接器制造商某某集团", "某某集团"),
    ("首个投资项目某某新材料项目", "某某新材料项目"),
])
def test_core_drops_a_glued_description(name, expected):
    doc = _doc(name + "。")
    cls = "Project" if name.endswith("项目") else "Organization"
    assert core(doc, Mention(name, cls, 0, len(name))).text == expected


@pytest.mark.parametrize("name", [
    "某某投资有限公司江苏分公司",      # a branch is no name standing alone
    "比利时微电子工程公司",            # a company of its own before nothing
    "某某集团",
])
def test_core_keeps_a_name_without_description(name):
    doc = _doc(name + "。")
    assert core(doc, Mention(name, "Organization", 0, len(name))).text == name


def test_core_returns_one_object_per_span():
    doc = _doc("全球阀门巨头某某集团在宁波投资。")
    m = Mention("全球阀门巨头某某集团", "Organization", 0, 10)
    assert core(doc, m) is core(doc, m)


def test_unnamed_reads_the_company_after_a_country():
    text = "德国普朗斯将其研发中心落户成都高新区。"
    doc = _doc(text)
    m = unnamed(doc, 0, text.index("将"))
    assert m is not None and m.text == "普朗斯" and m.cls == "Organization"


@pytest.mark.parametrize("text,pos_of", [
    ("公布上半年成绩，吸引投资超过50亿港元。", "投资"),   # a verb opens the span: no name
    ("未来五年投入约1亿元。", "投入"),                     # a time word
    ("该项目将落户成都高新区。", "将"),                    # a reference
])
def test_unnamed_refuses_what_is_no_name(text, pos_of):
    doc = _doc(text)
    left = doc.clause_bounds(text.index(pos_of))[0]
    assert unnamed(doc, left, text.index(pos_of)) is None


@pytest.mark.parametrize("text,first,expected", [
    ("某某公司在南京溧水投资。", "南京", "溧水"),
    ("某某公司在广州番禺设立总部。", "广州", "番禺"),
    ("某某公司在南京河西新城设立总部。", "南京", "南京"),      # a short form of another city's district
])
def test_precise_steps_to_the_district_of_its_city(text, first, expected):
    doc = _doc(text)
    loc = doc.starting_at(text.index(first), ("Place", "Park"))
    assert precise(doc, loc).text == expected


@pytest.mark.parametrize("text,expected", [
    # 吸引 (a verb) is no name of who invests
    ("东江投资促进中心公布上半年招商成绩，吸引投资超过80亿元。",
     {("investment", "东江投资促进中心", 8000000000, "CNY")}),
    # 落户L N年的X追加投资: the company settled there pays
    ("落户扬州经开区12年的日本森田精机计划追加投资3000万元。",
     {("investment", "森田精机", 30000000, "CNY"), ("locatedIn", "森田精机", "扬州经开区")}),
])
def test_frames_over_unnamed_companies(text, expected):
    assert {f for f in facts_of(text) if f[0] in ("investment", "locatedIn")} == expected


@pytest.mark.parametrize("text,expected", [
    # a company named with its place in brackets, read from the bracket on by the recognisers
    ("首家秘鲁独资企业安卡斯(江苏)矿业有限公司在无锡开业。", ("locatedIn", "安卡斯(江苏)矿业有限公司", "无锡")),
    # X将L作为…基地
    ("全球农机巨头科尔曼将潍坊作为其华北制造基地。", ("locatedIn", "科尔曼", "潍坊")),
    # 在L，总投资N的X正加紧建设
    ("在合肥高新区，总投资12亿元的华芯半导体材料生产基地正加紧建设。", ("locatedIn", "华芯半导体材料生产基地", "合肥高新区")),
])
def test_more_frames(text, expected):
    assert expected in facts_of(text)


@pytest.mark.parametrize("text,expected", [
    # the zone signs a project: the project is in the zone
    ("昨日，扬州经开区签约荷兰范德堡医疗器械项目。", ("locatedIn", "范德堡医疗器械项目", "扬州经开区")),
    # a company described by where its seat is settles elsewhere
    ("总部位于广州的佳禾生物在苏州工业园区设立研发中心。", ("locatedIn", "佳禾生物", "苏州工业园区")),
])
def test_zone_and_modified_subjects(text, expected):
    assert expected in facts_of(text)

