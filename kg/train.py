"""Train the tagger of kg/tagger.py and score it on held-out data.

    python -m kg.train [--cluener ../shared/corpus/cluener-train.json]
                       [--resume ../shared/corpus/resume-ner] [--out kg/models/tagger.crfsuite]

reproduces the shipped model: CLUENER2020 train without its held-out tenth (lines whose
0-based index % 10 == 0) plus Resume NER train; then prints precision, recall and F1
per type (exact spans) on the CLUENER held-out tenth and on Resume dev. Resume dev
and test are never trained on. The corpora are third-party data read where they lie.

Label mapping. CLUENER: name -> Person; company, government, organization ->
Organization; position -> RoleTitle; address -> Place; book, game, movie, scene -> Other.
Resume: NAME -> Person, ORG -> Organization, TITLE -> RoleTitle, LOC -> Place; EDU, CONT,
RACE, PRO -> Other. Other is learnt (by default) and never returned; Place only with --place.

After training, the confidence calibration is fitted on the odd half of the held-out tenth
(index % 20 == 10) and written beside the model; its reliability is printed for the even half.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, KGError
from .tagger import (DEFAULT_GROUPS, LABELS, Calibration, Featurizer, build_char_clusters, calibration_path,
                     char_table_path, cluster_table_path, lexicon_fingerprint, meta_path_for, open_tagger, spans_to_tags,
                     write_char_table)

CLUENER_MAP = {"name": "Person", "company": "Organization", "government": "Organization",
               "organization": "Organization", "position": "RoleTitle", "address": "Place",
               "book": "Other", "game": "Other", "movie": "Other", "scene": "Other"}
RESUME_MAP = {"NAME": "Person", "ORG": "Organization", "TITLE": "RoleTitle", "LOC": "Place",
              "EDU": "Other", "CONT": "Other", "RACE": "Other", "PRO": "Other"}
DEFAULT_CLUENER = Path("../shared/corpus/cluener-train.json")
DEFAULT_RESUME = Path("../shared/corpus/resume-ner")
DEFAULT_OUT = Path(__file__).resolve().parent / "models" / "tagger.crfsuite"


@dataclass(frozen=True)
class Example:
    text: str
    spans: tuple[tuple[int, int, str], ...]     # (start, end exclusive, label)


# the shipped model's features: the default groups, the ±3 window and jieba's dictionary table
TRAIN_GROUPS = DEFAULT_GROUPS + ("wide", "dict")


@dataclass(frozen=True)
class Params:
    """The defaults reproduce the shipped model (c1/c2 chosen on the --tune split)."""

    c1: float = 0.1
    c2: float = 0.1
    iterations: int = 150
    groups: tuple[str, ...] = TRAIN_GROUPS
    scheme: str = "BIOES"
    labels: tuple[str, ...] = ("Person", "Organization", "RoleTitle", "Other")   # --place adds Place
    resume_weight: float = 1.0      # Resume NER train: < 1 a random share of it, >= 1 repeated


@dataclass(frozen=True)
class Scores:
    """tp, fp, fn per label (exact spans)."""

    counts: dict = field(default_factory=dict)

    def prf(self, label: str) -> tuple[float, float, float]:
        tp, fp, fn = self.counts.get(label, (0, 0, 0))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def table(self, title: str) -> str:
        lines = [title, f"{'type':13} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"]
        for label in LABELS:
            if label in self.counts:
                p, r, f = self.prf(label)
                tp, fp, fn = self.counts[label]
                lines.append(f"{label:13} {p:6.3f} {r:6.3f} {f:6.3f} {tp:6d} {fp:6d} {fn:6d}")
        return "\n".join(lines)


# ---------------------------------------------------------------- corpora

def read_cluener(path, part: str = "train") -> list[Example]:
    """CLUENER JSON lines; part "train" skips the held-out tenth, "heldout" keeps only it, "all" both.

    "heldout-even" and "heldout-odd" are its two halves (index % 20 == 0: where the merge thresholds
    are chosen; index % 20 == 10: where the confidence is calibrated). For tuning without touching
    the held-out tenth, "tune-train" is "train" without the lines whose
    index % 10 == 5, and "tune-dev" is only those."""
    out = []
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from e
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        held = i % 10 == 0
        if (part == "train" and held) or (part == "heldout" and not held):
            continue
        if (part == "tune-train" and i % 10 in (0, 5)) or (part == "tune-dev" and i % 10 != 5):
            continue
        if (part == "heldout-even" and i % 20 != 0) or (part == "heldout-odd" and i % 20 != 10):
            continue
        try:
            record = json.loads(line)
        except ValueError as e:
            raise InputError(str(path), f"invalid JSON: {e}", i + 1) from e
        spans = []
        for name, mentions in (record.get("label") or {}).items():
            label = CLUENER_MAP.get(name)
            if label is None:
                continue
            for positions in mentions.values():
                for s, e in positions:
                    spans.append((s, e + 1, label))          # CLUENER ends are inclusive
        out.append(Example(record["text"], tuple(sorted(spans))))
    return out


def read_bmes(path) -> list[Example]:
    """Resume NER: one 'character TAG' a line, a blank line between sentences."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from e
    out, chars, tags = [], [], []

    def flush():
        if chars:
            text = "".join(chars)
            spans, start = [], None
            for i, t in enumerate(tags + ["O"]):
                kind, _, name = t.partition("-")
                if start is not None and kind not in ("M", "E", "I"):
                    start = None
                if kind in ("B", "S"):
                    start = i
                if kind in ("S", "E") and start is not None and name in RESUME_MAP:
                    spans.append((start, i + 1, RESUME_MAP[name]))
                    start = None
            out.append(Example(text, tuple(spans)))
        chars.clear()
        tags.clear()

    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            flush()
            continue
        parts = line.split()
        if len(parts) != 2:
            raise InputError(str(path), "expected 'character TAG'", n)
        chars.append(parts[0])
        tags.append(parts[1])
    flush()
    return out


