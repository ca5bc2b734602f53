"""Graph export for visualization: a networkx projection of the knowledge graph, written as
GraphML, GEXF (Gephi), node-link JSON, Cytoscape JSON or an offline HTML view.

The projection comes from the analysts' named queries (units, functional_expenditure,
projects, kpis), not from every triple: literal values are attributes, never nodes (a shared
``≥95%`` must not become a hub), and rdf:type / qb:dataSet / skos:inScheme hubs stay out.

Nodes: regions, units, classification codes (labels from the code lists' skos:prefLabel),
projects, indicators. Edges carry amounts (万元): region → unit, unit → 类 → 款 → 项 (one edge
per unit, year and phase: a multigraph), unit → project → indicator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import networkx as nx

from crawler.codes import LEVELS, parent_code

from .mapping import DEPARTMENT_WIDE
from .query import internal_query, query_text, rows_of
from .store import GraphStore

GRAPH_EXPORT_FORMATS = ("graphml", "gexf", "json", "cytoscape", "html")
COLOURS = {"region": "#8c564b", "unit": "#1f77b4", "code": "#2ca02c", "project": "#ff7f0e", "indicator": "#9467bd"}
BASE_SIZE = {"region": 30, "unit": 24, "code": 18, "project": 14, "indicator": 6}



@dataclass(frozen=True)
class GraphFilter:
    region: str | None = None  # name (温县) or 行政区划代码
    unit: str | None = None  # unit code or name
    year: int | None = None
    phase: str | None = None  # budget | final
    code_prefix: str | None = None  # narrows the classification part (e.g. 210)

    def keeps_unit(self, unit: dict) -> bool:
        if self.region and self.region not in (unit["region"], unit["regionCode"]):
            return False
        return not self.unit or self.unit in (unit["unitCode"], unit["unitName"])

    def keeps_document(self, row: dict) -> bool:
        return (self.year is None or row.get("year") == self.year) and (not self.phase or row.get("phase") == self.phase)


def _number(value) -> float | None:
    return float(value) if isinstance(value, Decimal) else value


def _clean(attrs: dict) -> dict:
    """GraphML and GEXF take str/int/float only: no None, no Decimal."""
    return {k: _number(v) for k, v in attrs.items() if v is not None}


def build_network(store: GraphStore, filters: GraphFilter = GraphFilter()) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(name="budgetkg")
    units = {r["doc"]: r for r in rows_of(store.select(query_text("units"))) if filters.keeps_unit(r)}
    # the documents kept: of a kept unit, of the year and phase asked for
    totals = {r["doc"]: r for r in rows_of(store.select(query_text("totals"))) if r["doc"] in units and filters.keeps_document(r)}
    kept = set(totals)
    code_labels = {r["code"]: r["label"] for r in rows_of(store.select(internal_query("functional_code_labels")))}

    def add_node(node: str, **attrs) -> str:
        if node not in graph:
            graph.add_node(node, **_clean(attrs))
        return node

    counted: set[str] = set()

    def unit_node(doc: str) -> str:
        """The unit (and its region), carrying the expenditure totals of its documents kept."""
        u = units[doc]
        node = add_node(f"unit:{u['regionCode'] or u['region']}/{u['unitCode'] or u['unitName']}", kind="unit",
                        label=u["unitName"], unitCode=u["unitCode"], region=u["region"], amount=0.0)
        region = None
        if u["region"]:
            region = add_node(f"region:{u['regionCode'] or u['region']}", kind="region", label=u["region"],
                              regionCode=u["regionCode"], province=u["province"], city=u["city"], amount=0.0)
            if not graph.has_edge(region, node):
                graph.add_edge(region, node, kind="has_unit", unit=u["unitName"], region=u["region"])
        if doc not in counted:
            counted.add(doc)
            amount = float(totals[doc]["expenditureTotal"] or 0)
            graph.nodes[node]["amount"] += amount
            if region:
                graph.nodes[region]["amount"] += amount
            graph.nodes[node]["years"] = " ".join(sorted({*graph.nodes[node].get("years", "").split(), str(totals[doc]["year"])}))
        return node

    functional = [r for r in rows_of(store.select(query_text("functional_expenditure")))
                  if r["doc"] in kept and (not filters.code_prefix or r["code"].startswith(filters.code_prefix))]
    listed = {(r["doc"], r["code"]) for r in functional}
    for row in functional:
        unit = unit_node(row["doc"])
        code = row["code"]
        node = add_node(f"code:{code}", kind="code", code=code, level=LEVELS.get(len(code)),
                        label=f"{code} {code_labels.get(code) or row['label']}")
        parent = parent_code("functional", code)
        source = f"code:{parent}" if parent and (row["doc"], parent) in listed else unit
        graph.add_edge(source, node, kind="expenditure", unit=units[row["doc"]]["unitName"], region=units[row["doc"]]["region"],
                       year=row["year"], phase=row["phase"], doc=row["doc"],
                       **_clean({"amount": row["total"], "basic": row["basic"], "project": row["project"]}))

    projects: dict[tuple[str, str], str] = {}
    for row in rows_of(store.select(query_text("projects"))):
        if row["doc"] not in kept:
            continue
        unit = unit_node(row["doc"])
        node = add_node(f"project:{row['doc']}/{row['projectCode'] or row['projectName']}", kind="project",
                        label=row["projectName"], projectCode=row["projectCode"], category=row["category"],
                        year=row["year"], phase=row["phase"], amount=row["amount"])
        projects[(row["doc"], row["projectName"])] = node
        graph.add_edge(unit, node, kind="project", unit=units[row["doc"]]["unitName"], region=units[row["doc"]]["region"],
                       year=row["year"], phase=row["phase"], doc=row["doc"], **_clean({"amount": row["amount"]}))

    for row in rows_of(store.select(query_text("kpis"))):
        if row["doc"] not in kept:
            continue
        owner = unit_node(row["doc"]) if row["projectName"] == DEPARTMENT_WIDE else projects.get((row["doc"], row["projectName"]))
        if owner is None:  # an indicator table of a project the document does not list with an amount
            owner = add_node(f"project:{row['doc']}/{row['projectName']}", kind="project", label=row["projectName"],
                             year=row["year"])
            graph.add_edge(unit_node(row["doc"]), owner, kind="project", unit=units[row["doc"]]["unitName"],
                           region=units[row["doc"]]["region"], year=row["year"], doc=row["doc"])
            projects[(row["doc"], row["projectName"])] = owner
        node = add_node(f"indicator:{row['doc']}/{row['table']}/{row['row']}/{row['indicator']}", kind="indicator",
                        label=row["indicator"], level1=row["level1"], level2=row["level2"], target=row["target"],
                        operator=row["operator"], targetValue=row["value"], valueUnit=row["valueUnit"], actual=row["actual"])
        # no edge attribute is called target, source, id, value or name: node-link and Cytoscape JSON use those
        graph.add_edge(owner, node, kind="indicator", unit=units[row["doc"]]["unitName"], region=units[row["doc"]]["region"],
                       year=row["year"], **_clean({"targetText": row["target"], "targetValue": row["value"]}))

    _lay_out(graph)
    return graph


def _lay_out(graph: nx.MultiDiGraph) -> None:
    """Amounts, sizes, colours and positions, so Gephi and sigma.js users see a picture at once.
    A node's amount is what it carries: a unit or region its documents' expenditure totals, a
    code the sum of its incoming expenditure edges, a project its own amount; sizes grow with
    the square root of the amount relative to the largest of the same kind."""
    if not graph:
        return
    for node, data in graph.nodes(data=True):
        if data["kind"] == "code":
            data["amount"] = round(sum(float(d.get("amount") or 0) for _, _, d in graph.in_edges(node, data=True)), 2)
        data["amount"] = round(float(data.get("amount") or 0), 2)
    largest = {}
    for _, data in graph.nodes(data=True):
        largest[data["kind"]] = max(largest.get(data["kind"], 0.0), data["amount"])
    for _, data in graph.nodes(data=True):
        share = data["amount"] / largest[data["kind"]] if largest[data["kind"]] else 0.0
        data["size"] = round(BASE_SIZE[data["kind"]] * (0.5 + share ** 0.5), 1)
        data["colour"] = COLOURS[data["kind"]]
    for _, _, data in graph.edges(data=True):
        data["weight"] = float(data.get("amount") or 1.0)  # Gephi's and networkx's edge weight
    positions = nx.spring_layout(nx.Graph(graph.to_undirected()), seed=7, iterations=80)
    for node, (x, y) in positions.items():
        graph.nodes[node]["x"] = round(float(x) * 1000, 1)
        graph.nodes[node]["y"] = round(float(y) * 1000, 1)


def cytoscape_json(graph: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements JSON: ``{"elements": {"nodes": [{"data": {...}, "position": {x, y}}],
    "edges": [{"data": {"id", "source", "target", ...}}]}}`` (networkx's ``value``/``name`` keys
    kept, so ``nx.cytoscape_graph`` reads it back)."""
    data = nx.cytoscape_data(graph)
    for element in data["elements"]["nodes"]:
        element["position"] = {"x": element["data"]["x"], "y": element["data"]["y"]}
    for number, element in enumerate(data["elements"]["edges"]):
        element["data"]["id"] = f"e{number}"
    return data


def write_network(graph: nx.MultiDiGraph, path: str | Path, fmt: str) -> None:
    path = Path(path)
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    elif fmt == "gexf":
        gexf = graph.copy()
        for _, data in gexf.nodes(data=True):
            r, g, b = (int(data["colour"][i:i + 2], 16) for i in (1, 3, 5))
            data["viz"] = {"position": {"x": data["x"], "y": data["y"], "z": 0.0}, "size": data["size"],
                           "color": {"r": r, "g": g, "b": b, "a": 1.0}}
        nx.write_gexf(gexf, path)
    elif fmt == "json":
        path.write_text(json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "cytoscape":
        path.write_text(json.dumps(cytoscape_json(graph), ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "html":
        from .graph_view import offline_html

        path.write_text(offline_html(graph), encoding="utf-8")
    else:
        raise ValueError(f"unknown graph export format {fmt!r}; one of {', '.join(GRAPH_EXPORT_FORMATS)}")
