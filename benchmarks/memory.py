"""Peak memory of a streaming build as the number of articles grows.

    python benchmarks/memory.py [--sizes 1000,3000,10000] [--jobs 1] [--batch 200] [--sentences 2,6] [--full]

For each size, synthetic articles (corpus sentences recombined in memory) are
written to a temporary JSONL file and built by a fresh process with
`kg.api.build(..., validate=False, html=False)` (`kg build --no-validate
--no-html`, the default all-or-nothing write; with `--batch 200`, `kg build
--batch 200`: store writes and the Turtle export included); with `--full`,
`validate=True, html=True` (plain `kg build`: SHACL validation and the HTML
graph too, the child also reports the SHACL result). The child reports
its peak RSS. Prints peak RSS, triples, store size on disk, and the growth per
10k articles between sizes.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, peak_rss_mb, synthetic_articles


def child(src: str, d: str, jobs: int, regex_cache: bool, batch: int | None, full: bool) -> None:
    if regex_cache:
        import re

        re._MAXCACHE = 8192
    from kg import api
    from kg.text import tokenizer

    tokenizer()
    base = peak_rss_mb()
    t = time.perf_counter()
    s = api.build([src], store=Path(d) / "store", out=Path(d) / "out", validate=full, html=full,
                  jobs=jobs, batch=batch)
    print(json.dumps({"base_mb": base, "peak_mb": peak_rss_mb(), "seconds": time.perf_counter() - t,
                      "items": s.items, "triples": s.triples, "shacl_conforms": s.shacl_conforms,
                      "shacl_violations": s.shacl_violations}))


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,4000,10000")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--sentences", default="2,6", help="sentences per synthetic article (min,max)")
    ap.add_argument("--what-if-regex-cache", action="store_true",
                    help="enlarge Python's regex cache in the builds (see throughput.py): same output and "
                         "memory, less time per article")
    ap.add_argument("--batch", type=int, default=0,
                    help="kg build --batch N: N articles per store transaction, not all or nothing "
                         "(0, the default: kg build's default all-or-nothing write)")
    ap.add_argument("--full", action="store_true",
                    help="the default `kg build`: SHACL validation and the HTML graph too "
                         "(without it: --no-validate --no-html)")
    ap.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]), args.child[3] == "1", int(args.child[4]) or None,
              args.child[5] == "1")
        return
    lo, hi = map(int, args.sentences.split(","))
    print(f"machine: {machine()}")
    rows = []
    for n in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "synthetic.jsonl"
            chars = 0
            with open(src, "w", encoding="utf-8") as f:
                for a in synthetic_articles(n, sentences=(lo, hi)):
                    chars += len(a.text)
                    f.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")
            out = subprocess.run([sys.executable, __file__, "--child", str(src), d, str(args.jobs),
                                  "1" if args.what_if_regex_cache else "0", str(args.batch),
                                  "1" if args.full else "0"],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            r.update(n=n, chars=chars, store_mb=du(Path(d) / "store") / 2**20)
            rows.append(r)
            print(f"{n:6d} articles ({chars:,} chars): peak RSS {r['peak_mb']:7.0f} MB "
                  f"(after loading kg: {r['base_mb']:.0f} MB), {r['triples']:,} triples, "
                  f"store {r['store_mb']:.0f} MB on disk, {r['seconds']:.0f} s"
                  + (f", SHACL {'conforms' if r['shacl_conforms'] else str(r['shacl_violations']) + ' violation(s)'}"
                     if args.full else ""), flush=True)
    for a, b in zip(rows, rows[1:]):
        per10k = (b["peak_mb"] - a["peak_mb"]) / (b["n"] - a["n"]) * 10_000
        print(f"growth {a['n']} -> {b['n']} articles: {per10k:+.0f} MB per 10k articles")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
