"""What an extractor knows of the table it reads besides the table itself: its kind, the unit
its amounts are printed in (and the factor to 万元) and the document's phase."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..read.model import Table
from .records import SourceRef
from .values import parse_amount


@dataclass(frozen=True)
class TableContext:
    kind: str
    factor: Decimal = Decimal(1)
    unit: str = "万元"
    phase: str | None = None
    year: int | None = None

    def source(self, table: Table, row: int) -> SourceRef:
        return SourceRef(table.index, row, table.title, self.unit, table.page_of(row))

    def amount(self, text: str | None, blank_is_zero: bool = True) -> Decimal | None:
        """A printed amount in 万元 (blank or ``-`` is zero where ``blank_is_zero``)."""
        value = parse_amount(text)
        if value is None:
            return Decimal(0) if blank_is_zero else None
        return value * self.factor
