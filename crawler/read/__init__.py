"""Read a document file into the neutral model: ``read(path) -> ReadDocument``.

The format comes from the file's bytes (``sniff``); one reader per format turns the file into
text blocks and grids; ``assemble`` makes titled tables of them, the same for every format.
Every read is within budgets (``limits``): size and unpacked size are checked before the bytes
are parsed, cells as grids are built."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import UnsupportedFormat
from .assemble import assemble
from .doc_reader import read_doc_blocks
from .docx_reader import read_docx_blocks
from .html_reader import read_html_blocks
from .limits import DEFAULT_LIMITS, ReadBudget, ReadLimits, check_file, check_unpacked
from .model import Block, ReadDocument, Table, TextBlock, GridBlock
from .pdf_reader import read_pdf_blocks
from .sniff import EXTENSIONS, sniff_file
from .xls_reader import read_xls_blocks
from .xlsx_reader import read_xlsx_blocks

__all__ = ["read", "ReadDocument", "Table", "READERS", "Block", "TextBlock", "GridBlock", "ReadLimits"]


READERS: dict[str, Callable[[Path, ReadBudget], tuple[list[Block], int | None]]] = {
    "pdf": read_pdf_blocks,
    "docx": read_docx_blocks,
    "xlsx": read_xlsx_blocks,
    "xls": read_xls_blocks,
    "doc": read_doc_blocks,
    "html": read_html_blocks,
}


# formats that are zip packages, whose unpacked size is checked before they are parsed
_PACKAGES = {"docx", "xlsx"}


def read(path: str | Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadDocument:
    """Read one document. Raises a ``DocumentError`` subclass saying what is wrong with it."""
    path = Path(path)
    check_file(path, limits)
    fmt = sniff_file(path)
    if fmt is None:
        head = path.read_bytes()[:16]
        raise UnsupportedFormat(f"not a PDF, Word, Excel or HTML document (first bytes {head!r})", str(path))
    if fmt in _PACKAGES:
        check_unpacked(path, limits)
    budget = ReadBudget(limits, str(path))
    blocks, pages = READERS[fmt](path, budget)
    tables, paragraphs, paragraph_pages = assemble(blocks)
    warnings = list(budget.notes)
    suffix = path.suffix.lower()
    if suffix and suffix not in (EXTENSIONS[fmt], ".htm" if fmt == "html" else EXTENSIONS[fmt]):
        warnings.append(f"named {suffix} but its bytes are {fmt}: read as {fmt}")
    return ReadDocument(path=str(path), format=fmt, tables=tables, paragraphs=paragraphs, pages=pages, warnings=warnings,
                        paragraph_pages=paragraph_pages)
