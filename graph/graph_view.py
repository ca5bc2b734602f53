"""The offline HTML view of the network export: one file a person opens in a browser with no
network (vis-network inlined from pyvis's copy), readable at any size.

- a title and a legend of node kinds with their counts and colours;
- aggregated to 类 by default: regions, units and 类 codes; a level menu (类 → 款 → 项 → projects
  → indicators) and a double click on a node drill down, a second double click folds it again;
- filters by region, unit and year, and a search box that selects and focuses matching nodes;
- what is on screen laid out anew (force-directed, then still);
- above 150 nodes on screen, labels of codes, projects and indicators show on hover only;
- a status line: how many nodes and edges are on screen of how many."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import networkx as nx

from crawler.codes import parent_code

KIND_NAMES = {"region": "地区 region", "unit": "单位 unit", "code": "功能分类科目 functional code",
              "project": "项目 project", "indicator": "绩效指标 indicator"}
LEVELS = [("类", "类 (class)"), ("款", "款 (section)"), ("项", "项 (item)"), ("project", "项目 projects"),
          ("indicator", "绩效指标 indicators")]
LABELS_ON_HOVER_ABOVE = 150


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")


def _parent(graph: nx.MultiDiGraph, node: str, data: dict) -> str | None:
    """The node a drill-down opens to show this one (None: shown at the 类 level)."""
    if data["kind"] == "code":
        up = parent_code("functional", data.get("code", ""))
        return f"code:{up}" if up and f"code:{up}" in graph else None
    if data["kind"] in ("project", "indicator"):
        return next((u for u, _ in graph.in_edges(node)), None)
    return None


def _tooltip(data: dict) -> str:
    shown = ("label", "kind", "code", "level", "region", "unitCode", "years", "amount", "projectCode", "category",
             "level1", "level2", "target", "actual")
    return "\n".join(f"{k}: {data[k]}" for k in shown if data.get(k) not in (None, ""))


def view_data(graph: nx.MultiDiGraph) -> dict:
    nodes = []
    for node, d in graph.nodes(data=True):
        level = d.get("level") if d["kind"] == "code" else d["kind"]
        nodes.append({"id": node, "kind": d["kind"], "label": str(d.get("label", node)), "level": level,
                      "parent": _parent(graph, node, d), "region": d.get("region") or (d["label"] if d["kind"] == "region" else None),
                      "unit": d["label"] if d["kind"] == "unit" else None, "x": d.get("x", 0), "y": d.get("y", 0),
                      "size": d.get("size", 10), "color": d.get("colour"), "title": _tooltip(d)})
    edges = [{"from": u, "to": v, "kind": d.get("kind"), "unit": d.get("unit"), "region": d.get("region"),
              "year": d.get("year"), "amount": d.get("amount")} for u, v, d in graph.edges(data=True)]
    return {"nodes": nodes, "edges": edges}


def offline_html(graph: nx.MultiDiGraph, title: str = "budgetkg — 预决算知识图谱") -> str:
    from .export_graph import COLOURS

    data = json.dumps(view_data(graph), ensure_ascii=False).replace("</", "<\\/")
    kinds = json.dumps({k: {"name": KIND_NAMES[k], "colour": c} for k, c in COLOURS.items()}, ensure_ascii=False)
    levels = "".join(f'<option value="{v}">{t}</option>' for v, t in LEVELS)
    return (_TEMPLATE.replace("%TITLE%", title).replace("%LEVELS%", levels).replace("%DATA%", data)
            .replace("%KINDS%", kinds).replace("%HOVER_ABOVE%", str(LABELS_ON_HOVER_ABOVE))
            .replace("%VIS%", _vis_network_js()))


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>%TITLE%</title>
<style>
 body { margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #222; }
 header { padding: 8px 14px; border-bottom: 1px solid #ddd; background: #fafafa; }
 h1 { font-size: 20px; margin: 0 0 6px 0; }
 #controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; font-size: 14px; }
 #controls select, #controls input { font-size: 14px; padding: 2px 4px; }
 #status { font-size: 14px; margin-top: 6px; color: #444; }
 #main { position: relative; height: calc(100vh - 110px); }
 #network { position: absolute; inset: 0; }
 #legend { position: absolute; top: 10px; right: 10px; background: rgba(255,255,255,0.94); border: 1px solid #ccc;
           padding: 8px 12px; font-size: 14px; line-height: 24px; z-index: 5; }
 #legend h2 { font-size: 15px; margin: 0 0 4px 0; }
 .swatch { display: inline-block; width: 18px; height: 18px; border-radius: 9px; vertical-align: middle; margin-right: 6px; }
 div.vis-tooltip { white-space: pre; font-size: 13px; }
</style></head>
<body>
<header>
 <h1 id="title">%TITLE%</h1>
 <div id="controls">
  <label>显示到 level <select id="level">%LEVELS%</select></label>
  <label>地区 region <select id="region"><option value="">全部 all</option></select></label>
  <label>单位 unit <select id="unit"><option value="">全部 all</option></select></label>
  <label>年度 year <select id="year"><option value="">全部 all</option></select></label>
  <label>搜索 search <input id="search" type="search" placeholder="名称或科目编码 name or code"></label>
  <span>双击节点展开/收起 double-click a node to drill down</span>
 </div>
 <div id="status"></div>
</header>
<div id="main"><div id="network"></div><div id="legend"><h2>图例 legend</h2></div></div>
<script>%VIS%</script>
<script>
const DATA = %DATA%;
const KINDS = %KINDS%;
const ORDER = ["类", "款", "项", "project", "indicator"];
const byId = new Map(DATA.nodes.map(n => [n.id, n]));
const expanded = new Set();
const nodes = new vis.DataSet(), edges = new vis.DataSet();
const network = new vis.Network(document.getElementById("network"), {nodes, edges}, {
  physics: {enabled: true, solver: "forceAtlas2Based", forceAtlas2Based: {gravitationalConstant: -80, springLength: 90},
            stabilization: {enabled: true, iterations: 250, fit: true}},
  interaction: {hover: true, tooltipDelay: 80},
  nodes: {shape: "dot", font: {size: 14}}, edges: {arrows: {to: {enabled: true, scaleFactor: 0.4}}, color: {color: "#bbb"}}});

function fill(select, values) {
  for (const v of [...values].filter(v => v != null && v !== "").sort()) {
    const o = document.createElement("option"); o.value = o.textContent = v; select.appendChild(o);
  }
}
fill(document.getElementById("region"), new Set(DATA.nodes.filter(n => n.kind === "region").map(n => n.label)));
fill(document.getElementById("unit"), new Set(DATA.nodes.filter(n => n.kind === "unit").map(n => n.label)));
fill(document.getElementById("year"), new Set(DATA.edges.map(e => e.year).filter(y => y)));

const legend = document.getElementById("legend");
for (const [kind, k] of Object.entries(KINDS)) {
  const count = DATA.nodes.filter(n => n.kind === kind).length;
  const row = document.createElement("div"); row.className = "legend-row"; row.dataset.kind = kind;
  row.innerHTML = `<span class="swatch" style="background:${k.colour}"></span>${k.name} (${count})`;
  legend.appendChild(row);
}

function shownByLevel(n, depth) {
  if (n.kind === "region" || n.kind === "unit") return true;
  if (n.kind === "code" && n.parent === null) return true;  // a document listing 款 without their 类: its top rows
  if (ORDER.indexOf(n.level) <= depth) return true;
  return n.parent !== null && expanded.has(n.parent) && shownByLevel(byId.get(n.parent), depth);
}

function render() {
  const depth = ORDER.indexOf(document.getElementById("level").value);
  const region = document.getElementById("region").value, unit = document.getElementById("unit").value;
  const year = document.getElementById("year").value;
  const filtered = region || unit || year;
  const visible = new Set(DATA.nodes.filter(n => shownByLevel(n, depth)).map(n => n.id));
  const keptEdges = DATA.edges.filter(e => visible.has(e.from) && visible.has(e.to)
      && (!region || e.region === region) && (!unit || e.unit === unit) && (!year || String(e.year) === year));
  let shown = visible;
  if (filtered) {
    shown = new Set();
    for (const e of keptEdges) { shown.add(e.from); shown.add(e.to); }
  }
  const large = shown.size > %HOVER_ABOVE%;
  nodes.clear(); edges.clear();
  nodes.add(DATA.nodes.filter(n => shown.has(n.id)).map(n => ({
    id: n.id, x: n.x, y: n.y, size: n.size, color: n.color, title: n.title,
    label: (!large || n.kind === "region" || n.kind === "unit") ? (n.label.length > 18 ? n.label.slice(0, 17) + "…" : n.label) : undefined,
    borderWidth: expanded.has(n.id) ? 3 : 1})));
  edges.add(keptEdges.filter(e => shown.has(e.from) && shown.has(e.to)).map((e, i) => ({
    id: i, from: e.from, to: e.to, width: 1 + Math.min(6, Math.pow(e.amount || 0, 0.25)),
    title: `${e.kind} ${e.year || ""} ${e.amount != null ? e.amount + " 万元" : ""}`})));
  document.getElementById("status").textContent =
    `显示 ${shown.size} / ${DATA.nodes.length} 个节点, ${edges.length} 条边 · showing ${shown.size} of ${DATA.nodes.length} nodes, ${edges.length} edges`
    + (large ? " · 标签悬停显示 labels on hover" : "");
  document.getElementById("status").dataset.shown = shown.size;
  network.setOptions({physics: {enabled: true}});
  network.stabilize(250);
}

network.on("doubleClick", params => {
  for (const id of params.nodes) { expanded.has(id) ? expanded.delete(id) : expanded.add(id); }
  render();
});
for (const id of ["level", "region", "unit", "year"]) document.getElementById(id).addEventListener("change", render);
document.getElementById("search").addEventListener("input", ev => {
  const text = ev.target.value.trim();
  if (!text) { network.unselectAll(); return; }
  const hits = DATA.nodes.filter(n => n.label.includes(text) || n.id.includes(text));
  for (const n of hits) { let p = n.parent; while (p) { expanded.add(p); p = byId.get(p).parent; } }
  render();
  const ids = hits.map(n => n.id).filter(id => nodes.get(id));
  network.selectNodes(ids);
  if (ids.length) network.focus(ids[0], {scale: 1.2, animation: false});
});
// lay out what is on screen (the export's positions are those of the whole graph), then hold still
network.on("stabilizationIterationsDone", () => { network.setOptions({physics: {enabled: false}}); network.fit(); });
render();
</script>
</body></html>
"""
