"""The ``budgetkg`` command line (see ../shared/CONTRACTS.md for the contract).

Exit status: 0 success, 1 some input failed (the rest still done), 2 bad usage."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from crawler.ingest import document_paths
from crawler.provenance import DocumentSource, path_text
from crawler.read.limits import DEFAULT_LIMITS, ReadLimits

from .export_graph import GRAPH_EXPORT_FORMATS, GraphFilter, build_network, write_network
from .export_rdf import RDF_EXPORT_FORMATS, export_rdf
from .bulk import load_documents
from .load import mapping_pool
from .query import (QueryError, bind_parameters, check_syntax, explain_syntax_error, named_queries, prologue,
                    query_needs, query_text, rows_of, with_default_prefixes)
from .results import FORMATS, write_answer
from .scope import Scope, scope_graphs
from .api import StoreMissing, open_existing_store, store_folder
from .store import GraphStore, StoreBusy, open_store
from .store.access import StoreLock
from .store.base import document_checksums, load_vocabulary
from .audit import audit_store, describe_cells, run_rules
from .rules import FAMILIES, FAMILY_LABELS, load_rules
from .validate import FINDINGS_QUERY, validate_store


def open_for_writing(args: argparse.Namespace) -> GraphStore:
    """The store an ingest writes (it waits ``--wait`` seconds for another writer)."""
    return open_store(store_folder(args.store), endpoint=args.endpoint, update_endpoint=args.update_endpoint,
                      wait=args.wait)


def ingest_paths(store: GraphStore, paths: list[Path], jobs: int | None = None,
                 limits: ReadLimits = DEFAULT_LIMITS) -> int:
    """Each document into its named graph, read by ``jobs`` worker processes within ``limits``
    and stored here, one line each in the order given; returns the number that failed."""
    with mapping_pool(jobs, limits) as pool:  # started first: its workers get ready while the store opens
        load_vocabulary(store)
        known = document_checksums(store)
        sources = [DocumentSource.for_file(path) if path.exists() else None for path in paths]
        failed = 0
        loaded = load_documents(store, [s for s in sources if s is not None], known, pool)
        for path, source in zip(paths, sources):
            if source is None:
                print(f"FAIL {path_text(path)}: not-found: no such file", flush=True)
                failed += 1
                continue
            result = next(loaded)
            print(result.summary(), flush=True)
            failed += not result.ok
    return failed


def cmd_ingest(args: argparse.Namespace) -> int:
    try:
        limits = DEFAULT_LIMITS.replace(parse_bindings(args.limit))
    except (ValueError, QueryError) as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    paths = document_paths(args.paths)
    if not paths:
        print("no documents found in " + " ".join(map(path_text, args.paths)), file=sys.stderr)
        return 1
    store = open_for_writing(args)
    try:
        return 1 if ingest_paths(store, paths, args.jobs, limits) else 0
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


def open_for_reading(args: argparse.Namespace) -> GraphStore:
    """The store a read command reads; StoreMissing (exit 2) rather than a new empty store."""
    return open_existing_store(args.store, args.endpoint, args.update_endpoint)


def cmd_query(args: argparse.Namespace) -> int:
    if sum(x is not None for x in (args.name, args.file, args.expression)) != 1:
        print("query: give exactly one of NAME, -f FILE, -e SPARQL", file=sys.stderr)
        return 2
    if args.format in ("parquet", "xlsx") and not args.output and sys.stdout.isatty():
        print(f"query: --format {args.format} is binary: give -o FILE", file=sys.stderr)
        return 2
    try:
        sparql = with_default_prefixes(bind_parameters(query_text(args.name, args.file, args.expression),
                                                       parse_bindings(args.bind)))
        check_syntax(sparql)
        store = open_for_reading(args)
    except SyntaxError as exc:
        print(f"query failed: {explain_syntax_error(sparql, str(exc))}", file=sys.stderr)
        return 1
    except (QueryError, OSError) as exc:
        print(f"query: {exc}", file=sys.stderr)
        return 2
    try:
        graphs = scope_graphs(store, Scope(args.region, args.unit, args.year))
        with output_stream(args.output) as out:
            rows = write_answer(store, sparql, args.format, out, args.limit, args.offset, graphs)
    except SyntaxError as exc:
        print(f"query failed: {explain_syntax_error(sparql, str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise  # handled in main: a closed pipe is no failure
    except (ValueError, OSError) as exc:  # the engine's or the server's refusal, said as it said it
        print(f"query failed: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    if rows == 0:
        print(empty_answer_hint(store_profile(args), sparql, args.name), file=sys.stderr)
    return 0


@contextlib.contextmanager
def output_stream(path: str | None):
    """-o FILE, or standard output (bytes)."""
    if path:
        with open(path, "wb") as fh:
            yield fh
    else:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()


def store_profile(args: argparse.Namespace) -> list[dict]:
    store = open_for_reading(args)
    try:
        return rows_of(store.select(query_text("graph_profile")))
    finally:
        store.close()


def empty_answer_hint(profile: list[dict], sparql: str, name: str | None) -> str:
    """Instead of a bare (0 rows): what the query needs and what the graph holds."""
    needs = query_needs(sparql)
    held = "; ".join(f"{r['year']} {r['phase']}: {r['documents']} documents of {r['units']} units" for r in profile)
    what = f"query {name}" if name else "the query"
    return (f"{what} found nothing" + (f": it needs {needs}" if needs else "") +
            (f". The graph holds {held}." if held else ". The graph holds no documents yet."))


def cmd_prefixes(args: argparse.Namespace) -> int:
    print(prologue(), end="")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """SHACL per document, then every cross-check rule over the store, findings printed by family
    with the cells they compare. The store is only read (the findings graphs are those the load
    wrote); ``--store-findings`` renews the findings graphs with what the rules find now."""
    store = open_for_writing(args) if args.store_findings else open_for_reading(args)
    try:
        reports = validate_store(store)
        findings = audit_store(store) if args.store_findings else run_rules(store, load_rules())
        extraction = [f for f in rows_of(store.select(query_text(FINDINGS_QUERY))) if f["family"] == "extraction"]
        cells = describe_cells(store, [c for f in findings for c in f.cells])
        names = {r.graph_iri: r.file_name for r in reports}
    finally:
        store.close()
    violations = 0
    for report in reports:
        status = "OK  " if report.conforms else "FAIL"
        print(f"{status} {report.file_name}: SHACL {'conforms' if report.conforms else f'{len(report.violations)} violations'}")
        for message in report.violations:
            print(f"     {message}")
        violations += not report.conforms
    print_findings(findings, extraction, cells, names)
    severities = [f.rule.severity for f in findings] + [f["severity"] for f in extraction]
    mismatches = sum(s != "info" for s in severities)
    print(f"{len(reports)} documents, {violations} with SHACL violations, {len(load_rules())} rules, "
          f"{len(severities)} findings ({severities.count('error')} errors, {severities.count('warning')} warnings, "
          f"{severities.count('info')} notes)")
    return 1 if violations or mismatches else 0


def print_findings(findings: list, extraction: list[dict], cells: dict, names: dict[str, str]) -> None:
    """Findings grouped by family, each with the cells it compares (table, row, label, amount)."""
    by_family: dict[str, list[str]] = {}
    for f in sorted(findings, key=lambda f: (names.get(f.document, ""), f.rule.id, f.where)):
        other = f" ↔ {names.get(f.other, f.other)}" if f.other else ""
        lines = [f"{f.rule.severity.upper():8} {names.get(f.document, f.document)}{other}  {f.rule.id}  {f.message}"]
        lines += [f"{'':9}· {cells[c].describe() if c in cells else c}" for c in f.cells]
        by_family.setdefault(f.rule.family, []).extend(lines)
    for f in extraction:
        where = f" (table {f['table']} «{f['tableTitle']}»)" if f.get("table") is not None else ""
        by_family.setdefault("extraction", []).append(f"{f['severity'].upper():8} {f['doc']}  {f['rule']}  {f['message']}{where}")
    for family in [*FAMILIES, "extraction"]:
        lines = by_family.get(family)
        if lines:
            count = sum(not line.startswith(" ") for line in lines)
            print(f"== {family} ({FAMILY_LABELS[family]}): {count} findings")
            print("\n".join(lines))


def cmd_export(args: argparse.Namespace) -> int:
    store = open_for_reading(args)
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
    from .demo import run_demo

    return run_demo(store_folder(args.store))


def cmd_codelists(args: argparse.Namespace) -> int:
    from .codelists import CODELISTS, build_codelists

    folders = [Path(f) for f in args.folders]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print(f"codelists: no such folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    output = Path(args.output) if args.output else CODELISTS
    for scheme, count in build_codelists(folders, output).items():
        print(f"{output / (scheme + '.ttl')}: {count} codes")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .query_guard import QueryLimits
    from .serve import ServeError, ServeSettings, serve

    if args.endpoint:
        print("serve: the endpoint serves the embedded store; --endpoint already is one", file=sys.stderr)
        return 2
    settings = ServeSettings(
        host=args.host, port=args.port, timeout_s=args.timeout, max_result_bytes=args.max_result_bytes,
        query=QueryLimits(max_bytes=args.max_query_bytes, max_depth=args.max_query_depth,
                          allowed_services=tuple(args.allow_service or ())),
        cors_origins=tuple(args.cors_origin or ()), allowed_hosts=tuple(args.allow_host or ()), threads=args.threads)
    try:
        serve(store_folder(args.store), settings)
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
    store = store_folder(args.store)
    if args.redis and args.redis_reset:
        print(f"crawl: forgot {reset_frontier(args.redis, sites)} frontier keys in {args.redis}")
    try:
        check_not_locked(store)
        if not args.endpoint:
            wait_for_the_writer(store)
    except CrawlLocked as exc:
        print(f"crawl: {exc}", file=sys.stderr)
        return 1
    report = run_crawl(sites, crawl_settings(store, args.endpoint, args.update_endpoint, args.redis, overrides))
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def wait_for_the_writer(store: Path, wait: float = 60.0) -> None:
    """Before a crawl starts its spiders: an ingest writing the store is waited for (saying so),
    then ``StoreBusy``; the crawl's pipeline takes the store for itself once it runs."""
    lock = StoreLock(store / "oxigraph")
    try:
        lock.acquire_exclusive(wait, lambda message: print(f"crawl: {message}", file=sys.stderr, flush=True))
    finally:
        lock.release()


