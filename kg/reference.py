"""Reference data as RDF: China's administrative divisions (GB/T 2260) and the countries (ISO 3166-1).

Every division is one IRI keyed by its code, ``{base}place/370212``; a country by its alpha-2 code,
``{base}place/US``. Each carries ``skos:notation`` (the code), one ``rdfs:label`` (the full name,
江苏省), a ``skos:altLabel`` per short form (江苏) and ``kg:within`` its parent: district -> city ->
province -> 中国 (``place/CN``). The placeholder levels of the table (市辖区, 县, 省直辖县级行政区划, ...)
get no IRI: a district under 北京市's 市辖区 is ``kg:within`` 北京市 itself, a county-level city under
湖北省's 省直辖县级行政区划 (仙桃市) is within 湖北省. 台湾, 香港 and 澳门 are keyed by their GB/T 2260
codes (710000, 810000, 820000) as the table has them, within 中国.

The table is ``kg/resources/divisions.tsv`` (and ``countries.tsv``, ``country_names.tsv``). Its
codes are the Ministry of Civil Affairs' list as it stood in the second half of 2016 (崇明区 and
开州区 are districts, 武隆县, 梁平县 and 临安市 not yet; 莱芜市 is still a city): changes since are not
in it. ``VERSION`` names it together with a digest of the files, so a store reloads the reference
graph exactly when the table changes.

The graph lives in a named graph of its own (``graph_iri``), loaded once into a store
(``ensure``); the store's default graph holds the part of it the articles reach (``sync``): every
division or country an article's places and parks are ``kg:within``, up to 中国.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .errors import ResourceError
from .lexicon import _PLACEHOLDER_DIVISIONS, lexicon, parent_code
from .store import REFERENCE_SEGMENT
from .vocab import KG, KGR_NS

__all__ = ["exported_quads", "TABLE_EDITION", "version", "place_iri", "graph_iri", "triples", "code_of", "divisions",
           "Division", "ensure", "sync", "META_KEY"]

TABLE_EDITION = "GB/T 2260 (MCA codes, 2016) + ISO 3166-1"
META_KEY = "reference"
_FILES = ("divisions.tsv", "countries.tsv", "country_names.tsv")
CHINA = "CN"
# the parts of China the division table keys by their GB/T 2260 codes, not by ISO 3166 alpha-2
_ISO_AS_DIVISION = {"HK": "810000", "MO": "820000", "TW": "710000"}


def _read(name: str) -> str:
    return (resources.files("kg") / "resources" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def version() -> str:
    """The table's edition and a digest of its files: a store reloads the reference graph when it changes."""
    h = hashlib.sha256()
    for name in _FILES:
        h.update(_read(name).encode("utf-8"))
    return f"{TABLE_EDITION}; sha256 {h.hexdigest()[:16]}"


def place_iri(code: str, base: str = KGR_NS) -> URIRef:
    """``{base}place/{code}``: a GB/T 2260 code (``370212``) or an ISO 3166-1 alpha-2 code (``US``)."""
    return URIRef(f"{base}place/{code}")


_GRAPH_PATH = f"{REFERENCE_SEGMENT}/places"     # kg.store tells article graphs from it by the segment


def graph_iri(base: str = KGR_NS) -> URIRef:
    """The named graph that holds the reference data in a store."""
    return URIRef(f"{base}{_GRAPH_PATH}")


