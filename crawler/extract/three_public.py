"""“三公”经费 tables → ThreePublic. One rule for every layout: each amount of the table sits at
a row and a column; the item (出国, 购车, 用车运行, 接待, their total) is named by the column's
header or by the row's label, the period (this year, last year, the change) and the measure
(预算数 / 决算数) by either, the fund (一般公共预算 / 政府性基金 / 国有资本经营) by the column.
This year's figure of each item and measure is kept; a figure split by fund without a total of
its own is summed over the funds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from .columns import body_rows, column_paths, spans
from .context import TableContext
from .records import TableRecords, ThreePublic
from .values import parse_amount, rules, three_public_item

_TOTAL_WORDS = ("合计", "小计", "总计")


def _words(key: str) -> tuple[str, ...]:
    return tuple(rules()["three_public_periods"][key])


def period_of(text: str, year: int | None) -> str | None:
    """``change``, ``previous``, ``current`` or None (not said)."""
    if any(w in text for w in _words("change")):
        return "change"
    years = {int(y) for y in re.findall(r"(20\d{2})", text)}
    if any(w in text for w in _words("previous")) or (year and years and year not in years and max(years) < year):
        return "previous"
    if any(w in text for w in _words("current")) or (year and year in years):
        return "current"
    return None


def measure_of(text: str) -> str | None:
    if "决算" in text or "执行数" in text or "实际" in text:
        return "final"
    if "预算" in text.replace("一般公共预算", "").replace("政府性基金预算", "").replace("国有资本经营预算", ""):
        return "budget"
    return None


def fund_of(label: str) -> str | None:
    """The fund a column label is (``一般公共预算``, ``政府性基金预算拨款``), not one it mentions."""
    match = re.fullmatch(r"(" + "|".join(_words("funds")) + r")(预算)?(财政)?(拨款|资金)?(安排)?(的)?", label)
    return match.group(1) if match else None


def _is_context(label: str) -> bool:
    """A label that says when or what kind of figure, not which item (2026年预算数, 上年, 决算数)."""
    return bool(re.fullmatch(r"(20\d{2}年度?)?(年初)?(预算数|决算数|预算|决算|执行数)?", label) and label) or period_of(label, None) is not None


def item_of_path(path: list[str]) -> str | None:
    """The item a header names, from its deepest labels: a label printed over several lines is
    split over rows (``因公出/国（境）/费``); a 合计/小计 names its group's total; a bare 合计
    beside a 三公 group is the grand total with 会议费/培训费, no 三公 item."""
    labels = [p for p in path if not fund_of(p) and not _is_context(p)]
    if not labels:
        return None
    if labels[-1] in _TOTAL_WORDS:
        group = labels[:-1]
        if not group:
            return "total"
        return item_of_path(group) if three_public_item("".join(group)) or item_of_path(group) else None
    for k in range(len(labels) - 1, -1, -1):
        item = three_public_item("".join(labels[k:]))
        if item:
            return item
    return None


@dataclass
class _Column:
    index: int
    item: str | None
    period: str | None
    measure: str | None
    fund: str | None
    header: str = ""


def _columns(table: Table, year: int | None) -> list[_Column]:
    paths = column_paths(table)
    groups = spans(paths)
    # beside 会议费 and 培训费, a bare 合计 is the total of all of them, not of the 三公
    others = any(p and ("会议费" in p[-1] or "培训费" in p[-1]) for p in paths)
    out = []
    for c, path in enumerate(paths):
        if groups.get(c, [c])[0] != c:
            continue  # one printed column cut in several by the grid
        text = "".join(path)
        item = item_of_path(path)
        if others and item == "total" and not any("三公" in p for p in path):
            item = None
        out.append(_Column(c, item, period_of(text, year), measure_of(text), fund_of(path[-1] if path else ""), text))
    return out


def _row_label(row: list[str]) -> str:
    return "".join(squash(c) for c in row if c and parse_amount(c) is None)


def extract_three_public(table: Table, ctx: TableContext) -> TableRecords:
    return TableRecords(three_public=three_public_rows(table, ctx))


def three_public_rows(table: Table, ctx: TableContext) -> list[ThreePublic]:
    columns = [c for c in _columns(table, ctx.year) if c.period not in ("previous", "change")]
    amount_rows = [(n, row) for n, row in body_rows(table) if any(parse_amount(c) is not None for c in row)
                   and not _is_numbering(row)]
    if not amount_rows:
        return []
    if len({c.item for c in columns if c.item and c.item != "total"}) >= 2:
        cells = _wide_cells(columns, amount_rows, ctx)
    else:
        cells = _tall_cells(columns, amount_rows, ctx)
    records = []
    for (item, measure), found in cells.items():
        best = max(rank for rank, *_ in found)
        top = [f for f in found if f[0] == best]
        number = top[0][1]
        same_row = [f for f in top if f[1] == number]
        # a figure split by fund without a total column of its own is the sum of the funds
        value = sum((f[2] for f in same_row), Decimal(0)) if len(same_row) > 1 else same_row[0][2]
        records.append(ThreePublic(item, value * ctx.factor, measure, ctx.source(table, number)))
    return records


Cells = dict[tuple[str, str], list[tuple[int, int, Decimal]]]  # (item, measure) → (rank, row, value)


def _rank(col: _Column) -> int:
    """This year's column beats an undated one; a total over the funds beats one fund."""
    return (col.period == "current") * 2 + (col.fund is None)


