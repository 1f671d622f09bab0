"""E-paper PDF pages: articles by layout, page and edition date, and every bad PDF one error."""
import pytest

from kg import api
from kg.errors import InputError
from kg.ingest import read_source, read_sources
from kg.model import Article

from sources_gen import (ROLE_PARA, SCAN, SETTLE_PARA, Block, Page, draw_pages, epaper_pages, image_only_pdf,
                         need_reportlab)


@pytest.fixture(scope="module")
def epaper(tmp_path_factory):
    need_reportlab()
    path = tmp_path_factory.mktemp("pdf") / "yunwan-0305.pdf"
    path.write_bytes(draw_pages(epaper_pages()))
    return path


@pytest.fixture(scope="module")
def articles(epaper):
    out = list(read_source(epaper))
    assert all(isinstance(a, Article) for a in out), out
    return out


def test_article_count_titles_pages(articles):
    assert [(a.id, a.page, a.title) for a in articles] == [
        ("1", 3, "星河智能落户云湾科技园"),
        ("2", 3, "青禾生物选举新任董事长"),
        ("3", 4, ""),                         # continued from page 3, above the page's first headline
        ("4", 4, "云湾港口货运量创新高"),
    ]
    assert {a.source for a in articles} == {"yunwan-0305.pdf"}
    assert [a.position for a in articles] == [1, 2, 3, 4]


def test_texts_read_column_by_column(articles):
    first, second, cont, port = articles
    assert first.text == SETTLE_PARA + "\n" + "云湾科技园管委会主任周明表示，该项目预计明年投产，将带动上下游企业集聚发展。"
    # the subtitle opens the text; the closing byline is not part of it
    assert second.text.startswith("研发投入继续加大\n近日，青禾生物科技有限公司召开股东大会")
    assert second.text == "研发投入继续加大\n" + ROLE_PARA + "\n会议还审议通过了年度财务报告。"
    assert cont.text == "周明说，园区今年还将引进一批配套企业。"
    # a number wrapped over two lines is joined without a space
    assert port.text == "今年前两个月，云湾港口累计完成货物吞吐量1200万吨，同比增长8%。"


def test_bylines_and_continuation_notes_are_kept_apart(articles):
    first, second, cont, port = articles
    assert (first.creators, first.bylines) == (("林晓",), ("本报记者 林晓",))
    assert (second.creators, second.bylines) == (("赵一鸣",), ("（通讯员 赵一鸣）",))
    assert (port.creators, port.bylines) == (("王建国",), ("王建国",))
    assert [a.continuations for a in articles] == [("下转第4版",), (), ("上接第3版",), ()]
    assert not any("版）" in a.text or "记者" in a.text for a in articles)


def test_edition_and_dates(articles):
    assert {a.edition for a in articles} == {"2024-03-05"}
    # the dateline 本报上海3月4日电 dates the first article; the others take the edition's date
    assert [a.date for a in articles] == ["2024-03-04", "2024-03-05", "2024-03-05", "2024-03-05"]


def test_headline_across_columns_and_a_paragraph_flowing_into_the_next_column(tmp_path):
    need_reportlab()
    page = Page(header_date="2023年12月30日 星期六", header_page="第1版")
    page.spanning = Block("headline", "松川经济开发区新签约项目十二个")
    page.columns[0] = [Block("byline", "本报记者 孙悦"),
                       Block("para", "本报松川12月29日电 松川经济开发区29日集中签约十二个项目，总投资86亿元，"
                                     "涉及新材料、智能装备和生物医药等领域，其中蓝岭新材料股份有限公司"
                                     "将新建高性能膜材料生产线，预计")]
    page.columns[1] = [Block("cont", "两年内建成投产。"),
                       Block("para", "开发区管委会表示，明年将继续优化营商环境。")]
    f = tmp_path / "p1.pdf"
    f.write_bytes(draw_pages([page]))
    got = list(read_source(f))
    assert len(got) == 1 and isinstance(got[0], Article), got
    a = got[0]
    assert (a.title, a.page, a.edition, a.date, a.creators) == (
        "松川经济开发区新签约项目十二个", 1, "2023-12-30", "2023-12-29", ("孙悦",))
    assert a.text.split("\n") == [
        "本报松川12月29日电 松川经济开发区29日集中签约十二个项目，总投资86亿元，涉及新材料、智能装备和生物医药等领域，"
        "其中蓝岭新材料股份有限公司将新建高性能膜材料生产线，预计两年内建成投产。",
        "开发区管委会表示，明年将继续优化营商环境。",
    ]


