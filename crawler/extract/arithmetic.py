"""A document's own arithmetic, the judge of a reading: 类 = Σ款 = Σ项, Σ top-level codes = the
table's 合计, 基本 + 项目 = 合计 per row. Each check is a ``Check``; a reading whose checks hold
is believed, one whose checks fail is kept and flagged, never corrected.

Tolerance explains itself: every printed figure is rounded to its last printed digit, so a sum
of n figures may differ from its printed total by up to half a digit for each figure and the
total (n + 1 half-digits)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from .records import EconomicExpenditure, FunctionalExpenditure, Project, SourceRef, TableRecords, TableTotals, ThreePublic

_HALF = Decimal("0.5")


def rounding_step(values: Iterable[Decimal]) -> Decimal:
    """The last printed digit of ``values``: the most common one among them (a table prints
    its amounts to one precision: ``7895.93`` → 0.01; amounts converted from 元 keep their
    finer digits: ``0.123456`` → 0.000001), the finer one on a tie."""
    exponents = [v.as_tuple().exponent for v in values if v is not None and v.is_finite() and v != 0]
    counts = Counter(e for e in exponents if isinstance(e, int))
    if not counts:
        return Decimal("0.01")
    exponent = max(counts, key=lambda e: (counts[e], -e))
    return Decimal(1).scaleb(max(exponent, -8))


@dataclass(frozen=True)
class Check:
    """One equation of the document's arithmetic: ``expected`` (printed) against the sum of
    ``terms`` (printed parts)."""

    rule: str
    where: str
    expected: Decimal
    terms: tuple[Decimal, ...]
    table: int | None = None
    sources: tuple[SourceRef, ...] = ()
    column: str | None = None  # the column checked, where a table has several

    @property
    def actual(self) -> Decimal:
        return sum(self.terms, Decimal(0))

    @property
    def difference(self) -> Decimal:
        return self.actual - self.expected

    @property
    def tolerance(self) -> Decimal:
        step = rounding_step((self.expected, *self.terms))
        return step * _HALF * (len(self.terms) + 1)

    @property
    def holds(self) -> bool:
        return abs(self.difference) <= self.tolerance

    def describe(self) -> str:
        verdict = "holds" if self.holds else f"差 {self.difference}"
        return f"{self.where}: printed {self.expected}, sum of {len(self.terms)} parts {self.actual} ({verdict}, tolerance {self.tolerance})"


def check(rule: str, where: str, expected: Decimal | None, terms: Sequence[Decimal | None], table: int | None = None,
          sources: Sequence[SourceRef] = (), column: str | None = None) -> Check | None:
    """A check of ``expected`` = Σ ``terms``, or None when there is nothing to compare."""
    present = tuple(t for t in terms if t is not None)
    if expected is None or not present:
        return None
    return Check(rule, where, expected, present, table, tuple(sources), column)


FUNCTIONAL_COLUMNS = ("total", "basic", "project")


def functional_checks(rows: Sequence[FunctionalExpenditure], printed: TableTotals | None, table: int) -> list[Check]:
    """The in-table arithmetic of one table by functional classification."""
    checks: list[Check | None] = []
    codes: dict[str, FunctionalExpenditure] = {}
    for r in rows:
        codes.setdefault(r.code, r)

    def nearest_listed_ancestor(code: str) -> str | None:
        # a 项 whose 款 the table leaves out counts under its 类
        return next((code[:n] for n in (5, 3) if n < len(code) and code[:n] in codes), None)

    children: dict[str, list[FunctionalExpenditure]] = defaultdict(list)
    tops = []
    for r in rows:
        if codes[r.code] is not r:
            continue
        ancestor = nearest_listed_ancestor(r.code)
        if ancestor:
            children[ancestor].append(r)
        else:
            tops.append(r)
    for column in FUNCTIONAL_COLUMNS:
        for parent, kids in children.items():
            head = codes[parent]
            checks.append(check("functional-hierarchy", f"table {table} {parent} {column} = Σ {len(kids)} children",
                                getattr(head, column), [getattr(k, column) for k in kids], table,
                                [head.source, *(k.source for k in kids)], column))
        if printed is not None:
            checks.append(check("functional-total", f"table {table} 合计 {column} = Σ top-level codes",
                                printed.get(column), [getattr(r, column) for r in tops], table,
                                [s for s in (printed.source, *(r.source for r in tops)) if s], column))
    for r in rows:
        if r.basic is not None and r.project is not None and r.total is not None:
            checks.append(check("basic-plus-project", f"table {table} {r.code} total = basic + project",
                                r.total, [r.basic, r.project], table, [r.source]))
    return [c for c in checks if c is not None]


def economic_checks(rows: Sequence[EconomicExpenditure], printed: TableTotals | None, table: int) -> list[Check]:
    """类 (301) = Σ its 款 (30101…); 合计 = Σ the items at the deepest level printed."""
    checks: list[Check | None] = []
    # a class listed once per unit (one table, several units) is the sum of its listings
    classes: dict[str, list[EconomicExpenditure]] = defaultdict(list)
    for r in rows:
        if len(r.code) == 3:
            classes[r.code].append(r)
    for code, heads in classes.items():
        kids = [r for r in rows if len(r.code) == 5 and r.code.startswith(code)]
        listed = sum((h.amount for h in heads if h.amount is not None), Decimal(0)) if any(h.amount is not None for h in heads) else None
        checks.append(check("economic-hierarchy", f"table {table} {code} = Σ {code}xx", listed, [k.amount for k in kids],
                            table, [*(h.source for h in heads), *(k.source for k in kids)]))
    leaves = [r for r in rows if len(r.code) == 5 or (len(r.code) == 3 and not any(x.code.startswith(r.code) and len(x.code) == 5 for x in rows))]
    if printed is not None:
        checks.append(check("economic-total", f"table {table} 合计 = Σ items", printed.total, [r.amount for r in leaves], table,
                            [s for s in (printed.source, *(r.source for r in leaves)) if s]))
    return [c for c in checks if c is not None]


THREE_PUBLIC_ITEMS = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")


def three_public_checks(rows: Sequence[ThreePublic]) -> list[Check]:
    """“三公” total = its items, and 公务用车购置及运行费 = 购置 + 运行, per measure (预算 / 决算)."""
    checks: list[Check | None] = []
    by_measure: dict[str, dict[str, ThreePublic]] = defaultdict(dict)
    for r in rows:
        by_measure[r.measure].setdefault(r.item, r)
    for measure, items in by_measure.items():
        table = next(iter(items.values())).source.table
        parts = [items[k] for k in THREE_PUBLIC_ITEMS if k in items]
        if "vehicle_purchase" not in items and "vehicle_operation" not in items and "vehicle" in items:
            parts.append(items["vehicle"])
        total = items.get("total")
        checks.append(check("three-public-total", f"三公 {measure} total = its items", total.amount if total else None,
                            [p.amount for p in parts], table, [p.source for p in ([total] if total else []) + parts]))
        if "vehicle" in items:
            car = [items[k] for k in ("vehicle_purchase", "vehicle_operation") if k in items]
            checks.append(check("three-public-vehicle", f"三公 {measure} 公务用车购置及运行费 = 购置 + 运行", items["vehicle"].amount,
                                [p.amount for p in car], table, [items["vehicle"].source, *(p.source for p in car)]))
    return [c for c in checks if c is not None]


def projects_checks(projects: Sequence[Project], printed: TableTotals | None, table: int) -> list[Check]:
    if printed is None:
        return []
    listed = [p for p in projects if p.source and p.source.table == table]
    found = check("projects-total", f"table {table} 合计 = Σ projects", printed.total, [p.amount for p in listed], table,
                  [s for s in (printed.source, *(p.source for p in listed)) if s])
    return [found] if found else []


def table_checks(records: TableRecords, table: int) -> list[Check]:
    """Every equation one table's own figures must satisfy."""
    return (functional_checks(records.functional, records.totals, table)
            + economic_checks(records.economic, records.totals, table)
            + three_public_checks(records.three_public)
            + projects_checks(records.projects, records.totals, table))
