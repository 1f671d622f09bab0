"""The merge policy's rules of issue 15 (kg/extract/tagged.py; docs/extraction.md, "Merging the
tagger and the rules"): where a confident tagger reading beats a rule span, and where a rule's veto
was broader than the shapes it was written for. Each test fails on the policy before it."""
import pytest

from kg.extract.tagged import ANOTHER_KIND_VETO, OUTSIDE_VETO, judge, merge, split_titles, swallowed, unsupported
from kg.model import Mention, Source
from kg.tagger import Span
from kg.text import tokenize

pytest.importorskip("pycrfsuite")


def rule(text, cls, start, source=Source.SUFFIX, kind=None):
    return Mention(text, cls, start, start + len(text), kind, source)


def kept(candidates, spans, text):
    return [(m.text, m.cls) for m, _ in merge(candidates, spans, text, tokenize(text, 0))]


def test_a_suffix_read_organisation_the_tagger_reads_as_no_name_or_another_kind_is_vetoed():
    org = rule("报价中间价报", "Organization", 2)
    assert unsupported([org], [], {(2, 8): OUTSIDE_VETO}) == [org]              # sure it is no name
    assert unsupported([org], [], {(2, 8): ANOTHER_KIND_VETO}) == [org]         # a work's or a game's name
    assert unsupported([org], [], {(2, 8): 0.5}) == []                          # unsure: the rule stays
    assert unsupported([org], [], {}) == []                                     # not probed: the rule stays
    assert unsupported([org], [Span(2, 4, "Organization", "报价", 0.3)], {(2, 8): 1.0}) == []  # the tagger saw a name there
    paper = rule("某某时报", "Organization", 1, kind="MediaOrganization")       # a newspaper is an organisation here
    assert unsupported([paper], [], {(1, 5): 0.0}) == []
    known = rule("某某集团", "Organization", 0, Source.ORG_KNOWN)                # only the suffix read is this weak
    assert unsupported([known], [], {(0, 4): 1.0}) == []
    fund = rule("先进制造应用母基金", "Organization", 0, kind="Fund")            # a fund is named by what it invests in
    assert unsupported([fund], [], {(0, 9): 1.0}) == []
    branch = rule("常州子公司", "Organization", 0, kind="Company")                # a body named by its place
    assert unsupported([branch], [], {(0, 5): 1.0}) == []
    latin = rule("ABC资本", "Organization", 0, kind="FinancialInstitution")      # a brand in Latin letters
    assert unsupported([latin], [], {(0, 5): 1.0}) == []


def test_a_suffix_read_description_no_tagged_span_overlaps_is_vetoed():
    text = "他加入了一家游戏开发公司和一只生物技术产业基金。"
    tokens = tokenize(text, 0)
    company = rule("游戏开发公司", "Organization", 6, kind="Company")
    fund = rule("生物技术产业基金", "Organization", 15, kind="Fund")            # funds are named by common words
    assert unsupported([company, fund], [], {}, tokens) == [company]
    assert unsupported([company], [Span(6, 12, "Organization", "游戏开发公司", 0.7)], {}, tokens) == []
    text = "北京远航软件公司成立。"                                                # a place in it: a name
    assert unsupported([rule("北京远航软件公司", "Organization", 0, kind="Company")], [], {}, tokenize(text, 0)) == []


def test_a_confident_latin_person_of_one_word_is_kept():
    text = "该书作者JohnSmith表示，续集明年出版。"
    assert kept([], [Span(4, 13, "Person", "JohnSmith", 0.9, 0.95)], text) == [("JohnSmith", "Person")]
    assert kept([], [Span(4, 13, "Person", "JohnSmith", 0.8, 0.85)], text) == []      # unsure
    text = "该书作者JohnSmith2表示"                                                     # cut out of a longer word
    assert kept([], [Span(4, 13, "Person", "JohnSmith", 0.9, 0.95)], text) == []


def test_an_ordinal_or_digits_inside_an_organisation_are_no_count():
    text = "美军第二舰队和远航04队昨日抵达，南通两座工厂停产。"
    assert kept([], [Span(0, 6, "Organization", "美军第二舰队", 0.9, 0.95)], text) == [("美军第二舰队", "Organization")]
    assert kept([], [Span(7, 12, "Organization", "远航04队", 0.9, 0.95)], text) == [("远航04队", "Organization")]
    assert kept([], [Span(17, 23, "Organization", "南通两座工厂", 0.9, 0.95)], text) == []


