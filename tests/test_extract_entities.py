"""Entity mentions found by structure: one row per general cause (made-up sentences)."""
import pytest

from extract_util import entities_of


def _named(text):
    return {e for e in entities_of(text) if e[1] in ("Organization", "Person")}


@pytest.mark.parametrize("text,expected", [
    # a verb that takes funds as its object, or fund-product words over generic ones, make no name
    ("分析人士建议投资者今年重点配置债券基金。", set()),
    ("无特殊情况管理基金不满一年的人员不得调岗。", set()),
    ("城市商业银行要经营好产业基金。", set()),
    # an adjective in -化 describes the group, it does not name it
    ("该企业已成为集研发与销售于一体的大型、规范化家具集团。", set()),
    # a place-kind noun with a suffix is no name (灾区学校), and 及 joins two things, never one name
    ("善款用于灾区农业救灾及灾区学校重建。", set()),
    ("二是通过地方政府控股的平台公司融资。", set()),
    # a shorter suffix does not take the rest of a longer one as its stem (木 + 研究中心 -> no 木研究 + 中心)
    ("厂里设有弯曲木研究中心。", set()),
    # a title before 证券 is a title: no organisation 基金经理证券
    ("协会组织了基金经理证券投资法律知识考试。", set()),
    # words of fund names (量化, 策略) may stand inside the name
    ("华信量化阿尔法基金上周发布了成立公告。", {("华信量化阿尔法基金", "Organization")}),
])
def test_organisation_boundaries(text, expected):
    assert _named(text) == expected
