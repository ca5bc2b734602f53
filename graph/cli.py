"""The ``budgetkg`` command line (see ../shared/CONTRACTS.md for the contract).

Exit status: 0 success, 1 some input failed (the rest still done), 2 bad usage."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from crawler.ingest import document_paths

from .export_graph import GRAPH_EXPORT_FORMATS, GraphFilter, build_network, write_network
from .export_rdf import RDF_EXPORT_FORMATS, export_rdf
from .load import load_document
from .query import QueryError, bind_parameters, format_results, named_queries, query_text, rows_of
from .store import GraphStore, open_store
from .store.base import document_checksums, load_vocabulary
from .validate import FINDINGS_QUERY, validate_store

REPO = Path(__file__).resolve().parent.parent
DEMO_PORTALS = REPO / "tests" / "fixtures" / "portals"
DEMO_DOCUMENT_COUNT = 6  # the five seeds, one of them also as an HTML article


def store_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("BUDGETKG_STORE") or "./data")


def open_from_args(args: argparse.Namespace, read_only: bool = False) -> GraphStore:
    return open_store(store_dir(args.store), endpoint=args.endpoint, update_endpoint=args.update_endpoint,
                      read_only=read_only)


def ingest_paths(store: GraphStore, paths: list[Path]) -> int:
    """Each document into its named graph; returns the number that failed."""
    load_vocabulary(store)
    known = document_checksums(store)
    failed = 0
    for path in paths:
        if not path.exists():
            print(f"FAIL {path}: not-found: no such file")
            failed += 1
            continue
        result = load_document(store, path, known=known)
        print(result.summary())
        failed += not result.ok
    return failed


def cmd_ingest(args: argparse.Namespace) -> int:
    paths = document_paths(args.paths)
    if not paths:
        print("no documents found in " + " ".join(args.paths), file=sys.stderr)
        return 1
    store = open_from_args(args)
    try:
        return 1 if ingest_paths(store, paths) else 0
    finally:
        store.close()


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"--bind takes NAME=VALUE, not {pair!r}")
        out[name.lstrip("?")] = value
    return out


def cmd_query(args: argparse.Namespace) -> int:
    if sum(x is not None for x in (args.name, args.file, args.expression)) != 1:
        print("query: give exactly one of NAME, -f FILE, -e SPARQL", file=sys.stderr)
        return 2
    try:
        sparql = bind_parameters(query_text(args.name, args.file, args.expression), parse_bindings(args.bind))
    except (QueryError, OSError) as exc:
        print(f"query: {exc}", file=sys.stderr)
        return 2
    store = open_from_args(args)
    try:
        results = store.select(sparql)
    except Exception as exc:  # a malformed query is the user's input: say what the engine said
        print(f"query failed: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(format_results(results, args.format))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    store = open_from_args(args)
    try:
        reports = validate_store(store)
        findings = rows_of(store.select(query_text(FINDINGS_QUERY)))
    finally:
        store.close()
    violations = 0
    for report in reports:
        status = "OK  " if report.conforms else "FAIL"
        print(f"{status} {report.file_name}: SHACL {'conforms' if report.conforms else f'{len(report.violations)} violations'}")
        for message in report.violations:
            print(f"     {message}")
        violations += not report.conforms
    mismatches = [f for f in findings if f["severity"] != "info"]
    for f in findings:
        print(f"{f['severity'].upper():8} {f['doc']}: {f['rule']}: {f['message']}")
    print(f"{len(reports)} documents, {violations} with SHACL violations, {len(mismatches)} cross-footing mismatches, "
          f"{len(findings) - len(mismatches)} notes")
    return 1 if violations or mismatches else 0


def cmd_export(args: argparse.Namespace) -> int:
    store = open_from_args(args)
    try:
        if args.format in RDF_EXPORT_FORMATS:
            export_rdf(store, args.output, args.format)
            print(f"wrote {args.format} to {args.output}")
            return 0
        filters = GraphFilter(region=args.region, unit=args.unit, year=args.year, phase=args.phase,
                              code_prefix=args.code_prefix)
        network = build_network(store, filters)
    finally:
        store.close()
    write_network(network, args.output, args.format)
    print(f"wrote {args.format} to {args.output}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the bundled demo: serve the fixture portals (TRS, Hanweb, plain) on
    127.0.0.1, crawl them, build the graph, answer the named queries, export, validate."""
    from crawler.fixture_portal import PortalServer
    from crawler.run import QUIET_POLITENESS, crawl_settings, run_crawl
    from crawler.site_config import load_site

    store_path = store_dir(args.store)
    offsite = PortalServer(DEMO_PORTALS / "plain", host="127.0.0.2").start()
    servers = {name: PortalServer(DEMO_PORTALS / name, substitutions={"offsite": offsite.base}).start()
               for name in ("trs", "hanweb", "plain")}
    try:
        sites = [load_site(str(DEMO_PORTALS / name / "site.toml"), server.base) for name, server in servers.items()]
        print(f"budgetkg demo: portals on {', '.join(s.base for s in servers.values())}; store {store_path}")
        report = run_crawl(sites, crawl_settings(store_path, overrides={**QUIET_POLITENESS, "LOG_LEVEL": "WARNING"}))
        report_crawl(store_path, sites, report)  # the portals' traps (a 404, an anti-bot page) are reported
    finally:
        for server in [*servers.values(), offsite]:
            server.stop()
    store = open_store(store_path)
    try:
        results_dir = store_path / "demo"
        results_dir.mkdir(parents=True, exist_ok=True)
        for name, path in named_queries().items():
            results = store.select(path.read_text(encoding="utf-8"))
            (results_dir / f"{name}.csv").write_text(format_results(results, "csv"), encoding="utf-8")
            print(f"query {name}: {len(results['results']['bindings'])} rows → {results_dir / (name + '.csv')}")
        totals = store.select(query_text("totals"))
        print(format_results(totals, "table"))
        export = results_dir / "budgetkg.trig"
        export_rdf(store, str(export), "trig")
        network = build_network(store)
        for fmt, suffix in (("gexf", "gexf"), ("html", "html")):
            write_network(network, results_dir / f"budgetkg.{suffix}", fmt)
        print(f"export: {export}, {results_dir / 'budgetkg.gexf'} and the offline view {results_dir / 'budgetkg.html'} "
              f"({network.number_of_nodes()} nodes, {network.number_of_edges()} edges)")
        invalid = [r.file_name for r in validate_store(store) if not r.conforms]
        print("SHACL: " + (f"violations in {', '.join(invalid)}" if invalid else "every document conforms"))
    finally:
        store.close()
    documents = len(totals["results"]["bindings"])
    print(f"budgetkg demo: {documents} documents in the graph (expected {DEMO_DOCUMENT_COUNT})")
    return 0 if documents == DEMO_DOCUMENT_COUNT and not invalid else 1


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import ServeError, serve

    if args.endpoint:
        print("serve: the endpoint serves the embedded store; --endpoint already is one", file=sys.stderr)
        return 2
    try:
        serve(store_dir(args.store), args.host, args.port, args.timeout, args.max_result_bytes)
    except ServeError as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 1
    return 0


