"""Reading budgets: how much one document may cost before it is refused with a specific reason.

A disclosure is a few MB and up to ~100 pages; a hostile file (a 140-byte HTML table spanning
100000 × 100000 cells, an XLSX whose two cells sit at A1 and XFD1048576, a zip bomb) must cost
one document, never the batch. The limits are settings (``ReadLimits``); the checks sit where
each reader would otherwise blow up: the file's size and unpacked size before any parsing
(``check_file``), cells as grids are built (``ReadBudget.take_cells``), pages before a PDF is
laid out. Wall time and memory are enforced by the worker process that reads the document
(``crawler.workers``)."""

from __future__ import annotations

import dataclasses
import zipfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Mapping

from ..errors import TooLarge, TooManyCells, TooManyPages

MB = 2**20


@dataclass(frozen=True)
class ReadLimits:
    """Per-document limits, with defaults fit for real disclosures (tens of times their size)."""

    max_bytes: int = 100 * MB  # the file itself
    max_unpacked_bytes: int = 256 * MB  # all members of an XLSX/DOCX zip package, unpacked
    max_cells: int = 1_000_000  # rows × columns of all the document's grids (spans clamped first)
    max_pages: int = 1_000
    max_seconds: float = 300.0  # wall time to read one document (enforced by the worker pool)
    max_memory_mb: int = 2048  # address space of the process reading one document (worker pool)

    def replace(self, overrides: Mapping[str, object]) -> "ReadLimits":
        """These limits with some changed, from text (``--limit max_cells=50000``) or numbers."""
        types = {f.name: f.type for f in fields(self)}
        values = {}
        for name, value in overrides.items():
            if name not in types:
                raise ValueError(f"unknown read limit {name!r} (known: {', '.join(types)})")
            cast = float if types[name] in ("float", float) else int
            try:
                values[name] = cast(value)
            except (TypeError, ValueError):
                raise ValueError(f"read limit {name} must be a number, not {value!r}") from None
            if values[name] <= 0:
                raise ValueError(f"read limit {name} must be positive")
        return dataclasses.replace(self, **values)


DEFAULT_LIMITS = ReadLimits()


@dataclass
class ReadBudget:
    """What reading one document has spent so far, and the notes on what was clamped."""

    limits: ReadLimits
    path: str
    cells: int = 0
    notes: list[str] = field(default_factory=list)

    def take_cells(self, n: int, where: str) -> None:
        self.cells += n
        if self.cells > self.limits.max_cells:
            raise self.exceeded(where)

    def exceeded(self, where: str) -> TooManyCells:
        return TooManyCells(f"exceeds {self.limits.max_cells:,} cells ({where}; limit max_cells)", self.path)

    def check_grid(self, rows: int, columns: int, where: str) -> None:
        """Before a grid of rows × columns is allocated: would it fit what is left?"""
        if self.cells + rows * columns > self.limits.max_cells:
            raise TooManyCells(f"exceeds {self.limits.max_cells:,} cells ({where} is {rows:,} rows × {columns:,} "
                               f"columns; limit max_cells)", self.path)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


def check_file(path: Path, limits: ReadLimits) -> None:
    """Before anything reads the bytes: the file's size."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise TooLarge(f"the file is {size / MB:,.1f} MB, over the limit of {limits.max_bytes / MB:,.0f} MB "
                       f"(limit max_bytes)", str(path))


def check_unpacked(path: Path, limits: ReadLimits) -> None:
    """An OOXML package (XLSX, DOCX) before it is parsed: what its members unpack to, from the
    zip directory (zipfile stops every member at its declared size, so the directory binds)."""
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # damaged packages are the reader's to report
    if unpacked > limits.max_unpacked_bytes:
        raise TooLarge(f"the package unpacks to {unpacked / MB:,.0f} MB, over the limit of "
                       f"{limits.max_unpacked_bytes / MB:,.0f} MB (a zip bomb?; limit max_unpacked_bytes)", str(path))
