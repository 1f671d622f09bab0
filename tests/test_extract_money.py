import pytest

from kg.extract.money import parse_money
from kg.model import Money
from extract_util import facts_of


@pytest.mark.parametrize("text,expected", [
    ("50亿元", Money(5000000000, "CNY", "50亿元", False)),
    ("约人民币5.08亿元", Money(508000000, "CNY", "约人民币5.08亿元", True)),
    ("近28亿元", Money(2800000000, "CNY", "近28亿元", True)),
    ("1.5万亿美元", Money(1500000000000, "USD", "1.5万亿美元", False)),
    ("三千万元", Money(30000000, "CNY", "三千万元", False)),
    ("19.93亿元左右", Money(1993000000, "CNY", "19.93亿元左右", True)),
    ("港币3亿元", Money(300000000, "HKD", "港币3亿元", False)),
    ("200万港元", Money(2000000, "HKD", "200万港元", False)),
    ("五十亿", None),
])
def test_parse_money(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("总投资50亿元的威高国际医疗器械产业园正式落户青岛高新区。",
     {("investment", "威高国际医疗器械产业园", 5000000000, "CNY")}),
    ("昌平区集中签约了国药、先正达等26个重磅产业项目，预计实现总投资108亿元。",
     {("investment", "26个重磅产业项目", 10800000000, "CNY")}),
    ("巨子生物在香港交易所正式挂牌上市，首发募集资金约人民币5.08亿元。",
     {("fundsRaised", "巨子生物", 508000000, "CNY")}),
    ("该项目罚款200万元。", set()),
    # the money builds what follows it: 斥资X建设“Y园区”
    ("2002年，该企业斥资1.7亿人民币建设“家具现代工业园区”，并于2004年落成投产。",
     {("investment", "家具现代工业园区", 170000000, "CNY")}),
    # a purchase price (以X购入/拍得/竞得) is the buyer's investment; a share price is not
    ("华东钢铁有限公司近日以12.5亿元的价格竞得南京一宗地块。",
     {("investment", "华东钢铁有限公司", 1250000000, "CNY")}),
    ("华东钢铁有限公司以每股5元的价格增持股份。", set()),
    # 融资金额达X: the amount word between trigger and amount
    ("江南微电子股份有限公司宣布完成B轮融资，融资金额达3亿元。",
     {("fundsRaised", "江南微电子股份有限公司", 300000000, "CNY")}),
    # a whole district's total belongs to nobody named near it
    ("据无锡高新区管委会介绍，全区计划投资总额超过500亿元。", set()),
    # 示范 inside a project's name; a factory is a project
    ("由南方电力集团投资建设的江北绿氢示范项目建成投产。该项目总投资近30亿元。",
     {("investment", "江北绿氢示范项目", 3000000000, "CNY")}),
    ("华东钢铁有限公司在江苏建设的新能源汽车工厂已开工。该工厂计划投资40亿元。",
     {("investment", "新能源汽车工厂", 4000000000, "CNY")}),
    # 在X投资: X is where the money goes; the company spends it
    ("华东钢铁有限公司计划在无锡高新区投资76亿元，建设新材料生产线。",
     {("investment", "华东钢铁有限公司", 7600000000, "CNY")}),
    ("江南微电子股份有限公司完成新一轮融资，金额超过3亿元。",
     {("fundsRaised", "江南微电子股份有限公司", 300000000, "CNY")}),
    # a quoted park name in -谷 after its district; a park has takings too
    ("数据显示，南京市江宁区“智造谷”去年实现收入300亿元。", {("revenue", "智造谷", 30000000000, "CNY")}),
    # what a new fund sold is what it raised
    ("结束发行的华信量化阿尔法基金销售数据已经超过20亿元。",
     {("fundsRaised", "华信量化阿尔法基金", 2000000000, "CNY")}),
    # X拟投资N在L建设Y: the company pays for a site it describes (no name of its own) ...
    ("华东钢铁有限公司拟投资15亿元在无锡高新区建设新材料生产基地项目。",
     {("investment", "华东钢铁有限公司", 1500000000, "CNY")}),
    # ... while a site named after it, or quoted, is what the money went into
    ("华东钢铁有限公司斥资15亿元建设“华东钢铁新材料产业园”。",
     {("investment", "华东钢铁新材料产业园", 1500000000, "CNY")}),
    # with no payer named, what is built gets the money
    ("拟投资15亿元在扬州经开区建设新材料生产基地项目。",
     {("investment", "新材料生产基地项目", 1500000000, "CNY")}),
    # the trigger's own clause names whose takings they are
    ("无锡高新区管委会主任王明介绍，2024年无锡高新区实现营业总收入2600亿元。",
     {("revenue", "无锡高新区", 260000000000, "CNY")}),
    # an ordinal generation inside a project's name
    ("江南电子第6代柔性面板生产线项目总投资465亿元。",
     {("investment", "江南电子第6代柔性面板生产线项目", 46500000000, "CNY")}),
    # assets under management are not money raised
    ("西岭信托有限公司管理资产规模600亿元。", set()),
    # 由X投资…建设: the project gets the money, X pays it
    ("江北新材料城三期项目竣工，项目由南方电力集团投资约25亿元建设。",
     {("investment", "江北新材料城三期项目", 2500000000, "CNY")}),
    # the phase is part of a project's name
    ("江北智能制造产业园二期项目开工，计划总投资20亿元。",
     {("investment", "江北智能制造产业园二期项目", 2000000000, "CNY")}),
    # the trigger after the amount: 完成X轮融资, 获得X天使轮投资 (money the company took in)
    ("近日，江南微电子股份有限公司宣布完成5亿元B轮融资，本轮融资由某某资本领投。",
     {("fundsRaised", "江南微电子股份有限公司", 500000000, "CNY")}),
    ("华东智造科技有限公司获得3000万元天使轮投资。",
     {("fundsRaised", "华东智造科技有限公司", 30000000, "CNY")}),
])
def test_amount_relations(text, expected):
    got = {f for f in facts_of(text) if f[0] in ("investment", "fundsRaised", "revenue")}
    assert got == expected


def test_the_investor_of_a_project_named_nowhere():
    # 该项目由X投资建设，总投资N: no project is named before, so its investor is the subject
    got = {f for f in facts_of("该项目由远川集团出资建设，总投资3亿元。") if f[0] == "investment"}
    assert got == {("investment", "远川集团", 300000000, "CNY")}
    # with the project named before, the project keeps it
    got = {f for f in facts_of("远川物流园项目开工。该项目由远川集团出资建设，总投资3亿元。") if f[0] == "investment"}
    assert got == {("investment", "远川物流园项目", 300000000, "CNY")}


@pytest.mark.parametrize("text,expected", [
    # X向其子公司增资: the parent pays, not the subsidiary
    ("远山控股有限公司向其杭州子公司增资2亿元。", {("investment", "远山控股有限公司", 200000000, "CNY")}),
    # a forecast output value is no revenue
    ("东岭科技宣布投资5亿元新建工厂，预计年产值达20亿元。", {("investment", "东岭科技", 500000000, "CNY")}),
])
def test_payer_and_forecasts(text, expected):
    got = {f for f in facts_of(text) if f[0] in ("investment", "fundsRaised", "revenue")}
    assert got == expected


@pytest.mark.parametrize("text", [
    "今年上半年，昆山开发区完成固定资产投资95亿元。",
    "全年该区累计完成投资300亿元。",
])
def test_an_areas_statistics_are_no_investment(text):
    assert {f for f in facts_of(text) if f[0] == "investment"} == set()
