"""E-paper PDF pages -> Articles, from the PDF's text layer (pdfplumber).

Each PDF page is one newspaper page. Its characters, with their positions and
sizes, are read back into layout, not into a stream of text:

* **lines**: characters of one size on one baseline; a horizontal gap wider than
  0.6 of a character splits a line into segments (the gutter between two columns);
  the text of a line has no spaces between Chinese characters (justified lines are
  spaced out) and a space where a word gap is wider than the line's usual spacing;
* **header**: segments in the top (or bottom) strip of the page that state the
  edition (``2024年3月5日 星期二``, ``第3版``, ``责任编辑``), and everything beside
  and above them (the masthead), are dropped; the date is the edition's date,
  ``第N版`` the page (else the PDF page's number);
* **columns**: the x-ranges where body-size lines run, separated by gutters that
  (almost) no body line crosses; a line wider than one column (a headline across
  columns) cuts the page into bands. Reading order: band by band, top to bottom, and in a
  band column by column, left to right, each top to bottom;
* **paragraphs**: a line starts a paragraph when it is indented, when the line
  before ended short of the column's right edge, or after a wider gap;
* **articles**: a headline (characters at least 1.2 times the body size) starts
  one; smaller display lines right under it (a subtitle) or right above it (a
  kicker, 引题) open its text. Body text
  above the first headline of a page (continued from another page) is an
  untitled article; a headline with no text under it is dropped;
* **bylines** (``本报记者 林晓``, ``（记者 林晓）`` after a dateline, a name alone as
  the last paragraph) become ``creators``/``bylines``, kept out of the text;
* **continuation notes** (``（下转第3版）``, ``（上接第1版）``) are dropped from the
  text and kept in ``Article.continuations``.

``Article.page`` and ``Article.edition`` carry the page and the edition date;
``Article.date`` is the date of the article's dateline resolved against the edition
(``本报北京3月4日电``), else the edition date (``kg.sources.dates``).

Bad input: one ``InputError`` per file (``not a PDF file``, ``encrypted PDF``,
``truncated PDF``, ``damaged PDF``), or per page (``page 2: scanned page, no text
layer``); the file's other pages are still read.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import logging

from ..errors import InputError, display_path
from ..model import Article
from . import dates

__all__ = ["read_pdf", "page_articles", "PdfArticle"]

# pdfminer logs what it repairs (a missing MediaBox, a bad object); kg reports what matters as
# InputErrors and never prints: without a handler of the application's, its records go nowhere
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

HEADLINE_RATIO = 1.2        # a headline's characters are at least this much larger than the body's
_HEADER_STRIP = 0.15        # the header is looked for in the top 15% of the page
_FOOTER_STRIP = 0.08        # and in its bottom 8%
_HEADER_RE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*[\d一二三四五六七八九十]+\s*版|星期[一二三四五六日天]"
                        r"|责任编辑|责编|美术编辑|版式设计|校对")
_PAGE_RE = re.compile(r"第\s*(\d+)\s*版")
_CONTINUATION_RE = re.compile(r"[（(]\s*((?:下转|上接|转自|接)第?\s*\d+\s*版)\s*[)）]")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
COLUMN_GAP = 0.6            # a gap wider than this many characters on one line is a gutter
_FINAL_PUNCT = "。！？!?；;…”’」』）)"


@dataclass
class _Seg:
    """Characters of one size on one baseline, up to a gap wider than a character."""

    chars: list = field(default_factory=list)
    size: float = 0.0

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars)

    @property
    def text(self) -> str:
        gaps = sorted(b["x0"] - a["x1"] for a, b in zip(self.chars, self.chars[1:]))
        usual = gaps[len(gaps) // 2] if gaps else 0.0          # the spacing of a justified line
        out, prev = [], None
        for c in self.chars:
            if prev is not None and c["x0"] - prev["x1"] > usual + 0.3 * self.size \
                    and not (_CJK.match(prev["text"]) and _CJK.match(c["text"])):
                out.append(" ")       # a word gap without a space character (never between Chinese)
            out.append(c["text"])
            prev = c
        return re.sub(r"\s+", " ", "".join(out)).strip()


@dataclass(frozen=True)
class PdfArticle:
    """One article of a page, before it becomes an Article."""

    title: str
    text: str
    creators: tuple[str, ...] = ()
    bylines: tuple[str, ...] = ()
    continuations: tuple[str, ...] = ()


# --------------------------------------------------------------------------- reading a file


def read_pdf(path: Path, data: bytes, limits, source: str, run) -> Iterator[Article | InputError]:
    """Articles of a PDF file's bytes (``limits`` and ``run`` as in ``kg.ingest``)."""
    name = str(path)
    problem = _check_bytes(data)
    if problem:
        yield InputError(name, problem)
        return
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:  # pragma: no cover - declared dependency
        yield InputError(name, "PDF support is not installed (pip install pdfplumber)")
        return
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:       # pdfminer raises many kinds; each is one refused file
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, PDFPasswordIncorrect) or "password" in type(cause).__name__.lower():
            yield InputError(name, "encrypted PDF: it needs a password to open; not read")
        else:
            yield InputError(name, f"damaged PDF: {_reason(cause)}; not read")
        return
    try:
        yield from _read_pages(pdf, name, limits, source, run)
    finally:
        try:
            pdf.close()
        except Exception:       # closing walks the pages again; a damaged page tree fails here too
            pass


