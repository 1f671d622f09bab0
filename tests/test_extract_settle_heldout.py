"""A held-out set of park and investment news, written (names invented) before the settle-verb
patterns: who settles where (locatedIn) and how much is put in (investment).

Each case lists the core facts a careful reader takes from it and the optional ones (defensible,
neither rewarded nor punished). A subject or place written `A|B` accepts either form, as the gold
keys do (a company and its named project). `python tests/test_extract_settle_heldout.py` prints
precision and recall over the whole set.
"""
import sys

import pytest

from extract_util import facts_of

L, I = "locatedIn", "investment"


def loc(s, o):
    return (L, s, o)


def inv(s, value, currency="CNY"):
    return (I, s, value, currency)


# (text, core facts, optional facts)
CASES = [
    # 1 foreign brand, 在L新建 a factory, 总投资
    ("德国博纳克斯在苏州工业园区新建汽车电子工厂，总投资12亿元。",
     {loc("博纳克斯|汽车电子工厂", "苏州工业园区"), inv("博纳克斯|汽车电子工厂", 1200000000)}, set()),
    # 2 one subject, several places
    ("瑞典维斯康宣布新建常州、南通两座工厂。",
     {loc("维斯康", "常州"), loc("维斯康", "南通")}, set()),
    # 3 a brand's project 落户 a park, amount in dollars
    ("美国艾索普半导体封测项目落户无锡高新区，总投资约3亿美元。",
     {loc("艾索普|艾索普半导体封测项目", "无锡高新区"), inv("艾索普|艾索普半导体封测项目", 300000000, "USD")},
     {loc("无锡高新区", "无锡")}),
    # 4 a group's project 落地 a development zone
    ("中鼎集团新能源电池项目落地合肥经开区。",
     {loc("中鼎集团|中鼎集团新能源电池项目", "合肥经开区")}, {loc("合肥经开区", "合肥")}),
    # 5 追加投资 by a company with a base in a city
    ("日本丸森化学追加投资5000万美元，扩建其在大连的生产基地。",
     {inv("丸森化学", 50000000, "USD"), loc("丸森化学", "大连")}, set()),
    # 6 在L增资
    ("瑞士罗腾医疗在上海浦东新区增资2亿元，扩大研发中心规模。",
     {inv("罗腾医疗", 200000000), loc("罗腾医疗", "上海浦东新区|浦东新区")}, {loc("浦东新区", "上海")}),
    # 7 output value and sales are no investment
    ("华茂电子去年实现产值150亿元，销售额同比增长20%。", set(), set()),
    # 8 capacity and sales of a project are no investment
    ("项目达产后预计年产能50万台，年销售收入可达80亿元。", set(), set()),
    # 9 two parties sign; the company 投资X在L建设Y
    ("远航动力与盐城市政府签约，投资60亿元在盐城经开区建设储能电池基地。",
     {loc("远航动力|储能电池基地", "盐城经开区"), inv("远航动力|储能电池基地", 6000000000)},
     {loc("盐城经开区", "盐城")}),
    # 10 a project named with its capacity (年产20GW…): the name is not cut at the digit
    ("星辰科技年产20GW高效光伏组件项目在宜宾开工，总投资45亿元。",
     {loc("星辰科技|星辰科技年产20GW高效光伏组件项目|年产20GW高效光伏组件项目", "宜宾"),
      inv("星辰科技|星辰科技年产20GW高效光伏组件项目|年产20GW高效光伏组件项目", 4500000000)}, set()),
    # 11 选址L建设
    ("恒岳集团选址成都天府新区建设西南区域总部。",
     {loc("恒岳集团", "成都天府新区|天府新区")}, {loc("天府新区", "成都"), loc("西南区域总部", "成都天府新区|天府新区")}),
    # 12 落子 with 投资额, euros
    ("法国赛弗朗在青岛西海岸新区落子航空发动机部件工厂，投资额约1.2亿欧元。",
     {loc("赛弗朗", "青岛西海岸新区|西海岸新区"), inv("赛弗朗|航空发动机部件工厂", 120000000, "EUR")},
     {loc("西海岸新区", "青岛"), loc("航空发动机部件工厂", "青岛西海岸新区|西海岸新区")}),
    # 13 入驻 a development zone
    ("韩国宇进电子入驻南京江宁开发区。",
     {loc("宇进电子", "南京江宁开发区|江宁开发区")}, {loc("江宁开发区", "南京")}),
    # 14 a short name 在L投产
    ("蓝海食品在郑州航空港区投产新工厂。",
     {loc("蓝海食品", "郑州航空港区|航空港区")}, {loc("航空港区", "郑州")}),
    # 15 the investor named with 由…投资建设, the place with 位于
    ("该项目由丰泽集团投资建设，总投资8.5亿元，位于武汉东湖高新区。",
     {inv("丰泽集团", 850000000)}, {loc("丰泽集团", "武汉东湖高新区|东湖高新区"), loc("东湖高新区", "武汉")}),
    # 16 计划在L设立
    ("美国霍尔曼公司计划在天津滨海新区设立亚太研发中心。",
     {loc("霍尔曼公司", "天津滨海新区|滨海新区")}, {loc("滨海新区", "天津")}),
    # 17 X在L投资N建设Y
    ("北辰重工在柳州投资20亿元建设新能源重卡基地。",
     {loc("北辰重工|新能源重卡基地", "柳州"), inv("北辰重工|新能源重卡基地", 2000000000)}, set()),
    # 18 revenue is no investment
    ("该基地投产后预计实现年营收30亿元。", set(), set()),
    # 19 two parties sign: the company and the zone are not one park
    ("奥地利施泰尔纳与嘉兴经济技术开发区签约，新建精密部件工厂。",
     {loc("施泰尔纳", "嘉兴经济技术开发区")}, {loc("嘉兴经济技术开发区", "嘉兴"), loc("精密部件工厂", "嘉兴经济技术开发区")}),
    # 20 a brand's China headquarters 落户 a business district
    ("英国百灵达制药中国总部落户上海虹桥国际中央商务区。",
     {loc("百灵达制药|百灵达制药中国总部", "上海虹桥国际中央商务区|虹桥国际中央商务区")},
     {loc("虹桥国际中央商务区", "上海")}),
    # 21 a group's park 签约落户, 计划总投资
    ("天合众诚集团旗下智能装备产业园签约落户长沙经开区，计划总投资15亿元。",
     {loc("天合众诚集团|智能装备产业园", "长沙经开区"), inv("天合众诚集团|智能装备产业园", 1500000000)},
     {loc("长沙经开区", "长沙")}),
    # 22 在L增资 in dollars
    ("荷兰菲仕达在昆山开发区增资3000万美元扩建工厂。",
     {loc("菲仕达", "昆山开发区"), inv("菲仕达", 30000000, "USD")}, {loc("昆山开发区", "昆山")}),
    # 23 a park's output value
    ("今年一季度，园区实现工业总产值210亿元。", set(), set()),
    # 24 拟投资N，在L新建年产…项目
    ("金桥科技拟投资10亿元，在南昌高新区新建年产5万吨锂电材料项目。",
     {loc("金桥科技|年产5万吨锂电材料项目", "南昌高新区"), inv("金桥科技|年产5万吨锂电材料项目", 1000000000)},
     {loc("南昌高新区", "南昌")}),
    # 25 two parties sign an agreement; the company's base 将落户
    ("明川生物与厦门火炬高新区管委会签署协议，其华南生产基地将落户厦门火炬高新区。",
     {loc("明川生物|华南生产基地", "厦门火炬高新区")}, {loc("厦门火炬高新区", "厦门")}),
    # 26 several places, 分别设立
    ("德国克诺茨集团在太仓、常熟分别设立工厂。",
     {loc("克诺茨集团", "太仓"), loc("克诺茨集团", "常熟")}, set()),
    # 27 a plant named with its city: the place is optional, the money is core
    ("美国诺威尔仪器苏州工厂正式投产，项目总投资2亿元。",
     {inv("诺威尔仪器|诺威尔仪器苏州工厂|苏州工厂", 200000000)},
     {loc("诺威尔仪器|诺威尔仪器苏州工厂|苏州工厂", "苏州")}),
    # 28 总投资 beside 年产值: only the investment
    ("海博新能源集团投资的钠电池项目在滁州开工，项目总投资25亿元，达产后年产值可达60亿元。",
     {loc("海博新能源集团|钠电池项目", "滁州"), inv("海博新能源集团|钠电池项目", 2500000000)}, set()),
    # 29 在L落户 a project
    ("西班牙格鲁波安科纳在重庆两江新区落户汽车座椅项目。",
     {loc("格鲁波安科纳|汽车座椅项目", "重庆两江新区|两江新区")}, {loc("两江新区", "重庆")}),
    # 30 the park signs with the company
    ("青岛高新区与柯赛尔科技签约，共同建设工业机器人产业园。",
     {loc("柯赛尔科技", "青岛高新区")}, {loc("工业机器人产业园", "青岛高新区")}),
    # 31 abroad, in dollars
    ("瑞泰光电宣布在越南北宁省投资1亿美元新建生产基地。",
     {loc("瑞泰光电", "越南北宁省|北宁省"), inv("瑞泰光电", 100000000, "USD")}, {loc("北宁省", "越南")}),
]


