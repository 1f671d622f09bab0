"""Scoring a predicted graph against a gold answer key (format kg-gold/1).

The matching rules are those of the answer key's README (shared/gold/README.md)
and its reference scorer: the core numbers (locatedIn, holdsRole, investment,
their micro-average, entities) agree exactly with it. On top of them this
module scores the extended relations (partnerOf, listedOn, fundsRaised,
foundingYear, revenue) in the same style, and the precision of predicted core
facts per confidence band, read from the kg:Assertion provenance nodes.

    result = score_graph(graph, load_gold(gold), kg.schema.schema_dir())
    text = format_report(result)

The graph is read only through the fixed vocabulary (ontology.md): types with
rdfs:subClassOf* to the coarse kg classes, rdfs:label / skos:altLabel,
kg:locatedIn, kg:holdsRole -> kg:Position (kg:roleTitle, kg:organization),
kg:investment -> schema:value. Named graphs of a Dataset count as one union.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SKOS
from rdflib.term import Node

from . import relations as _rel
from .errors import InputError
from .vocab import KG, SCHEMA

__all__ = ["Score", "Band", "EvalResult", "score_graph", "format_report", "load_gold", "normalize",
           "CORE", "EXTENDED", "SCORED_CLASSES", "BANDS"]

GOLD_FORMAT = "kg-gold/1"
COARSE_CLASSES = ("Person", "Organization", "Park", "Place", "Project", "Event")
SCORED_CLASSES = frozenset({"Person", "Organization", "Park", "Place"})
# [low, high) bands of kg:confidence; the last one is closed at 1.0
BANDS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.0))

# The relations scored, and how, come from the relation table (kg.relations) at the time of scoring:
# CORE and EXTENDED (module attributes) are its core and extended evaluated relations.


def __getattr__(name: str):
    if name == "CORE":
        return _rel.core()
    if name == "EXTENDED":
        return _rel.extended()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _value(rel: str) -> str | None:
    row = _rel.get(rel)
    return row.value if row is not None else None


def _entity_object(rel: str) -> bool:
    """The second slot of the fact is an entity."""
    return _value(rel) in ("entity", "role")

# --------------------------------------------------------------------------- strings and keys

_IGNORED_CHARS = re.compile(r"[\s\u3000“”\"'‘’《》「」『』]")
_DASHES = str.maketrans({"－": "-", "—": "-", "–": "-"})


def normalize(s: object) -> str:
    """The comparison form of a name: NFKC, dashes unified, no spaces or quotes, case-folded."""
    text = unicodedata.normalize("NFKC", str(s)).translate(_DASHES)
    return _IGNORED_CHARS.sub("", text).casefold()


class _KeyTable:
    """Surface form -> the key of its gold entity (alias groups, `a|b` labels).

    Stateful like the reference: gold labels seen so far decide the key of an
    `a|b` alternative, so gold is read in document order.
    """

    def __init__(self, aliases: Iterable[Iterable[str]]):
        self._key: dict[str, str] = {}
        for group in aliases:
            group = list(group)
            if not group:
                continue
            head = normalize(group[0])
            for form in group:
                self._key[normalize(form)] = head

    def register(self, label: str) -> str:
        forms = [normalize(x) for x in str(label).split("|")]
        for f in forms:
            if f in self._key:
                return self._key[f]
        for f in forms:
            self._key.setdefault(f, forms[0])
        return forms[0]

    def accepted(self, label: str) -> frozenset[str]:
        return frozenset(self._key.get(normalize(x), normalize(x)) for x in str(label).split("|"))

    def find(self, labels: Iterable[str]) -> str | None:
        for label in labels:
            k = self._key.get(normalize(label))
            if k is not None:
                return k
        return None


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, tp: int, fp: int, fn: int, gold_total: int | None = None) -> "Score":
        """Precision counts predictions; recall counts gold facts found (gold_total - fn)."""
        p = tp / (tp + fp) if tp + fp else 0.0
        if gold_total is None:
            r = tp / (tp + fn) if tp + fn else 0.0
        else:
            r = (gold_total - fn) / gold_total if gold_total else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(tp, fp, fn, p, r, f)

    def as_dict(self, digits: int = 3) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": round(self.precision, digits),
                "r": round(self.recall, digits), "f1": round(self.f1, digits)}


@dataclass(frozen=True)
class Band:
    """Predicted core facts whose confidence lies in [low, high) (high closed at 1.0)."""

    low: float | None             # None: facts without any kg:Assertion confidence
    high: float | None
    tp: int
    fp: int
    confidence_sum: float = 0.0   # of the facts judged (tp + fp), for their mean confidence

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def mean_confidence(self) -> float | None:
        n = self.tp + self.fp
        return self.confidence_sum / n if n and self.low is not None else None

    @property
    def label(self) -> str:
        if self.low is None:
            return "no confidence"
        close = "]" if self.high is not None and self.high >= 1.0 else ")"
        return f"[{self.low:.2f}, {self.high:.2f}{close}"


@dataclass(frozen=True)
class ExtractorScore:
    """Core and extended facts one extractor stated, judged against the key, with its mean confidence:
    a calibrated extractor's mean confidence is close to its precision."""

    extractor: str
    tp: int
    fp: int
    mean_confidence: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0


