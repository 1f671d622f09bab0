import pytest

from extract_util import facts_of

CASES = [
    ("国家药品监督管理局副局长徐景和在近日国际论坛上表示，产业聚集效应不断凸显。",
     {("holdsRole", "徐景和", "副局长", "国家药品监督管理局", True)}),
    ("“健康生态系统有几个当务之急。”诺华集团(中国)总裁贝德年在此次国际论坛上表示。",
     {("holdsRole", "贝德年", "总裁", "诺华集团(中国)", True)}),
    ("巴基斯坦驻华大使莫因·哈克表示，巴方将全力支持。",
     {("holdsRole", "莫因·哈克", "驻华大使", "巴基斯坦驻华大使馆", True)}),
    ("北京中关村科学城管委会专职副主任何建喜说，将搭建沟通桥梁。",
     {("holdsRole", "何建喜", "专职副主任", "北京中关村科学城管委会", True)}),
    ("德国应用数据孵化器创始人Maren Lesche表示，欧洲的创新与时俱进。",
     {("holdsRole", "Maren Lesche", "创始人", "德国应用数据孵化器", True)}),
    ("原英国科技园区协会主席Patrick Bonntt认为，大公司引领的科技园区发展迅速。",
     {("holdsRole", "Patrick Bonntt", "主席", "英国科技园区协会", False)}),
    ("美国盛景资本首席执行官Erik Lassila提出，风险投资将促使更多企业合作。",
     {("holdsRole", "Erik Lassila", "首席执行官", "美国盛景资本", True)}),
    ("腾讯基金会发起人马化腾共同发起了该奖项。",
     {("holdsRole", "马化腾", "发起人", "腾讯基金会", True)}),
    ("前华为技术有限公司总裁张三表示，市场仍有机会。",
     {("holdsRole", "张三", "总裁", "华为技术有限公司", False)}),
    ("他说，这是一次重要的会议。", set()),
    # 公司 / 集团公司 on their own point back at the company
    ("江南微电子股份有限公司今日上市。公司董事长兼总经理赵一鸣在仪式上致辞。",
     {("holdsRole", "赵一鸣", "董事长", "江南微电子股份有限公司", True),
      ("holdsRole", "赵一鸣", "总经理", "江南微电子股份有限公司", True)}),
    ("华东重工集团有限公司召开大会，宣布任命钱立新为集团公司总经理。",
     {("holdsRole", "钱立新", "总经理", "华东重工集团有限公司", True)}),
    # a short form of a company named in full, right before a title and a name: its opening or its
    # characters in order from the first
    ("北辰星海汽车有限公司召开大会。北辰星海总经理何立群表示，产能将翻番。",
     {("holdsRole", "何立群", "总经理", "北辰星海汽车有限公司", True)}),
    ("由杭州市科技创业投资集团有限公司发起设立的杭科投新材料基金完成募集。杭科投总裁林一帆表示，基金将投早投小。",
     {("holdsRole", "林一帆", "总裁", "杭州市科技创业投资集团有限公司", True)}),
    # jieba split the brand (隆基绿|能, 宁波|均|胜): the registered name is still whole, and the short
    # form before the title grows to what the text repeats of it
    ("隆基绿能科技股份有限公司与某市政府签约。隆基绿能董事长钟宝申出席。",
     {("holdsRole", "钟宝申", "董事长", "隆基绿能科技股份有限公司", True)}),
    ("宁波均胜电子股份有限公司今日上市。均胜电子董事长王剑峰出席上市仪式。",
     {("holdsRole", "王剑峰", "董事长", "宁波均胜电子股份有限公司", True)}),
    # 控股集团股份有限公司: the longest legal suffix goes first, so 云帆控股 is the same company
    ("江西云帆控股集团股份有限公司发布公告。云帆控股董事会秘书韩松出席。",
     {("holdsRole", "韩松", "董事会秘书", "江西云帆控股集团股份有限公司", True)}),
    # 党工委书记、管委会主任X: the second body of the chain shares the park's name
    ("江北高新区党工委书记、管委会主任钱立出席。",
     {("holdsRole", "钱立", "书记", "江北高新区党工委", True), ("holdsRole", "钱立", "主任", "江北高新区管委会", True)}),
    # X辞去TITLE职务: a role held until now, at the organisation acting in the sentence
    ("华东重工集团有限公司发布公告，公司董事会同意孙浩辞去副总经理职务。",
     {("holdsRole", "孙浩", "副总经理", "华东重工集团有限公司", False)}),
    # 调任ORG TITLE: the new role is current
    ("江南银行苏州分行原行长周明已调任江南银行总行零售部总经理。",
     {("holdsRole", "周明", "行长", "江南银行苏州分行", False),
      ("holdsRole", "周明", "总经理", "江南银行总行零售部", True)}),
    # a party committee named by its place: 市委书记; the mayor after it heads the government
    ("苏州市委书记张文华、市长李建平调研了园区。",
     {("holdsRole", "张文华", "书记", "苏州市委", True), ("holdsRole", "李建平", "市长", "苏州市政府", True)}),
    ("吴中区委书记钱伟出席。", {("holdsRole", "钱伟", "书记", "吴中区委", True)}),
    ("苏州市委副书记、市长李建平出席。",
     {("holdsRole", "李建平", "副书记", "苏州市委", True), ("holdsRole", "李建平", "市长", "苏州市政府", True)}),
    # 出任集团总裁: 集团 after the verb is the group named before; a name ends before 汇报
    ("南方电力集团宣布，周立新出任集团总裁，向董事长王建国汇报。",
     {("holdsRole", "周立新", "总裁", "南方电力集团", True)}),
    # jieba glues 部 to 副 (信息化|部副|部长): the ministry still ends at 部
    ("工业和信息化部副部长吴立宏出席会议。", {("holdsRole", "吴立宏", "副部长", "工业和信息化部", True)}),
    # a short biography: the name, then what the person holds now and held before
    ("周海明，现任华东钢铁股份有限公司副总裁，曾任南方电力集团总经理。",
     {("holdsRole", "周海明", "副总裁", "华东钢铁股份有限公司", True)}),
    # 本行 is the bank the sentence began with, whatever its legal suffix
    ("华东农商银行股份有限公司董事会审议通过，聘任吴立宏为本行行长。",
     {("holdsRole", "吴立宏", "行长", "华东农商银行股份有限公司", True)}),
    # a declared short name used later names the same company
    ("江南微电子股份有限公司（以下简称“江微”）今日发布新品。江微副总裁赵一鸣主持发布会。",
     {("holdsRole", "赵一鸣", "副总裁", "江南微电子股份有限公司", True)}),
    # a weekday after a foreign name is no part of it
    ("西岭公司首席执行官约翰·史密斯周三抵达北京。", {("holdsRole", "约翰·史密斯", "首席执行官", "西岭公司", True)}),
    # a short name ending in a line of business, before a title and a name, is a company
    ("云岭汽车董事长李斌表示，公司将加大投入。", {("holdsRole", "李斌", "董事长", "云岭汽车", True)}),
    ("新能源汽车董事长王强说。", set()),
    # the part a party plays at an event is no part of its name
    ("下面请出本次活动的承办方西岭集团董事长王诚。", {("holdsRole", "王诚", "董事长", "西岭集团", True)}),
    # 原 between the company and the title: a former role
    ("据悉，华东农商银行股份有限公司原行长田立新被查。",
     {("holdsRole", "田立新", "行长", "华东农商银行股份有限公司", False)}),
    # a brand in Latin letters before a title and a name is a company
    ("NovaAI首席执行官约翰·史密斯宣布了新模型。", {("holdsRole", "约翰·史密斯", "首席执行官", "NovaAI", True)}),
    ("他说CEO是关键。", set()),
    # a board's chair is the company's
    ("西岭汽车集团董事会主席周明远出席仪式。", {("holdsRole", "周明远", "董事会主席", "西岭汽车集团", True)}),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_holds_role(text, expected):
    assert facts_of(text, "holdsRole") == expected


@pytest.mark.parametrize("byline,expected", [
    ("新华社记者 唐文豪/摄", {("holdsRole", "唐文豪", "记者", "新华社", True)}),
    ("新华社记者 周华 王明/摄", {("holdsRole", "周华", "记者", "新华社", True),
                              ("holdsRole", "王明", "记者", "新华社", True)}),
    ("本报记者 黄金滔", set()),
])
def test_byline_roles(byline, expected):
    assert facts_of("图为施工现场。", "holdsRole", bylines=[byline]) == expected


@pytest.mark.parametrize("text,expected", [
    # a chain of organisation+title segments before one name
    ("会前，中共中央政治局常委、国务院总理温家宝会见了代表。",
     {("holdsRole", "温家宝", "常委", "中共中央政治局", True), ("holdsRole", "温家宝", "总理", "国务院", True)}),
    # reporters named in a dateline belong to the agency that opens it
    ("中新社北京七月十四日电(记者 王海波 张冬冬)大会十四日上午开幕。",
     {("holdsRole", "王海波", "记者", "中新社", True), ("holdsRole", "张冬冬", "记者", "中新社", True)}),
    # a list of ORG TITLE NAME items is not an appositive of the name before it
    ("其他获奖者为：神华集团有限公司总经理张玉卓，广东韶关钢铁集团有限公司主任工程师罗东元。",
     {("holdsRole", "张玉卓", "总经理", "神华集团有限公司", True),
      ("holdsRole", "罗东元", "主任工程师", "广东韶关钢铁集团有限公司", True)}),
    # a line of work before the head belongs to the title
    ("华夏基金固定收益总监杨爱斌表示，这是普遍规律。",
     {("holdsRole", "杨爱斌", "固定收益总监", "华夏基金", True)}),
    # an org suffix inside a title is no organisation end (基金 in 基金分析师)
    ("信达证券基金分析师刘明军指出，市场分化。",
     {("holdsRole", "刘明军", "基金分析师", "信达证券", True)}),
    # a unit of the organisation named before it, written as one name
    ("发改委财政金融司副司长曹文炼在上海表示，政策将出台。",
     {("holdsRole", "曹文炼", "副司长", "发改委财政金融司", True)}),
    # an aside in brackets between organisation and title
    ("亿城集团(企业专区,旗下楼盘)董事长张丽萍认为，民企抗风险能力弱。",
     {("holdsRole", "张丽萍", "董事长", "亿城集团", True)}),
    # media names with a generic or numeral stem; 讯(记者 X) datelines
    ("证券时报记者 张若斌报道。", {("holdsRole", "张若斌", "记者", "证券时报", True)}),
    ("新快报讯(记者 吴谭)近期认购持续回暖。", {("holdsRole", "吴谭", "记者", "新快报", True)}),
    ("据21世纪经济报道记者李明报道。", {("holdsRole", "李明", "记者", "21世纪经济报道", True)}),
    # a 、-chain of ORG TITLE segments leads to the name after it, not to the name before the comma
    ("吉林大学汽车学院教授郭孔辉，国家体育总局体操中心副主任、国家级教练黄玉斌。",
     {("holdsRole", "郭孔辉", "教授", "吉林大学汽车学院", True),
      ("holdsRole", "黄玉斌", "副主任", "国家体育总局体操中心", True),
      ("holdsRole", "黄玉斌", "国家级教练", "国家体育总局体操中心", True)}),
    ("海南省农垦总局副局长、南田农场场长彭隆荣出席。",
     {("holdsRole", "彭隆荣", "副局长", "海南省农垦总局", True), ("holdsRole", "彭隆荣", "场长", "南田农场", True)}),
    # the last title of a chain names no organisation (国家副主席), the earlier ones do
    ("中共中央政治局常委、中央书记处书记、国家副主席习近平会见了代表。",
     {("holdsRole", "习近平", "常委", "中共中央政治局", True), ("holdsRole", "习近平", "书记", "中央书记处", True)}),
    # a rare dictionary word may be a name (回良玉 is in jieba's dictionary as nz)
    ("国务院残疾人工作委员会主任回良玉出席大会。",
     {("holdsRole", "回良玉", "主任", "国务院残疾人工作委员会", True)}),
    # a headline glued to a paper's name: the name starts after the last organisation word
    ("拷问银行系产业基金证券时报记者 张若斌报道。", {("holdsRole", "张若斌", "记者", "证券时报", True)}),
    # 主管X的 between organisation and title
    ("兴业基金管理公司主管市场营销的副总经理杨卫东表示，规模超出预期。",
     {("holdsRole", "杨卫东", "副总经理", "兴业基金管理公司", True)}),
    # a frequent verb after a two-character name is no part of it (苏宁否认)
    ("央行副行长苏宁否认ATM机会流出假钞。", {("holdsRole", "苏宁", "副行长", "央行", True)}),
    # a transliterated name ends before an adverb, a rank or a speech verb
    ("俄国防部新闻司代理司长阿列克谢·库兹涅佐夫上校透露，演习已结束。",
     {("holdsRole", "阿列克谢·库兹涅佐夫", "代理司长", "俄国防部新闻司", True)}),
    # the role in an aside after the name, and after 是/为
    ("张三（华为技术有限公司总裁）表示，市场回暖。", {("holdsRole", "张三", "总裁", "华为技术有限公司", True)}),
    ("李四是腾讯科技有限公司的副总裁。", {("holdsRole", "李四", "副总裁", "腾讯科技有限公司", True)}),
    # a verb jieba reads after a two-character name ends it (张三颁奖)
    ("公司为华为技术有限公司总裁张三颁奖。", {("holdsRole", "张三", "总裁", "华为技术有限公司", True)}),
    # 当选为 with organisations that share a title (A、B理事) and a further segment
    ("2003年，张三当选为上海国际商会、上海世界贸易中心协会理事、中国林产工业协会副理事长。",
     {("holdsRole", "张三", "理事", "上海国际商会", True), ("holdsRole", "张三", "理事", "上海世界贸易中心协会", True),
      ("holdsRole", "张三", "副理事长", "中国林产工业协会", True)}),
    # a profile (`X简介：`): its field rows and its subjectless appointments are the profile person's
    ("钢铁大王王大明简介：王大明，1960年生。公司：华东钢铁有限公司职务：董事长行业：钢铁简历：1994年，创立公司。"
     "2003年，当选为南京国际商会、江苏贸易促进会理事、中国钢铁工业协会副理事长。",
     {("holdsRole", "王大明", "董事长", "华东钢铁有限公司", True), ("holdsRole", "王大明", "理事", "南京国际商会", True),
      ("holdsRole", "王大明", "理事", "江苏贸易促进会", True),
      ("holdsRole", "王大明", "副理事长", "中国钢铁工业协会", True)}),
    # no profile: a subjectless appointment belongs to no one; a named subject keeps its role
    ("2002年，当选为江苏省钢铁协会会长。", set()),
    ("王大明简介：王大明，1960年生。李四当选为江苏省钢铁协会会长。",
     {("holdsRole", "李四", "会长", "江苏省钢铁协会", True)}),
    ("王大明简介：王大明，1960年生。其企业产品远销海外，当选为江苏省钢铁协会会长。", set()),
    # a short biography: the name that opens it is the subject of its appointment
    ("张伟，男，汉族，1965年出生，大学学历，现任华东钢铁有限公司总经理。",
     {("holdsRole", "张伟", "总经理", "华东钢铁有限公司", True)}),
    ("张伟表示，当选为华东钢铁协会会长是一种荣誉。", set()),
    # a title after the names, with no organisation of its own, is held at the same one
    ("华东钢铁有限公司总经理张伟、原副总经理李强和财务总监王刚出席了签约仪式。",
     {("holdsRole", "张伟", "总经理", "华东钢铁有限公司", True), ("holdsRole", "李强", "副总经理", "华东钢铁有限公司", False),
      ("holdsRole", "王刚", "财务总监", "华东钢铁有限公司", True)}),
    ("华东钢铁有限公司总经理张伟、南方银行行长李强出席了签约仪式。",
     {("holdsRole", "张伟", "总经理", "华东钢铁有限公司", True), ("holdsRole", "李强", "行长", "南方银行", True)}),
    # 分别: the n-th person holds the n-th role, and only when the counts agree
    ("张伟、李强分别担任华东钢铁有限公司董事长和总经理。",
     {("holdsRole", "张伟", "董事长", "华东钢铁有限公司", True), ("holdsRole", "李强", "总经理", "华东钢铁有限公司", True)}),
    ("张伟和李强分别担任华东钢铁有限公司和南方电力集团董事长。",
     {("holdsRole", "张伟", "董事长", "华东钢铁有限公司", True), ("holdsRole", "李强", "董事长", "南方电力集团", True)}),
    ("张伟、李强、王刚分别担任华东钢铁有限公司董事长和总经理。", set()),
    # the name after the title, less directly: 由X接任, 为X, 身为/时任…的X
    ("华东钢铁有限公司总经理由王晓东接任。", {("holdsRole", "王晓东", "总经理", "华东钢铁有限公司", True)}),
    ("华东钢铁有限公司总经理为王晓东。", {("holdsRole", "王晓东", "总经理", "华东钢铁有限公司", True)}),
    ("华东钢铁有限公司总经理为公司发展做出贡献。", set()),
    ("时任华东钢铁有限公司董事长的王晓东表示，产量增长。",
     {("holdsRole", "王晓东", "董事长", "华东钢铁有限公司", False)}),
    # dates and adverbs between the name and its appointment verb (此前: a former role)
    ("王晓东此前担任华东钢铁有限公司副总经理。", {("holdsRole", "王晓东", "副总经理", "华东钢铁有限公司", False)}),
    ("王晓东于2005年加入华东钢铁有限公司，任副总经理。",
     {("holdsRole", "王晓东", "副总经理", "华东钢铁有限公司", True)}),
    # appointed by the organisation of the clause (its board stands for it), or by another one
    ("华东钢铁有限公司董事会聘请王晓东为总经理。", {("holdsRole", "王晓东", "总经理", "华东钢铁有限公司", True)}),
    ("南方电力集团任命王晓东为华东钢铁有限公司总经理。",
     {("holdsRole", "王晓东", "总经理", "华东钢铁有限公司", True)}),
    ("华东钢铁有限公司邀请王晓东为总经理们讲课。", set()),
    # the head of a country's or a division's government holds the role at its government
    ("美国总统奥巴马表示，经济复苏。", {("holdsRole", "奥巴马", "总统", "美国政府", True)}),
    ("江苏省副省长王晓东表示，将加大投入。", {("holdsRole", "王晓东", "副省长", "江苏省政府", True)}),
    ("首先有请张家口崇礼县副县长王晓东致辞。", set()),        # 礼县 read inside an unknown name
    ("国务院总理温家宝表示，经济企稳。", {("holdsRole", "温家宝", "总理", "国务院", True)}),
    # 新任/现任 between the organisation and the title; a dictionary word after a name ends it
    ("华东钢铁有限公司新任总经理张伟表示，产量增长。", {("holdsRole", "张伟", "总经理", "华东钢铁有限公司", True)}),
    ("全国人大常委会副委员长张伟主持会议。", {("holdsRole", "张伟", "副委员长", "全国人大常委会", True)}),
    # a body jieba knows by name or abbreviation before a title and a name; its contracted form
    # joins the full name written elsewhere in the article
    ("国家发改委主任张伟表示，投资增长。", {("holdsRole", "张伟", "主任", "国家发改委", True)}),
    ("中国残联主席张伟主持大会。会上，中国残疾人联合会负责人介绍了情况。",
     {("holdsRole", "张伟", "主席", "中国残疾人联合会", True)}),
    # 政协委员, 人大代表 after a place: the body is the place's 政协 / 人大
    ("上海市青浦区政协委员张伟表示，将提交提案。", {("holdsRole", "张伟", "政协委员", "上海市青浦区政协", True)}),
    ("张伟，男，1960年出生，现任南京市人大代表。", {("holdsRole", "张伟", "人大代表", "南京市人大", True)}),
    # 该公司 points back at a company, not at the fund named after it
    ("兴华全球旗下的增长基金募集规模达到19亿元。该公司副总经理杨卫东表示，规模超出预期。",
     {("holdsRole", "杨卫东", "副总经理", "兴华全球", True)}),
    # a chain that leads on to the next name (、国家副主席X) is not the earlier name's
    ("出席的有中共中央政治局常委李长春，中共中央政治局常委、中央书记处书记、国家副主席习近平。",
     {("holdsRole", "李长春", "常委", "中共中央政治局", True), ("holdsRole", "习近平", "常委", "中共中央政治局", True),
      ("holdsRole", "习近平", "书记", "中央书记处", True)}),
])
def test_role_chains_and_datelines(text, expected):
    assert facts_of(text, "holdsRole") == expected
