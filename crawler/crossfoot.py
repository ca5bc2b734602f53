"""Cross-footing (勾稽) of a document's records: every table's own arithmetic
(``extract.arithmetic.table_checks``) and the document's totals (本年支出合计 = 基本 + 项目 +
其他; 本年收入合计 = 本年支出合计). An equation that does not hold becomes a Finding; nothing is
corrected."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .extract.arithmetic import Check, check, table_checks
from .extract.records import Finding

if TYPE_CHECKING:
    from .extract.records import DocumentRecords


def finding_of(c: Check, severity: str = "warning") -> Finding:
    return Finding(rule=c.rule, message=c.describe(), table=c.table, expected=c.expected, actual=c.actual,
                   severity=severity, tolerance=c.tolerance, sources=c.sources)


def document_checks(records: "DocumentRecords") -> list[Check]:
    checks: list[Check] = []
    for summary in records.tables:
        checks += table_checks(records.of_table(summary.index, summary.totals), summary.index)
    t = records.totals
    if t is not None and t.basic_total is not None and t.project_total is not None:
        found = check("totals-basic-plus-project", "本年支出合计 = 基本支出 + 项目支出 (+ 经营/上缴/对附属单位支出)",
                      t.expenditure_total, [t.basic_total, t.project_total, t.other_total],
                      sources=[s for s in t.sources.values() if s is not None])
        if found:
            checks.append(found)
    return checks


def crossfoot(records: "DocumentRecords") -> list[Finding]:
    findings = [finding_of(c) for c in document_checks(records) if not c.holds]
    t = records.totals
    if t is not None and t.income_total is not None and t.expenditure_total is not None and t.income_total != t.expenditure_total:
        findings.append(Finding(rule="income-equals-expenditure", message=f"本年收入合计 {t.income_total} ≠ 本年支出合计 {t.expenditure_total}",
                                expected=t.income_total, actual=t.expenditure_total, severity="info"))
    return findings
