"""Corrections that survive rebuilds: the curation file, and how every build applies it.

The curation file (TOML, ``curation.toml`` beside the store by default) is a list of
decisions a person made about the graph, each a ``[[decision]]`` table with an ``id``,
``action``, ``author``, ``time`` (ISO 8601) and ``note``, and the keys of its action:

    reject    assertion = IRI, and/or subject, relation, object (labels; article optional)
    add       subject, relation, object (labels); subject_class / object_class for a new entity
    merge     entity (class) into into (into_class): one entity, with into's label
    split     entity (class), forms = [names]: the mentions named so become an entity apart
              (label: its label, else the usual rule)
    rename    entity (class), label and/or to_class (a class or an organisation kind)
    unalias   entity (class), alias: that name is not one of the entity's

``load`` reads and checks a file (errors name its line); ``Curation`` is what a build
applies: at the cross-article merge (``canonical``: merges, splits, renames, wrong aliases),
to each article's facts (``filter_facts``: rejections), and as the curation named graph
(``graph_body``: the decisions with PROV, the facts added by hand). ``append`` / ``remove``
edit the file as text, so a person's comments and layout stay as they were.
The library never prints; ``kg curate`` is the CLI over it.
"""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from . import relations
from .errors import CurationError
from .model import ENTITY_CLASSES, Entity, Extraction, Money, Role
from .vocab import KGR_NS, ORG_KINDS

CURATION_NAME = "curation.toml"
ACTIONS = ("reject", "add", "merge", "split", "rename", "unalias")
COMMON = ("id", "action", "author", "time", "note")
KEYS = {
    "reject": ("assertion", "subject", "relation", "object", "article"),
    "add": ("subject", "relation", "object", "subject_class", "object_class", "title", "current"),
    "merge": ("entity", "class", "into", "into_class"),
    "split": ("entity", "class", "forms", "label"),
    "rename": ("entity", "class", "label", "to_class"),
    "unalias": ("entity", "class", "alias"),
}
ADD_VALUES = ("entity", "role", "year", "money")   # what `add` can state by hand: every kind of object
HEADER = ("# kg curation file: decisions every `kg build` applies to the graph it builds.\n"
          "# Edit with `kg curate ...` or by hand; README, \"Correcting the graph\".\n")
_DECISION = re.compile(r"^\s*\[\[\s*decision\s*\]\]\s*(#.*)?$")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def default_path(store: str | Path) -> Path:
    """The curation file kept beside the store: ``curation.toml`` in the store's parent directory."""
    return Path(store).absolute().parent / CURATION_NAME


def graph_iri(base: str = KGR_NS) -> str:
    """The named graph holding the decisions and the facts added by hand."""
    return f"{base}graph/curation"


def decision_iri(decision_id: str, base: str = KGR_NS) -> str:
    return f"{base}curation/{_digest(decision_id)}"


def _digest(*parts) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Decision:
    """One decision of the curation file; ``line`` is where its ``[[decision]]`` starts."""

    id: str
    action: str
    author: str
    time: str
    note: str = ""
    line: int = 0
    fields: tuple[tuple[str, object], ...] = ()

    def get(self, key: str, default=""):
        return dict(self.fields).get(key, default)

    def describe(self) -> str:
        f = dict(self.fields)
        if self.action == "reject":
            what = " ".join(str(f[k]) for k in ("subject", "relation", "object") if f.get(k)) or f.get("assertion", "")
        elif self.action == "add":
            what = f"{f['subject']} {f['relation']} {f['object']}" + (f" ({f['title']})" if f.get("title") else "")
        elif self.action == "merge":
            what = f"{f['entity']} into {f['into']}"
        elif self.action == "split":
            what = f"{'、'.join(f['forms'])} out of {f['entity']}"
        elif self.action == "rename":
            what = f"{f['entity']} -> " + " ".join(str(f[k]) for k in ("label", "to_class") if f.get(k))
        else:
            what = f"{f['alias']} is not {f['entity']}"
        return f"{self.id} {self.action} {what}"


@dataclass(frozen=True)
class CurationFile:
    path: Path
    text: str
    decisions: tuple[Decision, ...]

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16] if self.decisions else ""


# ---------------------------------------------------------------- reading and checking

