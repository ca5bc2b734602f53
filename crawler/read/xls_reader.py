"""XLS (BIFF) → blocks with xlrd, merged ranges filled."""

from __future__ import annotations

from pathlib import Path

import xlrd

from ..errors import CorruptDocument
from .model import Block, TextBlock
from .sheet import cell_text, fill_merges, sheet_blocks


def read_xls_blocks(path: str | Path) -> tuple[list[Block], None]:
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error…
        raise CorruptDocument(f"Excel 97-2003 workbook could not be read: {exc.__class__.__name__}: {exc}", str(path)) from exc
    blocks: list[Block] = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key) if cell.xf_index is not None else None
                row.append(cell_text(cell.value if cell.value != "" else None, fmt.format_str if fmt else None))
            rows.append(row)
        merges = list(sheet.merged_cells)
        fill_merges(rows, merges)
        width = sheet.ncols
        full = {m[0] for m in merges if m[1] - m[0] == 1 and m[3] - m[2] >= max(width - 1, 2)}
        part = sheet_blocks(rows, full)
        if part and not isinstance(part[0], TextBlock):
            part.insert(0, TextBlock(text=sheet.name))
        blocks += part
    return blocks, None
