"""The tagger in the default pipeline: the merge policy (kg/extract/tagged.py), the role shapes it
opens, and the held-out role set (tests/heldout_roles.py) as a floor."""
import pytest

from extract_util import facts_of, mentions_of
from kg.extract import DEFAULT_PIPELINE
from kg.extract.tagged import OUTSIDE_VETO, merge, split_titles, unsupported, vetoes
from kg.model import Mention, Source
from kg.tagger import Span

pytest.importorskip("pycrfsuite")


def rule(text, cls, start, source=Source.SUFFIX):
    return Mention(text, cls, start, start + len(text), None, source)


def test_the_tagger_is_in_the_default_pipeline_after_the_rules():
    assert DEFAULT_PIPELINE.index("mentions.rules") < DEFAULT_PIPELINE.index("mentions.tagger") \
        < DEFAULT_PIPELINE.index("mentions.settle")


@pytest.mark.parametrize("name,candidates,span,kept", [
    ("low confidence is dropped", [], Span(0, 4, "Organization", "远航物流", 0.3), False),
    ("a new name is added", [], Span(0, 4, "Organization", "远航物流", 0.9), True),
    ("the rules' equal span wins", [rule("远航物流", "Organization", 0)], Span(0, 4, "Organization", "远航物流", 0.99), False),
    ("inside a rule span: the rule wins", [rule("远航物流集团", "Organization", 0)], Span(0, 4, "Organization", "远航物流", 0.99), False),
    ("crossing a rule span is dropped", [rule("物流集团", "Organization", 2)], Span(0, 4, "Organization", "远航物流", 0.99), False),
    ("a confident strict superset extends", [rule("物流", "Organization", 2)], Span(0, 4, "Organization", "远航物流", 0.9), True),
    ("an unsure superset does not", [rule("物流", "Organization", 2)], Span(0, 4, "Organization", "远航物流", 0.6), False),
    ("an amount vetoes", [rule("5亿元", "Money", 2)], Span(0, 5, "Organization", "远航5亿元", 0.99), False),
    ("a place alone is no organisation", [], Span(0, 2, "Organization", "杭州", 0.99), False),
    ("a person of one character is none", [], Span(0, 1, "Person", "王", 0.99), False),
])
def test_merge_policy(name, candidates, span, kept):
    text = "远航物流集团5亿元"
    added = [m for m, _ in merge(candidates, [span], text)]
    assert bool(added) is kept, name


def test_a_title_that_swallowed_its_organisation_is_split():
    # 苹果首席执行官 -> 苹果 + 首席执行官; 日本|财政部长 -> 日本财政部 + 部长 (glued: 部 is shared)
    assert [(s.text, s.label) for s in split_titles([Span(0, 7, "RoleTitle", "苹果首席执行官", 0.9)], [])] == [
        ("苹果", "Organization"), ("首席执行官", "RoleTitle")]
    place = rule("日本", "Place", 0, Source.PLACE)
    parts = split_titles([Span(2, 6, "RoleTitle", "财政部长", 0.9)], [place])
    assert [(s.text, s.label, s.start, s.end) for s in parts] == [
        ("日本财政部", "Organization", 0, 5), ("部长", "RoleTitle", 5, 6)]
    # tagged apart but glued: 海淀区卫生|局长 -> 海淀区卫生局 + 局长 written on 长; 卫生局|局长 stays
    parts = split_titles([Span(0, 5, "Organization", "海淀区卫生", 0.8), Span(5, 7, "RoleTitle", "局长", 0.7)], [])
    assert [(s.text, s.label, s.start, s.end) for s in parts] == [
        ("海淀区卫生局", "Organization", 0, 6), ("局长", "RoleTitle", 6, 7)]
    parts = split_titles([Span(0, 3, "Organization", "卫生局", 0.8), Span(3, 5, "RoleTitle", "局长", 0.7)], [])
    assert [(s.text, s.start, s.end) for s in parts] == [("卫生局", 0, 3), ("局长", 3, 5)]
    # state titles and modifiers stay whole: 国家副主席 is no organisation 国家副 + 主席
    assert [s.text for s in split_titles([Span(0, 5, "RoleTitle", "国家副主席", 0.9)], [])] == ["国家副主席"]


