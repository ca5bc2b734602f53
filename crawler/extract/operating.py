"""机关（机构）运行经费 tables → OperatingCost (items by economic code, and the total)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from .columns import body_rows
from .context import TableContext
from .records import OperatingCost, TableRecords
from .values import parse_amount


def extract_operating_costs(table: Table, ctx: TableContext) -> TableRecords:
    records = []
    for number, row in body_rows(table):
        cells = [squash(c) for c in row]
        amounts = [parse_amount(c) for c in cells if parse_amount(c) is not None and not re.fullmatch(r"3\d{4}", c)]
        if not amounts:
            continue
        code = next((c for c in cells if re.fullmatch(r"3\d{2}(\d{2})?", c)), None)
        label = next((c for c in cells if c and parse_amount(c) is None and c != code), "")
        if code is None and label not in ("合计", "总计"):
            continue
        records.append(OperatingCost(code, label, amounts[-1] * ctx.factor, ctx.source(table, number)))
    return TableRecords(operating_costs=records)