# ---------------------------------------------------------------- training and scoring

def sequences(examples, featurizer: Featurizer, scheme: str, labels=LABELS):
    """(features, tags) per tagged piece of every example, as the tagger will see it."""
    keep = set(labels)
    for ex in examples:
        tags = spans_to_tags(len(ex.text), [s for s in ex.spans if s[2] in keep], scheme)
        for a, b, feats in featurizer.chunks(ex.text):
            yield feats, tags[a:b]


def training_featurizer(examples, params: Params) -> Featurizer:
    """The featurizer a model of ``params`` is trained with; its tables (the dictionary table, the
    character classes, learnt from the training sentences' characters only) are shipped beside it."""
    clusters = None
    if "clusters" in params.groups:
        clusters = build_char_clusters(list(dict.fromkeys(ex.text for ex in examples)))
    return Featurizer(params.groups, clusters=clusters)


def crf_params(params: Params) -> dict:
    return {"c1": params.c1, "c2": params.c2, "max_iterations": params.iterations,
            "feature.possible_transitions": True}


def train(examples, out, params: Params = Params(), log=None) -> dict:
    """Train a model on ``examples`` into ``out`` (and its .json metadata); returns the metadata."""
    import pycrfsuite

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    featurizer = training_featurizer(examples, params)
    if featurizer.clusters is not None:
        write_char_table(cluster_table_path(out), featurizer.clusters)
    if featurizer.char_table is not None:
        write_char_table(char_table_path(out), featurizer.char_table)
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for feats, tags in sequences(examples, featurizer, params.scheme, params.labels):
        trainer.append(feats, tags)
        n += 1
    t1 = time.perf_counter()
    trainer.set_params(crf_params(params))
    tmp = out.with_name(out.name + ".tmp")
    trainer.train(str(tmp))
    tmp.replace(out)
    t2 = time.perf_counter()
    calibration_path(out).unlink(missing_ok=True)      # a new model: its old calibration no longer holds
    # no timings in the file: a retrain at the same commit writes the same bytes
    meta = {"groups": sorted(params.groups), "scheme": params.scheme, "labels": list(params.labels),
            "c1": params.c1, "c2": params.c2, "iterations": params.iterations,
            "resume_weight": params.resume_weight, "sequences": n, "lexicons": lexicon_fingerprint()}
    meta_path_for(out).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if log:
        log(f"trained on {n} sequences: features {t1 - t0:.0f} s, CRF {t2 - t1:.0f} s -> {out}")
    return dict(meta, features_seconds=round(t1 - t0, 1), train_seconds=round(t2 - t1, 1))


