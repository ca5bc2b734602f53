"""XLS (BIFF) → blocks with xlrd, merged ranges filled (clamped to the sheet)."""

from __future__ import annotations

from pathlib import Path

import xlrd

from ..errors import CorruptDocument
from .limits import DEFAULT_LIMITS, ReadBudget
from .model import Block, TextBlock
from .sheet import cell_text, fill_merges, sheet_blocks, title_rows


def read_xls_blocks(path: str | Path, budget: ReadBudget | None = None) -> tuple[list[Block], None]:
    budget = budget or ReadBudget(DEFAULT_LIMITS, str(path))
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error…
        raise CorruptDocument(f"Excel 97-2003 workbook could not be read: {exc.__class__.__name__}: {exc}", str(path)) from exc
    blocks: list[Block] = []
    for sheet in book.sheets():
        budget.check_grid(sheet.nrows, sheet.ncols, f"sheet «{sheet.name}»")
        budget.take_cells(sheet.nrows * sheet.ncols, f"sheet «{sheet.name}»")
        rows = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key) if cell.xf_index is not None else None
                row.append(cell_text(cell.value if cell.value != "" else None, fmt.format_str if fmt else None))
            rows.append(row)
        merges = fill_merges(rows, list(sheet.merged_cells), budget)
        part = sheet_blocks(rows, title_rows(merges, sheet.ncols))
        if part and not isinstance(part[0], TextBlock):
            part.insert(0, TextBlock(text=sheet.name))
        blocks += part
    return blocks, None
