"""Speed of the trained tagger: kg's scorer and decoder against python-crfsuite, same model, same texts.

    python benchmarks/tagger.py [--mb 1] [--rounds 2] [--cluener ../shared/corpus/cluener-train.json]

Texts: the synthetic corpus of benchmarks/common.py (sentences of cnews-dev and the sample
recombined, --mb megabytes) and, when it is there, CLUENER train (real news sentences, read
where it lies), each with its jieba tokens made beforehand (the Doc's, as the pipeline
passes them). Timed in CPU seconds of this process, the variants alternated --rounds times:

  crfsuite      Featurizer's strings, pycrfsuite's tag and marginals (what kg ran before)
  kg, alone     kg.scorer + kg.crf one text at a time (Tagger.tag_and_probe)
  kg, batched   Tagger.tag_many over 32 articles at a time (what mentions.tagger's batch step does)

and, for the share, the default extraction of the synthetic corpus with and without
mentions.tagger (kg.pipeline.extract_stream, one process). The spans of the three variants
are checked to be equal.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import machine, synthetic_mb  # noqa: E402


def crfsuite_spans(tagger, ref, text, tokens):
    """The tagger as kg ran it before: feature strings into pycrfsuite."""
    from kg.tagger import LABELS, tags_to_spans

    out = []
    for a, b, feats in tagger.featurizer.chunks(text, tokens):
        tags = ref.tag(feats)
        for s, e, label in tags_to_spans(tags):
            if label in LABELS:
                m = round(min(max(sum(ref.marginal(tags[j], j) for j in range(s, e)) / (e - s), 0.0), 1.0), 4)
                out.append((a + s, a + e, label, m))
    return out


def cpu(f) -> tuple[float, object]:
    t = time.process_time()
    r = f()
    return time.process_time() - t, r


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--cluener", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus"
                    / "cluener-train.json")
    args = ap.parse_args()

    import pycrfsuite

    from kg import tagger as tagger_mod
    from kg.extract.doc import Doc
    from kg.model import Article
    from kg.pipeline import extract_stream

    tagger = tagger_mod.load()
    ref = pycrfsuite.Tagger()
    ref.open(tagger.path)
    sets = [("synthetic", synthetic_mb(args.mb))]
    if args.cluener.is_file():
        with args.cluener.open(encoding="utf-8") as fh:
            sets.append(("CLUENER train", [Article(id=str(i), text=json.loads(line)["text"], source="c", position=i)
                                          for i, line in enumerate(fh) if line.strip()]))
    print(f"machine: {machine()}")
    for name, arts in sets:
        docs = [Doc.of(a) for a in arts]
        items = [(d.text, d.tokens) for d in docs]
        chars = sum(len(t) for t, _ in items)
        tagger.tag_many(items[:2])
        best: dict[str, float] = {}
        results = {}
        for _ in range(args.rounds):
            for label, run in (
                    ("crfsuite", lambda: [crfsuite_spans(tagger, ref, t, k) for t, k in items]),
                    ("kg, alone", lambda: [tagger.tag_and_probe(t, k)[0] for t, k in items]),
                    ("kg, batched", lambda: [s for i in range(0, len(items), 32)
                                             for s in tagger.tag_many(items[i:i + 32])])):
                secs, got = cpu(run)
                best[label] = min(best.get(label, secs), secs)
                results[label] = got
        same = [[(s.start, s.end, s.label, s.marginal) for s in x] for x in results["kg, alone"]] == \
            results["crfsuite"] == [[(s.start, s.end, s.label, s.marginal) for s in x.spans]
                                    for x in results["kg, batched"]]
        print(f"\n{name}: {len(items):,} texts, {chars:,} chars (jieba tokens made beforehand); "
              f"best of {args.rounds}, CPU seconds")
        for label, secs in best.items():
            print(f"  {label:12s} {secs:7.2f} s  {chars / secs:10,.0f} chars/s  "
                  f"{best['crfsuite'] / secs:5.1f}x")
        print(f"  spans and marginals equal in all three: {same}")
    arts = sets[0][1]
    chars = sum(len(a.text) for a in arts)
    from kg.extract import DEFAULT_PIPELINE

    without = tuple(n for n in DEFAULT_PIPELINE if n != "mentions.tagger")
    list(extract_stream(arts[:2]))
    full = min(cpu(lambda: list(extract_stream(arts, jobs=1)))[0] for _ in range(args.rounds))
    rules = min(cpu(lambda: list(extract_stream(arts, jobs=1, pipeline=without)))[0] for _ in range(args.rounds))
    print(f"\ndefault extraction of the synthetic corpus, one process: {full:.2f} s ({chars / full:,.0f} chars/s); "
          f"without mentions.tagger {rules:.2f} s: the tagger's share {100 * (full - rules) / full:.0f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