class Division(NamedTuple):
    code: str
    name: str                       # full name (江苏省)
    short: tuple[str, ...]          # other names (江苏)
    parent: str                     # code of the division or country it is within ("" for a country)
    level: str                      # province | city | district | country


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Code -> Division, for every division and country of the table (placeholders left out)."""
    lex = lexicon()
    out: dict[str, Division] = {}
    rows = [line.split("\t") for line in _read("divisions.tsv").splitlines()
            if line.strip() and not line.startswith("#")]
    for code, name, level, _parent, short in rows:
        if name in _PLACEHOLDER_DIVISIONS:
            continue
        parent = parent_code(lex, code) if level != "province" else CHINA
        shorts = (short,) if short and short != name and len(short) >= 2 else ()
        out[code] = Division(code, name, shorts, parent or CHINA, level)
    extra: dict[str, list[str]] = {}
    for n, line in enumerate(_read("country_names.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[1].split():
            raise ResourceError("country_names.tsv", n, "expected an alpha-2 code, a tab, then names")
        extra.setdefault(fields[0], []).extend(fields[1].split())
    for n, line in enumerate(_read("countries.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, name = line.split("\t")
        if code in _ISO_AS_DIVISION:
            d = out[_ISO_AS_DIVISION[code]]
            forms = (*d.short, name, *extra.pop(code, ()))
            out[d.code] = Division(d.code, d.name, tuple(dict.fromkeys(x for x in forms if x != d.name)),
                                   d.parent, d.level)
            continue
        names = [x for x in extra.pop(code, ()) if x != name]
        out[code] = Division(code, name, tuple(dict.fromkeys(names)), "", "country")
    if extra:
        raise ResourceError("country_names.tsv", 0, f"codes not in countries.tsv: {', '.join(sorted(extra))}")
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[str, ...]]:
    """Full name or short form -> codes (most general level first, then by code)."""
    order = {"country": 0, "province": 1, "city": 2, "district": 3}
    out: dict[str, list[Division]] = {}
    for d in divisions().values():
        for form in (d.name, *d.short):
            if d.level == "district" and form != d.name:
                continue                     # a district's short form (昌平) names it only in context
            out.setdefault(form, []).append(d)
    return {k: tuple(d.code for d in sorted(v, key=lambda d: (order[d.level], d.code))) for k, v in out.items()}


def _ancestors(code: str) -> set[str]:
    table = divisions()
    seen = set()
    while code in table and code not in seen:
        seen.add(code)
        code = table[code].parent
    return seen


@lru_cache(maxsize=4096)
def code_of(name: str) -> str | None:
    """The code of the division or country a place name denotes, or None when the table has no such
    name or the name is ambiguous (鼓楼区: several cities have one). A name of several parts
    (山东青岛, 北京市朝阳区) is the last part, read under the earlier ones; a name that is both a
    province's and a city's short form (吉林) is the province, as the recogniser reads it."""
    by_name = _by_name()
    if name in by_name:
        return _pick(by_name[name], set())
    # a chain written as one name: split it into known forms, longest first from the left
    parts, i = [], 0
    while i < len(name):
        for j in range(len(name), i + 1, -1):
            if name[i:j] in by_name:
                parts.append(name[i:j])
                i = j
                break
        else:
            # a district's short form at the end under its city (北京昌平)
            tail = name[i:]
            cands = tuple(d.code for d in divisions().values() if d.level == "district" and tail in d.short)
            if not parts or not cands:
                return None
            parts.append(tail)
            by_name = {**by_name, tail: cands}
            break
    if len(parts) < 2:
        return None
    context: set[str] = set()
    code = None
    for part in parts:
        code = _pick(by_name[part], context)
        if code is None:
            return None
        context = _ancestors(code)
    return code


def _pick(codes: tuple[str, ...], context: set[str]) -> str | None:
    table = divisions()
    if context:
        # under the named division itself first, then one level further down (山东崂山区)
        for inside in ([c for c in codes if table[c].parent in context],
                       [c for c in codes if table.get(table[c].parent, ("",) * 4)[3] in context]):
            if len(inside) == 1:
                return inside[0]
            if len(inside) > 1:
                codes = tuple(inside)
                break
    if len(codes) == 1:
        return codes[0]
    if table[codes[0]].level != table[codes[1]].level:
        return codes[0]
    return None


def triples(base: str = KGR_NS):
    """The reference graph's triples, in table order."""
    for d in divisions().values():
        node = place_iri(d.code, base)
        yield node, RDF.type, KG.Place
        yield node, SKOS.notation, Literal(d.code)
        yield node, RDFS.label, Literal(d.name)
        for s in d.short:
            yield node, SKOS.altLabel, Literal(s)
        if d.parent:
            yield node, KG.within, place_iri(d.parent, base)


# ---------------------------------------------------------------- in a store

