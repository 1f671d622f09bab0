"""Components registered by name; a pipeline is a list of names run over one ``Doc``.

A component is a ``match(doc)`` that reads the document and returns what it
found, and a ``record(doc, found)`` that writes it onto the document: the one
place where its results are kept. ``@component("name", record=...)`` registers
a match function; the standard record steps are

* ``add_mentions``: candidate mentions (overlapping; ``mentions.settle`` picks among them),
* ``add_found``: a rule pass's ``Found``: candidate mentions, and the positions a name may not
  extend left over (``doc.blocked``) that later passes read,
* ``set_mentions``: the settled mentions, replacing the candidates' verdict,
* ``add_facts``: raw facts over settled mentions.

A recogniser (the rules, a trained tagger) adds candidates and runs before
``mentions.settle``; a relation adds facts and runs after it. A component that reads what
another records names it in ``requires``: a pipeline that lists it before that one is refused
(``InputError``); one that leaves that one out runs it over what is there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..errors import InputError
from ..model import Mention
from .doc import Doc


def add_mentions(doc: Doc, found, name: str) -> None:
    """Candidate mentions, attributed to component ``name`` (the first to find a span keeps it)."""
    doc.candidates.extend(found)
    for m in found:
        doc.origin.setdefault(m, name)


@dataclass(frozen=True)
class Found:
    """What a rule pass found: its candidate mentions, in the order found, and the positions a name
    may not extend left over that it adds (a title's edges, an amount's end)."""
    mentions: tuple[Mention, ...]
    blocked: frozenset[int] = frozenset()


def add_found(doc: Doc, found: Found, name: str) -> None:
    """A rule pass's ``Found``: its mentions as candidates (``add_mentions``), its positions into
    ``doc.blocked``."""
    doc.blocked.update(found.blocked)
    add_mentions(doc, found.mentions, name)


def set_mentions(doc: Doc, settled, name: str) -> None:
    """The settled mentions; those no recogniser found (made by the post-passes) are ``name``'s."""
    doc.mentions = list(settled)
    for m in doc.mentions:
        doc.origin.setdefault(m, name)


def add_facts(doc: Doc, facts, name: str) -> None:
    """Raw facts; one over a tagger mention has its confidence scaled by that mention's (``tagged``)."""
    if doc.user_data.get("confidence"):
        from dataclasses import replace

        from .tagged import fact_confidence

        facts = [replace(f, confidence=c) if (c := fact_confidence(doc, f)) != f.confidence else f for f in facts]
    doc.facts.extend(facts)
    for f in facts:
        doc.extractors.setdefault(f.extractor, name)


@dataclass(frozen=True)
class Component:
    name: str
    match: Callable[[Doc], object]
    record: Callable[[Doc, object, str], None]
    stage: str                  # "mentions" (before settling), "settle", or "facts"
    requires: tuple[str, ...] = ()      # components whose records ``match`` reads: they run first
    # an optional batch step over several Docs before any component runs on them (``run_many``):
    # it may only compute what ``match`` would compute from a Doc's text and tokens, kept in
    # ``doc.user_data``, so that a Doc runs the same with or without it
    prepare: Callable[[list], None] | None = None

    def __call__(self, doc: Doc) -> Doc:
        self.record(doc, self.match(doc), self.name)
        return doc


_COMPONENTS: dict[str, Component] = {}
_STAGES = {add_mentions: "mentions", add_found: "mentions", set_mentions: "settle", add_facts: "facts"}


def component(name: str, record: Callable = add_facts, stage: str | None = None, replace: bool = False,
              requires: Iterable[str] = (), prepare: Callable[[list], None] | None = None):
    """Decorator: register ``match`` as component ``name`` with its ``record`` step.

    ``stage`` says where it belongs ("mentions": a recogniser, "settle", "facts": a relation);
    it follows from the standard record steps and must be given with any other. ``requires``
    names the components whose records ``match`` reads: a pipeline may leave them out, but
    never list them after this one (``check_order``). ``prepare(docs)``: a batch step
    ``run_many`` calls once for several Docs (the tagger decodes many sentences at once)."""
    def register(match: Callable[[Doc], object]):
        if name in _COMPONENTS and not replace:
            raise ValueError(f"component {name!r} is already registered")
        _COMPONENTS[name] = Component(name, match, record, stage or _STAGES[record], tuple(requires), prepare)
        return match
    return register


_GROUPS: dict[str, tuple[str, ...]] = {}


def group(name: str, members: Iterable[str]) -> None:
    """A name that stands for several components in order (``mentions.rules``)."""
    _GROUPS[name] = tuple(members)


def expand(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` with every group replaced by its members."""
    out: list[str] = []
    for n in names:
        out.extend(expand(_GROUPS[n]) if n in _GROUPS else (n,))
    return tuple(out)


def unregister(name: str) -> None:
    """Remove a component or group (tests and plug-ins that registered one for a while)."""
    _COMPONENTS.pop(name, None)
    _GROUPS.pop(name, None)


def registered() -> tuple[str, ...]:
    """The names of every registered component, in registration order, then the groups."""
    return tuple(_COMPONENTS) + tuple(_GROUPS)


def get(name: str) -> Component:
    try:
        return _COMPONENTS[name]
    except KeyError:
        raise InputError("--pipeline", f"unknown component {name!r} (registered: "
                         f"{', '.join(registered())})") from None


def check_order(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` (groups expanded) if no component comes before one it requires; else
    ``InputError`` naming the first such pair."""
    names = expand(names)
    first = {}
    for i, n in enumerate(names):
        first.setdefault(n, i)
    for i, n in enumerate(names):
        for r in get(n).requires:
            if first.get(r, -1) > i:
                raise InputError("--pipeline", f"component {n!r} requires {r!r}, which the pipeline lists "
                                               f"after it: put {r!r} first")
    return names


def check_pipeline(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` with groups expanded, every one registered (``InputError`` naming the first that
    is not) and each after the components it requires (``check_order``)."""
    names = tuple(names)
    for n in names:
        if n not in _GROUPS:
            get(n)
    return check_order(names)


def parse_pipeline(value: str) -> tuple[str, ...]:
    """The names of ``--pipeline``: comma-separated (``mentions.rules,mentions.settle,locatedIn``), or
    a file with one name (or several, comma-separated) a line, ``#`` starting a comment."""
    from pathlib import Path

    path = Path(value)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(value, f"cannot read the pipeline: {exc}") from None
        lines = [line.split("#", 1)[0] for line in text.splitlines()]
    else:
        lines = [value]
    names = tuple(n.strip() for line in lines for n in line.split(",") if n.strip())
    if not names:
        raise InputError("--pipeline", "names no component")
    check_pipeline(names)
    return names


def run(doc: Doc, names: Iterable[str]) -> Doc:
    """Run the components ``names`` (or groups) over ``doc`` in order; returns the annotated ``doc``.
    A component listed before one it requires is an ``InputError`` (``check_order``)."""
    for n in check_order(names):
        get(n)(doc)
    return doc


def run_many(docs: list, names: Iterable[str]) -> list:
    """``run`` over several Docs, each component's ``prepare`` step first called once for all of
    them; the Docs come out as ``run`` would leave them one by one."""
    components = [get(n) for n in check_order(names)]
    for c in components:
        if c.prepare is not None and docs:
            c.prepare(docs)
    for d in docs:
        for c in components:
            c(d)
    return docs
