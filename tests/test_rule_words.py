"""The rule recognisers' word lists are data (kg/resources/rule_words.tsv), checked on load."""
import pytest

from kg import lexicon
from kg.errors import ResourceError
from kg.extract import rules


def test_lists_load_in_file_order():
    words = lexicon.rule_words()
    assert set(words) == set(lexicon.RULE_WORD_LISTS)
    assert words["list_org_verbs"][:2] == ("吸引了", "吸引")          # longest first, as the rules try them
    assert rules._SPEECH[:3] == ("表示", "说", "认为") and "主场" in rules._FIXTURE_WORDS


@pytest.mark.parametrize("rows,message", [
    ([(3, ["speech_verbs"])], "rule_words.tsv:3: expected a list name, a tab, then the words"),
    ([(4, ["nonsense", "a b"])], "rule_words.tsv:4: unknown word list 'nonsense'"),
    ([(4, ["appointed", "现任"]), (5, ["appointed", "曾任"])], "rule_words.tsv:5: word list 'appointed' given twice"),
    ([(6, ["appointed", "  "])], "rule_words.tsv:6: word list 'appointed' is empty"),
    ([(7, ["appointed", "现任"])], "rule_words.tsv:7: missing word lists: speech_verbs"),
])
def test_a_malformed_row_is_named(monkeypatch, rows, message):
    monkeypatch.setattr(lexicon, "_rows", lambda name: iter(rows))
    with pytest.raises(ResourceError) as err:
        lexicon.rule_words.__wrapped__("rule_words.tsv")
    assert str(err.value).startswith(message)
