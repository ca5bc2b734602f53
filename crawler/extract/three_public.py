"""“三公”经费 tables → ThreePublic, in the wide layout (one column per item, budget and final
groups in 决算) and the vertical one (one row per item)."""

from __future__ import annotations

from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from .columns import body_rows, cell, column_paths, find_column, path_text
from .context import TableContext
from .records import TableRecords, ThreePublic
from .values import parse_amount, three_public_item


def _column_item(path: list[str]) -> str | None:
    """The item a column holds, read from the deepest header labels: labels printed vertically
    come split over rows (``因公出/国（境）/费``), and ``小计`` names its group's subtotal."""
    if not path:
        return None
    candidates = [path[:-1], path] if path[-1] in ("小计", "合计") and len(path) > 1 else [path]
    for labels in candidates:
        for k in range(len(labels) - 1, -1, -1):
            item = three_public_item("".join(labels[k:]))
            if item:
                return item
    return None


def _is_numbering(row: list[str]) -> bool:
    values = [squash(c) for c in row if squash(c)]
    return bool(values) and values == [str(i) for i in range(1, len(values) + 1)]


def extract_three_public(table: Table, ctx: TableContext) -> TableRecords:
    return TableRecords(three_public=three_public_rows(table, ctx))


def three_public_rows(table: Table, ctx: TableContext) -> list[ThreePublic]:
    paths = column_paths(table)
    columns = {c: _column_item(p) for c, p in enumerate(paths)}
    # a bare 合计 beside a “三公”经费 小计 is the grand total with 会议费/培训费: not 三公
    if any(len(p) > 1 and columns[c] == "total" and "三公" in "".join(p) for c, p in enumerate(paths)):
        columns = {c: (None if len(paths[c]) == 1 and item == "total" else item) for c, item in columns.items()}
    records: list[ThreePublic] = []
    # wide layout: items are columns (a vertical table has only its 合计 column mapped)
    if len({i for i in columns.values() if i}) >= 3:
        for number, row in body_rows(table):
            if _is_numbering(row) or not any(parse_amount(c) is not None for c in row):
                continue
            seen = set()
            for c, item in columns.items():
                if not item:
                    continue
                text = path_text(paths[c])
                measure = "final" if "决算" in text else "budget" if "预算" in text else (ctx.phase or "budget")
                if (item, measure) in seen:
                    continue
                seen.add((item, measure))
                value = parse_amount(cell(row, c)) or Decimal(0)
                records.append(ThreePublic(item, value * ctx.factor, measure, ctx.source(table, number)))
            break
        return records
    label_col = find_column(paths, "项目") or 0
    amount_col = find_column(paths, "合计", start=label_col + 1)
    seen = set()
    for number, row in body_rows(table):
        item = three_public_item(cell(row, label_col))
        if not item or item in seen:
            continue
        seen.add(item)
        value = parse_amount(cell(row, amount_col)) or Decimal(0)
        records.append(ThreePublic(item, value * ctx.factor, ctx.phase or "budget", ctx.source(table, number)))
    return records
