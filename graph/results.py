"""Answers of SELECT queries, streamed: never a Python list of the whole answer.

CSV, TSV, JSON and XML are written by the store's own serializer (Oxigraph's, or the server's
bytes copied through); table, Parquet and XLSX row by row (Parquet in record batches, XLSX in
openpyxl's write-only mode). Values keep their RDF types: codes are text (``614``, never
``614.0``), amounts are numbers, years integers."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                   "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}
FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
NATIVE_FORMATS = ("csv", "tsv", "json", "xml")  # the store serializes these itself
ROW_FORMATS = ("table", "parquet", "xlsx")
FORMATS = ("table",) + NATIVE_FORMATS + ("parquet", "xlsx")
BATCH_ROWS = 65536
EXCEL_MAX_ROWS = 1_048_575  # and one header row


@dataclass(frozen=True)
class Cell:
    """One value of a solution: its lexical form, and the datatype of a typed literal."""

    value: str
    datatype: str | None = None

    @property
    def python(self) -> int | float | bool | str:
        if self.datatype in INTEGER_TYPES:
            return int(self.value)
        if self.datatype in FLOAT_TYPES:
            return float(self.value)
        if self.datatype == XSD + "boolean":
            return self.value in ("true", "1")
        return self.value


class Solutions:
    """Variables and an iterator of rows (tuples of ``Cell`` or None for unbound)."""

    def __init__(self, variables: list[str], rows: Iterator[tuple[Cell | None, ...]]) -> None:
        self.variables = variables
        self.rows = rows

    @classmethod
    def of_boolean(cls, answer: bool) -> "Solutions":
        """An ASK query's answer as one row of one column."""
        return cls(["ask"], iter([(Cell("true" if answer else "false", XSD + "boolean"),)]))


def solutions_from_json(results: dict) -> Solutions:
    """SPARQL 1.1 Query Results JSON (a remote server's answer) as Solutions."""
    names = results.get("head", {}).get("vars", [])

    def rows():
        for b in results["results"]["bindings"]:
            yield tuple(Cell(b[n]["value"], b[n].get("datatype")) if n in b else None for n in names)

    return Solutions(names, rows())


