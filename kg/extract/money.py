"""Money amounts: find them in text and normalise to (value in whole units, currency)."""
from __future__ import annotations

import re

from ..model import Mention, Money, Source

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:[.,]\d+)*|[{_CN_DIGITS}]+(?:点[{_CN_DIGITS}]+)?)"
_UNIT = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)"
_CUR_AFTER = r"(?:美元|美金|港元|港币|欧元|英镑|日元|韩元|澳元|加元|卢布|人民币|元)"
_CUR_BEFORE = r"(?:人民币|美元|港币|港元|欧元)"
_APPROX_BEFORE = r"(?:约合|大约|约为|约|近|将近|超过|超|逾|多达|达到|达|高达|不到|不足|接近|至少|过)"
MONEY_RE = re.compile(
    rf"(?P<approx>{_APPROX_BEFORE})?(?P<cur1>{_CUR_BEFORE})?(?P<num>{_NUM})(?P<plus>多|余)?"
    rf"(?P<unit>{_UNIT})?(?P<plus2>多|余)?(?P<cur2>{_CUR_AFTER})(?P<after>左右|以上|多|余)?"
)
_UNITS = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8, "千万": 10**7,
          "百万": 10**6, "十万": 10**5, "万": 10**4, "千": 10**3, "百": 10**2}
_CURRENCIES = {"元": "CNY", "人民币": "CNY", "美元": "USD", "美金": "USD", "港元": "HKD", "港币": "HKD",
               "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "韩元": "KRW", "澳元": "AUD", "加元": "CAD",
               "卢布": "RUB"}


def _number(s: str) -> float | None:
    if re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        if "," in s and "." not in s and re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
            s = s.replace(",", "")
        try:
            return float(s.replace(",", ""))
        except ValueError:
            return None
    import cn2an

    try:
        return float(cn2an.cn2an(s.replace("两", "二"), "smart"))
    except Exception:  # cn2an raises plain ValueError/KeyError for what it cannot read
        return None


def parse_money(text: str) -> Money | None:
    """`50亿元` -> Money(5e9, "CNY"); `约人民币5.08亿元` -> approximate; None if not an amount."""
    m = MONEY_RE.fullmatch(text)
    if not m:
        return None
    return _from_match(m)


def _from_match(m: re.Match) -> Money | None:
    num = _number(m.group("num"))
    if num is None:
        return None
    value = num * _UNITS.get(m.group("unit") or "", 1)
    cur_word = m.group("cur1") if m.group("cur2") in ("元", "人民币") and m.group("cur1") else m.group("cur2")
    currency = _CURRENCIES.get(cur_word, "CNY")
    approx = bool(m.group("approx") or m.group("plus") or m.group("plus2") or m.group("after"))
    value = round(value, 2)
    if value == int(value):
        value = int(value)
    return Money(value, currency, m.group(0), approx)


def find_money(text: str, offset: int = 0):
    """(Mention, Money) for every amount in `text`."""
    for m in MONEY_RE.finditer(text):
        money = _from_match(m)
        if money is None:
            continue
        yield Mention(m.group(0), "Money", offset + m.start(), offset + m.end(), source=Source.MONEY), money
