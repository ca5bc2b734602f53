"""Distributed crawling with scrapy-redis: two crawler processes (two "machines", each with its
own store) share one frontier in a real redis-server on loopback; every URL is fetched once.

Versions: scrapy-redis 0.9.1's RedisSpider still relies on start_requests() and synchronous
spider middleware, which Scrapy 2.13+ deprecates and 2.16 removes; we use only its Scheduler
and RFPDupeFilter (plain Redis queue and set, no spider API) with our own spider, which keeps
itself alive while peers work. This test proves that combination on the installed Scrapy."""

import shutil
import subprocess
import sys
from collections import Counter

import pytest

from graph.serve import free_port, wait_for_port
from tests.conftest import site_args

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None,
                                reason="redis-server not installed (.ci/run installs Debian's redis-server)")


@pytest.fixture
def redis_url(tmp_path):
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    wait_for_port("127.0.0.1", port)
    yield f"redis://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


def test_two_processes_share_one_frontier(portals, redis_url, tmp_path):
    # An idle process looks at the shared queue on Scrapy's engine heartbeat (every 5 s): the
    # download delay makes each site's crawl outlast several heartbeats, so both take part.
    for server in portals.values():
        server.log.clear()
    machines = [subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "--store", str(tmp_path / f"machine{i}"), "crawl", "--no-politeness",
         "--redis", redis_url, "-s", "DOWNLOAD_DELAY=1.5", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "CONCURRENT_REQUESTS=1",
         *site_args(portals)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    outputs = [m.communicate(timeout=300)[0] for m in machines]
    requests = Counter((name, r.method, r.path) for name, s in portals.items() for r in s.log if r.path != "/robots.txt")
    assert [k for k, n in requests.items() if n > 1] == []  # each URL once, across both processes
    documents = {p for (_, _, p) in requests if "download" in p or p.startswith(("/attach/", "/uploadfiles/"))}
    assert len(documents) == 7  # the six documents (one under two URLs) and the 404
    per_machine = [sum(int(part.split()[0]) for part in out.split("; ")[1::2] if part.split()[0].isdigit())
                   for out in (o.replace(" requests,", " requests;") for o in outputs)]
    assert all(n > 0 for n in per_machine), outputs  # both took part
