"""Precomputed node positions for graphs too large for in-browser physics.

    radial_layout(graph) -> {node: (x, y)}

Above ``LARGE_GRAPH`` drawn nodes the page is written with fixed positions and
physics off (``kg.viz``).  networkx's force-directed layouts are quadratic per
iteration (minutes for 5,000 nodes on a small machine), so this is a linear
one built from networkx traversals:

* each connected component gets a radial tree layout: its highest-degree node
  at the centre, breadth-first levels on rings, every subtree given an angular
  wedge proportional to its number of leaves; on each ring nodes sit at their
  wedge's centre, moved apart just enough to keep a minimum distance, and a
  ring is made long enough for its nodes (so hubs fan out, nodes never overlap);
* components are packed largest first, left to right in rows ("shelves").

Deterministic: ties are broken by node id; coordinates are whole pixels.
"""
from __future__ import annotations

import math

import networkx as nx

__all__ = ["radial_layout", "LARGE_GRAPH", "RING", "GAP"]

LARGE_GRAPH = 1500   # more drawn nodes than this: precomputed layout, physics off
RING = 90.0          # distance between two breadth-first rings (vis-network pixels at scale 1)
GAP = 120.0          # space between packed components
_MIN_ARC = 40.0      # nodes on one ring are at least this far apart
_SLACK = 1.25        # rings are this much longer than their nodes strictly need


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
    placed = [(_component_layout(g, c)) for c in comps]
    total_area = sum(_extent(p)[0] * _extent(p)[1] for p in placed) or 1.0
    row_width = max(math.sqrt(total_area) * 1.3, max((_extent(p)[0] for p in placed), default=0))
    out: dict = {}
    x = y = row_h = 0.0
    for p in placed:
        w, h = _extent(p)
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + GAP, 0.0
        minx = min(px for px, _ in p.values())
        miny = min(py for _, py in p.values())
        for n, (px, py) in p.items():
            out[n] = (int(round(x + px - minx)), int(round(y + py - miny)))
        x += w + GAP
        row_h = max(row_h, h)
    return out


def _extent(pos: dict) -> tuple[float, float]:
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    return (max(xs) - min(xs) + 1.0, max(ys) - min(ys) + 1.0)
