"""Role patterns over typed spans (kg/extract/roles.py): a title glued to its body, the head of
state after 国家, an organisation that appoints, a career in apposition; and the held-out role set
(tests/heldout_roles.py) above the floor these patterns reached."""
import pytest

from extract_util import facts_of


def roles(text):
    return {f[1:] for f in facts_of(text, "holdsRole")}


@pytest.mark.parametrize("text,expected", [
    # a title glued to its body, with and without its place
    ("苏州市民政局长沈建国介绍了救助政策。", {("沈建国", "局长", "苏州市民政局", True)}),
    ("意大利外交部长塔亚尼抵达开罗。", {("塔亚尼", "部长", "意大利外交部", True)}),
    ("财政部长蓝佛安在会上发言。", {("蓝佛安", "部长", "财政部", True)}),
    ("浙江省教育厅长陈峰出席了开学典礼。", {("陈峰", "厅长", "浙江省教育厅", True)}),
    # the head of state: 国家 between the country and 主席
    ("越南国家主席梁强会见了客人。", {("梁强", "国家主席", "越南政府", True)}),
    # an organisation that appoints a title and a name
    ("远帆科技股份有限公司日前正式任命首席技术官王立新。", {("王立新", "首席技术官", "远帆科技股份有限公司", True)}),
    # two heads of government: the same body under two places is two organisations
    ("德国总理默茨与西班牙首相桑切斯举行会谈。",
     {("默茨", "总理", "德国政府", True), ("桑切斯", "首相", "西班牙政府", True)}),
    # a career in apposition, the organisation a brand without legal suffix
    ("陈思远，2016年加入云帆能源，任首席运营官。", {("陈思远", "首席运营官", "云帆能源", True)}),
])
def test_role_shapes(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize("text", [
    "俱乐部长期坚持青训。",                 # 部长 inside 俱乐部|长期
    "城市公共交通局长期规划已经公布。",      # a longer body and no name after the title
    "他加入公司后，任劳任怨。",              # 公司 is no name; no title
    "该局长期以来重视安全生产。",
])
def test_no_role_without_its_shape(text):
    assert roles(text) == set()


def test_the_heldout_role_set_stays_above_its_floor():
    from heldout_roles import ROWS, score

    tp, fp, fn, _ = score()
    assert len(ROWS) == 47 and tp >= 42 and fp <= 2, (tp, fp, fn)


@pytest.mark.parametrize("text,expected", [
    ("美国国务卿鲁比奥发表讲话。", {("鲁比奥", "国务卿", "美国国务院", True)}),
    ("俄外长拉夫罗夫当天表示，愿意对话。", {("拉夫罗夫", "外长", "俄罗斯外交部", True)}),
    ("英国外交大臣戴维·拉米出席了会议。", {("戴维·拉米", "外交大臣", "英国外交部", True)}),
])
def test_ministers_by_short_title(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a brand read as a person before someone else's title: the organisation
    ("特斯拉首席执行官马斯克表示，工厂将扩产。", {("马斯克", "首席执行官", "特斯拉", True)}),
    # a name after other words of its clause is no brand standing before a title
    ("会上，他介绍说张伟总经理李明也来了。", set()),
])
def test_brand_read_as_person(text, expected):
    assert {r for r in roles(text) if r[2] in ("特斯拉", "张伟")} == expected
