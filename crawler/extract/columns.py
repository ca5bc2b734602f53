"""Finding columns by what their header says, not by position."""

from __future__ import annotations

import re

from ..read.model import Table
from ..read.text import squash

_NUMBERING = re.compile(r"^\d+$")


def column_paths(table: Table) -> list[list[str]]:
    """For each column, the header labels above it from top to bottom (merged labels counted
    once; the 栏次 numbering row left out)."""
    paths: list[list[str]] = [[] for _ in range(table.width)]
    for row in table.header:
        if row and squash(row[0]) == "栏次":
            continue
        for c, text in enumerate(row):
            label = squash(text)
            if label and not _NUMBERING.match(label) and (not paths[c] or paths[c][-1] != label):
                paths[c].append(label)
    return paths


def spans(paths: list[list[str]]) -> dict[int, list[int]]:
    """Each column with the neighbours that share its whole header (one printed column that
    the grid cut in several: rules drawn at other places on other rows)."""
    out: dict[int, list[int]] = {}
    c = 0
    while c < len(paths):
        d = c + 1
        while d < len(paths) and paths[d] == paths[c] and paths[c]:
            d += 1
        group = list(range(c, d))
        for k in group:
            out[k] = group
        c = d
    return out


def part_of(paths: list[list[str]], c: int) -> int | None:
    """The column whose figure column ``c`` is a part of, where its header puts it under
    其中 (``项目支出 | 其中 / 事业单位经营支出``): the column just before the 其中 heading's span
    (a part of a figure, not a figure beside it)."""
    path = paths[c]
    at = next((i for i, label in enumerate(path) if label.startswith("其中")), None)
    if at is None:
        return None
    start = c
    while start > 0 and paths[start - 1][: at + 1] == path[: at + 1]:
        start -= 1
    return start - 1 if start > 0 else None


def spanned_cell(row: list[str], col: int | None, groups: dict[int, list[int]]) -> str:
    """The text of printed column ``col`` in ``row``: the first filled grid cell under it."""
    if col is None:
        return ""
    return next((row[k] for k in groups.get(col, [col]) if k < len(row) and row[k].strip()), "")


def path_text(path: list[str]) -> str:
    return "/".join(path)


def find_column(paths: list[list[str]], *needles: str, start: int = 0, exclude: tuple[str, ...] = (), last: bool = False) -> int | None:
    """First column at or after ``start`` whose header (or only its last label, with ``last``)
    contains one of ``needles`` and none of ``exclude``."""
    for c in range(start, len(paths)):
        text = paths[c][-1] if last and paths[c] else path_text(paths[c])
        if any(n in text for n in needles) and not any(x in text for x in exclude):
            return c
    return None


def find_exact(paths: list[list[str]], label: str) -> int | None:
    for c, path in enumerate(paths):
        if path and path[-1] == label:
            return c
    return None


def cell(row: list[str], col: int | None) -> str:
    if col is None or col >= len(row):
        return ""
    return row[col]


def body_rows(table: Table, key_columns: int = 0):
    """(row number within the table, 1-based; row) for rows below the header.

    With ``key_columns``, consecutive rows that agree on their first ``key_columns`` cells and
    nowhere disagree are one printed row that a tall merged cell split over grid lines
    (``301 工资福利支出`` with its amount on the middle line): they come back merged."""
    pending: tuple[int, list[str]] | None = None
    for i, row in enumerate(table.body, start=table.header_rows + 1):
        if row and squash(row[0]) == "栏次":
            continue
        if pending and key_columns and _same_printed_row(pending[1], row, key_columns):
            pending = (pending[0], [a or b for a, b in zip(pending[1], row)] + row[len(pending[1]):])
            continue
        if pending:
            yield pending
        pending = (i, row)
    if pending:
        yield pending


def _same_printed_row(a: list[str], b: list[str], keys: int) -> bool:
    if not any(a[:keys]) or a[:keys] != b[:keys]:
        return False
    return all(not x or not y or x == y for x, y in zip(a, b))


def find_header_row(table: Table, *labels: str) -> int | None:
    """Index of the first row holding every one of ``labels`` as a cell (KPI forms whose
    header sits in the middle of the table)."""
    for i, row in enumerate(table.rows):
        cells = {squash(c) for c in row}
        if all(any(label == c or (label in c and len(c) <= len(label) + 4) for c in cells) for label in labels):
            return i
    return None


def index_of(row: list[str], *labels: str) -> int | None:
    for label in labels:
        for c, text in enumerate(row):
            if squash(text) == label:
                return c
    for label in labels:
        for c, text in enumerate(row):
            if label in squash(text):
                return c
    return None
