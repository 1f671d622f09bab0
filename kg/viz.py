"""Interactive HTML view of a kg graph (networkx to assemble, pyvis/vis-network to draw).

    render_html(graph, title="kg") -> str      one self-contained HTML page
    write_html(graph, path, title="kg") -> Path  the same, written atomically as UTF-8
    to_networkx(graph) -> networkx.MultiDiGraph the drawn nodes and edges, for tests/analysis

What is drawn (vocabulary: ../shared/design/ontology.md):

* one node per entity (kg:Person, kg:Organization and its subclasses, kg:Park,
  kg:Place, kg:Project, kg:Event), coloured and shaped by class; untyped
  endpoints of a fact are drawn as "Other";
* kg:locatedIn / partnerOf / listedOn / organizer as labelled edges;
* kg:holdsRole person -> kg:Position -> kg:organization as ONE edge
  person -> organization labelled with kg:roleTitle ("(former)" when
  kg:current is false);
* kg:investment / fundsRaised / revenue -> kg:MonetaryAmount as a small money node;
* kg:foundingYear and skos:altLabel in the node tooltip; the evidence sentence,
  article title and confidence of every kg:Assertion of a fact in the edge
  tooltip and in the fact panel a click on a node or edge opens;
* node size grows with the degree (`node_size`).

On the page: a search box over every name and alias focuses a node; the legend
hides / shows a class.  ``render_html(..., focus=, hops=, classes=, max_nodes=)``
draws a part of the graph (kg.viz_select); the page states the cap.

The overview: positions are computed before the page opens
(kg.viz_layout.overview_layout: networkx's forceatlas2 per connected component,
components packed into a roughly square area) and physics is off.  The page
opens on the connected part (entities with at least one fact), fitted to the
window; isolated entities are one click away (a toggle with their count).  The
largest hubs' labels are made readable at the opening zoom; a label drawn
smaller than LABEL_THRESHOLD pixels is not drawn, so small nodes' labels appear
as one zooms in.  A progress message shows until the first draw.

The page works from a file with no network: vis-network's JS and CSS are
inlined and nothing is referenced over http(s) (pyvis's stock template links
Bootstrap from a CDN, so a template of our own, kg/viz_page.py, is rendered
through pyvis's ``generate_html``).  Article text is untrusted: the page
builds tooltips, search hits and the panel with textContent only, node/edge
labels are drawn on the canvas as plain text, and every JSON blob embedded in
``<script>`` has ``<``, ``>``, ``&`` escaped so it cannot close the script
element.  Output is deterministic: nodes and edges are sorted and the layout
uses a fixed random seed (or the deterministic precomputed layout).

The page exposes ``window.kgNetwork`` (the vis Network), ``window.kgFocus(id)``,
``window.kgTimes`` and sets ``document.body.dataset.drawn = "1"`` after the
first draw and ``document.body.dataset.stabilized = "1"`` once the layout has
settled.
"""
from __future__ import annotations

import html
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg import relations
from kg.errors import KGError
from kg.vocab import KG, ORG_KINDS, SCHEMA

__all__ = ["render_html", "write_html", "to_networkx", "CLASS_STYLES", "CJK_FONT_STACK"]

CJK_FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", '
                  '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Source Han Sans SC", '
                  'sans-serif')

VIS_VERSION = "9.1.2"
LAYOUT_SEED = 20240601
CURATED_EDGE = "#d62728"   # a fact added by hand (kg curate): dashed, this colour, a legend line
MAX_EVIDENCE = 5          # evidence records in an edge tooltip
MAX_PANEL_EVIDENCE = 20   # evidence records kept per fact for the click panel
LABEL_THRESHOLD = 8       # labels drawn smaller than this (pixels on screen) are not drawn
LABEL_MAX = 30            # nor larger than this
BIG_PAGE = 1500           # more drawn nodes: edges are hidden while the view is dragged or zoomed,
                          # and a label is given to vis-network only while it can be read
