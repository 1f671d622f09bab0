"""The reject / merge buttons ``kg serve --allow-curation`` adds to the graph page (/graph).

The page ``kg viz`` writes stays read-only: the buttons are put in by the server, which alone
has somewhere to send them (``POST /curate``, kg.server). They read the selected edge or node
of the drawn network (``window.kgNetwork``) and show the server's answer; every text reaches
the page through ``textContent``.
"""
from __future__ import annotations

BUTTONS = """
<div id="kg-curate" style="position:absolute;bottom:12px;left:12px;z-index:6;background:rgba(255,255,255,.95);
 border:1px solid #ccc;border-radius:6px;padding:6px 8px;font:13px sans-serif;max-width:520px">
 <b>校正 Curation</b>
 <button type="button" id="kg-curate-reject">拒绝所选关系 reject selected fact</button>
 <button type="button" id="kg-curate-merge">合并所选实体到… merge selected entity into…</button>
 <div id="kg-curate-status" role="status" style="color:#555;margin-top:4px">
  选中一条边或一个节点；决定写入校正文件，下次 kg build 生效 ·
  select an edge or a node; decisions go to the curation file, applied by the next kg build</div>
</div>
<script>
(function () {
  var status = document.getElementById("kg-curate-status");
  function say(text) { status.textContent = text; }
  function rows(item) {
    var out = {};
    (item.kgRows || []).forEach(function (r) { out[r[0]] = r[1]; });
    return out;
  }
  function post(fields) {
    var body = new URLSearchParams(fields).toString();
    fetch("/curate", {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: body})
      .then(function (r) { return r.text().then(function (t) { return [r.ok, t]; }); })
      .then(function (res) {
        if (res[0]) { var d = JSON.parse(res[1]); say("已记录 recorded: " + d.decision + " (line " + d.line + ")"); }
        else { say("未记录 refused: " + res[1]); }
      })
      .catch(function (err) { say("未记录 refused: " + err); });
  }
  document.getElementById("kg-curate-reject").addEventListener("click", function () {
    var net = window.kgNetwork;
    var ids = net ? net.getSelectedEdges() : [];
    if (!ids.length) { say("先选中一条边 select an edge first"); return; }
    var e = net.body.data.edges.get(ids[0]);
    var r = rows(e);
    var note = window.prompt("拒绝 reject: " + r.from + " " + e.relation + " " + r.to + "\\n说明 note:", "");
    if (note === null) { return; }
    post({action: "reject", subject: r.from, relation: e.relation, object: r.to, note: note});
  });
  document.getElementById("kg-curate-merge").addEventListener("click", function () {
    var net = window.kgNetwork;
    var ids = net ? net.getSelectedNodes() : [];
    if (!ids.length) { say("先选中一个节点 select a node first"); return; }
    var n = net.body.data.nodes.get(ids[0]);
    var into = window.prompt("把 " + n.kgLabel + " 合并到 merge into (name):", "");
    if (!into) { return; }
    post({action: "merge", entity: n.kgLabel, into: into, note: ""});
  });
})();
</script>
"""


def with_buttons(page: bytes) -> bytes:
    """The graph page with the curation buttons before ``</body>``."""
    text = page.decode("utf-8")
    at = text.rfind("</body>")
    if at < 0:
        return page
    return (text[:at] + BUTTONS + text[at:]).encode("utf-8")
