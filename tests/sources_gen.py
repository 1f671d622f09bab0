"""Test inputs the source tests draw themselves: e-paper PDF pages and saved web pages.

PDFs are drawn with reportlab and the WenQuanYi Zen Hei font of Debian's
``fonts-wqy-zenhei``; every name in them is made up.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
PAGE_W, PAGE_H = 595.0, 842.0          # A4 in points
BODY = 10.0                            # body text size
LEADING = 14.0
COLUMNS = ((40.0, 280.0), (315.0, 555.0))   # two columns, a 35 pt gutter


def need_reportlab():
    """Skip unless reportlab and the CJK font are there."""
    pytest.importorskip("reportlab", reason="reportlab (test extra) draws the test PDFs")
    pytest.importorskip("pdfplumber", reason="pdfplumber reads PDFs")
    if not FONT_FILE.is_file():
        pytest.skip(f"no CJK font at {FONT_FILE} (Debian package fonts-wqy-zenhei)")


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "wqy" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("wqy", str(FONT_FILE), subfontIndex=0))
    return "wqy"


@dataclass
class Block:
    """Something drawn in a column: a headline, a byline line or a paragraph."""

    kind: str            # "headline" | "subtitle" | "byline" | "para" | "cont" (a paragraph's rest, not
                         # indented) | "flow" (a paragraph going on in the next column: its last line full)
    text: str


@dataclass
class Page:
    """One newspaper page: a header, and the blocks of each column, top to bottom."""

    header_date: str | None = "2024年3月5日 星期二"
    header_page: str | None = "第3版"
    masthead: str | None = "云湾日报"
    columns: list[list[Block]] = field(default_factory=lambda: [[], []])
    spanning: Block | None = None     # a headline across the columns, above them
    column_x: tuple = COLUMNS         # (x0, x1) of each column
    justify: bool = False             # lines of a paragraph but its last set flush to both edges
    below: list = field(default_factory=list)   # (spanning headline or None, columns) drawn under the rest


def _draw_line(c, x: float, y: float, line: str, width: float | None, font: str, size: float) -> None:
    """One line of text; with ``width``, its characters spaced out to fill it (justified)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    t = c.beginText(x, y)
    t.setFont(font, size)
    if width is not None and len(line) > 1:
        t.setCharSpace((width - stringWidth(line, font, size)) / (len(line) - 1))
    t.textLine(line)
    c.drawText(t)


def _wrap(text: str, width: float, first_indent: float, font: str, size: float) -> list[tuple[float, str]]:
    """(indent, line) of a paragraph wrapped to ``width`` by measured width (ragged right)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur, indent = [], "", first_indent
    for ch in text:
        if stringWidth(cur + ch, font, size) > width - indent:
            lines.append((indent, cur))
            cur, indent = "", 0.0
        cur += ch
    if cur:
        lines.append((indent, cur))
    return lines


SCAN = "scan"      # in draw_pages' list: an image-only page


def draw_pages(pages: list, *, encrypt_password: str | None = None) -> bytes:
    """The PDF of ``pages`` (``Page``s, or ``SCAN`` for an image-only page), one PDF page each."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    font = _font()
    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(encrypt_password, ownerPassword="owner") if encrypt_password else None
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), encrypt=enc, invariant=1)
    for page in pages:
        if page == SCAN:
            _draw_scan(c)
            c.showPage()
            continue
        if page.masthead:
            c.setFont(font, 16)
            c.drawString(40, PAGE_H - 36, page.masthead)
        c.setFont(font, 9)
        if page.header_date:
            c.drawString(140, PAGE_H - 36, page.header_date)
        if page.header_page:
            c.drawString(PAGE_W - 80, PAGE_H - 36, page.header_page)
        top = PAGE_H - 80
        for spanning, columns in [(page.spanning, page.columns)] + list(page.below):
            top = _draw_section(c, page, spanning, columns, top, font)
        c.showPage()
    c.save()
    return buf.getvalue()


def _draw_section(c, page: Page, spanning: Block | None, columns: list, top: float, font: str) -> float:
    """Draw a headline across the columns and the columns under it; the lowest y reached."""
    if spanning is not None:
        c.setFont(font, 22)
        c.drawString(page.column_x[0][0], top - 22, spanning.text)
        top -= 40
    lowest = top
    for (x0, x1), blocks in zip(page.column_x, columns):
        y = top
        for b in blocks:
            if b.kind == "headline":
                y -= 24
                c.setFont(font, 18)
                c.drawString(x0, y, b.text)
                y -= 8
            elif b.kind == "subtitle":
                y -= 16
                c.setFont(font, 13)
                c.drawString(x0, y, b.text)
                y -= 4
            elif b.kind == "byline":
                y -= LEADING
                c.setFont(font, BODY)
                c.drawString(x0, y, b.text)
            else:
                c.setFont(font, BODY)
                first = 0.0 if b.kind == "cont" else 2 * BODY
                lines = _wrap(b.text, x1 - x0, first, font, BODY)
                for i, (indent, line) in enumerate(lines):
                    y -= LEADING
                    full = page.justify and (i < len(lines) - 1 or b.kind == "flow")
                    _draw_line(c, x0 + indent, y, line, x1 - x0 - indent if full else None, font, BODY)
        lowest = min(lowest, y)
    return lowest - 24


