"""本年收入合计 / 本年支出合计 and the basic/project split: from the tables, else from the
narrative sentences (怀来 states them only there)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import ReadDocument, Table
from ..read.text import squash
from .columns import column_paths, path_text
from .records import Totals
from .values import parse_amount

INCOME_LABELS = ("本年收入合计", "收入合计", "本年收入")
EXPENDITURE_LABELS = ("本年支出合计", "支出合计", "本年支出")
_NARRATIVE = {
    "income_total": [r"收入合计\s*(?:为)?\s*([\d,]+(?:\.\d+)?)\s*万元", r"预算收入\s*(?:为)?\s*([\d,]+(?:\.\d+)?)\s*万元", r"收入预算\s*(?:为)?\s*([\d,]+(?:\.\d+)?)\s*万元"],
    "expenditure_total": [r"支出合计\s*(?:为)?\s*([\d,]+(?:\.\d+)?)\s*万元", r"支出预算\s*(?:为)?\s*([\d,]+(?:\.\d+)?)\s*万元"],
    "basic_total": [r"基本支出\s*(?:为)?\s*([\d,]+(?:\.\d+)?)\s*万元"],
    "project_total": [r"项目支出\s*(?:为)?\s*([\d,]+(?:\.\d+)?)\s*万元"],
}


def labelled_amount(table: Table, labels: tuple[str, ...]) -> tuple[Decimal, int] | None:
    """The amount printed right of the first cell reading one of ``labels`` (行次 columns skipped)."""
    paths = column_paths(table)
    skip = {c for c, p in enumerate(paths) if "行次" in path_text(p)}
    for label in labels:
        for number, row in enumerate(table.rows, start=1):
            for c, text in enumerate(row):
                if squash(text).rstrip("：:") != label:
                    continue
                for d in range(c + 1, len(row)):
                    if d in skip or squash(row[d]) == squash(text):
                        continue
                    value = parse_amount(row[d])
                    if value is not None:
                        return value, number
                    if squash(row[d]) and not re.fullmatch(r"\d{1,2}", squash(row[d])):
                        break
    return None


def narrative_amount(doc: ReadDocument, field: str) -> Decimal | None:
    text = squash(doc.text)
    for pattern in _NARRATIVE[field]:
        m = re.search(pattern, text)
        if m:
            return Decimal(m.group(1).replace(",", ""))
    return None


def extract_totals(doc: ReadDocument, kinds: dict[int, str], factors: dict[int, Decimal], functional_totals: dict | None, functional_table: int | None) -> Totals:
    totals = Totals()
    for kind in ("summary", "fiscal_summary"):
        for table in (t for t in doc.tables if kinds[t.index] == kind):
            for field, labels in (("income_total", INCOME_LABELS), ("expenditure_total", EXPENDITURE_LABELS)):
                if getattr(totals, field) is None and (found := labelled_amount(table, labels)):
                    setattr(totals, field, found[0] * factors[table.index])
                    totals.sources[field] = f"table {table.index} row {found[1]}"
    if functional_totals:
        for field, key in (("basic_total", "basic"), ("project_total", "project"), ("expenditure_total", "total")):
            if getattr(totals, field) is None and functional_totals.get(key) is not None:
                setattr(totals, field, functional_totals[key])
                totals.sources[field] = f"table {functional_table} row {functional_totals['row']}"
    for field in ("income_total", "expenditure_total", "basic_total", "project_total"):
        if getattr(totals, field) is None and (value := narrative_amount(doc, field)) is not None:
            setattr(totals, field, value)
            totals.sources[field] = "narrative"
    return totals