def _read_pages(pdf, name: str, limits, source: str, run) -> Iterator[Article | InputError]:
    from ..ingest import refusal

    try:
        pages = list(pdf.pages)
    except Exception as e:       # the page tree itself (a page without a MediaBox, a bad object)
        yield InputError(name, f"damaged PDF: its pages cannot be read ({_reason(e)}); not read")
        return
    if not pages:
        yield InputError(name, "PDF without pages")
        return
    n = 0
    for index, page in enumerate(pages, start=1):
        try:
            every = page.chars
            chars = [c for c in every if c.get("upright", True)]
            images = len(page.images)
            height, width = float(page.height), float(page.width)
        except Exception as e:
            yield InputError(name, f"page {index}: damaged page: {_reason(e)}; page skipped")
            continue
        if not any(c["text"].strip() for c in chars):
            inked = any(c["text"].strip() for c in every)
            what = ("only vertical or rotated text, which this reader does not follow" if inked
                    else "scanned page, no text layer" if images else "blank page, no text")
            yield InputError(name, f"page {index}: {what}")
            continue
        try:
            header, items = page_articles(chars, width, height)
        except Exception as e:     # a layout this reader cannot follow: the page, not the build
            yield InputError(name, f"page {index}: unreadable layout: {_reason(e)}; page skipped")
            continue
        edition = dates.edition_date(header)
        pm = _PAGE_RE.search(header)
        number = int(pm.group(1)) if pm else index
        for item in items:
            n += 1
            what = f"page {number} item {n}" + (f" ({item.title[:20]})" if item.title else "")
            refused = refusal(name, what, item.text, limits, run)
            if refused is not None:
                yield refused
                continue
            yield Article(id=str(n), text=item.text, source=source, position=n, title=item.title,
                          creators=item.creators, bylines=item.bylines,
                          date=dates.article_date(item.text, None, edition),
                          page=number, edition=edition, continuations=item.continuations)


def _check_bytes(data: bytes) -> str | None:
    head = data[:1024]
    if b"%PDF-" not in head:
        return "not a PDF file (no %PDF header)"
    if b"%%EOF" not in data[-2048:]:
        return "truncated PDF: the end-of-file marker (%%EOF) is missing; not read"
    return None


def _reason(e: BaseException) -> str:
    """pdfminer's message on one line: its first line, at most 120 characters, control
    characters (bytes of the damaged file) escaped."""
    text = str(e).strip() or type(e).__name__
    return display_path(text.splitlines()[0][:120])


