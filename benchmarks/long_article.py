"""Extraction time and peak memory of one very long article, by its length.

    python benchmarks/long_article.py [--sizes 100000,300000,1000000] [--kind news|cjk]

`news`: the sentences of the shared corpus and the sample page with every
punctuation mark and space removed, repeated to the length (one "sentence" as
long as the article: the worst case of the sentence-scoped rules); `cjk`:
random characters of the CJK block (nothing the dictionary knows: the worst
case of the tokenizer's HMM). Each size runs in a fresh process
(`extract_article`, what `kg extract` and `kg build` run per article, so the
article limit does not apply), which prints seconds, microseconds per
character and the process's peak RSS. Flat microseconds per character mean
linear time.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time

from common import CNEWS, SEED, machine, peak_rss_mb

_STRIP = re.compile(r"[，。！？、；：“”‘’（）《》「」【】,.!?;:()\"'\s]")


def make_text(kind: str, n: int) -> str:
    if kind == "cjk":
        rng = random.Random(1)
        return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))
    from kg.ingest import read_sources
    from kg.model import Article

    pool = "".join(_STRIP.sub("", a.text) for a in read_sources([CNEWS, SEED]) if isinstance(a, Article))
    return (pool * (n // len(pool) + 1))[:n]


def one(kind: str, n: int) -> dict:
    from kg.model import Article
    from kg.pipeline import extract_article

    extract_article(Article(id="w", text="张伟是华为技术有限公司总经理。", source="warm.jsonl", position=1))
    text = make_text(kind, n)
    t = time.perf_counter()
    ex = extract_article(Article(id="1", text=text, source="long.jsonl", position=1))
    dt = time.perf_counter() - t
    return {"chars": n, "seconds": dt, "us_per_char": dt / n * 1e6, "peak_rss_mb": peak_rss_mb(),
            "mentions": len(ex.mentions), "facts": len(ex.facts)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,300000,1000000")
    ap.add_argument("--kind", choices=("news", "cjk"), default="news")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)      # the child process
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.kind, args.one)))
        return
    print(f"machine: {machine()}")
    print(f"{args.kind}: one article per size, extraction only, fresh process each")
    print(f"{'chars':>9} {'seconds':>9} {'us/char':>8} {'peak RSS MB':>12} {'mentions':>9} {'facts':>6}")
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--kind", args.kind, "--one", str(n)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['chars']:>9,} {r['seconds']:>9.1f} {r['us_per_char']:>8.1f} {r['peak_rss_mb']:>12.0f} "
              f"{r['mentions']:>9,} {r['facts']:>6}", flush=True)


if __name__ == "__main__":
    main()