def score(tagger, examples, labels=LABELS) -> Scores:
    counts = {label: [0, 0, 0] for label in labels}
    for ex in examples:
        gold = {s for s in ex.spans if s[2] in counts}
        pred = {(s.start, s.end, s.label) for s in tagger.tag(ex.text) if s.label in counts}
        for s in pred | gold:
            c = counts[s[2]]
            c[0 if (s in pred and s in gold) else 1 if s in pred else 2] += 1
    return Scores({k: tuple(v) for k, v in counts.items()})


def observations(tagger, examples, labels=LABELS):
    """(label, mean marginal, calibrated confidence, right) for every span the tagger finds."""
    out = []
    for ex in examples:
        gold = set(ex.spans)
        for s in tagger.tag(ex.text):
            if s.label in labels:
                out.append((s.label, s.raw, s.confidence, (s.start, s.end, s.label) in gold))
    return out


RELIABILITY_BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.0))


def reliability_table(obs, title: str, calibrated: bool = True) -> str:
    """Confidence band -> spans, mean confidence and measured precision ("n/a" for an empty band)."""
    lines = [title, f"  {'band':14} {'spans':>6} {'mean conf':>10} {'precision':>10}"]
    for i, (lo, hi) in enumerate(RELIABILITY_BANDS):
        last = i == len(RELIABILITY_BANDS) - 1
        inside = [(c if calibrated else m, ok) for _, m, c, ok in obs
                  if lo <= (c if calibrated else m) < hi or last and (c if calibrated else m) == hi]
        band = f"[{lo:.2f}, {hi:.2f}{']' if last else ')'}"
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            prec = sum(ok for _, ok in inside) / len(inside)
            lines.append(f"  {band:14} {len(inside):6d} {mean:10.3f} {prec:10.3f}")
        else:
            lines.append(f"  {band:14} {0:6d} {'n/a':>10} {'n/a':>10}")
    return "\n".join(lines)


def calibrate(tagger, model, cluener, labels, out) -> None:
    """Fit the confidence calibration of ``model`` on the odd half of CLUENER's held-out tenth, write it
    beside the model, load it into ``tagger``, and report its reliability on the even half."""
    tagger.calibration = None
    odd = read_cluener(cluener, "heldout-odd")
    fit_obs = observations(tagger, odd, labels)
    cal = Calibration.fit([(label, m, ok) for label, m, _, ok in fit_obs],
                          f"CLUENER train lines with index % 20 == 10 ({len(odd)} sentences)")
    calibration_path(model).write_text(cal.to_json(), encoding="utf-8")
    tagger.calibration = cal
    even = read_cluener(cluener, "heldout-even")
    obs = observations(tagger, even, labels)
    out(reliability_table(obs, f"reliability on the even half of the held-out tenth ({len(even)} sentences), "
                               "mean marginal", calibrated=False))
    out(reliability_table(obs, "the same spans, calibrated confidence (fitted on the odd half)"))


def subset(examples, fraction: float, seed: int = 13):
    """A fixed random share of ``examples`` (fraction < 1), or them repeated: 2.5 -> twice, plus half again."""
    if fraction == 1:
        return list(examples)
    rng = random.Random(seed)
    whole = int(fraction)
    return list(examples) * whole + [ex for ex in examples if rng.random() < fraction - whole]