HUB_LABELS = 12           # the opening view makes this many hubs' labels readable
LABEL_CHARS = 40          # a longer name is cut with an ellipsis on the canvas (the panel has it whole)
TOOLTIP_DELAY = 120       # ms the pointer rests on a node or edge before its tooltip shows
TIP_CHARS = 200           # longer texts are cut with an ellipsis in tooltips
PANEL_CHARS = 500         # and in the fact panel, where a click shows the whole text
PANEL_FACTS = 40          # the fact panel lists this many facts, the next ones a click away
PANEL_EVIDENCE = 3        # and this many evidence records per fact, the others a click away


@dataclass(frozen=True)
class ClassStyle:
    name: str       # legend key, also the `kind` of a drawn node
    zh: str         # Chinese legend caption
    shape: str      # vis-network shape
    color: str
    size: int


# Legend order; entities first, then money, then the fallback.
CLASS_STYLES: tuple[ClassStyle, ...] = (
    ClassStyle("Person", "人物", "dot", "#e15759", 16),
    ClassStyle("Organization", "机构", "square", "#4e79a7", 16),
    ClassStyle("Park", "园区", "hexagon", "#59a14f", 20),
    ClassStyle("Place", "地点", "triangle", "#b8860b", 16),
    ClassStyle("Project", "项目", "diamond", "#f28e2b", 16),
    ClassStyle("Event", "活动", "star", "#b07aa1", 18),
    ClassStyle("MonetaryAmount", "金额", "dot", "#d4a017", 7),
    ClassStyle("Other", "其他", "dot", "#9d9d9d", 12),
)
_STYLE = {s.name: s for s in CLASS_STYLES}
ENTITY_KINDS = ("Person", "Organization", "Park", "Place", "Project", "Event")
# When an entity carries several top classes, the first listed here wins.
_KIND_PRIORITY = ("Person", "Organization", "Park", "Project", "Event", "Place")

# the relations drawn come from the relation table (kg.relations): entity-valued ones as edges,
# role-valued ones as one edge person -> organisation, money-valued ones as edges to amount nodes
# never drawn as edges, even when a --query result uses them
_NOT_EDGES = {RDF.type, RDFS.subClassOf, RDFS.label, SKOS.altLabel, RDF.subject, RDF.predicate,
              RDF.object, PROV.wasDerivedFrom, KG.organization}


# --------------------------------------------------------------------------- graph

def _text(value) -> str:
    return str(value).strip()


def _local_name(node) -> str:
    s = str(node)
    for sep in ("#", "/", ":"):
        if sep in s:
            s = s.rsplit(sep, 1)[1] or s
    return s


def _best_label(graph: Graph, node) -> str:
    labels = sorted({_text(lbl) for lbl in graph.objects(node, RDFS.label) if _text(lbl)},
                    key=lambda s: (-len(s), s))
    if labels:
        return labels[0]
    title = graph.value(node, DCTERMS.title)      # an article in a --query result
    return _text(title) if title is not None and _text(title) else _local_name(node)


def _org_classes(graph: Graph) -> set:
    """kg:Organization, the known kinds and every class declared (transitively) below it."""
    classes = {KG.Organization} | {KG[k] for k in ORG_KINDS}
    frontier = set(classes)
    while frontier:
        nxt = set()
        for cls in frontier:
            for sub in graph.subjects(RDFS.subClassOf, cls):
                if sub not in classes:
                    classes.add(sub)
                    nxt.add(sub)
        frontier = nxt
    return classes


def _classify(graph: Graph, node, org_classes: set) -> tuple[str, str] | None:
    """(kind, finer class name) of an entity, or None when it is not an entity."""
    types = set(graph.objects(node, RDF.type))
    found: dict[str, str] = {}
    for t in types:
        if t in org_classes:
            fine = _local_name(t)
            # prefer the finer class name over plain Organization
            if "Organization" not in found or found["Organization"] == "Organization":
                found["Organization"] = fine
        for kind in ("Person", "Park", "Place", "Project", "Event"):
            if t == KG[kind]:
                found[kind] = kind
    for kind in _KIND_PRIORITY:
        if kind in found:
            return kind, found[kind]
    return None


