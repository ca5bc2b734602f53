"""收支总表 / 财政拨款收支总表 → SummaryLine: each label with its amount, on the income side or
the expenditure side of the table. A side is a column of labels followed by its columns of
amounts (收入 | 预算数 | 支出 | 预算数, or 收入 | 支出(功能分类) | 支出(支出用途) in three groups);
the header over it, or failing that its place (income first), says which side it is."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from .columns import body_rows, column_paths, path_text
from .context import TableContext
from .records import SummaryLine, TableRecords
from .values import parse_amount

_NUMBERING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|其中[:：]?)+")
INCOME_TOTALS = ("本年收入合计", "收入合计", "本年收入", "本年收入小计", "当年收入小计", "当年收入合计", "本年收入预算合计")
EXPENDITURE_TOTALS = ("本年支出合计", "支出合计", "本年支出", "本年支出小计", "当年支出小计", "当年支出合计", "本年支出预算合计")
# totals that include money carried over from last year / to next year
INCOME_GRAND = ("收入总计", "总计", "合计")
EXPENDITURE_GRAND = ("支出总计", "总计", "合计")
CARRY = re.compile(r"结转|结余")


def plain_label(text: str) -> str:
    """A label without its numbering (``一、``, ``（二）``, ``1.``, ``其中：``) and spaces."""
    return _NUMBERING.sub("", squash(text)).rstrip("：:")


def _label_columns(table: Table) -> list[int]:
    """Columns whose body cells are mostly words (labels), not amounts."""
    counts: dict[int, list[int]] = {}
    for _, row in body_rows(table):
        for c, text in enumerate(row):
            s = squash(text)
            if not s:
                continue
            words, amounts = counts.setdefault(c, [0, 0])
            if parse_amount(s) is not None or re.fullmatch(r"[\d.,\-]+", s):
                counts[c][1] += 1
            else:
                counts[c][0] += 1
    label_cols = sorted(c for c, (w, a) in counts.items() if w > a)
    # a label merged over two grid columns is one label column
    return [c for i, c in enumerate(label_cols) if i == 0 or label_cols[i - 1] != c - 1]


def extract_summary(table: Table, ctx: TableContext) -> TableRecords:
    paths = column_paths(table)
    label_cols = _label_columns(table)
    if not label_cols:
        return TableRecords()
    bounds = label_cols + [len(paths)]
    sides = []
    for i, col in enumerate(label_cols):
        header = path_text(paths[col]) if col < len(paths) else ""
        side = "expenditure" if "支出" in header and "收入" not in header else "income" if "收入" in header else ("income" if i == 0 else "expenditure")
        amount_cols = [c for c in range(col + 1, bounds[i + 1]) if c not in label_cols and not any("行次" in p for p in paths[c])]
        sides.append((side, col, amount_cols))
    lines: list[SummaryLine] = []
    for number, row in body_rows(table):
        for side, col, amount_cols in sides:
            label = plain_label(row[col]) if col < len(row) else ""
            if not label:
                continue
            for k, c in enumerate(amount_cols):
                if paths[c] and paths[c] == paths[amount_cols[k - 1]] and k:
                    continue  # one printed column cut in several
                value = parse_amount(row[c]) if c < len(row) else None
                lines.append(SummaryLine(side=side, label=label, amount=value * ctx.factor if value is not None else None,
                                         column=path_text(paths[c]), source=ctx.source(table, number), position=k))
    return TableRecords(summary_lines=lines)


def _first(lines: list[SummaryLine], side: str, labels: tuple[str, ...]) -> SummaryLine | None:
    for label in labels:
        found = next((ln for ln in lines if ln.side == side and ln.label == label and ln.amount is not None), None)
        if found is not None:
            return found
    return None


def _carries(lines: list[SummaryLine], side: str) -> bool:
    return any(ln.side == side and CARRY.search(ln.label) and ln.amount for ln in lines)


def summary_totals(lines: list[SummaryLine]) -> dict[str, SummaryLine]:
    """本年收入合计 and 本年支出合计 as one 收支总表 prints them: their own lines, or the grand
    totals (收入总计, 合计) where nothing was carried over from last year or to next year."""
    out = {}
    for field, side, own, grand in (("income_total", "income", INCOME_TOTALS, INCOME_GRAND),
                                    ("expenditure_total", "expenditure", EXPENDITURE_TOTALS, EXPENDITURE_GRAND)):
        main = [ln for ln in lines if ln.side == side and ln.position == 0]
        found = _first(main, side, own) or (None if _carries(main, side) else _first(main, side, grand))
        if found is not None:
            out[field] = found
    return out
