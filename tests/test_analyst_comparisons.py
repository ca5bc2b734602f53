"""The analysts' comparisons on one unit's budgets and final accounts of two years
(tests/fixtures/analyst, built by tests/fixtures/build_analyst_documents.py): 内乡县市场监督管理局's
2018 budget, 2019 budget and 2019 final accounts, and 内乡县卫生健康委员会's 2019 budget. Every
expected row is stated in full."""

from decimal import Decimal as D

import pytest
from tests.conftest import FIXTURES
from rdflib import Graph

from crawler.provenance import sha256_of
from graph.load import load_document
from graph.query import bind_parameters, query_text, rows_of
from crawler.provenance import DocumentSource
from graph.store import open_store
from graph.store.base import load_vocabulary

ANALYST = FIXTURES / "analyst"
PUBLISHED = {  # the portal article's date of each document
    "neixiang-market-2018-budget.html": "2018-02-10",
    "neixiang-market-2019-budget.html": "2019-02-20",
    "neixiang-market-2019-final.html": "2020-09-30",
    "neixiang-health-2019-budget.html": "2019-03-25",
}
MARKET = "内乡县市场监督管理局"
HEALTH = "内乡县卫生健康委员会"
BUDGET_2019, FINAL_2019 = "neixiang-market-2019-budget.html", "neixiang-market-2019-final.html"
# 内乡县's 批复 dates of 2019 (a test calendar: the shipped one holds no invented dates)
CALENDAR = """
@prefix bgt: <https://w3id.org/budgetkg/def#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/budgetkg/id/approval/411325/2019/budget> a bgt:BudgetApproval ;
    bgt:region <https://w3id.org/budgetkg/id/region/411325> ; bgt:fiscalYear 2019 ;
    bgt:phase <https://w3id.org/budgetkg/code/phase/budget> ; bgt:approvedOn "2019-02-01"^^xsd:date .
<https://w3id.org/budgetkg/id/approval/411325/2019/final> a bgt:BudgetApproval ;
    bgt:region <https://w3id.org/budgetkg/id/region/411325> ; bgt:fiscalYear 2019 ;
    bgt:phase <https://w3id.org/budgetkg/code/phase/final> ; bgt:approvedOn "2020-08-28"^^xsd:date .
"""


def source_of(name: str) -> DocumentSource:
    path = ANALYST / name
    return DocumentSource(f"https://www.neixiang.gov.cn/attach/{name}", sha256_of(path), article_date=PUBLISHED[name])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("analyst-store"))
    load_vocabulary(store)
    for name in PUBLISHED:
        result = load_document(store, ANALYST / name, source_of(name))
        assert result.ok, result.summary()
    store.replace_graph("https://w3id.org/budgetkg/graph/calendar/test", Graph().parse(data=CALENDAR, format="turtle"))
    yield store
    store.close()


def rows(store, name: str, columns: list[str], **bindings) -> list[tuple]:
    return [tuple(r[c] for c in columns) for r in rows_of(store.select(bind_parameters(query_text(name), bindings)))]


def test_one_unit_one_iri_across_years_and_phases(store):
    units = {r["unitName"] for r in rows_of(store.select(query_text("units")))}
    assert units == {MARKET, HEALTH}
    coverage = rows(store, "coverage", ["unitName", "year", "budgetDocs", "finalDocs"])
    assert [r for r in coverage if r[0] == MARKET] == [(MARKET, 2018, 1, 0), (MARKET, 2019, 1, 1)]


def test_budget_execution_2019_per_code(store):
    got = rows(store, "budget_execution", ["unitName", "year", "code", "label", "budget", "final", "difference",
                                           "executionPercent", "budgetDoc", "finalDoc"])
    expected = [
        ("201", "一般公共服务支出", "150", "141", "-9", "94"),
        ("20138", "市场监督管理事务", "150", "141", "-9", "94"),
        ("2013801", "行政运行", "40", "41", "1", "102.5"),
        ("2013899", "其他市场监督管理事务", "110", "100", "-10", "90.91"),
        ("208", "社会保障和就业支出", "44", "44", "0", "100"),
        ("20805", "行政事业单位养老支出", "44", "44", "0", "100"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "44", "44", "0", "100"),
        ("210", "卫生健康支出", "33", "30.5", "-2.5", "92.42"),
        ("21011", "行政事业单位医疗", "33", "30.5", "-2.5", "92.42"),
        ("2101101", "行政单位医疗", "33", "30.5", "-2.5", "92.42"),
    ]
    assert got == [(MARKET, 2019, code, label, D(b), D(f), D(diff), D(rate), BUDGET_2019, FINAL_2019)
                   for code, label, b, f, diff, rate in expected]