def _ox_quads(codes, base: str, graph):
    """The reference triples of the divisions ``codes`` as pyoxigraph quads in ``graph``."""
    import pyoxigraph as ox

    from .store import to_oxigraph

    table = divisions()
    rdf_type, place, notation, label, alt, within = (
        to_oxigraph(t) for t in (RDF.type, KG.Place, SKOS.notation, RDFS.label, SKOS.altLabel, KG.within))
    for code in codes:
        d = table[code]
        node = ox.NamedNode(f"{base}place/{code}")
        yield ox.Quad(node, rdf_type, place, graph)
        yield ox.Quad(node, notation, ox.Literal(code), graph)
        yield ox.Quad(node, label, ox.Literal(d.name), graph)
        for short in d.short:
            yield ox.Quad(node, alt, ox.Literal(short), graph)
        if d.parent:
            yield ox.Quad(node, within, ox.NamedNode(f"{base}place/{d.parent}"), graph)


def ensure(store, base: str = KGR_NS) -> bool:
    """Load the reference graph into ``store`` (a writable ``kg.store.Store``) unless it holds this
    version already (kept in the store's records as ``META_KEY``). True when it was (re)loaded."""
    from .store import to_oxigraph

    want = f"{version()}; base {base}"
    ox_store = store.oxigraph
    name = to_oxigraph(graph_iri(base))
    if not store.has_records() and store.articles():
        return False                        # an earlier kg's store: the build refuses it
    if store.has_records() and ox_store.contains_named_graph(name):
        with store.records() as records:
            if records.meta(META_KEY) == want:
                return False
    ox_store.update(f"DROP SILENT GRAPH {name}")
    ox_store.extend(list(_ox_quads(divisions(), base, name)))       # one transaction
    store.set_record_meta({META_KEY: want})
    return True


def sync(store, base: str = KGR_NS) -> bool:
    """Make the default graph hold exactly the reference triples the articles reach: every division
    an article's graph names (its places, its parks' kg:within: each carries its skos:notation) and
    the divisions above it up to 中国. One update; True when it changed the default graph."""
    import pyoxigraph as ox

    from .store import _body, to_oxigraph

    ox_store = store.oxigraph
    ref = to_oxigraph(graph_iri(base))
    if not ox_store.contains_named_graph(ref):
        return False
    table = divisions()
    prefix = f"{base}place/"
    default = ox.DefaultGraph()

    def code(node) -> str | None:
        v = node.value if isinstance(node, ox.NamedNode) else ""
        c = v[len(prefix):] if v.startswith(prefix) else None
        return c if c in table else None

    notation = to_oxigraph(SKOS.notation)
    seeds, present = set(), set()
    for q in ox_store.quads_for_pattern(None, notation, None, None):
        c = code(q.subject)
        if c is None:
            continue
        if isinstance(q.graph_name, ox.DefaultGraph):
            present.add(c)
        elif q.graph_name != ref:
            seeds.add(c)
    reached = set()
    for c in seeds:
        while c and c not in reached:
            reached.add(c)
            c = table[c].parent
    wanted = {q.triple for q in _ox_quads(sorted(reached), base, default)}
    insert = [t for t in wanted if ox.Quad(t.subject, t.predicate, t.object) not in ox_store]
    delete = []
    for q in _ox_quads(sorted(present - reached), base, default):
        if q in ox_store and not any(g.graph_name not in (ref, default) for g in ox_store.quads_for_pattern(
                q.subject, q.predicate, q.object, None)):
            delete.append(q)
    if not insert and not delete:
        return False
    ops = []
    if delete:
        ops.append("DELETE DATA {\n" + _body(delete) + "\n}")
    if insert:
        ops.append("INSERT DATA {\n" + _body(ox.Quad(t.subject, t.predicate, t.object) for t in insert) + "\n}")
    ox_store.update(" ;\n".join(ops))
    return True


def exported_quads(store):
    """The store's named-graph quads as TriG and N-Quads exports write them: each article's graph
    whole, the reference graph only as far as the default graph holds it (the divisions the articles
    reach), so the union of the export is the Turtle export."""
    import pyoxigraph as ox

    ox_store = store.oxigraph
    yield from store.named_quads()
    for name in ox_store.named_graphs():
        if isinstance(name, ox.NamedNode) and name.value.endswith(_GRAPH_PATH):
            for q in ox_store.quads_for_pattern(None, None, None, name):
                if ox.Quad(q.subject, q.predicate, q.object) in ox_store:
                    yield q
