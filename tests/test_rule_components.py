"""The rule recognisers as components of their own: a pure match over the Doc, one record step,
listed, left out or moved by name, each pass named as the component of what it found."""
import copy
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.extract import DEFAULT_PIPELINE, registry
from kg.extract.doc import Doc
from kg.extract.entities import RULE_PASSES
from kg.model import Article, Mention
from kg.pipeline import extract_article

RULES = tuple(name for name, _, _ in RULE_PASSES)
# one text for every pass: a party committee and titles, an amount, places and a park, companies
# by suffix, people after a title and before a speech verb, a list, an enumeration of people, a
# fixture, a listing, a reference and a declared short name
TEXT = ("南京市委书记王某某出席。甲乙科技有限公司落户苏州工业园区，总投资50亿元。甲乙科技有限公司董事长张明表示，"
        "公司与丙丁集团、戊己集团等多家企业合作。刘某、张某、令某某、马某参加。甲队vs乙队。"
        "星岚科技在深圳证券交易所上市。该公司旗下的星光控股有限公司（以下简称“星光”）成立于2001年，星光创始人李华说。会议在杭州举行。")


def article(text=TEXT):
    return Article("t", text, "t.txt", 1)


def state(doc: Doc) -> dict:
    """Everything the document holds but its text object (the derived indexes built beforehand)."""
    doc.token_at, doc.token_ends      # noqa: B018  built once, before the snapshot
    return {k: copy.deepcopy(v) for k, v in vars(doc).items() if k != "base"}


def test_the_rule_passes_are_the_group_in_its_order():
    assert registry.expand(["mentions.rules"]) == RULES == (
        "mentions.titles", "mentions.amounts", "mentions.places", "mentions.organisations", "mentions.people",
        "mentions.lists", "mentions.people.enumerated", "mentions.fixtures", "mentions.context",
        "mentions.references")
    assert all(registry.get(n).stage == "mentions" for n in RULES)
    registry.check_pipeline(DEFAULT_PIPELINE)          # the default order keeps every requires


@pytest.mark.parametrize("i", range(len(RULES)))
def test_each_rule_match_is_pure(i):
    """match twice on a Doc annotated by the passes before it: equal results, the Doc unchanged."""
    doc = registry.run(Doc.of(article()), RULES[:i])
    before = state(doc)
    match = registry.get(RULES[i]).match
    first = match(doc)
    assert state(doc) == before
    assert match(doc) == first
    assert state(doc) == before
    assert first, f"{RULES[i]} found nothing in the test text"


def test_the_passes_share_nothing_but_the_doc():
    doc = registry.run(Doc.of(article()), ["mentions.rules"])
    assert doc.user_data == {}
    # the titles' edges and the amounts' ends are recorded positions
    titles = [m for m in doc.candidates if m.cls == "RoleTitle"]
    assert {t.end for t in titles if t.text == "董事长"} <= doc.blocked
    assert {m.end for m, _ in doc.amounts} <= doc.blocked
    # each pass's mentions are attributed to it
    assert {doc.origin[m] for m in doc.candidates} <= set(RULES)


def test_found_equals_what_is_recorded():
    doc = registry.run(Doc.of(article()), RULES[:3])
    found = registry.get("mentions.organisations").match(doc)
    n = len(doc.candidates)
    registry.run(doc, ["mentions.organisations"])
    assert tuple(doc.candidates[n:]) == found.mentions
    assert all(doc.origin[m] == "mentions.organisations" for m in found.mentions if m not in doc.candidates[:n])


def test_a_pipeline_without_people_finds_no_person_by_rule():
    text = "星岚集团董事长张明表示，公司将扩大投资。"
    people = [m.text for m in extract_article(article(text), RULES + ("mentions.settle",)).mentions
              if m.cls == "Person"]
    assert people == ["张明"]
    without = tuple(n for n in RULES if n != "mentions.people") + ("mentions.settle",)
    ex = extract_article(article(text), without)
    assert [m.text for m in ex.mentions if m.cls == "Person"] == []
    assert {(m.text, c) for m, c in zip(ex.mentions, ex.components)} >= {
        ("星岚集团", "mentions.organisations"), ("董事长", "mentions.titles")}


