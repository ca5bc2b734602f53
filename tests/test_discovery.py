"""Crawling a county portal from its home page: navigation followed by rules kept as data
(crawler/rules/navigation.toml) down to the disclosure columns, every disclosure fetched once,
nothing forbidden, off-host or trapped, within budgets. Asserted from the fixture servers' own
request logs (graph/demo/portals, built by tests/fixtures/build_portals.py)."""

import json
import re
import subprocess
import sys

import pytest

from crawler.portal.article import is_attachment_url
from graph.demo import DISCOVERY_PORTALS, PORTAL_KINDS, serve_portals

PORTALS = PORTAL_KINDS + DISCOVERY_PORTALS
# the disclosure documents of each portal, as the crawl must fetch them: each once, nothing else
DOCUMENTS = {
    "trs": {"/attach/0/7f3c2e1a9b.pdf", "/attach/0/P020240905_neixiang.pdf"},
    "hanweb": {"/module/download/download.jsp?id=1001&classid=0", "/module/download/download.jsp?id=1002&classid=0"},
    "plain": {"/uploadfiles/202402/huailai-2024-budget.docx", "/download.jsp?id=77",
              "/uploadfiles/202402/missing-2024-budget.pdf"},
    "depts": {"/uploads/ybj/0.pdf", "/uploads/ybj/1.docx", "/uploads/czj/0.docx"},  # three levels under 部门信息公开
    "catalog": {"/uploads/yjsgk/0.pdf", "/uploads/yjsgk/1.xlsx"},  # only through 信息公开目录
    "traps": {"/files/yjs/1.pdf", "/files/yjs/2.xlsx"},
}
NEVER = {
    "plain": re.compile(r"^/private/"),  # robots.txt
    "depts": re.compile(r"^/gaj/|/(jgzn|zcwj|zxzj)/"),  # a department link on the home page; other sub-columns
    "catalog": re.compile(r"^/zwgk/"),  # behind the JavaScript menu only
    "traps": re.compile(r"search|calendar|print|jsessionid", re.I),
}
TRAP_LIST_PAGES = 100  # BUDGETKG_MAX_LIST_PAGES: the endless 下一页 chain is cut there


def crawl(store, servers, names, *extra) -> subprocess.CompletedProcess:
    for server in servers.values():
        server.log.clear()
    starts = [arg for name in names for arg in ("--start-url", servers[name].base + "/index.html")]
    return subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "crawl", "--no-politeness",
                           "-s", "BUDGETKG_PROGRESS_INTERVAL=0", *starts, *extra],
                          capture_output=True, text=True, timeout=600)


def requests_of(server) -> list:
    return [r for r in server.log if r.path != "/robots.txt"]


@pytest.fixture(scope="module")
def servers():
    with serve_portals(PORTALS) as servers:
        yield servers


@pytest.fixture(scope="module")
def first_crawl(servers, tmp_path_factory):
    store = tmp_path_factory.mktemp("discovery-store")
    result = crawl(store, servers, PORTALS)
    return store, result, {name: list(server.log) for name, server in servers.items()}


@pytest.mark.parametrize("name", PORTALS)
def test_home_page_crawl_fetches_exactly_the_disclosures(first_crawl, name):
    _, result, logs = first_crawl
    log = [r for r in logs[name] if r.path != "/robots.txt"]
    documents = [r.path for r in log if is_attachment_url("http://x" + r.path)]
    assert sorted(documents) == sorted(DOCUMENTS[name]), result.stdout[-2000:]  # each exactly once
    if name in NEVER:
        assert not [r.path for r in log if NEVER[name].search(r.path)]
    pages = len(log) - len(documents)
    assert pages <= (TRAP_LIST_PAGES + 6 if name == "traps" else 15)


def test_home_page_crawl_stays_on_its_hosts_and_reports(first_crawl):
    _, result, logs = first_crawl
    assert logs["offsite"] == []  # the plain portal's off-host link
    out = result.stdout
    assert "missing-2024-budget.pdf: HTTP 404" in out and "(ruishu-412)" in out
    budgets = [line for line in out.splitlines() if "stopped by budgets" in line]
    assert len(budgets) == 1 and "1 list pages past BUDGETKG_MAX_LIST_PAGES" in budgets[0]  # the traps portal only
    assert len(re.findall(r"^site 127\.0\.0\.1:\d+: finished;", out, re.M)) == len(PORTALS)


def test_second_home_page_crawl_moves_no_attachment_bytes(first_crawl, servers):
    store, _, _ = first_crawl
    crawl(store, servers, PORTALS)
    for name in PORTALS:
        attachments = [r for r in servers[name].log if r.path in DOCUMENTS[name] and "missing" not in r.path]
        assert len(attachments) == len(DOCUMENTS[name] - {"/uploadfiles/202402/missing-2024-budget.pdf"})
        assert all(r.conditional and r.status == 304 and r.bytes_sent == 0 for r in attachments), name