def _key_lines(lines: list[str], start: int, end: int) -> dict[str, int]:
    """key -> 1-based line number of ``key =`` between lines ``start`` and ``end`` (0-based)."""
    found = {}
    for i in range(start, end):
        m = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=", lines[i])
        if m and m.group(1) not in found:
            found[m.group(1)] = i + 1
    return found


def load(path: str | Path) -> CurationFile:
    """Read and check the curation file; a missing file is an empty one. CurationError names
    the file and line of the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return CurationFile(path, "", ())
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(path, None, f"cannot read the curation file: {exc}") from exc
    return parse(text, path)


def parse(text: str, path: str | Path = CURATION_NAME) -> CurationFile:
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        reason = _TOML_LINE.sub("", str(exc)).strip()
        raise CurationError(path, int(m.group(1)) if m else None, f"not valid TOML: {reason}") from exc
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if _DECISION.match(line)]
    extra = sorted(set(data) - {"decision", "version"})
    if extra:
        raise CurationError(path, _key_lines(lines, 0, len(lines)).get(extra[0]),
                            f"unknown top-level key {extra[0]!r} (expected [[decision]] tables)")
    if data.get("version", 1) != 1:
        raise CurationError(path, _key_lines(lines, 0, len(lines)).get("version"),
                            f"unknown curation file version {data['version']!r} (this kg reads version 1)")
    raw = data.get("decision", [])
    if not isinstance(raw, list) or len(raw) != len(heads):
        raise CurationError(path, heads[0] + 1 if heads else 1,
                            "decisions must be written as [[decision]] tables, one per decision")
    decisions, seen = [], {}
    for n, (table, head) in enumerate(zip(raw, heads)):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        decisions.append(_check(table, path, head + 1, _key_lines(lines, head, end), seen))
    _check_cycles(decisions, path)
    return CurationFile(path, text, tuple(decisions))


def _check(table: dict, path: Path, line: int, keys: dict[str, int], seen: dict[str, int]) -> Decision:
    def fail(reason: str, key: str | None = None):
        raise CurationError(path, keys.get(key, line) if key else line, reason)

    for k in ("id", "action", "author", "time"):
        if not isinstance(table.get(k), str) or not table.get(k).strip():
            fail(f"decision without {k!r} (each decision needs id, action, author, time)", k)
    action = table["action"]
    if action not in ACTIONS:
        fail(f"unknown action {action!r} (expected one of {', '.join(ACTIONS)})", "action")
    did = table["id"]
    if did in seen:
        fail(f"decision id {did!r} is used twice (first on line {seen[did]})", "id")
    seen[did] = line
    for k, v in table.items():
        if k not in COMMON and k not in KEYS[action]:
            fail(f"{action} decision {did}: unknown key {k!r} (expected {', '.join(KEYS[action])})", k)
        if k == "forms":
            if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
                fail(f"{action} decision {did}: 'forms' must be a list of names", k)
        elif not isinstance(v, str):
            fail(f"{action} decision {did}: {k!r} must be a string", k)
    try:
        datetime.fromisoformat(table["time"].replace("Z", "+00:00"))
    except ValueError:
        fail(f"decision {did}: time {table['time']!r} is not an ISO 8601 date and time", "time")
    f = {k: (tuple(v) if isinstance(v, list) else v.strip()) for k, v in table.items() if k not in COMMON}
    f = {k: v for k, v in f.items() if v}

    def need(*names):
        for k in names:
            if not f.get(k):
                fail(f"{action} decision {did}: {k!r} is missing")

    def known_class(key: str, kinds: bool = False):
        c = f.get(key)
        allowed = ENTITY_CLASSES + (ORG_KINDS if kinds else ())
        if c and c not in allowed:
            fail(f"{action} decision {did}: unknown class {c!r} (expected one of {', '.join(allowed)})", key)

    def known_relation(values=None):
        rel = f.get("relation")
        row = relations.get(rel) if rel else None
        if rel and row is None:
            fail(f"{action} decision {did}: unknown relation {rel!r} (expected one of "
                 f"{', '.join(relations.names())})", "relation")
        if row is not None and values and row.value not in values:
            fail(f"{action} decision {did}: {rel} facts cannot be added by hand yet (only relations between "
                 f"two entities, and foundingYear)", "relation")

    if action == "reject":
        if not f.get("assertion"):
            need("subject", "relation", "object")
        a = f.get("assertion", "")
        if a and (not re.match(r"^[a-z][a-z0-9+.-]*://[^\s<>\"{}|\\^`]+$", a) or "/assertion/" not in a):
            fail(f"reject decision {did}: {a!r} is not an assertion IRI (…/assertion/…)", "assertion")
        known_relation()
    elif action == "add":
        need("subject", "relation", "object")
        known_relation(ADD_VALUES)
        known_class("subject_class", kinds=True)
        known_class("object_class", kinds=True)
        value = relations.get(f["relation"]).value
        if value == "year" and not re.fullmatch(r"\d{1,4}", f["object"]):
            fail(f"add decision {did}: a {f['relation']} object is a year, not {f['object']!r}", "object")
        if value == "money" and _money(f["object"]) is None:
            fail(f"add decision {did}: the object of {f['relation']} is an amount of money (5亿元, 3000万美元), "
                 f"not {f['object']!r}", "object")
        if value == "role":
            need("title")
        elif f.get("title"):
            fail(f"add decision {did}: 'title' belongs to a role (holdsRole), not to {f['relation']}", "title")
        if f.get("current", "true") not in ("true", "false") or (f.get("current") and value != "role"):
            fail(f"add decision {did}: 'current' is \"true\" or \"false\", for a role", "current")
    elif action == "merge":
        need("entity", "into")
        known_class("class")
        known_class("into_class")
        if f["entity"] == f["into"] and f.get("class", "") == f.get("into_class", f.get("class", "")):
            fail(f"merge decision {did}: merges {f['entity']!r} with itself", "into")
    elif action == "split":
        need("entity", "forms")
        known_class("class")
    elif action == "rename":
        need("entity")
        if not f.get("label") and not f.get("to_class"):
            fail(f"rename decision {did}: give a new 'label' or 'to_class'")
        known_class("class")
        known_class("to_class", kinds=True)
    else:
        need("entity", "alias")
        known_class("class")
    return Decision(did, action, table["author"].strip(), table["time"].strip(), table.get("note", "").strip(),
                    line, tuple(sorted(f.items())))


def _check_cycles(decisions: list[Decision], path: Path) -> None:
    """Merges by name form a chain (a into b, b into c); a chain that comes back to where it
    started has no entity whose label wins: an error on the line of the merge that closes it."""
    into: dict[str, tuple[str, Decision]] = {}
    for d in decisions:
        if d.action != "merge":
            continue
        src, dst = d.get("entity"), d.get("into")
        node, hops = dst, [dst]
        while node in into:
            node = into[node][0]
            hops.append(node)
            if node == src:
                break
        if node == src:
            raise CurationError(path, d.line, f"merge decision {d.id}: a cycle of merges "
                                              f"({' -> '.join([src] + hops)})")
        into[src] = (dst, d)


# ---------------------------------------------------------------- writing (as text)

def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL is escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_string(v) for v in value) + "]"
    return _toml_string(str(value))


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def next_id(cf: CurationFile) -> str:
    numbers = [int(d.id[1:]) for d in cf.decisions if re.fullmatch(r"c\d+", d.id)]
    return f"c{max(numbers, default=0) + 1}"


def append(path: str | Path, action: str, author: str, note: str = "", time: str | None = None,
           **keys) -> Decision:
    """Add a decision at the end of the curation file (made if missing) and return it as read
    back. The file must read cleanly before (an error names its line) and after."""
    path = Path(path)
    cf = load(path)
    fields = {"id": next_id(cf), "action": action, "author": author, "time": time or now(), "note": note}
    fields.update({k: v for k, v in keys.items() if v not in (None, "", (), [])})
    block = "\n[[decision]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in fields.items())
    text = cf.text or HEADER
    if not text.endswith("\n"):
        text += "\n"
    try:
        new = parse(text + block, path)      # a decision the checks refuse never reaches the file
    except CurationError as exc:
        if exc.line is not None and exc.line > text.count("\n"):
            raise CurationError(path, None, exc.reason) from None     # the new decision: no line of the file
        raise
    _write(path, new.text)
    return new.decisions[-1]


def remove(path: str | Path, decision_id: str | None = None) -> Decision:
    """Take a decision out of the file (the last one when no id is given); returns it."""
    path = Path(path)
    cf = load(path)
    if not cf.decisions:
        raise CurationError(path, None, "no decisions to undo")
    if decision_id is None:
        d = cf.decisions[-1]
    else:
        found = [d for d in cf.decisions if d.id == decision_id]
        if not found:
            raise CurationError(path, None, f"no decision {decision_id!r} (see `kg curate list`)")
        d = found[0]
    lines = cf.text.split("\n")
    start = d.line - 1
    later = [x.line - 1 for x in cf.decisions if x.line > d.line]
    end = min(later) if later else len(lines)
    while start > 0 and not lines[start - 1].strip():
        start -= 1                            # the blank line that introduced the block goes with it
    text = "\n".join(lines[:start] + lines[end:])
    if not text.endswith("\n"):
        text += "\n"
    parse(text, path)
    _write(path, text)
    return d


def _write(path: Path, text: str) -> None:
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- applying

def _forms(e: Entity) -> set[str]:
    return {e.label, *e.alt_labels}


def _fits(e: Entity, name: str, cls: str) -> bool:
    return name in _forms(e) and (not cls or cls in (e.cls, e.kind))


@dataclass
class Curation:
    """The decisions of a curation file as a build applies them, with what each matched
    (``hits``: decision id -> how many facts or entities it changed; ``problems``: decision
    id -> why it could not apply)."""

    file: CurationFile
    base: str = KGR_NS
    hits: dict = field(default_factory=dict)
    problems: dict = field(default_factory=dict)

    def __post_init__(self):
        self._by = {a: [d for d in self.file.decisions if d.action == a] for a in ACTIONS}
        self._rejects = tuple(self._by["reject"])

    @property
    def digest(self) -> str:
        return self.file.digest

    def __bool__(self) -> bool:
        return bool(self.file.decisions)

    def __getstate__(self):                  # what a worker process needs: the decisions
        return {"file": self.file, "base": self.base, "hits": {}, "problems": {}}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__post_init__()

    # -- entities

    def _find(self, entities, d: Decision, name_key: str = "entity", class_key: str = "class"):
        name, cls = d.get(name_key), d.get(class_key)
        found = sorted({e for e in entities if _fits(e, name, cls)}, key=lambda e: e.id)
        if not found:
            self.problems.setdefault(d.id, f"no entity is named {name!r}" + (f" ({cls})" if cls else ""))
        elif len(found) > 1:
            self.problems.setdefault(d.id, f"{name!r} names {len(found)} entities "
                                           f"({', '.join(e.id for e in found)}); give its class")
        return found[0] if len(found) == 1 else None

    def canonical(self, counts) -> dict[str, Entity]:
        """``kg.resolve.canonical_entities`` with the entity decisions applied: wrong aliases and
        splits keep names apart before the merge, then merges, then renames."""
        from .resolve import canonical_entities

        for d in self.file.decisions:
            if d.action != "reject" and d.action != "add":
                self.hits.pop(d.id, None)
                self.problems.pop(d.id, None)
        counts = dict(counts.items() if hasattr(counts, "items") else counts)
        canon = canonical_entities(counts)
        apart = self._by["split"] + self._by["unalias"]
        if apart:
            counts, sides = self._apart(counts, canon, apart)
            canon = canonical_entities(counts)
            canon = self._after_apart(canon, sides)
        if self._by["merge"]:
            canon = self._merge(canon)
        if self._by["rename"]:
            canon = self._rename(canon)
        return canon

    def _apart(self, counts, canon, decisions):
        labels = {e.id: e.label for e in counts}
        sides = []
        drop: dict[str, set[str]] = {}
        for d in decisions:
            target = self._find(set(canon.values()), d)
            if target is None:
                continue
            forms = set(d.get("forms")) if d.action == "split" else {d.get("alias")}
            members = {old for old, e in canon.items() if e.id == target.id}
            go = {m for m in members if labels.get(m) in forms}
            stay = members - go
            if d.action == "split" and not go:
                self.problems[d.id] = f"no mention of {target.label!r} is named {'、'.join(sorted(forms))}"
                continue
            if d.action == "unalias" and not (forms & _forms(target)) - {target.label}:
                self.problems[d.id] = f"{d.get('alias')!r} is not an alias of {target.label!r}"
                continue
            if d.action == "unalias" and d.get("alias") == target.label:
                self.problems[d.id] = f"{d.get('alias')!r} is the label of the entity, not an alias (rename it)"
                continue
            stay_forms = set().union(*(({e.label} | set(e.alt_labels)) - forms for e in counts if e.id in stay))
            for m in stay:
                drop.setdefault(m, set()).update(forms)
            for m in go:
                drop.setdefault(m, set()).update(stay_forms)
            sides.append((d, go, stay))
            self.hits[d.id] = len(go) or 1
        out: dict = {}
        for e, n in counts.items():
            gone = drop.get(e.id)
            if gone:
                e = replace(e, alt_labels=tuple(sorted(set(e.alt_labels) - gone)))
            out[e] = out.get(e, 0) + n
        return out, sides

    def _after_apart(self, canon, sides):
        for d, go, stay in sides:
            if go and stay and {canon[m].id for m in go} & {canon[m].id for m in stay}:
                self.problems[d.id] = "another name still joins the two (split or unalias that one too)"
                self.hits.pop(d.id, None)
                continue
            label = d.get("label") if d.action == "split" else ""
            if go and label:
                ids = {canon[m].id for m in go}
                for old, e in list(canon.items()):
                    if e.id in ids:
                        canon[old] = _relabel(e, label)
        return canon

    def _merge(self, canon):
        entities = set(canon.values())
        into: dict[str, tuple[str, Decision]] = {}
        by_id = {e.id: e for e in entities}
        for d in self._by["merge"]:
            src = self._find(entities, d)
            dst = self._find(entities, d, "into", "into_class")
            if src is None or dst is None:
                continue
            if src.id == dst.id:
                self.problems[d.id] = f"{d.get('entity')!r} and {d.get('into')!r} are already one entity"
                continue
            if src.cls != dst.cls:
                self.problems[d.id] = (f"{src.label!r} ({src.cls}) and {dst.label!r} ({dst.cls}) are of "
                                       f"different classes: one entity has one class")
                continue
            into[src.id] = (dst.id, d)
            self.hits[d.id] = 1

        def root(eid: str, d: Decision) -> str:
            seen = [eid]
            while eid in into:
                eid = into[eid][0]
                if eid in seen:
                    loop = seen[seen.index(eid):]
                    last = max((into[x][1] for x in loop), key=lambda x: x.line)   # the merge that closes it
                    start = loop.index(next(x for x in loop if into[x][1] is last))
                    names = loop[start:] + loop[:start]
                    raise CurationError(self.file.path, last.line, f"merge decision {last.id}: a cycle of merges "
                                        f"({' -> '.join(by_id[x].label for x in names + [names[0]])})")
                seen.append(eid)
            return eid

        groups: dict[str, list[Entity]] = {}
        for eid, (_, d) in into.items():
            groups.setdefault(root(eid, d), []).append(by_id[eid])
        merged = {}
        for r, members in groups.items():
            head = by_id[r]
            forms = set().union(_forms(head), *(_forms(m) for m in members))
            kind = head.kind or next((m.kind for m in sorted(members, key=lambda m: m.id) if m.kind), None)
            if head.cls != "Organization":
                kind = None
            e = replace(head, kind=kind, alt_labels=tuple(sorted(forms - {head.label})))
            merged[r] = e
            for m in members:
                merged[m.id] = e
        return {old: merged.get(e.id, e) for old, e in canon.items()}

    def _rename(self, canon):
        for d in self._by["rename"]:
            target = self._find(set(canon.values()), d)
            if target is None:
                continue
            e = target
            if d.get("label"):
                e = _relabel(e, d.get("label"))
            to = d.get("to_class")
            if to:
                cls, kind = ("Organization", to) if to in ORG_KINDS else (to, None)
                if cls != "Organization":
                    kind = None
                elif to == "Organization":
                    kind = e.kind if e.cls == "Organization" else None
                e = replace(e, cls=cls, kind=kind, id=_entity_id(cls, e.label, e.id))
            self.hits[d.id] = 1
            canon = {old: (e if x.id == target.id else x) for old, x in canon.items()}
        return canon

    # -- facts

    def filter_facts(self, ex: Extraction, base: str | None = None) -> tuple[Extraction, tuple[str, ...]]:
        """The extraction without the facts a reject decision names (and without facts a merge
        made point from an entity to itself); and the ids of the decisions that matched, once
        per fact taken out."""
        if not self._rejects and not self._by["merge"]:
            return ex, ()
        base = base or self.base
        ents = {e.id: e for e in ex.entities}
        keep, hits = [], []
        art = None
        for f in ex.facts:
            if isinstance(f.object, str) and f.object == f.subject:
                continue
            hit = None
            for d in self._rejects:
                if self._names_fact(d, f, ents, ex):
                    hit = d
                    break
                if d.get("assertion"):
                    if art is None:
                        from .rdf import article_iri

                        art = article_iri(ex.article, base)
                    if _assertion_iri(art, f, base) == d.get("assertion"):
                        hit = d
                        break
            if hit is None:
                keep.append(f)
            else:
                hits.append(hit.id)
        if len(keep) == len(ex.facts):
            return ex, ()
        return replace(ex, facts=tuple(keep)), tuple(hits)

    def _names_fact(self, d: Decision, f, ents, ex) -> bool:
        if not d.get("subject") or f.relation != d.get("relation"):
            return False
        if d.get("subject") not in _names(f.subject, ents):
            return False
        o, want = f.object, d.get("object")
        if isinstance(o, str):
            ok = want in _names(o, ents)
        elif isinstance(o, Role):
            ok = want == o.title or want in _names(o.organization, ents)
        elif isinstance(o, Money):
            ok = want in (o.text, str(o.value), str(int(o.value)) if o.value == int(o.value) else "")
        else:
            ok = want == str(o)
        if not ok:
            return False
        art = d.get("article")
        if art:
            from .rdf import article_iri

            a = ex.article
            return art in (a.source, a.title, a.id, str(article_iri(a, self.base)))
        return True

    # -- the curation graph

    def graph_body(self, entities, known_assertion=None) -> str:
        """The curation named graph as the store writes it (``kg.store.article_body``): every
        decision with its author and time (PROV), and each fact added by hand with a
        kg:Assertion whose evidence is the note. ``entities`` are the merged entities of
        the build. Also fills ``hits``/``problems`` of the add decisions."""
        from rdflib import Literal, URIRef
        from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

        from .model import Role
        from .rdf import (Triples, amount_iri, confidence_literal, entity_iri, money_value_literal,
                          position_iri, year_literal)
        from .vocab import SCHEMA
        from .store import article_body
        from .vocab import KG

        base = self.base
        entities = set(entities)
        g = Triples()
        chosen: dict[str, Entity] = {}
        for d in self.file.decisions:
            node = URIRef(decision_iri(d.id, base))
            agent = URIRef(f"{base}agent/{_digest(d.author)}")
            g.add((node, RDF.type, KG.CurationDecision))
            g.add((node, DCTERMS.identifier, Literal(d.id)))
            g.add((node, KG.action, Literal(d.action)))
            g.add((node, PROV.wasAttributedTo, agent))
            g.add((agent, RDF.type, PROV.Agent))
            g.add((agent, RDFS.label, Literal(d.author)))
            g.add((node, PROV.generatedAtTime, Literal(_utc(d.time), datatype=XSD.dateTime)))
            if d.note:
                g.add((node, RDFS.comment, Literal(d.note)))
            if d.action in ("merge", "split", "rename", "unalias") and d.id in self.hits:
                name = d.get("into") if d.action == "merge" else (
                    d.get("label") or d.get("entity") if d.action == "rename" else d.get("entity"))
                cls = d.get("into_class") if d.action == "merge" else (
                    d.get("to_class") if d.action == "rename" else d.get("class"))
                found = sorted((e for e in entities if _fits(e, name, cls)), key=lambda e: e.id)
                for e in found[:1]:
                    g.add((node, KG.curatedEntity, entity_iri(e, base=base)))
            if d.action != "add":
                continue
            self.problems.pop(d.id, None)
            self.hits.pop(d.id, None)
            rel = relations.get(d.get("relation"))
            subject = self._add_end(entities, d, "subject", chosen)
            if subject is None:
                continue
            ends = [subject]
            if rel.value == "year":
                obj = year_literal(int(d.get("object")))
            elif rel.value == "money":
                money = _money(d.get("object"))
                obj = amount_iri(subject.id, rel.name, money, base)
                g.add((obj, RDF.type, KG.MonetaryAmount))
                g.add((obj, SCHEMA.value, money_value_literal(money.value)))
                g.add((obj, SCHEMA.currency, Literal(money.currency)))
                g.add((obj, RDFS.label, Literal(money.text)))
            else:
                o = self._add_end(entities, d, "object", chosen)
                if o is None:
                    continue
                if o.id == subject.id:
                    self.problems[d.id] = "a fact from an entity to itself"
                    continue
                ends.append(o)
                obj = entity_iri(o, base=base)
                if rel.value == "role":       # a position at the organisation, as extraction writes it
                    role = Role(d.get("title"), o.id, d.get("current", "true") == "true")
                    obj = position_iri(subject.id, role, base)
                    g.add((obj, RDF.type, KG.Position))
                    g.add((obj, KG.roleTitle, Literal(role.title)))
                    g.add((obj, KG.organization, entity_iri(o, base=base)))
                    g.add((obj, KG.current, Literal(role.current)))
            s = entity_iri(subject, base=base)
            for e in ends:
                if e.id not in {x.id for x in entities}:
                    g.add((entity_iri(e, base=base), RDF.type, KG[e.cls]))
                    g.add((entity_iri(e, base=base), RDFS.label, Literal(e.label)))
            g.add((s, rel.iri, obj))
            a = URIRef(f"{base}assertion/{_digest('curation', d.id, s, rel.iri, obj)}")
            g.add((a, RDF.type, KG.Assertion))
            g.add((a, RDF.subject, s))
            g.add((a, RDF.predicate, rel.iri))
            g.add((a, RDF.object, obj))
            g.add((a, PROV.wasDerivedFrom, node))
            g.add((a, KG.evidence, Literal(d.note or f"added by {d.author}")))
            g.add((a, KG.charStart, Literal(0)))
            g.add((a, KG.charEnd, Literal(0)))
            g.add((a, KG.confidence, confidence_literal(1.0)))
            g.add((a, KG.extractor, Literal("curation/add")))
            self.hits[d.id] = 1
        return article_body(graph_iri(base), g)[1]

    def _add_end(self, entities, d: Decision, end: str, chosen) -> Entity | None:
        name, cls = d.get(end), d.get(f"{end}_class")
        found = sorted((e for e in entities if _fits(e, name, cls)), key=lambda e: e.id)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            self.problems[d.id] = (f"{end} {name!r} names {len(found)} entities "
                                   f"({', '.join(e.id for e in found)}); give {end}_class")
            return None
        if not cls:
            self.problems[d.id] = f"{end} {name!r} names no entity (give {end}_class to make one)"
            return None
        kind = cls if cls in ORG_KINDS else None
        coarse = "Organization" if kind else cls
        return Entity(Entity.make_id(coarse, name), name, coarse, kind)

    # -- the report

    def unmatched(self) -> list[str]:
        """One line for each decision that matched nothing (or could not apply), with its line."""
        out = []
        for d in self.file.decisions:
            if self.hits.get(d.id):
                continue
            why = self.problems.get(d.id) or ("matches no fact" if d.action == "reject" else "matches nothing")
            out.append(f"{self.file.path.name}:{d.line}: {d.describe()}: {why}")
        return out

    def note_reject_hits(self, hits) -> None:
        for h in hits:
            self.hits[h] = self.hits.get(h, 0) + 1

    def check_unknown_iris(self, in_store) -> None:
        """An assertion IRI that matched nothing in this build and is no assertion of the store
        either was never kg's: an error on its line (the build then changes nothing)."""
        for d in self._rejects:
            if d.get("assertion") and not d.get("subject") and not self.hits.get(d.id) \
                    and not in_store(d.get("assertion")):
                raise CurationError(self.file.path, d.line,
                                    f"reject decision {d.id}: unknown assertion IRI {d.get('assertion')}")


