"""Every expected fact of the five seed fixtures (exact values, no sampling), each section a
test so that a failure names the document and the kind of fact."""

from decimal import Decimal

import pytest

from tests.conftest import DOCUMENTS, RENDERINGS, SEEDS, expected_facts, records_of
from tests.facts import facts_of

SECTIONS = ["document", "totals", "functional", "economic", "projects", "indicators", "three_public", "operating_costs"]


def _diff(expected, got) -> str:
    if isinstance(expected, list):
        missing = [x for x in expected if x not in got]
        extra = [x for x in got if x not in expected]
        return f"missing {missing[:5]} … extra {extra[:5]}"
    return f"expected {expected} got {got}"


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("seed", list(SEEDS))
def test_seed_fixture_facts(seed, section):
    got = facts_of(records_of(str(DOCUMENTS / SEEDS[seed])))[section]
    expected = expected_facts(seed)[section]
    assert got == expected, _diff(expected, got)


# the same facts from other renderings of the same documents: the readers carry the logic
@pytest.mark.parametrize(
    "rendering,seed",
    [
        ("wenxian-2024-budget.xlsx", "wenxian-2024-budget"),
        ("lankao-2024-budget.xls", "lankao-2024-budget"),
        ("chengan-2023-budget.pdf", "chengan-2023-budget"),
    ],
)
def test_second_rendering_gives_same_facts(rendering, seed):
    got = facts_of(records_of(str(RENDERINGS / rendering)))
    expected = expected_facts(seed)
    for section in SECTIONS:
        assert got[section] == expected[section], f"{rendering} {section}: {_diff(expected[section], got[section])}"


def _functional(records, code):
    return next(r for r in records.functional if r.primary and r.code == code)


def test_wenxian_2024_budget_functional_2101202(seed_records):
    row = _functional(seed_records["wenxian-2024-budget"], "2101202")
    assert (row.label, row.total, row.basic, row.project) == ("财政对城乡居民基本医疗保险基金的补助", Decimal("5995.00"), Decimal(0), Decimal("5995.00"))
    assert row.parent == "21012" and row.level == "项"


def test_chengan_2023_budget_functional_21015_is_a_kuan_with_basic_and_project(seed_records):
    row = _functional(seed_records["chengan-2023-budget"], "21015")
    assert (row.total, row.basic, row.project, row.level) == (Decimal("537.50"), Decimal("337.69"), Decimal("199.82"), "款")


def test_wenxian_2024_budget_economic_pairs_department_and_government_codes(seed_records):
    rows = [r for r in seed_records["wenxian-2024-budget"].economic if r.scope == "basic" and r.code == "30108"]
    assert [(r.gov_code, r.amount) for r in rows] == [("50102", Decimal("6.78")), ("50501", Decimal("36.93"))]


def test_wenxian_2024_budget_wrapped_project_code_is_joined(seed_records):
    project = next(p for p in seed_records["wenxian-2024-budget"].projects if p.name == "城乡居民医保工作开展经费")
    assert project.code == "410825240000000004019"
    assert project.category == "其他运转类" and project.amount == Decimal("4.75")


def test_neixiang_2024_final_three_public_budget_vs_final(seed_records):
    items = {(r.item, r.measure): r.amount for r in seed_records["neixiang-2024-final"].three_public}
    assert items[("total", "budget")] == Decimal("25.00")
    assert items[("total", "final")] == Decimal("10.83")
    assert items[("reception", "final")] == Decimal("5.03")


def test_neixiang_2024_final_self_evaluation_actual_and_score(seed_records):
    records = seed_records["neixiang-2024-final"]
    kpi = next(k for k in records.indicators if k.indicator == "办公用房面积")
    assert (kpi.target, kpi.operator, kpi.value, kpi.value_unit, kpi.actual) == ("=1569平方米", "=", Decimal("1569"), "平方米", "1430平方米")
    assert (kpi.weight, kpi.score, kpi.deviation) == (Decimal("10"), Decimal("9.11"), "-8.86")
    project = next(p for p in records.projects if p.name == "2024年修缮费")
    assert (project.budget_initial, project.executed, project.score) == (Decimal("4.88"), Decimal("4.88"), Decimal("93.21"))


def test_neixiang_2024_final_form_naming_its_unit_takes_the_printed_project_name(seed_records):
    names = [p.name for p in seed_records["neixiang-2024-final"].projects]
    assert "2024年征缴管理费" in names and "内乡县医疗保障局" not in names


def test_lankao_2024_budget_kpi_amount_in_yuan_kept_as_printed(seed_records):
    kpi = next(k for k in seed_records["lankao-2024-budget"].indicators if k.target == "≤5766196.95")
    assert (kpi.operator, kpi.value, kpi.value_unit, kpi.level1) == ("≤", Decimal("5766196.95"), None, "成本指标")


def test_huailai_2024_budget_totals_from_narrative(seed_records):
    totals = seed_records["huailai-2024-budget"].totals
    assert all(totals.sources[k].is_narrative for k in ("income_total", "expenditure_total", "basic_total", "project_total"))


def test_every_number_traces_to_table_and_row(seed_records):
    for records in seed_records.values():
        for fact in records.functional + records.economic + records.indicators + records.three_public:
            assert fact.source.table >= 1 and fact.source.row >= 1 and fact.source.title


def test_seed_fixtures_have_no_unrecognised_tables_and_cross_foot(seed_records):
    for seed, records in seed_records.items():
        assert "generic" not in [t.kind for t in records.tables], seed
        assert [f for f in records.findings if f.severity != "info"] == [], seed
