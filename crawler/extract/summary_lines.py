"""What each line of a 收支总表 / 财政拨款收支总表 is, for the cross-checks: the lines as
``summary.extract_summary`` reads them (label, side, amount per column), each given its role
(an income item, 本年收入合计, 上年结转 and its parts, 收入总计, a 类 line, 本年支出合计, 年末结转,
支出总计 …), the 类 code of a class line, the fund an income line names and what its column holds
(the whole, a fund, the 预算数 beside a 决算数), by the rules of ``crawler/rules/lines.toml``.
Also the 合计 line of a 收入表, by kind of income. Nothing is added up here: the rules of
``queries/rules/`` compare."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from ..codes import class_code
from ..read.model import Table
from ..read.text import squash
from ..rules import rules
from .columns import column_paths, path_text
from .context import TableContext
from .functional import extract_functional
from .records import SummaryLine, TableRecords
from .summary import extract_summary
from .values import parse_amount

TOTAL_ROLES = ("income-grand-total", "expenditure-grand-total", "income-total", "expenditure-total")


@lru_cache(maxsize=None)
def _lines_rules() -> dict:
    return rules("lines")


def role_of(label: str) -> str | None:
    for role, words in _lines_rules()["roles"].items():
        if label in words.get("exact", ()) or any(label.startswith(p) for p in words.get("prefix", ())):
            return role
    return None


def fund_of(label: str) -> str | None:
    """The fund-source notation a label names (一般公共预算拨款收入 → general-budget)."""
    funds = _lines_rules()["funds"]
    candidates = {label}
    for word in funds["strip"]:
        for c in list(candidates):
            if c.endswith(word) and len(c) > len(word):
                candidates.add(c[: -len(word)])
    best: tuple[int, str] | None = None
    for notation, names in funds.items():
        if notation == "strip":
            continue
        for name in names:
            if name in candidates and (best is None or len(name) > best[0]):
                best = (len(name), notation)
    return best[1] if best else None


def column_key(path: list[str], final_beside_budget: bool) -> str | None:
    """``total``, a fund notation, ``budget``; None for a 其中 column (a part of another)."""
    cols = _lines_rules()["columns"]
    leaf = path[-1] if path else ""
    if leaf.startswith("其中"):
        return None
    if final_beside_budget and leaf in cols["budget_beside_final"]:
        return "budget"
    for label in reversed(path):
        if label in ("收入", "支出", "项目") or label in cols["total"]:
            continue  # a 小计 / 合计 under a fund group: the group decides
        fund = fund_of(label)
        if fund:
            return fund
    return "total"


def _printed_of_which(table: Table, line: SummaryLine) -> bool:
    """Whether the label was printed after 其中 (the reader's label leaves it out)."""
    row = table.rows[line.source.row - 1] if line.source.row and line.source.row <= len(table.rows) else []
    return any(squash(cell).startswith("其中") and line.label in squash(cell) for cell in row)


def classify(lines: list[SummaryLine], table: Table) -> None:
    """Role, 类 code, fund and column key of each line of one table, side by side in reading
    order (a line under 上年结转 / 年末结转 is part of it until the next total)."""
    finals = set(_lines_rules()["columns"]["final"])
    budgets = set(_lines_rules()["columns"]["budget_beside_final"])
    by_side: dict[str, list[SummaryLine]] = defaultdict(list)
    for line in lines:
        by_side[line.side].append(line)
    for side, mine in by_side.items():
        leaves = {line.column.split("/")[-1] for line in mine}
        beside = bool(leaves & finals) and bool(leaves & budgets)
        # a printed line is a row's label with its amounts; a side printed in several groups
        # (支出 by function | by economic class | by use) has several labels on a row
        rows: dict[tuple[int, str], list[SummaryLine]] = defaultdict(list)
        for line in mine:
            line.key = column_key(line.column.split("/"), beside)
            if line.key == "total" and line.position != 0:
                line.key = None  # only the first amount column is the line's whole
            rows[(line.source.row or 0, line.label)].append(line)
        section = "items"
        for number in sorted(rows):
            row = rows[number]
            label = row[0].label
            role = role_of(label)
            code = fund = None
            if role in ("carried-in", "carried-out"):
                section = role
            elif role in TOTAL_ROLES:
                section = "items"
            elif role is None and label not in _lines_rules()["ambiguous"]["grand_total"]:
                if _printed_of_which(table, row[0]):
                    role = "of-which"
                elif section != "items":
                    role = f"{section}-part"
                elif label in _lines_rules()["subtotals"]["labels"]:
                    role = "subtotal"
                elif side == "expenditure" and (found := class_code(label)) and len(found) == 3:
                    role, code = "class", found  # a 款 or 项 listed under its 类 stays an item
                else:
                    role = "item"
            if side == "income":
                fund = fund_of(label)
            for line in row:
                line.role, line.code, line.fund = role, code, fund
        _resolve_grand_totals(mine, side)
        _mark_subtotals(mine)


def _mark_subtotals(lines: list[SummaryLine]) -> None:
    """财政拨款 over 一般公共预算 / 政府性基金 / 国有资本经营, 单位资金 over 事业收入 / 其他收入 …:
    where a side prints a group's line and lines of its members, the group's is a subtotal."""
    funds = {line.fund for line in lines if line.role == "item"}
    for group, members in _lines_rules()["groups"].items():
        if group in funds and funds & set(members):
            for line in lines:
                if line.role == "item" and line.fund == group:
                    line.role = "subtotal"


def _resolve_grand_totals(lines: list[SummaryLine], side: str) -> None:
    """总计 is the grand total of its side; 收入合计 / 支出合计 are, where the side also prints
    本年收入 / 本年支出."""
    amb = _lines_rules()["ambiguous"]
    year_line = any(line.role == f"{side}-total" and line.label not in amb["grand_when_year_line"] for line in lines)
    for line in lines:
        if (line.role is None and line.label in amb["grand_total"]) or (line.label in amb["grand_when_year_line"] and year_line):
            line.role = f"{side}-grand-total"


def extract_summary_lines(table: Table, ctx: TableContext) -> TableRecords:
    """A 收支总表 or 财政拨款收支总表 (registry entry of both kinds): its lines, classified."""
    records = extract_summary(table, ctx)
    classify(records.summary_lines, table)
    return records


def extract_income_table(table: Table, ctx: TableContext) -> TableRecords:
    """A 收入表: its rows by functional classification, and its 合计 line by kind of income."""
    records = extract_functional(table, ctx)
    records.summary_lines = income_table_total(table, ctx)
    return records


def income_table_total(table: Table, ctx: TableContext) -> list[SummaryLine]:
    """The 合计 line of a 收入表, one line per column, keyed ``grand`` (总计: with 上年结转),
    ``year`` (本年收入合计), ``carried-in`` or the fund / kind of income of the year."""
    paths = column_paths(table)
    has_carry = any("上年结转" in "".join(p) or "年初结转" in "".join(p) for p in paths)
    columns: dict[int, str] = {}
    for c, path in enumerate(paths):
        text = "".join(path)
        if not path or any(w in text for w in _lines_rules()["columns"]["skip"]) or (c < 3 and any(w in text for w in ("名称", "科目", "单位"))):
            continue
        leaf = path[-1]
        if leaf.startswith("其中") or (len(path) > 1 and path[0] in ("合计", "总计")):
            continue  # a part of another column, or the grand total's split by fund
        if "上年结转" in text or "年初结转" in text:
            key = "carried-in" if leaf in ("合计", "小计") or len(path) == 1 else None
        elif leaf == "总计" or (leaf == "合计" and len(path) == 1 and has_carry):
            key = "grand"
        elif leaf in ("本年收入合计", "本年收入") or (leaf in ("合计", "小计") and "本年收入" in text) or (leaf == "合计" and len(path) == 1):
            key = "year"
        else:
            key = column_key([p for p in path if p not in ("本年收入", "合计")], False)
            key = None if key == "total" else key
        if key and key not in columns.values():
            columns[c] = key
    for number, row in enumerate(table.body, start=table.header_rows + 1):
        if not any(squash(x) in ("合计", "总计") for x in row[:4]):
            continue
        lines = [SummaryLine(side="income", label="合计", amount=parse_amount(row[c]) * ctx.factor, column=path_text(paths[c]),
                             source=ctx.source(table, number), position=k, role="income-table-total", key=key)
                 for k, (c, key) in enumerate(columns.items()) if c < len(row) and parse_amount(row[c]) is not None]
        if lines:
            return lines
    return []
