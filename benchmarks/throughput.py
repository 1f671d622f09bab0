"""Full-pipeline throughput against jieba.posseg.cut over the same corpus, same run.

    python benchmarks/throughput.py [--repeat 5] [--profile]

Pipeline = extraction of every article, the cross-article merge, the RDF graphs
and the writes into an on-disk store (what `kg build --no-validate --no-html`
does before exporting). The baseline is `jieba.posseg.cut` (HMM on, jieba's own
dictionary) over the same texts. Prints chars/s of each and the ratio; with
--profile, the functions taking most of the pipeline's time (cProfile).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time

from common import corpus_articles, machine


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


def pipeline(articles, store_dir: str) -> None:
    from kg.pipeline import CorpusMerger, extract_stream, merged_bodies
    from kg.store import Store
    from kg.vocab import KGR_NS

    # the same path as `kg build`: merged extractions -> article triples as store text -> one write
    with CorpusMerger() as merger:
        for ex in extract_stream(articles):
            merger.add(ex)
        with Store(store_dir) as st:
            st.replace_articles((b.iri, b.text) for b in merged_bodies(merger, KGR_NS))


def pipeline_rate(articles, repeat: int) -> float:
    from kg.pipeline import extract_article
    from kg.model import Article

    extract_article(articles[0])                     # warm up (lexicon, tokenizer)
    runs = [Article(id=f"{r}-{a.id}", text=a.text, source=a.source, position=a.position, title=a.title)
            for r in range(repeat) for a in articles]
    chars = sum(len(a.text) for a in runs)
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        pipeline(runs, d + "/store")
        return chars / (time.perf_counter() - t)


def profile(articles, top: int) -> None:
    from kg.pipeline import extract_article

    extract_article(articles[0])
    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory() as d:
        prof.enable()
        pipeline(articles * 2, d + "/store")
        prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    print(f"\ncProfile of the pipeline ({total:.2f} s): top {top} by own time")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    for (file, line, func), (cc, nc, tt, ct, callers) in rows:
        short = file.split("site-packages/")[-1].split("wt-store/")[-1]
        print(f"  {100 * tt / total:5.1f}% own {100 * ct / total:5.1f}% cum  {short}:{line} {func}")
    print(f"\nby module (own time):")
    by_mod = {}
    for (file, line, func), (cc, nc, tt, ct, callers) in stats.stats.items():
        key = file.split("site-packages/")[-1].split("wt-store/")[-1]
        if key.startswith("/"):                       # the standard library: its package or module
            key = "stdlib " + key.split("/")[-2 if key.count("/") > 1 and "/re/" in key else -1]
        elif not key.startswith("kg/"):
            key = key.split("/")[0]
        by_mod[key] = by_mod.get(key, 0) + tt
    for key, tt in sorted(by_mod.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {100 * tt / total:5.1f}%  {key}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="passes over the corpus (default 5)")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile summary")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--what-if-regex-cache", action="store_true",
                    help="estimate the gain of compiling find_places' patterns once: enlarge Python's "
                         "regex cache for this run (a measurement aid, not a kg setting)")
    args = ap.parse_args()
    if args.what_if_regex_cache:
        import re

        re._MAXCACHE = 8192
    articles = corpus_articles()
    texts = [a.text for a in articles]
    print(f"machine: {machine()}")
    print(f"corpus: {len(articles)} articles, {sum(map(len, texts))} chars, {args.repeat} passes")
    j = jieba_rate(texts, args.repeat)
    p = pipeline_rate(articles, args.repeat)
    j2 = jieba_rate(texts, args.repeat)              # again, to see drift from the shared load
    jb = (j + j2) / 2
    print(f"jieba.posseg.cut: {j:,.0f} / {j2:,.0f} chars/s (mean {jb:,.0f})")
    print(f"kg pipeline:      {p:,.0f} chars/s")
    print(f"ratio pipeline / jieba.posseg: {p / jb:.2f}  (goal >= 0.7)")
    if args.profile:
        profile(articles, args.top)


if __name__ == "__main__":
    main()
