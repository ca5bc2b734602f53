"""PDF → blocks: each page's characters and ruling edges (PDFium), ruled tables found from the
edges (``pdf.ruled``), the text outside them as lines, in reading order."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import CorruptDocument, EncryptedDocument, NeedsOCR, TooManyPages
from .limits import DEFAULT_LIMITS, ReadBudget, ReadLimits
from .model import Block, GridBlock, TextBlock
from .pdf.aligned import find_aligned_tables, find_column_ruled_tables, is_amount, rows_by_lines
from .pdf.lines import Line, text_lines
from .pdf.objects import Char, PageObjects, page_objects
from .pdf.ruled import RuledTable, banner_lines, find_ruled_tables, table_rows
from .text import clean_cell, is_page_furniture

# share of a document's characters that may lack a Unicode mapping before its text layer
# counts as unusable
CID_LIMIT = 0.3


def open_pdf(path: str | Path, password: str = "") -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise EncryptedDocument("PDF is encrypted and needs a password", str(path)) from exc
        raise CorruptDocument(f"PDF structure is broken or truncated: {message}", str(path)) from exc
    except OSError as exc:
        raise CorruptDocument(f"PDF could not be opened: {exc}", str(path)) from exc


def read_pdf_pages(path: str | Path, limits: ReadLimits = DEFAULT_LIMITS, password: str = "") -> list[PageObjects]:
    pdf = open_pdf(path, password)
    try:
        if len(pdf) > limits.max_pages:
            raise TooManyPages(f"{len(pdf):,} pages, over the limit of {limits.max_pages:,} (limit max_pages)", str(path))
        pages = []
        for index in range(len(pdf)):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise CorruptDocument(f"page {index + 1} is damaged: {exc}", str(path)) from exc
            try:
                pages.append(page_objects(page, index + 1))
            finally:
                page.close()
        return pages
    finally:
        pdf.close()


def read_pdf_blocks(path: str | Path, budget: ReadBudget | None = None, password: str = "") -> tuple[list[Block], int]:
    pages = read_pdf_pages(path, budget.limits if budget else DEFAULT_LIMITS, password)
    chars = sum(len(p.chars) for p in pages)
    unmapped = sum(p.unmapped for p in pages)
    images = sum(p.images for p in pages)
    if chars == 0:
        if images:
            raise NeedsOCR(f"no text layer on {len(pages)} page(s), {images} image(s): a scan, OCR needed", str(path))
        raise NeedsOCR(f"no text on any of {len(pages)} page(s)", str(path))
    if unmapped / max(chars + unmapped, 1) > CID_LIMIT:
        raise NeedsOCR(f"text layer is (cid:NNN) glyph codes without a Unicode map ({unmapped} of {chars + unmapped} characters): treat as a scan", str(path))
    placed = [page_blocks(page) for page in pages]
    mark_running_heads(placed, pages)
    return [block for page in placed for _, block in page], len(pages)


# running heads and feet live in the top and bottom margins of the page
MARGIN = 0.12


def mark_running_heads(placed: list[list[tuple[float, Block]]], pages: list[PageObjects]) -> None:
    """Lines printed in the margin of most pages (the document's title as a running head, a
    footer) are page furniture, like page numbers: a table runs on across them."""
    seen: dict[str, set[int]] = {}
    for page, blocks in zip(pages, placed):
        for top, block in blocks:
            if isinstance(block, TextBlock) and not (MARGIN * page.height < top < (1 - MARGIN) * page.height):
                seen.setdefault(_shape(block.text), set()).add(page.number)
    running = {text for text, numbers in seen.items() if len(numbers) >= max(3, 0.4 * len(pages))}
    for blocks in placed:
        for _, block in blocks:
            if isinstance(block, TextBlock) and (is_page_furniture(block.text) or _shape(block.text) in running):
                block.furniture = True


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def page_blocks(page: PageObjects) -> list[tuple[float, Block]]:
    """The page's grids and text lines, each with its top, in reading order."""
    upright = [c for c in page.chars if c.upright]
    tables = find_ruled_tables(page.edges, page.chars)
    placed: list[tuple[float, Block]] = []
    taken: list[tuple[float, float, float, float]] = []
    for table in tables:
        rows = table_rows(table)
        banner, lines = banner_lines(table)
        if banner and banner < len(rows):
            rows = rows[banner:]
            placed += [(line.top, TextBlock(text=line.text.strip(), page=page.number)) for line in lines if line.text.strip()]
        if not rows or (len(rows[0]) < 2 and len(rows) < 2):
            continue
        above, top = rows_above(table, upright) if not banner else ([], table.ys[banner])
        grid = GridBlock(rows=above + rows, page=page.number, columns=table.columns, strategy="ruled")
        grid.alternatives = [GridBlock(rows=above + alt, page=page.number, columns=table.columns, strategy="ruled-columns-text-rows")
                             for alt in [text_rows_reading(table, rows, upright, banner)] if alt and alt != rows]
        placed.append((top, grid))
        x0, frame_top, x1, bottom = table.bbox
        taken.append((x0, min(top, frame_top), x1, bottom))
    outside = [c for c in upright if not any(x0 - 1 <= c.xc <= x1 + 1 and top - 1 <= c.yc <= bottom + 1 for x0, top, x1, bottom in taken)]
    free_edges = [e for e in page.edges if not any(x0 - 2 <= e.x0 <= x1 + 2 and top - 2 <= e.top <= bottom + 2 for x0, top, x1, bottom in taken)]
    for ruled in find_column_ruled_tables(free_edges, outside):
        placed.append((ruled.top, GridBlock(rows=ruled.rows, page=page.number, columns=ruled.columns, strategy="column-rules")))
        used = {id(c) for c in ruled.chars}
        outside = [c for c in outside if id(c) not in used]
    for aligned in find_aligned_tables(outside):
        placed.append((aligned.top, GridBlock(rows=aligned.rows, page=page.number, columns=aligned.columns, strategy="aligned")))
        used = {id(c) for c in aligned.chars}
        outside = [c for c in outside if id(c) not in used]
    for line in text_lines(outside):
        text = line.text.strip()
        if text:
            placed.append((line.top, TextBlock(text=text, page=page.number)))
    placed.sort(key=lambda item: item[0])
    first_grid = next((b for _, b in placed if isinstance(b, GridBlock)), None)
    if first_grid is not None:
        first_grid.first_on_page = True
    return placed


