"""Scale benchmark of the graph: a national-scale synthetic dataset (default 2,800 counties × 5
years = 14,000 documents) built from the real mapped graphs of the five seed fixtures (each
synthetic document is a seed graph re-keyed to its own county, unit and year), then

- load throughput (triples/s): everything in batches of whole documents by Oxigraph's bulk
  loader, then their index files merged (graph/bulk.py's path); on a sample, those batches
  against one SPARQL update per document (the one-by-one path) and one transaction per batch;
  rdflib's in-memory Dataset on a subset;
- the summary slices (graph/summary.py) computed for every year;
- each named query's median latency: embedded Oxigraph against rdflib in memory on the same
  subset, in the same run (ratio); on the full dataset each named query scoped to one unit
  (graph/scope.py), the code-parameterised ones for one code, the national aggregate from the
  summary;
- full national dumps to CSV through ``budgetkg query --format csv`` (streamed) against the
  former path (the whole answer as SPARQL JSON, parsed into a Python list, then CSV) in the same
  run: rows/s and the peak RSS of the process that writes them;
- the allocator (graph/allocator.py): the sample's bulk-loader batches and the streamed dumps
  under jemalloc and under the C library's malloc, each in its own process, same run.

The benchmark runs under the allocator ``budgetkg`` would use (jemalloc where installed).

    python -m tests.benchmarks.bench_graph [--counties 2800] [--years 5] [--subset-docs 40] [--work DIR]

``--work DIR`` keeps the national store in DIR; a later run with the same DIR, counties and years
reuses it (the load figures are those of the run that built it) and measures the queries again.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph
from rdflib import Dataset

from crawler.provenance import DocumentSource
from graph.allocator import environment_with_jemalloc, jemalloc_library
from graph.bulk import BATCH_DOCUMENTS, BATCH_TRIPLES
from graph.iris import ID, document_iri
from graph.mapping import records_to_graph
from graph.query import bind_parameters, named_queries, with_default_prefixes
from graph.scope import Scope, scope_graphs
from graph.store import OxigraphStore
from graph.store.base import load_vocabulary, replace_graph_update
from graph.summary import refresh_all
from tests.benchmarks import run_as_budgetkg
from tests.conftest import DOCUMENTS, SEEDS, records_of

REPO = Path(__file__).resolve().parents[2]
YEARS = (2020, 2021, 2022, 2023, 2024)
# rdflib's in-memory evaluator takes minutes on these even on the 40-document subset (measured:
# kpi_target_vs_actual 185 s, units_ranked_in_region 214 s)
RDFLIB_MINUTES = {"kpi_target_vs_actual", "units_ranked_in_region"}


def templates() -> list[tuple[str, list[str], str, int]]:
    """(document IRI, N-Triples lines, region segment of unit IRIs, year) of each seed graph."""
    out = []
    for seed, name in SEEDS.items():
        records = records_of(str(DOCUMENTS / name))
        locator = f"https://template.example/{name}"
        graph = records_to_graph(records, DocumentSource(locator, "0" * 64))
        lines = [line for line in graph.serialize(format="nt").splitlines() if line.strip()]
        out.append((document_iri(locator), lines, records.document.region_code, records.document.year))
    return out


def synthetic_document(template, county: int, year: int) -> tuple[str, list[str]]:
    doc, lines, region, template_year = template
    new_doc = document_iri(f"https://county{county}.example/{year}/budget")
    new_region = f"{990000 + county}"
    year_old, year_new = f'"{template_year}"^^', f'"{year}"^^'
    out = []
    for line in lines:
        line = line.replace(doc, new_doc).replace(f"{ID}unit/{region}/", f"{ID}unit/{new_region}/")
        line = line.replace(f"{ID}region/{region}", f"{ID}region/{new_region}")
        if line.startswith(f"<{ID}region/{new_region}>"):  # its own code and name, so it can be asked for
            line = line.replace(f'"{region}"', f'"{new_region}"')
            if "rdf-schema#label>" in line:
                line = line.split("> ", 2)[0] + "> " + line.split("> ", 2)[1] + f'> "县{county}"@zh .'
        if "fiscalYear>" in line:
            line = line.replace(year_old, year_new)
        out.append(line)
    return new_doc, out


def write_dataset(path: Path, counties: int, years: int, batch_ends: list[int] | None = None) -> tuple[int, int]:
    """N-Quads of every document, one after another; ``batch_ends`` gets the byte offset where
    each batch the ingest would write ends (``BATCH_DOCUMENTS`` documents or ``BATCH_TRIPLES``)."""
    tpl = templates()
    docs = quads = in_batch = batch_quads = 0
    with path.open("wb") as fh:
        for county in range(counties):
            for year in YEARS[:years]:
                template = tpl[county % len(tpl)]  # a county keeps its unit across years
                doc, lines = synthetic_document(template, county, year)
                fh.write("".join(f"{line[:-1].rstrip()} <{doc}> .\n" for line in lines).encode("utf-8"))
                docs += 1
                quads += len(lines)
                in_batch += 1
                batch_quads += len(lines)
                if batch_ends is not None and (in_batch >= BATCH_DOCUMENTS or batch_quads >= BATCH_TRIPLES):
                    batch_ends.append(fh.tell())
                    in_batch = batch_quads = 0
        if batch_ends is not None and (not batch_ends or batch_ends[-1] != fh.tell()):
            batch_ends.append(fh.tell())
    return docs, quads


def median_latency(run, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=2800)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--subset-docs", type=int, default=40, help="documents for the rdflib comparison")
    parser.add_argument("--sample-docs", type=int, default=200, help="documents written one transaction each")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep the national store here, and reuse it when already built")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="budgetkg-bench-"))
    try:
        big = national_store(work, args.counties, args.years)
        subset = work / "subset.nq"
        subset_counties = max(1, args.subset_docs // args.years)
        sub_docs, sub_quads = write_dataset(subset, subset_counties, args.years)

        # the same sample of documents: one SPARQL update per document; batches of whole
        # documents in one transaction each; the same batches by the bulk loader
        tpl = templates()
        from rdflib import Graph
        sample = []
        for i in range(args.sample_docs):
            doc, lines = synthetic_document(tpl[i % len(tpl)], 100000 + i, YEARS[i % len(YEARS)])
            sample.append((doc, lines, Graph().parse(data="\n".join(lines), format="nt")))
        n = sum(len(lines) for _, lines, _ in sample)
        batches = ["".join(f"{line[:-1].rstrip()} <{doc}> .\n" for doc, lines, _ in sample[first:first + BATCH_DOCUMENTS]
                           for line in lines).encode("utf-8") for first in range(0, len(sample), BATCH_DOCUMENTS)]
        tx = OxigraphStore(work / "oxigraph-tx")
        start = time.perf_counter()
        for doc, _, graph in sample:
            tx.update(replace_graph_update(doc, graph))
        per_doc = n / (time.perf_counter() - start)
        tx.close()
        transactions = pyoxigraph.Store(str(work / "oxigraph-batch-tx"))
        start = time.perf_counter()
        for batch in batches:
            transactions.load(batch, pyoxigraph.RdfFormat.N_QUADS, lenient=True)
        per_transaction = n / (time.perf_counter() - start)
        del transactions
        batched = OxigraphStore(work / "oxigraph-batch")
        start = time.perf_counter()
        for batch in batches:
            batched.load_batch(batch)
        per_batch = n / (time.perf_counter() - start)
        batched.close()
        print(f"sample {len(sample)} docs, {n} triples: one update per document {per_doc:,.0f} triples/s; batches of "
              f"{BATCH_DOCUMENTS} documents, one transaction each {per_transaction:,.0f} triples/s "
              f"({per_transaction / per_doc:.1f}x); the same batches by the bulk loader {per_batch:,.0f} triples/s "
              f"({per_batch / per_doc:.1f}x)")
        by_allocator = {name: n / bulk_load_seconds(work, batches, name) for name in ALLOCATORS}
        print("the same batches by the bulk loader, each allocator in its own process: "
              + "; ".join(f"{name} {rate:,.0f} triples/s" for name, rate in by_allocator.items())
              + (f" ({by_allocator['jemalloc'] / by_allocator['system']:.2f}x)" if len(by_allocator) > 1 else ""))

        small = OxigraphStore(work / "oxigraph-subset")
        start = time.perf_counter()
        small.bulk_load(subset, "nq")
        ox_seconds = time.perf_counter() - start
        memory = Dataset()
        start = time.perf_counter()
        memory.parse(subset, format="nquads")
        rdf_seconds = time.perf_counter() - start
        print(f"subset {sub_docs} docs {sub_quads} quads: oxigraph bulk {sub_quads / ox_seconds:,.0f} triples/s, "
              f"rdflib in-memory parse {sub_quads / rdf_seconds:,.0f} triples/s")

        unit = Scope(region=str(990000 + 5), unit="614")  # county 5: the wenxian template, unit 614
        print(f"\n{'query':28} {'oxigraph subset':>16} {'rdflib subset':>14} {'ratio':>7} {'full, one unit':>15} {'rows':>6}")
        ratios, scoped = [], []
        for name, path in named_queries().items():
            sparql = with_default_prefixes(path.read_text(encoding="utf-8"))
            ox_s, ox_rows = median_latency(lambda: len(small.select(sparql)["results"]["bindings"]), args.repeat)
            if name in RDFLIB_MINUTES:
                rdf_s, rdf_rows, note = float("nan"), ox_rows, "  (rdflib: minutes, not run)"
            else:
                try:
                    rdf_s, rdf_rows = median_latency(lambda: len(list(memory.query(sparql))), 1)  # slow: once
                    note = "" if ox_rows == rdf_rows else f"  (rows differ: {ox_rows} vs {rdf_rows})"
                except Exception as exc:  # rdflib's evaluator refuses some SPARQL 1.1 that Oxigraph runs
                    rdf_s, rdf_rows, note = float("nan"), ox_rows, f"  (rdflib: {type(exc).__name__})"
            full_s, full_rows = median_latency(lambda: sum(1 for _ in big.solutions(sparql, scope_graphs(big, unit)).rows),
                                               args.repeat)
            if rdf_s == rdf_s:
                ratios.append(rdf_s / ox_s)
            scoped.append(full_s)
            print(f"{name:28} {ox_s * 1000:14.1f}ms {rdf_s * 1000:12.1f}ms {rdf_s / ox_s:6.1f}x {full_s * 1000:13.1f}ms "
                  f"{full_rows:6}{note}")
        print(f"median speed-up of oxigraph over rdflib in memory: {statistics.median(ratios):.1f}x; "
              f"scoped to one unit on the full set: worst p50 {max(scoped) * 1000:.0f} ms")
        for name, bindings in (("units_by_functional_code", {"code": "2101202"}),
                               ("units_ranked_in_region", {"code": "2101202", "inRegion": "县5"}),
                               ("region_totals", {"inYear": "2024"}), ("region_totals", {})):
            sparql = with_default_prefixes(bind_parameters(named_queries()[name].read_text(encoding="utf-8"), bindings))
            full_s, full_rows = median_latency(lambda: sum(1 for _ in big.solutions(sparql).rows), args.repeat)
            print(f"full, national: {name} {bindings or ''}: p50 {full_s * 1000:.1f} ms, {full_rows} rows")
        big.close()
        dumps(work / "oxigraph-full")
    finally:
        for scratch in ("oxigraph-tx", "oxigraph-batch-tx", "oxigraph-batch", "oxigraph-subset"):
            shutil.rmtree(work / scratch, ignore_errors=True)
        (work / "subset.nq").unlink(missing_ok=True)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def national_store(work: Path, counties: int, years: int) -> OxigraphStore:
    """The synthetic national store, loaded by Oxigraph's bulk loader, with its summary slices
    computed; one loaded before in ``work`` for the same size is reused (its load figures
    printed again), its summary computed anew."""
    built = work / "built.json"
    if built.exists() and json.loads(built.read_text())["size"] == [counties, years]:
        print("reused store:", json.loads(built.read_text())["report"], sep="\n")
        big = OxigraphStore(work / "oxigraph-full")
    else:
        shutil.rmtree(work / "oxigraph-full", ignore_errors=True)
        work.mkdir(parents=True, exist_ok=True)
        full = work / "full.nq"
        start = time.perf_counter()
        batch_ends: list[int] = []
        docs, quads = write_dataset(full, counties, years, batch_ends)
        report = [f"generated {docs} documents, {quads} quads in {time.perf_counter() - start:.1f}s "
                  f"({full.stat().st_size / 2**20:.0f} MiB N-Quads)"]
        print(report[-1])
        big = OxigraphStore(work / "oxigraph-full")
        # the ingest's path (graph/bulk.py): batches of whole documents by the bulk loader, then
        # their index files merged
        loading = merging = 0.0
        with full.open("rb") as fh:
            begin = 0
            for end in batch_ends:
                batch = fh.read(end - begin)
                begin = end
                start = time.perf_counter()
                big.load_batch(batch)
                loading += time.perf_counter() - start
        start = time.perf_counter()
        merged = big.settle_bulk_loads()
        merging = time.perf_counter() - start
        full.unlink()
        report.append(f"bulk loader, {len(batch_ends)} batches (up to {BATCH_DOCUMENTS} documents or {BATCH_TRIPLES:,} "
                      f"triples): {quads} quads in "
                      f"{loading:.1f}s = {quads / loading:,.0f} triples/s; index files merged ({merged}) in "
                      f"{merging:.1f}s: {quads / (loading + merging):,.0f} triples/s in all")
        print(report[-1])
        load_vocabulary(big)
        built.write_text(json.dumps({"size": [counties, years], "report": "\n".join(report)}, ensure_ascii=False))
    start = time.perf_counter()
    slices = refresh_all(big)
    print(f"summary slices of {len(slices)} years computed in {time.perf_counter() - start:.1f}s")
    return big


# "jemalloc": what ``budgetkg`` runs with where the library is installed; "system": glibc's malloc
ALLOCATORS = ("jemalloc", "system") if jemalloc_library() else ("system",)


def allocator_environment(allocator: str) -> dict[str, str]:
    """This process's environment for a child that allocates with ``allocator``."""
    preload = " ".join(part for part in os.environ.get("LD_PRELOAD", "").split() if "jemalloc" not in part)
    plain = {**os.environ, "LD_PRELOAD": preload, "PYTHONPATH": str(REPO)}
    if allocator == "system":
        return {**plain, "BUDGETKG_ALLOCATOR": "system"}
    with_jemalloc = environment_with_jemalloc({**plain, "BUDGETKG_ALLOCATOR": "jemalloc"})
    if with_jemalloc is None:
        raise RuntimeError("jemalloc is not installed")
    return with_jemalloc