A1 = "本报松川3月4日电 松川经济开发区4日集中签约十二个项目，总投资86亿元，涉及新材料、智能装备和生物医药等领域。"
A2 = ("其中，蓝岭新材料股份有限公司将在开发区新建高性能膜材料生产线，达产后预计年产值超过10亿元，"
      "可带动上下游配套企业二十余家，新增就业岗位约一千个，项目计划年内开工建设并于两年内建成投产")
A2_REST = "。开发区管委会表示，将为项目提供全程代办服务。"
A3 = "据了解，今年以来开发区已累计引进项目四十余个，实际利用外资同比增长15%。"
B1 = "云湾港口集团有限公司近日与松川物流园签署合作协议，双方将共建多式联运枢纽。"
C1 = ("本报讯 青禾生物科技有限公司近日召开股东大会，选举陈立为公司董事长。陈立表示，公司将继续加大研发投入，"
      "力争三年内推出五款新产品，并在云湾科技园建设第二研发中心")
C1_REST = "，进一步扩大生产规模。"


def test_three_justified_columns_with_narrow_gutters_and_stacked_stories(tmp_path):
    """Justified lines (characters spaced out), gutters one character wide, a headline across
    three columns, a column-wide headline in the third, and a second story across all three below."""
    need_reportlab()
    page = Page(header_date="2024年3月5日 星期二", header_page="第2版", justify=True,
                column_x=((40, 205), (215, 380), (390, 555)))
    page.spanning = Block("headline", "松川经济开发区集中签约十二个项目")
    page.columns = [[Block("byline", "本报记者 孙悦"), Block("para", A1), Block("flow", A2)],
                    [Block("cont", A2_REST), Block("para", A3)],
                    [Block("headline", "云湾港口共建物流枢纽"), Block("para", B1)]]
    page.below = [(Block("headline", "青禾生物选举新任董事长"), [[Block("flow", C1)], [Block("cont", C1_REST)], []])]
    f = tmp_path / "p2.pdf"
    f.write_bytes(draw_pages([page]))
    got = [(a.title, a.text.split("\n"), a.date, a.creators, a.page) for a in read_source(f)]
    assert got == [
        ("松川经济开发区集中签约十二个项目", [A1, A2 + A2_REST, A3], "2024-03-04", ("孙悦",), 2),
        ("云湾港口共建物流枢纽", [B1], "2024-03-05", (), 2),
        ("青禾生物选举新任董事长", [C1 + C1_REST], "2024-03-05", (), 2),
    ]


def test_a_kicker_above_the_headline_opens_the_text(tmp_path):
    need_reportlab()
    page = Page()
    page.columns = [[Block("subtitle", "三年内推出五款新产品"), Block("headline", "青禾生物选举新任董事长"),
                     Block("para", ROLE_PARA)], []]
    f = tmp_path / "k.pdf"
    f.write_bytes(draw_pages([page]))
    (a,) = read_source(f)
    assert (a.title, a.text) == ("青禾生物选举新任董事长", "三年内推出五款新产品\n" + ROLE_PARA)


def test_articles_over_the_limit_are_refused_by_page_and_title(epaper):
    from kg.ingest import Limits

    out = list(read_source(epaper, Limits(max_article_chars=40)))
    assert [str(x) if isinstance(x, InputError) else (x.id, x.title) for x in out] == [
        f"{epaper}: page 3 item 1 (星河智能落户云湾科技园): article too long: 96 characters "
        "(limit 40; raise it with --max-article-chars)",
        f"{epaper}: page 3 item 2 (青禾生物选举新任董事长): article too long: 73 characters "
        "(limit 40; raise it with --max-article-chars)",
        ("3", ""), ("4", "云湾港口货运量创新高")]


def test_a_sentence_naming_a_date_at_the_foot_of_the_page_is_text(tmp_path):
    need_reportlab()
    page = Page()
    filler = "云湾港口货物吞吐量持续增长，" * 8 + "同比增长8%。"
    page.columns = [[Block("headline", "云湾港口货运量创新高")] +
                     [Block("para", f"第{i}段。" + filler) for i in range(1, 9)] +
                     [Block("para", "双方于2024年3月5日正式签约。")], []]     # its last line 52 pt above the foot
    f = tmp_path / "foot.pdf"
    f.write_bytes(draw_pages([page]))
    (a,) = read_source(f)
    assert a.text.endswith("\n双方于2024年3月5日正式签约。")


def test_page_number_without_header_is_the_pdf_page(tmp_path):
    need_reportlab()
    page = Page(header_date=None, header_page=None, masthead=None)
    page.columns[0] = [Block("headline", "云湾港口货运量创新高"), Block("para", "云湾港口货物吞吐量同比增长8%。")]
    f = tmp_path / "bare.pdf"
    f.write_bytes(draw_pages([Page(header_date=None, header_page=None, masthead=None, columns=[[
        Block("headline", "青禾生物选举新任董事长"), Block("para", ROLE_PARA)], []]), page]))
    got = [(a.page, a.edition, a.date, a.title) for a in read_source(f)]
    assert got == [(1, None, None, "青禾生物选举新任董事长"), (2, None, None, "云湾港口货运量创新高")]


