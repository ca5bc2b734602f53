"""The ``budgetkg`` command line as a user runs it (../shared/CONTRACTS.md)."""

import csv
import io
import json
import subprocess
import sys

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from graph.cli import main
from tests.conftest import BAD, DOCUMENTS


def _query_json(store, *args) -> dict:
    return json.loads(_run(["--store", str(store), "query", *args, "--format", "json"]))


def _run(argv, capsys=None) -> str:
    result = subprocess.run([sys.executable, "-m", "graph.cli", *argv], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_ingest_prints_a_line_per_document_and_exit_1_when_some_failed(tmp_path, capsys):
    status = main(["--store", str(tmp_path), "ingest", str(DOCUMENTS / "huailai-2024-budget.docx"), str(BAD / "encrypted.pdf")])
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert out[0].startswith("OK   huailai-2024-budget.docx: docx, 怀来县医疗保险中心 2024 budget, 8 tables")
    assert out[0].endswith("triples (loaded)")
    assert out[1].startswith("FAIL encrypted.pdf: encrypted:")
    # the good document is in the graph, the bad one left nothing behind
    rows = _query_json(tmp_path, "totals")["results"]["bindings"]
    assert [(r["doc"]["value"], r["incomeTotal"]["value"]) for r in rows] == [("huailai-2024-budget.docx", "3714.62")]


def test_reingest_of_unchanged_file_is_skipped(tmp_path, capsys):
    doc = str(DOCUMENTS / "huailai-2024-budget.docx")
    assert main(["--store", str(tmp_path), "ingest", doc]) == 0
    assert main(["ingest", doc, "--store", str(tmp_path)]) == 0  # --store after the command too
    assert capsys.readouterr().out.splitlines()[-1].startswith("SAME huailai-2024-budget.docx: unchanged")


def test_query_by_name_file_and_text_in_every_format(tmp_path):
    assert main(["--store", str(tmp_path), "ingest", str(DOCUMENTS / "wenxian-2024-budget.pdf")]) == 0
    table = _run(["--store", str(tmp_path), "query", "three_public"])
    assert table.splitlines()[0].split() == ["doc", "|", "unitCode", "|", "year", "|", "phase", "|", "item", "|",
                                             "amount", "|", "table", "|", "row"]
    assert table.rstrip().endswith("(6 rows)")
    rows = list(csv.DictReader(io.StringIO(_run(["--store", str(tmp_path), "query", "three_public", "--format", "csv"]))))
    assert {r["item"]: r["amount"] for r in rows}["reception"] == "1"
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", encoding="utf-8")
    from_file = _query_json(tmp_path, "-f", str(rq))["results"]["bindings"][0]["n"]["value"]
    from_text = _query_json(tmp_path, "-e", rq.read_text())["results"]["bindings"][0]["n"]["value"]
    assert from_file == from_text and int(from_file) > 3000


def test_query_parameter_binding(tmp_path):
    assert main(["--store", str(tmp_path), "ingest", str(DOCUMENTS / "wenxian-2024-budget.pdf")]) == 0
    rows = _query_json(tmp_path, "units_by_functional_code", "--bind", "code=2080505")["results"]["bindings"]
    assert [(r["unitName"]["value"], r["amount"]["value"]) for r in rows] == [("温县医疗保障局", "43.71")]


def test_unknown_query_and_bad_usage_exit_2(tmp_path):
    assert main(["--store", str(tmp_path), "query", "no_such_query"]) == 2
    assert main(["--store", str(tmp_path), "query", "totals", "--bind", "nonsense"]) == 2
    result = subprocess.run([sys.executable, "-m", "graph.cli", "no-such-command"], capture_output=True)
    assert result.returncode == 2


def test_malformed_sparql_exits_1_with_the_engine_message(tmp_path, capsys):
    assert main(["--store", str(tmp_path), "query", "-e", "SELECT WHERE {"]) == 1
    assert "query failed" in capsys.readouterr().err


def test_demo_crawls_the_bundled_portals_and_answers_every_query(demo_run):
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.rstrip().endswith("budgetkg demo: 6 documents in the graph (expected 6)")
    assert "SHACL: every document conforms" in result.stdout
    for name in ("totals", "functional_expenditure", "kpis", "projects"):
        assert len((tmp_path / "demo" / f"{name}.csv").read_text(encoding="utf-8").splitlines()) > 5
    assert (tmp_path / "demo" / "budgetkg.html").stat().st_size > 100_000


def test_codelists_from_official_heads_and_printed_labels(tmp_path):
    """``budgetkg codelists``: heads from official-heads.tsv, deeper codes named as the demo's
    documents print them, every code under its parent."""
    assert main(["codelists", "-o", str(tmp_path)]) == 0
    functional = Graph().parse(tmp_path / "functional.ttl")
    code = URIRef("https://w3id.org/budgetkg/code/functional/2080505")
    assert str(functional.value(code, SKOS.prefLabel)) == "机关事业单位基本养老保险缴费支出"
    assert functional.value(code, SKOS.broader) == URIRef("https://w3id.org/budgetkg/code/functional/20805")
    head = URIRef("https://w3id.org/budgetkg/code/functional/202")  # no seed prints 外交支出: official only
    assert str(functional.value(head, SKOS.prefLabel)) == "外交支出"
    assert main(["codelists", str(tmp_path / "no-such-folder")]) == 2
