import pytest

from extract_util import facts_of

CASES = [
    # a counted list before the settle verb; a seat moved (把总部迁至)
    ("华东钢铁有限公司和南方电力集团等20家企业签约入驻苏州工业园区。",
     {("locatedIn", "华东钢铁有限公司", "苏州工业园区"), ("locatedIn", "南方电力集团", "苏州工业园区")}),
    ("华东钢铁有限公司把总部迁至上海。", {("locatedIn", "华东钢铁有限公司", "上海")}),
    ("总投资50亿元的威高国际医疗器械产业园正式落户青岛高新区。",
     {("locatedIn", "威高国际医疗器械产业园", "青岛高新区")}),
    ("位于昌平区未来科学城西区的中关村生命科学园，经过20多年发展。",
     {("locatedIn", "中关村生命科学园", "昌平区"), ("locatedIn", "中关村生命科学园", "未来科学城"),
      ("locatedIn", "未来科学城", "昌平区")}),
    ("11月27日，在安徽合肥中安创客科技园，国际先进技术应用推进中心(合肥)正式挂牌成立。",
     {("locatedIn", "中安创客科技园", "合肥"), ("locatedIn", "国际先进技术应用推进中心(合肥)", "中安创客科技园")}),
    ("近日，位于广西南宁市的中新南宁国际物流园的电商物流园项目进入顶棚施工阶段。",
     {("locatedIn", "中新南宁国际物流园", "广西南宁市"), ("locatedIn", "电商物流园项目", "中新南宁国际物流园")}),
    ("苏州工业园区吸引了博世、西门子、三星等多家世界500强企业进驻。",
     {("locatedIn", "博世", "苏州工业园区"), ("locatedIn", "西门子", "苏州工业园区"),
      ("locatedIn", "三星", "苏州工业园区")}),
    ("从2003年开始在园区逐渐成立了北京生命科学研究所和昌平国家实验室。",
     set()),   # 园区 with no park named before it: nothing to resolve to
    ("杭州海康威视数字技术股份有限公司总部位于杭州高新区。",
     {("locatedIn", "杭州海康威视数字技术股份有限公司", "杭州高新区")}),
    ("成都天府软件园入驻企业腾讯科技有限公司扩大研发团队。",
     {("locatedIn", "腾讯科技有限公司", "成都天府软件园")}),
    # 总部 after a company's name is its seat, not a project
    ("华为技术有限公司总部设在深圳。", {("locatedIn", "华为技术有限公司", "深圳")}),
    # 在X建设Y: what is built there is located there; a park's name starts after the verb
    ("该公司将在合肥建设智能制造产业园，总投资50亿元。", {("locatedIn", "智能制造产业园", "合肥")}),
    ("该集团将在杭州建设新园区。", set()),
    # a centre named only by its line of work is no organisation; the company that sets it up in
    # a place (X在L设立…) is there
    ("中兴通讯股份有限公司在南京设立研发中心。", {("locatedIn", "中兴通讯股份有限公司", "南京")}),
    # a clause that opens with the verb has the sentence's topic for subject
    ("华东钢铁有限公司成立于1998年，总部位于杭州高新区。", {("locatedIn", "华东钢铁有限公司", "杭州高新区")}),
    ("据悉，总部位于杭州高新区。", set()),
    # settled with no place after the verb: in the park the sentence is about
    ("无锡高新区举行签约仪式，华东钢铁有限公司、南方电力集团等8家企业签约入驻。",
     {("locatedIn", "华东钢铁有限公司", "无锡高新区"), ("locatedIn", "南方电力集团", "无锡高新区")}),
    ("华东钢铁股份有限公司于2010年上市，注册地位于宁波市北仑区。",
     {("locatedIn", "华东钢铁股份有限公司", "宁波市北仑区")}),
    # 新公司 is the company just founded, not the sentence's first company
    ("华东钢铁有限公司与南方电力集团合资成立江南新材料有限公司，新公司注册资本5亿元，位于宁波市北仑区。",
     {("locatedIn", "江南新材料有限公司", "宁波市北仑区")}),
    # a chain of place and park after the verb: the most precise one
    ("华东钢铁华南总部项目正式落户杭州余杭区未来科技城。",
     {("locatedIn", "华东钢铁华南总部项目", "未来科技城"), ("locatedIn", "未来科技城", "余杭区")}),
    # 公司总部位于: 公司 glued to 总部 by jieba still points back; 讯 inside a name is no dateline
    ("2025年上半年，江淮讯飞股份有限公司实现营业收入10亿元。公司总部位于杭州高新区。",
     {("locatedIn", "江淮讯飞股份有限公司", "杭州高新区")}),
    # the park that opens the clause brought them in (引进A、B等项目), with no settle verb
    ("无锡高新区今年已引进华东钢铁有限公司、南方电力集团等重点项目25个。",
     {("locatedIn", "华东钢铁有限公司", "无锡高新区"), ("locatedIn", "南方电力集团", "无锡高新区")}),
    ("他说，今年已引进华东钢铁有限公司等企业。", set()),
    # what starts working in a place is there: X已在L量产
    ("江南电子柔性面板生产线项目已在成都高新区量产。", {("locatedIn", "江南电子柔性面板生产线项目", "成都高新区")}),
    # short forms read inside an unknown name (南京|河西|新城) are no more precise place
    ("华东钢铁华南总部项目正式落户南京河西新城。", {("locatedIn", "华东钢铁华南总部项目", "南京")}),
    # 将其…总部迁至L: the company moves its seat there
    ("华东钢铁集团将其华南区域总部迁至广州市天河区。", {("locatedIn", "华东钢铁集团", "广州市天河区")}),
    # 包括A、B在内的一批企业入驻: the list ends before 在内
    ("江北科技城已吸引包括云帆科技、星河智能在内的一批人工智能企业入驻。",
     {("locatedIn", "云帆科技", "江北科技城"), ("locatedIn", "星河智能", "江北科技城")}),
    # A、B等一批重大平台也落户L: what stands between the list and the verb describes it
    ("云帆科技集团、星河实验室等一批重大平台也落户江北科技城。",
     {("locatedIn", "云帆科技集团", "江北科技城"), ("locatedIn", "星河实验室", "江北科技城")}),
    # X拟投资N在L建设Y生产基地: the base is a project in L, and the company that builds it is there too
    # (the park and investment keys read `X与本地企业联合投资N在L建设Y` so)
    ("华东钢铁有限公司拟投资12亿元在无锡市新吴区建设智能家电生产基地。",
     {("locatedIn", "智能家电生产基地", "无锡市新吴区"), ("locatedIn", "华东钢铁有限公司", "无锡市新吴区")}),
    # a park's company: 园区企业X
    ("无锡高新区企业江南微电子股份有限公司完成融资。",
     {("locatedIn", "江南微电子股份有限公司", "无锡高新区")}),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_located_in(text, expected):
    assert facts_of(text, "locatedIn") == expected


@pytest.mark.parametrize("text,expected", [
    ("近日，北京中关村科学城创新发展有限公司主办了研讨会。", {("北京中关村科学城创新发展有限公司", "Organization")}),
    ("市场上的债券基金和指数型基金表现分化。", set()),        # kinds of fund, not names
    ("该基金经理任职以来业绩平平。", set()),                  # 任职 is a word, not a person
])
def test_entities_by_structure(text, expected):
    from extract_util import entities_of
    assert {e for e in entities_of(text) if e[1] in ("Organization", "Person")} == expected


def test_registered_in_a_place():
    # 在L注册成立了X: the company registered there is there
    assert facts_of("2020年，他在苏州注册成立了远图智能科技有限公司。", "locatedIn") == {
        ("locatedIn", "远图智能科技有限公司", "苏州")}


@pytest.mark.parametrize("text,expected", [
    # places listed after 在, county-level cities written short among them
    ("华远精密在义乌、宜兴分别设立工厂。", {("locatedIn", "华远精密", "义乌"), ("locatedIn", "华远精密", "宜兴")}),
    # a list that holds no places is no list of sites
    ("华远精密在研发、生产分别设立部门。", set()),
])
def test_listed_sites(text, expected):
    assert facts_of(text, "locatedIn") == expected