# --------------------------------------------------------------------------- bad PDFs


def _errors(path):
    out = list(read_source(path))
    return [str(e) for e in out if isinstance(e, InputError)], [a for a in out if isinstance(a, Article)]


def test_scanned_page_is_an_error_never_an_empty_article(tmp_path):
    need_reportlab()
    f = tmp_path / "scan.pdf"
    f.write_bytes(image_only_pdf())
    assert _errors(f) == ([f"{f}: page 1: scanned page, no text layer"], [])


def test_a_scanned_page_among_text_pages(tmp_path):
    need_reportlab()
    p3, p4 = epaper_pages()
    f = tmp_path / "mixed.pdf"
    f.write_bytes(draw_pages([p3, SCAN, p4]))
    errors, arts = _errors(f)
    assert errors == [f"{f}: page 2: scanned page, no text layer"]
    assert [(a.page, a.title) for a in arts] == [(3, "星河智能落户云湾科技园"), (3, "青禾生物选举新任董事长"),
                                                 (4, ""), (4, "云湾港口货运量创新高")]


def test_blank_page(tmp_path):
    need_reportlab()
    p3, _ = epaper_pages()
    f = tmp_path / "blank.pdf"
    f.write_bytes(draw_pages([p3, Page(header_date=None, header_page=None, masthead=None)]))
    errors, arts = _errors(f)
    assert errors == [f"{f}: page 2: blank page, no text"] and len(arts) == 2


def test_a_layout_the_reader_fails_on_skips_the_page(tmp_path, monkeypatch, epaper):
    from kg.sources import pdf

    def fail(*_):
        raise ValueError("no columns")

    monkeypatch.setattr(pdf, "page_articles", fail)
    errors, arts = _errors(epaper)
    assert errors == [f"{epaper}: page {n}: unreadable layout: no columns; page skipped" for n in (1, 2)]
    assert arts == []


def test_rotated_text_only(tmp_path):
    need_reportlab()
    import io

    from reportlab.pdfgen import canvas

    from sources_gen import _font

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont(_font(), 12)
    c.rotate(90)
    c.drawString(100, -100, "竖排的标题文字")
    c.showPage()
    c.save()
    f = tmp_path / "v.pdf"
    f.write_bytes(buf.getvalue())
    assert _errors(f) == ([f"{f}: page 1: only vertical or rotated text, which this reader does not follow"], [])


def test_encrypted_pdf(tmp_path):
    need_reportlab()
    f = tmp_path / "locked.pdf"
    f.write_bytes(draw_pages(epaper_pages(), encrypt_password="secret"))
    assert _errors(f) == ([f"{f}: encrypted PDF: it needs a password to open; not read"], [])


def test_encrypted_pdf_with_an_empty_password_is_read(tmp_path):
    need_reportlab()
    f = tmp_path / "owner-only.pdf"
    f.write_bytes(draw_pages(epaper_pages(), encrypt_password=""))
    errors, arts = _errors(f)
    assert errors == [] and len(arts) == 4


@pytest.mark.parametrize("cut", [0.5, 0.97])
def test_truncated_pdf(tmp_path, cut):
    need_reportlab()
    data = draw_pages(epaper_pages())
    f = tmp_path / "cut.pdf"
    f.write_bytes(data[:int(len(data) * cut)])
    assert _errors(f) == ([f"{f}: truncated PDF: the end-of-file marker (%%EOF) is missing; not read"], [])