def test_budget_execution_of_a_region_without_final_accounts_is_empty_with_a_hint(store):
    assert rows(store, "budget_execution", ["code"], inRegion="温县") == []


def test_year_over_year_across_the_2019_code_list_change(store):
    got = rows(store, "yoy_functional", ["unitName", "phase", "code", "year", "amount", "previousYear", "previousAmount",
                                         "change", "changePercent", "previousCode", "previousLabel", "codeChange"])
    expected = [
        ("20138", "150", "130", "20", "15.38", "21010", "食品和药品监督管理事务", "moved"),
        ("2013801", "40", "30", "10", "33.33", "2101001", "行政运行", "moved"),
        ("2013899", "110", "100", "10", "10", "2101099", "其他食品和药品监督管理事务支出", "moved"),
        ("208", "44", "40", "4", "10", "208", "社会保障和就业支出", None),
        ("20805", "44", "40", "4", "10", "20805", "行政事业单位离退休", None),
        ("2080505", "44", "40", "4", "10", "2080505", "机关事业单位基本养老保险缴费支出", None),
        ("210", "33", "160", "-127", "-79.37", "210", "医疗卫生与计划生育支出", "renamed"),
        ("21011", "33", "30", "3", "10", "21011", "行政事业单位医疗", None),
        ("2101101", "33", "30", "3", "10", "2101101", "行政单位医疗", None),
    ]
    assert got == [(MARKET, "budget", code, 2019, D(a), 2018, D(p), D(c), D(pct), pc, pl, kind)
                   for code, a, p, c, pct, pc, pl, kind in expected]


def test_kpi_target_vs_actual(store):
    got = rows(store, "kpi_target_vs_actual", ["unitName", "year", "projectName", "indicatorName", "budgetTarget", "target",
                                               "actual", "actualValue", "met", "weight", "score"])
    assert got == [
        (MARKET, 2019, "食品安全抽检监测", "抽检任务完成率", "≥95%", "≥95%", "93%", D("93"), False, D("20"), D("18")),
        (MARKET, 2019, "食品安全抽检监测", "群众满意度", "≥90%", "≥90%", "92%", D("92"), True, D("10"), D("10")),
        (MARKET, 2019, "食品安全抽检监测", "食品抽检批次", "≥500批次", "≥500批次", "520批次", D("520"), None, D("20"), D("20")),
    ]
    assert [r[3] for r in rows(store, "kpi_target_vs_actual", ["unitName", "year", "projectName", "indicatorName"],
                               indicator="满意度")] == ["群众满意度"]


def test_units_ranked_inside_their_region(store):
    got = rows(store, "units_ranked_in_region", ["region", "code", "label", "year", "phase", "rank", "unitName", "amount",
                                                 "sharePercent", "regionUnits"], inRegion="内乡县")
    assert got == [
        ("内乡县", "210", "卫生健康支出", 2018, "budget", 1, MARKET, D("160"), D("100"), 1),
        ("内乡县", "210", "卫生健康支出", 2019, "budget", 1, HEALTH, D("500"), D("93.81"), 2),
        ("内乡县", "210", "卫生健康支出", 2019, "budget", 2, MARKET, D("33"), D("6.19"), 2),
        ("内乡县", "210", "卫生健康支出", 2019, "final", 1, MARKET, D("30.5"), D("100"), 1),
    ]
    assert rows(store, "units_ranked_in_region", ["unitName"], inRegion="温县") == []


