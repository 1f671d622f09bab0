"""Saved web pages: the main article with its title, date and author; boilerplate and comments dropped."""
import pytest

from kg import api
from kg.errors import InputError
from kg.ingest import read_source
from kg.model import Article

from sources_gen import ARTICLE_HTML, DATELINE_HTML, NO_ARTICLE_HTML

pytest.importorskip("trafilatura", reason="trafilatura reads web pages")


def _read(tmp_path, html: str, name="page.html", encoding="utf-8"):
    f = tmp_path / name
    f.write_bytes(html.encode(encoding))
    return f, list(read_source(f))


def test_article_page(tmp_path):
    _, out = _read(tmp_path, ARTICLE_HTML)
    assert len(out) == 1 and isinstance(out[0], Article), out
    a = out[0]
    assert (a.id, a.source, a.position, a.title, a.date, a.creators) == (
        "1", "page.html", 1, "星河智能落户云湾科技园", "2024-03-05", ("林晓",))
    assert a.text.startswith("本报讯 星河智能科技有限公司近日正式落户云湾科技园")
    assert a.text.endswith("是一家专注于工业传感器的高新技术企业。")
    assert a.text.count("\n") == 2


@pytest.mark.parametrize("boilerplate", ["首页", "关于我们", "登录", "网友评论", "太好了", "希望早日投产",
                                         "版权所有", "联系我们", "来源：云湾日报"])
def test_boilerplate_comments_and_navigation_are_dropped(tmp_path, boilerplate):
    _, (a,) = _read(tmp_path, ARTICLE_HTML)
    assert boilerplate not in a.text


def test_dateline_dates_a_page_without_a_date_and_bylines_leave_the_text(tmp_path):
    _, out = _read(tmp_path, DATELINE_HTML)
    (a,) = out
    assert (a.title, a.date, a.creators, a.bylines) == (
        "蓝岭新材料签约入驻松川经济开发区", "2023-11-20", ("孙悦",), ("记者 孙悦",))
    assert a.text == ("新华社杭州2023年11月20日电 蓝岭新材料股份有限公司20日与松川经济开发区签约，新建高性能膜材料生产线。\n"
                      "据介绍，项目达产后预计年产值超过10亿元。")


@pytest.mark.parametrize("title", ["星河智能落户云湾科技园_新闻中心_云湾网", "星河智能落户云湾科技园|云湾网",
                                   "云湾网｜星河智能落户云湾科技园", "星河智能落户云湾科技园 - 云湾网"])
def test_the_site_name_leaves_a_title_without_h1(tmp_path, title):
    html = ARTICLE_HTML.replace("<h1>星河智能落户云湾科技园</h1>", "").replace(
        "星河智能落户云湾科技园_新闻中心_云湾网", title)
    _, (a,) = _read(tmp_path, html)
    assert a.title == "星河智能落户云湾科技园"


def test_gb18030_page(tmp_path):
    html = ARTICLE_HTML.replace('charset="utf-8"', 'charset="gb2312"')
    _, (a,) = _read(tmp_path, html, encoding="gb18030")
    assert a.title == "星河智能落户云湾科技园" and a.text.startswith("本报讯 星河智能科技有限公司")


@pytest.mark.parametrize("html", [
    NO_ARTICLE_HTML,                                   # navigation and a list of links
    "<html><head><title>空</title></head><body></body></html>",
    "<html><body><div>首页 | 新闻 | 关于我们</div></body></html>",
])
def test_a_page_without_an_article_is_one_error(tmp_path, html):
    f, out = _read(tmp_path, html)
    assert [str(x) for x in out] == [f"{f}: no article found in the HTML page"]


def test_empty_and_binary_html(tmp_path):
    (tmp_path / "e.html").write_bytes(b"")
    (tmp_path / "b.htm").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert [str(x) for x in read_source(tmp_path / "e.html")] == [f"{tmp_path / 'e.html'}: empty file"]
    assert [str(x) for x in read_source(tmp_path / "b.htm")] == [
        f"{tmp_path / 'b.htm'}: binary file, not an HTML page"]


def test_facts_from_a_web_page_point_into_its_text(tmp_path):
    f, _ = _read(tmp_path, ARTICLE_HTML)
    exs, errors = api.extract([str(f)])
    assert errors == []
    (ex,) = exs
    labels = {e.id: e.label for e in ex.entities}
    for fact in ex.facts:
        assert ex.article.text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
    assert ("locatedIn", "星河智能科技有限公司", "云湾科技园") in {
        (x.relation, labels[x.subject], labels.get(x.object)) for x in ex.facts if isinstance(x.object, str)}


def test_damaged_pages_are_articles_or_one_error_never_a_crash(tmp_path):
    import random

    rnd = random.Random(3)
    f = tmp_path / "d.html"
    seen = set()
    for _ in range(30):
        s = list(ARTICLE_HTML)
        for _ in range(rnd.choice([1, 10, 100])):
            s[rnd.randrange(len(s))] = rnd.choice("<>/\"'&;=\x00\u3000a中文。")
        f.write_text("".join(s), encoding="utf-8")
        out = list(read_source(f))
        assert len([x for x in out if isinstance(x, Article)]) <= 1
        seen.update(type(x).__name__ for x in out)
    assert "Article" in seen


def test_a_parser_failure_is_one_error(tmp_path, monkeypatch):
    from kg.sources import html

    def fail(_):
        raise ValueError("Unicode strings with encoding declaration are not supported.\nmore")

    monkeypatch.setattr(html, "html_article", fail)
    f, out = _read(tmp_path, ARTICLE_HTML)
    assert [str(x) for x in out] == [
        f"{f}: unreadable HTML page: Unicode strings with encoding declaration are not supported."]