def main(argv=None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m kg.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--cluener", type=Path, default=DEFAULT_CLUENER, help="CLUENER2020 train.json")
    ap.add_argument("--resume", default=str(DEFAULT_RESUME),
                    help="directory with Resume NER train/dev .char.bmes ('' to leave it out)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    ap.add_argument("--c1", type=float, default=Params.c1)
    ap.add_argument("--c2", type=float, default=Params.c2)
    ap.add_argument("--iterations", type=int, default=Params.iterations)
    ap.add_argument("--groups", default=",".join(TRAIN_GROUPS), help="feature groups, comma-separated")
    ap.add_argument("--scheme", choices=["BIO", "BIOES"], default=Params.scheme)
    ap.add_argument("--place", action="store_true", help="also train Place (address, LOC)")
    ap.add_argument("--no-other", action="store_true",
                    help="do not learn CLUENER book/game/movie/scene and Resume EDU/CONT/RACE/PRO as the "
                         "internal type Other (never returned)")
    ap.add_argument("--resume-weight", type=float, default=Params.resume_weight,
                    help="Resume NER train: a share (< 1) or a repeat count (>= 1)")
    ap.add_argument("--calibrate-only", action="store_true",
                    help="no training: fit the confidence calibration of the model at --out again")
    ap.add_argument("--tune", action="store_true",
                    help="train on the training part without its lines % 10 == 5 and score on those "
                         "(parameter search; the held-out tenth is not read)")
    ap.add_argument("--fraction", type=float, default=1.0, help="train on this random share (feature search)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    try:
        if args.calibrate_only:
            tagger = open_tagger(args.out)
            calibrate(tagger, args.out, args.cluener, tagger.labels, print)
            return 0
        return run(args.cluener, args.resume or None, args.out,
                   Params(args.c1, args.c2, args.iterations, tuple(g for g in args.groups.split(",") if g),
                          args.scheme, tuple(x for x in Params.labels if x != "Other" or not args.no_other)
                          + (("Place",) if args.place else ()), args.resume_weight),
                   args.fraction, args.seed, log=lambda m: print(m, file=sys.stderr, flush=True), out=print,
                   tune=args.tune)
    except (KGError, ValueError) as e:
        print(f"kg.train: error: {e}", file=sys.stderr)
        return 2


def training_examples(cluener, resume, params: Params, fraction=1.0, seed=13, tune=False) -> list[Example]:
    """What ``kg train`` trains on, in its order: CLUENER train (without the held-out tenth), then
    Resume NER train (a share or repeats, ``params.resume_weight``); a random share with ``fraction``."""
    examples = read_cluener(cluener, "tune-train" if tune else "train")
    if resume:
        examples += subset(read_bmes(Path(resume) / "train.char.bmes"), params.resume_weight, seed + 1)
    return subset(examples, fraction, seed)


def run(cluener, resume, model, params: Params, fraction=1.0, seed=13, log=None, out=None, tune=False) -> int:
    """Read the corpora, train, and report the held-out scores through ``out`` (the body of ``kg train``).

    ``tune``: train on the training part without its lines % 10 == 5 and score on those instead."""
    out = out or (lambda message: None)
    examples = training_examples(cluener, resume, params, fraction, seed, tune)
    resume_dir = Path(resume) if resume else None
    meta = train(examples, model, params, log)
    tagger = open_tagger(model)
    if not tune:
        calibrate(tagger, model, cluener, params.labels, out)
    held = read_cluener(cluener, "tune-dev" if tune else "heldout")
    tagger.tag("预热")                        # jieba and the lexicon indexes load outside the timing
    t0 = time.process_time()
    title = (f"CLUENER training lines % 10 == 5 ({len(held)} sentences)" if tune
             else f"CLUENER held-out tenth ({len(held)} sentences)")
    out(score(tagger, held, params.labels).table(title))
    secs = time.process_time() - t0
    chars = sum(len(ex.text) for ex in held)
    out(f"tagging: {chars / max(secs, 1e-9):,.0f} chars/s of CPU time (features and jieba included)")
    if resume_dir is not None and (resume_dir / "dev.char.bmes").is_file():
        dev = read_bmes(resume_dir / "dev.char.bmes")
        out(score(tagger, dev, params.labels).table(f"Resume dev ({len(dev)} sentences)"))
    size = Path(model).stat().st_size
    out(f"model: {model} ({size / 1e6:.1f} MB), {meta['sequences']} training sequences, "
        f"train {meta['features_seconds'] + meta['train_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