def bulk_load_seconds(work: Path, batches: list[bytes], allocator: str) -> float:
    """Seconds the bulk loader takes for ``batches`` into a new store, in a process of its own
    allocating with ``allocator``."""
    data = work / "sample.nq"
    data.write_bytes(b"".join(batches))
    ends = [sum(len(b) for b in batches[:i + 1]) for i in range(len(batches))]
    shutil.rmtree(work / "oxigraph-allocator", ignore_errors=True)
    try:
        out = subprocess.run([sys.executable, "-c", LOAD_BATCHES, str(data), json.dumps(ends),
                              str(work / "oxigraph-allocator")], capture_output=True, text=True, cwd=REPO,
                             env=allocator_environment(allocator), check=True)
        return float(out.stdout.split()[-1])
    finally:
        shutil.rmtree(work / "oxigraph-allocator", ignore_errors=True)
        data.unlink(missing_ok=True)


LOAD_BATCHES = """
import json, sys, time
from graph.store import OxigraphStore
data, ends, store = open(sys.argv[1], "rb").read(), json.loads(sys.argv[2]), OxigraphStore(sys.argv[3])
start, begin = time.perf_counter(), 0
for end in ends:
    store.load_batch(data[begin:end])
    begin = end
print(time.perf_counter() - start)
"""


