"""The HTML page template of kg.viz (Jinja2, rendered through pyvis's generate_html).

Placeholders: heading, nodes, edges (pyvis's) and kg_* globals set by
``kg.viz.render_html``.  The script builds every tooltip, search hit and fact
panel entry with textContent / createTextNode: data never goes through
innerHTML.  Page hooks for tests and benchmarks: ``window.kgNetwork``,
``window.kgFocus(id)``, ``kgTip(kind, id)`` (a tooltip's element), ``kgDimmed()``,
``kgLabelView()``, ``body.dataset.drawn`` / ``stabilized`` / ``focused``, and
``window.kgTimes``: {script, searchable, network, drawn, stable} in ms from
navigation start (also as performance marks kg-script, kg-searchable,
kg-network, kg-drawn) and ``latency.{search, focus, hover}``: ms from an input
event's time stamp to the frame showing its result (hits listed; the found node
focused with its panel; the tooltip), the first of each, marked kg-search,
kg-focus, kg-hover.

Time to usable on thousands of nodes (tests/test_browser_explorer.py): the
data is JSON read by JSON.parse; vis-network gets only drawing options, only the
nodes shown (hidden isolated entities are added when first shown) and, above
BIG_PAGE nodes, only the labels that can be read in the view; the opening view
and the hubs' label sizes are computed before the network, so it is drawn once;
dimming is a layer drawn over the canvas, not an update of every node; tooltips
are the page's own, built when first shown (vis-network's hover redraws the
network); edges and arrow heads out of view or under a pixel are not drawn.
"""

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }}</title>
<style>{{ kg_vis_css }}</style>
<style>
  html, body { margin: 0; padding: 0; height: 100%; background: #fafafa; color: #222;
    font-family: {{ kg_font }}; }
  body { display: flex; flex-direction: column; overflow-x: hidden; }
  header h1, header p, #kg-panel, #kg-tooltip, #kg-hits { overflow-wrap: anywhere; word-break: break-word; }
  header h1 { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .kg-context { color: #a04000; font-size: 12px; }
  .kg-more { color: #1f5fa8; cursor: pointer; text-decoration: underline; font-size: 12px; }
  header { flex: none; display: flex; align-items: flex-start; gap: 16px; padding: 8px 16px;
    border-bottom: 1px solid #ddd; background: #fff; }
  header .kg-titles { flex: 1; min-width: 0; }
  header h1 { margin: 0; font-size: 20px; font-weight: 600; }
  header p { margin: 2px 0 0; font-size: 13px; color: #666; }
  header p.kg-cap { color: #a04000; }
  #kg-searchbox { position: relative; flex: none; width: 300px; padding-top: 2px; }
  #kg-search { width: 100%; box-sizing: border-box; font: inherit; font-size: 14px; padding: 5px 8px;
    border: 1px solid #bbb; border-radius: 4px; }
  #kg-hits { position: absolute; z-index: 20; left: 0; right: 0; margin: 2px 0 0; padding: 0;
    list-style: none; background: #fff; border: 1px solid #ccc; border-radius: 4px;
    box-shadow: 0 2px 6px rgba(0,0,0,.2); max-height: 320px; overflow-y: auto; font-size: 13px; }
  #kg-hits li { padding: 4px 8px; cursor: pointer; }
  #kg-hits li:hover, #kg-hits li.kg-active { background: #eef3fb; }
  #kg-hits li.kg-none { color: #888; cursor: default; }
  #kg-main { position: relative; flex: 1; min-height: 0; }
  #mynetwork { position: absolute; top: 0; left: 0; right: 0; bottom: 0; background: #fff; }
  #kg-legend { position: absolute; top: 12px; left: 12px; z-index: 5; background: rgba(255,255,255,.92);
    border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; font-size: 13px;
    box-shadow: 0 1px 4px rgba(0,0,0,.15); }
  #kg-legend h2 { margin: 0 0 4px; font-size: 13px; font-weight: 600; }
  #kg-legend ul { list-style: none; margin: 0; padding: 0; }
  #kg-legend li { display: flex; align-items: center; gap: 6px; line-height: 22px; cursor: pointer;
    user-select: none; }
  #kg-legend li.kg-empty { color: #aaa; cursor: default; }
  #kg-legend li.kg-off { opacity: .4; text-decoration: line-through; }
  #kg-legend svg { width: 16px; height: 16px; flex: none; }
  #kg-legend .kg-count { color: #888; margin-left: auto; padding-left: 10px; }
  #kg-legend .kg-note { margin-top: 4px; color: #666; font-size: 12px; }
  #kg-panel { position: absolute; top: 12px; right: 12px; bottom: 12px; z-index: 6; width: 340px;
    overflow-y: auto; background: rgba(255,255,255,.97); border: 1px solid #ccc; border-radius: 6px;
    padding: 10px 14px; font-size: 13px; line-height: 1.5; box-shadow: 0 1px 6px rgba(0,0,0,.2); }
  #kg-panel[hidden] { display: none; }
  #kg-panel h2 { margin: 0 24px 2px 0; font-size: 17px; }
  #kg-panel h3 { margin: 10px 0 4px; font-size: 14px; }
  #kg-panel .kg-close { position: absolute; top: 6px; right: 8px; border: 0; background: none;
    font-size: 18px; cursor: pointer; color: #666; }
  #kg-panel ul { list-style: none; margin: 0; padding: 0; }
  #kg-panel li.kg-fact { border-top: 1px solid #e4e4e4; padding: 6px 0; }
  #kg-panel .kg-link { color: #1f5fa8; cursor: pointer; text-decoration: underline; }
  #kg-panel .kg-rel { color: #555; }
  #kg-panel .kg-evbox { margin: 3px 0 0 8px; }
  #kg-panel .kg-more-facts { margin-top: 6px; font: inherit; font-size: 12px; padding: 1px 6px;
    border: 1px solid #bbb; border-radius: 4px; background: #f4f4f4; cursor: pointer; }
  #kg-progress { position: absolute; top: 45%; left: 0; right: 0; z-index: 4; text-align: center;
    font-size: 16px; color: #555; pointer-events: none; }
  #kg-progress[hidden] { display: none; }
  #kg-tools { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; font-size: 13px; }
  #kg-tools button { font: inherit; font-size: 13px; padding: 2px 8px; border: 1px solid #bbb;
    border-radius: 4px; background: #f4f4f4; cursor: pointer; }
  #kg-filters { border: 1px solid #ccc; border-radius: 4px; padding: 1px 8px; }
  #kg-filters summary { cursor: pointer; }
  #kg-filters label { margin-right: 10px; white-space: nowrap; }
  #kg-filters input[type=number] { width: 4em; }
  #kg-path input { width: 9em; font: inherit; font-size: 13px; padding: 1px 4px; }
  .kg-actions { margin: 6px 0 2px; display: flex; flex-wrap: wrap; gap: 4px; }
  .kg-actions button { font: inherit; font-size: 12px; padding: 1px 6px; border: 1px solid #bbb;
    border-radius: 4px; background: #f4f4f4; cursor: pointer; }
  #kg-tools button[aria-pressed="true"] { background: #dde8f6; border-color: #6d93c7; }
  #kg-tooltip { position: absolute; z-index: 7; pointer-events: none; font-size: 13px; line-height: 1.45;
    max-width: 440px; padding: 6px 8px; background: #fffff2; color: #222; border: 1px solid #999;
    border-radius: 3px; box-shadow: 3px 3px 10px rgba(0,0,0,.2); }
  #kg-tooltip[hidden] { display: none; }
  .kg-evbox + .kg-evbox, .kg-tip .kg-evbox { border-top: 1px solid #ddd; margin-top: 4px; padding-top: 3px; }
  .kg-ev { color: #222; }
  .kg-meta { color: #666; font-size: 12px; }
</style>
<script>{{ kg_vis_js }}</script>
</head>
<body>
<header>
  <div class="kg-titles">
    <h1>{{ heading }}</h1>
    <p class="kg-stats" id="kg-stats">{{ kg_stats }}</p>
    {%- for note in kg_notes %}
    <p class="kg-note">{{ note }}</p>
    {%- endfor %}
    {%- if kg_cap %}
    <p class="kg-cap" id="kg-cap">{{ kg_cap }}</p>
    {%- endif %}
    <div id="kg-tools">
    {%- if kg_relations %}
      <details id="kg-filters"><summary>筛选 Filter</summary>
        <div class="kg-filter-rels">关系 relations:
        {%- for rel in kg_relations %}
          <label><input type="checkbox" data-relation="{{ rel[0] }}" checked> {{ rel[1] }} ({{ rel[2] }})</label>
        {%- endfor %}
        </div>
        <label>最少关系数 min. facts per entity: <input id="kg-min-degree" type="number" min="0"
          max="{{ kg_max_degree }}" value="0" step="1"></label>
      </details>
    {%- endif %}
    {%- if kg_relations %}
      <span id="kg-path" role="group" aria-label="path">路径 path:
        <input id="kg-path-from-name" type="search" placeholder="起点 from" aria-label="path from">
        <input id="kg-path-to-name" type="search" placeholder="终点 to" aria-label="path to">
        <button type="button" id="kg-path-go">查找 find</button>
        <span id="kg-path-status" class="kg-meta" role="status"></span>
      </span>
    {%- endif %}
    {%- if kg_isolated %}
      <button type="button" id="kg-isolated" aria-pressed="false" data-count="{{ kg_isolated }}">显示孤立实体 show isolated entities ({{ kg_isolated }})</button>
    {%- endif %}
    </div>
  </div>
  <div id="kg-searchbox" role="search">
    <input id="kg-search" type="search" autocomplete="off" spellcheck="false"
      placeholder="搜索名称或简称 · search names and aliases" aria-label="search names and aliases">
    <ul id="kg-hits" hidden></ul>
  </div>
</header>
<div id="kg-main">
  <div id="mynetwork"></div>
  <div id="kg-progress" role="status">正在绘制 {{ nodes|length }} 个节点… drawing {{ nodes|length }} nodes…</div>
  {{ kg_legend }}
  <aside id="kg-panel" aria-label="facts" hidden></aside>
  <div id="kg-tooltip" role="tooltip" hidden></div>
</div>
<script type="application/json" id="kg-nodes">{{ nodes|tojson }}</script>
<script type="application/json" id="kg-edges">{{ edges|tojson }}</script>
<script>
(function () {
  "use strict";
  // Data is untrusted text: every piece reaches the DOM through textContent.
  performance.mark("kg-script");
  var times = window.kgTimes = {script: performance.now()};
  // the data sits in JSON script elements: JSON.parse reads it faster than a script literal
  function embedded(id) { return JSON.parse(document.getElementById(id).textContent); }
  var nodeData = embedded("kg-nodes");
  var edgeData = embedded("kg-edges");
  var options = {{ kg_options }};
  var MAX_TIP_EVIDENCE = {{ kg_max_evidence }};
  var TIP_CHARS = {{ kg_tip_chars }}, PANEL_CHARS = {{ kg_panel_chars }};
  var PANEL_FACTS = {{ kg_panel_facts }}, PANEL_EVIDENCE = {{ kg_panel_evidence }};
  var WORDS = {{ kg_words|tojson }};
  function word(kind, key) { return (WORDS[kind] && WORDS[kind][key]) || key; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  // a text longer than `chars` is cut with an ellipsis; in the panel (`more`) a click shows it whole
  function clip(tag, cls, text, chars, more) {
    text = String(text);
    if (text.length <= chars) { return el(tag, cls, text); }
    var e = el(tag, cls);
    var span = el("span", null, text.slice(0, chars) + "\u2026");
    e.appendChild(span);
    if (more) {
      var a = el("span", "kg-more", " \u5168\u6587 full text (" + text.length + ")");
      a.setAttribute("role", "button");
      a.tabIndex = 0;
      a.addEventListener("click", function (ev) {
        ev.stopPropagation();
        span.textContent = text;
        a.remove();
      });
      e.appendChild(a);
    }
    return e;
  }
  // the first `limit` evidence records (all when 0); in the panel (`more`) a click shows the rest
  function addEvidence(parent, ev, limit, chars, more) {
    var shown = limit ? ev.slice(0, limit) : ev;
    shown.forEach(function (r) {
      var box = el("div", "kg-evbox");
      if (r.evidence) { box.appendChild(clip("div", "kg-ev", "\u201c" + r.evidence + "\u201d", chars, more)); }
      var meta = [];
      if (r.article) { meta.push("\u6587\u7ae0 article: " + r.article); }
      if (r.confidence) { meta.push("\u7f6e\u4fe1\u5ea6 confidence: " + r.confidence); }
      if (meta.length) { box.appendChild(clip("div", "kg-meta", meta.join(" \u00b7 "), chars, more)); }
      parent.appendChild(box);
    });
    if (limit && ev.length > limit) {
      var rest = el("div", more ? "kg-meta kg-more" : "kg-meta",
                    "\u2026 \u53e6\u6709 " + (ev.length - limit) + " \u6761 \u00b7 " + (ev.length - limit) + " more");
      if (more) {
        rest.setAttribute("role", "button");
        rest.tabIndex = 0;
        rest.addEventListener("click", function (e) {
          e.stopPropagation();
          var box = el("div", "kg-evrest");
          addEvidence(box, ev.slice(limit), 0, chars, true);
          rest.replaceWith(box);
        });
      }
      parent.appendChild(rest);
    }
  }
  function addRows(parent, rows, chars, more) {
    rows.forEach(function (r) {
      var d = el("div", "kg-row");
      d.appendChild(el("b", null, word("keys", r[0])));
      d.appendChild(clip("span", null, ": " + (r[0] === "relation" ? word("relations", r[1]) : r[1]),
                         chars, more));
      parent.appendChild(d);
    });
  }
  function tip(rows, ev) {
    var div = el("div", "kg-tip");
    addRows(div, rows, TIP_CHARS, false);
    if (ev && ev.length) { addEvidence(div, ev, MAX_TIP_EVIDENCE, TIP_CHARS, false); }
    if (rows.some(function (r) { return String(r[1]).length > TIP_CHARS; }) ||
        (ev || []).some(function (r) { return (r.evidence + r.article).length > TIP_CHARS; })) {
      div.appendChild(el("div", "kg-meta", "\u70b9\u51fb\u67e5\u770b\u5168\u6587 click for the full text"));
    }
    return div;
  }

  var nodeById = {}, edgeById = {}, edgesOf = {};
  nodeData.forEach(function (n) { nodeById[n.id] = n; });
  edgeData.forEach(function (e) {
    edgeById[e.id] = e;
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e);
    if (e.to !== e.from) { (edgesOf[e.to] = edgesOf[e.to] || []).push(e); }
  });
  // a tooltip is built the first time it is shown
  function tipOf(kind, id) {
    var d = kind === "node" ? nodeById[id] : edgeById[id];
    if (!d) { return null; }
    if (!d.kgTip) { d.kgTip = tip(d.kgRows, kind === "node" ? null : d.kgEvidence); }
    return d.kgTip;
  }
  window.kgTip = tipOf;

  // the search index is built from the data before the network: it is ready when the network is
  function fold(s) { return String(s).normalize("NFKC").trim().toLowerCase(); }
  var index = nodeData.map(function (n) { return {id: n.id, names: n.kgNames.map(fold)}; });
  performance.mark("kg-searchable");
  times.searchable = performance.now();
  // what a user waits for, measured by the page from the input event's own time stamp to the
  // frame that shows the result: window.kgTimes.latency.{search, focus, hover}
  times.latency = {};
  function afterPaint(fn) { requestAnimationFrame(function () { setTimeout(function () { fn(performance.now()); }, 0); }); }
  function latency(what, since) {
    afterPaint(function (now) {
      if (!(what in times.latency)) {
        times.latency[what] = now - since;
        performance.mark("kg-" + what, {startTime: now});
      }
    });
  }

  var HUB_LABELS = {{ kg_hub_labels }};
  // above this many nodes a label is given to vis-network only while it can be read: its node (or
  // the middle of its edge) near the view and its size on screen over the draw threshold
  var LAZY_LABELS = nodeData.length > {{ kg_lazy_labels }};
  var HIDE_ISOLATED = {{ "true" if kg_isolated else "false" }};
  var progress = document.getElementById("kg-progress");
  // the progress message is painted before the network is built (which blocks the page)
  requestAnimationFrame(function () { setTimeout(build, 0); });
  // what vis-network is given: the drawing options, and what the served page's curation buttons
  // read of a selected item (kgLabel, kgRows: kg.curate_page); the page keeps names and evidence
  var VIS_NODE = ["id", "label", "x", "y", "shape", "color", "size", "font", "hidden", "kgDegree", "kgKind",
                  "kgLabel", "kgRows"];
  var VIS_EDGE = ["id", "from", "to", "label", "relation", "dashes", "color", "kgCurated", "kgLabel", "kgRows"];
  function visItem(keys) {
    return function (d) {
      var o = {};
      keys.forEach(function (k) { if (d[k] !== undefined) { o[k] = d[k]; } });
      return o;
    };
  }
  var container = document.getElementById("mynetwork");
  // the view vis-network's fit() would choose for `ids`, from their positions and sizes (labels
  // left out: the hubs' enlarged labels must not shrink the view they are enlarged for)
  function viewOf(ids, pos) {
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    ids.forEach(function (id) {
      var p = pos[id], r = nodeById[id].size || 10;
      if (!p) { return; }
      minX = Math.min(minX, p.x - r); maxX = Math.max(maxX, p.x + r);
      minY = Math.min(minY, p.y - r); maxY = Math.max(maxY, p.y + r);
    });
    if (minX === Infinity) { return {position: {x: 0, y: 0}, scale: 1}; }
    var w = container.clientWidth || 1, h = container.clientHeight || 1;
    var scale = Math.min(w / (1.1 * (maxX - minX) || 1), h / (1.1 * (maxY - minY) || 1), 1);
    return {position: {x: (minX + maxX) / 2, y: (minY + maxY) / 2}, scale: Math.max(scale, 1e-4)};
  }
  function shownIds() {
    return network ? network.body.nodeIndices.slice()
                   : nodeData.filter(function (n) { return !n.hidden; }).map(function (n) { return n.id; });
  }
  function positions(ids) {
    if (network) { return network.getPositions(ids); }
    var out = {};
    ids.forEach(function (id) { out[id] = {x: nodeById[id].x, y: nodeById[id].y}; });
    return out;
  }
  function fitTo(ids) {
    var v = viewOf(ids, positions(ids));
    network.moveTo({position: v.position, scale: v.scale, animation: false});
    labelView();
    return v;
  }
  // the hubs' labels stay readable when zoomed out: at least READABLE pixels on screen
  var HUBS = nodeData.filter(function (n) { return !n.hidden && n.kgDegree > 0; })
    .sort(function (a, b) { return b.kgDegree - a.kgDegree || (a.id < b.id ? -1 : 1); })
    .slice(0, HUB_LABELS);
  var READABLE = options.nodes.scaling.label.drawThreshold + 5;
  var isHub = {};
  HUBS.forEach(function (n) { n.kgBaseFont = n.font.size; isHub[n.id] = true; });
  function hubFont(n, scale) { return Math.min(Math.max(n.kgBaseFont, READABLE / Math.max(scale, 1e-3)), 1000); }
  var SHOWN_FROM = options.nodes.scaling.label.drawThreshold - 1;   // vis-network draws a label this big
  var EDGE_FONT = options.edges.font.size;
  var labelled = {}, edgeLabelled = {};     // ids whose vis item has its label (LAZY_LABELS)
  var inVis = {};                           // ids of the nodes vis-network has
  function visNode(n) {                     // the vis item of node data `n`, shown
    var o = visItem(VIS_NODE)(n);
    if (LAZY_LABELS && !isHub[n.id] && !labelled[n.id]) { delete o.label; }
    o.hidden = false;
    return o;
  }
  function viewBox(view) {                  // the canvas area of the view, with a margin
    var w = container.clientWidth || 1, h = container.clientHeight || 1;
    var hw = 0.7 * w / view.scale, hh = 0.7 * h / view.scale;
    return {x0: view.position.x - hw, x1: view.position.x + hw, y0: view.position.y - hh, y1: view.position.y + hh};
  }
  function inside(b, x, y) { return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1; }
  // the labels (and hub label sizes) the view needs, as DataSet updates {nodes: [...], edges: [...]}
  function labelUpdates(view, pos) {
    var nupd = [], eupd = [], scale = view.scale;
    HUBS.forEach(function (n) {
      var size = hubFont(n, scale);
      if (Math.abs(size - n.font.size) > 0.01 * size) {
        n.font = {size: size};
        nupd.push({id: n.id, font: {size: size}});
      }
    });
    if (!LAZY_LABELS) { return {nodes: nupd, edges: eupd}; }
    var box = viewBox(view), edgesToo = EDGE_FONT * scale >= SHOWN_FROM;
    nodeData.forEach(function (n) {
      if (isHub[n.id] || !inVis[n.id]) { return; }
      var p = pos[n.id];
      var want = n.font.size * scale >= SHOWN_FROM && !!p && inside(box, p.x, p.y);
      if (want !== !!labelled[n.id]) {
        labelled[n.id] = want;
        nupd.push({id: n.id, label: want ? n.label : null});
      }
    });
    edgeData.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      var want = edgesToo && !!a && !!b && inside(box, (a.x + b.x) / 2, (a.y + b.y) / 2);
      if (want !== !!edgeLabelled[e.id]) {
        edgeLabelled[e.id] = want;
        eupd.push({id: e.id, label: want ? e.label : null});
      }
    });
    return {nodes: nupd, edges: eupd};
  }
  var network = null, nodes = null, edges = null;
  function requestRedraw() { network.body.emitter.emit("_requestRedraw"); }
  var dimmed = null;                 // {nodes: {id: true}, edges: {id: true}} drawn undimmed, or null
  var DIM_LAYER = "rgba(255,255,255,0.85)";
  // vis-network draws every edge and arrow head at every redraw, in view or not, and arrow heads
  // even when they are smaller than a pixel: its renderer is given only the edges near the view,
  // and no arrow heads while they would be under ARROW_PX pixels long on screen
  var ARROW_PX = 1.5, ARROW_LEN = 12;          // an arrow head's length at zoom 1 (canvas pixels)
  function cullEdges(net) {
    var renderer = net.renderer, body = net.body;
    var drawEdges = renderer._drawEdges, drawArrows = renderer._drawArrows;
    if (typeof drawEdges !== "function" || typeof drawArrows !== "function") { return; }
    function near() {
      var w = container.clientWidth, h = container.clientHeight, m = 250 / net.getScale();
      var a = net.DOMtoCanvas({x: 0, y: 0}), b = net.DOMtoCanvas({x: w, y: h});
      var x0 = a.x - m, x1 = b.x + m, y0 = a.y - m, y1 = b.y + m;
      return body.edgeIndices.filter(function (id) {
        var e = body.edges[id], f = e.from, t = e.to;
        if (!f || !t) { return true; }
        return Math.max(f.x, t.x) >= x0 && Math.min(f.x, t.x) <= x1 &&
               Math.max(f.y, t.y) >= y0 && Math.min(f.y, t.y) <= y1;
      });
    }
    function only(fn) {
      return function (ctx) {
        var all = body.edgeIndices;
        body.edgeIndices = near();
        try { return fn.call(renderer, ctx); } finally { body.edgeIndices = all; }
      };
    }
    renderer._drawEdges = only(drawEdges);
    var arrows = only(drawArrows);
    renderer._drawArrows = function (ctx) {
      if (ARROW_LEN * net.getScale() >= ARROW_PX) { return arrows(ctx); }
    };
  }
  // the labels follow the view; returns whether they changed (a DataSet update redraws at once)
  function labelView() {
    var u = labelUpdates({position: network.getViewPosition(), scale: network.getScale()},
                         LAZY_LABELS ? network.getPositions() : {});
    if (!u.nodes.length && !u.edges.length) { return false; }
    batch(function () {
      if (u.nodes.length) { nodes.update(u.nodes); }
      if (u.edges.length) { edges.update(u.edges); }
    });
    return true;
  }
  // DataSet updates redraw the network at once, each of them: `fn`'s updates are drawn in one
  // redraw, at the next frame
  function batch(fn) {
    network.body.emitter.emit("_blockRedraw");
    try { fn(); } finally {
      network.body.emitter.emit("_allowRedraw");
      network.body.emitter.emit("_requestRedraw");
    }
  }
  window.kgLabelView = function () { return labelView(); };
  function build() {
  performance.mark("kg-build");
  // the opening view is known before the network exists: the hubs get their readable label size
  // in the data, so the first draw is the only one
  var opening = viewOf(shownIds(), positions(shownIds()));
  times.fitScale = opening.scale;
  // vis-network is given the nodes shown (a hidden isolated entity is added when it is first shown:
  // most entities of a news corpus are isolated, and each node costs vis-network time to build)
  nodeData.forEach(function (n) { if (!n.hidden) { inVis[n.id] = true; } });
  labelUpdates(opening, positions(nodeData.map(function (n) { return n.id; })));   // hub sizes, lazy labels
  var nodeItems = nodeData.filter(function (n) { return inVis[n.id]; }).map(visNode);
  var edgeItems = edgeData.map(visItem(VIS_EDGE));
  if (LAZY_LABELS) { edgeItems.forEach(function (e) { if (!edgeLabelled[e.id]) { delete e.label; } }); }
  nodes = new vis.DataSet(nodeItems);
  edges = new vis.DataSet(edgeItems);
  network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.kgNetwork = network;
  performance.mark("kg-network");
  times.network = performance.now();
  network.moveTo({position: opening.position, scale: opening.scale, animation: false});
  cullEdges(network);
  network.on("zoom", labelView);
  network.on("dragEnd", function (p) { if (!p.nodes.length) { labelView(); } });
  network.on("afterDrawing", function (ctx) {
    if (dimmed) { drawDimmed(ctx); }
    if (!document.body.dataset.drawn) {
      times.drawn = times.stable = performance.now();
      performance.mark("kg-drawn");
      document.body.dataset.drawn = "1";
      document.body.dataset.stabilized = "1";      // positions are precomputed: nothing moves
      progress.hidden = true;
    }
  });
  if (nodeData.length === 0) { network.redraw(); }

  // ---- the tooltip: what is under the pointer once it rests for TOOLTIP_DELAY ms (vis-network's
  // own hover is off: it redraws the whole network for every node the pointer crosses), built the
  // first time it is shown: the rows of an entity, the evidence of a fact
  var tooltip = document.getElementById("kg-tooltip");
  var TOOLTIP_DELAY = {{ kg_tooltip_delay }}, tipTimer = null, tipFor = null;
  function hideTip() {
    clearTimeout(tipTimer);
    tipTimer = null;
    if (tipFor) { tipFor = null; tooltip.hidden = true; delete tooltip.dataset.for; }
  }
  function itemAt(p) {
    var id = network.getNodeAt(p);
    if (id !== undefined) { return "node:" + id; }
    id = network.getEdgeAt(p);
    return id !== undefined ? "edge:" + id : null;
  }
  function showTip(what, p, since) {
    var cut = what.indexOf(":");
    tooltip.replaceChildren(tipOf(what.slice(0, cut), what.slice(cut + 1)));
    tooltip.hidden = false;
    tipFor = tooltip.dataset.for = what;
    var w = container.clientWidth, h = container.clientHeight;
    var x = p.x + 12, y = p.y + 12;
    if (x + tooltip.offsetWidth > w) { x = Math.max(0, p.x - 12 - tooltip.offsetWidth); }
    if (y + tooltip.offsetHeight > h) { y = Math.max(0, p.y - 12 - tooltip.offsetHeight); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
    latency("hover", since);
  }
  container.addEventListener("pointermove", function (ev) {
    clearTimeout(tipTimer);
    if (ev.buttons) { hideTip(); return; }            // dragging
    var r = container.getBoundingClientRect();
    var p = {x: ev.clientX - r.left, y: ev.clientY - r.top}, since = ev.timeStamp;
    if (tipFor && itemAt(p) !== tipFor) { hideTip(); }
    tipTimer = setTimeout(function () {
      var what = itemAt(p);
      if (what && what !== tipFor) { showTip(what, p, since); }
    }, TOOLTIP_DELAY);
  });
  container.addEventListener("pointerleave", hideTip);
  ["dragStart", "zoom", "click"].forEach(function (ev) { network.on(ev, hideTip); });

  // ---- fact panel: what a click on a node or an edge shows
  var panel = document.getElementById("kg-panel");
  function hidePanel() {
    panel.hidden = true; panel.replaceChildren(); delete panel.dataset.node;
    if (typeof undim === "function") { undim(); }
  }
  function nodeLink(id) {
    var n = nodeById[id];
    var a = clip("span", "kg-link", n ? n.kgLabel + (n.kgContext ? " (" + n.kgContext + ")" : "") : id,
                 PANEL_CHARS, false);
    a.setAttribute("role", "link");
    a.tabIndex = 0;
    a.addEventListener("click", function () { focusNode(id); });
    return a;
  }
  function addFact(ul, e) {
    var li = el("li", "kg-fact");
    li.dataset.edge = e.id;
    var head = el("div", "kg-fact-head");
    head.appendChild(nodeLink(e.from));
    head.appendChild(clip("span", "kg-rel", " \u2014" + e.kgLabel + "\u2192 ", PANEL_CHARS, false));
    head.appendChild(nodeLink(e.to));
    li.appendChild(head);
    addEvidence(li, e.kgEvidence || [], PANEL_EVIDENCE, PANEL_CHARS, true);
    ul.appendChild(li);
  }
  function openPanel(heading, sub) {
    panel.replaceChildren();
    var close = el("button", "kg-close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "\u5173\u95ed close");
    close.title = "\u5173\u95ed close";
    close.addEventListener("click", hidePanel);
    panel.appendChild(close);
    panel.appendChild(clip("h2", null, heading, PANEL_CHARS, true));
    if (sub) { panel.appendChild(el("div", "kg-meta", sub)); }
    panel.hidden = false;
  }
  function showNode(id) {
    var n = nodeById[id];
    if (!n) { return; }
    openPanel(n.kgLabel, (n.kgClass === n.kgKind ? word("kinds", n.kgKind)
                                                 : n.kgClass + " (" + word("kinds", n.kgKind) + ")")
                         + (n.kgContext ? " \u00b7 " + n.kgContext : ""));
    if (n.kgContext) {       // a namesake: the organisation tells them apart
      var ctx = el("div", "kg-context", "\u540c\u540d\u4eba\u7269 namesake \u00b7 " + n.kgContext);
      panel.insertBefore(ctx, panel.querySelector("h2").nextSibling);
    }
    panel.dataset.node = id;
    addRows(panel, n.kgRows.filter(function (r) { return r[0] !== "class" && r[0] !== "label"; }),
            PANEL_CHARS, true);
    var facts = edgesOf[id] || [];
    if (facts.length) {
      var bar = el("div", "kg-actions");
      [["kg-expand", "\u5c55\u5f00\u90bb\u5c45 expand", function () { expand(id); }],
       ["kg-collapse", "\u6536\u8d77\u90bb\u5c45 collapse", function () { collapse(id); }],
       ["kg-path-from", "\u8def\u5f84\u8d77\u70b9 path from here", function () { setPathEnd("from", id); }],
       ["kg-path-to", "\u8def\u5f84\u7ec8\u70b9 path to here", function () { setPathEnd("to", id); }]
      ].forEach(function (b) {
        var btn = el("button", b[0], b[1]);
        btn.type = "button";
        btn.addEventListener("click", b[2]);
        bar.appendChild(btn);
      });
      panel.appendChild(bar);
    }
    panel.appendChild(el("h3", null, "\u4e8b\u5b9e Facts (" + facts.length + ")"));
    var ul = el("ul", "kg-facts");
    panel.appendChild(ul);
    // a hub has hundreds of facts: PANEL_FACTS at a time, the next ones a click away
    function next(from) {
      facts.slice(from, from + PANEL_FACTS).forEach(function (e) { addFact(ul, e); });
      if (facts.length > from + PANEL_FACTS) {
        var left = facts.length - from - PANEL_FACTS;
        var btn = el("button", "kg-more-facts", "\u663e\u793a\u5176\u4f59 " + left + " \u6761 \u00b7 show "
                                                + Math.min(left, PANEL_FACTS) + " more of " + left);
        btn.type = "button";
        btn.addEventListener("click", function () { btn.remove(); next(from + PANEL_FACTS); });
        panel.appendChild(btn);
      }
    }
    next(0);
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    openPanel(e.kgLabel, word("relations", e.relation));
    var ul = el("ul", "kg-facts");
    addFact(ul, e);
    panel.appendChild(ul);
  }
  // ---- focus: everything but the node's neighbourhood is dimmed.  No node or edge is updated:
  // after each draw a translucent white layer covers the canvas and the neighbourhood is drawn
  // again on top of it, so dimming costs one redraw whatever the size of the graph.
  function neighbourhood(id) {
    var near = {}, nearEdges = {};
    near[id] = true;
    (edgesOf[id] || []).forEach(function (e) { near[e.from] = true; near[e.to] = true; nearEdges[e.id] = true; });
    return {nodes: near, edges: nearEdges};
  }
  function dim(id, redraw) {
    dimAllBut(neighbourhood(id), redraw);
    document.body.dataset.dimmed = id;
  }
  function dimAllBut(near, redraw) {
    dimmed = near;
    if (redraw !== false) { requestRedraw(); }
  }
  function drawDimmed(ctx) {
    var body = network.body;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = DIM_LAYER;
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    var shownNodes = {}, shownEdges = {};
    body.nodeIndices.forEach(function (id) { shownNodes[id] = true; });
    body.edgeIndices.forEach(function (id) { shownEdges[id] = true; });
    var es = Object.keys(dimmed.edges).filter(function (id) { return shownEdges[id] && body.edges[id].connected; });
    es.forEach(function (id) { body.edges[id].draw(ctx); });
    es.forEach(function (id) { body.edges[id].drawArrows(ctx); });
    var later = [];
    Object.keys(dimmed.nodes).forEach(function (id) {
      if (!shownNodes[id]) { return; }
      var r = body.nodes[id].draw(ctx);
      if (r && r.drawExternalLabel) { later.push(r.drawExternalLabel); }
    });
    later.forEach(function (f) { f(); });
  }
  function undim() {
    if (!dimmed) { return; }
    dimmed = null;
    delete document.body.dataset.dimmed;
    requestRedraw();
  }
  window.kgUndim = undim;
  // what is dimmed: {nodes: [ids], edges: [ids]} (null when nothing is)
  window.kgDimmed = function () {
    if (!dimmed) { return null; }
    return {nodes: nodeData.filter(function (n) { return !dimmed.nodes[n.id]; }).map(function (n) { return n.id; }),
            edges: edgeData.filter(function (e) { return !dimmed.edges[e.id]; }).map(function (e) { return e.id; })};
  };
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); dim(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); undim(); }
    else { hidePanel(); undim(); }
  });

  // ---- expand / collapse a node's neighbours
  function neighbours(id) {
    var out = [];
    (edgesOf[id] || []).forEach(function (e) {
      var o = e.from === id ? e.to : e.from;
      if (o !== id && out.indexOf(o) < 0) { out.push(o); }
    });
    return out;
  }
  function expand(id) {                 // every neighbour shown, whatever the filters
    revealed[id] = true;
    neighbours(id).forEach(function (o) { delete collapsedAway[o]; revealed[o] = true; });
    applyVisibility();
    document.body.dataset.expanded = id;
  }
  function collapse(id) {               // the neighbours with no other shown neighbour are hidden
    neighbours(id).forEach(function (o) {
      var others = neighbours(o).filter(function (x) { return x !== id && shown[x]; });
      if (!others.length) { collapsedAway[o] = true; delete revealed[o]; }
    });
    applyVisibility();
    document.body.dataset.collapsed = id;
  }
  window.kgExpand = expand;
  window.kgCollapse = collapse;

  // ---- the shortest path through facts between two entities (edges followed both ways)
  var pathEnds = {from: null, to: null};
  function shortestPath(a, b) {
    if (!nodeById[a] || !nodeById[b]) { return null; }
    var prev = {}, queue = [a], head = 0;
    prev[a] = a;
    while (head < queue.length) {
      var x = queue[head++];
      if (x === b) { break; }
      var nb = neighbours(x).sort();
      for (var i = 0; i < nb.length; i++) {
        if (!(nb[i] in prev)) { prev[nb[i]] = x; queue.push(nb[i]); }
      }
    }
    if (!(b in prev)) { return null; }
    var path = [b];
    while (path[0] !== a) { path.unshift(prev[path[0]]); }
    return path;
  }
  function showPath(a, b) {
    var path = shortestPath(a, b);
    var status = document.getElementById("kg-path-status");
    if (!path) {
      document.body.dataset.path = "";
      status.textContent = "\u65e0\u8def\u5f84 no path: " + nodeById[a].kgLabel + " \u2194 " + nodeById[b].kgLabel;
      return null;
    }
    path.forEach(function (id) { revealed[id] = true; delete collapsedAway[id]; });
    applyVisibility();
    var on = {}, onEdge = {};
    path.forEach(function (id) { on[id] = true; });
    for (var i = 1; i < path.length; i++) {
      var e = (edgesOf[path[i - 1]] || []).filter(function (e) {
        return (e.from === path[i - 1] && e.to === path[i]) || (e.to === path[i - 1] && e.from === path[i]);
      })[0];
      onEdge[e.id] = e;
    }
    var onIds = {};
    Object.keys(onEdge).forEach(function (k) { onIds[k] = true; });
    dimAllBut({nodes: on, edges: onIds}, false);
    network.selectNodes(path);
    fitTo(path);
    openPanel("\u8def\u5f84 Path (" + (path.length - 1) + ")",
              nodeById[a].kgLabel + " \u2192 " + nodeById[b].kgLabel);
    var ul = el("ul", "kg-facts");
    Object.keys(onEdge).forEach(function (k) { addFact(ul, onEdge[k]); });
    panel.appendChild(ul);
    document.body.dataset.path = path.join(",");
    status.textContent = (path.length - 1) + " \u6b65 steps";
    return path;
  }
  window.kgPath = showPath;
  function setPathEnd(which, id) {
    pathEnds[which] = id;
    document.getElementById("kg-path-" + which + "-name").value = nodeById[id].kgLabel;
    if (pathEnds.from && pathEnds.to) { showPath(pathEnds.from, pathEnds.to); }
  }
  (function () {
    var go = document.getElementById("kg-path-go");
    if (!go) { return; }
    go.addEventListener("click", function () {
      var ends = ["from", "to"].map(function (w) {
        var box = document.getElementById("kg-path-" + w + "-name");
        var hit = lookup(box.value)[0];
        return hit ? hit.id : null;
      });
      if (ends[0] && ends[1]) {
        pathEnds.from = ends[0]; pathEnds.to = ends[1];
        showPath(ends[0], ends[1]);
      } else {
        document.getElementById("kg-path-status").textContent = "\u627e\u4e0d\u5230\u540d\u79f0 name not found";
      }
    });
  })();

  // ---- legend: a click hides / shows one class
  var hiddenKinds = {};
  var legendItems = Array.prototype.slice.call(
    document.querySelectorAll("#kg-legend li[data-kg-class]"));
  var showIsolated = false, revealed = {};
  var shown = {};
  nodeData.forEach(function (n) { shown[n.id] = !n.hidden; });
  // filters: relations switched off, the least degree shown
  var offRelations = {}, minDegree = 0, anyRelationOff = false;
  var edgeShown = {};
  edgeData.forEach(function (e) { edgeShown[e.id] = true; });
  function hasShownFact(n) {
    return (edgesOf[n.id] || []).some(function (e) { return !offRelations[e.relation]; });
  }
  var collapsedAway = {};    // node id -> the nodes whose collapse hid it
  function wanted(n) {
    if (collapsedAway[n.id]) { return false; }
    if (revealed[n.id]) { return true; }
    if (hiddenKinds[n.kgKind]) { return false; }
    if (n.kgIsolated && HIDE_ISOLATED && !showIsolated) { return false; }
    if (n.kgDegree < minDegree) { return false; }
    if (anyRelationOff && !n.kgIsolated && !hasShownFact(n)) { return false; }
    return true;
  }
  function applyVisibility() {
    var upd = [], add = [];
    nodeData.forEach(function (n) {
      var w = wanted(n);
      if (w === shown[n.id]) { return; }
      shown[n.id] = w;
      if (inVis[n.id]) { upd.push({id: n.id, hidden: !w}); }
      else if (w) { inVis[n.id] = true; add.push(visNode(n)); }
    });
    var eupd = [];
    edgeData.forEach(function (e) {
      var w = !offRelations[e.relation];
      if (w !== edgeShown[e.id]) { edgeShown[e.id] = w; eupd.push({id: e.id, hidden: !w}); }
    });
    if (upd.length || add.length || eupd.length) {
      batch(function () {
        if (add.length) { nodes.add(add); }
        if (upd.length) { nodes.update(upd); }
        if (eupd.length) { edges.update(eupd); }
      });
    }
    document.body.dataset.shown = String(network.body.nodeIndices.length);
  }
  Array.prototype.forEach.call(document.querySelectorAll("#kg-filters input[data-relation]"), function (box) {
    box.addEventListener("change", function () {
      offRelations[box.dataset.relation] = !box.checked;
      anyRelationOff = Object.keys(offRelations).some(function (k) { return offRelations[k]; });
      applyVisibility();
    });
  });
  var degreeBox = document.getElementById("kg-min-degree");
  if (degreeBox) {
    degreeBox.addEventListener("input", function () {
      var v = parseInt(degreeBox.value, 10);
      minDegree = isNaN(v) || v < 0 ? 0 : v;
      applyVisibility();
    });
  }
  var isoButton = document.getElementById("kg-isolated");
  if (isoButton) {
    isoButton.addEventListener("click", function () {
      showIsolated = !showIsolated;
      isoButton.setAttribute("aria-pressed", showIsolated ? "true" : "false");
      var c = isoButton.dataset.count;
      isoButton.textContent = showIsolated ? "\u9690\u85cf\u5b64\u7acb\u5b9e\u4f53 hide isolated entities (" + c + ")"
                                          : "\u663e\u793a\u5b64\u7acb\u5b9e\u4f53 show isolated entities (" + c + ")";
      applyVisibility();
      fitTo(shownIds());
    });
  }
  function toggleKind(kind, hide) {
    hiddenKinds[kind] = hide;
    applyVisibility();
    legendItems.forEach(function (li) {
      if (li.dataset.kgClass === kind) {
        li.classList.toggle("kg-off", hide);
        li.setAttribute("aria-pressed", hide ? "false" : "true");
      }
    });
  }
  legendItems.forEach(function (li) {
    if (li.classList.contains("kg-empty")) { return; }
    li.setAttribute("role", "button");
    li.setAttribute("aria-pressed", "true");
    li.tabIndex = 0;
    var kind = li.dataset.kgClass;
    li.addEventListener("click", function () { toggleKind(kind, !hiddenKinds[kind]); });
    li.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggleKind(kind, !hiddenKinds[kind]); }
    });
  });

  // ---- search over every name and alias
  var search = document.getElementById("kg-search");
  var hits = document.getElementById("kg-hits");
  function lookup(text) {
    var q = fold(text);
    var ranked = [[], [], []];
    if (!q) { return []; }
    index.forEach(function (it) {
      var best = 3, alias = null;
      it.names.forEach(function (nm, i) {
        var r = nm === q ? 0 : (nm.indexOf(q) === 0 ? 1 : (nm.indexOf(q) > 0 ? 2 : 3));
        if (r < best) { best = r; alias = i > 0 ? nodeById[it.id].kgNames[i] : null; }
      });
      if (best < 3) { ranked[best].push({id: it.id, alias: alias}); }
    });
    return ranked[0].concat(ranked[1], ranked[2]).slice(0, 20);
  }
  function renderHits() {
    hits.replaceChildren();
    if (!fold(search.value)) { hits.hidden = true; return; }
    var list = lookup(search.value);
    if (!list.length) { hits.appendChild(el("li", "kg-none", "\u65e0\u7ed3\u679c \u00b7 no match")); }
    list.forEach(function (h, i) {
      var li = el("li", i === 0 ? "kg-active" : null);
      li.dataset.id = h.id;
      li.appendChild(clip("span", "kg-hit-label", nodeById[h.id].kgLabel, 80, false));
      if (h.alias) { li.appendChild(el("span", "kg-meta", " (" + h.alias + ")")); }
      if (nodeById[h.id].kgContext) { li.appendChild(el("span", "kg-meta", " \u00b7 " + nodeById[h.id].kgContext)); }
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); focusNode(h.id); });
      hits.appendChild(li);
    });
    hits.hidden = false;
  }
  function focusNode(id) {
    var n = nodeById[id];
    if (!n) { return; }
    if (hiddenKinds[n.kgKind]) { toggleKind(n.kgKind, false); }
    if (!shown[id]) { revealed[id] = true; applyVisibility(); }
    dim(id, false);
    network.selectNodes([id]);
    network.moveTo({position: network.getPositions([id])[id], scale: Math.max(1.2, network.getScale()),
                    animation: false});
    if (!labelView()) { requestRedraw(); }
    showNode(id);
    hits.hidden = true;
    document.body.dataset.focused = id;
  }
  window.kgFocus = focusNode;
  search.addEventListener("input", function (ev) {
    renderHits();
    if (hits.querySelector("li[data-id]")) { latency("search", ev.timeStamp); }
  });
  search.addEventListener("focus", renderHits);
  search.addEventListener("blur", function () { hits.hidden = true; });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var list = lookup(search.value);
      if (list.length) { focusNode(list[0].id); latency("focus", ev.timeStamp); }
    } else if (ev.key === "Escape") {
      hits.hidden = true;
    }
  });
  {%- if kg_focus %}
  network.once("afterDrawing", function () {
    network.selectNodes({{ kg_focus|tojson }});
  });
  {%- endif %}
  }   // build
})();
</script>
</body>
</html>
"""
