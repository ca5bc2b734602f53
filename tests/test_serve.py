"""``budgetkg serve`` over the seed fixtures' graph, queried as an analyst would (SPARQLWrapper
in every result format, updates refused, a runaway query cut off with a clear error) and as an
attacker would (issue 14): deep queries, SERVICE, foreign pages, crowds, runaway ORDER BY,
floods of errors, a killed engine, a second serve."""

import csv
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError

from graph.query import query_text
from graph.serve import free_port, wait_for_port
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.skipif(__import__("shutil").which("oxigraph") is None, reason="oxigraph server not installed")


class Serve:
    """A real ``budgetkg serve`` in a child process, its log collected as it runs."""

    def __init__(self, store, port, *extra):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/sparql"
        self.proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "--store", str(store), "serve", "--port",
                                      str(port), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.first_line = self.proc.stdout.readline()
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.proc.stderr), daemon=True).start()
        threading.Thread(target=lambda: self.proc.stdout.read(), daemon=True).start()
        if self.proc.poll() is None and self.first_line:
            wait_for_port("127.0.0.1", port)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = tmp_path_factory.mktemp("serve-store")
    subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "ingest", str(DOCUMENTS)], check=True,
                   capture_output=True)
    return store


@pytest.fixture(scope="module")
def server(store):
    served = Serve(store, free_port(), "--timeout", "2", "--max-result-bytes", "2000000", "--cors-origin",
                   "http://yasgui.example")
    assert served.first_line.startswith(f"SPARQL endpoint: http://127.0.0.1:{served.port}/sparql")
    yield served
    served.stop()


@pytest.fixture(scope="module")
def endpoint(server):
    return server.url


def _client(endpoint, query, fmt):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client.query().convert()


def test_select_as_json_xml_csv_tsv(endpoint):
    totals = query_text("totals")
    rows = _client(endpoint, totals, JSON)["results"]["bindings"]
    assert {r["doc"]["value"]: r["incomeTotal"]["value"] for r in rows}["wenxian-2024-budget.pdf"] == "7895.93"
    xml = _client(endpoint, totals, XML)
    assert len(xml.getElementsByTagName("result")) == 5
    by_csv = list(csv.DictReader(io.StringIO(_client(endpoint, totals, CSV).decode("utf-8"))))
    assert {r["doc"]: r["expenditureTotal"] for r in by_csv}["neixiang-2024-final.pdf"] == "2945.68"
    tsv = _client(endpoint, totals, TSV).decode("utf-8").splitlines()
    assert len(tsv) == 6 and tsv[0].startswith("?doc\t?unitCode")


def test_construct_as_turtle_and_json_ld(endpoint):
    construct = """PREFIX bgt: <https://w3id.org/budgetkg/def#>
        CONSTRUCT { ?d bgt:fileName ?f } WHERE { GRAPH ?g { ?d a bgt:Document ; bgt:fileName ?f } }"""
    graph = _client(endpoint, construct, TURTLE)
    assert b"wenxian-2024-budget.pdf" in graph
    ld = _client(endpoint, construct, JSONLD)
    assert len(ld) == 5


def test_get_with_curl_like_request(endpoint):
    url = endpoint + "?query=" + urllib.parse.quote("ASK { GRAPH ?g { ?s ?p ?o } }")
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})) as r:
        assert json.load(r)["boolean"] is True


def test_update_and_graph_store_writes_are_refused(endpoint):
    base = endpoint.rsplit("/", 1)[0]
    for url, data, ctype in ((base + "/update", b"INSERT DATA { <a:a> <a:b> <a:c> }", "application/sparql-update"),
                             (endpoint, b"update=INSERT%20DATA%20%7B%7D", "application/x-www-form-urlencoded"),
                             (base + "/store?default", b"<a:a> <a:b> <a:c> .", "text/turtle")):
        request = urllib.request.Request(url, data=data, headers={"Content-Type": ctype}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request)
        assert 400 <= info.value.code < 500
    count = _client(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { <a:a> ?p ?o }", JSON)["results"]["bindings"][0]["n"]["value"]
    assert count == "0"


def test_runaway_query_is_cut_off_with_a_clear_error(endpoint):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j } }"
    with pytest.raises(EndPointInternalError, match="query timeout"):
        _client(endpoint, runaway, JSON)