# --------------------------------------------------------------------------- layout


def page_articles(chars: list[dict], width: float, height: float) -> tuple[str, list[PdfArticle]]:
    """(the page header's text, the page's articles in reading order) from pdfplumber chars."""
    segs = _segments(chars)
    if not segs:
        return "", []
    header_segs = _header(segs, height)
    header = " ".join(s.text for s in sorted(header_segs, key=lambda s: (round(s.top), s.x0)))
    body = [s for s in segs if not any(s is h for h in header_segs) and s.text]
    if not body:
        return header, []
    size = _body_size(body)
    ordered = _reading_order(body, size)
    return header, _articles(ordered, size)


def _segments(chars: list[dict]) -> list[_Seg]:
    def size_of(c) -> float:        # to half a point: one font's sizes differ in the last digits
        return round(2 * float(c.get("size") or (c["bottom"] - c["top"]))) / 2

    # a row: characters of one size whose baselines lie within a third of it of the row's first
    rows: list[tuple[float, list]] = []
    row_bottom = None
    for c in sorted(chars, key=lambda c: (size_of(c), c["bottom"])):
        size = size_of(c)
        if rows and rows[-1][0] == size and c["bottom"] - row_bottom <= size / 3:
            rows[-1][1].append(c)
        else:
            rows.append((size, [c]))
            row_bottom = c["bottom"]
    segs: list[_Seg] = []
    for size, row in rows:
        row.sort(key=lambda c: c["x0"])
        cur = _Seg(size=size)
        last_ink = None
        for c in row:
            ink = bool(c["text"].strip())
            if ink and last_ink is not None and c["x0"] - last_ink["x1"] > COLUMN_GAP * size:
                if cur.chars:
                    segs.append(cur)
                cur = _Seg(size=size)
            if ink or cur.chars:
                cur.chars.append(c)
            if ink:
                last_ink = c
        if cur.chars:
            segs.append(cur)
    for s in segs:                        # no trailing spaces in a segment's box
        while s.chars and not s.chars[-1]["text"].strip():
            s.chars.pop()
    return [s for s in segs if s.chars]


def _header(segs: list[_Seg], height: float) -> list[_Seg]:
    """Segments of the header (top strip) and footer (bottom strip) that name the edition."""
    out: list[_Seg] = []
    top_marks = [s for s in segs if s.bottom <= height * _HEADER_STRIP and _is_header(s.text)]
    if top_marks:
        limit = max(s.bottom for s in top_marks)
        out.extend(s for s in segs if s.top <= limit)          # the masthead beside and above them
    out.extend(s for s in segs if s.top >= height * (1 - _FOOTER_STRIP) and _is_header(s.text)
               and not any(s is o for o in out))
    return out


def _is_header(text: str) -> bool:
    """Does a line state the edition (a date, 第N版, 星期X, the page's editors)? A
    continuation note (（上接第3版）) does not."""
    text = _CONTINUATION_RE.sub("", text)
    # a sentence that names a date (于2024年3月5日签约。) at the top or foot of a column is text
    return len(text) <= 40 and not re.search(r"[，。；！？,;!?]", text) and bool(_HEADER_RE.search(text))


def _body_size(segs: list[_Seg]) -> float:
    counts: Counter = Counter()
    for s in segs:
        counts[s.size] += len(s.chars)
    return counts.most_common(1)[0][0]