def text_rows_reading(table: RuledTable, rows: list[list[str]], chars: list[Char], banner: int) -> list[list[str]] | None:
    """A second reading of a ruled table: its columns from the rules, its body rows from the
    text lines (for tables whose horizontal rules do not separate the printed rows)."""
    first_body = next((i for i, row in enumerate(rows) if any(is_amount(c) for c in row)), None)
    if first_body is None:
        return None
    split = table.ys[banner + first_body]
    x0, _, x1, bottom = table.bbox
    body = text_lines([c for c in chars if x0 <= c.xc <= x1 and split <= c.yc <= bottom])
    return rows[:first_body] + rows_by_lines(body, table.columns)


def rows_above(table: RuledTable, chars: list[Char]) -> tuple[list[list[str]], float]:
    """Rows printed above a table's top ruling line: Word leaves the first row on a new page
    without its top border, so the grid starts one row late. A line directly above the table
    whose words fall into two or more of its columns and that reads as data (a code, an amount)
    is taken back into the table."""
    from .assemble import is_data_row

    x0, top, x1, _ = table.bbox
    row_height = table.row_height
    columns = table.columns
    rows: list[list[str]] = []
    new_top = top
    band_chars = [c for c in chars if c.bottom <= top + 1 and c.top >= top - 3 * row_height and x0 - 2 <= c.x0 and c.x1 <= x1 + 2]
    lines = sorted(text_lines(band_chars), key=lambda ln: -ln.top)
    for line in lines:
        if line.bottom < new_top - 1.6 * row_height:
            break
        cells = [""] * len(columns)
        for part in _words(line):
            centre = (part.x0 + part.x1) / 2
            col = next((j for j, (a, b) in enumerate(columns) if a <= centre < b), None)
            if col is not None:
                cells[col] = (cells[col] + part.text).strip()
        if sum(1 for c in cells if c) < 2 or not is_data_row(cells):
            break
        rows.insert(0, [clean_cell(c) for c in cells])
        new_top = line.top - 0.5
    return rows, new_top


def _words(line: Line) -> list[Line]:
    """A line cut at its spaces."""
    words: list[Line] = []
    current: list[Char] = []
    previous: Char | None = None
    for c in line.chars:
        if previous is not None and c.x0 - previous.x1 > 0.25 * max(c.height, previous.height):
            words.append(Line(current))
            current = []
        current.append(c)
        previous = c
    if current:
        words.append(Line(current))
    return words
