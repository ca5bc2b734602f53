"""项目支出表 rows → Project."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from .columns import body_rows, cell, column_paths, find_column, path_text
from .context import TableContext
from .records import Project, TableRecords, TableTotals
from .values import parse_amount

CATEGORIES = ("特定目标类", "其他运转类", "人员类", "公用经费", "运转类")


def extract_projects(table: Table, ctx: TableContext) -> TableRecords:
    paths = column_paths(table)
    name_col = find_column(paths, "项目名称")
    if name_col is None:
        return TableRecords()
    category_col = find_column(paths, "类型", "项目类别", "类别")
    unit_col = find_column(paths, "项目单位", "单位名称")
    total_col = find_column(paths, "合计", "总计", "金额")
    fund_cols = [c for c in range(len(paths)) if total_col is not None and c > total_col]
    projects: list[Project] = []
    totals: TableTotals | None = None
    for number, row in body_rows(table):
        name = squash(cell(row, name_col))
        total = parse_amount(cell(row, total_col))
        label_cells = {squash(cell(row, c)) for c in (name_col, category_col, unit_col)}
        if "合计" in label_cells or "总计" in label_cells or (not name and total is not None and totals is None):
            totals = TableTotals(total=(total or Decimal(0)) * ctx.factor, source=ctx.source(table, number))
            continue
        if not name or re.fullmatch(r"\d+", name):
            continue  # a unit's subtotal line (``614 温县医疗保障局``)
        funds = {}
        for c in fund_cols:
            value = parse_amount(cell(row, c))
            if value:
                funds[path_text(paths[c])] = value * ctx.factor
        category = squash(cell(row, category_col)) or None
        projects.append(
            Project(
                name=name,
                code=None,
                category=category,
                amount=(total if total is not None else Decimal(0)) * ctx.factor,
                funds=funds,
                source=ctx.source(table, number),
            )
        )
    return TableRecords(projects=projects, totals=totals)
