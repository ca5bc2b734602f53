"""The expected-facts format of tests/fixtures/documents/*.facts.json, and the conversion of
extracted records into it. Amounts are strings of exact decimals in 万元."""

from __future__ import annotations

from decimal import Decimal

from crawler.extract.records import DocumentRecords


def _d(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f") if value == value.to_integral() else format(value.normalize(), "f")


def facts_of(records: DocumentRecords) -> dict:
    d = records.document
    t = records.totals
    return {
        "document": {
            "unit_name": d.unit_name,
            "unit_code": d.unit_code,
            "year": d.year,
            "phase": d.phase,
            "region": d.region,
            "amount_unit": d.amount_unit,
        },
        "totals": {
            "income_total": _d(t.income_total),
            "expenditure_total": _d(t.expenditure_total),
            "basic_total": _d(t.basic_total),
            "project_total": _d(t.project_total),
        },
        "functional": [[r.code, r.label, _d(r.total), _d(r.basic), _d(r.project)] for r in records.functional if r.primary],
        "economic": [[r.code, r.label, r.gov_code, _d(r.amount)] for r in records.economic if r.scope == "basic"],
        "projects": [[p.code, p.name, p.category, _d(p.amount)] for p in records.projects],
        "indicators": [
            [k.project_name, k.level1, k.level2, k.indicator, k.target, k.operator, _d(k.value), k.value_unit, k.actual]
            for k in records.indicators
        ],
        "three_public": [[r.item, r.measure, _d(r.amount)] for r in records.three_public],
        "operating_costs": [[r.code, r.label, _d(r.amount)] for r in records.operating_costs],
    }