@pytest.mark.parametrize("data, reason", [
    (b"hello, not a PDF\n", "not a PDF file (no %PDF header)"),
    (b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n", "damaged PDF: No /Root object! - Is this really a PDF?; not read"),
    (b"", "empty file"),
])
def test_not_a_pdf(tmp_path, data, reason):
    f = tmp_path / "x.pdf"
    f.write_bytes(data)
    assert _errors(f) == ([f"{f}: {reason}"], [])


def test_damaged_pdfs_are_errors_on_one_line_never_a_crash(tmp_path):
    """Bytes changed at random (the end marker kept): every outcome is articles or one-line errors."""
    need_reportlab()
    import random

    data = draw_pages(epaper_pages())
    rnd = random.Random(7)
    f = tmp_path / "d.pdf"
    kinds = set()
    for _ in range(40):
        b = bytearray(data)
        for _ in range(rnd.choice([1, 10, 50])):
            b[rnd.randrange(len(b) - 10)] = rnd.randrange(256)
        f.write_bytes(bytes(b))
        for x in read_source(f):
            if isinstance(x, InputError):
                assert "\n" not in str(x) and not any(0x7f <= ord(c) <= 0x9f or ord(c) < 0x20 for c in str(x))
                kinds.add(x.reason.split(":")[0])
            else:
                assert isinstance(x, Article) and x.text
    assert kinds


def test_a_page_without_a_media_box(tmp_path):
    need_reportlab()
    f = tmp_path / "nobox.pdf"
    f.write_bytes(draw_pages(epaper_pages()).replace(b"/MediaBox", b"/MediaBoxX", 1))
    assert _errors(f) == ([f"{f}: damaged PDF: its pages cannot be read ('NoneType' object is not iterable); not read"], [])


def test_a_bad_pdf_does_not_stop_the_others(tmp_path):
    need_reportlab()
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 cut")
    (tmp_path / "b.pdf").write_bytes(draw_pages(epaper_pages()))
    out = list(read_sources([tmp_path]))
    assert [str(x) if isinstance(x, InputError) else x.title for x in out] == [
        f"{tmp_path / 'a.pdf'}: truncated PDF: the end-of-file marker (%%EOF) is missing; not read",
        "星河智能落户云湾科技园", "青禾生物选举新任董事长", "", "云湾港口货运量创新高"]


def test_the_same_page_twice_is_a_duplicate(tmp_path):
    need_reportlab()
    data = draw_pages(epaper_pages())
    (tmp_path / "a.pdf").write_bytes(data)
    (tmp_path / "b.pdf").write_bytes(data)
    errors = [str(x) for x in read_sources([tmp_path]) if isinstance(x, InputError)]
    assert errors[0] == (f"{tmp_path / 'b.pdf'}: page 3 item 1 (星河智能落户云湾科技园): duplicate article: "
                         f"same text as {tmp_path / 'a.pdf'} page 3 item 1 (星河智能落户云湾科技园); skipped")
    assert len(errors) == 4


# --------------------------------------------------------------------------- extraction


def test_facts_from_a_pdf_point_into_the_article_text(epaper):
    exs, errors = api.extract([str(epaper)])
    assert errors == []
    labels = {}
    facts = set()
    n = 0
    for ex in exs:
        labels = {e.id: e.label for e in ex.entities}
        for f in ex.facts:
            ev = f.evidence
            assert ex.article.text[ev.start:ev.end] == ev.sentence, (ex.article.id, f)
            n += 1
            if isinstance(f.object, str):
                facts.add((f.relation, labels[f.subject], labels[f.object]))
    assert n > 0
    assert ("locatedIn", "星河智能科技有限公司", "云湾科技园") in facts


# --------------------------------------------------------------------------- any paragraphs


_WORDS = ("园区", "企业", "项目", "投资", "建设", "发展", "科技", "创新", "合作", "产业", "记者", "本报",
          "下转", "第3版", "2024年", "12", "亿元", "（", "）", "，", "、", "新华社", "电", "月", "日")


def _paragraph(words) -> str:
    return "".join(words).lstrip("，、）") + "。"


def test_any_paragraphs_in_two_columns_read_back_exactly():
    """Paragraphs of words that include byline, dateline and page words, wrapped over two ragged
    or justified columns (the second column's story under its own headline), read back as written."""
    need_reportlab()
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    paras = st.lists(st.lists(st.sampled_from(_WORDS), min_size=4, max_size=40).map(_paragraph),
                     min_size=1, max_size=4)

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(left=paras, right=paras, justify=st.booleans())
    def check(left, right, justify):
        page = Page(justify=justify)
        left, right = ["甲" + p for p in left], ["乙" + p for p in right]     # two different stories
        page.columns = [[Block("headline", "左栏标题")] + [Block("para", p) for p in left],
                        [Block("headline", "右栏标题")] + [Block("para", p) for p in right]]
        arts = [a for a in _read_bytes(draw_pages([page]))]
        assert [(a.title, a.text.split("\n")) for a in arts] == [
            ("左栏标题", [_clean(p) for p in left]), ("右栏标题", [_clean(p) for p in right])]

    check()


def _clean(p: str) -> str:
    """What the reader makes of a paragraph: continuation notes out, spaces as a text page's."""
    import re

    from kg.sources.pdf import _CONTINUATION_RE
    return re.sub(r"\s+", " ", _CONTINUATION_RE.sub("", p)).strip()


def _read_bytes(data: bytes):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "p.pdf"
        f.write_bytes(data)
        out = list(read_source(f))
    assert all(isinstance(a, Article) for a in out), out
    return out
