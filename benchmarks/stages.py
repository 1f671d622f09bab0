"""The stages of the default `kg build` after extraction, timed alone (issue 16).

    python benchmarks/stages.py [--mb 1] [--repeat 3] [--profile STAGE] [--cache FILE]

Same corpus as benchmarks/throughput.py (synthetic articles up to --mb megabytes). The
articles are extracted once (with 2 processes) and their packed extractions kept in --cache
(a pickle keyed by the extractor version, default under /tmp); each run is then `kg build`
with its defaults into a new store, in this process, with the extraction replaced by the
cached results: what is timed is the merge and store write, SHACL validation, the Turtle
export and the HTML page, from the build's progress calls (StageClock of throughput.py).
Prints each stage's time per run and the median; with --profile STAGE (store, validate,
export, html), a cProfile of one more build's calls made during that stage.
"""
from __future__ import annotations

import argparse
import hashlib
import cProfile
import json
import pickle
import pstats
import statistics
import tempfile
import time
from pathlib import Path

from common import machine
from throughput import StageClock, corpus


def cached_extractions(src: Path, cache: Path) -> dict:
    """{(source, id): Packed} of every article of ``src`` as `kg build` reads it, from ``cache``
    when it was made by this extractor from the same articles."""
    from kg import api
    from kg.extract import DEFAULT_PIPELINE, check_pipeline
    from kg.pipeline import extract_stream

    articles, _errors = api.read_inputs([str(src)])
    version = api.extractor_version(check_pipeline(DEFAULT_PIPELINE)) + hashlib.sha256(src.read_bytes()).hexdigest()
    if cache.is_file():
        got = pickle.loads(cache.read_bytes())
        if got.get("version") == version and got.get("count") == len(articles):
            return got["packed"]
    t = time.perf_counter()
    packed = {p.key: p for p in extract_stream(articles, jobs=2, packed=True)}
    print(f"extracted {len(packed)} articles in {time.perf_counter() - t:.1f} s (2 processes), cached in {cache}")
    cache.write_bytes(pickle.dumps({"version": version, "count": len(articles), "packed": packed}))
    return packed


class StageProfiler(StageClock):
    """A StageClock that profiles the calls made while ``stage`` is the current stage."""

    def __init__(self, stage: str):
        super().__init__()
        self.stage = stage
        self.current = None
        self.prof = cProfile.Profile()

    def __call__(self, stage, done, total):
        super().__call__(stage, done, total)
        if stage != self.current:
            if self.current == self.stage:
                self.prof.disable()
            if stage == self.stage:
                self.prof.enable()
            self.current = stage

    def stop(self):
        if self.current == self.stage:
            self.prof.disable()


def build(src: Path, work: Path, packed: dict, clock: StageClock) -> float:
    """Seconds of `kg build src` (defaults, new store) with the extraction taken from ``packed``."""
    import kg.pipeline
    from kg import api

    real = kg.pipeline.extract_stream

    def cached(todo, **_options):
        for article in todo:
            yield packed[(article.source, article.id)]

    kg.pipeline.extract_stream = cached
    try:
        api.build([str(src)], store=work / "store", out=work / "exports", progress=clock)
    finally:
        kg.pipeline.extract_stream = real
    return time.perf_counter() - clock.start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", choices=("store", "validate", "export", "html"))
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    articles = corpus(args.mb)
    chars = sum(len(a.text) for a in articles)
    cache = args.cache or Path(tempfile.gettempdir()) / f"kg-stages-{args.mb:g}mb.pickle"
    print(f"machine: {machine()}")
    print(f"corpus: {len(articles)} articles, {chars:,} chars")
    names = ("store", "validate", "export", "html")
    times: dict[str, list[float]] = {n: [] for n in names + ("total",)}
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        src = d / "news.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for a in articles:
                f.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")
        packed = cached_extractions(src, cache)
        for r in range(args.repeat):
            clock = StageClock()
            seconds = build(src, d / f"run{r}", packed, clock)
            shares = dict(clock.shares(clock.start + seconds))
            row = [shares.get(n, 0.0) for n in names]
            after = sum(row)
            for n, t in zip(names, row):
                times[n].append(t)
            times["total"].append(after)
            print(f"run {r + 1}: " + " | ".join(f"{n} {t:.2f} s" for n, t in zip(names, row))
                  + f" | after extraction {after:.2f} s")
        print("median: " + " | ".join(f"{n} {statistics.median(times[n]):.2f} s" for n in names)
              + f" | after extraction {statistics.median(times['total']):.2f} s")
        if args.profile:
            prof = StageProfiler(args.profile)
            build(src, d / "profiled", packed, prof)
            prof.stop()
            stats = pstats.Stats(prof.prof)
            total = stats.total_tt
            print(f"\ncProfile of the {args.profile} stage ({total:.2f} s): top {args.top} by cumulative time")
            rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])[:args.top]
            for (file, line, func), (cc, nc, tt, ct, callers) in rows:
                short = file.split("site-packages/")[-1].replace(str(Path.cwd()) + "/", "")
                print(f"  {100 * tt / total:5.1f}% own {100 * ct / total:5.1f}% cum  {short}:{line} {func}")


if __name__ == "__main__":
    main()
