"""Scale benchmark of the graph: a national-scale synthetic dataset (default 2,800 counties × 5
years = 14,000 documents) built from the real mapped graphs of the five seed fixtures (each
synthetic document is a seed graph re-keyed to its own county, unit and year), then

- load throughput (triples/s): Oxigraph bulk load of everything; Oxigraph transactional
  per-document writes (the ingest path) on a sample; rdflib's in-memory Dataset on a subset;
- each named query's median latency: embedded Oxigraph against rdflib in memory on the same
  subset, in the same run (ratio), and Oxigraph on the full dataset.

    python -m tests.benchmarks.bench_graph [--counties 2800] [--years 5] [--subset-docs 40]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

from crawler.provenance import DocumentSource
from graph.iris import ID, document_iri
from graph.mapping import records_to_graph
from graph.query import named_queries
from graph.store import OxigraphStore
from graph.store.base import replace_graph_update
from tests.conftest import DOCUMENTS, SEEDS, records_of

YEARS = (2020, 2021, 2022, 2023, 2024)


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
        if "fiscalYear>" in line:
            line = line.replace(year_old, year_new)
        out.append(line)
    return new_doc, out


def write_dataset(path: Path, counties: int, years: int) -> tuple[int, int]:
    tpl = templates()
    docs = quads = 0
    with path.open("w", encoding="utf-8") as fh:
        for county in range(counties):
            for year in YEARS[:years]:
                template = tpl[county % len(tpl)]  # a county keeps its unit across years
                doc, lines = synthetic_document(template, county, year)
                fh.writelines(f"{line[:-1].rstrip()} <{doc}> .\n" for line in lines)
                docs += 1
                quads += len(lines)
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
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="budgetkg-bench-"))
    try:
        full = work / "full.nq"
        start = time.perf_counter()
        docs, quads = write_dataset(full, args.counties, args.years)
        print(f"generated {docs} documents, {quads} quads in {time.perf_counter() - start:.1f}s "
              f"({full.stat().st_size / 2**20:.0f} MiB N-Quads)")

        subset = work / "subset.nq"
        subset_counties = max(1, args.subset_docs // args.years)
        sub_docs, sub_quads = write_dataset(subset, subset_counties, args.years)

        big = OxigraphStore(work / "oxigraph-full")
        start = time.perf_counter()
        big.bulk_load(full, "nq")
        seconds = time.perf_counter() - start
        print(f"oxigraph bulk load: {quads} quads in {seconds:.1f}s = {quads / seconds:,.0f} triples/s")

        # the ingest path: one transactional DROP+INSERT per document
        tx = OxigraphStore(work / "oxigraph-tx")
        tpl = templates()
        from rdflib import Graph
        sample = []
        for i in range(args.sample_docs):
            doc, lines = synthetic_document(tpl[i % len(tpl)], 100000 + i, YEARS[i % len(YEARS)])
            sample.append((doc, Graph().parse(data="\n".join(lines), format="nt")))
        n = sum(len(g) for _, g in sample)
        start = time.perf_counter()
        for doc, graph in sample:
            tx.update(replace_graph_update(doc, graph))
        seconds = time.perf_counter() - start
        print(f"oxigraph per-document transactions: {len(sample)} docs, {n} triples in {seconds:.1f}s = "
              f"{n / seconds:,.0f} triples/s, {len(sample) / seconds:.1f} docs/s")

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

        print(f"\n{'query':32} {'oxigraph subset':>16} {'rdflib subset':>14} {'ratio':>7} {'oxigraph full':>14} {'rows full':>10}")
        ratios = []
        for name, path in named_queries().items():
            sparql = path.read_text(encoding="utf-8")
            ox_s, ox_rows = median_latency(lambda: len(small.select(sparql)["results"]["bindings"]), args.repeat)
            rdf_s, rdf_rows = median_latency(lambda: len(list(memory.query(sparql))), args.repeat)
            full_s, full_rows = median_latency(lambda: len(big.select(sparql)["results"]["bindings"]), args.repeat)
            note = "" if ox_rows == rdf_rows else f"  (rows differ: {ox_rows} vs {rdf_rows})"
            ratios.append(rdf_s / ox_s)
            print(f"{name:32} {ox_s * 1000:14.1f}ms {rdf_s * 1000:12.1f}ms {rdf_s / ox_s:6.1f}x {full_s * 1000:12.1f}ms {full_rows:10}{note}")
        print(f"median speed-up of oxigraph over rdflib in memory: {statistics.median(ratios):.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
