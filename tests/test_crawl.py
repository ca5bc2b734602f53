"""The crawler against three fixture portals (TRS, Hanweb, plain) served on 127.0.0.1: which
documents are downloaded and ingested, asserted from the servers' own request logs; an
incremental second crawl; a republished document; overlapping runs."""

import fcntl
import subprocess
import sys
from decimal import Decimal

import pytest

from crawler.document_index import DocumentIndex
from graph.query import query_text, rows_of
from graph.store import open_store
from tests.conftest import RENDERINGS, expected_facts, site_args

DOCUMENT_PATHS = {
    ("trs", "/attach/0/7f3c2e1a9b.pdf"),
    ("trs", "/attach/0/P020240905_neixiang.pdf"),
    ("hanweb", "/module/download/download.jsp?id=1001&classid=0"),
    ("hanweb", "/module/download/download.jsp?id=1002&classid=0"),
    ("plain", "/uploadfiles/202402/huailai-2024-budget.docx"),
    ("plain", "/download.jsp?id=77"),
    ("plain", "/uploadfiles/202402/missing-2024-budget.pdf"),
}
NEVER = {
    ("trs", "/zwgk/czyjs/202401/t20240110_103.html"),  # 审计工作报告: noise
    ("hanweb", "/art/2024/1/18/art_1731_502.html"),  # 招聘公告
    ("hanweb", "/art/2024/1/16/art_1731_503.html"),  # 政府工作报告
    ("hanweb", "/art/2023/2/6/art_1731_505.html"),  # 招聘公告
    ("plain", "/xxgk/zfgzbg/2024.html"),  # 政府工作报告
    ("plain", "/private/draft_2024_budget.html"),  # robots.txt: Disallow /private/
}
# ?doc of each ingested document → the seed whose facts it must carry
INGESTED = {
    "7f3c2e1a9b.pdf": "wenxian-2024-budget",
    "P020240905_neixiang.pdf": "neixiang-2024-final",
    "t20240906_202.html": "neixiang-2024-final",  # the GBK article, tables inline
    "开封市医疗保障局兰考分局2024年部门预算.xlsx": "lankao-2024-budget",  # Content-Disposition in raw GBK
    "成安县医疗保障局2023年单位预算.docx": "chengan-2023-budget",  # RFC 5987 name
}
# the same bytes under two URLs (/uploadfiles/…/huailai-2024-budget.docx and /download.jsp?id=77,
# named 怀来县医保中心.docx): downloads run concurrently, so whichever arrives first is stored and
# the other recorded as its duplicate
TWINS = {"huailai-2024-budget.docx": "/uploadfiles/202402/huailai-2024-budget.docx",
         "怀来县医保中心.docx": "/download.jsp?id=77"}


def ingested(names) -> dict[str, str]:
    """INGESTED, with the one of the twins that was stored."""
    stored = [name for name in TWINS if name in names]
    assert len(stored) == 1, names
    return {**INGESTED, stored[0]: "huailai-2024-budget"}


def crawl(store, servers, *extra) -> subprocess.CompletedProcess:
    for server in servers.values():
        server.log.clear()
    return subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "crawl", "--no-politeness",
                           *site_args(servers), *extra], capture_output=True, text=True, timeout=300)


def fetched(servers) -> list[tuple[str, str, int, int, bool]]:
    return [(name, r.path, r.status, r.bytes_sent, r.conditional) for name, s in servers.items() for r in s.log]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return tmp_path_factory.mktemp("crawl-store")


def test_first_crawl_downloads_exactly_the_disclosures(portals, store):
    result = crawl(store, portals)
    assert result.returncode == 1, result.stderr[-2000:]  # the 404 and the anti-bot page are reported
    log = fetched(portals)
    documents = {(name, path) for name, path, *_ in log if (name, path) in DOCUMENT_PATHS}
    assert documents == DOCUMENT_PATHS
    assert all(n == 1 for n in [sum(1 for x in log if x[:2] == d) for d in DOCUMENT_PATHS])
    assert not {(name, path) for name, path, *_ in log} & NEVER
    assert not [x for x in log if x[0] == "offsite"]  # the off-domain link was not followed
    assert ("trs", "/zwgk/czyjs/index_1.html") in {(n, p) for n, p, *_ in log}  # createPageHTML pages
    assert sum(1 for n, p, *_ in log if "dataproxy.jsp" in p) == 2  # Hanweb record groups
    out = result.stdout
    assert "FAIL http://127.0.0.1" in out and "missing-2024-budget.pdf: HTTP 404" in out
    assert "BLOCKED fixture-trs:" in out and "t20240202_102.html (ruishu-412)" in out


def test_ingested_documents_answer_the_queries(store):
    graph = open_store(store)
    try:
        totals = {r["doc"]: r for r in rows_of(graph.select(query_text("totals")))}
        documents = {r["doc"]: r for r in rows_of(graph.select(query_text("documents")))}
    finally:
        graph.close()
    expected = ingested(documents)
    assert set(documents) == set(expected)  # every document stored…
    # …and the 决算 published both as a PDF and as an HTML article counted once
    assert documents["t20240906_202.html"]["status"] == "duplicate"
    assert documents["t20240906_202.html"]["canonicalDoc"] == "P020240905_neixiang.pdf"
    assert set(totals) == set(expected) - {"t20240906_202.html"}
    for doc, seed in expected.items():
        facts = expected_facts(seed)
        assert documents[doc]["unitName"] == facts["document"]["unit_name"], doc
        if doc in totals:
            assert totals[doc]["incomeTotal"] == Decimal(facts["totals"]["income_total"]), doc