def _wide_cells(columns: list[_Column], rows: list[tuple[int, list[str]]], ctx: TableContext) -> Cells:
    """Items are columns; the row is this year's (or the 合计 line of several units)."""
    number, row = _this_years_row(rows, ctx.year)
    cells: Cells = {}
    for col in columns:
        if not col.item:
            continue
        value = parse_amount(row[col.index]) if col.index < len(row) else None
        measure = col.measure or ctx.phase or "budget"
        cells.setdefault((col.item, measure), []).append((_rank(col), number, value if value is not None else Decimal(0)))
    return cells


_NOT_AMOUNTS = ("序号", "栏次", "行次", "编码", "代码", "项目", "科目")


def _tall_cells(columns: list[_Column], rows: list[tuple[int, list[str]]], ctx: TableContext) -> Cells:
    """Items are rows; each measure's figure is in its best column (this year's, over all funds)."""
    amount_columns = [c for c in columns if c.item in (None, "total") and not any(w in c.header for w in _NOT_AMOUNTS)]
    totals = [c for c in amount_columns if c.item == "total" or any(w in c.header for w in _TOTAL_WORDS)]
    amount_columns = totals or amount_columns
    others = any("会议费" in _row_label(r) or "培训费" in _row_label(r) for _, r in rows)
    cells: Cells = {}
    for number, row in rows:
        label = _row_label(row)
        item = three_public_item(label)
        if not item or period_of(label, ctx.year) in ("previous", "change"):
            continue
        if item == "total" and "三公" not in label and others:
            continue  # the total of 三公, 会议费 and 培训费 together
        for col in amount_columns:
            value = parse_amount(row[col.index]) if col.index < len(row) else None
            measure = col.measure or ctx.phase or "budget"
            value = value if value is not None else Decimal(0)  # an item's blank cell: none spent
            # a 三公 total named so beats a bare 合计 line
            rank = _rank(col) * 2 + (item == "total" and "三公" in label)
            cells.setdefault((item, measure), []).append((rank, number, value))
    return cells


def _this_years_row(rows: list[tuple[int, list[str]]], year: int | None) -> tuple[int, list[str]]:
    """In a wide table, the row of this year's figures: the one that says so, else the 合计
    line (several units), else the first."""
    labelled = [(n, r) for n, r in rows if period_of(_row_label(r), year) == "current"]
    if labelled:
        return labelled[0]
    plain = [(n, r) for n, r in rows if period_of(_row_label(r), year) not in ("previous", "change")]
    total = [(n, r) for n, r in plain if any(squash(c) in _TOTAL_WORDS for c in r)]
    return (total or plain or rows)[0]


def _is_numbering(row: list[str]) -> bool:
    values = [squash(c) for c in row if squash(c)]
    return bool(values) and values == [str(i) for i in range(1, len(values) + 1)]
