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
    # X旗下: an owner is an organisation, also without a suffix word; a generic word owns nothing
    ("阿里巴巴旗下的淘宝网发展迅速。", {("阿里巴巴", "Organization"), ("淘宝网", "Organization")}),
    ("不少国企旗下都有多个平台。", set()),
    ("南方电力集团旗下的南电投资和南电咨询业绩亮眼。",
     {("南方电力集团", "Organization"), ("南电投资", "Organization"), ("南电咨询", "Organization")}),
    ("公司旗下的基金规模增长。", set()),
    # 联合 before a unit word names the body; at a clause's start it acts
    ("该项目由南湖联合集团有限公司投资建设。", {("南湖联合集团有限公司", "Organization")}),
    ("该区联合西岭资本等合力打造产业基金。", {("西岭资本", "Organization")}),
    # the verb of an appointment opens no name (曾|任|南方电力集团)
    ("他曾任南方电力集团总经理。", {("南方电力集团", "Organization")}),
    # 作 before a report is the verb, not the end of a name
    ("中国工程院院士李国明作主旨报告。", {("中国工程院", "Organization"), ("李国明", "Person")}),
    # a newspaper jieba reads as one word (证券报) is still named whole
    ("据中国证券报报道，市场回暖。", {("中国证券报", "Organization")}),
    # a title that describes (某导演的老公) makes no company of the name before it
    ("幕后英雄并非詹金斯导演的老公。", {("詹金斯", "Person")}),
    # 高管 is a role, not a name before 表示
    ("一位公司高管表示，市场压力很大。", set()),
    # what a person does at a meeting ends the name (陈某|座谈)
    ("他与青海省委书记陈刚座谈。", {("青海省委", "Organization"), ("陈刚", "Person")}),
    # a bracketed place or 集团 inside a registered name
    ("信达生物制药（苏州）有限公司在园区设立研发中心。", {("信达生物制药（苏州）有限公司", "Organization")}),
    ("由合肥市建设投资控股（集团）有限公司发起。", {("合肥市建设投资控股（集团）有限公司", "Organization")}),
    # 某/各 after a place open no brand: 深圳市某公司 is nobody's name
    ("深圳市某公司负责人表示反对。", set()),
    # who leads or joins a round is an investor; 老股东 and 继续 are no part of the name
    ("本轮融资由红杉中国领投，老股东IDG资本继续参投。", {("红杉中国", "Organization"), ("IDG资本", "Organization")}),
    ("本轮融资由多家机构共同领投。", set()),
    # a committee written after a city's full name: 巢湖市|市委书记 -> 巢湖市委
    ("镇江市市委书记吴强讲话。", {("镇江市委", "Organization"), ("吴强", "Person")}),
])
def test_organisation_boundaries(text, expected):
    assert _named(text) == expected


def _people(text):
    return {e[0] for e in entities_of(text) if e[1] == "Person"}