def _alts(s):
    return set(s.split("|"))


def _matches(pred, fact):
    if pred[0] != fact[0] or pred[1] not in _alts(fact[1]):
        return False
    if fact[0] == L:
        return pred[2] in _alts(fact[2])
    return pred[2:] == fact[2:]


def score_case(text, core, optional):
    """(true positives, false positives, misses) of the extraction of one case."""
    pred = facts_of(text, L) | facts_of(text, I)
    tp, fp = set(), set()
    for p in pred:
        hit = [f for f in core if _matches(p, f)]
        if hit:
            tp.update(hit)
        elif not any(_matches(p, f) for f in optional):
            fp.add(p)
    return tp, fp, core - tp


# cases the patterns do not read yet (strict: a case that starts passing must be moved out)
NOT_YET: dict[int, str] = {
    3: "a project name whose stem holds a verb (封测) is not read",
    14: "an airport zone (航空港区) is no place or park yet",
    15: "由X投资建设 gives the money to the project, here only 该项目",
    16: "a centre named by its line of work (亚太研发中心) is read as an organisation",
    26: "county-level cities written short (太仓, 常熟) are no places without context",
    31: "a province abroad (北宁省) is no place",
}


@pytest.mark.parametrize("n", [pytest.param(n, marks=pytest.mark.xfail(reason=NOT_YET[n], strict=True))
                               if n in NOT_YET else n for n in range(1, len(CASES) + 1)])
