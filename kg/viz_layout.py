"""Node positions computed before the page opens (kg.viz draws them with physics off).

    overview_layout(graph, cache=None) -> ({node: (x, y)}, isolated nodes)
    radial_layout(graph) -> {node: (x, y)}
    LayoutCache(path)                   component layouts kept between pages

``overview_layout`` is the page's: each connected component is laid out by
networkx's ``forceatlas2_layout`` (a component above FA2_MAX nodes keeps the
radial layout: networkx's forceatlas2 is quadratic in time and memory per
iteration, 43 s and 1.8 GB for 5 iterations on a component of 4,700 nodes;
igraph's grid Fruchterman-Reingold takes 1.8 s there but stacks a hub's leaves on
one another), components are packed largest first into a roughly square area,
and isolated nodes get a grid of their own below it.

``radial_layout`` is linear, built from networkx traversals:

* each connected component gets a radial tree layout: its highest-degree node
  at the centre, breadth-first levels on rings, every subtree given an angular
  wedge proportional to its number of leaves; on each ring nodes sit at their
  wedge's centre, moved apart just enough to keep a minimum distance, and a
  ring is made long enough for its nodes (so hubs fan out, nodes never overlap);
* components are packed largest first, left to right in rows ("shelves").

Deterministic: ties are broken by node id, forceatlas2 has a fixed seed;
coordinates are whole pixels.

A page costs in proportion to what changed: with a ``LayoutCache`` (kg.api keeps
one beside the store), a component whose nodes and edges are the same as on the
last page (by a hash of its nodes' IRIs and its edges, ``component_key``) gets its
layout back from the cache; only new or changed components are laid out.  A
component is laid out from its nodes in IRI order, so that its layout does not
follow the short node ids of the page (they shift when another node comes in).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from pathlib import Path

import networkx as nx

__all__ = ["radial_layout", "overview_layout", "component_key", "LayoutCache", "RING", "GAP", "CELL",
           "FA2_FULL", "FA2_MAX"]

RING = 90.0          # distance between two breadth-first rings (vis-network pixels at scale 1)
GAP = 120.0          # space between packed components
_MIN_ARC = 40.0      # nodes on one ring are at least this far apart
_SLACK = 1.25        # rings are this much longer than their nodes strictly need
CELL = 70.0          # overview: a component of n nodes gets a longer side of CELL * sqrt(n)
COMP_GAP = 60.0      # overview: space between packed components
FA2_FULL = 400       # components up to this size get 100 forceatlas2 iterations from scratch
FA2_MAX = 2000       # larger components keep the (linear) radial layout: forceatlas2 is quadratic
FA2_SEED = 20240601
LAYOUT_VERSION = "kg-layout/1"   # part of every cache key: a change of the layout code changes it


def _key(n) -> tuple:
    s = str(n)
    head = s.rstrip("0123456789")
    tail = s[len(head):]
    return (head, int(tail) if tail else -1, s)


def _component_layout(g: nx.Graph, nodes: set) -> dict:
    """Radial tree layout of one connected component, centred on (0, 0)."""
    root = min(nodes, key=lambda n: (-g.degree(n), _key(n)))
    children: dict = {root: []}
    depth = {root: 0}
    order = [root]
    for parent in order:                       # BFS; `order` grows while we walk it
        for nb in sorted(g.neighbors(parent), key=_key):
            if nb not in depth:
                depth[nb] = depth[parent] + 1
                children[parent].append(nb)
                children[nb] = []
                order.append(nb)
    leaves: dict = {}
    for n in reversed(order):
        leaves[n] = sum(leaves[c] for c in children[n]) or 1
    # wedges first: a subtree's angular share is proportional to its leaves
    wedge = {root: (0.0, 2 * math.pi)}
    for n in order:
        start, span = wedge[n]
        for c in children[n]:
            share = span * leaves[c] / leaves[n]
            wedge[c] = (start, share)
            start += share
    # rings: each at least RING further out than the last, and long enough for its
    # nodes (with some slack so they can stay near their wedge centres)
    max_depth = max(depth.values())
    rings: list[list] = [[] for _ in range(max_depth + 1)]
    for n in order:
        rings[depth[n]].append(n)
    pos = {root: (0.0, 0.0)}
    radius = 0.0
    for d in range(1, max_depth + 1):
        radius = max(radius + RING, _SLACK * len(rings[d]) * _MIN_ARC / (2 * math.pi))
        angles = _spread(sorted(((wedge[n][0] + wedge[n][1] / 2, n) for n in rings[d]),
                                key=lambda t: (t[0], _key(t[1]))),
                         2 * math.asin(min(1.0, _MIN_ARC / (2 * radius))))
        for a, n in angles:
            pos[n] = (radius * math.cos(a), radius * math.sin(a))
    return pos


def _spread(angles: list, gap: float) -> list:
    """Angles (sorted, with their nodes) moved as little as needed to be `gap` apart on the circle.

    A forward pass pushes crowded angles on; if the last one then comes too
    close to the first one round the circle, a backward pass pulls them back.
    Needs len(angles) * gap <= 2 pi (the caller's ring is long enough).
    """
    if len(angles) < 2:
        return angles
    a = [x for x, _ in angles]
    for i in range(1, len(a)):
        a[i] = max(a[i], a[i - 1] + gap)
    limit = a[0] + 2 * math.pi - gap
    if a[-1] > limit:
        a[-1] = limit
        for i in range(len(a) - 2, -1, -1):
            a[i] = min(a[i], a[i + 1] - gap)
    return [(x, n) for x, (_, n) in zip(a, angles)]


def radial_layout(graph: nx.Graph) -> dict:
    """{node: (x, y)} for every node of `graph` (directions and multi-edges ignored)."""
    g = nx.Graph()
    g.add_nodes_from(graph.nodes)
    g.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    comps = sorted((set(c) for c in nx.connected_components(g)),
                   key=lambda c: (-len(c), min(_key(n) for n in c)))
    pos = _shelf_pack([_at_origin(_component_layout(g, c)) for c in comps], aspect=1.69, gap=GAP)
    return {n: (int(round(x)), int(round(y))) for n, (x, y) in pos.items()}


def _at_origin(pos: dict) -> dict:
    """The same positions moved so that their top-left corner is at (0, 0)."""
    x0 = min(x for x, _ in pos.values())
    y0 = min(y for _, y in pos.values())
    return {k: (x - x0, y - y0) for k, (x, y) in pos.items()}


def _extent(pos: dict) -> tuple[float, float]:
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    return (max(xs) - min(xs) + 1.0, max(ys) - min(ys) + 1.0)


# --------------------------------------------------------------------------- overview

def _fa2_component(g: nx.Graph, nodes: list) -> dict:
    """networkx.forceatlas2_layout of one connected component, scaled so that its longer
    side is CELL * sqrt(n) pixels, with its top-left corner at (0, 0).

    Large components start from the radial layout and get fewer iterations
    (forceatlas2 is quadratic per iteration): at most ~40 million pair steps, a
    few seconds.  Above FA2_MAX nodes the radial layout is kept as it is.
    """
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if n == 2:                                     # nothing to lay out
        return {nodes[0]: (0.0, 0.0), nodes[1]: (CELL * math.sqrt(2), 0.0)}
    if n > FA2_MAX:
        return _at_origin(_component_layout(g, set(nodes)))
    sub = nx.Graph()
    sub.add_nodes_from(nodes)                      # node order fixed: sorted ids
    sub.add_edges_from(g.subgraph(nodes).edges())
    if n <= FA2_FULL:
        pos = nx.forceatlas2_layout(sub, max_iter=100, seed=FA2_SEED, strong_gravity=False)
    else:
        import numpy as np

        start = _component_layout(g, set(nodes))
        iters = max(10, min(100, int(4e7 / (n * n))))
        pos = nx.forceatlas2_layout(sub, pos={k: np.array(v, dtype=float) for k, v in start.items()}, max_iter=iters,
                                    seed=FA2_SEED)
    return _scaled(pos, nodes)


def _scaled(pos: dict, nodes: list) -> dict:
    """`pos` scaled so that its longer side is CELL * sqrt(n) pixels, top-left at (0, 0)."""
    n = len(nodes)
    xs = [float(pos[k][0]) for k in nodes]
    ys = [float(pos[k][1]) for k in nodes]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    scale = CELL * math.sqrt(n) / max(w, h, 1e-9)
    x0, y0 = min(xs), min(ys)
    return {k: ((x - x0) * scale, (y - y0) * scale) for k, x, y in zip(nodes, xs, ys)}


def _shelf_pack(placed: list, aspect: float, gap: float = COMP_GAP) -> dict:
    """Components (positions with top-left at 0, 0), largest first, packed in rows whose
    width makes the whole roughly `aspect` (width / height) times as wide as high, `gap`
    apart."""
    total_area = sum((_extent(p)[0] + gap) * (_extent(p)[1] + gap) for p in placed) or 1.0
    row_width = max(math.sqrt(total_area * aspect), max((_extent(p)[0] for p in placed), default=0))
    out: dict = {}
    x = y = row_h = 0.0
    for p in placed:
        w, h = _extent(p)
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + gap, 0.0
        for k, (px, py) in p.items():
            out[k] = (x + px, y + py)
        x += w + gap
        row_h = max(row_h, h)
    return out


def component_key(graph: nx.Graph, nodes: list) -> str:
    """A stable hash of a component: its nodes' identities (the ``iri`` attribute kg.viz gives
    them, else the node) and its edges, in sorted order, with the layout version."""
    ident = {n: str(graph.nodes[n].get("iri", n)) for n in nodes}
    edges = sorted({(a, b) if a < b else (b, a) for u in nodes for v in graph[u]
                    if v != u and v in ident for a, b in [(ident[u], ident[v])]})
    h = hashlib.sha256(LAYOUT_VERSION.encode())
    for x in sorted(ident.values()):
        h.update(b"n\0" + x.encode() + b"\0")
    for a, b in edges:
        h.update(b"e\0" + a.encode() + b"\0" + b.encode() + b"\0")
    return h.hexdigest()


class LayoutCache:
    """Component layouts kept in one JSON file between pages: {key: [[x, y], ...]} with the
    positions in the order of the component's node identities.

    ``save()`` keeps only the components the last page used, so the file follows the
    graph; a file that cannot be read is an empty cache, one that cannot be written is
    left as it was (it is a cache: the page is right either way).
    """

    def __init__(self, path):
        self.path = Path(path)
        self.used: dict[str, list] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.known = data["layouts"] if data.get("version") == LAYOUT_VERSION else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.known = {}
        self.hits = self.misses = 0

    def get(self, key: str):
        found = self.known.get(key)
        if found is not None:
            self.hits += 1
            self.used[key] = found
        else:
            self.misses += 1
        return found

    def put(self, key: str, positions: list) -> None:
        self.used[key] = positions

    def save(self) -> None:
        if self.used == self.known:
            return
        text = json.dumps({"version": LAYOUT_VERSION, "layouts": self.used}, sort_keys=True,
                          separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, self.path)
            self.known = dict(self.used)
        except OSError:
            try:
                os.unlink(tmp)
            except (OSError, UnboundLocalError):
                pass


class _SameShape:
    """Layouts of components by their shape: the number of nodes and the edges between their
    positions in the layout order. ``_fa2_component`` depends on nothing else (the start is drawn
    from a fixed seed for the nodes in that order, the forces follow the adjacency), so two
    components of one shape get the same positions, and forceatlas2 runs once per shape: a page
    of many small components (three nodes: a park, its place, an investment) draws the same
    handful of shapes again and again."""

    def __init__(self):
        self._seen: dict = {}

    def layout(self, g: nx.Graph, order: list) -> dict:
        index = {n: i for i, n in enumerate(order)}
        shape = (len(order), tuple(sorted({(min(index[u], index[v]), max(index[u], index[v]))
                                           for u in order for v in g[u] if v != u and v in index})))
        found = self._seen.get(shape)
        if found is None:
            pos = _fa2_component(g, order)
            found = self._seen[shape] = [pos[n] for n in order]
        return dict(zip(order, found))


def _laid_out(g: nx.Graph, comp: list, cache: LayoutCache | None, shapes: _SameShape | None = None) -> dict:
    """The layout of one component (top-left at 0, 0), from the cache when it has it."""
    order = sorted(comp, key=lambda n: (str(g.nodes[n].get("iri", n)), _key(n)))
    lay = shapes.layout if shapes is not None else _fa2_component
    if cache is None:
        return lay(g, order)
    key = component_key(g, comp)
    found = cache.get(key)
    if found is not None and len(found) == len(order):
        return {n: (float(x), float(y)) for n, (x, y) in zip(order, found)}
    pos = lay(g, order)
    cache.put(key, [[round(pos[n][0], 2), round(pos[n][1], 2)] for n in order])
    return pos


def overview_layout(graph: nx.Graph, aspect: float = 1.5, cache: LayoutCache | None = None) -> tuple[dict, list]:
    """({node: (x, y)}, isolated nodes) for the overview page.

    Nodes with at least one edge (to another node) are the connected part: each
    connected component is laid out by networkx's forceatlas2 (`_fa2_component`)
    and the components are packed, largest first, into a roughly square area
    (`aspect` = width / height).  Isolated nodes (no edge) get a grid of their own
    below it, as wide as the connected part, for when the page shows them.
    Deterministic (fixed seed, nodes in IRI order); coordinates are whole pixels.
    With a `cache` (``LayoutCache``), only the components it does not hold are laid out
    (and it is saved).
    """
    g = nx.Graph()
    g.add_nodes_from(sorted(graph.nodes(data=True), key=lambda t: _key(t[0])))
    g.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    isolated = [n for n in g.nodes if g.degree(n) == 0]
    comps = sorted((sorted(c, key=_key) for c in nx.connected_components(g) if len(c) > 1),
                   key=lambda c: (-len(c), _key(c[0])))
    shapes = _SameShape()
    pos = _shelf_pack([_laid_out(g, c, cache, shapes) for c in comps], aspect)
    if cache is not None:
        cache.save()
    if isolated:
        top = (max(y for _, y in pos.values()) + 2 * COMP_GAP) if pos else 0.0
        width = (max(x for x, _ in pos.values()) if pos else 0.0)
        step = CELL * 0.8
        cols = max(1, int(max(width, math.sqrt(len(isolated) * aspect) * step) // step))
        for i, k in enumerate(isolated):
            pos[k] = ((i % cols) * step, top + (i // cols) * step)
    return {k: (int(round(x)), int(round(y))) for k, (x, y) in pos.items()}, isolated
