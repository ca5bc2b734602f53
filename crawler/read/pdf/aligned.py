"""Tables without ruling lines, read by alignment: a run of text lines that hold amounts is a
table; its columns are the gaps that no line's words cross (found from the whole table, not
line by line); its rows are the lines of amounts, and a label wrapped over several lines goes,
as a block, to the amounts it stands beside (``ruled.assign_lines``).

The same row building gives a second reading of a ruled table (its columns from the rules, its
rows from the text), which extraction keeps where the first reading does not add up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import clean_cell
from .lines import Line, text_lines
from .objects import Char
from .ruled import assign_lines

_AMOUNT = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+)$")
_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
# a gap between words at least this many character heights wide separates columns
COLUMN_GAP = 1.0
MIN_ROWS = 3


@dataclass
class AlignedTable:
    rows: list[list[str]]
    columns: list[tuple[float, float]]
    top: float
    bottom: float
    chars: list[Char]


def words(line: Line, gap: float = COLUMN_GAP) -> list[Line]:
    """A line cut where its characters stand apart by more than ``gap`` character heights."""
    out: list[Line] = []
    current: list[Char] = []
    for c in line.chars:
        if current and c.x0 - current[-1].x1 > gap * max(c.height, current[-1].height):
            out.append(Line(current))
            current = []
        current.append(c)
    if current:
        out.append(Line(current))
    return out


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text.replace(" ", "")))


def holds_amounts(line: Line) -> bool:
    """A printed row of a table: two amounts or more, or a code and an amount."""
    parts = [w.text.replace(" ", "") for w in words(line)]
    amounts = sum(is_amount(p) for p in parts)
    return amounts >= 2 or (amounts >= 1 and bool(parts) and _CODE.match(parts[0]) is not None)


def column_bounds(lines: list[Line]) -> list[tuple[float, float]]:
    """Columns as the x-ranges that the words of ``lines`` cover, merged where they overlap;
    the gaps no word crosses separate them."""
    spans = sorted((w.x0, w.x1) for line in lines for w in words(line))
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    if len(merged) < 2:
        return []
    cuts = [(a[1] + b[0]) / 2 for a, b in zip(merged, merged[1:])]
    edges = [merged[0][0] - 1.0, *cuts, merged[-1][1] + 1.0]
    return list(zip(edges, edges[1:]))


def _cells(lines: list[Line], columns: list[tuple[float, float]]) -> list[str]:
    texts: list[list[str]] = [[] for _ in columns]
    for line in sorted(lines, key=lambda ln: ln.top):
        per_column: list[list[Char]] = [[] for _ in columns]
        for c in line.chars:
            col = next((j for j, (a, b) in enumerate(columns) if a <= c.xc < b), None)
            if col is not None:
                per_column[col].append(c)
        for j, chars in enumerate(per_column):
            if chars:
                texts[j].append(Line(chars).text)
    return [clean_cell("\n".join(t)) for t in texts]


def rows_by_lines(lines: list[Line], columns: list[tuple[float, float]]) -> list[list[str]]:
    """Body rows: each line of amounts is a row; the lines between (labels wrapped over several
    lines) go, per column, to the row they are centred on."""
    anchors = [ln for ln in lines if holds_amounts(ln)]
    if not anchors:
        return [_cells([ln], columns) for ln in lines]
    others = [ln for ln in lines if not holds_amounts(ln)]
    if sum(_labelled(a) for a in anchors) >= 0.6 * len(anchors):
        # labels start on their amounts' line (cells aligned at the top): a wrapped label's
        # further lines belong to the row above them
        groups: list[list[Line]] = [[] for _ in anchors]
        for line in others:
            above = [k for k, a in enumerate(anchors) if a.yc < line.yc]
            groups[above[-1] if above else 0].append(line)
    else:
        groups = assign_lines(others, [ln.yc for ln in anchors])
    return [_cells([anchor, *group], columns) for anchor, group in zip(anchors, groups)]


def _within_labels(line: Line, columns: list[tuple[float, float]]) -> bool:
    """A line of words inside one of the table's label columns (no amounts)."""
    return bool(columns) and not holds_amounts(line) and any(a - 2 <= line.x0 and line.x1 <= b + 2 for a, b in columns)