def test_heldout_case(n):
    text, core, optional = CASES[n - 1]
    _, fp, missed = score_case(text, core, optional)
    assert (fp, missed) == (set(), set())


def main():
    tp = fp = fn = 0
    for n, (text, core, optional) in enumerate(CASES, 1):
        t, f, m = score_case(text, core, optional)
        tp += len(t); fp += len(f); fn += len(m)
        if f or m:
            print(n, text, "\n   FP", sorted(map(str, f)), "\n   MISS", sorted(map(str, m)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"held-out: tp={tp} fp={fp} fn={fn} P={p:.3f} R={r:.3f} F1={f1:.3f}")


if __name__ == "__main__":
    sys.path.insert(0, "tests")
    main()


# ---------------------------------------------------------------- name boundaries (span shapes)
@pytest.mark.parametrize("text,cls,name", [
    # a capacity opens a project's name: not cut at the model number's digit
    ("星辰科技年产20GW高效光伏组件项目在宜宾开工。", "Project", "星辰科技年产20GW高效光伏组件项目"),
    # a settle verb ends the place before it and opens the project after it
    ("法国赛弗朗在青岛西海岸新区落子航空发动机部件工厂。", "Project", "航空发动机部件工厂"),
    # two parties signing are not one park or one organisation
    ("奥地利施泰尔纳与嘉兴经济技术开发区签约。", "Park", "嘉兴经济技术开发区"),
    ("明川生物与厦门火炬高新区管委会签署协议。", "Organization", "厦门火炬高新区管委会"),
    # a descriptive verb glued before a centre is no part of it
    ("某某电气宣布升级北京研发中心。", "Organization", "北京研发中心"),
    # a foreign country before a brand is where it comes from
    ("英国百灵达制药中国总部落户上海。", "Project", "百灵达制药中国总部"),
    # a brand without legal suffix as the subject of a settle frame
    ("荷兰菲仕达在昆山开发区增资3000万美元。", "Organization", "菲仕达"),
    ("全球半导体领域企业埃迪沃斯在青岛高新区落地研发中心。", "Organization", "埃迪沃斯"),
])
def test_name_boundaries(text, cls, name):
    from extract_util import mentions_of

    assert name in mentions_of(text, cls)


@pytest.mark.parametrize("text,cls,absent", [
    ("中国科学院数学与系统科学研究院研究员张某。", "Organization", "科学院数学与系统科学研究院"),  # 中国 stays
    ("扩建工厂是今年的重点。", "Project", "扩建工厂"),        # a verb and a head make no name
    ("今年一季度，园区实现工业总产值210亿元。", "Organization", "今年一季度"),
])
def test_no_false_names(text, cls, absent):
    from extract_util import mentions_of

    assert absent not in mentions_of(text, cls)
