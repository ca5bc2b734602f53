"""Spreadsheet sheets → blocks, shared by the XLSX and XLS readers: title and caption lines
above a table become text, the table's rows a grid, notes below it text again."""

from __future__ import annotations

import datetime as _dt
import re

from .model import Block, GridBlock, TextBlock
from .text import clean_cell

_TEXT_LINE = re.compile(r"^(注|说明|备注|单位[:：]|部门名称|部门[:：]|金额单位|编制单位|\(\d{4}年度\)|（\d{4}年度）)")


def cell_text(value: object, number_format: str | None = None) -> str:
    """Spreadsheet values as the sheet shows them: amounts keep two decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and "0.00" not in (number_format or ""):
            return str(int(value))
        if abs(value * 100 - round(value * 100)) < 1e-6:
            return f"{value:.2f}"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return clean_cell(value)


def fill_merges(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> None:
    """Repeat each merged range's value over the cells it covers (half-open row/col ranges)."""
    for r0, r1, c0, c1 in merges:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows))):
            for c in range(c0, c1):
                if c < len(rows[r]):
                    rows[r][c] = value


def sheet_blocks(rows: list[list[str]], full_width: set[int]) -> list[Block]:
    """Split a sheet into text lines and grids. A row is a text line when one distinct value
    fills it (a title merged across the sheet, or a lone cell) and it is not inside a grid, or
    when it reads as a caption or note."""
    blocks: list[Block] = []
    grid: list[list[str]] = []

    def flush() -> None:
        nonlocal grid
        if grid:
            width = max(len(r) for r in grid)
            trimmed = [r + [""] * (width - len(r)) for r in grid]
            last = max((i for r in trimmed for i, c in enumerate(r) if c), default=0)
            blocks.append(GridBlock(rows=[r[: last + 1] for r in trimmed]))
            grid = []

    for i, row in enumerate(rows):
        values = [c for c in row if c]
        if not values:
            continue
        distinct = set(values)
        lone = len(distinct) == 1 and (i in full_width or len(values) == 1)
        if lone and (not grid or _TEXT_LINE.match(values[0]) or i in full_width):
            flush()
            blocks.append(TextBlock(text=values[0]))
        else:
            grid.append(list(row))
    flush()
    return blocks
