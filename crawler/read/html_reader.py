"""HTML articles → blocks with lxml. Chinese portals declare charsets wrongly or not at all:
the declared charset is believed only if the bytes decode under it."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from ..charsets import decode_text
from ..errors import CorruptDocument
from .model import Block, GridBlock, TextBlock
from .text import clean_cell

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td", "caption", "title", "span", "font", "strong", "b", "center"}
_SKIP = {"script", "style", "noscript", "head", "table"}


def read_html_blocks(path: str | Path, declared_charset: str | None = None) -> tuple[list[Block], None]:
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
    _walk(root.find("body") if root.find("body") is not None else root, blocks)
    return blocks, None


def _walk(element, blocks: list[Block]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            if child.xpath(".//table"):
                _walk(child, blocks)  # layout table wrapping the article: look inside
            else:
                rows = table_rows(child)
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
            _walk(child, blocks)
        elif tag in _BLOCK_TAGS or tag == "br":
            for line in child.text_content().splitlines():
                if line.strip():
                    blocks.append(TextBlock(text=clean_cell(line)))
        if child.tail and child.tail.strip():
            blocks.append(TextBlock(text=clean_cell(child.tail)))


def table_rows(table) -> list[list[str]]:
    """A table's rows on its grid, rowspan/colspan cells repeated over what they cover."""
    grid: dict[tuple[int, int], str] = {}
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.xpath("./td|./th"):
            while (r, c) in grid:
                c += 1
            text = clean_cell("\n".join(t for t in cell.itertext()))
            rs = int(cell.get("rowspan", "1") or 1) if str(cell.get("rowspan", "1")).isdigit() else 1
            cs = int(cell.get("colspan", "1") or 1) if str(cell.get("colspan", "1")).isdigit() else 1
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text
            c += cs
    if not grid:
        return []
    height = len(rows)
    width = max(c for _, c in grid) + 1
    out = [[grid.get((r, c), "") for c in range(width)] for r in range(height)]
    return [r for r in out if any(r)]
