"""Shared helpers of the benchmark scripts (never imported by kg or the tests)."""
from __future__ import annotations

import os
import platform
import random
import resource
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CNEWS = REPO.parent / "shared" / "corpus" / "cnews-dev.jsonl"
SEED = REPO / "data" / "seed-page.txt"


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, load average {load}")


def corpus_articles():
    """The articles of cnews-dev.jsonl (read from ../shared, never copied)."""
    from kg.ingest import read_sources
    from kg.model import Article

    if not CNEWS.is_file():
        sys.exit(f"{CNEWS} is missing: the benchmarks read the shared corpus")
    return [a for a in read_sources([CNEWS]) if isinstance(a, Article)]


def synthetic_articles(n: int, seed: int = 1, sentences: tuple[int, int] = (6, 16)):
    """n articles made in memory by recombining sentences of the corpus and the sample page."""
    from kg.ingest import read_sources
    from kg.model import Article
    from kg.text import split_sentences

    pool = []
    for a in read_sources([CNEWS, SEED]):
        if isinstance(a, Article):
            pool.extend(s.text for s in split_sentences(a.text))
    rng = random.Random(seed)
    for i in range(n):
        k = rng.randint(*sentences)
        text = "".join(rng.choice(pool) for _ in range(k))
        yield Article(id=f"syn{i}", text=text, source="synthetic.jsonl", position=i + 1, title=f"合成{i}")


def synthetic_mb(mb: float) -> list:
    """Synthetic articles (``synthetic_articles``) up to ``mb`` megabytes of UTF-8 text: the corpus
    of throughput.py, stages.py and tagger.py."""
    out, size = [], 0
    for a in synthetic_articles(100_000):
        out.append(a)
        size += len(a.text.encode("utf-8"))
        if size >= mb * 1_000_000:
            break
    return out


def write_jsonl(path, articles) -> None:
    """The articles as the JSON Lines file a build reads (id, title, text)."""
    import json

    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