def test_a_very_confident_organisation_is_no_verb_phrase_from_jiebas_tags():
    text = "昨日，丰台区住保办负责人证实了此事。"
    span = Span(3, 9, "Organization", "丰台区住保办", 0.9, 0.96)
    assert kept([rule("丰台区", "Place", 3, Source.PLACE)], [span], text) == [("丰台区住保办", "Organization")]
    unsure = Span(3, 9, "Organization", "丰台区住保办", 0.8, 0.9)
    assert [r for _, _, r in judge([rule("丰台区", "Place", 3, Source.PLACE)], [unsure], text, tokenize(text, 0))] \
        == ["verb-phrase"]


def test_a_line_of_work_before_a_title_head_stays_in_the_title():
    # 金融学教授 is one title (金融 is a line of work); 苹果首席执行官 is still split
    assert [s.text for s in split_titles([Span(0, 5, "RoleTitle", "金融学教授", 0.9)], [])] == ["金融学教授"]
    assert [s.text for s in split_titles([Span(0, 7, "RoleTitle", "苹果首席执行官", 0.9)], [])] == ["苹果", "首席执行官"]


def test_a_tagged_title_extends_a_rule_title_by_a_line_of_work_not_a_state():
    text = "某大学金融学教授张三说"
    professor = rule("教授", "RoleTitle", 6, Source.TITLE)
    assert kept([professor], [Span(3, 8, "RoleTitle", "金融学教授", 0.9, 0.95)], text) == [("金融学教授", "RoleTitle")]
    text = "国家主席出席"
    chair = rule("主席", "RoleTitle", 2, Source.TITLE)
    assert kept([chair], [Span(0, 4, "RoleTitle", "国家主席", 0.9, 0.95)], text) == []


def test_judge_names_the_rule_that_drops_each_span_and_merge_keeps_the_rest():
    text = "远航物流集团5亿元"
    spans = [Span(0, 4, "Organization", "远航物流", 0.3), Span(0, 4, "Organization", "远航物流", 0.99, 0.99)]
    assert [r for _, _, r in judge([rule("远航物流集团", "Organization", 0)], spans, text)] == ["threshold", "rule-inside"]
    assert [r for _, _, r in judge([], spans[1:], text)] == [None]
    assert [m.text for m, _ in merge([], spans[1:], text)] == ["远航物流"]


def test_a_title_right_after_an_organisation_keeps_its_department():
    # 远航物流有限公司|财务部部长: the department belongs to the title (CLUENER's and Resume's convention)
    company = Span(0, 8, "Organization", "远航物流有限公司", 0.9, 0.95)
    title = Span(8, 13, "RoleTitle", "财务部部长", 0.9, 0.99)
    assert [(s.text, s.label) for s in split_titles([company, title], [])] == [
        ("远航物流有限公司", "Organization"), ("财务部部长", "RoleTitle")]
    # a head written twice is no glued one (外交部|部长, not 外交部部 + 长)
    assert [(s.text, s.label, s.start, s.end) for s in split_titles([Span(0, 5, "RoleTitle", "外交部部长", 0.9)], [])] \
        == [("外交部", "Organization", 0, 3), ("部长", "RoleTitle", 3, 5)]


def test_a_rule_organisation_that_swallowed_a_short_word_before_the_name_gives_way():
    text = "历任远航物流有限公司董事。"
    org = rule("历任远航物流有限公司", "Organization", 0)
    tagged = Span(2, 10, "Organization", "远航物流有限公司", 0.9, 0.99)
    assert swallowed([org], [tagged], text) == [org]
    assert kept([org], [tagged], text) == [("远航物流有限公司", "Organization")]
    assert swallowed([org], [Span(2, 10, "Organization", "远航物流有限公司", 0.9, 0.9)], text) == []   # unsure
    text = "荷兰远航物流有限公司"                                                   # a place before it: the rules' read
    assert swallowed([rule(text, "Organization", 0)], [Span(2, 10, "Organization", text[2:], 0.9, 0.99)], text) == []


def test_a_very_confident_organisation_runs_on_past_a_project_suffix_inside_it():
    text = "任远航基因工程股份有限公司总监"
    project = rule("任远航基因工程", "Project", 0)
    org = rule("任远航基因工程股份有限公司", "Organization", 0)
    tagged = Span(1, 13, "Organization", "远航基因工程股份有限公司", 0.9, 0.99)
    assert swallowed([org, project], [tagged], text) == [org, project]      # the project shares the swallowed lead
    assert kept([org, project], [tagged], text) == [("远航基因工程股份有限公司", "Organization")]
    assert kept([rule("远航基因工程", "Project", 1)], [Span(1, 13, "Organization", tagged.text, 0.9, 0.9)], text) == []