def _labelled(line: Line) -> bool:
    """A line of amounts that also carries words (its row's label begins on it)."""
    return any(not is_amount(w.text) and not _CODE.match(w.text.replace(" ", "")) for w in words(line))


def find_aligned_tables(chars: list[Char]) -> list[AlignedTable]:
    """Runs of lines that hold amounts (at least ``MIN_ROWS``), with the header lines just above
    them, in ``chars`` (the text outside ruled tables)."""
    lines = text_lines([c for c in chars if c.upright])
    tables: list[AlignedTable] = []
    i = 0
    while i < len(lines):
        if not holds_amounts(lines[i]):
            i += 1
            continue
        j = i
        last_row = i
        while j + 1 < len(lines):
            nxt = lines[j + 1]
            if holds_amounts(nxt):
                last_row = j + 1
            elif j + 1 - last_row > 2 or "。" in nxt.text or nxt.top - lines[j].bottom > 2.5 * max(nxt.bottom - nxt.top, 1):
                break
            j += 1
        body = lines[i: last_row + 1]
        # at the top of a page, fewer rows may be the end of a table run on from the page before
        at_top = all(not ln.text.strip() for ln in lines[:i])
        if sum(holds_amounts(ln) for ln in body) >= (1 if at_top else MIN_ROWS):
            columns = column_bounds([ln for ln in body if holds_amounts(ln)])
            # the last row's label may wrap onto lines after its amounts
            while last_row + 1 < len(lines) and last_row + 1 <= j and _within_labels(lines[last_row + 1], columns):
                last_row += 1
                body.append(lines[last_row])
            if len(columns) >= 2:
                header = _header_lines(lines, i, columns)
                rows = [_cells([h], columns) for h in header] + rows_by_lines(body, columns)
                top = (header[0] if header else body[0]).top
                used = [c for ln in header + body for c in ln.chars]
                tables.append(AlignedTable(rows, columns, top, body[-1].bottom, used))
        i = last_row + 1
    return tables


def _header_lines(lines: list[Line], first_row: int, columns: list[tuple[float, float]]) -> list[Line]:
    """Up to three lines right above the first row whose words sit over the table's columns
    (column headings), stopping at a sentence, a caption or a wide gap."""
    left, right = columns[0][0], columns[-1][1]
    header: list[Line] = []
    k = first_row - 1
    below = lines[first_row]
    while k >= 0 and len(header) < 3:
        line = lines[k]
        parts = words(line)
        if ("。" in line.text or "：" in line.text or ":" in line.text or line.x0 < left - 5 or line.x1 > right + 5
                or below.top - line.bottom > 2.0 * max(line.bottom - line.top, 1) or len(parts) < 2):
            break
        header.insert(0, line)
        below = line
        k -= 1
    return header


def find_column_ruled_tables(edges: list, chars: list[Char], min_rules: int = 3) -> list[AlignedTable]:
    """Tables drawn with column rules only (no rule between rows, often no bottom rule): three
    or more vertical rules standing side by side over the same height are the table's columns;
    its rows come from the text between them."""
    verticals = sorted((e for e in edges if e.orientation == "v" and e.bottom - e.top > 30), key=lambda e: e.x0)
    tables: list[AlignedTable] = []
    used: set[int] = set()
    for i, first in enumerate(verticals):
        if i in used:
            continue
        group = [first]
        for j in range(i + 1, len(verticals)):
            e = verticals[j]
            overlap = min(e.bottom, first.bottom) - max(e.top, first.top)
            if j not in used and overlap > 0.8 * min(e.bottom - e.top, first.bottom - first.top) and e.x0 - group[-1].x0 > 5:
                group.append(e)
                used.add(j)
        if len(group) < min_rules:
            continue
        top, bottom = max(e.top for e in group), min(e.bottom for e in group)
        xs = [e.x0 for e in group]
        inside = [c for c in chars if c.upright and xs[0] <= c.xc <= xs[-1] and top <= c.yc <= bottom]
        lines = text_lines(inside)
        first_row = next((k for k, ln in enumerate(lines) if holds_amounts(ln)), None)
        if first_row is None:
            continue
        columns = list(zip(xs, xs[1:]))
        header = [_cells(lines[:first_row], columns)] if first_row else []
        rows = header + rows_by_lines(lines[first_row:], columns)
        tables.append(AlignedTable(rows, columns, top, bottom, inside))
    return tables
