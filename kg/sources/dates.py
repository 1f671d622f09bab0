"""Dates a source states: edition headers and datelines, as ISO ``yyyy-mm-dd``.

* ``edition_date(text)``: the first calendar date written ``2024年3月5日`` (the
  header of an e-paper page: ``2024年3月5日 星期二``), or None.
* ``dateline_date(text, reference)``: the date of a dateline at the start of an
  article (``本报北京3月5日电``, ``新华社上海2024年3月5日电``, ``新华社北京5日电``).
  A dateline without a year takes the year of ``reference`` (the edition date,
  or a JSON record's date: ``2024``, ``2024-03`` or ``2024-03-06``); one without
  a month takes the reference's month. A dateline is never later than a full
  reference date (the edition that prints it): ``12月31日电`` in the edition of
  ``2024-01-02`` is ``2023-12-31``. None when there is no dateline, no year to
  resolve it with, or no such day.
* ``article_date(text, given, reference)``: ``given`` when it is a calendar day,
  else the dateline's date, else ``reference`` when it is a calendar day.

Pure functions of strings: the PDF, HTML, text and JSON readers call them, and
so may anything else that needs an article's date.
"""
from __future__ import annotations

import datetime
import re

__all__ = ["edition_date", "dateline_date", "article_date", "parse_iso"]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# who files a dispatch (本报北京3月5日电): the ingest's byline rules read the same list
NEWS_AGENCIES = ("本报", "本刊", "本台", "新华社", "中新社", "中新网", "人民日报", "人民网", "新华网")
_AGENCY = r"(?:%s|央视网|经济日报|光明日报|[%s]{2,6}(?:日报|晚报|时报|商报)社?)" % ("|".join(NEWS_AGENCIES), _HAN)
_DAY = r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日\s*电"
_DATELINE = re.compile(
    rf"^[□■●▲◆◇○◎☆★\s]*{_AGENCY}\s*(?:[{_HAN}]{{0,3}}记者\s*)?[{_HAN}]{{0,10}}?\s*{_DAY}")
_CN_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_REFERENCE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>\d{2}))?)?")


def _day(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def parse_iso(value: str | None) -> datetime.date | None:
    """The day of an ISO ``yyyy-mm-dd`` string, or None."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def edition_date(text: str) -> str | None:
    """The first ``YYYY年M月D日`` in ``text`` that is a calendar day, as ISO."""
    for m in _CN_DATE.finditer(text):
        day = _day(int(m["y"]), int(m["m"]), int(m["d"]))
        if day is not None:
            return day.isoformat()
    return None


def dateline_date(text: str, reference: str | None = None) -> str | None:
    """The date of the dateline opening ``text`` (see the module), or None."""
    m = _DATELINE.match(text[:80])
    if not m:
        return None
    ref = _REFERENCE.fullmatch(reference or "")
    ref_day = parse_iso(reference)
    if ref and ref["d"] and ref_day is None:
        ref = None                        # 2024-02-30: no reference at all
    year = int(m["y"]) if m["y"] else int(ref["y"]) if ref else None
    if m["m"]:
        month = int(m["m"])
    elif ref and ref["m"] and not m["y"]:
        month = int(ref["m"])
    else:
        return None
    if year is None:
        return None
    day = _day(year, month, int(m["d"]))
    if day is None:
        return None
    if ref_day is not None and day > ref_day and not m["y"]:
        # a dateline without a year (or month) before the edition: the previous year (or month)
        if m["m"]:
            day = _day(year - 1, month, int(m["d"]))
        else:
            prev = (ref_day.replace(day=1) - datetime.timedelta(days=1))
            day = _day(prev.year, prev.month, int(m["d"]))
    return day.isoformat() if day else None


def article_date(text: str, given: str | None = None, reference: str | None = None) -> str | None:
    """``given`` if it is a calendar day, else the dateline's date (resolved against
    ``reference``, or ``given`` when that names only a year or month), else ``reference``
    if it is a calendar day, else ``given`` as it was (None if none)."""
    if parse_iso(given) is not None:
        return given
    found = dateline_date(text, reference or given)
    if found is not None:
        return found
    if parse_iso(reference) is not None:
        return reference
    return given