def parse_sites(specs: list[str], start_urls: list[str]):
    """Sites by name (crawler/sites/NAME.toml) or path, each optionally ``@BASE`` for the
    ``{base}`` of its URLs; plus ad-hoc start URLs (generic mode, bounded to their host)."""
    from crawler.site_config import SiteConfig, load_site

    sites = []
    for spec in specs or []:
        name, _, base = spec.partition("@")
        sites.append(load_site(name, base or None))
    sites += [SiteConfig.for_start_url(url) for url in start_urls or []]
    return sites


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.run import QUIET_POLITENESS, CrawlLocked, check_not_locked, crawl_settings, reset_frontier, run_crawl

    try:
        sites = parse_sites(args.site, args.start_url)
        overrides = dict(QUIET_POLITENESS) if args.no_politeness else {}
        overrides.update(parse_bindings(args.set))
    except (ValueError, QueryError) as exc:
        print(f"crawl: {exc}", file=sys.stderr)
        return 2
    if not sites:
        print("crawl: give --site NAME (see crawler/sites/) or --start-url URL", file=sys.stderr)
        return 2
    store = store_dir(args.store)
    if args.redis and args.redis_reset:
        print(f"crawl: forgot {reset_frontier(args.redis, sites)} frontier keys in {args.redis}")
    try:
        check_not_locked(store)
    except CrawlLocked as exc:
        print(f"crawl: {exc}", file=sys.stderr)
        return 1
    return report_crawl(store, sites, run_crawl(sites, crawl_settings(store, args.endpoint, args.update_endpoint,
                                                                       args.redis, overrides)))


