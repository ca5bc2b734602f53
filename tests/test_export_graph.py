"""Network exports of the seed fixtures' graph, each read back by its reader and checked for
the expected nodes, edges and amounts; the HTML view rendered in headless Chromium."""

import json
import re
import shutil
import subprocess
from decimal import Decimal

import networkx as nx
import pytest

from graph.export_graph import GraphFilter, build_network, write_network
from tests.conftest import expected_facts

WENXIAN = "unit:410825/614"


@pytest.fixture(scope="module")
def network(seed_store):
    return build_network(seed_store)


def _functional_total(seed: str, code: str) -> float:
    (row,) = [r for r in expected_facts(seed)["functional"] if r[0] == code]
    return float(Decimal(row[2]))


def _check(graph: nx.MultiDiGraph) -> None:
    """What every format must carry: labelled nodes, the unit → 类 → 款 → 项 chain with the
    document's amounts, projects and indicators with literal values as attributes."""
    assert graph.nodes[WENXIAN]["label"] == "温县医疗保障局"
    assert graph.nodes["region:410825"]["label"] == "温县"
    assert graph.has_edge("region:410825", WENXIAN)
    assert graph.nodes["code:2101202"]["label"].startswith("2101202 ")
    wenxian_edges = [d for _, _, d in graph.in_edges("code:2101202", data=True) if d["unit"] == "温县医疗保障局"]
    assert [float(d["amount"]) for d in wenxian_edges] == [_functional_total("wenxian-2024-budget", "2101202")]
    (project,) = [n for n, d in graph.nodes(data=True) if d.get("projectCode") == "41082524000000004016"]
    assert graph.has_edge(WENXIAN, project) and float(graph.nodes[project]["amount"]) == 96.0
    indicators = [n for n in graph.successors(project) if graph.nodes[n]["kind"] == "indicator"]
    assert indicators and all(graph.in_degree(n) == 1 for n in indicators)
    # literals are attributes, not nodes: no hub made of a shared target such as ≥95%
    assert not [n for n, d in graph.nodes(data=True) if d.get("label") in ("≥95%", "100%")]
    assert {d["kind"] for _, d in graph.nodes(data=True)} == {"region", "unit", "code", "project", "indicator"}
    assert all("x" in d and "y" in d for _, d in graph.nodes(data=True))


def test_network_projection(network):
    _check(network)
    assert network.number_of_nodes() == 443


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cytoscape"])
def test_export_reads_back(network, tmp_path, fmt):
    path = tmp_path / f"budget.{fmt}"
    write_network(network, path, fmt)
    if fmt == "graphml":
        back = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        back = nx.read_gexf(path)
        assert back.nodes[WENXIAN]["viz"]["position"]["x"] == network.nodes[WENXIAN]["x"]
        back = nx.MultiDiGraph(back)
    elif fmt == "json":
        back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    else:
        back = nx.cytoscape_graph(json.loads(path.read_text(encoding="utf-8")))
    assert back.number_of_nodes() == network.number_of_nodes()
    assert back.number_of_edges() == network.number_of_edges()
    if fmt == "cytoscape":  # node ids live in "name"/"id" there; labels and amounts as attributes
        back = nx.relabel_nodes(back, {n: d.get("name", n) for n, d in back.nodes(data=True)})
    _check(back)


