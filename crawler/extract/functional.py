"""Rows by functional classification (功能分类 类/款/项) → FunctionalExpenditure.

Columns are found by what their headers say (``crawler/rules/columns.toml``), never by
position. Codes come in one 7-digit column, in 类/款/项 columns that print only their own two
digits under the level above (the level above is carried down, also over a page break), or in
front of the name (``[2010101]行政运行``). The table's own total line is the row labelled 合计,
or the unlabelled line of amounts above the first code (a unit's or a 部门预算 subtotal)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from ..rules import rules
from .columns import body_rows, column_paths, part_of, spanned_cell, spans
from .context import TableContext
from .records import FunctionalExpenditure, TableRecords, TableTotals
from .values import parse_amount

_CODE = re.compile(r"^2\d{2}(\d{2}){0,2}$")  # 支出功能分类: 201 … 232
_LEADING_CODE = re.compile(r"^[\[【(（]?(\d{3}(?:\d{2}){0,2})[\]】)）]?[\s\-—－:：、.．]*(?=\D)")
_CODE_AFTER_OVERFLOW = re.compile(r"(?<=\D)(\d{3}(?:\d{2}){0,2})[\-—－](?=\D)")
_LEVEL_LABELS = ("类", "款", "项")


def _words(key: str) -> tuple[str, ...]:
    return tuple(rules("columns")["functional"][key])


@dataclass
class FunctionalColumns:
    """Where a table by functional classification keeps what."""

    groups: dict[int, list[int]] = field(default_factory=dict)  # printed column → its grid columns
    levels: list[int] = field(default_factory=list)  # 类, 款, 项 columns
    code: int | None = None
    name: int | None = None
    total: int | None = None
    basic: list[int] = field(default_factory=list)  # one 基本支出 column, or its parts to add up
    project: list[int] = field(default_factory=list)
    other: list[int] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.levels) or self.code is not None or self.name is not None


def _has(label: str, words: tuple[str, ...]) -> bool:
    return any(w == label for w in words)


def _level_columns(table: Table, paths: list[list[str]]) -> list[int]:
    """类/款/项 columns from the header, or from a first body row that prints them beside the
    合计 line (the two share a printed line in some documents)."""
    found = [next((c for c, p in enumerate(paths) if p and p[-1] == label), None) for label in _LEVEL_LABELS]
    if found[0] is not None and found[1] is not None:
        return [c for c in found if c is not None]
    for row in table.body[:3]:
        cells = [squash(c) for c in row]
        if "类" in cells and "款" in cells:
            return [cells.index(label) for label in _LEVEL_LABELS if label in cells]
    return []


def find_columns(table: Table) -> FunctionalColumns:
    paths = column_paths(table)
    cols = FunctionalColumns(groups=spans(paths))
    cols.levels = _level_columns(table, paths)
    for c in cols.levels:  # 类, 款 and 项 under one 科目编码 heading are three columns
        cols.groups[c] = [c]
    exclude = _words("code_exclude")
    code_words = _words("code")
    for c, path in enumerate(paths):
        text = "".join(path)
        if cols.levels:
            break
        if any(w in p for p in path for w in code_words) and not any(x in text for x in exclude) and "名称" not in (path[-1] if path else ""):
            cols.code = c
            break
    keys = cols.levels or ([cols.code] if cols.code is not None else [])
    after = max(keys) + 1 if keys else 0
    name_words = _words("name")
    names = [c for c in range(after, len(paths)) if paths[c] and any(w in paths[c][-1] for w in name_words)
             and not any(w in paths[c][-1] for w in ("代码", "编码"))]
    cols.name = next((c for c in names if "名称" in paths[c][-1]), names[0] if names else None)
    if cols.name is None and keys:
        cols.name = after if after < len(paths) else None
    if cols.name is None:
        # codes printed in front of names: the first column whose header names the 科目
        cols.name = next((c for c, p in enumerate(paths) if p and any(w in "".join(p) for w in name_words)), None)
    if cols.name is None:
        return cols
    _amount_columns(cols, paths, max([cols.name, *keys]) + 1, _amount_columns_of(table))
    return cols


def _amount_columns_of(table: Table) -> set[int]:
    counts: dict[int, int] = {}
    for row in table.body:
        for c, text in enumerate(row):
            if parse_amount(text) is not None:
                counts[c] = counts.get(c, 0) + 1
    return {c for c, n in counts.items() if n >= max(1, len(table.body) // 3)}


def _amount_columns(cols: FunctionalColumns, paths: list[list[str]], start: int, amounts: set[int]) -> None:
    """``amounts``: the columns whose body cells hold amounts."""
    basic_words, project_words, other_words = _words("basic"), _words("project"), _words("other")
    part_words, total_words = _words("basic_parts"), _words("total")
    basic_group: list[int] = []
    basic_subtotal: int | None = None
    standalone_parts: list[int] = []
    unnamed: list[int] = []
    seen: set[str] = set()
    for c in range(start, len(paths)):
        path = paths[c]
        if not path:
            continue
        key = "/".join(path)
        if key in seen:
            continue  # a merged header cell repeated over two grid columns
        seen.add(key)
        leaf = path[-1]
        if any(_has(p, basic_words) for p in path):
            if _group_total(path, basic_words):
                basic_subtotal = c if basic_subtotal is None else basic_subtotal
            else:
                basic_group.append(c)
        elif any(_has(p, project_words) for p in path):
            if not cols.project or (_group_total(path, project_words) and not _group_total(paths[cols.project[0]], project_words)):
                cols.project = [c]
        elif any(_has(p, other_words) for p in path):
            owner = part_of(paths, c)
            if owner is None or not any(_has(p, basic_words + project_words) for p in paths[owner]):
                cols.other.append(c)  # not a 其中 part of 基本支出 / 项目支出 (事业单位经营支出 under 项目支出)
        elif _has(leaf, part_words):
            standalone_parts.append(c)
        elif cols.total is None and any(_has(p, total_words) for p in path):
            cols.total = c
        elif c in amounts and "代码" not in leaf and "编码" not in leaf:
            unnamed.append(c)
    if cols.total is None and unnamed:
        cols.total = unnamed[0]  # a column of amounts under a heading of its own (预算数 of a year …)
    if basic_subtotal is not None:
        cols.basic = [basic_subtotal]
    elif basic_group:
        cols.basic = basic_group
    elif standalone_parts:
        cols.basic = standalone_parts


def _group_total(path: list[str], words: tuple[str, ...]) -> bool:
    """The column holding a group's own total: the group's label itself as the deepest label,
    or 合计/小计 directly beneath it (not the 小计 of a part further down)."""
    at = next(i for i, p in enumerate(path) if _has(p, words))
    below = path[at + 1:]
    return not below or (len(below) == 1 and below[0] in ("小计", "合计"))


class _CodeReader:
    """The code of each row in reading order, carrying the levels above down."""

    def __init__(self, cols: FunctionalColumns) -> None:
        self.cols = cols
        self.lei: str | None = None
        self.kuan: str | None = None

    def __call__(self, row: list[str]) -> str:
        if self.cols.levels:
            code = self._from_levels([squash(spanned_cell(row, c, self.cols.groups)) for c in self.cols.levels])
        elif self.cols.code is not None:
            code = squash(spanned_cell(row, self.cols.code, self.cols.groups))
        else:
            match = code_in_name(squash(spanned_cell(row, self.cols.name, self.cols.groups)))
            code = match.group(1) if match else ""
        if _CODE.match(code):
            self.lei = code[:3]
            self.kuan = code[:5] if len(code) >= 5 else None
        return code

    def _from_levels(self, parts: list[str]) -> str:
        if not any(parts) or not all(re.fullmatch(r"\d*", p) for p in parts):
            return ""
        lei, kuan, xiang = (parts + ["", "", ""])[:3]
        if len(lei) == 3:
            code = lei
            if kuan:
                code = kuan if len(kuan) == 5 else code + kuan
                if xiang:
                    code = xiang if len(xiang) == 7 else code + xiang
            return code
        if kuan:
            if len(kuan) in (5, 7):
                return kuan + (xiang if len(kuan) == 5 and len(xiang) == 2 else "")
            if len(kuan) == 2 and self.lei:
                return self.lei + kuan + (xiang if len(xiang) == 2 else "")
            return ""
        if xiang:
            if len(xiang) == 7:
                return xiang
            if len(xiang) == 2 and self.kuan:
                return self.kuan + xiang
        return ""


def code_in_name(text: str) -> re.Match | None:
    """``2010501-行政运行``, ``[2010501]行政运行``; also after the end of the row above's
    label where it overflowed its cell (``缴费支出2080506-机关事业单位职业年金``)."""
    return _LEADING_CODE.match(text) or _CODE_AFTER_OVERFLOW.search(text)


def _label(row: list[str], cols: FunctionalColumns) -> str:
    label = squash(spanned_cell(row, cols.name, cols.groups))
    if not cols.levels and cols.code is None:
        match = code_in_name(label)
        if match:
            label = label[match.end():]
    return label


def _one_row_per_code(rows: list[FunctionalExpenditure]) -> list[FunctionalExpenditure]:
    """A code listed on several rows (a table crossed with the economic classification, or one
    section per unit without a unit column) stands for the sum of those rows."""
    by_code: dict[str, FunctionalExpenditure] = {}
    for row in rows:
        first = by_code.get(row.code)
        if first is None:
            by_code[row.code] = row
            continue
        for column in ("total", "basic", "project"):
            a, b = getattr(first, column), getattr(row, column)
            if a is not None or b is not None:
                setattr(first, column, (a or Decimal(0)) + (b or Decimal(0)))
    return list(by_code.values())


def extract_functional(table: Table, ctx: TableContext) -> TableRecords:
    """The rows of a table by functional classification and the table's own 合计 line."""
    out = TableRecords()
    cols = find_columns(table)
    if not cols.found or cols.total is None:
        return out

    def amount(row: list[str], columns: list[int] | int | None) -> Decimal | None:
        if columns is None or columns == []:
            return None
        if isinstance(columns, int):
            columns = [columns]
        return sum((ctx.amount(spanned_cell(row, c, cols.groups)) for c in columns), Decimal(0))

    read_code = _CodeReader(cols)
    total_words = _words("total_row")
    leading: tuple[int, list[str]] | None = None
    labelled: tuple[int, list[str]] | None = None
    key_columns = max([*cols.levels, cols.code or 0, cols.name or 0]) + 1
    for number, row in body_rows(table, key_columns=min(key_columns, 3)):
        code = read_code(row)
        if not _CODE.match(code):
            labels = {squash(c).rstrip("：:") for c in row[: key_columns]}
            has_amount = parse_amount(spanned_cell(row, cols.total, cols.groups)) is not None
            if labelled is None and labels & set(total_words):
                labelled = (number, row)
            elif leading is None and not out.functional and has_amount:
                leading = (number, row)
            continue
        out.functional.append(FunctionalExpenditure(
            code=code, label=_label(row, cols), total=amount(row, cols.total), basic=amount(row, cols.basic),
            project=amount(row, cols.project), table_kind=ctx.kind, source=ctx.source(table, number)))
    out.functional = _one_row_per_code(out.functional)
    total_line = labelled or leading
    if total_line is not None:
        number, row = total_line
        out.totals = TableTotals(total=amount(row, cols.total), basic=amount(row, cols.basic), project=amount(row, cols.project),
                                 other=amount(row, cols.other) if cols.other else None, source=ctx.source(table, number))
    return out
