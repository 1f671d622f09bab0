"""Run the extraction pipeline on one sentence and return facts as plain tuples."""
from kg.model import Article, Money, Role
from kg.pipeline import extract_article


def facts_of(text: str, relation: str | None = None, creators=(), bylines=()):
    ex = extract_article(Article("t", text, "test.txt", 1, creators=tuple(creators), bylines=tuple(bylines)))
    label = {e.id: e.label for e in ex.entities}
    out = set()
    for f in ex.facts:
        if relation and f.relation != relation:
            continue
        s = label.get(f.subject, f.subject)
        o = f.object
        if isinstance(o, Role):
            out.add((f.relation, s, o.title, label.get(o.organization, o.organization), o.current))
        elif isinstance(o, Money):
            out.add((f.relation, s, o.value, o.currency))
        elif isinstance(o, str):
            out.add((f.relation, s, label.get(o, o)))
        else:
            out.add((f.relation, s, o))
    return out


def mentions_of(text: str, cls: str):
    ex = extract_article(Article("t", text, "test.txt", 1))
    return {m.text for m in ex.mentions if m.cls == cls}


def entities_of(text: str):
    ex = extract_article(Article("t", text, "test.txt", 1))
    return {(e.label, e.cls) for e in ex.entities}