@pytest.mark.parametrize("text,expected", [
    # the words of a book or report title name no one
    ("城市银行发布的《地产金融蓝皮书》认为房价将企稳。", set()),
    ("新片《哈里·伯特与魔法石》下月上映。", set()),
    # a conjunction jieba glued to a name is no part of it (和方德|进 -> 方德进)
    ("王建国终于和方德进“摊牌”了。", {"王建国", "方德进"}),
    # a name before a preposition, a time word or an appointment verb (张伟于…, 张伟此前…, 张伟现任…)
    ("张伟于2005年加入华东钢铁有限公司。", {"张伟"}),
    ("张伟此前在南方工作。", {"张伟"}),
    ("张伟现任华东钢铁有限公司总经理。", {"张伟"}),
    # a fixed expression after a name opens a word of its own (张伟|出席会议)
    ("南京市副市长张伟出席会议。", {"张伟"}),
    # foreign names: transliteration characters such as 夫 (梅德韦杰夫), and a name jieba knows whole
    # after a title (鸠山由纪夫), but not a common word there (客服小姐)
    ("俄罗斯总统梅德韦杰夫表示，将访华。", {"梅德韦杰夫"}),
    ("日本首相鸠山由纪夫表示，将访华。", {"鸠山由纪夫"}),
    ("客服小姐明确地告知，业务已经停办。", set()),
    # a common word jieba also tags as a name (牛仔) needs more than jieba's tag
    ("也许更多人喜欢扮演牛仔，但如果全是牛仔，你还会看吗？", set()),
    # a surname jieba tagged on its own, with the given name it split off, where names stand
    ("身在小城的龚强华开始跑到省城去买邮票。", {"龚强华"}),
    # a three-character name whose last character is also a surname, before a form of address
    ("研究所所长秦尊文博士出席了会议。", {"秦尊文"}),
    # a two-character name jieba tagged, before a word of its own (何勇|赴港)
    ("3月7日，何勇赴香港出席论坛。", {"何勇"}),
    # a title right after a name is no part of it (张伟|实习生), nor is a function word (王洱|以)
    ("本报记者张伟实习生刘婷报道。", {"张伟", "刘婷"}),
    ("作家王洱以长篇小说获奖。", {"王洱"}),
    # 说 inside a word (小说) is no speech verb, and a title before a speech verb is no name
    ("这部武侠小说深受欢迎。", set()),
    ("不愿透露姓名的建委官员表示，质量没有问题。", set()),
    # a word ending in a place or role word (城, 宫, 人…) is no three-character name
    ("周末我们去古玩城逛了逛。", set()),
    ("推荐人须熟悉申请人的能力与专长。", set()),
    ("游客都会去参观卢浮宫。", set()),
    # a jieba 'name' that is part of something larger: a place before its suffix, a measure word
    # after a determiner, a district
    ("卡卡镇上的建筑大都维持百年前的模样。", set()),
    ("这位彩民应该是个喜欢博冷的人。", set()),
    ("最终宣武区住保部门将该户作为特殊情况处理。", set()),
    # a two-character name jieba tagged, before a title (某某老师, 某某书记)
    ("请陈熙主编宣布获奖名单。", {"陈熙"}),
    # a two-character name jieba tagged, after an occupation noun (硕士生)
    ("该校的硕士生王欢（化名）说起这件事。", {"王欢"}),
    # a surname with 姓/妻/氏, a native place (…籍), a quality (…性) are no names
    ("一位尹姓经理表示，业务一切正常。", set()),
    ("一名在晋江打工的江西籍受害人向警方报案。", set()),
    # names joined by & are brands
    ("方太&米博鼎级旗舰店入驻商场。", set()),
    # the leaders of bodies listed before 等领导 are no people named (文明办)
    ("世博局、团市委、文明办等领导出席了仪式。", set()),
])
def test_people_by_structure(text, expected):
    assert _people(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a name that only jieba read as a person and that opens a company's name is its brand
    ("柯美家具集团成立于1987年。此外，柯美通过建立企业文化凝聚团队力量。",
     {("柯美家具集团", "Organization"), ("柯美", "Organization")}),
    # `A、B和C等`: the last item splits where its left part is a body of its own
    ("活动受到了世博局、市文明办和团市委等政府机构的重视。",
     {("世博局", "Organization"), ("市文明办", "Organization"), ("团市委", "Organization")}),
])
def test_names_across_the_article(text, expected):
    assert _named(text) == expected


@pytest.mark.parametrize("text,expected", [
    # in an enumeration of people, the other name-shaped items are people too (a rare surname, a
    # given name that is also a word)
    ("出席会议的还有：王建平、李国华、令计成、张晓明。", {"王建平", "李国华", "令计成", "张晓明"}),
    # NAME等150名… / NAME等5位…: a count of people after the name
    ("大会授予郑自学等150名职工“劳动模范”称号。", {"郑自学"}),
    ("表彰了陈国先等50位先进工作者。", {"陈国先"}),
    ("当晚，同行的孙立群等4人回到了县城。", {"孙立群"}),
    # an occupation noun before the name, 作了发言 after it
    ("会上，基层干部吴自学分别作了发言。", {"吴自学"}),
])
def test_people_in_lists_and_speech(text, expected):
    assert _people(text) == expected


