"""The store on a generated graph shaped like kg's: Oxigraph (on disk, as kg
keeps it: one named graph per article plus the union in the default graph)
against rdflib's in-memory Graph.

    python benchmarks/store.py [--triples 1000000] [--repeat 7]

Each generated article has its node (type, title, source, position, text), a few
entities (organisations, parks, projects, people with labels and alt labels)
and facts (locatedIn, holdsRole with a Position, investment with a
MonetaryAmount), each fact with its kg:Assertion; parks are locatedIn cities,
cities in provinces. Prints load time and the median latency of the queries on both (Oxigraph
opened read-only, as kg's query, export and endpoint open it), and the ratios
rdflib / Oxigraph.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time

from common import machine, peak_rss_mb

KG = "https://w3id.org/cnkg/ontology#"
ID = "https://w3id.org/cnkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

PLACE_CHARS = "东南西北中华海江河山湖天长安宁平新兴广福泰嘉临清"
NAME_CHARS = "华为小米腾讯阿里百度京东美的格力海尔联想比亚迪宁德时代中芯国际紫光长城吉利奇瑞蔚来理想小鹏"
INDUSTRY = ["科技", "电子", "生物", "医药", "新能源", "材料", "智能", "信息", "汽车", "机械"]
SUFFIX = ["有限公司", "股份有限公司", "集团", "研究院"]
PARK = ["高新区", "经济开发区", "产业园", "科学城", "工业园区"]
TITLES = ["董事长", "总经理", "主任", "副主任", "书记", "院长", "首席执行官"]


def name(rng, chars, lo, hi):
    return "".join(rng.choice(chars) for _ in range(rng.randint(lo, hi)))


def generate(target: int, seed: int = 7):
    """Yield (s, p, o, graph) tuples of plain Python values until the union holds
    about ``target`` distinct triples (the quads are more: shared triples repeat
    in several article graphs, as in kg's store).

    o is ("iri", str) or ("lit", str, datatype-or-None); graph is an article IRI.
    """
    rng = random.Random(seed)
    provinces = [f"{ID}place/p{i}" for i in range(34)]
    cities = [(f"{ID}place/c{i}", rng.choice(provinces)) for i in range(400)]
    parks = [(f"{ID}park/k{i}", rng.choice(cities)[0], name(rng, PLACE_CHARS, 2, 3) + rng.choice(PARK))
             for i in range(5000)]
    n_orgs = max(1000, target // 20)
    orgs = [(f"{ID}organization/o{i}",
             name(rng, PLACE_CHARS, 2, 2) + name(rng, NAME_CHARS, 2, 4) + rng.choice(INDUSTRY) + rng.choice(SUFFIX))
            for i in range(n_orgs)]
    seen: set = set()
    a = 0
    iri = lambda x: ("iri", x)  # noqa: E731
    lit = lambda x, dt=None: ("lit", str(x), dt)  # noqa: E731
    while len(seen) < target:
        art = f"{ID}article/a{a}"
        triples = [
            (art, RDF_TYPE, iri(KG + "Article")), (art, DCT + "title", lit(f"新闻{a}")),
            (art, DCT + "source", lit(f"feed{a % 50}.jsonl")), (art, KG + "position", lit(a, XSD + "integer")),
            (art, SCHEMA + "text", lit("某某新闻正文" * 20)),
        ]
        for _ in range(3):
            org, label = rng.choice(orgs)
            park, city, plabel = rng.choice(parks)
            triples += [(org, RDF_TYPE, iri(KG + "Organization")), (org, RDF_TYPE, iri(KG + "Company")),
                        (org, RDFS_LABEL, lit(label)), (org, SKOS_ALT, lit(label[2:6])),
                        (park, RDF_TYPE, iri(KG + "Park")), (park, RDFS_LABEL, lit(plabel)),
                        (park, KG + "locatedIn", iri(city)), (city, RDF_TYPE, iri(KG + "Place")),
                        (city, KG + "locatedIn", iri(next(p for c, p in cities if c == city)))]
            kind = rng.random()
            if kind < 0.6:
                fact = (org, KG + "locatedIn", iri(park))
            elif kind < 0.85:
                person = f"{ID}person/h{rng.randrange(n_orgs)}"
                pos = f"{person}/pos{rng.randrange(3)}"
                triples += [(person, RDF_TYPE, iri(KG + "Person")), (person, RDFS_LABEL, lit(f"张{rng.randrange(n_orgs)}")),
                            (pos, RDF_TYPE, iri(KG + "Position")), (pos, KG + "roleTitle", lit(rng.choice(TITLES))),
                            (pos, KG + "organization", iri(org))]
                fact = (person, KG + "holdsRole", iri(pos))
            else:
                amt = f"{ID}amount/m{a}-{len(triples)}"
                value = rng.randrange(1, 500) * 10_000_000
                triples += [(amt, RDF_TYPE, iri(KG + "MonetaryAmount")), (amt, SCHEMA + "value", lit(value, XSD + "integer")),
                            (amt, SCHEMA + "currency", lit("CNY")), (amt, RDFS_LABEL, lit(f"{value // 100_000_000}亿元"))]
                fact = (org, KG + "investment", iri(amt))
            s, p, o = fact
            node = f"{ID}assertion/{a}-{len(triples)}"
            triples += [fact, (node, RDF_TYPE, iri(KG + "Assertion")), (node, RDF + "subject", iri(s)),
                        (node, RDF + "predicate", iri(p)), (node, RDF + "object", o), (node, PROV, iri(art)),
                        (node, KG + "evidence", lit(label + "落户" + plabel + "。")),
                        (node, KG + "charStart", lit(0, XSD + "integer")), (node, KG + "charEnd", lit(20, XSD + "integer")),
                        (node, KG + "confidence", lit("0.9", XSD + "decimal")), (node, KG + "extractor", lit("locatedIn/settle"))]
        for s, p, o in dict.fromkeys(triples):
            yield s, p, o, art
            seen.add((s, p, o))
        a += 1


Q_LABEL = "SELECT ?e WHERE {{ ?e rdfs:label {label} }}"   # the label's N-Triples form, escaped by the library
Q_2HOP_FROM = "SELECT ?park ?city WHERE {{ {org} kg:locatedIn ?park . ?park kg:locatedIn ?city }} ORDER BY ?park ?city"
Q_2HOP = "SELECT (COUNT(*) AS ?n) WHERE { ?x kg:locatedIn ?park . ?park kg:locatedIn ?city }"
# the same join written as two subqueries: Oxigraph then hashes one side instead of seeking
# the store once per row of the other (same answer; see docs/benchmarks.md)
Q_2HOP_SUB = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?x ?park WHERE { ?x kg:locatedIn ?park } } "
              "{ SELECT ?park ?city WHERE { ?park kg:locatedIn ?city } } }")
Q_GROUP = "SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?class } GROUP BY ?class"
Q_CONTAINS = "SELECT ?e ?l WHERE { ?e rdfs:label ?l FILTER(CONTAINS(?l, \"宁德\")) }"
PREFIXES = {"kg": KG, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def median_ms(fn, repeat: int) -> tuple[float, object]:
    times, result = [], fn()          # one untimed run first (parsers, caches)
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7, help="runs per query on Oxigraph (rdflib: --rdflib-repeat)")
    ap.add_argument("--rdflib-repeat", type=int, default=3)
    args = ap.parse_args()
    import pyoxigraph as ox
    from rdflib import Graph, Literal, URIRef

    print(f"machine: {machine()}")
    t = time.perf_counter()
    rows = list(generate(args.triples))
    print(f"generated {len(rows):,} quads in {len(set(r[3] for r in rows)):,} article graphs "
          f"({time.perf_counter() - t:.1f} s)")
    distinct = {r[:3] for r in rows}
    print(f"distinct triples (the union): {len(distinct):,}")

    def ox_term(o):
        if o[0] == "iri":
            return ox.NamedNode(o[1])
        return ox.Literal(o[1], datatype=ox.NamedNode(o[2])) if o[2] else ox.Literal(o[1])

    def rl_term(o):
        if o[0] == "iri":
            return URIRef(o[1])
        return Literal(o[1], datatype=URIRef(o[2])) if o[2] else Literal(o[1])

    sample_label = next(r[2][1] for r in rows if r[1] == RDFS_LABEL and "有限公司" in r[2][1])
    sample_org = next(r[0] for r in rows if r[1] == KG + "locatedIn" and "/organization/" in r[0])

    with tempfile.TemporaryDirectory() as d:
        # -- Oxigraph, laid out as kg lays it out
        t = time.perf_counter()
        store = ox.Store(d + "/store")
        quads = (ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox_term(o), ox.NamedNode(g)) for s, p, o, g in rows)
        store.bulk_extend(quads)
        store.bulk_extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox_term(o), ox.DefaultGraph())
                          for s, p, o in distinct)
        store.flush()
        ox_load = time.perf_counter() - t
        print(f"Oxigraph load (bulk, {len(rows) + len(distinct):,} quads): {ox_load:.1f} s")
        # queried the way kg queries a store (`kg query`, `kg serve`, `kg export`): opened read-only
        del store
        store = ox.Store.read_only(d + "/store")

        # -- rdflib in memory: the union graph
        t = time.perf_counter()
        g = Graph()
        for s, p, o in distinct:
            g.add((URIRef(s), URIRef(p), rl_term(o)))
        rl_load = time.perf_counter() - t
        print(f"rdflib load (in memory, {len(g):,} triples): {rl_load:.1f} s")
        print(f"peak RSS so far: {peak_rss_mb():,.0f} MB")

        label = Literal(sample_label)
        print(f"queries: label lookup of {sample_label!r}; 2-hop from {sample_org}; "
              "the whole-graph 2-hop join counted; labels containing 宁德")
        ox_label = ox.Literal(sample_label)
        queries = [
            ("label lookup", lambda: [r["e"] for r in store.query(Q_LABEL.format(label=str(ox_label)), prefixes=PREFIXES)],
             lambda: [r[0] for r in g.query(Q_LABEL.format(label=label.n3()), initNs=PREFIXES)]),
            ("2-hop from one company", lambda: [(r["park"].value, r["city"].value) for r in store.query(
                Q_2HOP_FROM.format(org=str(ox.NamedNode(sample_org))), prefixes=PREFIXES)],
             lambda: [(str(r[0]), str(r[1])) for r in g.query(Q_2HOP_FROM.format(org=URIRef(sample_org).n3()),
                                                                initNs=PREFIXES)]),
            ("2-hop join, whole graph", lambda: [int(r["n"].value) for r in store.query(Q_2HOP, prefixes=PREFIXES)],
             lambda: [int(r[0]) for r in g.query(Q_2HOP, initNs=PREFIXES)]),
            ("2-hop join, subquery form", lambda: [int(r["n"].value) for r in store.query(Q_2HOP_SUB, prefixes=PREFIXES)],
             lambda: [int(r[0]) for r in g.query(Q_2HOP_SUB, initNs=PREFIXES)]),
            ("GROUP BY count per class", lambda: sorted((r["class"].value, int(r["n"].value))
                                                        for r in store.query(Q_GROUP, prefixes=PREFIXES)),
             lambda: sorted((str(r[0]), int(r[1])) for r in g.query(Q_GROUP, initNs=PREFIXES))),
            ("CONTAINS search", lambda: len(list(store.query(Q_CONTAINS, prefixes=PREFIXES))),
             lambda: len(list(g.query(Q_CONTAINS, initNs=PREFIXES)))),
        ]
        print(f"\n{'query':28} {'Oxigraph ms':>12} {'rdflib ms':>12} {'ratio':>8}  same answer")
        for title, ox_fn, rl_fn in queries:
            ox_ms, ox_res = median_ms(ox_fn, args.repeat)
            rl_ms, rl_res = median_ms(rl_fn, args.rdflib_repeat)
            same = [str(x) for x in ox_res] == [str(x) for x in rl_res] if isinstance(ox_res, list) else ox_res == rl_res
            if isinstance(ox_res, list) and ox_res and isinstance(ox_res[0], ox.NamedNode):
                same = [x.value for x in ox_res] == [str(x) for x in rl_res]
            print(f"{title:28} {ox_ms:12.2f} {rl_ms:12.1f} {rl_ms / ox_ms:7.0f}x  {same}")
        print(f"\nload time ratio rdflib / Oxigraph: {rl_load / ox_load:.1f}x")
        print(f"peak RSS: {peak_rss_mb():,.0f} MB")
        del store


if __name__ == "__main__":
    main()
