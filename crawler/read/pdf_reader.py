"""PDF → blocks, with pdfplumber (on pdfminer.six): table grids from ruling lines, merged
cells filled over the positions they cover, text outside tables as lines."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from ..errors import CorruptDocument, EncryptedDocument, NeedsOCR
from .model import Block, GridBlock, TextBlock
from .text import clean_cell, is_page_furniture

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3, "intersection_tolerance": 3}
_CID = re.compile(r"\(cid:\d+\)")
# share of a page's text that may be (cid:NNN) before the text layer counts as unusable
CID_LIMIT = 0.3


def read_pdf_blocks(path: str | Path, password: str = "") -> tuple[list[Block], int]:
    try:
        pdf = pdfplumber.open(str(path), password=password)
    except PdfminerException as exc:
        raise _document_error(exc.args[0] if exc.args else exc, path) from exc
    except Exception as exc:  # pdfminer raises a wide range on damaged files
        raise _document_error(exc, path) from exc
    blocks: list[Block] = []
    chars = cid = images = 0
    with pdf:
        try:
            pages = list(pdf.pages)
        except PdfminerException as exc:
            raise _document_error(exc.args[0] if exc.args else exc, path) from exc
        except Exception as exc:
            raise CorruptDocument(f"PDF page tree is broken: {exc.__class__.__name__}: {exc}", str(path)) from exc
        for number, page in enumerate(pages, start=1):
            try:
                page_blocks, n_chars, n_cid = _read_page(page, number)
            except PdfminerException as exc:
                raise _document_error(exc.args[0] if exc.args else exc, path) from exc
            except (PDFSyntaxError, PSException) as exc:
                raise CorruptDocument(f"page {number} is damaged: {exc}", str(path)) from exc
            blocks += page_blocks
            chars += n_chars
            cid += n_cid
            images += len(page.images)
        n_pages = len(pages)
    if chars == 0:
        if images:
            raise NeedsOCR(f"no text layer on {n_pages} page(s), {images} image(s): a scan, OCR needed", str(path))
        raise NeedsOCR(f"no text on any of {n_pages} page(s)", str(path))
    if cid / max(chars, 1) > CID_LIMIT:
        raise NeedsOCR(f"text layer is (cid:NNN) glyph codes without a Unicode map ({cid} of {chars} characters): treat as a scan", str(path))
    return blocks, n_pages


def _document_error(cause: object, path: str | Path) -> Exception:
    """pdfplumber wraps pdfminer's errors: name the real one."""
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedDocument(f"PDF is encrypted and needs a password ({cause.__class__.__name__})", str(path))
    if isinstance(cause, (PDFSyntaxError, PSException)):
        return CorruptDocument(f"PDF structure is broken or truncated: {cause.__class__.__name__} {cause}".strip(), str(path))
    return CorruptDocument(f"PDF could not be opened: {cause.__class__.__name__}: {cause}", str(path))


def _read_page(page, number: int) -> tuple[list[Block], int, int]:
    raw_text = page.extract_text() or ""
    n_chars = len(page.chars)
    n_cid = len(_CID.findall(raw_text))
    tables = page.find_tables(TABLE_SETTINGS)
    placed: list[tuple[float, Block]] = []
    outside = page
    words = page.extract_words(x_tolerance=1.5, keep_blank_chars=False)
    for table in tables:
        rows = _grid(table)
        if not rows or len(rows[0]) < 2 and len(rows) < 2:
            continue
        lost, lost_top = _rows_above(table, words)
        lefts = [c.bbox[0] for c in table.columns] + [table.bbox[2]]
        columns = list(zip(lefts, lefts[1:]))
        placed.append((lost_top, GridBlock(rows=lost + rows, page=number, columns=columns)))
        outside = outside.outside_bbox((table.bbox[0], lost_top, table.bbox[2], table.bbox[3]), strict=False)
    for line in outside.extract_text_lines(layout=False, x_tolerance=1.5, return_chars=False):
        text = line["text"].strip()
        if text:
            placed.append((line["top"], TextBlock(text=text, page=number)))
    placed.sort(key=lambda item: item[0])
    blocks = [b for _, b in placed]
    meaningful = [b for b in blocks if not (isinstance(b, TextBlock) and is_page_furniture(b.text))]
    if meaningful and isinstance(meaningful[0], GridBlock):
        meaningful[0].first_on_page = True
    return blocks, n_chars, n_cid


def _rows_above(table, words: list[dict]) -> tuple[list[list[str]], float]:
    """Rows printed above a table's top ruling line: Word leaves the first row on a new page
    without its top border, so pdfplumber's grid starts one row late. A line directly above the
    table whose words fall into two or more of its columns and that reads as data (a code, an
    amount) is taken back into the table."""
    from .assemble import is_data_row

    lefts = [c.bbox[0] for c in table.columns] + [table.bbox[2]]
    x0, top, x1, _ = table.bbox
    row_height = min((r.bbox[3] - r.bbox[1] for r in table.rows), default=20)
    rows: list[list[str]] = []
    new_top = top
    while True:
        band = [w for w in words if new_top - 1.6 * row_height <= w["top"] and w["bottom"] <= new_top + 1 and w["x0"] >= x0 - 2 and w["x1"] <= x1 + 2]
        if not band:
            break
        line_top = max(w["top"] for w in band)
        line = [w for w in band if abs(w["top"] - line_top) < row_height * 0.6]
        cells = [""] * (len(lefts) - 1)
        for w in sorted(line, key=lambda w: w["x0"]):
            centre = (w["x0"] + w["x1"]) / 2
            col = next((j for j in range(len(lefts) - 1) if lefts[j] <= centre < lefts[j + 1]), None)
            if col is not None:
                cells[col] = (cells[col] + w["text"]).strip()
        if sum(1 for c in cells if c) < 2 or not is_data_row(cells):
            break
        rows.insert(0, [clean_cell(c) for c in cells])
        new_top = min(w["top"] for w in line) - 0.5
    return rows, new_top


def _grid(table) -> list[list[str]]:
    """The table's rows with each merged cell's text repeated over the grid positions it covers
    (pdfplumber leaves those positions empty)."""
    extracted = table.extract(x_tolerance=1.5)
    if not extracted:
        return []
    texts: dict[tuple, str] = {}
    for row_obj, row_text in zip(table.rows, extracted):
        for bbox, text in zip(row_obj.cells, row_text):
            if bbox is not None:
                texts[tuple(bbox)] = clean_cell(text)
    # a row's or column's own bbox stretches over cells merged across it: use grid lines
    lefts = [c.bbox[0] for c in table.columns] + [table.bbox[2]]
    tops = [r.bbox[1] for r in table.rows] + [table.bbox[3]]
    out = []
    for i, (row_obj, row_text) in enumerate(zip(table.rows, extracted)):
        row = []
        cy = (tops[i] + tops[i + 1]) / 2
        for j, (bbox, text) in enumerate(zip(row_obj.cells, row_text)):
            if bbox is not None:
                row.append(clean_cell(text))
                continue
            cx = (lefts[j] + lefts[j + 1]) / 2 if j + 1 < len(lefts) else None
            row.append(_covering(texts, cx, cy))
        out.append(row)
    return out


def _covering(texts: dict[tuple, str], cx: float | None, cy: float) -> str:
    if cx is None:
        return ""
    for (x0, top, x1, bottom), text in texts.items():
        if x0 - 0.5 <= cx <= x1 + 0.5 and top - 0.5 <= cy <= bottom + 0.5:
            return text
    return ""
