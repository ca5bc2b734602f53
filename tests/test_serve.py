"""``budgetkg serve`` over the seed fixtures' graph, queried as an analyst would: SPARQLWrapper
in every result format, updates refused, a runaway query cut off with a clear error."""

import csv
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError

from graph.query import query_text
from graph.serve import free_port, wait_for_port
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.skipif(__import__("shutil").which("oxigraph") is None, reason="oxigraph server not installed")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    store = tmp_path_factory.mktemp("serve-store")
    subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(store), "ingest", str(DOCUMENTS)], check=True,
                   capture_output=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "--store", str(store), "serve", "--port", str(port),
                             "--timeout", "2", "--max-result-bytes", "2000000"], stdout=subprocess.PIPE, text=True)
    first_line = proc.stdout.readline()
    assert first_line.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/sparql")
    wait_for_port("127.0.0.1", port)
    yield f"http://127.0.0.1:{port}/sparql"
    proc.terminate()
    proc.wait(10)


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


def test_oversized_answer_asks_for_a_limit(endpoint):
    request = urllib.request.Request(endpoint + "?query=" + urllib.parse.quote(
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"), headers={"Accept": "application/sparql-results+json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request)
    assert info.value.code == 413 and b"LIMIT" in info.value.read()