@pytest.mark.parametrize("left_out", RULES)
def test_every_rule_pass_can_be_left_out(left_out):
    pipe = tuple(n for n in RULES if n != left_out) + ("mentions.settle", "locatedIn", "holdsRole")
    ex = extract_article(article(), pipe)
    assert left_out not in ex.components and ex.mentions


def test_a_pass_may_move_within_what_it_requires():
    """Places read nothing the titles record, nor the titles the places': either order, one result."""
    moved = ("mentions.places", "mentions.titles") + RULES[1:2] + RULES[3:] + ("mentions.settle",)
    a = extract_article(article(), RULES + ("mentions.settle",))
    b = extract_article(article(), moved)
    assert a.mentions == b.mentions and a.components == b.components


def test_a_component_before_what_it_requires_is_refused():
    msg = ("--pipeline: component 'mentions.people' requires 'mentions.titles', which the pipeline lists "
           "after it: put 'mentions.titles' first")
    with pytest.raises(InputError) as err:
        registry.check_pipeline(["mentions.people", "mentions.titles", "mentions.settle"])
    assert str(err.value) == msg
    with pytest.raises(InputError) as err:
        registry.run(Doc.of(article()), ["mentions.people", "mentions.titles"])
    assert str(err.value) == msg
    # left out, it is no error: the pass reads what is there
    assert registry.check_pipeline(["mentions.people", "mentions.settle"]) == ("mentions.people", "mentions.settle")


def test_relations_come_after_the_settled_mentions_and_dates_after_roles():
    for rel in ("locatedIn", "holdsRole", "money", "listedOn", "foundingYear", "partnerOf"):
        with pytest.raises(InputError) as err:
            registry.check_pipeline([rel, "mentions.settle"])
        assert str(err.value) == (f"--pipeline: component {rel!r} requires 'mentions.settle', which the "
                                  "pipeline lists after it: put 'mentions.settle' first")
    with pytest.raises(InputError, match="component 'roleDates' requires 'holdsRole'"):
        registry.check_pipeline(["mentions.settle", "roleDates", "holdsRole"])


def test_a_plugged_in_component_declares_what_it_requires():
    @registry.component("test.after_titles", registry.add_mentions, requires=("mentions.titles",))
    def after_titles(doc):
        return [Mention("X", "Person", t.end, t.end + 1) for t in doc.candidates if t.cls == "RoleTitle"][:1]

    try:
        registry.check_pipeline(["mentions.titles", "test.after_titles"])
        with pytest.raises(InputError, match="component 'test.after_titles' requires 'mentions.titles'"):
            registry.check_pipeline(["test.after_titles", "mentions.rules"])
    finally:
        registry.unregister("test.after_titles")


def test_cli_extract_names_each_pass(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "1", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    pipe = "mentions.titles,mentions.amounts,mentions.places,mentions.organisations,mentions.people,mentions.settle"
    r = CliRunner().invoke(main, ["extract", "--pipeline", pipe, str(src)])
    assert r.exit_code == 0, r.output
    got = {(m["text"], m["component"]) for m in json.loads(r.output)["mentions"]}
    assert {("董事长", "mentions.titles"), ("50亿元", "mentions.amounts"), ("苏州工业园区", "mentions.organisations"),
            ("甲乙科技有限公司", "mentions.organisations"), ("张明", "mentions.people"),
            ("杭州", "mentions.places")} <= got
    assert {c for _, c in got} <= set(pipe.split(","))
    r = CliRunner().invoke(main, ["extract", "--pipeline", "mentions.people,mentions.titles", str(src)])
    assert r.exit_code == 2 and "component 'mentions.people' requires 'mentions.titles'" in r.output