def test_oversized_answer_is_cut_while_streaming_and_says_why(endpoint):
    request = urllib.request.Request(endpoint + "?query=" + urllib.parse.quote(
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"), headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead) as info:
            response.read()
    assert info.value.partial.endswith(b"answer cut: the answer is larger than 2000000 bytes: add a LIMIT\n")
    assert len(info.value.partial) < 2_000_000 + 300_000


def _get(url, query, headers=None, timeout=30):
    request = urllib.request.Request(url + "?query=" + urllib.parse.quote(query),
                                     headers={"Accept": "application/sparql-results+json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def _ask(url) -> bool:
    status, body, _ = _get(url, "ASK { GRAPH ?g { ?s ?p ?o } }")
    return status == 200 and json.loads(body)["boolean"] is True


def test_a_bare_query_reads_the_union_of_all_graphs(endpoint):
    status, body, _ = _get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5


def test_a_3000_deep_query_is_refused_and_the_next_ask_answers(endpoint):
    deep = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    status, body, _ = _get(endpoint, deep)
    assert status == 400 and b"nests brackets deeper than this endpoint's limit of 64" in body
    assert _ask(endpoint)


def test_a_service_query_makes_no_connection(endpoint):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    connections = []

    def record():
        deadline = time.time() + 3
        while time.time() < deadline:
            try:
                connections.append(listener.accept())
            except socket.timeout:
                pass

    watcher = threading.Thread(target=record)
    watcher.start()
    answers = [_get(endpoint, f"SELECT * WHERE {{ {form} <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
               for form in ("SERVICE", "service SILENT", "\\u0053ERVICE")]
    watcher.join()
    listener.close()
    assert [status for status, _, _ in answers] == [403, 403, 403]
    assert b"SERVICE (federated query) is off" in answers[0][1]
    assert connections == []


def test_a_form_post_from_a_foreign_page_is_refused(endpoint):
    form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()

    def post(origin):
        request = urllib.request.Request(endpoint, data=form, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
            "Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers)

    assert post("http://evil.example")[0] == 403
    port = endpoint.split(":")[2].split("/")[0]
    assert post(f"http://127.0.0.1:{port}")[0] == 200  # the query page itself
    status, headers = post("http://yasgui.example")  # listed with --cors-origin
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://yasgui.example"


def test_a_foreign_host_name_is_refused(endpoint):
    status, body, _ = _get(endpoint, "ASK {}", headers={"Host": "rebind.example"})
    assert status == 421 and b"--allow-host" in body


def test_50_concurrent_clients_are_all_answered(endpoint):
    totals = query_text("totals")
    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda _: _get(endpoint, totals, timeout=60), range(50)))
    assert [status for status, _, _ in answers] == [200] * 50
    assert all(len(json.loads(body)["results"]["bindings"]) == 5 for _, body, _ in answers)


def _tree(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(c) for c in children.read().split()]
        except OSError:
            continue
    return tree


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total / os.sysconf("SC_CLK_TCK")


def test_a_timed_out_order_by_leaves_the_cpu_idle_within_2s(server):
    runaway = ("SELECT ?x WHERE { { SELECT (COUNT(*) AS ?x) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j } } } }"
               " ORDER BY ?x")
    status, body, _ = _get(server.url, runaway)
    answered = time.monotonic()
    assert status == 500 and b"query timeout" in body
    time.sleep(max(0.0, answered + 1.0 - time.monotonic()))
    before = _cpu_seconds(_tree(server.proc.pid))
    time.sleep(1.0)
    used = _cpu_seconds(_tree(server.proc.pid)) - before
    assert used < 0.3, f"{used:.2f} s of CPU in the second after"
    assert _ask(server.url)
    assert any("was stopped: a query ran over 2 s; restarting it" in line for line in server.log)


def test_1000_erroring_queries_leave_the_endpoint_answering(endpoint):
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda i: _get(endpoint, f"SELECT * WHERE {{ ?s ?p }} # {i}")[0], range(1000)))
    assert statuses == [400] * 1000
    assert _ask(endpoint)


def test_a_dead_engine_is_restarted_and_said(server):
    engine = [p for p in _tree(server.proc.pid)[1:] if b"oxigraph" in open(f"/proc/{p}/cmdline", "rb").read()]
    assert len(engine) == 1
    os.kill(engine[0], 9)
    deadline = time.time() + 20
    while not _ask(server.url) and time.time() < deadline:
        time.sleep(0.2)
    assert _ask(server.url)
    assert any("died (killed by SIGKILL); restarting it" in line for line in server.log)


def test_the_query_page_works_offline(endpoint):
    page = urllib.request.urlopen(endpoint.rsplit("/", 1)[0] + "/").read().decode("utf-8")
    assert 'fetch("sparql"' in page
    assert "<script src" not in page and "<link" not in page and "//" not in page.replace("://w3id", "")


def test_each_serve_owns_its_snapshot_and_a_taken_port_is_said_plainly(server, store):
    snapshots = lambda: sorted(p.name for p in (store / "snapshots").glob("serve-*") if p.is_dir())  # noqa: E731
    mine = snapshots()
    assert len(mine) == 1
    clash = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "serve", "--port",
                            str(server.port)], capture_output=True, text=True, timeout=60)
    assert clash.returncode == 1 and "Traceback" not in clash.stderr
    assert f"cannot listen on 127.0.0.1:{server.port}" in clash.stderr
    second = Serve(store, free_port())
    try:
        assert _ask(second.url) and len(snapshots()) == 2
    finally:
        second.stop()
    assert snapshots() == mine and _ask(server.url)