def test_exports_fit_their_tools(network, tmp_path):
    """Cytoscape.js positions in ``position``; no attribute shadowed by the formats' own keys;
    GEXF edges weighted by their amounts; nodes sized by the amounts they carry."""
    cyto, links, gexf = tmp_path / "c.json", tmp_path / "n.json", tmp_path / "g.gexf"
    for path, fmt in ((cyto, "cytoscape"), (links, "json"), (gexf, "gexf")):
        write_network(network, path, fmt)
    elements = json.loads(cyto.read_text(encoding="utf-8"))["elements"]
    (unit,) = [n for n in elements["nodes"] if n["data"]["id"] == WENXIAN]
    assert unit["position"] == {"x": network.nodes[WENXIAN]["x"], "y": network.nodes[WENXIAN]["y"]}
    assert all("id" in e["data"] and e["data"]["source"] and e["data"]["target"] for e in elements["edges"])
    kpi_edges = [e["data"] for e in elements["edges"] if e["data"]["kind"] == "indicator" and "targetText" in e["data"]]
    assert kpi_edges and all(e["target"].startswith("indicator:") for e in kpi_edges)  # the KPI text is not lost
    indicators = [n["data"] for n in elements["nodes"] if n["data"]["kind"] == "indicator" and "targetValue" in n["data"]]
    assert indicators and all(isinstance(n["targetValue"], float) for n in indicators)
    link_data = json.loads(links.read_text(encoding="utf-8"))
    assert any(e.get("targetText") == "≥95%" for e in link_data["links"])
    weights = [d.get("weight") for _, _, d in nx.read_gexf(gexf).edges(data=True)]
    assert 7895.93 not in weights and _functional_total("wenxian-2024-budget", "2101202") in weights
    sizes = {d["kind"]: [] for _, d in network.nodes(data=True)}
    for _, d in network.nodes(data=True):
        sizes[d["kind"]].append(d["size"])
    assert network.nodes[WENXIAN]["amount"] == 7895.93  # its document's expenditure total
    assert min(sizes["unit"]) > max(sizes["indicator"])


def test_filters(seed_store):
    by_region = build_network(seed_store, GraphFilter(region="温县"))
    assert {d["label"] for _, d in by_region.nodes(data=True) if d["kind"] == "unit"} == {"温县医疗保障局"}
    finals = build_network(seed_store, GraphFilter(phase="final"))
    assert {d["label"] for _, d in finals.nodes(data=True) if d["kind"] == "unit"} == {"内乡县医疗保障局"}
    health = build_network(seed_store, GraphFilter(code_prefix="210", year=2024))
    assert all(d["code"].startswith("210") for _, d in health.nodes(data=True) if d["kind"] == "code")
    assert "成安县医疗保障局机关本级" not in {d["label"] for _, d in health.nodes(data=True)}  # 2023


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_view_renders_offline_in_headless_chromium(network, tmp_path):
    from PIL import Image

    page = tmp_path / "view.html"
    write_network(network, page, "html")
    html = page.read_text(encoding="utf-8")
    assert not re.findall(r'(?:src|href)\s*=\s*"https?://', html)
    shot, netlog = tmp_path / "shot.png", tmp_path / "net.json"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}",
                    "--window-size=1200,900", "--virtual-time-budget=8000", f"--log-net-log={netlog}",
                    f"--screenshot={shot}", page.as_uri()], check=True, capture_output=True, timeout=120)
    # the page asked for nothing over the network (the browser's own service pings have no origin)
    log = json.loads(netlog.read_text())
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    page_requests = [e["params"]["url"] for e in log["events"] if e["type"] == start_job and "url" in e.get("params", {})
                     and e.get("params", {}).get("initiator") != "not an origin"]
    assert all(url.startswith(("file:", "data:", "blob:")) for url in page_requests), page_requests
    # a person reads it: a title, a legend of every kind, the count of nodes on screen; the
    # default view is aggregated to 类 (regions, units, their top codes), not 443 nodes
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile2'}",
                          "--virtual-time-budget=8000", "--dump-dom", page.as_uri()],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    assert "<h1 id=\"title\">budgetkg" in dom
    legend = re.findall(r'class="legend-row" data-kind="(\w+)"', dom)
    assert legend == ["region", "unit", "code", "project", "indicator"]
    shown = int(re.search(r'id="status" data-shown="(\d+)"', dom).group(1))
    assert 10 <= shown <= 60 and f"showing {shown} of {network.number_of_nodes()} nodes" in dom
    # nodes were drawn: many pixels in each node colour (the legend's swatches among them)
    image = Image.open(shot).convert("RGB")
    counts = {colour: 0 for colour in ("#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd")}
    targets = {c: tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in counts}
    for pixel in image.getdata():
        for colour, rgb in targets.items():
            if all(abs(a - b) < 12 for a, b in zip(pixel, rgb)):
                counts[colour] += 1
    assert all(n > 150 for n in counts.values()), counts
