"""Hostile documents cost one document each, never the batch (issue 14): spans clamped to the
table, cells, unpacked bytes, wall time and memory within budgets, file names in any encoding."""

import json
import re
import subprocess
import sys

import pytest
from tests.conftest import DOCUMENTS, FIXTURES
from tests.hostile_files import docx_grid_span_bomb, html_span_bomb, write_all, xlsx_merge_bomb

from crawler.ingest import ingest_file
from crawler.read.limits import ReadLimits
from crawler.workers import ReadingPool

GOOD = DOCUMENTS / "huailai-2024-budget.docx"
# run the CLI in a child and report its own peak RSS (the workers' memory is theirs, capped)
_MEASURED_INGEST = """
import resource, sys
from graph.cli import main
status = main(sys.argv[1:])
print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
sys.exit(status)
"""
PEAKS_KB: dict[str, int] = {}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("make", [html_span_bomb, xlsx_merge_bomb, docx_grid_span_bomb])
def test_spans_beyond_the_table_are_clamped_and_said(make, tmp_path):
    result = ingest_file(make(tmp_path / make.__name__))
    assert result.ok, result.summary()
    assert any("clamped" in w for w in result.records.warnings), result.records.warnings


def test_html_span_bomb_reads_as_one_cell(tmp_path):
    from crawler.read import read

    doc = read(html_span_bomb(tmp_path / "bomb.html"))
    assert [t.rows for t in doc.tables] == [[["x"]]]


# hostile file → (exit status of a batch with the good file, its line's status, code, words of the reason)
EXPECTED = {
    "span-bomb.html": ("OK", None, None),
    "far-corners.xlsx": ("FAIL", "too-many-cells", "exceeds 1,000,000 cells (sheet «Sheet» uses A1:XFD1048576"),
    "merge-bomb.xlsx": ("OK", None, None),
    "gridspan-bomb.docx": ("OK", None, None),
    "zip-bomb.xlsx": ("FAIL", "too-large", "unpacks to 500 MB, over the limit of 256 MB"),
    "gbk-name.docx": ("OK", None, None),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_hostile_file_costs_its_own_document_only(name, hostile, tmp_path):
    store = tmp_path / "store"
    result = subprocess.run([sys.executable, "-c", _MEASURED_INGEST, "--store", str(store), "ingest", "--jobs", "2",
                             str(hostile[name]), str(GOOD)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    status, code, words = EXPECTED[name]
    assert lines[0].startswith(f"{status:4} "), lines
    if code:
        assert f": {code}: " in lines[0] and words in lines[0], lines[0]
        assert result.returncode == 1
    else:
        assert result.returncode == 0, result.stdout
    if name == "gbk-name.docx":
        assert lines[0].startswith("OK   怀来县2024年部门预算.docx: docx, 怀来县医疗保险中心 2024 budget")
    assert lines[1].startswith("OK   huailai-2024-budget.docx: docx, 怀来县医疗保险中心 2024 budget"), lines
    peak_kb = int(re.search(r"PEAK_KB (\d+)", result.stdout).group(1))
    PEAKS_KB[name] = peak_kb
    print(f"{name}: parent peak RSS {peak_kb / 1024:.0f} MB")
    assert peak_kb < 1024 * 1024
    # the good document is stored beside it
    totals = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "query", "totals", "--format",
                             "json"], capture_output=True, text=True, check=True).stdout
    docs = {r["doc"]["value"] for r in json.loads(totals)["results"]["bindings"]}
    assert "huailai-2024-budget.docx" in docs


def test_a_document_over_its_time_is_stopped_and_the_next_one_read():
    with ReadingPool(jobs=1, limits=ReadLimits(max_seconds=0.2)) as pool:
        slow, fast = pool.map([DOCUMENTS / "wenxian-2024-budget.pdf", FIXTURES / "html" / "neixiang-2024-final-gbk.html"])
    assert slow.error.code == "timeout" and "took over 0.2 s" in slow.error.args[0]
    assert fast.ok, fast.summary()


def test_a_document_over_its_memory_fails_alone(tmp_path):
    big = tmp_path / "big.html"
    with open(big, "w", encoding="utf-8") as out:
        out.write("<html><body>")
        for i in range(300_000):
            out.write(f"<p>第{i}段 一个用来测试内存上限的很长的段落 {i}</p>\n")
        out.write("</body></html>")
    with ReadingPool(jobs=1, limits=ReadLimits(max_memory_mb=300)) as pool:
        heavy, light = pool.map([big, FIXTURES / "html" / "neixiang-2024-final-gbk.html"])
    assert heavy.error.code == "out-of-memory" and "needs more than 300 MB" in heavy.error.args[0]
    assert light.ok, light.summary()


def test_folder_ingest_with_two_workers_keeps_the_order(tmp_path):
    names = ["huailai-2024-budget.docx", "chengan-2023-budget.docx", "lankao-2024-budget.xlsx"]
    result = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(tmp_path), "ingest", "--jobs", "2",
                             *[str(DOCUMENTS / n) for n in names], str(tmp_path / "missing.pdf")],
                            capture_output=True, text=True, timeout=300)
    lines = result.stdout.splitlines()
    assert [l.split(":")[0] for l in lines] == [f"OK   {n}" for n in names] + [f"FAIL {tmp_path / 'missing.pdf'}"]
    assert result.returncode == 1


def test_unknown_limit_is_bad_usage(tmp_path):
    result = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(tmp_path), "ingest", str(GOOD),
                             "--limit", "max_cows=3"], capture_output=True, text=True)
    assert result.returncode == 2 and "unknown read limit 'max_cows'" in result.stderr
