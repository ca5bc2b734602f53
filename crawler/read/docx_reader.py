"""DOCX → blocks with python-docx, in body order; merged cells repeated over their span.

Tables are laid out here from their XML rather than by python-docx's ``row.cells``, which
repeats a cell once per grid column it spans (10⁸ times for ``gridSpan 10⁸``): a span is
clamped to the table's grid (``w:tblGrid``) and every cell counts against the budget."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from ..errors import CorruptDocument
from .limits import DEFAULT_LIMITS, ReadBudget
from .model import Block, GridBlock, TextBlock
from .text import clean_cell


def read_docx_blocks(path: str | Path, budget: ReadBudget | None = None) -> tuple[list[Block], None]:
    budget = budget or ReadBudget(DEFAULT_LIMITS, str(path))
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptDocument(f"Word file is damaged or not a .docx package: {exc}", str(path)) from exc
    except Exception as exc:  # lxml errors on broken XML parts
        raise CorruptDocument(f"Word file could not be parsed: {exc.__class__.__name__}: {exc}", str(path)) from exc
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            for line in item.text.split("\n"):
                if line.strip():
                    blocks.append(TextBlock(text=line.strip()))
        elif isinstance(item, DocxTable):
            rows = _rows(item, budget)
            if rows:
                blocks.append(GridBlock(rows=rows))
    return blocks, None


def _rows(table: DocxTable, budget: ReadBudget) -> list[list[str]]:
    """Rows on the table grid: a horizontally merged cell is repeated over its columns and a
    vertically merged one (``vMerge`` continue) takes the text of the cell above it, as
    python-docx's ``row.cells`` does; spans are clamped to the grid's columns."""
    tbl = table._tbl
    grid_columns = len(tbl.tblGrid.gridCol_lst) if tbl.tblGrid is not None else 0
    width = grid_columns or max((len(tr.tc_lst) for tr in tbl.tr_lst), default=0)
    out = []
    above: dict[int, str] = {}  # grid column → text of the cell covering it in the row above
    asked = 0
    for tr in tbl.tr_lst:
        cells: list[str] = []
        here: dict[int, str] = {}
        offset = tr.grid_before
        for tc in tr.tc_lst:
            span = min(tc.grid_span, max(width - offset, 1))
            asked = max(asked, tc.grid_span) if span < tc.grid_span else asked
            budget.take_cells(span, "Word tables")
            text = above.get(offset, "") if tc.vMerge == "continue" else clean_cell(_Cell(tc, table).text)
            for k in range(span):
                here[offset + k] = text
            cells += [text] * span
            offset += span
        above = here
        out.append(cells)
    if asked:
        budget.note(f"a Word table's gridSpan {asked:,} clamped to its {width} grid columns")
    width = max((len(r) for r in out), default=0)
    return [r + [""] * (width - len(r)) for r in out if any(c for c in r)]
