"""HTML articles → blocks with lxml. Chinese portals declare charsets wrongly or not at all:
the declared charset is believed only if the bytes decode under it."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from ..charsets import decode_text
from ..errors import CorruptDocument
from .limits import DEFAULT_LIMITS, ReadBudget
from .model import Block, GridBlock, TextBlock
from .text import clean_cell

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td", "caption", "title", "span", "font", "strong", "b", "center"}
_SKIP = {"script", "style", "noscript", "head", "table"}


def read_html_blocks(path: str | Path, budget: ReadBudget | None = None,
                     declared_charset: str | None = None) -> tuple[list[Block], None]:
    budget = budget or ReadBudget(DEFAULT_LIMITS, str(path))
    data = Path(path).read_bytes()
    text, _ = decode_text(data, declared_charset)
    try:
        root = lxml.html.document_fromstring(re.sub(r"^<\?xml[^>]*>", "", text.strip()) or "<html/>")
    except Exception as exc:
        raise CorruptDocument(f"HTML could not be parsed: {exc}", str(path)) from exc
    blocks: list[Block] = []
    title = root.findtext(".//title")
    if title and title.strip():
        blocks.append(TextBlock(text=clean_cell(title)))  # the page's title names its article and publisher
    _walk(root.find("body") if root.find("body") is not None else root, blocks, budget)
    return blocks, None


def _walk(element, blocks: list[Block], budget: ReadBudget) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            if child.xpath(".//table"):
                _walk(child, blocks, budget)  # layout table wrapping the article: look inside
            else:
                rows = table_rows(child, budget)
                if rows:
                    blocks.append(GridBlock(rows=rows))
            if child.tail and child.tail.strip():
                blocks.append(TextBlock(text=clean_cell(child.tail)))
            continue
        if tag in _SKIP:
            continue
        if child.xpath(".//table"):
            if child.text and child.text.strip():
                blocks.append(TextBlock(text=clean_cell(child.text)))
            _walk(child, blocks, budget)
        elif tag in _BLOCK_TAGS or tag == "br":
            for line in child.text_content().splitlines():
                if line.strip():
                    blocks.append(TextBlock(text=clean_cell(line)))
        if child.tail and child.tail.strip():
            blocks.append(TextBlock(text=clean_cell(child.tail)))


def _span(cell, name: str) -> int:
    value = str(cell.get(name, "1")).strip()
    return int(value) if value.isdigit() else 1


def table_rows(table, budget: ReadBudget | None = None) -> list[list[str]]:
    """A table's rows on its grid, rowspan/colspan cells repeated over what they cover. Spans
    are clamped to the table's real extent: a rowspan to the rows left (0 means all of them, as
    in HTML), a colspan to the columns the table's cells take without colspans; so
    ``<td rowspan=100000 colspan=100000>`` costs one cell, not 10¹⁰."""
    budget = budget or ReadBudget(DEFAULT_LIMITS, "")
    cells = [tr.xpath("./td|./th") for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]
    if not any(cells):
        return []
    _, natural = _lay_out(cells, lambda cell, c: 1, budget)
    asked = []

    def clamped_colspan(cell, c: int) -> int:
        want = max(_span(cell, "colspan"), 1)
        given = min(want, max(natural - c, 1))
        if given < want:
            asked.append(want)
        return given

    placements, width = _lay_out(cells, clamped_colspan, budget)
    height = len(cells)
    asked += [_span(cell, "rowspan") for _, _, rs, _, cell in placements if _span(cell, "rowspan") > rs]
    if asked:
        budget.note(f"HTML table spans beyond the table clamped to its {height} rows × {width} columns "
                    f"(asked up to {max(asked):,})")
    budget.check_grid(height, width, "an HTML table")
    budget.take_cells(height * width, "HTML tables")
    grid: list[list[str | None]] = [[None] * width for _ in range(height)]
    for r, c, rs, cs, cell in placements:
        text = clean_cell("\n".join(t for t in cell.itertext()))
        for dr in range(rs):
            for dc in range(cs):
                if grid[r + dr][c + dc] is None:
                    grid[r + dr][c + dc] = text
    out = [[v or "" for v in row] for row in grid]
    return [r for r in out if any(r)]


def _lay_out(cells: list[list], colspan, budget: ReadBudget) -> tuple[list[tuple], int]:
    """Where each cell starts and how far it reaches, (row, col, rowspan, colspan, cell), with
    ``colspan(cell, col)`` deciding its width and rowspans clamped to the table's rows; and the
    table's width. Every grid position covered counts against the budget before it is taken."""
    height = len(cells)
    room = budget.limits.max_cells - budget.cells
    taken: set[tuple[int, int]] = set()
    placements = []
    width = 0
    for r, row in enumerate(cells):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rs = min(_span(cell, "rowspan") or height - r, height - r)
            cs = colspan(cell, c)
            if len(taken) + rs * cs > room:
                raise budget.exceeded(f"an HTML table of {height:,} rows whose cells span over {len(taken) + rs * cs:,} positions")
            placements.append((r, c, rs, cs, cell))
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            c += cs
        width = max(width, c)
    return placements, width
