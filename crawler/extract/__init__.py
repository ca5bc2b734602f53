"""Turn a read document into typed records: ``extract(read_document) -> DocumentRecords``.

Each table is recognised (``crawler.recognise``) and handed to the extractor of its kind; the
projects named by KPI forms are merged with the 项目支出表 by name; cross-footing checks
(``crawler.crossfoot``) are attached as findings."""

from __future__ import annotations

import re
from decimal import Decimal

from ..crossfoot import crossfoot
from ..read.model import ReadDocument
from ..read.text import squash
from ..recognise import GENERIC, recognise
from .columns import body_rows
from .document_info import document_info
from .economic import ECONOMIC_KINDS, extract_economic
from .functional import FUNCTIONAL_KINDS, extract_functional
from .indicators import extract_form_targets, extract_self_evaluation, extract_wide_targets
from .operating import extract_operating_costs
from .projects import extract_projects
from .records import DocumentRecords, Finding, Project, TableSummary
from .three_public import extract_three_public
from .totals import extract_totals
from .values import amount_factor, parse_amount

__all__ = ["extract", "DocumentRecords"]


def project_key(name: str) -> str:
    """Names as printed differ in bracket width and spacing: 城乡医疗救助（上级补助）."""
    return squash(name).replace("（", "(").replace("）", ")")


def _merge_projects(listed: list[Project], named_by_forms: list[Project]) -> list[Project]:
    by_key = {project_key(p.name): p for p in listed}
    merged = list(listed)
    for p in named_by_forms:
        known = by_key.get(project_key(p.name))
        if known is None:
            by_key[project_key(p.name)] = p
            merged.append(p)
            continue
        known.code = known.code or p.code
        for attr in ("budget_initial", "budget_full_year", "executed", "score"):
            if getattr(known, attr) is None:
                setattr(known, attr, getattr(p, attr))
        if known.amount is None:
            known.amount = p.amount
    return merged


def extract(doc: ReadDocument) -> DocumentRecords:
    kinds = {t.index: recognise(t) for t in doc.tables}
    info = document_info(doc, kinds)
    records = DocumentRecords(path=doc.path, format=doc.format, document=info, totals=None, warnings=list(doc.warnings))  # type: ignore[arg-type]
    factors: dict[int, Decimal] = {}
    table_totals: dict[int, dict] = {}
    listed: list[Project] = []
    named: list[Project] = []
    default_factor, _ = amount_factor([f"单位：{info.amount_unit}"])
    for table in doc.tables:
        kind = kinds[table.index]
        factor, unit = amount_factor(table.captions)
        if not any("单位" in c and "元" in c for c in table.captions):
            factor, unit = default_factor, info.amount_unit
        factors[table.index] = factor
        before = records.fact_count
        if kind in FUNCTIONAL_KINDS:
            rows, totals = extract_functional(table, kind, factor, unit)
            records.functional += rows
            table_totals[table.index] = totals
        elif kind in ECONOMIC_KINDS:
            rows, totals = extract_economic(table, kind, factor, unit)
            records.economic += rows
            table_totals[table.index] = totals
        elif kind == "projects":
            rows, totals = extract_projects(table, factor, unit)
            listed += rows
            records.projects += rows
            table_totals[table.index] = totals
        elif kind == "project_performance":
            header = squash("".join("".join(r) for r in table.header))
            if "资金总额" in header or header.count("三级指标") > 1:
                kpis, projects, units = extract_wide_targets(table, factor, unit)
                for code, name in units.items():
                    info.sub_units.setdefault(code, name)
            else:
                kpis, projects = extract_form_targets(table, False, factor, unit)
            records.indicators += kpis
            named += projects
        elif kind == "department_performance":
            kpis, _ = extract_form_targets(table, True, factor, unit)
            records.indicators += kpis
        elif kind == "self_evaluation":
            kpis, projects = extract_self_evaluation(table, factor, unit)
            records.indicators += kpis
            named += projects
        elif kind == "three_public":
            records.three_public += extract_three_public(table, info.phase, factor, unit)
        elif kind == "operating_costs":
            records.operating_costs += extract_operating_costs(table, factor, unit)
        elif kind == GENERIC:
            records.warnings.append(f"unrecognised {table.where}: kept as a generic table")
        facts = records.fact_count - before + (len(named) if kind in ("project_performance", "self_evaluation") else 0)
        records.tables.append(TableSummary(table.index, table.title, kind, len(table.rows), table.pages, facts))
        numeric = any(parse_amount(c) and (i > 0 or "." in c) for _, r in body_rows(table) for i, c in enumerate(r))
        if not numeric and kind not in ("department_performance", "project_performance", "organisation", GENERIC):
            empty_note = any("无数据" in n or "空表" in n or "没有" in n for n in table.notes + table.context)
            records.findings.append(
                Finding(
                    rule="table-without-numbers",
                    message=f"{table.where} holds no non-zero amounts" + (" (the document says it has no data)" if empty_note else ""),
                    table=table.index,
                    severity="info" if empty_note else "warning",
                )
            )
    records.projects = _merge_projects(listed, named)
    primary_kind = next((k for k in ("expenditure", "general_budget_expenditure") if any(r.table_kind == k for r in records.functional)), None)
    primary_table = next((r.source.table for r in records.functional if r.table_kind == primary_kind), None)
    for row in records.functional:
        row.primary = row.source.table == primary_table
    records.totals = extract_totals(doc, kinds, factors, table_totals.get(primary_table), primary_table)
    records.findings += crossfoot(records, table_totals)
    return records
