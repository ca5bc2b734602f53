"""XLSX → blocks with openpyxl, each sheet read in order, merged ranges filled.

openpyxl's read-only mode streams a sheet row by row and keeps only the cells that hold a value,
so a sheet whose dimension claims A1:XFD1048576 costs what it holds; the used extent (rows ×
columns up to the last value) counts against the cell budget as it grows. Merged ranges are
read from the sheet's XML beside it (read-only mode skips them) and clamped to that extent:
openpyxl's normal mode would make one object per merged cell, 17 billion for A1:XFD1048576."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
from lxml import etree
from openpyxl.utils import get_column_letter, range_boundaries

from ..errors import CorruptDocument, DocumentError
from .limits import DEFAULT_LIMITS, ReadBudget
from .model import Block, TextBlock
from .sheet import cell_text, fill_merges, sheet_blocks, title_rows

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_xlsx_blocks(path: str | Path, budget: ReadBudget | None = None) -> tuple[list[Block], None]:
    budget = budget or ReadBudget(DEFAULT_LIMITS, str(path))
    try:
        # a file object, so that openpyxl judges the content, not the name (``x.pdf`` that is xlsx)
        workbook = openpyxl.load_workbook(BytesIO(Path(path).read_bytes()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CorruptDocument(f"Excel workbook is damaged or not an .xlsx package: {exc}", str(path)) from exc
    except Exception as exc:
        raise CorruptDocument(f"Excel workbook could not be parsed: {exc.__class__.__name__}: {exc}", str(path)) from exc
    blocks: list[Block] = []
    try:
        for sheet in workbook.worksheets:
            try:
                rows = _sheet_rows(sheet, budget)
                merges = fill_merges(rows, _merged_ranges(workbook, sheet), budget)
            except DocumentError:
                raise
            except Exception as exc:  # broken sheet XML
                raise CorruptDocument(f"sheet «{sheet.title}» could not be parsed: {exc.__class__.__name__}: {exc}",
                                      str(path)) from exc
            width = max((len(r) for r in rows), default=0)
            sheet_part = sheet_blocks(rows, title_rows(merges, width))
            if sheet_part and not isinstance(sheet_part[0], TextBlock):
                # a sheet whose table starts at the top is titled by the sheet's name
                sheet_part.insert(0, TextBlock(text=sheet.title))
            blocks += sheet_part
    finally:
        workbook.close()
    return blocks, None


def _sheet_rows(sheet, budget: ReadBudget) -> list[list[str]]:
    """The sheet's cells as shown, from A1 to its last row and column holding a value."""
    sheet.reset_dimensions()  # the declared dimension may lie; read what is there
    values: dict[tuple[int, int], str] = {}
    height = width = 0
    room = budget.limits.max_cells - budget.cells
    for r, row in enumerate(sheet.iter_rows(), start=1):
        for c, cell in enumerate(row, start=1):
            if cell.value is None:
                continue
            text = cell_text(cell.value, cell.number_format)
            if text:
                values[(r, c)] = text
                height, width = r, max(width, c)
        if height * width > room:
            raise budget.exceeded(f"sheet «{sheet.title}» uses A1:{get_column_letter(width)}{height}, "
                                  f"{height * width:,} cells")
    budget.take_cells(height * width, f"sheet «{sheet.title}»")
    return [[values.get((r, c), "") for c in range(1, width + 1)] for r in range(1, height + 1)]


def _merged_ranges(workbook, sheet) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as half-open (row0, row1, col0, col1), streamed from its XML."""
    merges = []
    with workbook._archive.open(sheet._worksheet_path) as xml:
        for _, element in etree.iterparse(xml, events=("end",), tag=(f"{_MAIN}row", f"{_MAIN}mergeCell"),
                                          resolve_entities=False, no_network=True):
            if element.tag == f"{_MAIN}mergeCell" and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                merges.append((min_row - 1, max_row, min_col - 1, max_col))
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return merges
