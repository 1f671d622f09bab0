"""A held-out set of park and investment news, written (names invented) before the settle-verb
patterns: who settles where (locatedIn) and how much is put in (investment).

Each case lists the core facts a careful reader takes from it and the optional ones (defensible,
neither rewarded nor punished). A subject or place written `A|B` accepts either form, as the gold
keys do (a company and its named project). `python tests/test_extract_settle_heldout.py` prints
precision and recall over the whole set.
"""
import sys

import pytest


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
    # --- second batch, written before the patterns for their shapes
    # 32 a district written short after its city: the district is where
    ("瑞士贝格曼在苏州吴江投资约6000万美元建设精密轴承工厂。",
     {loc("贝格曼", "吴江|苏州吴江"), inv("贝格曼|精密轴承工厂", 60000000, "USD")},
     {loc("贝格曼", "苏州"), loc("吴江", "苏州"), loc("精密轴承工厂", "吴江|苏州吴江")}),
    # 33 落地 city + district short form
    ("德国海林格智能装备华东总部落地杭州余杭。",
     {loc("海林格|海林格智能装备华东总部", "余杭|杭州余杭")},
     {loc("海林格|海林格智能装备华东总部", "杭州"), loc("余杭", "杭州")}),
    # 34 a descriptive phrase glued before the company
    ("全球工业阀门巨头奥维斯集团在宁波北仑投资1.5亿美元建设亚太生产基地。",
     {loc("奥维斯集团", "北仑|宁波北仑"), inv("奥维斯集团|亚太生产基地", 150000000, "USD")},
     {loc("奥维斯集团", "宁波"), loc("北仑", "宁波"), loc("亚太生产基地", "北仑|宁波北仑")}),
    # 35 X将Y落户L: the company that brings its centre settles there
    ("荷兰维特森集团将其全球第二大研发中心落户成都高新区。",
     {loc("维特森集团", "成都高新区")}, {loc("成都高新区", "成都"), loc("全球第二大研发中心", "成都高新区")}),
    # 36 a parent and its subsidiary glued: the subsidiary signs and invests
    ("远辰控股全资子公司远辰新材料（南通）有限公司与南通经济技术开发区签署协议，投资30亿元建设高性能膜材料项目。",
     {loc("远辰新材料（南通）有限公司|高性能膜材料项目", "南通经济技术开发区"),
      inv("远辰新材料（南通）有限公司|高性能膜材料项目", 3000000000)},
     {loc("南通经济技术开发区", "南通"), inv("远辰控股", 3000000000), loc("远辰控股", "南通经济技术开发区")}),
    # 37 the amount of a later clause is put in by the company the sentence opens with
    ("意大利科莫斯集团在合肥高新区落地中国创新中心，未来五年投入约1.2亿元用于新品研发。",
     {loc("科莫斯集团", "合肥高新区"), inv("科莫斯集团", 120000000)},
     {loc("合肥高新区", "合肥"), loc("中国创新中心", "合肥高新区")}),
    # 38 X与本地企业联合投资N在L建设Y
    ("丹麦诺德包装集团与本地企业联合投资约3亿元在佛山顺德建设环保包装生产基地。",
     {loc("诺德包装集团|丹麦诺德包装集团", "顺德|佛山顺德"),
      inv("诺德包装集团|丹麦诺德包装集团|环保包装生产基地", 300000000)},
     {loc("诺德包装集团", "佛山"), loc("顺德", "佛山"), loc("环保包装生产基地", "顺德|佛山顺德")}),
    # 39 落户L N年的X: the company settled there, and it invests again
    ("落户苏州工业园区15年的德国海姆斯精密计划追加投资5000万元扩建产线。",
     {loc("海姆斯精密", "苏州工业园区"), inv("海姆斯精密", 50000000)}, {loc("苏州工业园区", "苏州")}),
    # 40 a group's subsidiary moves its plants to a zone
    ("连接器制造商泰隆集团旗下泰隆电子将位于华南的两家工厂整体迁至赣州经开区。",
     {loc("泰隆电子", "赣州经开区")}, {loc("泰隆电子", "华南"), loc("赣州经开区", "赣州"),
                                  loc("泰隆集团", "赣州经开区")}),
    # 41 在L注册成立 with a kind of company before the name
    ("外商独资企业苏州安德森精工有限公司在常熟高新区注册成立，注册资本500万美元。",
     {loc("苏州安德森精工有限公司", "常熟高新区")},
     {inv("苏州安德森精工有限公司", 5000000, "USD"), loc("常熟高新区", "常熟")}),
    # 42 X在L成立独资企业
    ("英国卡尔森仪器集团在上海闵行成立独资企业，专注高端传感器研发。",
     {loc("卡尔森仪器集团", "闵行|上海闵行")}, {loc("卡尔森仪器集团", "上海"), loc("闵行", "上海")}),
    # 43 several investors of one base: the base and its total
    ("由德国克劳斯集团、法国维森集团联合投资的克维新材料华东基地在嘉兴秀洲开工，总投资约8亿元。",
     {loc("克维新材料华东基地", "秀洲|嘉兴秀洲"), inv("克维新材料华东基地", 800000000)},
     {loc("克维新材料华东基地", "嘉兴"), loc("秀洲", "嘉兴"), inv("克劳斯集团", 800000000),
      inv("维森集团", 800000000), loc("克劳斯集团", "秀洲|嘉兴秀洲"), loc("维森集团", "秀洲|嘉兴秀洲")}),
    # 44 sales and capacity beside an investment: only the investment
    ("澳大利亚西蒙斯食品在漳州投资2亿元新建果汁工厂，达产后年销售额可达5亿元，年产能10万吨。",
     {loc("西蒙斯食品|果汁工厂", "漳州"), inv("西蒙斯食品|果汁工厂", 200000000)}, set()),
    # 45 a zone named with a park word of its own (工业区)
    ("德国瓦尔特精工在连云港徐圩工业区开工建设特种钢材项目。",
     {loc("瓦尔特精工|特种钢材项目", "连云港徐圩工业区|徐圩工业区")},
     {loc("徐圩工业区", "连云港"), loc("特种钢材项目", "连云港徐圩工业区|徐圩工业区")}),
    # 46 a cooperation zone (合作区)
    ("新加坡嘉弘物流在广州南沙粤港深度合作区设立华南枢纽。",
     {loc("嘉弘物流", "南沙粤港深度合作区|广州南沙粤港深度合作区")},
     {loc("嘉弘物流", "南沙|广州"), loc("南沙粤港深度合作区", "南沙|广州")}),
    # 47 a pilot zone (先行区)
    ("美国卡勒医疗在海南博鳌乐城国际医疗旅游先行区设立康复医院。",
     {loc("卡勒医疗", "海南博鳌乐城国际医疗旅游先行区|博鳌乐城国际医疗旅游先行区")},
     {loc("卡勒医疗", "海南"), loc("康复医院", "海南博鳌乐城国际医疗旅游先行区|博鳌乐城国际医疗旅游先行区"),
      loc("海南博鳌乐城国际医疗旅游先行区|博鳌乐城国际医疗旅游先行区", "海南")}),
    # 48 a project signed in a district written after its city, its total
    ("瑞典诺瓦克斯电池回收项目在宁德蕉城签约，总投资12亿元。",
     {loc("诺瓦克斯|诺瓦克斯电池回收项目|瑞典诺瓦克斯电池回收项目", "蕉城|宁德蕉城"),
      inv("诺瓦克斯|诺瓦克斯电池回收项目|瑞典诺瓦克斯电池回收项目", 1200000000)},
     {loc("诺瓦克斯|诺瓦克斯电池回收项目|瑞典诺瓦克斯电池回收项目", "宁德"), loc("蕉城", "宁德")}),
    # 49 the first of a list of projects (A等一批项目在L开工)
    ("意大利卡萨诺阀门工厂等一批外资项目在嘉兴陆续开工。",
     {loc("卡萨诺阀门工厂", "嘉兴")}, set()),
    # 50 a company described by its line of work before its name
    ("瑞士精密仪器公司霍斯特在苏州相城成立独资企业。",
     {loc("霍斯特", "相城|苏州相城")}, {loc("霍斯特", "苏州"), loc("相城", "苏州"),
                                  loc("瑞士精密仪器公司", "相城|苏州相城|苏州")}),
    # 51 an agreement signed with a zone, then the projects settle (双双落子)
    ("荷兰安博格集团与盐城高新区签下三份协议，智能仓储中心与冷链物流基地双双落子。",
     {loc("安博格集团", "盐城高新区")},
     {loc("盐城高新区", "盐城"), loc("智能仓储中心", "盐城高新区"), loc("冷链物流基地", "盐城高新区")}),
    # 52 an agreement (签署协议) that is no framework of cooperation: no place for either party
    ("华屹科技与临港新片区管委会签署战略合作框架协议，双方将在人才培养方面开展合作。", set(),
     {loc("华屹科技", "临港新片区")}),
    # 53 X将L作为…基地: the company makes the place its base
    ("全球工程机械巨头卡特森将长沙作为其亚太区制造基地，计划扩建两条产线。",
     {loc("卡特森", "长沙")}, set()),
    # 54 a company named with its place in brackets and its line of work after them
    ("首家智利独资企业安第斯(江西)矿业有限公司在南昌开业。",
     {loc("安第斯(江西)矿业有限公司", "南昌")}, {loc("安第斯(江西)矿业有限公司", "江西"), loc("南昌", "江西")}),
    # 55 在L，总投资N的X正加紧建设: the project opened by 在L after the amount that describes it
    ("在成都天府国际生物城，总投资20亿元的康诺医药研发基地正加紧建设。",
     {loc("康诺医药研发基地", "成都天府国际生物城|天府国际生物城"), inv("康诺医药研发基地", 2000000000)},
     {loc("成都天府国际生物城|天府国际生物城", "成都")}),
    # 56 X将L打造为… is no statement of where X is when L is a market, not a site
    ("多家外资企业表示将继续看好中国市场。", set(), set()),
    # 57 the zone signs the project: the project is in the zone
    ("日前，常州经开区签约瑞士罗森伯格精密传动项目，总投资6亿元。",
     {loc("罗森伯格精密传动项目|罗森伯格", "常州经开区"), inv("罗森伯格精密传动项目|罗森伯格", 600000000)},
     {loc("常州经开区", "常州")}),
    # 58 a zone brings in several projects at once
    ("南昌高新区引进了德国克莱默传感器项目、日本松原精机项目等一批外资项目。",
     {loc("克莱默传感器项目|克莱默|德国克莱默传感器项目", "南昌高新区"),
      loc("松原精机项目|松原精机|日本松原精机项目", "南昌高新区")},
     {loc("南昌高新区", "南昌")}),
    # 59 a company described by where its seat is (总部位于L的X) settles elsewhere
    ("总部位于杭州的思创医疗在成都高新区设立西南研发中心。",
     {loc("思创医疗", "成都高新区")}, {loc("思创医疗", "杭州"), loc("成都高新区", "成都"),
                                   loc("西南研发中心", "成都高新区")}),
    # 60 an airport economic zone (航空港区)
    ("美国威尔斯物流在郑州航空港区新建亚太分拨中心。",
     {loc("威尔斯物流", "郑州航空港区|航空港区")}, {loc("航空港区", "郑州"), loc("亚太分拨中心", "郑州航空港区|航空港区")}),
    # 61 a time span between the company and 在L, the money put in again
    ("荷兰阿斯莫宣布未来三年在无锡追加投资1.5亿美元。",
     {loc("阿斯莫", "无锡"), inv("阿斯莫", 150000000, "USD")}, set()),
    # 62 X向其子公司增资: the parent pays
    ("德国福斯曼向其常州子公司增资3000万欧元。",
     {inv("福斯曼|德国福斯曼", 30000000, "EUR")}, {loc("福斯曼|德国福斯曼", "常州"), loc("常州子公司", "常州")}),
    # 63 宣布投资N在L新建Y, with a forecast output value beside it
    ("瑞典斯坦达集团宣布投资8亿元在合肥新建智能配电工厂，预计年产值达30亿元。",
     {loc("斯坦达集团|瑞典斯坦达集团|智能配电工厂", "合肥"), inv("斯坦达集团|瑞典斯坦达集团", 800000000)},
     {inv("智能配电工厂", 800000000)}),
    # 64 再投资: the company invests again where it is
    ("丹麦维嘉生物在烟台开发区再投资3亿元建设新工厂。",
     {loc("维嘉生物|丹麦维嘉生物", "烟台开发区"), inv("维嘉生物|丹麦维嘉生物", 300000000)},
     {loc("烟台开发区", "烟台"), inv("新工厂", 300000000)}),
    # 65 a zone's statistics of investment are no one's investment
    ("今年前三季度，宁波高新区累计完成固定资产投资86亿元，实际使用外资2.3亿美元。", set(),
     {loc("宁波高新区", "宁波")}),
    # 66 several county-level cities written short after 在, one company
    ("日本丸山精工在昆山、江阴各建一座工厂。",
     {loc("丸山精工|日本丸山精工", "昆山"), loc("丸山精工|日本丸山精工", "江阴")}, set()),
]