def test_disclosure_timeliness_against_the_20_day_rule(store):
    got = rows(store, "disclosure_timeliness", ["region", "year", "phase", "unitName", "issued", "approvedOn", "deadline",
                                                "daysLate", "timely"])
    assert [tuple(str(v) if v is not None else None for v in r) for r in got] == [
        ("内乡县", "2018", "budget", MARKET, "2018-02-10", None, None, None, None),
        ("内乡县", "2019", "budget", HEALTH, "2019-03-25", "2019-02-01", "2019-02-21", "32", "False"),
        ("内乡县", "2019", "budget", MARKET, "2019-02-20", "2019-02-01", "2019-02-21", "-1", "True"),
        ("内乡县", "2019", "final", MARKET, "2020-09-30", "2020-08-28", "2020-09-17", "13", "False"),
    ]


def test_disclosure_coverage_per_region_and_year(store):
    got = rows(store, "disclosure_coverage", ["region", "year", "phase", "units", "timely", "late", "unknown", "maxDaysLate"])
    assert got == [("内乡县", 2018, "budget", 1, 0, 0, 1, None), ("内乡县", 2019, "budget", 2, 1, 1, 0, 32),
                   ("内乡县", 2019, "final", 1, 0, 1, 0, 13)]


def test_region_totals_from_the_precomputed_summary(store):
    got = rows(store, "region_totals", ["region", "regionCode", "year", "phase", "code", "label", "amount", "units"],
               inYear="2019")
    assert got == [
        ("内乡县", "411325", 2019, "budget", "201", "一般公共服务支出", D("150"), 1),
        ("内乡县", "411325", 2019, "budget", "208", "社会保障和就业支出", D("44"), 1),
        ("内乡县", "411325", 2019, "budget", "210", "卫生健康支出", D("533"), 2),
        ("内乡县", "411325", 2019, "final", "201", "一般公共服务支出", D("141"), 1),
        ("内乡县", "411325", 2019, "final", "208", "社会保障和就业支出", D("44"), 1),
        ("内乡县", "411325", 2019, "final", "210", "卫生健康支出", D("30.5"), 1),
    ]


def test_every_query_that_answers_nothing_says_what_it_needs():
    from graph.query import named_queries, query_needs

    assert {n for n, p in named_queries().items() if not query_needs(p.read_text(encoding="utf-8"))} <= {
        "units", "totals", "functional_expenditure", "economic_expenditure", "projects", "kpis", "three_public",
        "project_share", "units_by_functional_code", "kpi_targets_across_units", "self_evaluation_shortfalls", "findings",
        "documents", "graph_profile"}
    assert query_needs(query_text("yoy_functional")) == "two consecutive fiscal years of one unit in the same phase"


def test_a_scope_names_exactly_its_documents(store):
    from graph.iris import document_iri
    from graph.scope import Scope, scope_graphs, scoped_documents

    def files(scope: Scope) -> set[str]:
        iris = {document_iri(source_of(name).locator): name for name in PUBLISHED}
        return {iris[g] for g in scoped_documents(store, scope)}

    market = {n for n in PUBLISHED if n.startswith("neixiang-market")}
    assert files(Scope(region="411325")) == files(Scope(region="内乡县")) == set(PUBLISHED)
    assert files(Scope(unit=MARKET)) == market
    assert files(Scope(region="内乡县", unit=MARKET, year=2019)) == {BUDGET_2019, FINAL_2019}
    assert files(Scope(unit=HEALTH, year=2019)) == {"neixiang-health-2019-budget.html"}
    assert files(Scope(year=2018)) == {"neixiang-market-2018-budget.html"}
    assert files(Scope(region="410000")) == files(Scope(region="内乡县", year=2017)) == set()
    # the calendars are read by every scoped question, the summary slices of its documents' regions and years
    graphs = scope_graphs(store, Scope(unit=MARKET))
    assert "https://w3id.org/budgetkg/graph/calendar/test" in graphs
    assert {g for g in graphs if "/summary/" in g} == {"https://w3id.org/budgetkg/graph/summary/2018/411325",
                                                      "https://w3id.org/budgetkg/graph/summary/2019/411325"}
    assert {g for g in scope_graphs(store, Scope(year=2018)) if "/summary/" in g} == {
        "https://w3id.org/budgetkg/graph/summary/2018/411325"}