def _is_false(value) -> bool:
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, bool):
            return py is False
        return str(value).strip().lower() in ("false", "0", "no")
    return False


def _fmt_conf(value) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return _text(value)


def assertion_record(graph: Graph, a) -> tuple[tuple, dict] | None:
    """((subject, predicate, object), evidence record) of the kg:Assertion `a`, or None
    when it names no subject or predicate.

    The record is what the page shows: the evidence sentence, the titles (else
    sources) of the articles it was derived from, the confidence.  `graph` needs
    only the assertion's triples and its articles' dcterms:title / dcterms:source.
    """
    s, p, o = (graph.value(a, RDF.subject), graph.value(a, RDF.predicate),
               graph.value(a, RDF.object))
    if s is None or p is None:
        return None
    articles = sorted(graph.objects(a, PROV.wasDerivedFrom), key=str)
    art_titles = []
    for art in articles:
        t = graph.value(art, DCTERMS.title) or graph.value(art, DCTERMS.source)
        art_titles.append(_text(t) if t is not None else _local_name(art))
    evidence = graph.value(a, KG.evidence)
    conf = graph.value(a, KG.confidence)
    curated = _text(graph.value(a, KG.extractor) or "").startswith("curation/")   # added by hand (kg curate)
    rec = {
        "evidence": _text(evidence) if evidence is not None else "",
        "article": "人工校正 curation" if curated else "; ".join(art_titles),
        "confidence": _fmt_conf(conf) if conf is not None else "",
    }
    if curated:
        rec["curated"] = True
    return (s, p, o), rec


def _assertions(graph: Graph) -> dict[tuple, list[dict]]:
    """(subject, predicate, object) -> sorted evidence records of every kg:Assertion."""
    out: dict[tuple, list[dict]] = {}
    for a in set(graph.subjects(RDF.type, KG.Assertion)):
        found = assertion_record(graph, a)
        if found is not None:
            out.setdefault(found[0], []).append(found[1])
    for recs in out.values():
        recs.sort(key=evidence_order)
    return out


def evidence_order(rec: dict) -> tuple:
    """Most confident first; then by sentence and article, so the order is stable."""
    try:
        conf = -float(rec["confidence"])
    except ValueError:
        conf = 1.0
    return (conf, rec["evidence"], rec["article"], rec["confidence"])


