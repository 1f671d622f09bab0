"""Resolution across articles: one IRI per entity, two people of one name kept apart."""
import pytest

from kg.model import Article
from kg.pipeline import extract_all
from kg.rdf import entity_iri
from kg.resolve import _contraction


def _people(exs):
    return [sorted((e.id, e.label) for e in ex.entities if e.cls == "Person") for ex in exs]


def test_same_name_at_different_organisations_stays_apart():
    exs = extract_all([
        Article("1", "甲科技有限公司总经理张伟表示，公司将扩大生产。", "a", 1),
        Article("2", "南方信贷银行行长张伟说，信贷保持稳定。", "a", 2),
        Article("3", "甲科技有限公司总经理张伟指出，订单增长。", "a", 3),
    ])
    assert _people(exs) == [[("Person/张伟@甲科技", "张伟")], [("Person/张伟@南方信贷银行", "张伟")],
                            [("Person/张伟@甲科技", "张伟")]]
    iris = {entity_iri(e) for ex in exs for e in ex.entities if e.cls == "Person"}
    assert len(iris) == 2


def test_person_without_a_role_is_not_joined_to_a_namesake():
    exs = extract_all([
        Article("1", "甲科技有限公司总经理张伟表示，公司将扩大生产。", "a", 1),
        Article("2", "张伟表示，市场仍有机会。", "a", 2),
    ])
    assert _people(exs) == [[("Person/张伟@甲科技", "张伟")], [("Person/张伟", "张伟")]]


def test_same_company_in_two_articles_is_one_entity():
    exs = extract_all([
        Article("1", "深圳华星光电技术股份有限公司在深圳举行发布会。", "a", 1),
        Article("2", "华星光电表示，新产线将于明年投产。深圳华星光电技术股份有限公司董事长李东生出席。", "a", 2),
    ])
    orgs = [sorted((e.id, e.alt_labels) for e in ex.entities if e.cls == "Organization") for ex in exs]
    assert orgs == [[("Organization/深圳华星光电技术股份有限公司", ("华星光电",))],
                    [("Organization/深圳华星光电技术股份有限公司", ("华星光电",))]]


@pytest.mark.parametrize("long,short,same", [
    ("中国残疾人联合会", "中国残联", True),          # place + a character of the middle + of the suffix word
    ("中国科学技术协会", "中国科协", True),
    ("国家发展和改革委员会", "国家发改委", True),
    ("南京钢铁集团", "南钢集团", True),
    ("中国工商银行", "中国银行", False),            # nothing of the middle (工商): another bank
    ("中国人民银行", "中国银行", False),
    ("华东钢铁有限公司", "华东公司", False),
    ("中国残疾人联合会", "中国联合会", False),
    ("中国残疾人联合会", "残联", False),            # must start where the long form starts
])
def test_contracted_short_forms(long, short, same):
    assert _contraction(long, short) is same