EXAMPLES = {
    "ingest": "example:\n  budgetkg --store data ingest downloads/ wenxian-2024-budget.pdf",
    "crawl": "examples:\n  budgetkg crawl --site wenxian --site lankao\n"
             "  budgetkg crawl --start-url http://www.example.gov.cn/zwgk/czyjs/index.html",
    "query": "examples:\n  budgetkg query totals\n"
             "  budgetkg query units_by_functional_code --bind code=2101202 --format csv > ranking.csv\n"
             "  budgetkg query functional_expenditure --format xlsx -o functional.xlsx\n"
             "  budgetkg query -e 'SELECT ?doc ?year WHERE { GRAPH ?g { ?d bgt:fileName ?doc ; bgt:fiscalYear ?year } }'\n"
             "  budgetkg query kpis --format csv --limit 100 | head\n"
             "  budgetkg query functional_expenditure --region 温县 --unit 614 --year 2024\n"
             "(bgt:, qb:, skos:, … need no PREFIX: see budgetkg prefixes)",
    "validate": "example:\n  budgetkg --store data validate || echo 'some document breaks a shape or does not add up'",
    "serve": "example:\n  budgetkg serve --port 3030 &\n"
             "  curl -H 'Accept: text/csv' --data-urlencode query@queries/totals.rq http://127.0.0.1:3030/sparql",
    "export": "examples:\n  budgetkg export --format html -o budget.html --region 温县\n"
              "  budgetkg export --format gexf -o budget.gexf --year 2024 --code-prefix 210\n"
              "  budgetkg export --format trig -o budget.trig",
    "demo": "example:\n  budgetkg --store /tmp/demo demo && ls /tmp/demo/demo",
    "prefixes": "example:\n  budgetkg prefixes > prologue.rq",
    "codelists": "example:\n  budgetkg codelists ../shared/real/cities-2026",
}


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
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="documents read at once, each in its own worker process (default: one per CPU)")
    p.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                   help="when another ingest or crawl writes the store, wait this long for it (default 60), then give up")
    p.add_argument("--limit", action="append", metavar="NAME=VALUE",
                   help="a reading budget per document: " + ", ".join(
                       f"{name} (default {value})" for name, value in vars(DEFAULT_LIMITS).items()))
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
    p.add_argument("--format", choices=list(FORMATS), default="table",
                   help="table (terminal), csv, tsv, json, xml (SPARQL results, streamed), parquet, xlsx (typed: codes "
                        "stay text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the answer here (default: standard output)")
    p.add_argument("--limit", type=int, metavar="N", help="at most N rows")
    p.add_argument("--offset", type=int, metavar="N", help="skip the first N rows")
    p.add_argument("--region", help="only documents of this region (name or 行政区划代码)")
    p.add_argument("--unit", help="only documents of this unit (code or name)")
    p.add_argument("--year", type=int, help="only documents of this fiscal year")
    p.add_argument("--bind", action="append", metavar="NAME=VALUE",
                   help="set a parameter of a parameterised query (its VALUES ?NAME block)")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("validate", parents=[common], help="SHACL shapes and the cross-check (勾稽) rules")
    p.add_argument("--store-findings", action="store_true",
                   help="renew the findings graphs with what the rules find now (opens the store for writing)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("serve", parents=[common], help="read-only SPARQL 1.1 endpoint at /sparql")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=3030)
    p.add_argument("--timeout", type=float, default=30, help="seconds a query may run, then it is stopped (default 30)")
    p.add_argument("--max-result-bytes", type=int, default=64 * 2**20,
                   help="largest answer sent; a larger one is cut (default 64 MiB)")
    p.add_argument("--max-query-bytes", type=int, default=64 * 1024, help="longest query accepted (default 64 KiB)")
    p.add_argument("--max-query-depth", type=int, default=64,
                   help="deepest nesting of brackets in a query accepted (default 64)")
    p.add_argument("--allow-service", action="append", metavar="IRI",
                   help="a SPARQL endpoint that SERVICE may call (default: SERVICE refused)")
    p.add_argument("--cors-origin", action="append", metavar="ORIGIN",
                   help="a web page's origin that may query from a browser, e.g. https://yasgui.example.org ('*': any)")
    p.add_argument("--allow-host", action="append", metavar="NAME",
                   help="a Host name clients use besides this machine's names (behind a proxy or DNS name)")
    p.add_argument("--threads", type=int, default=16, help="queries answered at once (default 16; more wait in line)")
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

    p = sub.add_parser("codelists", help="rebuild the SKOS code lists from the official heads and printed labels")
    p.add_argument("folders", nargs="*", metavar="FOLDER", help="more documents whose printed labels count (besides the demo's)")
    p.add_argument("-o", "--output", help="folder to write to (default: ontology/codelists)")
    p.set_defaults(func=cmd_codelists)

    p = sub.add_parser("prefixes", help="the prefixes queries may use without declaring them")
    p.set_defaults(func=cmd_prefixes)

    for name, subparser in sub.choices.items():
        subparser.epilog = EXAMPLES.get(name)
        subparser.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # the global options are SUPPRESSed (they may stand before or after the command): fill in
    # what neither place gave
    for name in ("store", "endpoint", "update_endpoint"):
        if not hasattr(args, name):
            setattr(args, name, None)
    try:
        return args.func(args)
    except StoreBusy as exc:  # another process writes the store: one line, not a traceback
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 1
    except StoreMissing as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (| head): stop quietly; stdout to /dev/null so that the
        # interpreter's final flush does not complain either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
