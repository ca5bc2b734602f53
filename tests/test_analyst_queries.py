"""The analysts' questions (queries/*.rq beyond the contract), on the seed fixtures' graph."""

import copy
from decimal import Decimal

import pytest

from crawler.provenance import DocumentSource
from graph.iris import document_iri
from graph.mapping import records_to_graph
from graph.query import bind_parameters, query_text, rows_of
from graph.store import open_store
from tests.conftest import DOCUMENTS, records_of


def _rows(store, name, **bindings):
    return rows_of(store.select(bind_parameters(query_text(name), bindings)))


def test_project_share_of_each_document(seed_store):
    shares = {r["doc"]: r["projectSharePercent"] for r in _rows(seed_store, "project_share")}
    assert shares["wenxian-2024-budget.pdf"] == Decimal("94.4")  # 7453.94 / 7895.93
    assert shares["neixiang-2024-final.pdf"] == Decimal("79.96")  # 2355.23 / 2945.68
    assert len(shares) == 5


def test_units_ranked_by_functional_code(seed_store):
    rows = _rows(seed_store, "units_by_functional_code", code="2080505")
    assert [r["amount"] for r in rows if r["year"] == 2024] == sorted((r["amount"] for r in rows if r["year"] == 2024), reverse=True)
    assert ("温县医疗保障局", Decimal("43.71")) in [(r["unitName"], r["amount"]) for r in rows]


def test_a_parameter_written_with_a_dollar_is_inlined_as_a_constant():
    text = 'SELECT ?code WHERE { VALUES ?code { "210" } VALUES ?inRegion { UNDEF } ?c skos:notation $code ; rdfs:label $inRegion }'
    assert '?c skos:notation "2101202" ; rdfs:label $inRegion' in bind_parameters(text, {"code": "2101202"})
    assert 'skos:notation "210" ;' in bind_parameters(text, {})  # the default, when not bound
    assert 'skos:notation "a \\"b\\"" ;' in bind_parameters(text, {"code": 'a "b"'})


@pytest.mark.parametrize("name, bindings", [("units_by_functional_code", {"code": "2080505"}),
                                            ("units_by_functional_code", {}),
                                            ("units_ranked_in_region", {"code": "2101202", "inRegion": "温县"}),
                                            ("units_ranked_in_region", {})])
def test_an_inlined_parameter_gives_the_rows_of_the_plain_variable(seed_store, name, bindings):
    inlined = _rows(seed_store, name, **bindings)
    plain = rows_of(seed_store.select(bind_parameters(query_text(name).replace("$", "?"), bindings)))
    assert inlined and sorted(map(repr, inlined)) == sorted(map(repr, plain))


def test_kpi_targets_of_one_indicator_across_units(seed_store):
    rows = _rows(seed_store, "kpi_targets_across_units", indicator="满意度")
    units = {r["unitName"] for r in rows}
    assert {"温县医疗保障局", "内乡县医疗保障局"} <= units
    assert all("满意度" in r["indicatorName"] for r in rows)


def test_self_evaluation_shortfalls_neixiang(seed_store):
    rows = _rows(seed_store, "self_evaluation_shortfalls")
    assert rows and {r["doc"] for r in rows} == {"neixiang-2024-final.pdf"}
    (row,) = [r for r in rows if r["indicator"] == "一至六级残疾军人报销人次"]
    assert (row["target"], row["actual"], row["score"], row["weight"]) == ("≥285人次", "282人次", Decimal("9.89"), Decimal("10"))


def test_findings_are_listed_with_their_table(seed_store):
    rows = _rows(seed_store, "findings")
    assert rows and all(r["rule"] and r["message"] for r in rows)
    assert any(r["doc"] == "wenxian-2024-budget.pdf" and r["table"] == 10 for r in rows)


def test_coverage_shows_missing_years(seed_store):
    rows = {(r["unitName"], r["year"]): (r["budgetDocs"], r["finalDocs"]) for r in _rows(seed_store, "coverage")}
    assert rows[("温县医疗保障局", 2024)] == (1, 0)
    assert rows[("温县医疗保障局", 2023)] == (0, 0)  # 2023 is covered by 成安 only
    assert rows[("内乡县医疗保障局", 2024)] == (0, 1)


def test_year_over_year_change_per_code(tmp_path):
    store = open_store(tmp_path)
    current = records_of(str(DOCUMENTS / "wenxian-2024-budget.pdf"))
    previous = copy.deepcopy(current)
    previous.document.year = 2023
    for row in previous.functional:
        if row.code == "2101202" and row.total is not None:
            row.total = row.total - Decimal("100")
    for records, url in ((current, "https://wenxian.example/2024.pdf"), (previous, "https://wenxian.example/2023.pdf")):
        store.replace_graph(document_iri(url), records_to_graph(records, DocumentSource(url, "0" * 64)))
    rows = [r for r in _rows(store, "yoy_functional") if r["code"] == "2101202"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["year"], row["previousYear"], row["change"]) == (2024, 2023, Decimal("100"))
    assert row["changePercent"] == (Decimal(100) * 100 / row["previousAmount"]).quantize(Decimal("0.01"))
    unchanged = [r for r in _rows(store, "yoy_functional") if r["code"] == "2080505"]
    assert unchanged[0]["change"] == 0
    store.close()
