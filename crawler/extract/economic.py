"""Basic expenditure by economic classification → EconomicExpenditure.

Handles the layouts of the seeds by one rule: the header splits into groups, each starting at
a code column (``科目编码``, or ``类`` + ``款``), then a name column, then amount columns.
A 政府经济分类 group (5xx codes) pairs with the 部门经济分类 group before it in the same row
(wenxian); groups with their own amounts are separate records (neixiang's three column groups)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from .columns import body_rows, cell, column_paths, path_text
from .context import TableContext
from .records import EconomicExpenditure, TableRecords, TableTotals
from .values import parse_amount

ECONOMIC_KINDS = {"basic_economic": "basic", "economic_summary": "all"}
_DEPT = re.compile(r"^3\d{2}(\d{2})?$")
_GOV = re.compile(r"^5\d{2}(\d{2})?$")


@dataclass
class _Group:
    code_cols: list[int] = field(default_factory=list)
    name_col: int | None = None
    amount_cols: list[int] = field(default_factory=list)


def _groups(paths: list[list[str]]) -> list[_Group]:
    groups: list[_Group] = []
    for c, path in enumerate(paths):
        text = path_text(path)
        last = path[-1] if path else ""
        if "序号" in text or not path:
            continue
        if last in ("类", "款") or "编码" in last or "代码" in last:
            if not groups or groups[-1].name_col is not None or groups[-1].amount_cols:
                groups.append(_Group())
            groups[-1].code_cols.append(c)
        elif ("名称" in last or last.endswith("科目")) and groups and groups[-1].name_col is None:
            groups[-1].name_col = c
        elif groups:
            groups[-1].amount_cols.append(c)
    return [g for g in groups if g.code_cols]


def extract_economic(table: Table, ctx: TableContext) -> TableRecords:
    paths = column_paths(table)
    groups = _groups(paths)
    scope = ECONOMIC_KINDS[ctx.kind]
    records: list[EconomicExpenditure] = []
    totals: dict = {}

    def amount(row: list[str], col: int | None) -> Decimal | None:
        if col is None:
            return None
        value = parse_amount(cell(row, col))
        return (value if value is not None else Decimal(0)) * ctx.factor

    def labelled(group: _Group, word: str) -> int | None:
        return next((c for c in group.amount_cols if word in path_text(paths[c])), None)

    for number, row in body_rows(table, key_columns=3):
        pending: tuple[str, str] | None = None  # a 部门 code waiting for its 政府 pair
        for group in groups:
            code = "".join(squash(cell(row, c)) for c in group.code_cols)
            name = squash(cell(row, group.name_col))
            if not code:
                # 合计 lines: 合计, 人员经费合计, 公用经费合计
                for c in [group.name_col, *group.code_cols]:
                    label = squash(cell(row, c))
                    if label.endswith("合计") and label not in totals:
                        value = next((parse_amount(x) for x in row[(c or 0) + 1:] if parse_amount(x) is not None), None)
                        if value is not None:
                            totals[label] = value * ctx.factor
                continue
            if _DEPT.match(code) and not group.amount_cols:
                pending = (code, name)
                continue
            first_amount = group.amount_cols[0] if group.amount_cols else None
            if _GOV.match(code) and pending:
                dept_code, dept_name = pending
                gov_code, gov_name = code, name
            elif _DEPT.match(code):
                dept_code, dept_name, gov_code, gov_name = code, name, None, None
            else:
                continue
            records.append(
                EconomicExpenditure(
                    code=dept_code,
                    label=dept_name,
                    amount=amount(row, first_amount),
                    gov_code=gov_code,
                    gov_label=gov_name,
                    personnel=amount(row, labelled(group, "人员经费")),
                    public=amount(row, labelled(group, "公用经费")),
                    scope=scope,
                    source=ctx.source(table, number),
                )
            )
            pending = None
    total = totals.get("合计")
    if total is None and "人员经费合计" in totals and "公用经费合计" in totals:
        total = totals["人员经费合计"] + totals["公用经费合计"]
    printed = TableTotals(total=total, personnel=totals.get("人员经费合计"), public=totals.get("公用经费合计"))
    return TableRecords(economic=records, totals=printed if total is not None else None)
