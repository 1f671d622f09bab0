"""Where the default pipeline and the tagger alone differ on CLUENER's held-out tenth, by cause.

    python benchmarks/merge_diff.py ../shared/corpus/cluener-train.json [--examples N] [--top N]

Reads the held-out tenth only (lines whose 0-based index % 10 == 0, never trained on) and, per
sentence, runs the rule passes, the tagger over the document's tokens, the merge policy
(``tagged.judge``, which names the policy rule that drops each tagged span) and ``mentions.settle``,
then sorts every difference against the gold spans (the classes of benchmarks/ner_cluener.py):

    lost     a gold span the tagger alone has right and the pipeline misses: the merge rule
             that dropped the tagged span (with the source of the rule span that blocked it),
             or, when the merge kept it, what ``mentions.settle`` put there instead
    added    a pipeline false positive the tagger alone did not produce: the mention's source
             and its shape against the gold (longer / shorter / crossing a gold span of the same
             class, another class on the same span, over another class's span, or spurious)
    avoided  a tagger-alone false positive the pipeline does not have, sorted as ``lost`` is (the
             other side of each merge rule's balance)
    gained   a gold span the pipeline has right and the tagger alone misses, by source

Counts by category (person / org / position), the top categories first, with examples.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.ner_cluener import KG_CLASSES, TAGGER_CLASSES, gold_spans, read_records  # noqa: E402
from kg.model import Article, Source  # noqa: E402
from kg.text import make_doc  # noqa: E402

CLASSES = ("person", "org", "position")


def _shape(span, others) -> str:
    """``span`` (cls, s, e) against the gold spans ``others``: how it is wrong."""
    cls, s, e = span
    if any(o[1:] == (s, e) for o in others):
        return "type"
    same = [o for o in others if o[0] == cls and o[1] < e and s < o[2]]
    if any(o[1] >= s and o[2] <= e for o in same):
        return "longer"
    if any(o[1] <= s and e <= o[2] for o in same):
        return "shorter"
    if same:
        return "crossing"
    if any(o[1] < e and s < o[2] for o in others):
        return "over-other-class"
    return "spurious"


def _src(m) -> str:
    return (m.source.value if isinstance(m.source, Source) else str(m.source)) or "-"


def analyse(records):
    from kg.extract import DEFAULT_PIPELINE
    from kg.extract.doc import Doc
    from kg.extract.registry import expand, get, run
    from kg.extract.tagged import SUFFIX_SOURCES, WEAK_SOURCES, judge
    from kg.tagger import load

    model = load()
    rules = [n for n in expand(DEFAULT_PIPELINE) if get(n).stage == "mentions" and n != "mentions.tagger"]
    cats: dict[tuple[str, str], Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str, str], list] = defaultdict(list)

    def note(kind, cat, cls, item):
        cats[kind, cat][cls] += 1
        examples[kind, cat, cls].append(item)

    for record in records:
        text = record["text"]
        gold = gold_spans(record)
        alone = {(TAGGER_CLASSES[s.label], s.start, s.end) for s in model.tag(text)}
        doc = Doc(make_doc(Article(id="s", text=text, source="cluener", position=1)))
        run(doc, rules)
        candidates = list(doc.candidates)
        probes = [(m.start, m.end) for m in candidates if m.source in WEAK_SOURCES or m.source in SUFFIX_SOURCES]
        spans, outside = model.tag_and_probe(doc.text, doc.tokens, probes)
        verdicts = judge(candidates, spans, doc.text, doc.tokens, outside)
        run(doc, ["mentions.tagger", "mentions.settle"])
        final = {(KG_CLASSES[m.cls], m.start, m.end): m for m in doc.mentions if m.cls in KG_CLASSES}
        pipe = set(final)
        for g in sorted(alone - pipe):
            cls, s, e = g
            if cls not in CLASSES:
                continue
            kind = "lost" if g in gold else "avoided"
            v = next(((m, r) for m, _, r in verdicts if (KG_CLASSES[m.cls], m.start, m.end) == g), None)
            over = [m for k, m in final.items() if m.start < e and s < m.end]
            if v is None:
                cat = "split-or-retagged"           # split by split_titles, or tagged otherwise over the doc's tokens
            elif v[1] is not None:
                blocker = next((m for m in candidates if m.start < e and s < m.end and m.cls in
                                ("Person", "Organization", "RoleTitle", "Place")), None)
                extra = f" <{blocker.cls}:{_src(blocker)}>" if v[1].startswith("rule-") and blocker else ""
                cat = f"merge:{v[1]}{extra}"
            elif over:
                m = over[0]
                rel = ("longer" if m.start <= s and e <= m.end else "shorter" if s <= m.start and m.end <= e
                       else "crossing")
                cat = f"settle:{rel}-{m.cls}:{_src(m)}"
            else:
                cat = "settle:removed"
            note(kind, cat, cls, (text[s:e], [f"{m.text}/{m.cls}/{_src(m)}" for m in over], text))
        for p in sorted(pipe - gold - alone):
            cls = p[0]
            if cls not in CLASSES:
                continue
            m = final[p]
            shape = _shape(p, gold)
            note("added", f"{_src(m)} {m.cls} {shape}", cls,
                 (m.text, [text[o[1]:o[2]] + "/" + o[0] for o in gold if o[1] < m.end and m.start < o[2]], text))
        for g in sorted(gold & pipe - alone):
            if g[0] in CLASSES:
                note("gained", _src(final[g]), g[0], (text[g[1]:g[2]], [], text))
    return cats, examples


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kind", default=None, help="only lost, avoided, added or gained")
    args = ap.parse_args(argv)
    records = read_records(Path(args.path), heldout=True)
    cats, examples = analyse(records)
    rng = random.Random(args.seed)
    for kind in ("lost", "avoided", "added", "gained"):
        if args.kind and kind != args.kind:
            continue
        rows = sorted(((k[1], c) for k, c in cats.items() if k[0] == kind), key=lambda r: -sum(r[1].values()))
        total = Counter()
        for _, c in rows:
            total.update(c)
        print(f"\n## {kind}: person {total['person']}, org {total['org']}, position {total['position']}")
        print(f"{'count':>5} {'per':>4} {'org':>4} {'pos':>4}  category")
        for cat, c in rows[:args.top]:
            print(f"{sum(c.values()):5d} {c['person']:4d} {c['org']:4d} {c['position']:4d}  {cat}")
            if args.examples:
                for cls in CLASSES:
                    items = examples[kind, cat, cls]
                    for span, over, text in rng.sample(items, min(args.examples, len(items))):
                        print(f"        {cls[:3]} {span!r} {' '.join(over)}  | {text[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
