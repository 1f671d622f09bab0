"""Name shapes that extraction and resolution both read: the core of an organisation's name
(org_core: 深圳华星光电技术股份有限公司 -> 华星光电) and whether one name is a short form of another
(short_form_of: 星岚动力 of 星岚动力汽车有限公司). Both ``kg.extract`` and ``kg.resolve`` import
this module; it imports neither.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import lexicon

_LEGAL = ("股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "集团公司", "公司", "集团")
_INDUSTRY = ("基因技术", "生物科技", "生物技术", "信息技术", "科技发展", "创新发展", "网络科技", "电子商务", "医疗器械",
             "新材料", "新能源", "科技", "技术", "实业", "发展", "投资", "控股", "股份", "国际", "网络", "电子", "医药",
             "制药", "传媒", "文化", "能源", "环保", "智能", "软件", "数据", "工业", "贸易", "物流", "地产", "置业")
_LEGAL_LONGEST_FIRST = tuple(sorted(_LEGAL, key=len, reverse=True))   # 集团股份有限公司 before 股份有限公司


@lru_cache(maxsize=65536)
def _strip_place(name: str) -> str:
    lex = lexicon()
    for n in range(min(9, len(name) - 2), 1, -1):
        if lex.place_candidates(name[:n]):
            return name[n:]
    return name


@lru_cache(maxsize=65536)
def org_core(name: str) -> str:
    """深圳华星光电技术股份有限公司 -> 华星光电; 海信集团 -> 海信."""
    core = re.sub(r"[(（][^)）]*[)）]$", "", name)
    core = _strip_place(core)
    for suf in _LEGAL_LONGEST_FIRST:
        if core.endswith(suf) and len(core) - len(suf) >= 2:
            core = core[: -len(suf)]
            break
    changed = True
    while changed:
        changed = False
        for w in _INDUSTRY:
            if core.endswith(w) and len(core) - len(w) >= 2:
                core = core[: -len(w)]
                changed = True
                break
    return core


def short_form_of(short: str, long: str) -> bool:
    """星岚动力 of 星岚动力汽车有限公司, 深创投 of 深圳市创新投资集团有限公司: the opening of the name
    (with or without its place), or its characters in order from its first one, never reaching into
    the legal suffix (so 公司 or 集团 alone is no short form of anything)."""
    if not 2 <= len(short) < len(long) or lexicon().place_candidates(short):
        return False
    for base in {long, _strip_place(long)}:
        legal = next((suf for suf in _LEGAL if base.endswith(suf) and len(base) > len(suf)), "")
        body = base[: len(base) - len(legal)]
        if short[0] != body[:1]:
            continue
        if body.startswith(short) and len(body) > len(short):
            return True
        i = 0
        for ch in short:
            i = body.find(ch, i) + 1
            if i == 0:
                break
        else:
            if len(short) >= 3:
                return True
    return False