def dumps(store_folder: Path) -> None:
    """Whole national answers to CSV by ``budgetkg query`` (streamed by Oxigraph's serializer)
    under each allocator, against the former path (SPARQL JSON → Python list → CSV), each in its
    own process: rows/s, that process's CPU seconds (which a cold page cache inflates less than
    the wall clock: the first dump of a run reads the store from disk) and its peak RSS."""
    store = store_folder.parent
    (store / "oxigraph").exists() or (store / "oxigraph").symlink_to(store_folder)
    for name in ("functional_expenditure", "kpis"):
        for label, code, allocator in ([("streamed", STREAMED, allocator) for allocator in ALLOCATORS]
                                       + [("python list", PYTHON_LIST, ALLOCATORS[0])]):
            label = f"{label}, {allocator}"
            start, cpu = time.perf_counter(), children_cpu_seconds()
            out = subprocess.run([sys.executable, "-c", code, str(store), name], capture_output=True, text=True, cwd=REPO,
                                 env=allocator_environment(allocator))
            seconds, cpu = time.perf_counter() - start, children_cpu_seconds() - cpu
            rows, hwm = (int(x) for x in (out.stdout.split() or ["0", "0"])[-2:])
            print(f"dump {name} ({label}): {rows} rows in {seconds:.1f}s = {rows / seconds:,.0f} rows/s; "
                  f"CPU {cpu:.1f}s; peak RSS {hwm / 1024:.0f} MiB" + (f"; {out.stderr[-300:]}" if out.returncode else ""))


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# each dump reports its own process's peak RSS (VmHWM: per process image, so not the forking
# benchmark's size that ru_maxrss of a child would carry over)
STREAMED = """
import sys
from graph.allocator import restart_with_jemalloc
restart_with_jemalloc()  # what the budgetkg program does first
from graph.cli import main
main(["--store", sys.argv[1], "query", sys.argv[2], "--format", "csv", "-o", "/tmp/budgetkg-bench-dump.csv"])
rows = sum(1 for _ in open("/tmp/budgetkg-bench-dump.csv", encoding="utf-8")) - 1
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(rows, hwm)
"""
PYTHON_LIST = """
import sys
from graph.query import format_results, query_text
from graph.store import open_store
store = open_store(sys.argv[1])
results = store.select(query_text(sys.argv[2]))
text = format_results(results, "csv")
open("/tmp/budgetkg-bench-dump.csv", "w", encoding="utf-8").write(text)
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(len(results["results"]["bindings"]), hwm)
"""


if __name__ == "__main__":
    run_as_budgetkg(main)
