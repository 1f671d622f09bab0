"""Edition dates and datelines as ISO dates (kg.sources.dates), and the dates ingest gives articles."""
import json

import pytest

from kg import api
from kg.ingest import read_source
from kg.model import Article
from kg.sources.dates import article_date, dateline_date, edition_date


@pytest.mark.parametrize("text, want", [
    ("2024年3月5日 星期二 第3版", "2024-03-05"),
    ("云湾日报 2024 年 12 月 31 日", "2024-12-31"),
    ("2023年2月29日 2024年2月29日", "2024-02-29"),     # the first real day
    ("第3版 星期二", None),
])
def test_edition_date(text, want):
    assert edition_date(text) == want


@pytest.mark.parametrize("text, reference, want", [
    ("本报北京3月5日电 记者从……", "2024-03-06", "2024-03-05"),
    ("新华社上海3月5日电（记者 孙悦）", "2024", "2024-03-05"),
    ("新华社上海2023年11月20日电 某某", None, "2023-11-20"),
    ("新华社北京5日电 某某", "2024-03-06", "2024-03-05"),          # the month of the edition
    ("新华社北京28日电 某某", "2024-03-02", "2024-02-28"),         # ... or the one before
    ("本报北京12月31日电 某某", "2024-01-02", "2023-12-31"),       # the year before the edition
    ("□本报记者 林晓 本报北京3月5日电", "2024-03-06", None),        # not at the start of a dateline
    ("本报北京3月5日电", None, None),                              # no year to resolve it with
    ("本报北京2月30日电", "2024", None),                            # no such day
    ("据新华社北京3月5日电", "2024", None),                          # quoted, not this article's dateline
    ("人民日报北京3月5日电", "2024-03", "2024-03-05"),
    ("云湾日报讯 近日……", "2024-03-06", None),
])
def test_dateline_date(text, reference, want):
    assert dateline_date(text, reference) == want


@pytest.mark.parametrize("given, reference, want", [
    ("2024-03-06", None, "2024-03-06"),      # a date of its own wins
    (None, "2024-03-06", "2024-03-05"),      # else the dateline, resolved against the edition
    ("2024-03", None, "2024-03-05"),         # a JSON date naming only a month gives the year
    ("2024-99-99", None, "2024-99-99"),      # not a day, no year: kept as given
])
def test_article_date(given, reference, want):
    assert article_date("本报北京3月5日电 星河智能科技有限公司落户云湾科技园。", given, reference) == want


def test_article_date_without_dateline_takes_the_edition():
    assert article_date("星河智能科技有限公司落户云湾科技园。", None, "2024-03-05") == "2024-03-05"
    assert article_date("星河智能科技有限公司落户云湾科技园。", None, None) is None


def test_jsonl_dates(tmp_path):
    recs = [
        {"id": "a", "text": "本报北京3月5日电 星河智能科技有限公司落户云湾科技园。", "date": "2024-03-06"},
        {"id": "b", "text": "新华社杭州2023年11月20日电 蓝岭新材料股份有限公司签约入驻松川经济开发区。"},
        {"id": "c", "text": "本报北京3月5日电 青禾生物科技有限公司选举陈立为董事长。", "date": "2024"},
        {"id": "d", "text": "本报北京3月5日电 云湾港口货运量创新高。"},
    ]
    f = tmp_path / "news.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    got = {a.id: a.date for a in read_source(f) if isinstance(a, Article)}
    assert got == {"a": "2024-03-06", "b": "2023-11-20", "c": "2024-03-05", "d": None}


def test_text_page_dateline_with_year(tmp_path):
    f = tmp_path / "page.txt"
    f.write_text("蓝岭新材料入驻松川经济开发区\n\n新华社杭州2023年11月20日电（记者 孙悦）蓝岭新材料股份有限公司20日签约入驻松川经济开发区。\n\n"
                 "云湾港口货运量创新高\n\n本报北京3月5日电 今年前两个月，云湾港口货物吞吐量同比增长8%。\n", encoding="utf-8")
    got = [(a.title, a.date, a.creators) for a in read_source(f) if isinstance(a, Article)]
    assert got == [("蓝岭新材料入驻松川经济开发区", "2023-11-20", ("孙悦",)), ("云湾港口货运量创新高", None, ())]
    # the reporter after a dateline with a year leaves the text, as after one without
    assert next(read_source(f)).text.startswith("新华社杭州2023年11月20日电 蓝岭新材料股份有限公司20日")


@pytest.mark.parametrize("dateline", ["本报上海3月4日电", "新华社上海2024年3月4日电", "中新网上海4日电"])
def test_a_company_right_after_a_dateline_keeps_its_name(tmp_path, dateline):
    """The tagger read 日电 星河智能科技有限公司 as one organisation (日电 is a word to jieba)."""
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": f"{dateline} 星河智能科技有限公司近日正式落户云湾科技园，总投资20亿元。"},
                            ensure_ascii=False), encoding="utf-8")
    (ex,), errors = api.extract([str(f)])
    labels = {e.id: e.label for e in ex.entities}
    assert {(x.relation, labels[x.subject], labels.get(x.object)) for x in ex.facts if x.relation == "locatedIn"} \
        == {("locatedIn", "星河智能科技有限公司", "云湾科技园")}
