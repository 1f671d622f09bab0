"""Parameter grid for the tagger (development tool): features computed once, many CRF trainings.

    python scripts/tagger_grid.py --c1 0.05,0.1 --c2 0.1 [--groups ...] [--resume-weight 1]
                                  [--iterations 150] [--cache /tmp/kg-tagger-grid] [--log grid.jsonl]

``kg train`` spends a fifth to a third of its time computing features (jieba, lexicons); for a
c1 / c2 / iterations grid over one feature configuration they are the same every time. This
computes the training sequences of ``kg train`` (same examples, order and featurizer: those of
``kg.train``) and the held-out tenth's and Resume dev's features once per configuration, caches
them as a pickle under ``--cache`` (interned strings: about 70 MB), then trains one model per
grid point and prints the scores ``kg train`` would print (tagger alone, exact spans). A grid
point's model is the one ``kg train`` writes with the same parameters, without its calibration.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import tagger as tg  # noqa: E402
from kg import train as tr  # noqa: E402


def features(cluener: Path, resume: Path | None, params: tr.Params, cache: Path) -> dict:
    """Training sequences and the two scoring sets' chunk features, from the cache when there."""
    key = hashlib.sha1(repr((str(cluener), str(resume), sorted(params.groups), params.labels, params.scheme,
                             params.resume_weight, tg.lexicon_fingerprint())).encode()).hexdigest()[:12]
    path = cache / f"features-{key}.pkl"
    if path.is_file():
        with path.open("rb") as fh:
            return pickle.load(fh)
    examples = tr.training_examples(cluener, resume, params)
    fz = tr.training_featurizer(examples, params)
    strings: dict[str, str] = {}

    def intern(feats):
        return [[strings.setdefault(x, x) for x in fs] for fs in feats]

    data = {"train": [(intern(f), t) for f, t in tr.sequences(examples, fz, params.scheme, params.labels)],
            "score": {}}
    sets = {"CLUENER held-out tenth": tr.read_cluener(cluener, "heldout")}
    if resume is not None and (resume / "dev.char.bmes").is_file():
        sets["Resume dev"] = tr.read_bmes(resume / "dev.char.bmes")
    for name, exs in sets.items():
        data["score"][name] = [(ex.spans, [(a, intern(f)) for a, _, f in fz.chunks(ex.text)]) for ex in exs]
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return data


def score(crf, examples, labels) -> tr.Scores:
    """``kg.train.score`` on cached chunk features."""
    counts = {label: [0, 0, 0] for label in labels}
    for spans, chunks in examples:
        gold = {s for s in spans if s[2] in counts}
        pred = {(a + s, a + e, lb) for a, feats in chunks for s, e, lb in tg.tags_to_spans(crf.tag(feats))
                if lb in counts and lb in tg.LABELS}
        for s in pred | gold:
            c = counts[s[2]]
            c[0 if (s in pred and s in gold) else 1 if s in pred else 2] += 1
    return tr.Scores({k: tuple(v) for k, v in counts.items()})


def main(argv=None) -> int:
    import pycrfsuite

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cluener", type=Path, default=tr.DEFAULT_CLUENER)
    ap.add_argument("--resume", default=str(tr.DEFAULT_RESUME), help="'' to leave Resume NER out")
    ap.add_argument("--groups", default=",".join(tr.Params.groups))
    ap.add_argument("--resume-weight", type=float, default=tr.Params.resume_weight)
    ap.add_argument("--c1", default=str(tr.Params.c1), help="comma-separated values")
    ap.add_argument("--c2", default=str(tr.Params.c2), help="comma-separated values")
    ap.add_argument("--iterations", default=str(tr.Params.iterations), help="comma-separated values")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/kg-tagger-grid"))
    ap.add_argument("--log", type=Path, help="append one JSON line per grid point")
    args = ap.parse_args(argv)
    resume = Path(args.resume) if args.resume else None
    base = tr.Params(groups=tuple(g for g in args.groups.split(",") if g), resume_weight=args.resume_weight)
    t0 = time.perf_counter()
    data = features(args.cluener, resume, base, args.cache)
    print(f"features: {time.perf_counter() - t0:.0f} s, {len(data['train'])} training sequences", flush=True)
    for c1, c2, its in itertools.product(args.c1.split(","), args.c2.split(","), args.iterations.split(",")):
        params = tr.Params(float(c1), float(c2), int(its), base.groups, base.scheme, base.labels, base.resume_weight)
        t1 = time.perf_counter()
        trainer = pycrfsuite.Trainer(verbose=False)
        for feats, tags in data["train"]:
            trainer.append(feats, tags)
        trainer.set_params(tr.crf_params(params))
        model = args.cache / f"grid-{c1}-{c2}-{its}.crfsuite"
        trainer.train(str(model))
        secs = time.perf_counter() - t1
        crf = pycrfsuite.Tagger()
        crf.open(str(model))
        row = {"c1": params.c1, "c2": params.c2, "iterations": params.iterations, "groups": sorted(params.groups),
               "resume_weight": params.resume_weight, "train_seconds": round(secs),
               "model_mb": round(model.stat().st_size / 1e6, 2)}
        print(f"c1 {c1}, c2 {c2}, {its} iterations: {secs:.0f} s, {row['model_mb']} MB")
        for name, exs in data["score"].items():
            s = score(crf, exs, params.labels)
            print(s.table(f"{name} ({len(exs)} sentences)"), flush=True)
            row[name] = {lb: round(s.prf(lb)[2], 4) for lb in tg.LABELS if lb in params.labels}
        if args.log:
            with args.log.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