def _alts(s):
    return set(s.split("|"))


def _forms(x):
    return x if isinstance(x, frozenset) else frozenset((x,))


def _matches(pred, fact):
    """As the gold scorer: an entity matches through its label or any of its other surface forms."""
    if pred[0] != fact[0] or not _forms(pred[1]) & _alts(fact[1]):
        return False
    if fact[0] == L:
        return bool(_forms(pred[2]) & _alts(fact[2]))
    return pred[2:] == fact[2:]


def facts_with_forms(text):
    """(relation, subject forms, object forms | value, currency) of the locatedIn and investment facts."""
    from kg.model import Article, Money
    from kg.pipeline import extract_article

    ex = extract_article(Article("t", text, "test.txt", 1))
    forms = {e.id: frozenset((e.label,) + tuple(e.alt_labels)) for e in ex.entities}
    out = set()
    for f in ex.facts:
        if f.relation == L:
            out.add((L, forms.get(f.subject, f.subject), forms.get(f.object, f.object)))
        elif f.relation == I and isinstance(f.object, Money):
            out.add((I, forms.get(f.subject, f.subject), f.object.value, f.object.currency))
    return out


def _show(p):
    return tuple(sorted(x) if isinstance(x, frozenset) else x for x in p)


def score_case(text, core, optional):
    """(true positives, false positives, misses) of the extraction of one case."""
    pred = facts_with_forms(text)
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
    16: "a centre named by its line of work (亚太研发中心) is read as an organisation",
    31: "a province abroad (北宁省) is no place",
    43: "a base named by a short name no recogniser reads (克维新材料华东基地) is no project yet",
    48: "the country glued to a brand cuts the project's name (瑞典诺瓦克斯|电池回收项目)",
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
            print(n, text, "\n   FP", sorted(str(_show(x)) for x in f), "\n   MISS", sorted(map(str, m)))
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