def test_trap_portal_stops_at_its_page_budget_and_says_so(servers, tmp_path):
    result = crawl(tmp_path, servers, ["traps"], "-s", "BUDGETKG_MAX_PAGES=30")
    pages = [r for r in requests_of(servers["traps"]) if not is_attachment_url("http://x" + r.path)]
    assert len(pages) == 30
    assert re.search(r"stopped by budgets: \d+ pages over BUDGETKG_MAX_PAGES", result.stdout), result.stdout
    assert not [r.path for r in servers["traps"].log if NEVER["traps"].search(r.path)]


def test_scrapy_crawl_writes_one_item_line_per_document(servers, tmp_path):
    out = tmp_path / "items.jsonl"
    for server in servers.values():
        server.log.clear()
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "disclosure", "-a",
                             f"start_url={servers['plain'].base}/index.html", "-O", str(out),
                             "-s", f"BUDGETKG_STORE={tmp_path / 'store'}", "-s", "LOG_LEVEL=WARNING",
                             "-s", "BUDGETKG_PROGRESS_INTERVAL=0"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    paths = sorted(item["source"]["locator"].split("/", 3)[3] for item in items)
    assert paths == sorted(p.lstrip("/") for p in DOCUMENTS["plain"])
    assert all("body" not in item for item in items)
    by_path = {item["source"]["locator"].rsplit("/", 1)[1]: item["source"] for item in items}
    assert by_path["huailai-2024-budget.docx"]["status"] == "loaded" and len(by_path["huailai-2024-budget.docx"]["sha256"]) == 64
    assert by_path["download.jsp?id=77"]["status"] == "duplicate"
    assert by_path["missing-2024-budget.pdf"]["status"] == "http-404"


def test_scrapy_check_runs_the_callbacks_contracts(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scrapy", "check", "disclosure", "-s", f"BUDGETKG_STORE={tmp_path}"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert re.search(r"Ran [3-9] contracts", result.stderr + result.stdout)


def test_interrupted_crawl_is_reported_and_resumes_within_the_same_budget(servers, tmp_path):
    import signal
    import time

    argv = [sys.executable, "-m", "graph.cli", "--store", str(tmp_path), "crawl", "--no-politeness",
            "--start-url", servers["traps"].base + "/index.html", "-s", "BUDGETKG_MAX_PAGES=30",
            "-s", "DOWNLOAD_DELAY=0.1", "-s", "CONCURRENT_REQUESTS=1", "-s", "BUDGETKG_PROGRESS_INTERVAL=0"]
    servers["traps"].log.clear()
    first = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.time() + 60
    while len(requests_of(servers["traps"])) < 12 and time.time() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGTERM)
    out, _ = first.communicate(timeout=120)
    assert first.returncode == 1 and "interrupted (shutdown)" in out
    second = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert "resumed, finished" in second.stdout, second.stdout
    pages = [r for r in requests_of(servers["traps"]) if not is_attachment_url("http://x" + r.path)]
    assert len(pages) == 30  # the budget spans both runs: the resumed crawl does not start afresh in the trap


@pytest.mark.parametrize("name, setting, said", [
    ("depts", "BUDGETKG_MAX_DEPTH=3", "links deeper than BUDGETKG_MAX_DEPTH"),  # the 财政资金 columns are 4 clicks down
    ("traps", "BUDGETKG_MAX_REQUESTS_PER_HOST=20", "requests over BUDGETKG_MAX_REQUESTS_PER_HOST"),
])
def test_depth_and_host_budgets(servers, tmp_path, name, setting, said):
    result = crawl(tmp_path, servers, [name], "-s", setting)
    assert said in result.stdout, result.stdout
    if name == "depts":
        assert not [r for r in servers[name].log if "/czzj/" in r.path]
    else:
        assert len(servers[name].log) == 20  # robots.txt included: every request to the host counts


def test_navigation_rules_rank_columns_first_and_skip_traps():
    from crawler.portal.navigation import is_trap, navigation_links

    html = """<a href="/xxgk/">政府信息公开</a><a href="/czxx/">财政信息</a><a href="/yjs/">部门预决算</a>
    <a href="/xxgkzn/">政府信息公开指南</a><a href="/search.jsp?keyword=预算">预算</a><a href="/ybj/">县医疗保障局</a>
    <a href="/news/1.html">关于2024年部门预算公开工作的通知</a>"""
    links = navigation_links("http://county/", html)
    assert [link.url for link in links] == ["http://county/yjs/", "http://county/czxx/", "http://county/xxgk/"]
    departments = navigation_links("http://county/", html, reached_by="disclosure-portal")
    assert "http://county/ybj/" in [link.url for link in departments]
    assert is_trap("http://county/xxgk/print.jsp?id=3") and is_trap("http://county/a.html;jsessionid=0A")
    assert is_trap("http://county/calendar/2024-01-01.html") and is_trap("http://county/x.html", "打印本页")
    assert not is_trap("http://county/xxgk/blueprint/index.html") and not is_trap("http://county/research/yjs.html")
