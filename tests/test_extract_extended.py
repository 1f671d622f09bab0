"""Extended relations (partnerOf, foundingYear, listedOn): one row per cause."""
import pytest

from extract_util import facts_of


@pytest.mark.parametrize("text,expected", [
    # A与B signing or working together
    ("华东钢铁有限公司与南方电力集团签署战略合作协议。",
     {("partnerOf", "华东钢铁有限公司", "南方电力集团")}),
    # co-founders: every pair of the founders is a partnership
    ("此前，建设银行与江苏省政府牵头组建的“江苏产业投资管理有限公司”已注册登记。",
     {("partnerOf", "建设银行", "江苏省政府")}),
    ("华东控股有限公司则与南方电力集团和北方重工集团合资成立了一家基金管理公司。",
     {("partnerOf", "华东控股有限公司", "南方电力集团"), ("partnerOf", "华东控股有限公司", "北方重工集团"),
      ("partnerOf", "南方电力集团", "北方重工集团")}),
    # B旗下的C和D: the owned companies found the thing, not their owner
    ("华东控股则与南方电力集团旗下的南电投资和南电咨询合资成立了一家基金管理公司。",
     {("partnerOf", "华东控股", "南电投资"), ("partnerOf", "华东控股", "南电咨询"),
      ("partnerOf", "南电投资", "南电咨询")}),
    # 由A、B共同发起的X: the listed founders are partners
    ("由华东控股有限公司、南方电力集团共同发起的江南新能源产业基金正式设立。",
     {("partnerOf", "华东控股有限公司", "南方电力集团")}),
    ("项目由南方电力集团负责建设。", set()),
    # a comparison or a meeting is no partnership
    ("华东钢铁有限公司与南方电力集团相比规模较小。", set()),
    ("华东钢铁有限公司同南方电力集团的差距正在缩小。", set()),
    # A与B、C等企业签署…: A works with each
    ("无锡高新区管委会与华东钢铁有限公司、南方电力集团等企业签署合作协议。",
     {("partnerOf", "无锡高新区管委会", "华东钢铁有限公司"), ("partnerOf", "无锡高新区管委会", "南方电力集团")}),
])
def test_partner_of(text, expected):
    assert facts_of(text, "partnerOf") == expected


@pytest.mark.parametrize("text,expected", [
    ("华东钢铁有限公司成立于1998年，总部位于南京。", {("foundingYear", "华东钢铁有限公司", 1998)}),
    # 于<date>(注册登记)成立, with the name in quotes
    ("“江苏产业投资管理有限公司”已于2008年12月31日注册登记成立。", {("foundingYear", "江苏产业投资管理有限公司", 2008)}),
    ("华东钢铁有限公司于1998年正式成立。", {("foundingYear", "华东钢铁有限公司", 1998)}),
    # 成立以来 still dates the founding; 成立的 names the organisation after it
    ("华东钢铁有限公司于1998年成立以来发展迅速。", {("foundingYear", "华东钢铁有限公司", 1998)}),
    ("他加入了于1998年成立的南方电力集团。", {("foundingYear", "南方电力集团", 1998)}),
    # the year of another event
    ("华东钢铁有限公司于2008年上市。", set()),
])
def test_founding_year(text, expected):
    assert facts_of(text, "foundingYear") == expected


@pytest.mark.parametrize("text,expected", [
    ("江南微电子股份有限公司今日在上海证券交易所挂牌上市。",
     {("listedOn", "江南微电子股份有限公司", "上海证券交易所")}),
    # the board between the exchange and 上市
    ("江南微电子股份有限公司今日在上海证券交易所科创板挂牌上市。",
     {("listedOn", "江南微电子股份有限公司", "上海证券交易所")}),
    ("江南微电子股份有限公司计划上市。", set()),
    # a name without a suffix that lists is a name as a whole, back to 的
    ("总部位于深圳的优谷达科技在香港联交所主板挂牌上市。", {("listedOn", "优谷达科技", "香港联交所")}),
])
def test_listed_on(text, expected):
    assert facts_of(text, "listedOn") == expected


def test_the_company_is_the_company_not_the_nearer_investor():
    """该公司 after an investor of another kind points at the company named before."""
    text = "江南微电子股份有限公司完成B轮融资，由西岭资本领投。该公司成立于2015年。"
    assert facts_of(text, "foundingYear") == {("foundingYear", "江南微电子股份有限公司", 2015)}


@pytest.mark.parametrize("text,expected", [
    # 由A、B联合投资的X: the investors are partners
    ("由远山集团、北辰集团联合投资的华东物流基地开工。",
     {("partnerOf", "远山集团", "北辰集团")}),
    # 由A与B合资设立的X
    ("由远山集团与北辰集团合资设立的华辰科技有限公司在苏州注册。",
     {("partnerOf", "远山集团", "北辰集团")}),
    # a company that signs with a zone settles in it; it is not the zone's partner
    ("远山集团与扬州经开区签署协议。", set()),
])
def test_partners_by_shape(text, expected):
    assert facts_of(text, "partnerOf") == expected


def test_an_industrys_size_is_no_money_raised():
    assert facts_of("该省力争2027年低空经济产业规模超1000亿元。", "fundsRaised") == set()
