"""Saved web pages -> one Article: the main text, title, date and author (trafilatura).

trafilatura finds the page's main content and drops navigation, headers, footers
and comments (``favor_precision``, comments off). On what it returns:

* the text is normalised as a text page's (one paragraph a line); a first
  paragraph repeating the title is dropped; byline paragraphs (``本报记者 林晓``,
  ``作者：林晓``) become ``creators``/``bylines``, and ``（记者 林晓）`` after a dateline
  is removed as on a text page;
* the title is trafilatura's (the page's ``<h1>`` or ``<title>``), without the site's
  and section's names a ``<title>`` adds after ``_`` or ``|`` (its longest part);
* the date is the page's publication date (metadata, then the page, as
  trafilatura's date search finds it), else the dateline's (``kg.sources.dates``);
* the author: trafilatura's, else the page's ``<meta name="author">`` (trafilatura
  drops names without a space, which Chinese names are), plus the bylines.

A page without an article is one ``InputError`` (``no article found in the HTML
page``): nothing extracted, or no paragraph that ends a sentence (a list of links,
a navigation bar).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, display_path
from ..model import Article
from . import dates

__all__ = ["read_html", "html_article"]

# trafilatura and htmldate log what they skip; kg never prints (records go to the application's
# handlers, if it has any)
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)\"']*$")
_AUTHOR_PREFIX = re.compile(r"^\s*(?:作者|撰文|文|记者|编辑|责任编辑|责编)\s*[:：/／]?\s*")
_TITLE_SEP = re.compile(r"\s*[_|｜]\s*|\s+[-–—]\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_AUTHOR_META = ("author", "article:author", "byl", "dc.creator", "og:article:author")


def read_html(path: Path, data: bytes, limits, source: str, run) -> Iterator[Article | InputError]:
    """The article of a saved web page's bytes (``limits`` and ``run`` as in ``kg.ingest``)."""
    from ..ingest import decode_source, refusal

    name = str(path)
    text, _ = decode_source(data)
    if text is None:
        yield InputError(name, "binary file, not an HTML page")
        return
    if not text.strip():
        yield InputError(name, "empty file")
        return
    try:
        art = html_article(text)
    except Exception as e:     # whatever the parser cannot take: this page, not the build
        reason = display_path((str(e).strip() or type(e).__name__).splitlines()[0][:120])
        yield InputError(name, f"unreadable HTML page: {reason}")
        return
    if art is None:
        yield InputError(name, "no article found in the HTML page")
        return
    title, body, date, creators, bylines = art
    refused = refusal(name, "article" + (f" ({title[:20]})" if title else ""), body, limits, run)
    if refused is not None:
        yield refused
        return
    yield Article(id="1", text=body, source=source, position=1, title=title, creators=creators,
                  bylines=bylines, date=dates.article_date(body, date))


def html_article(html: str) -> tuple[str, str, str | None, tuple[str, ...], tuple[str, ...]] | None:
    """(title, text, date, creators, bylines) of a page's main article, or None without one."""
    import trafilatura

    from ..ingest import _norm_line, _strip_reporter, parse_byline

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_precision=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None or not getattr(doc, "text", None):
        return None
    title = _headline(_norm_line(doc.title or ""))
    paras = [p for p in (_norm_line(x) for x in doc.text.split("\n")) if p]
    if paras and title and paras[0] == title:
        paras = paras[1:]
    creators: list[str] = []
    bylines: list[str] = []
    kept = []
    for p in paras:
        names = parse_byline(_AUTHOR_PREFIX.sub("记者 ", p) if _AUTHOR_PREFIX.match(p) else p, bare=False) \
            if len(p) <= 40 else None
        if names:
            creators.extend(names)
            bylines.append(p)
        else:
            kept.append(p)
    if not any(_SENTENCE_END.search(p) for p in kept):
        return None
    kept[0], names = _strip_reporter(kept[0])
    creators.extend(names)
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()] or _meta_authors(html)
    authors = [_AUTHOR_PREFIX.sub("", a).strip() for a in authors]
    date = doc.date if dates.parse_iso(getattr(doc, "date", None)) else None
    return (title, "\n".join(kept), date, tuple(dict.fromkeys([a for a in authors if a] + creators)),
            tuple(bylines))


def _headline(title: str) -> str:
    """A page title without the site's and section's names that Chinese sites append with ``_`` or
    ``|`` (星河智能落户云湾科技园_新闻中心_云湾网): its longest part."""
    parts = [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]
    return max(parts, key=len) if len(parts) > 1 else title


def _meta_authors(html: str) -> list[str]:
    """Authors named by the page's meta tags (each a name, or names split by , ; 、 or space)."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:             # an unparsable page: no meta authors
        return []
    out: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key in _AUTHOR_META:
            content = (meta.get("content") or "").strip()
            if content and not content.lower().startswith("http"):
                for part in re.split(r"[,，;；、]+", _AUTHOR_PREFIX.sub("", content)):
                    words = part.split()
                    # 林晓 王芳: two Chinese names; Lin Xiao: one
                    out.extend(words if all(_CJK.search(w) for w in words) else [" ".join(words)])
    return list(dict.fromkeys(out))