@dataclass(frozen=True)
class EvalResult:
    relations: Mapping[str, Score]          # core, "core" (micro), extended, "extended" (micro)
    entities: Score
    false_positives: tuple[str, ...]        # human-readable, core relations
    missed: tuple[str, ...]
    extended_false_positives: tuple[str, ...] = ()
    extended_missed: tuple[str, ...] = ()
    bands: tuple[Band, ...] = ()
    extractors: tuple[ExtractorScore, ...] = ()
    entity_false_positives: tuple[str, ...] = ()
    entity_missed: tuple[str, ...] = ()
    # the reference scorer's shapes, for exact comparison
    raw_false_positives: tuple[tuple[str, ...], ...] = field(default=(), repr=False)
    raw_missed: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @property
    def core(self) -> Score:
        return self.relations["core"]

    def to_dict(self) -> dict:
        """The reference scorer's JSON (`score.py --json`), plus extended and bands."""
        out: dict = {rel: self.relations[rel].as_dict() for rel in _rel.core() + ("core",)}
        out["entities"] = self.entities.as_dict()
        out["false_positives"] = [list(f) for f in self.raw_false_positives]
        out["missed"] = [list(f) for f in self.raw_missed]
        out["extended"] = {rel: self.relations[rel].as_dict() for rel in _rel.extended() + ("extended",)}
        out["confidence_bands"] = [{"band": b.label, "tp": b.tp, "fp": b.fp,
                                    "p": round(b.precision, 3) if b.tp + b.fp else None,
                                    "mean_confidence": None if b.mean_confidence is None
                                    else round(b.mean_confidence, 3)} for b in self.bands]
        out["extractors"] = [{"extractor": x.extractor, "tp": x.tp, "fp": x.fp, "p": round(x.precision, 3),
                              "mean_confidence": round(x.mean_confidence, 3)} for x in self.extractors]
        return out


# --------------------------------------------------------------------------- gold

@dataclass
class _Gold:
    entities: dict[str, set[str]]
    optional_entities: set[str]
    facts: list[tuple]                # unique, in order; slots are frozensets of accepted keys
    optional_facts: list[tuple]
    extended: list[tuple]


