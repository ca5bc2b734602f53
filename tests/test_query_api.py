"""The graph in Python and on the command line as an analyst uses them: DataFrames with proper
dtypes, formats that keep codes as text, streamed answers, and a command line with manners."""

import io
import subprocess
import sys

import pandas as pd
import pytest
from tests.conftest import DOCUMENTS, expected_facts

from graph import connect
from graph.cli import main


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("api-store")
    for name in ("wenxian-2024-budget.pdf", "neixiang-2024-final.pdf"):
        assert main(["--store", str(folder), "ingest", str(DOCUMENTS / name)]) == 0
    return folder


def _cli(*argv, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "graph.cli", *argv], capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_functional_expenditure_as_a_dataframe_with_proper_dtypes(store):
    with connect(store) as kg:
        frame = kg.query("functional_expenditure")
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        "doc": "string", "unitCode": "string", "year": "int64", "phase": "string", "code": "string", "label": "string",
        "total": "float64", "basic": "float64", "project": "float64", "table": "int64", "row": "int64"}
    row = frame[(frame["doc"] == "wenxian-2024-budget.pdf") & (frame["code"] == "2101202")].iloc[0]
    (fact,) = [f for f in expected_facts("wenxian-2024-budget")["functional"] if f[0] == "2101202"]
    assert (row["unitCode"], row["year"], row["total"]) == ("614", 2024, float(fact[2]))
    assert frame[frame["doc"] == "neixiang-2024-final.pdf"]["unitCode"].isna().all()  # no code printed: missing, not "nan"


def test_named_query_parameters_and_prefix_free_sparql(store):
    with connect(store) as kg:
        ranked = kg.query("units_by_functional_code", code="2080505")
        counted = kg.query("SELECT (COUNT(?d) AS ?n) WHERE { GRAPH ?g { ?d a bgt:Document } }")
    assert ranked[["unitName", "amount"]].values.tolist() == [["温县医疗保障局", 43.71]]
    assert counted["n"].tolist() == [2] and str(counted["n"].dtype) == "int64"


def test_csv_round_trips_codes_as_text(store):
    text = _cli("--store", str(store), "query", "functional_expenditure", "--format", "csv").stdout
    assert ",614,2024,budget,2101202," in text and "614.0" not in text
    back = pd.read_csv(io.StringIO(text), dtype={"unitCode": "string", "code": "string"})
    with connect(store) as kg:
        frame = kg.query("functional_expenditure")
    assert back["code"].tolist() == frame["code"].tolist()
    assert back["unitCode"].fillna("").tolist() == frame["unitCode"].fillna("").tolist()
    assert back["total"].tolist() == frame["total"].tolist()


def test_xlsx_and_parquet_keep_codes_as_text(store, tmp_path):
    from openpyxl import load_workbook

    xlsx, parquet = tmp_path / "f.xlsx", tmp_path / "f.parquet"
    _cli("--store", str(store), "query", "projects", "--format", "xlsx", "-o", str(xlsx))
    _cli("--store", str(store), "query", "projects", "--format", "parquet", "-o", str(parquet))
    sheet = load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    rows = [{h: c for h, c in zip(header, row)} for row in sheet.iter_rows(min_row=2)]
    coded = [r for r in rows if r["projectCode"].value]
    assert coded and all(r["projectCode"].data_type == "s" and r["unitCode"].data_type == "s" for r in coded)
    assert {r["unitCode"].value for r in coded} == {"614"}
    assert all(r["amount"].data_type == "n" and r["year"].value == 2024 for r in coded)
    codes = [r["projectCode"].value for r in coded]
    assert "41082524000000004016" in codes  # 20 digits, as printed (a number would be 4.10825E+19)
    frame = pd.read_parquet(parquet)
    assert str(frame["projectCode"].dtype) in ("string", "str") and str(frame["amount"].dtype) == "float64"
    assert "41082524000000004016" in frame["projectCode"].dropna().tolist()


def test_limit_offset_and_streamed_formats(store):
    all_rows = _cli("--store", str(store), "query", "kpis", "--format", "csv").stdout.splitlines()
    page = _cli("--store", str(store), "query", "kpis", "--format", "csv", "--limit", "3", "--offset", "2").stdout.splitlines()
    assert page == [all_rows[0]] + all_rows[3:6]
    tsv = _cli("--store", str(store), "query", "totals", "--format", "tsv").stdout.splitlines()
    assert tsv[0].startswith("?doc\t?unitCode") and '\t"614"\t2024\t"budget"\t' in "\n".join(tsv)  # TSV keeps types
    table = _cli("--store", str(store), "query", "totals", "--limit", "1").stdout
    assert table.rstrip().endswith("(1 rows)")


def test_prefixes_are_printed_and_known_to_queries(store):
    prefixes = _cli("prefixes").stdout
    assert "PREFIX bgt: <https://w3id.org/budgetkg/def#>" in prefixes and "PREFIX skos:" in prefixes
    out = _cli("--store", str(store), "query", "--format", "csv", "-e",
               "SELECT ?doc WHERE { GRAPH ?g { ?d bgt:fileName ?doc ; bgt:phase/skos:notation 'final' } }").stdout
    assert out.splitlines() == ["doc", "neixiang-2024-final.pdf"]


def test_a_parse_error_is_readable(store):
    result = _cli("--store", str(store), "query", "-e", "SELECT ?x WHERE { ?x foo:bar ?y }", check=False)
    assert result.returncode == 1
    assert "unknown prefix foo:" in result.stderr and "line 1, column" in result.stderr
    assert "\\u{" not in result.stderr and len(result.stderr) < 600


def test_a_missing_store_is_an_error_for_every_read_command(tmp_path):
    missing = str(tmp_path / "no-such-store")
    for argv in (["query", "totals"], ["validate"], ["export", "--format", "html", "-o", str(tmp_path / "x.html")]):
        result = _cli("--store", missing, *argv, check=False)
        assert result.returncode == 2 and "no graph store in" in result.stderr, argv
    assert not (tmp_path / "no-such-store").exists()  # nothing was created


def test_a_closed_pipe_ends_quietly(store):
    shell = f"{sys.executable} -m graph.cli --store {store} query kpis --format csv | head -1; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("doc,unitCode")
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr


def test_every_subcommand_help_has_an_example():
    for command in ("ingest", "crawl", "query", "validate", "serve", "export", "demo", "prefixes"):
        assert "example" in _cli(command, "--help").stdout, command


def test_an_empty_answer_says_what_the_query_needs(store):
    result = _cli("--store", str(store), "query", "yoy_functional")
    assert result.stdout.rstrip().endswith("(0 rows)")
    assert "needs two consecutive fiscal years of one unit in the same phase" in result.stderr
    assert "2024 budget: 1 documents of 1 units" in result.stderr