# ---------------------------------------------------------------- writers
class CountingWriter(io.RawIOBase):
    """Passes bytes through and counts lines, so the caller learns whether an answer written by
    the store's serializer had any row (a CSV/TSV of 0 rows is its header line alone)."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.lines = 0
        self.tail = b""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self.out.write(data)
        self.lines += data.count(b"\n")
        self.tail = (self.tail + data)[-64:]
        return len(data)

    def empty(self, fmt: str) -> bool:
        if fmt in ("csv", "tsv"):
            return self.lines <= 1
        compact = self.tail.replace(b" ", b"").replace(b"\n", b"")
        if fmt == "json":
            return compact.endswith(b"[]}}")
        return compact.endswith(b"<results></results></sparql>") or compact.endswith(b"<results/></sparql>")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def write_table(solutions: Solutions, out: io.TextIOBase, sample: int = 1000) -> int:
    """Aligned columns for a terminal; widths from the first ``sample`` rows, the rest streamed."""
    names = solutions.variables
    head = [[c.value if c else "" for c in row] for row in islice(solutions.rows, sample)]
    widths = [max([_width(n)] + [_width(r[i]) for r in head]) for i, n in enumerate(names)]
    out.write(" | ".join(_pad(n, w) for n, w in zip(names, widths)).rstrip() + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    count = 0
    for row in head:
        out.write(" | ".join(_pad(v, w) for v, w in zip(row, widths)) + "\n")
        count += 1
    for cells in solutions.rows:
        out.write(" | ".join(_pad(c.value if c else "", w) for c, w in zip(cells, widths)) + "\n")
        count += 1
    out.write(f"({count} rows)\n")
    return count


def batches(solutions: Solutions, size: int = BATCH_ROWS) -> Iterator[list[tuple]]:
    """Rows as Python values (int, float, bool, str, None), ``size`` at a time."""
    while True:
        chunk = [tuple(c.python if c is not None else None for c in row) for row in islice(solutions.rows, size)]
        if not chunk:
            return
        yield chunk


def column_dtype(values: Iterable) -> str:
    """The pandas dtype of a column from the Python types its RDF values gave: codes (plain
    literals) are text, amounts (xsd:decimal) float, years and row numbers (xsd:integer) int."""
    kinds = {type(v) for v in values if v is not None}
    has_null = any(v is None for v in values)
    if kinds == {int}:
        return "Int64" if has_null else "int64"
    if kinds and kinds <= {int, float}:
        return "float64"
    if kinds == {bool}:
        return "boolean"
    return "string"


def frame_of(variables: list[str], rows: list[tuple]):
    import pandas as pd

    columns = list(zip(*rows)) if rows else [() for _ in variables]
    data = {}
    for name, values in zip(variables, columns):
        dtype = column_dtype(values)
        data[name] = pd.Series(values, dtype=dtype if dtype != "float64" else None).astype(dtype)
    return pd.DataFrame(data, columns=variables)


def dataframe(solutions: Solutions):
    """The whole answer as a pandas DataFrame with proper dtypes (for the Python API)."""
    rows = [row for chunk in batches(solutions) for row in chunk]
    return frame_of(solutions.variables, rows)


def write_parquet(solutions: Solutions, output) -> int:
    """Record batches of BATCH_ROWS rows; the schema is the first batch's (codes as strings)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    count = 0
    try:
        for chunk in batches(solutions):
            table = pa.Table.from_pandas(frame_of(solutions.variables, chunk), preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(output, table.schema)
            else:
                table = table.cast(writer.schema, safe=False)
            writer.write_table(table)
            count += len(chunk)
        if writer is None:  # no rows: still a file with the columns
            pq.write_table(pa.Table.from_pandas(frame_of(solutions.variables, []), preserve_index=False), output)
    finally:
        if writer is not None:
            writer.close()
    return count


def write_xlsx(solutions: Solutions, output) -> int:
    """openpyxl's write-only workbook; text cells stay text (format ``@``: Excel keeps 614 and a
    20-digit project code as they are), amounts and years are numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    bold = Font(bold=True)
    header = []
    for name in solutions.variables:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for chunk in batches(solutions):
        for row in chunk:
            count += 1
            if count > EXCEL_MAX_ROWS:
                raise ValueError(f"more than {EXCEL_MAX_ROWS} rows do not fit a worksheet: use --format csv or "
                                 "parquet, or --limit")
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.number_format = "@"
                cells.append(cell)
            sheet.append(cells)
    book.save(output)
    return count


def write_answer(store, sparql: str, fmt: str, out: BinaryIO, limit: int | None = None,
                 offset: int | None = None, graphs: list[str] | None = None) -> int | None:
    """The answer of ``sparql`` in ``fmt`` on ``out``, streamed; returns the number of rows
    when known (0 is always known)."""
    from .query import QueryError, paged

    page = paged(sparql, limit, offset)
    if page is None:
        raise QueryError("--limit/--offset: the query has its own LIMIT or OFFSET (or a VALUES block at its end): "
                         "page it there")
    if fmt in NATIVE_FORMATS:
        counter = CountingWriter(out)
        store.write_results(page, fmt, counter, graphs)
        return 0 if counter.empty(fmt) else None
    solutions = store.solutions(page, graphs)
    if fmt == "table":
        text = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        try:
            return write_table(solutions, text)
        finally:
            text.flush()
            text.detach()
    if fmt == "parquet":
        return write_parquet(solutions, out)
    if fmt == "xlsx":
        return write_xlsx(solutions, out)
    raise QueryError(f"unknown result format {fmt!r}; one of {', '.join(FORMATS)}")
