"""The named queries over the graph of the five seed fixtures give exactly their expected
facts (tests/fixtures/documents/*.facts.json, checked by hand against ../shared/seeds/):
every row, in order, every value."""

from decimal import Decimal

import pytest

from graph.query import query_text, rows_of
from tests.conftest import SEEDS, expected_facts


def _n(value):
    """Amounts compare as numbers (96 == 96.00); everything else as printed."""
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, str):
        try:
            return Decimal(value).normalize() if any(c.isdigit() for c in value) and value.replace(".", "", 1).lstrip("-").isdigit() else value
        except ArithmeticError:
            return value
    return value


def _rows(store, name: str, doc: str, columns: list[str]) -> list[list]:
    """The query's rows for one document, as a sorted multiset: several facts share one
    printed row (三公 items, column groups), so their order is not fixed by the contract."""
    rows = [r for r in rows_of(store.select(query_text(name))) if r["doc"] == doc]
    return sorted(([_n(r[c]) for c in columns] for r in rows), key=repr)


def _expected(rows: list[list]) -> list[list]:
    return sorted(([_n(v) for v in row] for row in rows), key=repr)


@pytest.mark.parametrize("seed", SEEDS)
def test_units(seed_store, seed):
    facts = expected_facts(seed)["document"]
    (row,) = [r for r in rows_of(seed_store.select(query_text("units"))) if r["doc"] == SEEDS[seed]]
    assert (row["unitCode"], row["unitName"], row["region"]) == (facts["unit_code"], facts["unit_name"], facts["region"])


@pytest.mark.parametrize("seed", SEEDS)
def test_totals(seed_store, seed):
    facts = expected_facts(seed)
    (row,) = [r for r in rows_of(seed_store.select(query_text("totals"))) if r["doc"] == SEEDS[seed]]
    t = facts["totals"]
    assert row["year"] == facts["document"]["year"]
    assert row["phase"] == facts["document"]["phase"]
    assert [_n(row[k]) for k in ("incomeTotal", "expenditureTotal", "basicTotal", "projectTotal")] == _expected(
        [[t["income_total"], t["expenditure_total"], t["basic_total"], t["project_total"]]])[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_functional_expenditure(seed_store, seed):
    got = _rows(seed_store, "functional_expenditure", SEEDS[seed], ["code", "label", "total", "basic", "project"])
    assert got == _expected(expected_facts(seed)["functional"])


@pytest.mark.parametrize("seed", SEEDS)
def test_economic_expenditure(seed_store, seed):
    got = _rows(seed_store, "economic_expenditure", SEEDS[seed], ["code", "label", "govCode", "amount"])
    assert got == _expected(expected_facts(seed)["economic"])


@pytest.mark.parametrize("seed", SEEDS)
def test_projects(seed_store, seed):
    got = _rows(seed_store, "projects", SEEDS[seed], ["projectCode", "projectName", "category", "amount"])
    assert got == _expected(expected_facts(seed)["projects"])


@pytest.mark.parametrize("seed", SEEDS)
def test_kpis(seed_store, seed):
    got = _rows(seed_store, "kpis", SEEDS[seed], ["projectName", "level1", "level2", "indicator", "target",
                                                  "operator", "value", "valueUnit", "actual"])
    assert got == _expected(expected_facts(seed)["indicators"])


@pytest.mark.parametrize("seed", SEEDS)
def test_three_public(seed_store, seed):
    got = _rows(seed_store, "three_public", SEEDS[seed], ["item", "phase", "amount"])
    assert got == _expected(expected_facts(seed)["three_public"])


def test_wenxian_2024_budget_functional_2101202(seed_store):
    rows = rows_of(seed_store.select(query_text("functional_expenditure")))
    (row,) = [r for r in rows if r["doc"] == "wenxian-2024-budget.pdf" and r["code"] == "2101202"]
    assert row["year"] == 2024 and row["phase"] == "budget" and row["unitCode"] == "614"
    assert isinstance(row["total"], Decimal) and isinstance(row["table"], int)
