"""A held-out set of role sentences, written for this purpose (own composition, names invented or
generic), with the holdsRole facts a reader expects. It was written before the role patterns of
the tagger merge were tuned and is scored as a whole (``score``), so a change that helps one
shape and hurts another shows. Shapes: a title glued to its organisation, heads of state after a
country's short form, ``ORG任命TITLE PERSON``, ``由ORG TITLE PERSON接任``, careers in apposition,
short names before a title, foreign brands before 首席执行官, 出版社社长, lists of deputies,
chains of government titles, and sentences with no role at all.

Facts are (person, title, organisation label, current).
"""
from __future__ import annotations

ROWS: list[tuple[str, str, set]] = [
    # a title glued to its organisation
    ("glued-finance", "日本财政部长田中健一周二表示，将维持现行政策。",
     {("田中健一", "部长", "日本财政部", True)}),
    ("glued-education", "杭州市教育局长王立明在会上通报了招生计划。",
     {("王立明", "局长", "杭州市教育局", True)}),
    ("glued-defence", "美国国防部长奥斯汀访问了日本。",
     {("奥斯汀", "部长", "美国国防部", True)}),
    ("glued-commerce", "商务部长何建国在发布会上说，外贸形势总体稳定。",
     {("何建国", "部长", "商务部", True)}),
    ("glued-health", "海淀区卫生局长孙丽华介绍了防控情况。",
     {("孙丽华", "局长", "海淀区卫生局", True)}),
    # heads of state and government after a country's short form
    ("short-country-president", "俄总统普京当天抵达北京。",
     {("普京", "总统", "俄罗斯政府", True)}),
    ("short-country-pair", "美总统拜登与日首相岸田文雄通话。",
     {("拜登", "总统", "美国政府", True), ("岸田文雄", "首相", "日本政府", True)}),
    ("short-country-premier", "德总理朔尔茨表示，欧洲需要团结。",
     {("朔尔茨", "总理", "德国政府", True)}),
    ("head-of-state", "越南国家主席阮文强会见了代表团。",
     {("阮文强", "国家主席", "越南政府", True)}),
    # ORG任命TITLE PERSON
    ("appoint-title-person", "星辰电子有限公司昨日任命新任总经理赵晓峰。",
     {("赵晓峰", "总经理", "星辰电子有限公司", True)}),
    ("appoint-group", "明辉集团日前任命首席运营官许静怡，她此前在外资企业任职。",
     {("许静怡", "首席运营官", "明辉集团", True)}),
    ("appoint-as", "蓝海生物科技有限公司宣布任命王思雨为首席执行官。",
     {("王思雨", "首席执行官", "蓝海生物科技有限公司", True)}),
    # 由ORG TITLE PERSON接任
    ("succeed-group", "原董事长退休后，由青山集团副总裁孙明达接任。",
     {("孙明达", "副总裁", "青山集团", True)}),
    ("succeed-bank", "该行行长一职将由北方银行副行长宋志远接任。",
     {("宋志远", "副行长", "北方银行", True)}),
    # careers in apposition
    ("career-cto", "李文博，2015年加入远景能源，任首席技术官。",
     {("李文博", "首席技术官", "远景能源", True)}),
    ("career-svp", "孙悦，2018年加入小米集团，任高级副总裁。",
     {("孙悦", "高级副总裁", "小米集团", True)}),
    # a short name with no legal suffix before a title and a name
    ("short-securities", "东吴证券总经理范文涛表示，市场将保持稳定。",
     {("范文涛", "总经理", "东吴证券", True)}),
    ("short-securities-chair", "国元证券董事长沈和平出席了签约仪式。",
     {("沈和平", "董事长", "国元证券", True)}),
    # a foreign brand before 首席执行官 and a transliterated name
    ("brand-apple", "苹果首席执行官蒂姆·库克周三发布了新品。",
     {("蒂姆·库克", "首席执行官", "苹果", True)}),
    ("brand-tesla", "特斯拉首席执行官马斯克表示，工厂将扩产。",
     {("马斯克", "首席执行官", "特斯拉", True)}),
    ("brand-microsoft", "微软首席执行官萨提亚·纳德拉表示，人工智能将改变办公。",
     {("萨提亚·纳德拉", "首席执行官", "微软", True)}),
    # 出版社社长
    ("press-people", "人民文学出版社社长周立言介绍了新书。",
     {("周立言", "社长", "人民文学出版社", True)}),
    ("press-province", "浙江教育出版社社长王志华出席。",
     {("王志华", "社长", "浙江教育出版社", True)}),
    # a list of deputies after one organisation
    ("deputies-company", "远航物流总经理张伟、副总经理李娜、王强出席了发布会。",
     {("张伟", "总经理", "远航物流", True), ("李娜", "副总经理", "远航物流", True),
      ("王强", "副总经理", "远航物流", True)}),
    ("deputies-branch", "中信银行杭州分行行长刘波、副行长陈红、赵亮参加了座谈。",
     {("刘波", "行长", "中信银行杭州分行", True), ("陈红", "副行长", "中信银行杭州分行", True),
      ("赵亮", "副行长", "中信银行杭州分行", True)}),
    # a chain of government titles before a name
    ("chain-province", "浙江省委常委、常务副省长刘国强主持会议。",
     {("刘国强", "常委", "浙江省委", True), ("刘国强", "常务副省长", "浙江省政府", True)}),
    ("chain-city", "宁波市委常委、副市长林小川出席了开幕式。",
     {("林小川", "常委", "宁波市委", True), ("林小川", "副市长", "宁波市政府", True)}),
    # --- second batch, written before the patterns for their shapes
    ("glued-police", "南京市公安局长陈永刚通报了案件进展。",
     {("陈永刚", "局长", "南京市公安局", True)}),
    ("glued-transport", "湖南省交通厅长刘建平出席了通车仪式。",
     {("刘建平", "厅长", "湖南省交通厅", True)}),
    ("glued-foreign", "法国外交部长韦德里纳表示，将继续斡旋。",
     {("韦德里纳", "部长", "法国外交部", True)}),
    ("head-of-state-laos", "老挝国家主席通伦会见了中国客人。",
     {("通伦", "国家主席", "老挝政府", True)}),
    ("appoint-recent", "华远物流集团近日任命副总裁陈晓东。",
     {("陈晓东", "副总裁", "华远物流集团", True)}),
    ("career-cfo", "周海涛，2012年加入蓝鲸科技，任首席财务官。",
     {("周海涛", "首席财务官", "蓝鲸科技", True)}),
    ("short-country-fm", "俄外长拉夫罗夫表示，俄方愿意对话。",
     {("拉夫罗夫", "外长", "俄罗斯外交部", True)}),
    ("secretary-of-state", "美国务卿布林肯抵达北京。",
     {("布林肯", "国务卿", "美国国务院", True)}),
    ("country-fm", "法国外长巴罗当天访问了北京。",
     {("巴罗", "外长", "法国外交部", True)}),
    ("country-finance", "德国财长林德纳出席了会议。",
     {("林德纳", "财长", "德国财政部", True)}),
    ("brand-luxury", "路易威登董事长阿尔诺出席了开幕式。",
     {("阿尔诺", "董事长", "路易威登", True)}),
    ("brand-founder", "亚马逊创始人贝索斯宣布了新计划。",
     {("贝索斯", "创始人", "亚马逊", True)}),
    ("neg-two-people", "张伟、李明出席了会议。", set()),
    ("neg-club", "俱乐部长期以来坚持培养青年球员。", set()),
    ("neg-join", "他加入公司后，任劳任怨。", set()),
    # no role at all
    ("neg-ministry", "财政部发布了新的减税措施，市场反应积极。", set()),
    ("neg-office", "总经理办公室将于下周搬迁至新大楼。", set()),
    ("neg-wish", "他希望将来能当上总统。", set()),
    ("neg-no-name", "苹果今年的销量超过预期，首席执行官没有发表评论。", set()),
    ("neg-vacancy", "张先生说，出版社的社长人选尚未确定。", set()),
]


def role_facts(text: str) -> set:
    from extract_util import facts_of

    return {f[1:] for f in facts_of(text, "holdsRole")}


def score(rows=ROWS) -> tuple[int, int, int, dict]:
    """(true positives, false positives, misses, {row id: (found, expected)} of the wrong rows)."""
    tp = fp = fn = 0
    wrong = {}
    for rid, text, expected in rows:
        found = role_facts(text)
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
        if found != expected:
            wrong[rid] = (found, expected)
    return tp, fp, fn, wrong


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    tp, fp, fn, wrong = score()
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"held-out roles: {len(ROWS)} rows, tp {tp} fp {fp} fn {fn}  P {p:.3f} R {r:.3f}"
          f"  F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}  rows right {len(ROWS) - len(wrong)}/{len(ROWS)}")
    for rid, (found, expected) in wrong.items():
        print(f"  {rid}: found {sorted(found)} expected {sorted(expected)}")