def load_gold(path: str | Path) -> dict:
    """Read and check an answer key; InputError names the file."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(str(path), (e.strerror or str(e)).lower()) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(str(path), f"invalid JSON: {e}") from None
    problem = _check_gold(gold)
    if problem:
        raise InputError(str(path), problem)
    return gold


def _check_gold(gold: object) -> str | None:
    if not isinstance(gold, dict):
        return "answer key must be a JSON object"
    fmt = gold.get("format", GOLD_FORMAT)
    if fmt != GOLD_FORMAT:
        return f"unsupported answer key format {fmt!r} (expected {GOLD_FORMAT!r})"
    arts = gold.get("articles")
    if not isinstance(arts, list) or not all(isinstance(a, dict) for a in arts):
        return "answer key needs a list 'articles' of objects"
    return None


def _gold_fact(f: dict, keys: _KeyTable) -> tuple | None:
    p = f.get("p")
    value = _value(p) if isinstance(p, str) else None
    if value == "entity":
        return (p, keys.accepted(f["s"]), keys.accepted(f["o"]))
    if value == "role":
        return (p, keys.accepted(f["s"]), keys.accepted(f["org"]),
                frozenset(normalize(r) for r in str(f["role"]).split("|")))
    if value == "money":
        return (p, keys.accepted(f["s"]), frozenset([round(f["value"])]))
    if value == "year":
        return (p, keys.accepted(f["s"]), frozenset([int(f["year"])]))
    return None


def _read_gold(gold: dict, keys: _KeyTable) -> _Gold:
    ents: dict[str, set[str]] = {}
    opt_ents: set[str] = set()
    facts: list[tuple] = []
    opt_facts: list[tuple] = []
    extended: list[tuple] = []
    core, ext = _rel.core(), _rel.extended()
    for art in gold["articles"]:
        for e in art.get("entities", []):
            ents[keys.register(e["label"])] = set(str(e["type"]).split("|"))
        for label in art.get("optional_entities", []):
            opt_ents.add(keys.register(label))
        for f in art.get("facts", []):
            gf = _gold_fact(f, keys)
            if gf is not None and gf[0] in core and gf not in facts:
                facts.append(gf)
        for f in art.get("optional_facts", []):
            gf = _gold_fact(f, keys)
            if gf is not None and gf[0] in core:
                opt_facts.append(gf)
        for f in art.get("extended_facts", []):
            gf = _gold_fact(f, keys)
            if gf is not None and gf[0] in ext and gf not in extended:
                extended.append(gf)
    return _Gold(ents, opt_ents, facts, opt_facts, extended)


# --------------------------------------------------------------------------- the predicted graph

def _working_graph(graph: Graph, schema_dir: Path | None) -> Graph:
    """A plain graph holding every triple (named graphs included) plus the schema."""
    g = Graph()
    if hasattr(graph, "quads") and callable(getattr(graph, "contexts", None)):
        for s, p, o, _c in graph.quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        for t in graph:
            g.add(t)
    if schema_dir is not None:
        for ttl in sorted(Path(schema_dir).glob("*.ttl")):
            g.parse(str(ttl), format="turtle")
    return g


@dataclass
class _Predicted:
    entities: set[tuple[str, str]]
    facts: dict[tuple, set[tuple[Node, Node, Node]]]   # fact -> the triples that state it


def _read_predicted(g: Graph, keys: _KeyTable) -> _Predicted:
    coarse: dict[Node, str] = {}
    for name in COARSE_CLASSES:
        for c in g.transitive_subjects(RDFS.subClassOf, KG[name]):
            coarse.setdefault(c, name)

    labels: dict[Node, list[str]] = defaultdict(list)
    for prop in (RDFS.label, SKOS.altLabel):
        for s, o in g.subject_objects(prop):
            labels[s].append(str(o))
    cache: dict[Node, str | None] = {}

    def key(node: Node) -> str | None:
        if node not in cache:
            forms = labels.get(node)
            if not forms:
                cache[node] = None
            else:
                found = keys.find(forms)
                if found is None:
                    main = [str(o) for o in g.objects(node, RDFS.label)]
                    found = normalize(main[0] if main else forms[0])
                cache[node] = found
        return cache[node]

    ents = {(key(s), coarse[c]) for s, c in g.subject_objects(RDF.type) if c in coarse and key(s)}
    facts: dict[tuple, set] = defaultdict(set)

    def entity_relation(rel: str, prop) -> None:
        for s, o in g.subject_objects(prop):
            ks, ko = key(s), key(o)
            if ks and ko:
                if rel in symmetric:
                    ks, ko = sorted((ks, ko))
                facts[(rel, ks, ko)].add((s, prop, o))

    def role_relation(rel: str, prop) -> None:
        for person, pos in g.subject_objects(prop):
            for org in g.objects(pos, KG.organization):
                for title in g.objects(pos, KG.roleTitle):
                    kp, ko = key(person), key(org)
                    if kp and ko:
                        facts[(rel, kp, ko, normalize(title))].add((person, prop, pos))

    def money_relation(rel: str, prop) -> None:
        for s, amount in g.subject_objects(prop):
            for v in g.objects(amount, SCHEMA.value):
                try:
                    value = round(float(str(v)))
                except (ValueError, OverflowError):
                    continue
                if key(s):
                    facts[(rel, key(s), value)].add((s, prop, amount))

    def year_relation(rel: str, prop) -> None:
        for s, year in g.subject_objects(prop):
            m = re.match(r"-?\d{1,4}", str(year).strip())
            if m and key(s):
                facts[(rel, key(s), int(m.group()))].add((s, prop, year))

    symmetric = _rel.symmetric()
    read = {"entity": entity_relation, "role": role_relation, "money": money_relation, "year": year_relation}
    for row in _rel.all_relations():
        if row.evaluated:
            read[row.value](row.name, row.iri)
    return _Predicted(ents, dict(facts))


def _provenance(g: Graph) -> dict[tuple[Node, Node, Node], list[tuple[str, float]]]:
    """(subject, predicate, object) -> (extractor, confidence) of each of its kg:Assertion nodes."""
    out: dict[tuple[Node, Node, Node], list[tuple[str, float]]] = defaultdict(list)
    for a in g.subjects(RDF.type, KG.Assertion):
        triple = (g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object))
        ext, conf = g.value(a, KG.extractor), g.value(a, KG.confidence)
        if None in triple or ext is None or conf is None:
            continue
        try:
            out[triple].append((str(ext), float(str(conf))))
        except ValueError:
            continue
    return out


def _by_extractor(facts: dict[tuple, set], verdict: dict[tuple, bool | None],
                  prov: dict[tuple, list]) -> tuple[ExtractorScore, ...]:
    counts: dict[str, list] = defaultdict(lambda: [0, 0, 0.0, 0])
    for fact, ok in verdict.items():
        if ok is None:
            continue
        best: dict[str, float] = {}
        for t in facts.get(fact, ()):
            for ext, conf in prov.get(t, ()):
                best[ext] = max(conf, best.get(ext, conf))
        for ext, conf in best.items():
            c = counts[ext]
            c[0 if ok else 1] += 1
            c[2] += conf
            c[3] += 1
    return tuple(ExtractorScore(ext, tp, fp, total / n if n else 0.0)
                 for ext, (tp, fp, total, n) in sorted(counts.items()))


def _confidences(g: Graph) -> dict[tuple[Node, Node, Node], float]:
    """(subject, predicate, object) -> highest kg:confidence of its kg:Assertion nodes."""
    out: dict[tuple[Node, Node, Node], float] = {}
    for a in g.subjects(RDF.type, KG.Assertion):
        triple = (g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object))
        if None in triple:
            continue
        for c in g.objects(a, KG.confidence):
            try:
                conf = float(str(c))
            except ValueError:
                continue
            out[triple] = max(conf, out.get(triple, conf))
    return out


# --------------------------------------------------------------------------- matching

def _matches(pred: tuple, gold: tuple) -> bool:
    if pred[0] != gold[0] or len(pred) != len(gold):
        return False
    if pred[0] in _rel.symmetric():
        a, b = pred[1], pred[2]
        return (a in gold[1] and b in gold[2]) or (b in gold[1] and a in gold[2])
    return all(x in accepted for x, accepted in zip(pred[1:], gold[1:]))


def _touches_optional(fact: tuple, optional: set[str]) -> bool:
    return fact[1] in optional or (_entity_object(fact[0]) and fact[2] in optional)


def _score_relations(preds: list[tuple], gold: list[tuple], optional_facts: list[tuple],
                     optional_entities: set[str], relations: tuple[str, ...]):
    """tp/fp/fn per relation; returns (counts, gold count, fp facts, missed facts, verdicts)."""
    counts = {rel: [0, 0, 0] for rel in relations}
    found: set[int] = set()
    fps: list[tuple] = []
    verdict: dict[tuple, bool | None] = {}           # True tp, False fp, None ignored
    for pf in sorted(preds, key=str):
        hits = [i for i, gf in enumerate(gold) if _matches(pf, gf)]
        if hits:
            found.update(hits)
            counts[pf[0]][0] += 1
            verdict[pf] = True
        elif any(_matches(pf, of) for of in optional_facts) or _touches_optional(pf, optional_entities):
            verdict[pf] = None
        else:
            counts[pf[0]][1] += 1
            fps.append(pf)
            verdict[pf] = False
    missed = [gf for i, gf in enumerate(gold) if i not in found]
    for gf in missed:
        counts[gf[0]][2] += 1
    totals = {rel: sum(1 for gf in gold if gf[0] == rel) for rel in relations}
    return counts, totals, fps, missed, verdict


def _scores(counts, totals, relations, micro_name) -> dict[str, Score]:
    out = {rel: Score.of(*counts[rel], totals[rel]) for rel in relations}
    tp, fp, fn = (sum(counts[r][i] for r in relations) for i in range(3))
    out[micro_name] = Score.of(tp, fp, fn, sum(totals.values()))
    return out


def _score_entities(pred: set[tuple[str, str]], gold: dict[str, set[str]], optional: set[str]):
    tp = fp = 0
    found: set[str] = set()
    fps: list[str] = []
    for k, cls in sorted(pred):
        if k in gold:
            classes = gold[k]
            if not classes & SCORED_CLASSES:
                continue
            if cls in classes:
                if k not in found:
                    tp += 1
                    found.add(k)
            elif cls in SCORED_CLASSES:
                fp += 1
                fps.append(f"{k} as {cls} (gold: {'|'.join(sorted(classes))})")
        elif k in optional or cls not in SCORED_CLASSES:
            continue
        else:
            fp += 1
            fps.append(f"{k} as {cls}")
    scored = {k for k, classes in gold.items() if classes & SCORED_CLASSES}
    missed = sorted(scored - found)
    misses = [f"{k} ({'|'.join(sorted(gold[k] & SCORED_CLASSES))})" for k in missed]
    return Score.of(tp, fp, len(missed)), fps, misses


def _raw(f: tuple) -> tuple[str, ...]:
    return tuple(x if isinstance(x, str) else "|".join(sorted(map(str, x))) if isinstance(x, frozenset)
                 else str(x) for x in f)


def _readable(f: tuple) -> str:
    rel, *slots = _raw(f)
    if _value(rel) == "role":
        return f"{rel}: {slots[0]} — {slots[2]} @ {slots[1]}"
    if _value(rel) in ("money", "year"):
        return f"{rel}: {slots[0]} = {slots[1]}"
    return f"{rel}: {slots[0]} → {slots[1]}"


def _bands(facts: dict[tuple, set], verdict: dict[tuple, bool | None],
           conf: dict[tuple, float]) -> tuple[Band, ...]:
    counts = [[0, 0, 0.0] for _ in BANDS]
    none = [0, 0, 0.0]
    for fact, ok in verdict.items():
        if ok is None:
            continue
        cs = [conf[t] for t in facts[fact] if t in conf]
        slot, c = none, 0.0
        if cs:
            c = max(cs)
            for i, (lo, hi) in enumerate(BANDS):
                last = i == len(BANDS) - 1
                if lo <= c < hi or (last and lo <= c <= hi) or (i == 0 and c < lo) or (last and c > hi):
                    slot = counts[i]
                    break
        slot[0 if ok else 1] += 1
        slot[2] += c
    out = [Band(lo, hi, tp, fp, total) for (lo, hi), (tp, fp, total) in zip(BANDS, counts)]
    if none[0] + none[1]:
        out.append(Band(None, None, none[0], none[1]))
    return tuple(out)


# --------------------------------------------------------------------------- entry points

def score_graph(graph: Graph, gold: dict, schema_dir: Path | None = None) -> EvalResult:
    """Score `graph` against the answer key `gold` (a parsed kg-gold/1 document).

    `schema_dir`: a folder of Turtle files (the ontology) read along with the
    graph, so that finer classes count as their coarse class.
    """
    problem = _check_gold(gold)
    if problem:
        raise InputError("<answer key>", problem)
    keys = _KeyTable(gold.get("aliases", []))
    g_gold = _read_gold(gold, keys)
    g = _working_graph(graph, schema_dir)
    pred = _read_predicted(g, keys)

    core, ext = _rel.core(), _rel.extended()
    core_preds = [f for f in pred.facts if f[0] in core]
    counts, totals, fps, missed, verdict = _score_relations(
        core_preds, g_gold.facts, g_gold.optional_facts, g_gold.optional_entities, core)
    relations = _scores(counts, totals, core, "core")

    ext_preds = [f for f in pred.facts if f[0] in ext]
    e_counts, e_totals, e_fps, e_missed, e_verdict = _score_relations(
        ext_preds, g_gold.extended, [], g_gold.optional_entities, ext)
    relations.update(_scores(e_counts, e_totals, ext, "extended"))

    entities, ent_fps, ent_missed = _score_entities(pred.entities, g_gold.entities,
                                                    g_gold.optional_entities)
    return EvalResult(
        relations=relations,
        entities=entities,
        false_positives=tuple(_readable(f) for f in fps),
        missed=tuple(_readable(f) for f in missed),
        extended_false_positives=tuple(_readable(f) for f in e_fps),
        extended_missed=tuple(_readable(f) for f in e_missed),
        bands=_bands(pred.facts, verdict, _confidences(g)),
        extractors=_by_extractor(pred.facts, {**verdict, **e_verdict}, _provenance(g)),
        entity_false_positives=tuple(ent_fps),
        entity_missed=tuple(ent_missed),
        raw_false_positives=tuple(tuple(str(x) for x in f) for f in fps),
        raw_missed=tuple(_raw(f) for f in missed),
    )


def format_report(result: EvalResult, *, max_items: int = 60) -> str:
    """A table of scores, the confidence bands, then false positives and misses."""
    lines = [f"{'':14s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'fp':>5s} {'fn':>5s}"]

    def row(name: str, s: Score) -> str:
        return (f"{name:14s} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.tp:5d} {s.fp:5d} {s.fn:5d}")

    for rel in _rel.core():
        lines.append(row(rel, result.relations[rel]))
    lines.append(row("core (micro)", result.relations["core"]))
    lines.append(row("entities", result.entities))
    lines.append("")
    lines.append("extended relations")
    for rel in _rel.extended():
        lines.append(row(rel, result.relations[rel]))
    lines.append(row("ext. (micro)", result.relations["extended"]))
    if result.bands:
        lines.append("")
        lines.append("reliability of core facts: confidence band -> measured precision")
        lines.append(f"  {'band':14s} {'facts':>5s} {'mean conf':>9s} {'precision':>9s} {'tp':>4s} {'fp':>4s}")
        for b in result.bands:
            n = b.tp + b.fp                      # an empty band has no precision, no mean
            p = f"{b.precision:.3f}" if n else "n/a"
            m = f"{b.mean_confidence:.3f}" if b.mean_confidence is not None else "n/a"
            lines.append(f"  {b.label:14s} {n:5d} {m:>9s} {p:>9s} {b.tp:4d} {b.fp:4d}")
    if result.extractors:
        lines.append("")
        lines.append("precision by extractor (calibrated when close to the mean confidence)")
        for x in result.extractors:
            lines.append(f"  {x.extractor:34s} P={x.precision:.3f}  conf={x.mean_confidence:.2f}  "
                         f"(tp={x.tp} fp={x.fp})")

    def listing(title: str, items: tuple[str, ...]) -> None:
        if not items:
            return
        lines.append("")
        lines.append(f"{title} ({len(items)})")
        lines.extend(f"  {x}" for x in items[:max_items])
        if len(items) > max_items:
            lines.append(f"  … {len(items) - max_items} more")

    listing("false positives", result.false_positives)
    listing("missed", result.missed)
    listing("extended false positives", result.extended_false_positives)
    listing("extended missed", result.extended_missed)
    listing("entity false positives", result.entity_false_positives)
    listing("entities missed", result.entity_missed)
    return "\n".join(lines) + "\n"
