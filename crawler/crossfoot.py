"""Cross-footing (勾稽) checks on a document's records: totals against the sum of their parts
within rounding tolerance. A mismatch becomes a Finding; nothing is corrected."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Iterable

from .extract.records import Finding

if TYPE_CHECKING:
    from .extract.records import DocumentRecords

# each printed figure is rounded to 0.01 万元; a sum of n of them may be off by n × 0.005
HALF_CENT = Decimal("0.005")


def tolerance(terms: int) -> Decimal:
    return HALF_CENT * (terms + 1)


def _check(rule: str, where: str, expected: Decimal | None, parts: Iterable[Decimal | None], table: int | None) -> Finding | None:
    parts = [p for p in parts if p is not None]
    if expected is None or not parts:
        return None
    actual = sum(parts, Decimal(0))
    if abs(actual - expected) <= tolerance(len(parts)):
        return None
    return Finding(rule=rule, message=f"{where}: printed {expected}, sum of parts {actual} (差 {actual - expected})", table=table, expected=expected, actual=actual)


def crossfoot(records: "DocumentRecords", table_totals: dict[int, dict]) -> list[Finding]:
    findings: list[Finding | None] = []
    by_table = defaultdict(list)
    for row in records.functional:
        by_table[row.source.table].append(row)
    for table, rows in by_table.items():
        codes = {r.code: r for r in rows}
        for column in ("total", "basic", "project"):
            children = defaultdict(list)
            for r in rows:
                if r.parent and r.parent in codes:
                    children[r.parent].append(getattr(r, column))
            for parent, values in children.items():
                findings.append(_check("functional-hierarchy", f"table {table} {parent} {column} = Σ children", getattr(codes[parent], column), values, table))
            tops = [getattr(r, column) for r in rows if not (r.parent and r.parent in codes)]
            printed = table_totals.get(table, {}).get(column)
            findings.append(_check("functional-total", f"table {table} 合计 {column} = Σ top-level codes", printed, tops, table))
        for r in rows:
            if r.basic is not None and r.project is not None:
                findings.append(_check("basic-plus-project", f"table {table} {r.code} total = basic + project", r.total, [r.basic, r.project], table))

    econ = defaultdict(list)
    for row in records.economic:
        econ[row.source.table].append(row)
    for table, rows in econ.items():
        classes = {r.code: r for r in rows if len(r.code) == 3}
        for code, cls in classes.items():
            findings.append(_check("economic-hierarchy", f"table {table} {code} = Σ {code}xx", cls.amount, [r.amount for r in rows if len(r.code) == 5 and r.code.startswith(code)], table))
        leaves = [r.amount for r in rows if len(r.code) == 5 or (len(r.code) == 3 and not any(x.code.startswith(r.code) and len(x.code) == 5 for x in rows))]
        printed = table_totals.get(table, {})
        total = printed.get("合计")
        if total is None and "人员经费合计" in printed and "公用经费合计" in printed:
            total = printed["人员经费合计"] + printed["公用经费合计"]
        findings.append(_check("economic-total", f"table {table} 合计 = Σ items", total, leaves, table))

    tp = defaultdict(dict)
    for r in records.three_public:
        tp[r.measure][r.item] = r
    for measure, items in tp.items():
        table = next(iter(items.values())).source.table
        total = items.get("total")
        parts = [items[k].amount for k in ("overseas", "vehicle_purchase", "vehicle_operation", "reception") if k in items]
        if "vehicle_purchase" not in items and "vehicle_operation" not in items and "vehicle" in items:
            parts.append(items["vehicle"].amount)
        findings.append(_check("three-public-total", f"三公 {measure} total = its items", total.amount if total else None, parts, table))
        if "vehicle" in items:
            findings.append(_check("three-public-vehicle", f"三公 {measure} 公务用车购置及运行费 = 购置 + 运行", items["vehicle"].amount, [items[k].amount for k in ("vehicle_purchase", "vehicle_operation") if k in items], table))

    listed = [p for p in records.projects if p.source and table_totals.get(p.source.table, {}).get("total") is not None]
    if listed:
        table = listed[0].source.table
        findings.append(_check("projects-total", f"table {table} 合计 = Σ projects", table_totals[table]["total"], [p.amount for p in listed if p.source.table == table], table))

    t = records.totals
    if t is not None and t.basic_total is not None and t.project_total is not None:
        findings.append(_check("totals-basic-plus-project", "本年支出合计 = 基本支出 + 项目支出 (+ 经营/上缴/对附属单位支出)", t.expenditure_total, [t.basic_total, t.project_total, t.other_total], None))
    if t is not None and t.income_total is not None and t.expenditure_total is not None and t.income_total != t.expenditure_total:
        findings.append(Finding(rule="income-equals-expenditure", message=f"本年收入合计 {t.income_total} ≠ 本年支出合计 {t.expenditure_total}", expected=t.income_total, actual=t.expenditure_total, severity="info"))
    return [f for f in findings if f is not None]
