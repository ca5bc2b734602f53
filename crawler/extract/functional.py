"""Rows by functional classification (功能分类 类/款/项) → FunctionalExpenditure."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from .columns import body_rows, cell, column_paths, find_column, find_exact, path_text
from .records import FunctionalExpenditure, SourceRef
from .values import parse_amount

FUNCTIONAL_KINDS = ("expenditure", "general_budget_expenditure", "income", "government_fund", "state_capital")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def _code_reader(paths: list[list[str]]):
    lei, kuan, xiang = find_exact(paths, "类"), find_exact(paths, "款"), find_exact(paths, "项")
    if lei is not None and kuan is not None:
        def split(row: list[str]) -> str:
            parts = [squash(cell(row, c)) for c in (lei, kuan, xiang) if c is not None]
            code = ""
            for p in parts:
                if not p:
                    break
                code += p
            return code
        return split, max(c for c in (lei, kuan, xiang) if c is not None)
    col = find_column(paths, "编码", "代码", exclude=("单位代码", "单位代码", "部门代码"))
    if col is None:
        return None, None
    return (lambda row: squash(cell(row, col))), col


def table_total_row(table: Table) -> list[str] | None:
    for _, row in body_rows(table):
        if any(squash(c) in ("合计", "总计") for c in row[:6]):
            return row
    return None


def extract_functional(table: Table, kind: str, factor: Decimal, unit: str) -> tuple[list[FunctionalExpenditure], dict]:
    """Returns the rows and the table's own 合计 line ({total, basic, project})."""
    paths = column_paths(table)
    read_code, last_code_col = _code_reader(paths)
    if read_code is None:
        return [], {}
    name_col = find_column(paths, "名称", start=0, exclude=("编码",))
    if name_col is None:
        name_col = last_code_col + 1
    start = max(name_col, last_code_col) + 1
    total_col = next((c for c in range(start, len(paths)) if paths[c] and "代码" not in paths[c][-1]), None)
    basic_col = find_column(paths, "基本支出", start=start)
    project_col = find_column(paths, "项目支出", start=start)
    other_cols = [c for c in range(start, len(paths)) if any(w in path_text(paths[c]) for w in ("经营支出", "上缴上级支出", "上解上级支出", "对附属单位补助支出"))]

    def amount(row: list[str], col: int | None) -> Decimal | None:
        if col is None:
            return None
        value = parse_amount(cell(row, col))
        return (value if value is not None else Decimal(0)) * factor

    records = []
    totals: dict = {}
    for number, row in body_rows(table, key_columns=3):
        code = read_code(row)
        if not _CODE.match(code):
            if squash(cell(row, name_col)) in ("合计", "总计") and not totals:
                totals = {"total": amount(row, total_col), "basic": amount(row, basic_col), "project": amount(row, project_col), "row": number}
                if other_cols:
                    totals["other"] = sum((amount(row, c) for c in other_cols), Decimal(0))
            continue
        records.append(
            FunctionalExpenditure(
                code=code,
                label=squash(cell(row, name_col)),
                total=amount(row, total_col),
                basic=amount(row, basic_col),
                project=amount(row, project_col),
                table_kind=kind,
                source=SourceRef(table.index, number, table.title, unit),
            )
        )
    return records, totals