@pytest.mark.parametrize("text,expected", [
    # X报讯 / X网讯 opening a story: the paper or site that files it (not 本报讯, nor a bare 晨报讯)
    ("停开账户江城报讯 继去年浮亏后，社保资金今年继续减仓。", {("江城报", "Organization")}),
    ("东方早报讯 昨日股市大涨。", {("东方早报", "Organization")}),
    ("本报讯 昨日股市大涨。", set()),
    # a branch named by its place after the organisation
    ("记者走访了华信银行江苏南京分行。", {("华信银行江苏南京分行", "Organization")}),
    # a ministry named by two fields joined with 和
    ("工业和信息化部发布了通知。", {("工业和信息化部", "Organization")}),
    # a numbered team of the organisation named right before it
    ("大会表彰了海军航空学院三队等先进集体。", {("海军航空学院三队", "Organization")}),
    ("晨报讯 昨日股市大涨。", set()),
])
def test_datelines(text, expected):
    assert _named(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the two sides of a fixture are teams, whatever jieba tags them
    ("周末焦点：青山城vs白水河，主场作战的青山城更被看好。", {("青山城", "Organization"), ("白水河", "Organization")}),
    ("红星队对阵蓝鸟队，两队上赛季各胜一场。", {("红星队", "Organization"), ("蓝鸟队", "Organization")}),
])
def test_fixtures(text, expected):
    assert _named(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a title inside a longer word is none: 司令部, 大使馆, 中场休息
    ("东方司令部将设在城中。", set()),
    ("示威者拆除了大使馆外的隔离墩。", set()),
    ("职业经理人的薪酬普遍上涨。", set()),
    ("公司副总经理王明出席。", {"副总经理"}),
])
def test_titles_inside_words(text, expected):
    from extract_util import mentions_of
    assert mentions_of(text, "RoleTitle") == expected


def test_a_name_seen_with_evidence_is_a_person_wherever_it_stands_again():
    # after a title here, split by jieba before a verb there (方国|进一直): both are the person
    from kg.model import Article
    from kg.pipeline import extract_article
    ex = extract_article(Article("t", "原主持人方国进因涉嫌诈骗被拘。此后方国进一直没有还款。", "test.txt", 1))
    assert sorted(m.start for m in ex.mentions if m.cls == "Person" and m.text == "方国进") == [4, 17]


def test_a_cut_form_yields_to_the_full_name_in_the_article():
    # jieba glued a particle to the first character (了甲|乙家具集团): the full name seen twice wins
    from kg.extract.entities import _complete_truncated
    from kg.model import Mention
    text = "甲乙家具集团成立。甲乙家具集团扩张。打造了甲乙家具集团管理优势。"
    cut = text.index("乙家具集团", 20)
    mentions = [Mention("甲乙家具集团", "Organization", 0, 6, "Company", "suffix:集团"),
                Mention("甲乙家具集团", "Organization", 9, 15, "Company", "suffix:集团"),
                Mention("乙家具集团", "Organization", cut, cut + 5, "Company", "suffix:集团")]
    out = _complete_truncated(mentions, text)
    assert any(m.text == "甲乙家具集团" and m.start == cut - 1 for m in out)


@pytest.mark.parametrize("text,expected", [
    # a time is no park's name: 前三季度|园区
    ("今年前三季度园区实现地区生产总值2800亿元。", set()),
    ("今年前三季度无锡高新区实现地区生产总值2800亿元。", {("无锡高新区", "Park")}),
    # a bare park word after places keeps the last place (广东湛江|经济技术开发区 is not 经济技术开发区)
    ("该基地位于广东湛江经济技术开发区。", {("广东湛江经济技术开发区", "Park")}),
    # -生物城, -小镇 end park names too
    ("西岭制药将在成都天府国际生物城设立西南区域总部。", {("成都天府国际生物城", "Park")}),
    ("位于杭州未来科技城的梦想小镇已引进项目2800余个。", {("杭州未来科技城", "Park"), ("梦想小镇", "Park")}),
])
def test_parks_are_named_not_dated(text, expected):
    assert {e for e in entities_of(text) if e[1] == "Park"} == expected


@pytest.mark.parametrize("text", ["公司拥有4个家具生产基地。", "北京有11家全国性银行总部。"])
def test_counted_things_are_not_named(text):
    # a measure word after a number opens no name
    assert {e for e in entities_of(text) if e[1] in ("Organization", "Project", "Park")} == set()


def _unused(text, expected):
    assert {e for e in entities_of(text) if e[1] == "Park"} == expected
