"""Throughput of the default `kg build` against jieba.posseg.cut over the same texts, same run.

    python benchmarks/throughput.py [--mb 1] [--repeat 1] [--jobs auto] [--profile]

The corpus: synthetic articles (sentences of cnews-dev and the sample page recombined) up to
--mb megabytes of UTF-8 text, written as one JSON Lines file. The build is what users run,
`kg build INPUT` with its defaults (validation and the HTML page on), into a new store, in
this process so that each stage's share can be timed (from kg.api.build's progress calls).
The baseline is `jieba.posseg.cut` (HMM on, jieba's own dictionary) over the same texts, timed
before and after the build. Prints chars/s of each, the ratio, and the stages' shares; with
--profile, the functions taking most of the build's time (cProfile).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from common import machine, synthetic_mb, write_jsonl


def corpus(mb: float):
    return synthetic_mb(mb)


def jieba_rate(texts, repeat: int) -> float:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    list(jieba.posseg.cut(texts[0]))                 # warm up (HMM model)
    chars = sum(map(len, texts)) * repeat
    t = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            for _pair in jieba.posseg.cut(text, HMM=True):
                pass
    return chars / (time.perf_counter() - t)


class StageClock:
    """kg.api.build's progress callback: when each stage was first reported."""

    def __init__(self):
        self.start = time.perf_counter()
        self.first: dict[str, float] = {}

    def __call__(self, stage, done, total):
        self.first.setdefault(stage, time.perf_counter())

    def shares(self, end: float) -> list[tuple[str, float]]:
        marks = [("read and set up", self.start)] + sorted(self.first.items(), key=lambda kv: kv[1])
        marks.append(("", end))
        return [(name, b - a) for (name, a), (_, b) in zip(marks, marks[1:])]


def kg_build(src: Path, work: Path, jobs: int | None = None):
    """(seconds, stage clock) of `kg build src` with the defaults, into a new store."""
    from kg import api

    clock = StageClock()
    api.build([str(src)], store=work / "store", out=work / "exports", progress=clock, jobs=jobs)
    end = time.perf_counter()
    return end - clock.start, clock


def warm_up():
    from kg.model import Article
    from kg.pipeline import extract_article

    extract_article(Article(id="w", text="北京市昌平区政府与星岚集团签署合作协议。", source="w", position=1))


def profile(src: Path, top: int) -> None:
    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory() as d:
        prof.enable()
        kg_build(src, Path(d))
        prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    print(f"\ncProfile of kg build ({total:.2f} s): top {top} by own time")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    for (file, line, func), (cc, nc, tt, ct, callers) in rows:
        short = file.split("site-packages/")[-1]
        print(f"  {100 * tt / total:5.1f}% own {100 * ct / total:5.1f}% cum  {short}:{line} {func}")


def jobs_arg(value: str):
    from kg.jobs import parse

    try:
        return parse(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="corpus size in MB of UTF-8 text (default 1)")
    ap.add_argument("--repeat", type=int, default=1, help="passes of jieba over the corpus (default 1)")
    ap.add_argument("--jobs", type=jobs_arg, default=None, help="kg build --jobs (default auto, as kg build)")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile summary of the build")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    articles = corpus(args.mb)
    texts = [a.text for a in articles]
    chars = sum(map(len, texts))
    print(f"machine: {machine()}")
    print(f"corpus: {len(articles)} articles, {chars:,} chars, "
          f"{sum(len(t.encode('utf-8')) for t in texts) / 1e6:.2f} MB")
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        src = d / "news.jsonl"
        write_jsonl(src, articles)
        j = jieba_rate(texts, args.repeat)
        warm_up()
        seconds, clock = kg_build(src, d, args.jobs)
        j2 = jieba_rate(texts, args.repeat)          # again, to see drift from the shared load
        jb = (j + j2) / 2
        p = chars / seconds
        print(f"jieba.posseg.cut: {j:,.0f} / {j2:,.0f} chars/s (mean {jb:,.0f})")
        from kg.jobs import resolve

        jobs = "auto: " + str(resolve(None, len(articles))) if args.jobs is None else args.jobs
        print(f"kg build (defaults, --jobs {jobs}): {p:,.0f} chars/s ({seconds:.1f} s)")
        print(f"ratio kg build / jieba.posseg: {p / jb:.2f}  (goal >= 0.7)")
        print("stages:")
        for name, t in clock.shares(clock.start + seconds):
            print(f"  {name:16s} {t:7.2f} s  {100 * t / seconds:5.1f}%")
        if args.profile:
            profile(src, args.top)


if __name__ == "__main__":
    main()
