"""Crawl benchmark: a synthetic TRS portal on 127.0.0.1 (N list pages of 10 articles, each with
one distinct PDF made from the seed PDFs), crawled with politeness off.

Reports pages/s and documents/s of
- the full crawl (download, store, read, map, load into the graph), documents read in the worker
  pool (BUDGETKG_READ_WORKERS: one per CPU) while downloading goes on,
- the same crawl with documents read inline, in the crawling process (BUDGETKG_READ_WORKERS=0,
  as before the pool),
- the baseline in the same run: the same crawl with no item pipeline (download only),
- the incremental recrawl (conditional requests: 304s, nothing parsed).

    python -m tests.benchmarks.bench_crawl [--lists 10]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph.demo.server import PortalServer
from tests.conftest import DOCUMENTS

SEED_PDFS = [DOCUMENTS / "wenxian-2024-budget.pdf", DOCUMENTS / "neixiang-2024-final.pdf"]


def build_portal(folder: Path, lists: int) -> int:
    routes = {"/robots.txt": {"body": "User-agent: *\nAllow: /\n", "content_type": "text/plain"}}
    seeds = [p.read_bytes() for p in SEED_PDFS]
    documents = 0
    for page in range(lists):
        name = "index.html" if page == 0 else f"index_{page}.html"
        items = []
        for k in range(10):
            n = page * 10 + k
            items.append(f'<li><a href="./art_{n}.html">第{n}号单位2024年部门预算公开</a><span>2024-02-01</span></li>')
            routes[f"/list/art_{n}.html"] = {"body": f'<html><body><h1>第{n}号单位2024年部门预算公开</h1>'
                                                    f'<a href="/attach/{n}.pdf">部门预算.pdf</a></body></html>'}
            # a distinct document each: bytes after %%EOF are ignored by PDF readers
            pdf = folder / "attach" / f"{n}.pdf"
            pdf.parent.mkdir(parents=True, exist_ok=True)
            pdf.write_bytes(seeds[n % 2] + f"\n% benchmark copy {n}\n".encode())
            routes[f"/attach/{n}.pdf"] = {"file": f"attach/{n}.pdf", "content_type": "application/pdf"}
            documents += 1
        routes[f"/list/{name}"] = {"body": "<html><body><ul>" + "".join(items) + "</ul>"
                                          f'<script>createPageHTML({lists}, {page}, "index", "html");</script></body></html>'}
    (folder / "routes.json").write_text(json.dumps(routes, ensure_ascii=False), encoding="utf-8")
    (folder / "site.toml").write_text('name = "bench"\nstart_urls = ["{base}/list/index.html"]\npagination = "trs"\n',
                                      encoding="utf-8")
    return documents


def crawl(store: Path, site: str, *extra: str) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "crawl", "--no-politeness",
                             "-s", "LOG_LEVEL=WARNING", "--site", site, *extra], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    m = re.search(r"(\d+) requests", result.stdout)
    if result.returncode != 0 or not m:
        raise SystemExit(f"crawl failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return seconds, int(m.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lists", type=int, default=10, help="list pages of 10 articles each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="budgetkg-crawl-bench-") as tmp:
        tmp = Path(tmp)
        documents = build_portal(tmp / "portal", args.lists)
        pages = args.lists + documents  # list pages and article pages
        with PortalServer(tmp / "portal") as server:
            site = f"{tmp / 'portal' / 'site.toml'}@{server.base}"
            base_s, base_requests = crawl(tmp / "baseline", site, "-s", "ITEM_PIPELINES={}")
            inline_s, inline_requests = crawl(tmp / "inline", site, "-s", "BUDGETKG_READ_WORKERS=0")
            full_s, full_requests = crawl(tmp / "full", site)
            again_s, again_requests = crawl(tmp / "full", site)
            sent_again = sum(r.bytes_sent for r in server.log[-again_requests:] if r.path.startswith("/attach/"))
    print(f"portal: {args.lists} list pages, {documents} articles, {documents} distinct PDFs; {os.cpu_count()} CPUs")
    for label, seconds, requests in (("download only (baseline)", base_s, base_requests),
                                     ("full crawl, reading inline", inline_s, inline_requests),
                                     ("full crawl, worker pool", full_s, full_requests),
                                     ("incremental recrawl", again_s, again_requests)):
        print(f"{label:28} {seconds:7.1f}s {requests:5} requests  {pages / seconds:7.1f} pages/s  "
              f"{documents / seconds:6.2f} documents/s")
    print(f"worker pool / inline documents/s: {inline_s / full_s:.2f}; full / baseline time ratio: {full_s / base_s:.1f}; "
          f"recrawl / full: {again_s / full_s:.2f}; "
          f"attachment bytes sent on recrawl: {sent_again}")


if __name__ == "__main__":
    from tests.benchmarks import run_as_budgetkg

    run_as_budgetkg(main)