def report_crawl(store: Path, sites, report) -> int:
    """One line per site, then this crawl's failed and blocked URLs; 1 when any."""
    from crawler.document_index import DocumentIndex

    index = DocumentIndex(store / "documents.sqlite")
    rows = [r for r in index.rows() if (r.retrieved_at or "") >= report.started_at]
    blocked = [b for b in index.blocked(since=report.started_at)]
    index.close()
    failed = 0
    for site in sites:
        stats = report.stats.get(site.name, {})
        reason = report.finish_reasons.get(site.name)
        counts = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("budgetkg/documents/")}
        print(f"site {site.name}: {reason}; {stats.get('downloader/request_count', 0)} requests, "
              f"{stats.get('downloader/response_bytes', 0)} bytes; documents {counts or 'none'}")
        if reason not in ("finished", "shutdown"):
            failed += 1
    for row in rows:
        if row.status in ("failed",) or (row.status or "").startswith("http-"):
            print(f"FAIL {row.url}: {row.error}")
            failed += 1
    for site, url, kind in blocked:
        print(f"BLOCKED {site}: {url} ({kind})")
        failed += 1
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", default=argparse.SUPPRESS, help="store folder (default ./data or $BUDGETKG_STORE)")
    common.add_argument("--endpoint", default=argparse.SUPPRESS,
                        help="a SPARQL 1.1 query endpoint to use instead of the embedded store")
    common.add_argument("--update-endpoint", default=argparse.SUPPRESS,
                        help="its SPARQL Update endpoint (default: /query → /update, else the same URL)")
    parser = argparse.ArgumentParser(prog="budgetkg", parents=[common],
                                     description="Chinese county budget disclosures → RDF knowledge graph")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="read local documents (files or folders) into the graph")
    p.add_argument("paths", nargs="+")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("crawl", parents=[common], help="harvest portals into the graph (incremental)")
    p.add_argument("--site", action="append", metavar="NAME|PATH[@BASE]", help="a site config (crawler/sites/NAME.toml)")
    p.add_argument("--start-url", action="append", metavar="URL", help="an unknown portal, crawled within its host")
    p.add_argument("--redis", metavar="URL", help="share the frontier through Redis (scrapy-redis), e.g. redis://127.0.0.1:6379")
    p.add_argument("--redis-reset", action="store_true",
                   help="with --redis: forget the sites' shared frontier first (once per crawl cycle, on one machine)")
    p.add_argument("--no-politeness", action="store_true", help="no AutoThrottle or delay (local fixture portals only)")
    p.add_argument("-s", "--set", action="append", metavar="NAME=VALUE", help="a Scrapy setting")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("query", parents=[common], help="run a named query, a .rq file or a SPARQL text")
    p.add_argument("name", nargs="?", help=f"a named query of queries/: {', '.join(named_queries())}")
    p.add_argument("-f", "--file", help="a .rq file")
    p.add_argument("-e", "--expression", help="a SPARQL query text")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--bind", action="append", metavar="NAME=VALUE",
                   help="set a parameter of a parameterised query (its VALUES ?NAME block)")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("validate", parents=[common], help="SHACL shapes and cross-footing findings")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("serve", parents=[common], help="read-only SPARQL 1.1 endpoint at /sparql")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=3030)
    p.add_argument("--timeout", type=int, default=30, help="seconds a query may run (default 30)")
    p.add_argument("--max-result-bytes", type=int, default=64 * 2**20, help="largest answer sent (default 64 MiB)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", parents=[common], help="export the graph")
    p.add_argument("--format", required=True, choices=list(GRAPH_EXPORT_FORMATS + RDF_EXPORT_FORMATS),
                   help="graphml, gexf, json (node-link), cytoscape, html (offline view): a network of units, codes, "
                        "projects and indicators; ttl, trig, nq: the RDF itself")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--region", help="network formats: only units of this region (name or 行政区划代码)")
    p.add_argument("--unit", help="network formats: only this unit (code or name)")
    p.add_argument("--year", type=int, help="network formats: only this fiscal year")
    p.add_argument("--phase", choices=["budget", "final"], help="network formats: only budgets or final accounts")
    p.add_argument("--code-prefix", help="network formats: only functional codes starting so (e.g. 210)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("demo", parents=[common], help="crawl the bundled fixture portals and run the whole pipeline")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # the global options are SUPPRESSed (they may stand before or after the command): fill in
    # what neither place gave
    for name in ("store", "endpoint", "update_endpoint"):
        if not hasattr(args, name):
            setattr(args, name, None)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
