"""roleDates: when a role began or ended, as the sentence of its holdsRole fact says.

``张三2009年3月出任甲公司总经理`` -> start ``2009-03``; ``甲公司总经理张三已于上月卸任`` -> end, the
month before the article's date (and the role is no longer current); ``自2015年起担任`` -> start
``2015``. Dates are as precise as the text (a year, a year and month, a day); a relative one
(上月, 去年, 昨日, a month and day without a year) is resolved against the article's date and left
out when the article has none. ``match`` is pure: it returns the holdsRole facts it dates, by their
index in ``doc.facts``; ``record`` puts the dated copies in their place. It runs after holdsRole.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import replace

from .base import RawFact, RawRole
from .doc import Doc
from .registry import component

_DATE = (r"(?:(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?)?"
         r"|(?P<rel>今年|去年|前年|本月|这个月|上个月|上月|今天|今日|昨天|昨日|前天)"
         r"(?:(?P<rm>\d{1,2})月(?:(?P<rd>\d{1,2})[日号])?)?"
         r"|(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})[日号])?)")
_START = r"出任|担任|就任|接任|升任|任职|履新|获任|被任命为|任命为|当选为|当选|调任|起任|任"
_END = r"卸任|离任|辞任|辞去|离职|退休|不再担任|被免去|免去|辞职"
# a date, then (after 起/开始, a comma, the person's name or a few words: no clause break) the verb
_PHRASE = re.compile(rf"(?:自|从|于|在)?{_DATE}(?:起|开始|以来)?[，,]?(?P<gap>[^，,。；;！？!?]{{0,10}}?)"
                     rf"(?P<verb>{_END}|{_START})")
_FUTURE = re.compile(r"将|即将|拟|计划")


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def resolve_date(m: re.Match, article_date: str | None) -> str | None:
    """The date a match of ``_DATE`` names: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; relative ones
    against ``article_date`` (``YYYY-MM-DD``), None without it or for an impossible date."""
    if m.group("y"):
        y = int(m.group("y"))
        if m.group("m"):
            mo = int(m.group("m"))
            if not 1 <= mo <= 12:
                return None
            if m.group("d"):
                return _day(y, mo, int(m.group("d")))
            return f"{y:04d}-{mo:02d}"
        return f"{y:04d}"
    try:
        today = datetime.date.fromisoformat(article_date or "")
    except ValueError:
        return None
    rel = m.group("rel")
    if rel in ("今天", "今日", "昨天", "昨日", "前天"):
        back = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}[rel]
        return (today - datetime.timedelta(days=back)).isoformat()
    if rel in ("本月", "这个月", "上个月", "上月"):
        y, mo = today.year, today.month
        if rel in ("上个月", "上月"):
            y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
        return f"{y:04d}-{mo:02d}"
    if rel:
        y = today.year - {"今年": 0, "去年": 1, "前年": 2}[rel]
        mo, d = m.group("rm"), m.group("rd")
    else:
        y, mo, d = today.year, m.group("m2"), m.group("d2")
    if not mo:
        return f"{y:04d}"
    if not 1 <= int(mo) <= 12:
        return None
    if d:
        return _day(y, int(mo), int(d))
    return f"{y:04d}-{int(mo):02d}"


def _dated(doc: Doc):
    """(index, dated fact) of each holdsRole fact a date phrase of its sentence belongs to."""
    facts = [(i, f) for i, f in enumerate(doc.facts)
             if f.relation == "holdsRole" and isinstance(f.object, RawRole) and f.sentence.index >= 0]
    dates: dict[int, dict[str, str]] = {}
    by_sentence: dict[int, list[tuple[int, RawFact]]] = {}
    for i, f in facts:
        by_sentence.setdefault(f.sentence.start, []).append((i, f))
    for start, group in by_sentence.items():
        sentence = group[0][1].sentence
        for m in _PHRASE.finditer(sentence.text):
            if m.group("verb") == "任" and m.group("gap"):
                continue                        # a bare 任 only right after its date (2009年任…), not in 责任
            when = resolve_date(m, doc.article.date)
            verb_at = start + m.start("verb")
            end = re.fullmatch(_END, m.group("verb")) is not None
            # 已于上月卸任 says the role ended even when the article's date is unknown; 将于…卸任 does not
            ended = end and not _FUTURE.search(m.group("gap") or "") and not _FUTURE.search(
                sentence.text[max(0, m.start() - 2):m.start()])
            if when is None and not ended:
                continue
            # the person it is said of: the nearest one named before the verb
            before = [(i, f) for i, f in group if f.subject.end <= verb_at]
            if not before:
                continue
            nearest = max(f.subject.end for _, f in before)
            mine = [(i, f) for i, f in before if f.subject.end == nearest]
            # of that person's roles, those named after the verb (出任甲公司总经理), else all of them
            after = [(i, f) for i, f in mine if f.object.org.start >= verb_at]
            for i, f in after or mine:
                if not end and not f.object.current:
                    continue                    # a former role's start is not what 出任 here says
                slot = dates.setdefault(i, {})
                if when is not None:
                    slot.setdefault("end" if end else "start", when)
                if ended:
                    slot["ended"] = "1"
    out = []
    for i, found in sorted(dates.items()):
        f = doc.facts[i]
        role = replace(f.object, start=found.get("start", f.object.start), end=found.get("end", f.object.end),
                       current=f.object.current and "ended" not in found)
        out.append((i, replace(f, object=role)))
    return out


def _record(doc: Doc, found, name: str) -> None:
    """Put each dated fact in the place of the fact it dates (same extractor, same component)."""
    for i, fact in found:
        doc.facts[i] = fact


@component("roleDates", _record, stage="facts", requires=("holdsRole",))
def match(doc: Doc):
    return _dated(doc)
