"""Parsing benchmark: pages (documents) per second and peak memory per format, with plain
``pdfplumber`` ``page.extract_tables()`` on the same PDFs as the baseline, in the same run.

    python -m tests.benchmarks.bench_parsing [--repeat 3] [--real DIR] [--json out.json]

Time is the best of ``--repeat`` runs (no tracing); peak memory is measured in a separate run
under tracemalloc (Python allocations, which is what a reader's own structures cost)."""

from __future__ import annotations

import argparse
import json
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    formats = dict(FORMATS)
    if args.real.exists():
        formats["pdf-real"] = sorted(args.real.glob("*.pdf"))
    rows = []
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
    main()