def image_only_pdf() -> bytes:
    """A scanned page: one image, no text layer."""
    return draw_pages([SCAN])


def _draw_scan(c) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (120, 160), 200)
    for x in range(10, 110):
        for y in range(20, 24):
            img.putpixel((x, y), 20)          # a dark stroke: "ink" with no characters behind it
    c.drawImage(ImageReader(img), 40, 300, width=500, height=500)


# --------------------------------------------------------------------------- the test corpus

SETTLE_PARA = ("本报上海3月4日电 星河智能科技有限公司近日正式落户云湾科技园，总投资20亿元，"
               "主要建设智能传感器研发和生产基地。")
SECOND_PARA = "云湾科技园管委会主任周明表示，该项目预计明年投产，将带动上下游企业集聚发展。（下转第4版）"
ROLE_PARA = ("近日，青禾生物科技有限公司召开股东大会，选举陈立为公司董事长。陈立表示，"
             "公司将继续加大研发投入。")


def epaper_pages() -> list[Page]:
    """Page 3 (two columns: two articles left, one right) and page 4 (a continuation, one article)."""
    p3 = Page()
    p3.columns[0] = [Block("headline", "星河智能落户云湾科技园"),
                     Block("byline", "本报记者 林晓"),
                     Block("para", SETTLE_PARA),
                     Block("para", SECOND_PARA)]
    p3.columns[1] = [Block("headline", "青禾生物选举新任董事长"),
                     Block("subtitle", "研发投入继续加大"),
                     Block("para", ROLE_PARA),
                     Block("para", "会议还审议通过了年度财务报告。"),
                     Block("byline", "（通讯员 赵一鸣）")]
    p4 = Page(header_date="2024年3月5日 星期二", header_page="第4版", masthead=None)
    p4.columns[0] = [Block("para", "（上接第3版）周明说，园区今年还将引进一批配套企业。"),
                     Block("headline", "云湾港口货运量创新高"),
                     Block("para", "今年前两个月，云湾港口累计完成货物吞吐量1200万吨，同比增长8%。"),
                     Block("byline", "王建国")]         # a signature: a name alone, closing the story
    return [p3, p4]


ARTICLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>星河智能落户云湾科技园_新闻中心_云湾网</title>
<meta property="article:published_time" content="2024-03-05T08:00:00+08:00">
<meta name="author" content="林晓"></head>
<body><nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻</a></li><li><a href="/about">关于我们</a></li></ul></nav>
<div class="header">云湾网 | 登录 | 注册</div>
<article><h1>星河智能落户云湾科技园</h1><p class="meta">2024年03月05日 来源：云湾日报</p>
<p>本报讯 星河智能科技有限公司近日正式落户云湾科技园，总投资20亿元，主要建设智能传感器研发和生产基地。</p>
<p>云湾科技园管委会主任周明表示，该项目将带动上下游企业集聚，预计明年投产后年产值可达50亿元。</p>
<p>星河智能成立于2015年，是一家专注于工业传感器的高新技术企业。</p></article>
<div class="comments"><h3>网友评论</h3><div class="comment"><p>这个项目太好了，支持！</p></div>
<div class="comment"><p>希望早日投产。</p></div></div>
<footer><p>版权所有 © 2024 云湾网</p><a href="/contact">联系我们</a></footer></body></html>
"""

DATELINE_HTML = """<html><head><meta charset="utf-8"><title>蓝岭新材料签约入驻松川经济开发区</title></head>
<body><div id="nav"><a href="/">首页</a> | <a href="/list">要闻</a></div>
<div class="content"><h1>蓝岭新材料签约入驻松川经济开发区</h1>
<p>新华社杭州2023年11月20日电（记者 孙悦）蓝岭新材料股份有限公司20日与松川经济开发区签约，新建高性能膜材料生产线。</p>
<p>据介绍，项目达产后预计年产值超过10亿元。</p>
<p>记者 孙悦</p></div>
<div class="footer">网站地图 | 联系我们</div></body></html>
"""

NO_ARTICLE_HTML = """<html><head><meta charset="utf-8"><title>云湾网首页</title></head>
<body><nav><a href="/">首页</a><a href="/n">新闻</a></nav>
<ul><li><a href="/a">星河智能落户云湾科技园</a></li><li><a href="/b">云湾港口货运量创新高</a></li></ul>
<footer>版权所有 © 2024 云湾网</footer></body></html>
"""
