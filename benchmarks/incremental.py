"""Rebuild cost: `kg build` with its defaults on N synthetic articles (recombined sentences of
cnews-dev and the sample page), then the same input again, then with one article changed.

    python benchmarks/incremental.py [--articles 1000]

Each build is the command users run (`kg build news.jsonl`, defaults: validation and the HTML
page on), in a new process. Prints the wall time of each, the speed-up of the unchanged rebuild,
and whether its exports are byte-identical to the first build's.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, machine, synthetic_articles


def kg_build(cwd: Path, *args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", "build", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(REPO)))
    return time.perf_counter() - t


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def write(path: Path, articles) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    arts = list(synthetic_articles(args.articles))
    print(f"machine: {machine()}")
    print(f"input: {len(arts)} articles, {sum(len(a.text) for a in arts):,} chars")
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        src = d / "news.jsonl"
        write(src, arts)
        first = kg_build(d, str(src))
        outputs = {p.name: digest(p) for p in (d / "exports").iterdir()}
        again = kg_build(d, str(src))
        same = {p.name: digest(p) for p in (d / "exports").iterdir()} == outputs
        print(f"first build:             {first:7.2f} s")
        print(f"rebuild, unchanged:      {again:7.2f} s   speed-up {first / again:.1f}x   "
              f"exports byte-identical: {same}")
        changed = list(arts)
        a = changed[len(arts) // 2]
        changed[len(arts) // 2] = type(a)(id=a.id, text=a.text + "北京市昌平区政府与星岚集团签署合作协议。",
                                          source=a.source, position=a.position, title=a.title)
        write(src, changed)
        one = kg_build(d, str(src))
        print(f"rebuild, 1 changed:      {one:7.2f} s   speed-up {first / one:.1f}x")


if __name__ == "__main__":
    main()