def _money(text: str):
    """The amount ``text`` states, when it is one amount and nothing else (else None)."""
    from .extract.money import parse_money

    m = parse_money(text)
    return m if m is not None and m.text == text.strip() else None


def _utc(time: str) -> str:
    t = datetime.fromisoformat(time.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _names(entity_id: str, ents) -> set[str]:
    e = ents.get(entity_id)
    if e is not None:
        return _forms(e)
    label = entity_id.partition("/")[2]
    return {label, label.split("@", 1)[0]}


def _entity_id(cls: str, label: str, old_id: str) -> str:
    """The id of an entity given a new label or class: a person keeps the organisation its id names."""
    if cls == "Person" and "@" in old_id.partition("/")[2]:
        return Entity.make_id(cls, f"{label}@{old_id.rsplit('@', 1)[1]}")
    return Entity.make_id(cls, label)


def _relabel(e: Entity, label: str) -> Entity:
    forms = _forms(e) | {label}
    return replace(e, label=label, id=_entity_id(e.cls, label, e.id), alt_labels=tuple(sorted(forms - {label})))


def _assertion_iri(article, f, base: str) -> str:
    """The IRI kg.rdf gives the assertion of the (merged) fact ``f`` of ``article``."""
    from .rdf import amount_iri, assertion_iri, entity_iri, position_iri, year_literal

    o = f.object
    rel = relations.get(f.relation)
    if rel is None:
        return ""
    if rel.value == "entity":
        obj = entity_iri(o, base=base)
    elif rel.value == "role":
        obj = position_iri(f.subject, o, base)
    elif rel.value == "money":
        obj = amount_iri(f.subject, f.relation, o, base)
    else:
        obj = year_literal(o)
    return str(assertion_iri(article, entity_iri(f.subject, base=base), f.relation, obj, f, base))


# ---------------------------------------------------------------- checks against a built store (kg curate)

def _store_names(st, name: str) -> list[tuple[str, str, str]]:
    """(entity IRI, coarse class, label) of every entity of the store one of whose names is ``name``."""
    import pyoxigraph as ox

    lit = ox.Literal(name)
    classes = " ".join(f"kg:{c}" for c in ENTITY_CLASSES)
    rows = st.query(f"SELECT DISTINCT ?x ?c ?l WHERE {{ ?x rdfs:label|skos:altLabel {lit} ; a ?c ; rdfs:label ?l . "
                    f"VALUES ?c {{ {classes} }} }}")
    return sorted((r["x"].value, r["c"].value.rsplit("#", 1)[1], r["l"].value) for r in rows)


def _label_of(st, node) -> str:
    import pyoxigraph as ox

    if isinstance(node, ox.Literal):
        return node.value
    rows = list(st.query(f"SELECT ?l WHERE {{ {node} rdfs:label ?l }}"))
    return rows[0]["l"].value if rows else node.value


def check_against_store(st, action: str, keys: dict, path: Path) -> dict:
    """``keys`` of a decision about to be added, checked against the store as it was last built
    (names that name no entity, an unknown assertion IRI: CurationError); a reject by IRI gets
    the fact's labels too, so it still matches when an IRI changes (an entity renamed, merged)."""
    import pyoxigraph as ox

    keys = dict(keys)

    def entity(name_key: str, class_key: str, may_create: bool = False) -> None:
        name, cls = keys.get(name_key), keys.get(class_key)
        if not name:
            return
        found = [r for r in _store_names(st, name) if not cls or cls == r[1] or cls in ORG_KINDS]
        if not found and not (may_create and cls):
            hint = f" (give --{name_key.replace('_', '-')}-class to make a new one)" if may_create else ""
            raise CurationError(path, None, f"no entity of the store is named {name!r}{hint}")
        if len({r[0] for r in found}) > 1 and not cls:
            raise CurationError(path, None, f"{name!r} names {len({r[0] for r in found})} entities "
                                            f"({', '.join(sorted({r[1] for r in found}))}); give its class")

    if action == "reject" and keys.get("assertion"):
        iri = keys["assertion"]
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            raise CurationError(path, None, f"{iri!r} is not an IRI") from None
        rows = list(st.query(f"SELECT ?s ?p ?o WHERE {{ {node} a kg:Assertion ; rdf:subject ?s ; "
                             f"rdf:predicate ?p ; rdf:object ?o }}"))
        if not rows:
            raise CurationError(path, None, f"unknown assertion IRI {iri} (no kg:Assertion of the store)")
        r = rows[0]
        rel = r["p"].value.rsplit("#", 1)[1]
        obj = r["o"]
        if relations.get(rel) is not None and relations.get(rel).value == "role":
            org = list(st.query(f"SELECT ?org WHERE {{ {obj} kg:organization ?org }}"))
            obj = org[0]["org"] if org else obj
        keys.setdefault("subject", _label_of(st, r["s"]))
        keys.setdefault("relation", rel)
        keys.setdefault("object", _label_of(st, obj))
    elif action == "add":
        entity("subject", "subject_class", may_create=True)
        if relations.get(keys.get("relation", "")) is not None and \
                relations.get(keys["relation"]).value in ("entity", "role"):
            entity("object", "object_class", may_create=True)
    elif action == "merge":
        entity("entity", "class")
        entity("into", "into_class")
    elif action in ("split", "rename", "unalias"):
        entity("entity", "class")
    return keys
