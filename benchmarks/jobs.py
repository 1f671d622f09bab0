"""`kg build --jobs 2` against `--jobs 1` on synthetic articles (sentences of the
corpus recombined in memory, never written except as the build's input file in
a temporary directory).

    python benchmarks/jobs.py [--articles 400] [--jobs 2] [--default]

Prints wall time (best of two interleaved runs) of extraction alone and of the whole build (store writes and
Turtle export included, no SHACL, no HTML; with --default the build users run, SHACL and the HTML page
on) for 1 and N jobs, the speed-ups, the load average, and checks that both builds exported the same bytes.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from common import machine, synthetic_articles


def write_input(path: Path, n: int) -> int:
    chars = 0
    with open(path, "w", encoding="utf-8") as f:
        for a in synthetic_articles(n):
            chars += len(a.text)
            f.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")
    return chars


def extraction(path: Path, jobs: int) -> float:
    from kg.ingest import read_sources
    from kg.pipeline import extract_stream

    t = time.perf_counter()
    for _ in extract_stream(read_sources([path]), jobs=jobs):
        pass
    return time.perf_counter() - t


def build(path: Path, d: Path, jobs: int, default: bool = False) -> tuple[float, bytes]:
    from kg import api

    t = time.perf_counter()
    api.build([str(path)], store=d / "store", out=d / "out", validate=default, html=default, jobs=jobs)
    return time.perf_counter() - t, (d / "out" / "kg.ttl").read_bytes()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--default", action="store_true", help="whole builds with SHACL and the HTML page on")
    args = ap.parse_args()
    from kg.text import tokenizer

    tokenizer()                  # load jieba's dictionary once, before any timing
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "synthetic.jsonl"
        chars = write_input(src, args.articles)
        print(f"machine: {machine()}")
        print(f"input: {args.articles} synthetic articles, {chars} chars")
        # interleaved and best of two, so a change in the machine's other load
        # during the run does not favour one side
        e1, en = extraction(src, 1), extraction(src, args.jobs)
        e1, en = min(e1, extraction(src, 1)), min(en, extraction(src, args.jobs))
        print(f"extraction  1 job : {e1:7.2f} s  {chars / e1:9,.0f} chars/s")
        print(f"extraction  {args.jobs} jobs: {en:7.2f} s  {chars / en:9,.0f} chars/s   speed-up {e1 / en:.2f}")
        b1, ttl1 = build(src, tmp / "b1", 1, args.default)
        bn, ttln = build(src, tmp / "bn", args.jobs, args.default)
        what = "defaults" if args.default else "no SHACL, no HTML"
        print(f"kg build ({what})")
        print(f"kg build    1 job : {b1:7.2f} s")
        print(f"kg build    {args.jobs} jobs: {bn:7.2f} s   speed-up {b1 / bn:.2f}")
        print(f"same Turtle export: {ttl1 == ttln} ({len(ttl1)} bytes)")
        print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
