"""A crawl that ends and says what it could not do: downloads over the size cap or timed out
are listed in the report, a very long file name is shortened (never dropped), progress is
shown while the crawl runs. A small portal built in the test's own folder."""

import json
import subprocess
import sys

import pytest

from crawler.document_index import DocumentIndex
from graph.demo.server import PortalServer
from tests.conftest import DOCUMENTS

LONG_NAME = "关于" + "某县医疗保障局部门预算公开的说明" * 18 + ".docx"  # 300 characters


@pytest.fixture
def portal(tmp_path):
    folder = tmp_path / "portal"
    folder.mkdir()
    links = "".join(f'<li><a href="/art/{n}.html">某县{n}号单位2024年部门预算公开</a></li>' for n in range(4))
    routes = {
        "/robots.txt": {"body": "User-agent: *\nAllow: /\n", "content_type": "text/plain"},
        "/index.html": {"body": f"<html><body><ul>{links}</ul></body></html>"},
        "/files/big.pdf": {"file": str(DOCUMENTS / "wenxian-2024-budget.pdf"), "content_type": "application/pdf"},
        "/files/slow.pdf": {"file": str(DOCUMENTS / "wenxian-2024-budget.pdf"), "delay": 3},
        "/download.jsp?id=7": {"file": str(DOCUMENTS / "huailai-2024-budget.docx"),
                               "headers": {"Content-Disposition": list(f'attachment; filename="{LONG_NAME}"'.encode("gbk"))}},
        "/files/slow.html": {"body": "<html></html>", "delay": 3},
    }
    for n, target in enumerate(["/files/big.pdf", "/files/slow.pdf", "/download.jsp?id=7"]):
        routes[f"/art/{n}.html"] = {"body": f'<html><body><h1>某县{n}号单位2024年部门预算公开</h1>'
                                            f'<a href="{target}">附件</a></body></html>'}
    routes["/art/3.html"] = {"body": "<html></html>", "delay": 3}  # an article page that times out
    (folder / "routes.json").write_text(json.dumps(routes, ensure_ascii=False), encoding="utf-8")
    with PortalServer(folder) as server:
        yield server


def test_oversized_and_timed_out_downloads_are_listed_and_long_names_kept(portal, tmp_path):
    store = tmp_path / "store"
    result = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "crawl", "--no-politeness",
                             "--start-url", portal.base + "/index.html", "-s", "DOWNLOAD_MAXSIZE=100000",
                             "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=0", "-s", "BUDGETKG_PROGRESS_INTERVAL=0"],
                            capture_output=True, text=True, timeout=300)
    out = result.stdout
    assert result.returncode == 1
    assert "FAIL " + portal.base + "/files/big.pdf: over the size cap" in out
    assert "FAIL " + portal.base + "/files/slow.pdf: timed out" in out
    assert "UNFETCHED " in out and "/art/3.html (timeout: timed out" in out
    index = DocumentIndex(store / "documents.sqlite")
    rows = {r.locator.rsplit("/", 1)[1]: r for r in index.rows()}
    index.close()
    assert rows["big.pdf"].status == "too-large" and rows["slow.pdf"].status == "timeout"
    long = rows["download.jsp?id=7"]
    assert long.status == "loaded" and long.file_name.endswith("….docx") and len(long.file_name) == 100
    assert long.file_name.startswith("关于某县医疗保障局")


def test_progress_is_shown_while_the_crawl_runs(portal, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "--store", str(tmp_path / "store"), "crawl",
                             "--no-politeness", "--start-url", portal.base + "/index.html", "-s", "DOWNLOAD_DELAY=0.5",
                             "-s", "CONCURRENT_REQUESTS=1", "-s", "BUDGETKG_PROGRESS_INTERVAL=0.5"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = proc.stdout.readline()  # printed while the crawl is under way
    running = proc.poll() is None
    rest, _ = proc.communicate(timeout=300)
    assert running and first.startswith("progress 127.0.0.1:")
    assert "pages," in first and "documents found," in first and "stored," in first and "failed" in first
    assert [line for line in rest.splitlines() if line.startswith("site 127.0.0.1:")]  # then the report