def _columns(body: list[_Seg], size: float) -> list[tuple[float, float]]:
    """x-ranges of the columns: where body lines run, point by point; a gutter is where at most
    one in twenty of the lines at the busiest point run (a few lines across columns do not
    close it), as wide as a gutter between two segments of a line (COLUMN_GAP)."""
    lo = int(min(s.x0 for s in body))
    hi = int(max(s.x1 for s in body)) + 2
    delta = [0] * (hi - lo + 1)
    for s in body:
        delta[int(s.x0) - lo] += 1
        delta[int(s.x1) - lo] -= 1
    cover, run = [], 0
    for d in delta:
        run += d
        cover.append(run)
    floor = max(cover) // 20
    cols: list[tuple[float, float]] = []
    start = None
    for i, c in enumerate(cover + [0]):
        if c > floor and start is None:
            start = i
        elif c <= floor and start is not None:
            if cols and lo + start - cols[-1][1] < COLUMN_GAP * size:
                cols[-1] = (cols[-1][0], float(lo + i))      # an indent, not a gutter
            else:
                cols.append((float(lo + start), float(lo + i)))
            start = None
    # a run narrower than four characters is no column: the short last line of a paragraph
    # beside the indented first one; it joins the run next to it
    i = 0
    while len(cols) > 1 and i < len(cols):
        a, b = cols[i]
        if b - a < 4 * size:
            gaps = [(a - cols[i - 1][1], i - 1) if i > 0 else None,
                    (cols[i + 1][0] - b, i + 1) if i + 1 < len(cols) else None]
            gap, j = min(g for g in gaps if g is not None)
            if gap < 2.5 * size:
                lo_i, hi_i = min(i, j), max(i, j)
                cols[lo_i:hi_i + 1] = [(cols[lo_i][0], cols[hi_i][1])]
                i = 0
                continue
        i += 1
    return cols


def _reading_order(segs: list[_Seg], size: float) -> list[tuple[_Seg, tuple[float, float]]]:
    """Segments in reading order, each with the column it is read in."""
    body = [s for s in segs if s.size < size * HEADLINE_RATIO]
    # columns from the body lines that fit the narrowest layout: a line spanning several
    # columns (a full-width paragraph) would otherwise merge them
    cols = _columns(body, size)

    def covered(s: _Seg) -> list[int]:
        return [i for i, (a, b) in enumerate(cols) if s.x0 < b - 0.5 * size and s.x1 > a + 0.5 * size]

    spanning = sorted((s for s in segs if len(covered(s)) > 1), key=lambda s: s.top)
    # a column's edges: its lines' and headlines' extent (a column of one-line paragraphs, all
    # indented, still has its headline's left edge)
    edges = []
    for i, (a, b) in enumerate(cols):
        mine = [s for s in segs if covered(s) == [i]]
        edges.append((min([a] + [s.x0 for s in mine]), max([b] + [s.x1 for s in mine])))
    cuts = [s.top for s in spanning]
    out: list[tuple[_Seg, tuple[float, float]]] = []
    bounds = [float("-inf")] + cuts + [float("inf")]
    placed: set[int] = set()
    for lo, hi in zip(bounds, bounds[1:]):
        for s in spanning:
            if s.top == lo and id(s) not in placed:
                placed.add(id(s))
                out.append((s, (s.x0, s.x1)))
        band = [s for s in segs if lo <= s.top < hi and id(s) not in placed and len(covered(s)) <= 1]
        for i in range(len(cols)):
            in_col = [s for s in band if covered(s) == [i] or (not covered(s) and _nearest(s, cols) == i)]
            for s in sorted(in_col, key=lambda s: (s.top, s.x0)):
                placed.add(id(s))
                out.append((s, edges[i]))
    return out


def _nearest(s: _Seg, cols: list[tuple[float, float]]) -> int:
    mid = (s.x0 + s.x1) / 2
    return min(range(len(cols)), key=lambda i: abs((cols[i][0] + cols[i][1]) / 2 - mid))


