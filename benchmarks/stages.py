"""The stages of the default `kg build` after extraction, timed alone (issue 16).

    python benchmarks/stages.py [--mb 1] [--repeat 3] [--profile STAGE] [--cache FILE] [--check]

Same corpus as benchmarks/throughput.py (synthetic articles up to --mb megabytes). The
articles are extracted once (with 2 processes) and their packed extractions kept in --cache
(a pickle keyed by the extractor version, default under /tmp); each run is then `kg build`
with its defaults into a new store, in this process, with the extraction replaced by the
cached results: what is timed is the merge and store write, SHACL validation, the Turtle
export and the HTML page, from the build's progress calls (StageClock of throughput.py).
Prints each stage's time per run and the median; with --profile STAGE (store, validate,
export, html), a cProfile of one more build's calls made during that stage. With --check, the
last run's store is validated again with pySHACL on every focus node (kg.validate.SCREEN off)
and by the whole-graph validation, and its page drawn from the whole union graph: the reports
and the page must be the build's.
"""
from __future__ import annotations

import argparse
import hashlib
import cProfile
import pickle
import pstats
import statistics
import tempfile
import time
from pathlib import Path

from common import machine, write_jsonl
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


def check(work: Path) -> None:
    """The build's SHACL report and page against pySHACL on every focus node, the whole-graph
    validation and the page of the whole union graph (exits non-zero on a difference)."""
    import kg.validate as validate
    from kg.store import Store
    from kg.viz import render_html

    with Store(work / "store", read_only=True) as st:
        t = time.perf_counter()
        screened = validate.validate_store(st)
        t_screened = time.perf_counter() - t
        validate.SCREEN = False
        try:
            t = time.perf_counter()
            every = validate.validate_store(st)
            t_every = time.perf_counter() - t
        finally:
            validate.SCREEN = True
        whole = validate.validate(st.union_graph())
        page = render_html(st.union_graph(), title="kg: news.jsonl")
    built = (work / "exports" / "graph.html").read_text(encoding="utf-8")
    same = [(screened.conforms, screened.violations, screened.text, screened.describe())
            == (r.conforms, r.violations, r.text, r.describe()) for r in (every, whole)]
    print(f"check: validate_store {t_screened:.2f} s screened, {t_every:.2f} s with pySHACL on every focus node; "
          f"conforms {screened.conforms}, {screened.violations} violation(s); same report as pySHACL on every node: "
          f"{same[0]}, as the whole-graph validation: {same[1]}; page as drawn from the whole union: {page == built}")
    if not all(same) or page != built:
        raise SystemExit("check failed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", choices=("store", "validate", "export", "html"))
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--check", action="store_true", help="compare the last store's report and page with pySHACL's")
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
        write_jsonl(src, articles)
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
        if args.check:
            check(d / f"run{args.repeat - 1}")
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