def _dedup(evidence: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in evidence:
        key = (r["evidence"], r["article"], r["confidence"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _tip(rows: list[tuple[str, str]], evidence: list[dict] | None = None) -> str:
    """Plain-text tooltip (the page builds its own from `rows`/`evidence` with textContent)."""
    lines = [f"{k}: {v}" for k, v in rows if v != ""]
    uniq = _dedup(evidence or [])
    for r in uniq[:MAX_EVIDENCE]:
        lines.append("---")
        if r["evidence"]:
            lines.append(f"“{r['evidence']}”")
        meta = []
        if r["article"]:
            meta.append(f"article: {r['article']}")
        if r["confidence"]:
            meta.append(f"confidence: {r['confidence']}")
        if meta:
            lines.append(" · ".join(meta))
    if len(uniq) > MAX_EVIDENCE:
        lines.append(f"… {len(uniq) - MAX_EVIDENCE} more")
    return "\n".join(lines)


def node_size(kind: str, degree: int) -> int:
    """Drawn size: the class's base size grown with the square root of the degree (capped at 3x)."""
    base = _STYLE[kind].size
    return int(round(min(base * 3.0, base * (0.75 + 0.25 * math.sqrt(max(degree, 0))))))


def to_networkx(graph: Graph, extra_predicates=()) -> nx.MultiDiGraph:
    """The drawn graph: nodes carry kind/cls/label/names/rows/title/shape/color/size,
    edges relation/label/rows/evidence/title.

    Node ids are short ("n0", "m0"), assigned in sorted order so the same
    graph always yields the same ids.  ``rows`` are (key, value) pairs and
    ``evidence`` a list of {evidence, article, confidence}: the page builds
    its tooltips and fact panel from them as text.  ``title`` is the same as
    plain text.  ``size`` grows with the node's degree (`node_size`).

    `extra_predicates` (IRIs) are drawn too, as edges labelled with the
    predicate's local name, between any two resources (used for ``--query``
    results that use other properties).
    """
    org_classes = _org_classes(graph)
    # kg.viz_select.page_graph made them as it read the store
    evidence = getattr(graph, "evidence", None)
    if evidence is None:
        evidence = _assertions(graph)

    # --- entities
    kinds: dict = {}
    for s in set(graph.subjects(RDF.type, None)):
        c = _classify(graph, s, org_classes)
        if c is not None:
            kinds[s] = c

    facts: list[tuple] = []   # (subject, relation, object, edge label, evidence records, extra rows)
    for rel in relations.names("entity"):
        p = relations.get(rel).iri
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal):
                continue
            facts.append((s, rel, o, rel, evidence.get((s, p, o), []), []))
    known = {r.iri for r in relations.all_relations() if r.value != "year"}
    for p in sorted(set(extra_predicates) - known - _NOT_EDGES, key=str):
        rel = _local_name(p)
        for s, o in graph.subject_objects(p):
            if isinstance(o, Literal) or isinstance(s, Literal):
                continue
            facts.append((s, rel, o, rel, evidence.get((s, p, o), []), []))

    roles_without_org: dict = {}
    for role_rel in relations.names("role"):
        role_p = relations.get(role_rel).iri
        for person, pos in graph.subject_objects(role_p):
            titles = sorted({_text(t) for t in graph.objects(pos, KG.roleTitle) if _text(t)})
            title = " / ".join(titles) or role_rel
            former = any(_is_false(v) for v in graph.objects(pos, KG.current))
            label = f"{title} (former)" if former else title
            ev = (evidence.get((person, role_p, pos), [])
                  + [r for org in graph.objects(pos, KG.organization)
                     for r in evidence.get((pos, KG.organization, org), [])])
            orgs = sorted((o for o in graph.objects(pos, KG.organization) if not isinstance(o, Literal)),
                          key=str)
            if not orgs:
                roles_without_org.setdefault(person, []).append(label)
            for org in orgs:
                rows = [("role", title), ("current", "no (former)" if former else "")]
                facts.append((person, role_rel, org, label, ev, rows))

    money: dict = {}
    for rel in relations.names("money"):
        p = relations.get(rel).iri
        for s, amt in graph.subject_objects(p):
            money[amt] = None
            facts.append((s, rel, amt, rel, evidence.get((s, p, amt), []), []))

    # fact endpoints with no entity class become "Other" (money nodes are their own kind)
    for s, _rel, o, *_ in facts:
        for n in (s, o):
            if n not in kinds and n not in money:
                kinds[n] = ("Other", "Other")

    g = nx.MultiDiGraph()
    ids: dict = {}
    ent_order = sorted(kinds, key=lambda n: (_best_label(graph, n), kinds[n][0], str(n)))
    for i, n in enumerate(ent_order):
        nid = f"n{i}"
        ids[n] = nid
        kind, fine = kinds[n]
        label = _best_label(graph, n)
        alts = sorted({_text(a) for a in graph.objects(n, SKOS.altLabel) if _text(a)} - {label})
        years = sorted({_text(y) for rel in relations.names("year")
                        for y in graph.objects(n, relations.get(rel).iri)})
        cls = kind if fine == kind else f"{fine} ({kind})"
        rows = [("class", cls), ("label", label), ("alt labels", "、".join(alts)),
                ("founded", ", ".join(years)),
                ("roles", "; ".join(sorted(roles_without_org.get(n, []))))]
        st = _STYLE[kind]
        g.add_node(nid, kind=kind, cls=fine, label=label, names=[label] + alts, iri=str(n),
                   rows=[r for r in rows if r[1] != ""], title=_tip(rows),
                   shape=st.shape, color=st.color, size=st.size)

    def money_label(amt) -> str:
        lbl = graph.value(amt, RDFS.label)
        if lbl is not None and _text(lbl):
            return _text(lbl)
        value, cur = graph.value(amt, SCHEMA.value), graph.value(amt, SCHEMA.currency)
        if value is not None:
            return f"{value} {cur or ''}".strip()
        return _text(amt) if isinstance(amt, Literal) else _local_name(amt)

    money_order = sorted(money, key=lambda a: (money_label(a), str(a)))
    st = _STYLE["MonetaryAmount"]
    for i, amt in enumerate(money_order):
        nid = f"m{i}"
        ids[amt] = nid
        label = money_label(amt)
        rows = [("class", "MonetaryAmount"), ("label", label)]
        if not isinstance(amt, Literal):
            value, cur = graph.value(amt, SCHEMA.value), graph.value(amt, SCHEMA.currency)
            approx = graph.value(amt, KG.approximate)
            rows += [("value", _text(value) if value is not None else ""),
                     ("currency", _text(cur) if cur is not None else ""),
                     ("approximate", "yes" if approx is not None and not _is_false(approx) else "")]
        g.add_node(nid, kind="MonetaryAmount", cls="MonetaryAmount", label=label, names=[label],
                   iri=str(amt), rows=[r for r in rows if r[1] != ""], title=_tip(rows),
                   shape=st.shape, color=st.color, size=st.size)

    # identical facts (e.g. two Position nodes with the same title) are drawn once,
    # with the evidence of all of them
    merged: dict[tuple, tuple[list, list]] = {}
    for s, rel, o, label, ev, extra in facts:
        key = (ids[s], ids[o], rel, label)
        rows, recs = merged.setdefault(key, (extra, []))
        recs.extend(ev)
    ordered = sorted(merged, key=lambda k: (_id_key(k[0]), _id_key(k[1]), k[2], k[3]))
    for i, (src, dst, rel, label) in enumerate(ordered):
        extra, recs = merged[(src, dst, rel, label)]
        rows = [("relation", rel)] + extra + [
            ("from", g.nodes[src]["label"]), ("to", g.nodes[dst]["label"])]
        recs = _dedup(sorted(recs, key=evidence_order))
        g.add_edge(src, dst, key=f"e{i}", relation=rel, label=label,
                   rows=[r for r in rows if r[1] != ""], evidence=recs[:MAX_PANEL_EVIDENCE],
                   title=_tip(rows, recs), **({"curated": True} if any(r.get("curated") for r in recs) else {}))
    for nid in g.nodes:
        g.nodes[nid]["size"] = node_size(g.nodes[nid]["kind"], g.degree(nid))
    return g


def _id_key(nid: str) -> tuple:
    return (nid[0], int(nid[1:]))


# --------------------------------------------------------------------------- HTML

def _script_safe(text: str) -> str:
    """JSON that may sit inside <script> without closing it ("</" only occurs in strings)."""
    return text.replace("</", "<\\/")


def _raw_text_safe(text: str, tag: str) -> str:
    """JS/CSS code that cannot close its <script>/<style> element.

    Only the closing tag itself is escaped: a blanket "</" -> "<\\/" would break
    code such as vis-network's regex literal ``/</.test(c)``.
    """
    return re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def _vis_assets() -> tuple[str, str]:
    import pyvis  # lazy: heavy and only needed here

    base = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    try:
        js = (base / "vis-network.min.js").read_text(encoding="utf-8")
        css = (base / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - broken install
        raise KGError(f"pyvis does not ship vis-network {VIS_VERSION}: {exc}") from exc
    return _raw_text_safe(js, "script"), _raw_text_safe(css, "style")


def _legend_svg(style: ClassStyle) -> str:
    c = style.color
    shapes = {
        "dot": f'<circle cx="8" cy="8" r="6" fill="{c}"/>',
        "square": f'<rect x="2" y="2" width="12" height="12" fill="{c}"/>',
        "hexagon": f'<polygon points="8,1 14,4.5 14,11.5 8,15 2,11.5 2,4.5" fill="{c}"/>',
        "triangle": f'<polygon points="8,1 15,14 1,14" fill="{c}"/>',
        "diamond": f'<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
        "star": (f'<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6" '
                 f'fill="{c}"/>'),
    }
    inner = shapes.get(style.shape, shapes["dot"])
    if style.name == "MonetaryAmount":
        inner = f'<circle cx="8" cy="8" r="4" fill="{c}"/>'
    return f'<svg viewBox="0 0 16 16" aria-hidden="true">{inner}</svg>'


def _legend_html(g: nx.MultiDiGraph) -> str:
    counts: dict[str, int] = {}
    for _, kind in g.nodes(data="kind"):
        counts[kind] = counts.get(kind, 0) + 1
    items = []
    for st in CLASS_STYLES:
        n = counts.get(st.name, 0)
        if st.name == "Other" and n == 0:
            continue
        cls = ' class="kg-empty"' if n == 0 else ""
        items.append(
            f'<li data-kg-class="{html.escape(st.name)}"{cls}>{_legend_svg(st)}'
            f'<span>{html.escape(st.zh)} {html.escape(st.name)}</span>'
            f'<span class="kg-count">{n}</span></li>')
    drawn = {rel for _, _, rel in g.edges(data="relation")}
    rels = [f"{html.escape(r.zh)} {html.escape(r.name)}" for r in relations.all_relations() if r.name in drawn]
    rels += [html.escape(r) for r in sorted(drawn - set(relations.names()))]
    return ('<aside id="kg-legend" aria-label="legend"><h2>图例 Legend</h2><ul>'
            + "".join(items)
            + '</ul><div class="kg-note">边: 关系 / 职务 · 悬停查看证据<br>'
              'edges: relation / role title · hover for evidence</div>'
            + (f'<div class="kg-note kg-relations">{" · ".join(rels)}</div>' if rels else "")
            + ('<div class="kg-note kg-curated">红色虚线: 人工添加 · dashed red: added by hand (kg curate)</div>'
               if any(c for _, _, c in g.edges(data="curated")) else "")
            + '</aside>')


# the fact panel's and tooltips' row names, in Chinese and English (the data keeps the English key)
ROW_KEYS = {"class": "类别 class", "label": "名称 label", "alt labels": "简称 alt labels",
            "founded": "成立 founded", "roles": "职务 roles", "relation": "关系 relation",
            "from": "从 from", "to": "到 to", "role": "职务 role", "current": "现任 current",
            "value": "数值 value", "currency": "币种 currency", "approximate": "约数 approximate"}


def namesake_context(g: nx.MultiDiGraph) -> dict[str, str]:
    """{node id: "organisation、organisation"} for the people who share their name with another
    person: the organisations they hold a role at (else their other neighbours), so the
    page can tell them apart."""
    by_name: dict[str, list[str]] = {}
    for nid, data in g.nodes(data=True):
        if data["kind"] == "Person":
            by_name.setdefault(data["label"], []).append(nid)
    out: dict[str, str] = {}
    for ids in by_name.values():
        if len(ids) < 2:
            continue
        for nid in ids:
            orgs = sorted({g.nodes[o]["label"] for _, o, rel in g.out_edges(nid, data="relation")
                           if rel in relations.names("role")})
            if not orgs:
                orgs = sorted({g.nodes[o]["label"] for o in nx.all_neighbors(g, nid) if o != nid})
            out[nid] = "、".join(orgs[:3]) + ("…" if len(orgs) > 3 else "") or nid
    return out


def _edge_caption(label: str, relation: str) -> str:
    """An edge's caption: a relation of the table as "位于 locatedIn", a role title as it is."""
    rel = relations.get(relation)
    if rel is not None and label == relation:
        return f"{rel.zh} {rel.name}"
    return label


def _clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis when it is longer."""
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _relation_captions(g: nx.MultiDiGraph) -> list[list]:
    """[[relation, "中文 English", edges]] of the drawn relations, in the relation table's order."""
    counts: dict[str, int] = {}
    for _, _, rel in g.edges(data="relation"):
        counts[rel] = counts.get(rel, 0) + 1
    out = [[r.name, f"{r.zh} {r.en}", counts[r.name]] for r in relations.all_relations() if r.name in counts]
    known = {r.name for r in relations.all_relations()}
    out += [[name, name, counts[name]] for name in sorted(set(counts) - known)]
    return out


def _options(n_nodes: int = 0) -> dict:
    """vis-network options: positions are precomputed (kg.viz_layout.overview_layout), so
    physics is off; a label whose drawn size would be under LABEL_THRESHOLD pixels is not
    drawn (small nodes' labels appear as one zooms in) and none is drawn above LABEL_MAX."""
    label_scaling = {"enabled": False, "drawThreshold": LABEL_THRESHOLD, "maxVisible": LABEL_MAX}
    return {
        "autoResize": True,
        "nodes": {
            "font": {"face": CJK_FONT_STACK, "size": 14, "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            "scaling": {"label": dict(label_scaling)},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9a9a9a", "highlight": "#444444", "hover": "#444444"},
            # horizontal: a label turned along its edge, with its white outline, is drawn as glyph
            # paths by the canvas (a hub's hundred rotated labels took most of a second per frame)
            "font": {"face": CJK_FONT_STACK, "size": 11, "align": "horizontal", "color": "#555555"},
            "smooth": {"enabled": False},
            "width": 1.2,
            "scaling": {"label": dict(label_scaling)},
        },
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "physics": {"enabled": False, "stabilization": {"enabled": False}},
        # the page shows its own tooltips (kg.viz_page): vis-network's hover redraws the network
        "interaction": {"hover": False, "navigationButtons": False,
                        "hideEdgesOnDrag": n_nodes > BIG_PAGE, "hideEdgesOnZoom": n_nodes > BIG_PAGE},
    }


def label_size(degree: int) -> int:
    """Label font size (canvas pixels at zoom 1): 12 for a leaf, growing with the degree."""
    return int(round(min(30.0, 12.0 + 4.0 * math.log2(1 + max(degree, 0)))))


def render_html(graph: Graph, title: str = "kg", *, focus: str | None = None, hops: int = 1,
                classes=None, max_nodes: int | None = None, extra_predicates=(),
                layout_cache=None) -> str:
    """One self-contained HTML page (no network access needed) drawing `graph`.

    focus / hops / classes / max_nodes select what is drawn (`kg.viz_select.select`);
    the page says what was left out.  Positions are precomputed
    (``kg.viz_layout.overview_layout``: forceatlas2 per component, components
    packed in a square) and physics is off.  The page opens on the connected
    part (entities with at least one fact); isolated ones are a toggle away.
    `layout_cache` (a path, or a ``kg.viz_layout.LayoutCache``) keeps the components'
    layouts between pages: only the components not in it are laid out.
    Raises KGError for an unknown focus name or class.
    """
    from jinja2 import Environment, DictLoader, select_autoescape  # pyvis's own dependency
    from markupsafe import Markup
    from pyvis.network import Network  # lazy

    from kg.viz_layout import LayoutCache, overview_layout
    from kg.viz_page import PAGE
    from kg.viz_select import select

    full = to_networkx(graph, extra_predicates=extra_predicates)
    sel = select(full, focus=focus, hops=hops, classes=classes, max_nodes=max_nodes)
    g = sel.graph
    for nid in g.nodes:               # sizes follow the degree in what is drawn
        g.nodes[nid]["size"] = node_size(g.nodes[nid]["kind"], g.degree(nid))
    context = namesake_context(full)
    cache = layout_cache
    if cache is not None and not isinstance(cache, LayoutCache):
        cache = LayoutCache(cache)
    pos, isolated = overview_layout(g, cache=cache)
    isolated = set(isolated)
    # the overview shows the connected part; isolated entities are one click away
    # (when nothing is connected, they are all there is to show)
    hide_isolated = len(isolated) < g.number_of_nodes()

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=str(title))
    for nid, data in g.nodes(data=True):
        deg = g.degree(nid)
        lone = nid in isolated
        net.add_node(nid, label=_clip(data["label"], LABEL_CHARS), kgLabel=data["label"],
                     shape=data["shape"], color=data["color"],
                     size=data["size"], kgKind=data["kind"], kgClass=data["cls"],
                     kgNames=data["names"], kgRows=[list(r) for r in data["rows"]],
                     kgDegree=deg, kgIsolated=lone, kgContext=context.get(nid, ""), hidden=lone and hide_isolated,
                     font={"size": label_size(deg)}, x=pos[nid][0], y=pos[nid][1])
    for src, dst, key, data in g.edges(keys=True, data=True):
        shown = _edge_caption(data["label"], data["relation"])
        curated = {"kgCurated": True, "dashes": True, "color": CURATED_EDGE} if data.get("curated") else {}
        net.add_edge(src, dst, id=key, label=_clip(shown, LABEL_CHARS), kgLabel=shown,
                     relation=data["relation"],
                     kgRows=[list(r) for r in data["rows"]], kgEvidence=data["evidence"], **curated)
    net.options = _options(g.number_of_nodes())   # a dict: get_network_data() serialises it with json.dumps

    js, css = _vis_assets()
    env = Environment(loader=DictLoader({"kg.html": PAGE}), autoescape=select_autoescape(
        default=True, default_for_string=True))
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    n_ent = sum(1 for _, k in g.nodes(data="kind") if k != "MonetaryAmount")
    n_money = g.number_of_nodes() - n_ent
    cap = ""
    if sel.capped:
        cap = (f"仅显示度数最高的 {g.number_of_nodes()} / {sel.total_nodes} 个节点 · "
               f"showing the top {g.number_of_nodes()} of {sel.total_nodes} nodes by degree "
               f"(--max-nodes {max_nodes})")
    notes = list(sel.notes)
    env.globals.update(
        kg_vis_js=Markup(js),
        kg_vis_css=Markup(css),
        kg_font=Markup(CJK_FONT_STACK),
        kg_legend=Markup(_legend_html(g)),
        kg_options=Markup(_script_safe(json.dumps(net.options, sort_keys=True, ensure_ascii=False))),
        kg_stats=(f"{n_ent} 个实体 {'entity' if n_ent == 1 else 'entities'} · "
                  f"{n_money} 个金额 {'amount' if n_money == 1 else 'amounts'} · "
                  f"{g.number_of_edges()} 条关系 {'relation' if g.number_of_edges() == 1 else 'relations'}"),
        kg_words={"keys": ROW_KEYS,
                  "relations": {r.name: f"{r.zh} {r.name}" for r in relations.all_relations()},
                  "kinds": {st.name: f"{st.zh} {st.name}" for st in CLASS_STYLES}},
        kg_cap=cap,
        kg_notes=notes,
        kg_focus=list(sel.focus),
        kg_max_evidence=MAX_EVIDENCE,
        kg_tip_chars=TIP_CHARS,
        kg_panel_chars=PANEL_CHARS,
        kg_panel_facts=PANEL_FACTS,
        kg_panel_evidence=PANEL_EVIDENCE,
        kg_isolated=len(isolated) if hide_isolated else 0,
        kg_relations=_relation_captions(g),
        kg_max_degree=max((g.degree(n) for n in g.nodes), default=0),
        kg_hub_labels=HUB_LABELS,
        kg_lazy_labels=BIG_PAGE,
        kg_tooltip_delay=TOOLTIP_DELAY,
    )
    net.templateEnv = env
    net.path = "kg.html"
    return net.generate_html(name="kg.html")


def write_html(graph: Graph, path, title: str = "kg", **options) -> Path:
    """Render `graph` and write it to `path` atomically (temp file + os.replace), UTF-8.

    `options` are those of `render_html` (focus, hops, classes, max_nodes, ...).
    """
    path = Path(path)
    text = render_html(graph, title=title, **options)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)   # mkstemp makes 0600; a page is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
