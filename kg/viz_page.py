"""The HTML page template of kg.viz (Jinja2, rendered through pyvis's generate_html).

Placeholders: heading, nodes, edges (pyvis's) and kg_* globals set by
``kg.viz.render_html``.  The script builds every tooltip, search hit and fact
panel entry with textContent / createTextNode: data never goes through
innerHTML.  Page hooks for tests and benchmarks: ``window.kgNetwork``,
``window.kgFocus(id)``, ``window.kgTimes`` ({script, drawn, stable} in ms
from navigation start), ``body.dataset.drawn`` / ``stabilized`` / ``focused``.
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
  header h1, header p, #kg-panel, div.vis-tooltip, #kg-hits { overflow-wrap: anywhere; word-break: break-word; }
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
  div.vis-tooltip { font-family: {{ kg_font }}; font-size: 13px; white-space: normal;
    max-width: 440px; line-height: 1.45; padding: 6px 8px; }
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
</div>
<script>
(function () {
  "use strict";
  // Data is untrusted text: every piece reaches the DOM through textContent.
  var times = window.kgTimes = {script: performance.now()};
  var nodeData = {{ nodes|tojson }};
  var edgeData = {{ edges|tojson }};
  var options = {{ kg_options }};
  var MAX_TIP_EVIDENCE = {{ kg_max_evidence }};
  var TIP_CHARS = {{ kg_tip_chars }}, PANEL_CHARS = {{ kg_panel_chars }};
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
      parent.appendChild(el("div", "kg-meta", "\u2026 \u53e6\u6709 " + (ev.length - limit) + " \u6761 \u00b7 "
                                              + (ev.length - limit) + " more"));
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
  nodeData.forEach(function (n) { nodeById[n.id] = n; n.title = tip(n.kgRows, null); });
  edgeData.forEach(function (e) {
    edgeById[e.id] = e;
    e.title = tip(e.kgRows, e.kgEvidence);
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e);
    if (e.to !== e.from) { (edgesOf[e.to] = edgesOf[e.to] || []).push(e); }
  });

  var HUB_LABELS = {{ kg_hub_labels }};
  var HIDE_ISOLATED = {{ "true" if kg_isolated else "false" }};
  var progress = document.getElementById("kg-progress");
  // the progress message is painted before the network is built (which blocks the page)
  requestAnimationFrame(function () { setTimeout(build, 0); });
  function build() {
  var nodes = new vis.DataSet(nodeData);
  var edges = new vis.DataSet(edgeData);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.kgNetwork = network;
  // the opening view: fitted to what is shown, the hubs' labels readable at that zoom
  var dimmed = null;
  var DIM_NODE = 0.12, DIM_EDGE = 0.06, DIM_FONT = "rgba(34,34,34,0.15)";
  var hubs = nodeData.filter(function (n) { return !n.hidden && n.kgDegree > 0; })
    .sort(function (a, b) { return b.kgDegree - a.kgDegree || (a.id < b.id ? -1 : 1); })
    .slice(0, HUB_LABELS);
  // the hubs' labels stay readable when zoomed out: at least READABLE pixels on screen
  var READABLE = options.nodes.scaling.label.drawThreshold + 5;
  hubs.forEach(function (n) { n.kgBaseFont = n.font.size; });
  function hubLabels() {
    var scale = network.getScale();
    var upd = [];
    hubs.forEach(function (n) {
      var size = Math.min(Math.max(n.kgBaseFont, READABLE / Math.max(scale, 1e-3)), 1000);
      if (Math.abs(size - n.font.size) > 0.01 * size) {
        n.font = {size: size};
        upd.push({id: n.id, font: dimmed && dimmed[n.id] ? fontOf(n, DIM_FONT) : {size: size}});
      }
    });
    if (upd.length) { nodes.update(upd); }
  }
  network.on("zoom", hubLabels);
  function openingView() {
    network.fit({animation: false});
    times.fitScale = network.getScale();
    hubLabels();
  }
  function settled() {
    if (document.body.dataset.stabilized) { return; }
    network.setOptions({physics: {enabled: false}});
    times.stable = performance.now();
    document.body.dataset.stabilized = "1";
  }
  network.on("afterDrawing", function () {
    if (!document.body.dataset.drawn) {
      times.drawn = performance.now();
      document.body.dataset.drawn = "1";
      progress.hidden = true;
      settled();
    }
  });
  openingView();
  if (nodeData.length === 0) { network.redraw(); }

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
    addEvidence(li, e.kgEvidence || [], 0, PANEL_CHARS, true);
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
    facts.forEach(function (e) { addFact(ul, e); });
    panel.appendChild(ul);
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    openPanel(e.kgLabel, word("relations", e.relation));
    var ul = el("ul", "kg-facts");
    addFact(ul, e);
    panel.appendChild(ul);
  }
  // ---- focus: everything but the node's neighbourhood is dimmed
  function fontOf(n, color) { return {size: n.font.size, color: color}; }
  function dim(id) {
    var near = {}, nearEdges = {};
    near[id] = true;
    (edgesOf[id] || []).forEach(function (e) { near[e.from] = true; near[e.to] = true; nearEdges[e.id] = e; });
    dimAllBut(near, nearEdges);
    document.body.dataset.dimmed = id;
  }
  function dimAllBut(near, nearEdges) {
    var upd = [];
    nodeData.forEach(function (n) {
      var d = !near[n.id];
      if (d || (dimmed && dimmed[n.id])) {
        upd.push({id: n.id, opacity: d ? DIM_NODE : 1, font: fontOf(n, d ? DIM_FONT : "#222222")});
      }
    });
    nodes.update(upd);
    var eupd = [];
    edgeData.forEach(function (e) {
      var d = !nearEdges[e.id];
      eupd.push({id: e.id, color: {opacity: d ? DIM_EDGE : 1},
                 font: {color: d ? "rgba(85,85,85,0.1)" : "#555555"}});
    });
    edges.update(eupd);
    dimmed = {};
    nodeData.forEach(function (n) { if (!near[n.id]) { dimmed[n.id] = true; } });
  }
  function undim() {
    if (!dimmed) { return; }
    nodes.update(Object.keys(dimmed).map(function (k) {
      return {id: k, opacity: 1, font: fontOf(nodeById[k], "#222222")};
    }));
    edges.update(edgeData.map(function (e) {
      return {id: e.id, color: {opacity: 1}, font: {color: "#555555"}};
    }));
    dimmed = null;
    delete document.body.dataset.dimmed;
  }
  window.kgUndim = undim;
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
    dimAllBut(on, onEdge);
    network.selectNodes(path);
    network.fit({nodes: path, animation: false});
    hubLabels();
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
    var upd = [];
    nodeData.forEach(function (n) {
      var w = wanted(n);
      if (w !== shown[n.id]) { shown[n.id] = w; upd.push({id: n.id, hidden: !w}); }
    });
    if (upd.length) { nodes.update(upd); }
    var eupd = [];
    edgeData.forEach(function (e) {
      var w = !offRelations[e.relation];
      if (w !== edgeShown[e.id]) { edgeShown[e.id] = w; eupd.push({id: e.id, hidden: !w}); }
    });
    if (eupd.length) { edges.update(eupd); }
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
      network.fit({animation: false});
      hubLabels();
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
  function fold(s) { return String(s).normalize("NFKC").trim().toLowerCase(); }
  var index = nodeData.map(function (n) { return {id: n.id, names: n.kgNames.map(fold)}; });
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
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(1.2, network.getScale()), animation: false});
    hubLabels();
    showNode(id);
    dim(id);
    hits.hidden = true;
    document.body.dataset.focused = id;
  }
  window.kgFocus = focusNode;
  search.addEventListener("input", renderHits);
  search.addEventListener("focus", renderHits);
  search.addEventListener("blur", function () { hits.hidden = true; });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var list = lookup(search.value);
      if (list.length) { focusNode(list[0].id); }
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
