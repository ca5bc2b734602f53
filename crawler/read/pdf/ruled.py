"""Tables drawn with ruling lines: edges → intersections → cells → tables (pdfplumber's own
functions, fed with PDFium's edges), then characters → cells by where they are: a character
belongs to the cell that holds its centre, wherever its baseline falls.

Two things rules do not say, geometry does:
- a cell that spans several grid rows is one merged cell (its text stands for each row), unless
  its lines sit in rows that hold amounts of their own: then each line belongs to its row;
- a grid row without rules between its printed rows (the rules were only drawn around groups)
  holds several amounts stacked in one cell: it is split at those amounts, and the lines of a
  label wrapped over two or three lines go, as a block, to the amount they are centred on."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from ..text import clean_cell
from .lines import Line, text_lines
from .objects import Char, Edge

SNAP = 3.0
JOIN = 3.0
INTERSECTION = 3.0
MIN_EDGE = 3.0
# a token that stands alone on its line as one value of one printed row
_ANCHOR = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+)$|^(\d{3}|\d{5}|\d{7})$")


@dataclass(eq=False)
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    r0: int = 0
    r1: int = 1
    c0: int = 0
    c1: int = 1
    chars: list[Char] = field(default_factory=list)
    _lines: list[Line] | None = None

    @property
    def lines(self) -> list[Line]:
        if self._lines is None:
            self._lines = text_lines(self.chars)
        return self._lines

    def text_of(self, lines: list[Line]) -> str:
        return clean_cell("\n".join(line.text for line in lines))

    @property
    def text(self) -> str:
        return self.text_of(self.lines)


@dataclass
class RuledTable:
    bbox: tuple[float, float, float, float]
    xs: list[float]
    ys: list[float]
    cells: list[Cell]

    @property
    def columns(self) -> list[tuple[float, float]]:
        return list(zip(self.xs, self.xs[1:]))

    @property
    def row_height(self) -> float:
        heights = sorted(b - a for a, b in zip(self.ys, self.ys[1:]))
        return heights[len(heights) // 2] if heights else 20.0


def _cluster(values: list[float], tolerance: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _index(bounds: list[float], value: float, tolerance: float = 2.0) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))


def find_ruled_tables(edges: list[Edge], chars: list[Char]) -> list[RuledTable]:
    """The ruled tables of a page, each with its characters placed in its cells."""
    if not edges:
        return []
    merged = merge_edges([e.as_dict() for e in edges], SNAP, SNAP, JOIN, JOIN)
    long_enough = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= MIN_EDGE]
    intersections = edges_to_intersections(long_enough, INTERSECTION, INTERSECTION)
    cell_groups = cells_to_tables(intersections_to_cells(intersections))
    tables = []
    for group in cell_groups:
        table = _grid(group)
        if table is not None:
            tables.append(table)
    _place(tables, chars)
    return tables


def _grid(bboxes: list[tuple[float, float, float, float]]) -> RuledTable | None:
    xs = _cluster([b[0] for b in bboxes] + [b[2] for b in bboxes], 1.5)
    ys = _cluster([b[1] for b in bboxes] + [b[3] for b in bboxes], 1.5)
    if len(xs) < 2 or len(ys) < 2:
        return None
    cells = []
    for x0, top, x1, bottom in bboxes:
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 > c0 and r1 > r0:
            cells.append(Cell(x0, top, x1, bottom, r0, r1, c0, c1))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return RuledTable(bbox, xs, ys, cells)


def _place(tables: list[RuledTable], chars: list[Char]) -> None:
    for table in tables:
        cover = {(r, c): cell for cell in table.cells for r in range(cell.r0, cell.r1) for c in range(cell.c0, cell.c1)}
        x0, top, x1, bottom = table.bbox
        for ch in chars:
            if not (x0 <= ch.xc <= x1 and top <= ch.yc <= bottom):
                continue
            r = bisect_right(table.ys, ch.yc) - 1
            c = bisect_right(table.xs, ch.xc) - 1
            cell = cover.get((min(r, len(table.ys) - 2), min(c, len(table.xs) - 2)))
            if cell is not None:
                cell.chars.append(ch)


def is_anchor(text: str) -> bool:
    return bool(_ANCHOR.match(re.sub(r"\s+", "", text)))


def table_rows(table: RuledTable) -> list[list[str]]:
    """The table's printed rows as cell texts on its grid (merged cells repeated over the
    positions they cover)."""
    n_rows, n_cols = len(table.ys) - 1, len(table.xs) - 1
    cover = {(r, c): cell for cell in table.cells for r in range(cell.r0, cell.r1) for c in range(cell.c0, cell.c1)}
    amount_rows = _rows_with_own_amounts(table, n_rows)
    out: list[list[str]] = []
    for r in range(n_rows):
        row_cells = [cover.get((r, c)) for c in range(n_cols)]
        own = [cell for cell in dict.fromkeys(c for c in row_cells if c is not None) if cell.r0 == r and cell.r1 == r + 1]
        anchors = _anchors(own)
        if len(anchors) >= 2:
            out += _split_row(row_cells, anchors)
            continue
        row = []
        for cell in row_cells:
            if cell is None:
                row.append("")
            elif cell.r1 - cell.r0 > 1 and _distributes(cell, table, amount_rows):
                row.append(cell.text_of([ln for ln in cell.lines if table.ys[r] <= ln.yc < table.ys[r + 1]]))
            else:
                row.append(cell.text)
        out.append(row)
    return out


def _rows_with_own_amounts(table: RuledTable, n_rows: int) -> set[int]:
    rows = set()
    for cell in table.cells:
        if cell.r1 - cell.r0 == 1 and any(is_anchor(ln.text) for ln in cell.lines):
            rows.add(cell.r0)
    return rows


def _distributes(cell: Cell, table: RuledTable, amount_rows: set[int]) -> bool:
    """A tall cell with a line of its own beside each of its rows that holds amounts is several
    cells whose rule between them was not drawn; one label centred in a tall cell is a merged
    cell that stands for each of its rows."""
    rows_of_lines = {bisect_right(table.ys, ln.yc) - 1 for ln in cell.lines}
    with_amounts = set(range(cell.r0, cell.r1)) & amount_rows
    return len(with_amounts) >= 2 and with_amounts <= rows_of_lines


def _anchors(cells: list[Cell]) -> list[float]:
    """Vertical centres of the printed rows inside one grid row: values standing alone on their
    line (amounts, codes), clustered by height."""
    centres = sorted(ln.yc for cell in cells for ln in cell.lines if is_anchor(ln.text))
    heights = [ln.bottom - ln.top for cell in cells for ln in cell.lines]
    tolerance = (sorted(heights)[len(heights) // 2] if heights else 10.0) * 0.6
    clusters: list[list[float]] = []
    for y in centres:
        if clusters and y - clusters[-1][-1] <= tolerance:
            clusters[-1].append(y)
        else:
            clusters.append([y])
    if not clusters:
        return []
    # only a column of stacked values makes printed rows; one value per cell is just a row
    stacked = max(sum(1 for ln in cell.lines if is_anchor(ln.text)) for cell in cells)
    if stacked < 2:
        return []
    return [sum(c) / len(c) for c in clusters]


def _split_row(row_cells: list[Cell | None], anchors: list[float]) -> list[list[str]]:
    rows = [["" for _ in row_cells] for _ in anchors]
    done: dict[int, list[list[Line]]] = {}
    for c, cell in enumerate(row_cells):
        if cell is None:
            continue
        key = id(cell)
        if key not in done:
            done[key] = assign_lines(cell.lines, anchors)
        for k, lines in enumerate(done[key]):
            rows[k][c] = cell.text_of(lines)
    return rows


def assign_lines(lines: list[Line], anchors: list[float]) -> list[list[Line]]:
    """Lines (top to bottom) in contiguous groups, one group per anchor (possibly empty), each
    line as near its anchor as the order allows: a label wrapped over three lines stays whole
    and goes to the amount printed beside its middle."""
    lines = sorted(lines, key=lambda ln: ln.yc)
    m, k = len(lines), len(anchors)
    if m == 0:
        return [[] for _ in anchors]
    inf = float("inf")

    def cost(i: int, j: int, a: float) -> float:  # lines[i:j] to anchor a: how far each line is from it
        return sum(abs(lines[k].yc - a) for k in range(i, j))

    # best[j][i]: first i lines placed on the first j anchors
    best = [[inf] * (m + 1) for _ in range(k + 1)]
    back = [[0] * (m + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for i in range(m + 1):
            for p in range(i + 1):
                if best[j - 1][p] == inf:
                    continue
                value = best[j - 1][p] + cost(p, i, anchors[j - 1])
                if value < best[j][i]:
                    best[j][i] = value
                    back[j][i] = p
    groups: list[list[Line]] = []
    i = m
    for j in range(k, 0, -1):
        p = back[j][i]
        groups.append(lines[p:i])
        i = p
    return list(reversed(groups))


def banner_lines(table: RuledTable) -> tuple[int, list[Line]]:
    """Rows at the top of a table made of one cell across its whole width (a frame drawn
    around the title, the table's number and its captions): how many, and their lines, which
    are text above the table rather than rows of it."""
    n_cols = len(table.xs) - 1
    lines: list[Line] = []
    rows = 0
    r = 0
    while r < len(table.ys) - 1:
        cells = [c for c in table.cells if c.r0 <= r < c.r1]
        if cells and all(not c.chars for c in cells) and all(c.r0 == r for c in cells):
            r = max(c.r1 for c in cells)  # an empty strip of the frame
            continue
        if len(cells) != 1 or cells[0].c1 - cells[0].c0 != n_cols or cells[0].r0 != r:
            break
        lines += cells[0].lines
        r = cells[0].r1
        rows = r
    return (rows, lines) if lines else (0, [])
