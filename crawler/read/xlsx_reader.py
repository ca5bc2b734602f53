"""XLSX → blocks with openpyxl: each sheet read in order, merged ranges filled."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl

from ..errors import CorruptDocument
from .model import Block, TextBlock
from .sheet import cell_text, fill_merges, sheet_blocks


def read_xlsx_blocks(path: str | Path) -> tuple[list[Block], None]:
    try:
        # a file object, so that openpyxl judges the content, not the name (``x.pdf`` that is xlsx)
        workbook = openpyxl.load_workbook(BytesIO(Path(path).read_bytes()), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CorruptDocument(f"Excel workbook is damaged or not an .xlsx package: {exc}", str(path)) from exc
    except Exception as exc:
        raise CorruptDocument(f"Excel workbook could not be parsed: {exc.__class__.__name__}: {exc}", str(path)) from exc
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        rows = [[cell_text(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in sheet.merged_cells.ranges]
        fill_merges(rows, merges)
        width = max((len(r) for r in rows), default=0)
        full = {m[0] for m in merges if m[1] - m[0] == 1 and m[3] - m[2] >= max(width - 1, 2)}
        sheet_part = sheet_blocks(rows, full)
        if sheet_part and not isinstance(sheet_part[0], TextBlock):
            # a sheet whose table starts at the top is titled by the sheet's name
            sheet_part.insert(0, TextBlock(text=sheet.title))
        blocks += sheet_part
    return blocks, None