@dataclass
class _Draft:
    title: list[str] = field(default_factory=list)
    paras: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _articles(ordered: list[tuple[_Seg, tuple[float, float]]], size: float) -> list[PdfArticle]:
    from ..ingest import _strip_reporter, parse_byline

    drafts: list[_Draft] = []
    cur: _Draft | None = None
    para: list[str] = []
    prev: tuple[_Seg, tuple[float, float]] | None = None
    title_size = 0.0

    def close_para():
        nonlocal para
        if para and cur is not None:
            cur.paras.append(_join(para))
        para = []

    for seg, col in ordered:
        text = seg.text
        if seg.size >= size * HEADLINE_RATIO:
            heading_run = cur is not None and prev is not None and prev[0].size >= size * HEADLINE_RATIO \
                and not cur.paras and not para
            if heading_run and seg.size >= title_size - 0.01 and abs(seg.size - title_size) < 0.01:
                cur.title.append(text)              # a headline over two lines
            elif heading_run and seg.size < title_size:
                cur.paras.append(text)              # a subtitle under it
            else:
                close_para()
                kicker = heading_run and seg.size > title_size and prev[1] == col \
                    and seg.top - prev[0].bottom < 2 * size
                if kicker:                          # a smaller line right above the headline (引题)
                    drafts.remove(cur)
                cur = _Draft(title=[text], paras=["".join(cur.title)] if kicker else [])
                drafts.append(cur)
                title_size = seg.size
            prev = (seg, col)
            continue
        if cur is None:
            cur = _Draft()
            drafts.append(cur)
        notes = [m.group(1).replace(" ", "") for m in _CONTINUATION_RE.finditer(text)]
        if notes:
            cur.notes.extend(notes)
            text = _CONTINUATION_RE.sub("", text).strip()
            if not text:
                prev = (seg, col)
                continue
        goes_on = bool(para) and prev is not None and not _starts_paragraph(seg, col, prev, size)
        # a line that carries on a sentence is no byline, whatever it reads like (记者从…获悉)
        names = parse_byline(text, bare=False) if len(text) <= 40 and not (goes_on and _open_end(prev[0])) \
            else None
        if names:
            close_para()
            cur.creators.extend(names)
            cur.bylines.append(text)
            prev = (seg, col)
            continue
        if goes_on:
            para.append(text)
        else:
            close_para()
            para = [text]
        prev = (seg, col)
    close_para()

    out = []
    for d in drafts:
        paras = [p for p in d.paras if p]
        if not paras:
            continue                                 # a headline without text (a masthead, a teaser)
        first, names = _strip_reporter(paras[0])
        paras[0] = first
        creators = list(d.creators) + list(names)
        if len(paras) > 1 and len(paras[-1]) <= 12:
            last = parse_byline(paras[-1], bare=True)
            if last:                                 # a name alone closing the article
                creators.extend(last)
                d.bylines.append(paras.pop())
        out.append(PdfArticle(title="".join(d.title), text="\n".join(paras),
                              creators=tuple(dict.fromkeys(creators)), bylines=tuple(d.bylines),
                              continuations=tuple(d.notes)))
    return out


def _starts_paragraph(seg: _Seg, col: tuple[float, float], prev: tuple[_Seg, tuple[float, float]],
                      size: float) -> bool:
    pseg, pcol = prev
    if pcol != col:
        # a paragraph goes on in the next column when its last line ended mid-sentence
        return not _open_end(pseg) or seg.x0 > col[0] + 0.8 * size
    if pseg.size != seg.size:
        return True
    if seg.x0 > col[0] + 0.8 * size:        # indented
        return True
    if pseg.x1 < col[1] - 1.5 * size and not _open_end(pseg):
        return True                         # the line before ended a sentence short of the edge
    return seg.top - pseg.bottom > 0.8 * size


def _open_end(seg: _Seg) -> bool:
    text = seg.text
    return bool(text) and text[-1] not in _FINAL_PUNCT


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        a, b = out[-1:], line[:1]
        if a.isascii() and a.isalpha() and b.isascii() and b.isalnum():
            # a word wrapped at a space; digits wrapped inside a number join without one
            out += " " + line
        else:
            out += line
    return re.sub(r"\s+", " ", out).strip()