def test_a_rule_title_the_tagger_splits_better_is_vetoed():
    title = rule("证券总经理", "RoleTitle", 2, Source.TITLE)
    assert vetoes([title], [Span(0, 4, "Organization", "东吴证券", 0.97)]) == [title]
    assert vetoes([title], [Span(0, 4, "Organization", "东吴证券", 0.5)]) == []


@pytest.mark.parametrize("text,expected", [
    ("东吴证券总经理范文涛表示，市场将保持稳定。", {("holdsRole", "范文涛", "总经理", "东吴证券", True)}),
    ("苹果首席执行官蒂姆·库克周三发布了新品。", {("holdsRole", "蒂姆·库克", "首席执行官", "苹果", True)}),
    ("远航物流总经理张伟、副总经理李娜、王强出席了发布会。",
     {("holdsRole", "张伟", "总经理", "远航物流", True), ("holdsRole", "李娜", "副总经理", "远航物流", True),
      ("holdsRole", "王强", "副总经理", "远航物流", True)}),
    ("美总统拜登与英首相出席。", {("holdsRole", "拜登", "总统", "美国政府", True)}),
    # the tagger's industry words and descriptions are no organisations
    ("吸引带动一批光伏、新能源汽车、储能等产业链项目。", set()),
])
def test_roles_over_merged_mentions(text, expected):
    assert facts_of(text, "holdsRole") == expected


def test_tagger_facts_carry_the_mentions_confidence():
    from kg.model import Article
    from kg.pipeline import extract_article

    from kg import tagger

    text = "东吴证券总经理范文涛表示，市场将保持稳定。"
    ex = extract_article(Article("t", text, "x", 1))
    (f,) = [f for f in ex.facts if f.relation == "holdsRole"]
    (org,) = [s for s in tagger.load().tag(text) if s.text == "东吴证券"]
    # the pattern's 0.9 times the tagger's calibrated confidence in 东吴证券 (not its raw marginal)
    assert org.confidence != org.marginal
    assert f.evidence.confidence == pytest.approx(round(0.9 * org.confidence, 4), abs=1e-4)


def test_the_tagger_vetoes_a_jieba_only_person_it_reads_otherwise():
    jieba_person = rule("里昂", "Person", 4, Source.PERSON_JIEBA)
    club = Span(4, 6, "Organization", "里昂", 0.9)
    assert unsupported([jieba_person], [club]) == [jieba_person]           # another class over it
    assert unsupported([jieba_person], [], {(4, 6): OUTSIDE_VETO}) == [jieba_person]   # sure it is no name
    assert unsupported([jieba_person], [], {(4, 6): OUTSIDE_VETO - 0.01}) == []       # unsure: the rule stays
    assert unsupported([jieba_person], [Span(4, 6, "Person", "里昂", 0.5)]) == []   # the tagger agrees
    after_title = rule("里昂", "Person", 4, Source.PERSON_AFTER_TITLE)      # a structural cue: never vetoed
    assert unsupported([after_title], [club], {(4, 6): 1.0}) == []
    # in the pipeline: jieba reads 里昂 (nr), the tagger a club, and the club is what is kept
    assert "里昂" not in mentions_of("如果下轮里昂能够击败拜仁，就能出线。", "Person")


def test_the_heldout_role_set_stays_above_its_floor():
    from heldout_roles import score

    tp, fp, fn, _ = score()
    assert tp >= 21 and fp <= 2, (tp, fp, fn)
    assert "新能源汽车" not in mentions_of("光伏、新能源汽车、储能", "Organization")


def test_a_tagged_organisation_ending_with_a_title_is_a_post_not_a_body():
    text = "中共中央政治局常委、国务院总理温家宝会见了代表。"
    assert merge([], [Span(0, 9, "Organization", "中共中央政治局常委", 0.9, 0.74)], text) == []
    assert [m.text for m, _ in merge([], [Span(10, 13, "Organization", "国务院", 0.9, 0.94)], text)] == ["国务院"]


def test_a_tagged_title_whose_last_word_goes_on_past_a_title_is_none():
    from kg.text import tokenize

    text = "职业经理人的薪酬普遍上涨。"
    tokens = tokenize(text, 0)
    assert merge([], [Span(0, 5, "RoleTitle", "职业经理人", 0.8, 0.7)], text, tokens) == []
    text = "公司副总经理王明出席。"
    got = merge([], [Span(2, 6, "RoleTitle", "副总经理", 0.9, 0.95)], text, tokenize(text, 0))
    assert [m.text for m, _ in got] == ["副总经理"]
