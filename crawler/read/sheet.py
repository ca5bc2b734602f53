"""Spreadsheet sheets → blocks, shared by the XLSX and XLS readers: title and caption lines
above a table become text, the table's rows a grid, notes below it text again."""

from __future__ import annotations

import datetime as _dt
import re

from .limits import ReadBudget
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


def fill_merges(rows: list[list[str]], merges: list[tuple[int, int, int, int]],
                budget: ReadBudget | None = None) -> list[tuple[int, int, int, int]]:
    """Repeat each merged range's value over the cells it covers (half-open row/col ranges).
    Ranges are clamped to the sheet's used extent first (a merge over A1:XFD1048576 covers the
    cells the sheet has, no more), and what they cover counts against the budget. Returns the
    clamped ranges."""
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    clamped = []
    covered = 0
    for r0, r1, c0, c1 in merges:
        r1_in, c1_in = min(r1, height), min(c1, width)
        if r0 >= r1_in or c0 >= c1_in:
            continue
        if budget is not None:
            if (r1 - r0) * (c1 - c0) > height * width:
                budget.note(f"a merged range of {(r1 - r0):,} rows × {(c1 - c0):,} columns clamped to the sheet's "
                            f"{height:,} × {width:,} cells")
            covered += (r1_in - r0) * (c1_in - c0)
            if covered > budget.limits.max_cells:
                raise budget.exceeded(f"merged ranges cover {covered:,} cells")
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, r1_in):
            row = rows[r]
            for c in range(c0, min(c1_in, len(row))):
                row[c] = value
        clamped.append((r0, r1_in, c0, c1_in))
    return clamped


def title_rows(merges: list[tuple[int, int, int, int]], width: int) -> set[int]:
    """Rows holding a one-row merge across (nearly) the whole sheet: titles and captions."""
    return {m[0] for m in merges if m[1] - m[0] == 1 and m[3] - m[2] >= max(width - 1, 2)}


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
