"""Regenerate kg/resources/divisions.tsv and countries.tsv (development tool, not run by kg).

Sources: the GB/T 2260 division table shipped by the `cpca` package, and the
ISO 3166-1 names with their zh_CN translations shipped by `pycountry`.
Both are general knowledge; kg reads only the generated TSV files at run time.
"""
import csv
import gettext
import importlib.resources as ir
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "kg" / "resources"
SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
            "地区", "新区", "林区", "矿区", "特区", "盟", "省", "市", "区", "县", "旗")


def short(name: str) -> str:
    for s in SUFFIXES:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def divisions():
    rows = list(csv.DictReader(open(ir.files("cpca") / "resources" / "adcodes.csv", encoding="utf-8")))
    out = []
    for r in rows:
        code = r["adcode"][:6]
        if code[2:] == "0000":
            level, parent = "province", ""
        elif code[4:] == "00":
            level, parent = "city", code[:2] + "0000"
        else:
            level, parent = "district", code[:4] + "00"
        out.append((code, r["name"], level, parent, short(r["name"])))
    out.sort()
    with open(OUT / "divisions.tsv", "w", encoding="utf-8") as f:
        f.write("# adcode\tname\tlevel\tparent\tshort\n")
        for row in out:
            f.write("\t".join(row) + "\n")


def countries():
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    with open(OUT / "countries.tsv", "w", encoding="utf-8") as f:
        f.write("# alpha2\tname_zh\n")
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
            f.write(f"{c.alpha_2}\t{zh.gettext(c.name)}\n")


if __name__ == "__main__":
    divisions()
    countries()