def test_index_keeps_provenance_and_stores_same_bytes_once(store):
    index = DocumentIndex(store / "documents.sqlite")
    rows = {r.locator.split("/", 3)[3]: r for r in index.rows()}
    index.close()
    twins = [rows[path.lstrip("/")] for path in TWINS.values()]
    duplicate, = [r for r in twins if r.status == "duplicate"]
    stored, = [r for r in twins if r is not duplicate]
    assert stored.status == "loaded" and duplicate.error.endswith(stored.locator)
    lankao = rows["module/download/download.jsp?id=1001&classid=0"]
    assert lankao.referrer.endswith("/art/2024/1/20/art_1731_501.html")
    assert lankao.article_title == "开封市医疗保障局兰考分局2024年部门预算公开" and lankao.article_date == "2024-01-20"
    assert lankao.etag and lankao.last_modified and len(lankao.sha256) == 64
    assert len(list((store / "files").rglob("*.*"))) == 6  # six distinct byte strings


def test_second_crawl_downloads_no_attachment_bytes(portals, store):
    crawl(store, portals)
    attachments = [x for x in fetched(portals) if (x[0], x[1]) in DOCUMENT_PATHS and "missing" not in x[1]]
    assert len(attachments) == 6
    assert all(conditional and status == 304 and sent == 0 for _, _, status, sent, conditional in attachments)
    index = DocumentIndex(store / "documents.sqlite")
    statuses = {r.locator.rsplit("/", 1)[-1]: r.status for r in index.rows()}
    index.close()
    assert statuses["7f3c2e1a9b.pdf"] == "unchanged"


def test_republished_document_replaces_its_graph(portals, store):
    portals["trs"].overrides["/attach/0/7f3c2e1a9b.pdf"] = (RENDERINGS / "chengan-2023-budget.pdf").read_bytes()
    try:
        crawl(store, portals)
    finally:
        portals["trs"].overrides.clear()
    changed = [x for x in fetched(portals) if x[1] == "/attach/0/7f3c2e1a9b.pdf"]
    assert changed == [("trs", "/attach/0/7f3c2e1a9b.pdf", 200, len((RENDERINGS / "chengan-2023-budget.pdf").read_bytes()), True)]
    graph = open_store(store)
    try:
        totals = {r["doc"]: r for r in rows_of(graph.select(query_text("totals")))}
        documents = {r["doc"]: r for r in rows_of(graph.select(query_text("documents")))}
    finally:
        graph.close()
    assert len(documents) == 6
    # the new bytes' facts, old ones gone: the file now publishes 成安's 2023 budget, which the
    # .docx publishes too, so one of the two answers for that disclosure
    assert documents["7f3c2e1a9b.pdf"]["unitName"] == "成安县医疗保障局机关本级"
    chengan = [d for d in ("7f3c2e1a9b.pdf", "成安县医疗保障局2023年单位预算.docx") if d in totals]
    assert len(chengan) == 1 and totals[chengan[0]]["incomeTotal"] == Decimal("7414.81")
    assert "温县医疗保障局" not in {r["unitName"] for r in documents.values()}


def test_overlapping_crawl_is_refused(portals, store):
    with open(store / "crawl.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = crawl(store, portals)
    assert result.returncode == 1 and "another crawl is running" in result.stderr
    assert fetched(portals) == []


def test_generic_mode_from_one_start_url(portals, tmp_path):
    result = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(tmp_path), "crawl", "--no-politeness",
                             "--start-url", portals["plain"].base + "/xxgk/yjsgk/index.html"],
                            capture_output=True, text=True, timeout=300)
    assert "documents {'loaded': 1, 'http_error': 1, 'duplicate': 1}" in result.stdout, result.stdout


def test_crawl_stopped_midway_resumes_from_its_jobdir(portals, tmp_path):
    import signal
    import time

    for server in portals.values():
        server.log.clear()
    argv = [sys.executable, "-m", "graph.cli", "--store", str(tmp_path), "crawl", "--no-politeness",
            "-s", "DOWNLOAD_DELAY=0.4", "-s", "CONCURRENT_REQUESTS=1", *site_args(portals)]
    first = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while len(fetched(portals)) < 8 and time.time() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGTERM)  # what cron's timeout or a reboot sends
    out, _ = first.communicate(timeout=120)
    assert "shutdown" in out and list((tmp_path / "jobs").iterdir())  # the JOBDIRs are kept
    before = {(n, p) for n, p, *_ in fetched(portals) if p != "/robots.txt"}
    for server in portals.values():
        server.log.clear()
    second = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    after = [(n, p) for n, p, *_ in fetched(portals) if p != "/robots.txt"]
    assert not set(after) & {x for x in before if x not in DOCUMENT_PATHS}  # pages seen before are not asked again
    assert "finished" in second.stdout and not list((tmp_path / "jobs").iterdir())
    graph = open_store(tmp_path)
    try:
        assert len(rows_of(graph.select(query_text("documents")))) == 6
    finally:
        graph.close()
