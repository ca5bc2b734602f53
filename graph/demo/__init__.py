"""``budgetkg demo``: the whole pipeline on bundled data. Three fixture portals (TRS, Hanweb,
plain; ``portals/``, built by ``tests/fixtures/build_portals.py``) hold the five seed
disclosures (``documents/``) among noise and traps; they are served on 127.0.0.1
(``server.PortalServer``), crawled, read into the graph, queried, exported and validated.
The crawl tests serve the same portals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crawler.run import QUIET_POLITENESS, CrawlReport, crawl_settings, run_crawl
from crawler.site_config import SiteConfig, load_site

from ..export_graph import build_network, write_network
from ..export_rdf import export_rdf
from ..query import format_results, named_queries, query_text, rows_of
from ..store import open_store
from ..validate import validate_store
from .server import PortalServer

HERE = Path(__file__).resolve().parent
PORTALS = HERE / "portals"
DOCUMENTS = HERE / "documents"
PORTAL_KINDS = ("trs", "hanweb", "plain")
# portals that test discovery from a home page: department sub-columns, a column reached only
# through 信息公开目录, link traps
DISCOVERY_PORTALS = ("depts", "catalog", "traps")
DOCUMENT_COUNT = 6  # the five seeds, one of them also as an HTML article
DISCLOSURE_COUNT = 5  # that one counted once


@contextmanager
def serve_portals(names: tuple[str, ...] = PORTAL_KINDS) -> Iterator[dict[str, PortalServer]]:
    """The portals on 127.0.0.1 and an off-domain host on 127.0.0.2 (``offsite``), which the
    plain portal links to and a crawl must not follow."""
    offsite = PortalServer(PORTALS / "plain", host="127.0.0.2").start()
    servers = {name: PortalServer(PORTALS / name, substitutions={"offsite": offsite.base}).start()
               for name in names}
    servers["offsite"] = offsite
    try:
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def portal_sites(servers: dict[str, PortalServer]) -> list[SiteConfig]:
    """The site configs of the portals, at the addresses they are served on."""
    return [load_site(str(site_file(name)), servers[name].base) for name in PORTAL_KINDS]


def site_file(name: str) -> Path:
    return PORTALS / name / "site.toml"


def run_demo(store: Path) -> int:
    """Crawl, query, export, validate; 0 when every document is in the graph and conforms."""
    with serve_portals() as servers:
        print(f"budgetkg demo: portals on {', '.join(servers[n].base for n in PORTAL_KINDS)}; store {store}")
        report: CrawlReport = run_crawl(portal_sites(servers),
                                        crawl_settings(store, overrides={**QUIET_POLITENESS, "LOG_LEVEL": "WARNING"}))
    for line in report.lines():  # the portals' traps (a 404, an anti-bot page) are reported
        print(line)
    graph = open_store(store)
    try:
        results_dir = store / "demo"
        results_dir.mkdir(parents=True, exist_ok=True)
        for name, path in named_queries().items():
            results = graph.select(path.read_text(encoding="utf-8"))
            (results_dir / f"{name}.csv").write_text(format_results(results, "csv"), encoding="utf-8")
            print(f"query {name}: {len(results['results']['bindings'])} rows → {results_dir / (name + '.csv')}")
        totals = graph.select(query_text("totals"))
        stored = rows_of(graph.select(query_text("documents")))
        print(format_results(totals, "table"))
        export = results_dir / "budgetkg.trig"
        export_rdf(graph, str(export), "trig")
        network = build_network(graph)
        for fmt, suffix in (("gexf", "gexf"), ("html", "html")):
            write_network(network, results_dir / f"budgetkg.{suffix}", fmt)
        print(f"export: {export}, {results_dir / 'budgetkg.gexf'} and the offline view {results_dir / 'budgetkg.html'} "
              f"({network.number_of_nodes()} nodes, {network.number_of_edges()} edges)")
        invalid = [r.file_name for r in validate_store(graph) if not r.conforms]
        print("SHACL: " + (f"violations in {', '.join(invalid)}" if invalid else "every document conforms"))
    finally:
        graph.close()
    disclosures = len(totals["results"]["bindings"])
    copies = [r for r in stored if r["status"] != "current"]
    print(f"disclosures: {disclosures}" + "".join(f"; {r['doc']} is a {r['status']} of {r['canonicalDoc']}" for r in copies))
    print(f"budgetkg demo: {len(stored)} documents in the graph (expected {DOCUMENT_COUNT})")
    return 0 if len(stored) == DOCUMENT_COUNT and disclosures == DISCLOSURE_COUNT and not invalid else 1
