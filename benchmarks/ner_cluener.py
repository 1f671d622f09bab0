"""Mention-level benchmark on CLUENER 2020 (exact spans).

    python benchmarks/ner_cluener.py ../shared/corpus/cluener-train.json [--limit N] [--errors N]
    python benchmarks/ner_cluener.py ../shared/corpus/cluener-train.json --tagger [--model FILE]

Reads the file where it lies (it is third-party data and is never copied here), runs kg's
mention finder on every sentence and prints precision, recall and F1 per class:

    person    <- CLUENER `name`
    org       <- CLUENER `company` + `government` + `organization`
    position  <- CLUENER `position`
    address   <- CLUENER `address` (kg's places and parks; reported, no target)

A prediction counts only when its class and both ends match a gold span exactly.

--tagger scores the held-out tenth only (lines whose 0-based index % 10 == 0, never
trained on): the default pipeline (the rules and mentions.tagger, merged), the same pipeline
without mentions.tagger (the rules alone), and the trained tagger of kg/tagger.py alone, each
with its speed in characters per second of CPU time; then the tagger's reliability table on the
even half of the held-out tenth (its calibration is fitted on the odd half by ``kg train``).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.extract.entities import find_mentions  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.text import make_doc  # noqa: E402

GOLD_CLASSES = {"name": "person", "company": "org", "government": "org", "organization": "org",
                "position": "position", "address": "address"}
KG_CLASSES = {"Person": "person", "Organization": "org", "RoleTitle": "position", "Place": "address",
              "Park": "address"}
CLASSES = ("person", "org", "position", "address")


def gold_spans(record: dict) -> set[tuple[str, int, int]]:
    out = set()
    for label, names in record.get("label", {}).items():
        cls = GOLD_CLASSES.get(label)
        if cls is None:
            continue
        for spans in names.values():
            for start, end in spans:
                out.add((cls, start, end + 1))          # CLUENER ends are inclusive
    return out


def predicted_spans(text: str) -> set[tuple[str, int, int]]:
    doc = make_doc(Article(id="s", text=text, source="cluener", position=1))
    return {(KG_CLASSES[m.cls], m.start, m.end) for m in find_mentions(doc) if m.cls in KG_CLASSES}


def rules_only_spans(text: str) -> set[tuple[str, int, int]]:
    """The default pipeline's mention stages without mentions.tagger."""
    from kg.extract import DEFAULT_PIPELINE
    from kg.extract.doc import Doc
    from kg.extract.registry import expand, get, run

    doc = Doc(make_doc(Article(id="s", text=text, source="cluener", position=1)))
    names = [n for n in expand(DEFAULT_PIPELINE) if get(n).stage in ("mentions", "settle") and n != "mentions.tagger"]
    return {(KG_CLASSES[m.cls], m.start, m.end) for m in run(doc, names).mentions if m.cls in KG_CLASSES}


TAGGER_CLASSES = {"Person": "person", "Organization": "org", "RoleTitle": "position", "Place": "address"}
_LABEL_OF = {v: k for k, v in TAGGER_CLASSES.items()}


def tagger_spans(tagger, text: str) -> set[tuple[str, int, int]]:
    return {(TAGGER_CLASSES[s.label], s.start, s.end) for s in tagger.tag(text)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def read_records(path: Path, limit: int = 0, heldout: bool = False) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if not line.strip() or (heldout and i % 10):
                continue
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def score(records, predict):
    """(counts per class [tp, fp, fn], errors, CPU seconds)."""
    counts = {c: [0, 0, 0] for c in CLASSES}
    errors = defaultdict(list)
    t0 = time.process_time()
    for record in records:
        text = record["text"]
        gold, pred = gold_spans(record), predict(text)
        for cls, s, e in pred | gold:
            c = counts[cls]
            if (cls, s, e) in pred and (cls, s, e) in gold:
                c[0] += 1
            elif (cls, s, e) in pred:
                c[1] += 1
                errors[cls, "fp"].append((text[s:e], text))
            else:
                c[2] += 1
                errors[cls, "fn"].append((text[s:e], text))
    return counts, errors, time.process_time() - t0


def print_table(counts, classes=CLASSES) -> None:
    print(f"{'class':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}")
    for cls in classes:
        tp, fp, fn = counts[cls]
        p, r, f = prf(tp, fp, fn)
        print(f"{cls:10} {p:6.3f} {r:6.3f} {f:6.3f} {tp:6d} {fp:6d} {fn:6d}")


def print_errors(errors, n: int, seed: int) -> None:
    rng = random.Random(seed)
    for (cls, kind), items in sorted(errors.items()):
        print(f"\n## {cls} {kind} ({len(items)})")
        for span, text in rng.sample(items, min(n, len(items))):
            print(f"  {span!r:24} {text}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", help="cluener train.json or dev.json (one JSON object per line)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    ap.add_argument("--errors", type=int, default=0, help="print N random false positives and misses per class")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tagger", action="store_true",
                    help="held-out tenth only: the rules and the trained tagger alone, side by side")
    ap.add_argument("--model", default=None, help="with --tagger: a model file (default: the shipped one)")
    args = ap.parse_args(argv)

    path = Path(args.path)
    if not path.is_file():
        print(f"ner_cluener: no such file: {path}", file=sys.stderr)
        return 2
    records = read_records(path, args.limit, heldout=args.tagger)
    n, chars = len(records), sum(len(r["text"]) for r in records)
    split = " held-out tenth" if args.tagger else ""
    predicted_spans("预热")                      # jieba and the lexicon indexes load outside the timing
    counts, errors, secs = score(records, predicted_spans)
    print(f"CLUENER {path.name}{split}: {n} sentences, {chars} chars, {secs:.1f} s ({chars / max(secs, 1e-9):,.0f} chars/s)")
    if args.tagger:
        print("default pipeline (kg.extract.entities: the rules and mentions.tagger, merged)")
    print_table(counts)
    if args.errors:
        print_errors(errors, args.errors, args.seed)
    if args.tagger:
        from kg import tagger as tagger_mod
        from kg import train as train_mod

        counts, _, secs = score(records, rules_only_spans)
        print(f"\nthe rules alone (the default pipeline without mentions.tagger): {secs:.1f} s "
              f"({chars / max(secs, 1e-9):,.0f} chars/s)")
        print_table(counts)

        model = tagger_mod.load(args.model)
        model.tag("预热")                       # jieba and lexicon indexes load outside the timing
        counts, errors, secs = score(records, lambda text: tagger_spans(model, text))
        print(f"\ntagger (kg.tagger, {Path(model.path).name}): {secs:.1f} s ({chars / max(secs, 1e-9):,.0f} chars/s)")
        trained = {TAGGER_CLASSES[label] for label in model.labels}
        print_table(counts, [c for c in CLASSES if c in trained])
        if args.errors:
            print_errors(errors, args.errors, args.seed)
        even = [train_mod.Example(r["text"], tuple(sorted((s, e, lb) for c, s, e in gold_spans(r)
                                                          for lb in [_LABEL_OF[c]])))
                for i, r in enumerate(records) if i % 2 == 0]
        print()
        print(train_mod.reliability_table(train_mod.observations(model, even, model.labels),
                                          f"tagger reliability, even half of the held-out tenth ({len(even)} "
                                          "sentences): confidence band -> measured precision"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
