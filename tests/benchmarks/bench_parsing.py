"""Parsing benchmark: pages (documents) per second and peak memory per format, with plain
``pdfplumber`` ``page.extract_tables()`` on the same PDFs as the baseline, in the same run.

    python -m tests.benchmarks.bench_parsing [--repeat 3] [--real DIR] [--json out.json] [--jobs 2]

Time is the best of ``--repeat`` runs (no tracing); peak memory is measured in a separate run
under tracemalloc (Python allocations, which is what a reader's own structures cost).

Folder ingest (read, map and store into a fresh store, as ``budgetkg ingest FOLDER``): in this
one process (``load_document`` one by one), with one worker process and with ``--jobs``
workers (``crawler.workers.ReadingPool``), on the real PDFs (else the seed documents), in the
same run; the ratios are the speed-up of the workers over the single process."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import tempfile
import statistics
import time
import tracemalloc
from pathlib import Path

import pdfplumber

from crawler.extract import extract
from crawler.read import read
from tests.conftest import FIXTURES, REAL

FORMATS = {
    "pdf": [FIXTURES / "documents" / "wenxian-2024-budget.pdf", FIXTURES / "documents" / "neixiang-2024-final.pdf", FIXTURES / "renderings" / "chengan-2023-budget.pdf"],
    "docx": [FIXTURES / "documents" / "chengan-2023-budget.docx", FIXTURES / "documents" / "huailai-2024-budget.docx"],
    "xlsx": [FIXTURES / "documents" / "lankao-2024-budget.xlsx", FIXTURES / "renderings" / "wenxian-2024-budget.xlsx"],
    "xls": [FIXTURES / "renderings" / "lankao-2024-budget.xls"],
    "html": [FIXTURES / "html" / "neixiang-2024-final-gbk.html"],
}


def pages_of(path: Path) -> int:
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    return 1  # a document counts as one "page" outside PDF


def ours(paths: list[Path]) -> None:
    for p in paths:
        extract(read(p))


def baseline(paths: list[Path]) -> None:
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_tables()


def best_time(fn, paths: list[Path], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(paths)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mib(fn, paths: list[Path]) -> float:
    tracemalloc.start()
    fn(paths)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def ingest_in_process(paths: list[Path]) -> None:
    from graph.load import load_document
    from graph.store import open_store
    from graph.store.base import load_vocabulary

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(folder)
        load_vocabulary(store)
        for p in paths:
            assert load_document(store, p).ok, p
        store.close()


def ingest_with_workers(paths: list[Path], jobs: int) -> None:
    from graph.cli import ingest_paths
    from graph.store import open_store

    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(io.StringIO()):
        store = open_store(folder)
        assert ingest_paths(store, paths, jobs) == 0
        store.close()


def folder_ingest(paths: list[Path], jobs: int) -> dict:
    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    single = timed(lambda: ingest_in_process(paths))
    one = timed(lambda: ingest_with_workers(paths, 1))
    many = timed(lambda: ingest_with_workers(paths, jobs))
    return {"format": "folder-ingest", "files": len(paths), "single_process_s": round(single, 2),
            "one_worker_s": round(one, 2), f"{jobs}_workers_s": round(many, 2),
            "speedup_vs_single_process": round(single / many, 2), "speedup_vs_one_worker": round(one / many, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--jobs", type=int, default=2, help="workers for the folder-ingest measurement")
    parser.add_argument("--folder-repeat", type=int, default=3,
                        help="each document this many times in the folder ingest, so that starting the workers "
                             "(about a second) does not dominate")
    parser.add_argument("--only-folder-ingest", action="store_true")
    args = parser.parse_args()
    formats = dict(FORMATS)
    if args.real.exists():
        formats["pdf-real"] = sorted(args.real.glob("*.pdf"))
    rows = []
    folder = formats.get("pdf-real") or [p for ps in FORMATS.values() for p in ps]
    rows.append(folder_ingest(folder * args.folder_repeat, args.jobs))
    if args.only_folder_ingest:
        formats = {}
    for fmt, paths in formats.items():
        pages = sum(pages_of(p) for p in paths)
        t = best_time(ours, paths, args.repeat)
        row = {"format": fmt, "files": len(paths), "pages": pages, "seconds": round(t, 3), "pages_per_s": round(pages / t, 2), "peak_mib": round(peak_mib(ours, paths), 1)}
        if fmt.startswith("pdf"):
            b = best_time(baseline, paths, args.repeat)
            row |= {"baseline_seconds": round(b, 3), "baseline_pages_per_s": round(pages / b, 2), "baseline_peak_mib": round(peak_mib(baseline, paths), 1), "time_ratio": round(t / b, 2)}
        rows.append(row)
    width = max(len(k) for r in rows for k in r)
    for r in rows:
        print("  ".join(f"{k}={v}" for k, v in r.items()))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    ratios = [r["time_ratio"] for r in rows if "time_ratio" in r]
    if ratios:
        print(f"median time ratio ours/baseline over PDF sets: {statistics.median(ratios)}")


if __name__ == "__main__":
    from tests.benchmarks import run_as_budgetkg

    run_as_budgetkg(main)
