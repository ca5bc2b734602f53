"""DOCX → blocks with python-docx, in body order; merged cells repeated over their span."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ..errors import CorruptDocument
from .model import Block, GridBlock, TextBlock
from .text import clean_cell


def read_docx_blocks(path: str | Path) -> tuple[list[Block], None]:
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
            rows = _rows(item)
            if rows:
                blocks.append(GridBlock(rows=rows))
    return blocks, None


def _rows(table: DocxTable) -> list[list[str]]:
    """Rows on the table grid: a horizontally merged cell is repeated over its columns and a
    vertically merged one over its rows (python-docx returns the spanning cell there)."""
    out = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            cells.append(clean_cell(cell.text))
        out.append(cells)
    width = max((len(r) for r in out), default=0)
    return [r + [""] * (width - len(r)) for r in out if any(c for c in r)]
