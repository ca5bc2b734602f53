"""本年收入合计 / 本年支出合计 and the basic/project split: from the tables, else from the
narrative sentences (怀来 states them only there)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import ReadDocument, Table
from ..read.text import squash
from .columns import column_paths, part_of, path_text
from .context import TableContext
from .narrative import narrative_totals
from .records import Statement, SummaryLine, TableTotals, Totals
from .summary import summary_totals
from .values import parse_amount, rules

def component_of(label: str) -> str | None:
    """basic / project / other for a label naming a part of 本年支出合计 (rules/values.toml)."""
    label = re.sub(r"^(其中[:：]?|[一二三四五六七八九十]+、|\d+[.、．])", "", squash(label))
    for component, names in rules()["expenditure_components"].items():
        if label in names:
            return component
    return None


def table_parts(table: Table) -> tuple[dict[str, Decimal], int] | None:
    """A 支出预算总表 by use: one row of amounts under 合计 | 基本支出 | 项目支出 | 单位预留机动经费…"""
    paths = column_paths(table)
    # labels printed over several lines (单位预留机动经/费) are read from the deepest ones joined
    columns = {c: next((k for i in range(len(p) - 1, -1, -1) if (k := component_of("".join(p[i:])))), None) for c, p in enumerate(paths) if p}
    for c, component in columns.items():
        # a 其中 part of 基本支出 / 项目支出 (项目支出 | 其中 / 事业单位经营支出) is no use beside them
        if component == "other" and (owner := part_of(paths, c)) is not None and columns.get(owner) in ("basic", "project"):
            columns[c] = None
    if not any(v == "basic" for v in columns.values()):
        return None
    for number, row in enumerate(table.body, start=table.header_rows + 1):
        values = {c: parse_amount(row[c]) for c in columns if c < len(row) and columns[c]}
        if any(v is not None for v in values.values()):
            parts: dict[str, Decimal] = {}
            seen_labels = set()
            for c, component in columns.items():
                label = "/".join(paths[c])
                if not component or label in seen_labels:
                    continue  # a merged cell repeated over grid columns counts once
                seen_labels.add(label)
                parts[component] = parts.get(component, Decimal(0)) + (values.get(c) or Decimal(0))
            return parts, number
    return None


def extract_totals(doc: ReadDocument, kinds: dict[int, str], contexts: dict[int, TableContext], primary: TableTotals | None,
                   summary_lines: list[SummaryLine], text: list[Statement], year: int | None) -> Totals:
    """本年收入合计 / 本年支出合计 from the 收支总表, the split from the primary functional
    table's 合计 line (or a table by use), else from the narrative."""
    totals = Totals()
    # the 收支总表's own lines; a 财政拨款收支总表 only where the document has no 收支总表 (its
    # totals are of appropriations alone)
    for kind in ("summary", "fiscal_summary"):
        tables = {t.index for t in doc.tables if kinds[t.index] == kind}
        for table in sorted(tables):
            found = summary_totals([ln for ln in summary_lines if ln.source.table == table])
            for field, line in found.items():
                if getattr(totals, field) is None:
                    setattr(totals, field, line.amount)
                    totals.sources[field] = line.source
        if tables:
            break
    if primary is not None:
        for field, key in (("basic_total", "basic"), ("project_total", "project"), ("other_total", "other"), ("expenditure_total", "total")):
            if getattr(totals, field) is None and primary.get(key) is not None:
                setattr(totals, field, primary.get(key))
                totals.sources[field] = primary.source
    if totals.basic_total is None:
        for table in (t for t in doc.tables if kinds[t.index] in ("expenditure", "summary", "fiscal_summary")):
            found = table_parts(table)
            if found:
                parts, number = found
                ctx = contexts[table.index]
                for component in ("basic", "project", "other"):
                    if component in parts:
                        setattr(totals, f"{component}_total", parts[component] * ctx.factor)
                        totals.sources[f"{component}_total"] = ctx.source(table, number)
                break
    stated = narrative_totals(text, year)
    if totals.basic_total is None and totals.project_total is None:
        for field in ("basic_total", "project_total", "other_total"):
            if field in stated:
                setattr(totals, field, stated[field].amount)
                totals.sources[field] = stated[field].source
    for field in ("income_total", "expenditure_total"):
        if getattr(totals, field) is None and field in stated:
            setattr(totals, field, stated[field].amount)
            totals.sources[field] = stated[field].source
    return totals
