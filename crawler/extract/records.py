"""Typed records extracted from a document. Amounts are Decimal 万元; each record carries
where it was read (table and row), so every number in the graph traces back to its source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from ..codes import LEVELS, parent_code


@dataclass(frozen=True)
class SourceRef:
    """Table ``table`` (1-based, in reading order) of the document, body row ``row`` (1-based
    within the table, header rows included), as printed with unit ``unit``."""

    table: int
    row: int
    title: str
    unit: str = "万元"


@dataclass
class TableTotals:
    """The 合计 line a table prints, by column: ``total`` (合计), ``basic`` / ``project`` /
    ``other`` (经营, 上缴, 对附属单位) for tables by use, ``personnel`` / ``public`` (人员经费 /
    公用经费) for economic tables. Absent columns are None."""

    total: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    other: Decimal | None = None
    personnel: Decimal | None = None
    public: Decimal | None = None
    source: SourceRef | None = None

    def get(self, column: str) -> Decimal | None:
        return getattr(self, column, None)


@dataclass
class DocumentInfo:
    unit_name: str | None
    unit_code: str | None
    year: int | None
    phase: str | None  # "budget" | "final"
    region: str | None = None
    region_code: str | None = None
    province: str | None = None
    city: str | None = None
    amount_unit: str = "万元"
    title: str | None = None
    sub_units: dict[str, str] = field(default_factory=dict)  # code → name


@dataclass
class Totals:
    income_total: Decimal | None = None
    expenditure_total: Decimal | None = None
    basic_total: Decimal | None = None
    project_total: Decimal | None = None
    other_total: Decimal | None = None  # 经营支出, 上缴上级支出, 对附属单位补助支出
    sources: dict[str, str] = field(default_factory=dict)  # field → "table 3 row 5" | "narrative"


@dataclass
class FunctionalExpenditure:
    """One 类/款/项 row of a table by functional classification."""

    code: str
    label: str
    total: Decimal | None
    basic: Decimal | None
    project: Decimal | None
    table_kind: str
    source: SourceRef
    primary: bool = False  # from the document's overall expenditure table

    @property
    def level(self) -> str:
        return LEVELS.get(len(self.code), "?")

    @property
    def parent(self) -> str | None:
        return parent_code("functional", self.code)


@dataclass
class EconomicExpenditure:
    """Expenditure by 部门经济分类 code (301xx…), with the paired 政府经济分类 code (501xx…)."""

    code: str
    label: str
    amount: Decimal | None
    gov_code: str | None
    gov_label: str | None
    personnel: Decimal | None
    public: Decimal | None
    scope: str  # "basic" (基本支出 tables) | "all" (经济分类汇总表)
    source: SourceRef


@dataclass
class Project:
    name: str
    code: str | None
    category: str | None
    amount: Decimal | None
    funds: dict[str, Decimal] = field(default_factory=dict)
    source: SourceRef | None = None
    budget_initial: Decimal | None = None  # 年初预算数 (self-evaluations)
    budget_full_year: Decimal | None = None  # 全年预算数
    executed: Decimal | None = None  # 全年执行数
    score: Decimal | None = None  # 自评总分


@dataclass
class Indicator:
    """A performance indicator (绩效指标) of a project or of the whole department."""

    project_name: str
    project_code: str | None
    level1: str | None
    level2: str | None
    indicator: str
    target: str
    operator: str | None
    value: Decimal | None
    value_unit: str | None
    source: SourceRef
    description: str | None = None
    actual: str | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation: str | None = None


@dataclass
class ThreePublic:
    item: str  # total overseas vehicle vehicle_purchase vehicle_operation reception
    amount: Decimal
    measure: str  # "budget" | "final"
    source: SourceRef


@dataclass
class OperatingCost:
    code: str | None  # None for the total
    label: str
    amount: Decimal
    source: SourceRef


@dataclass
class Finding:
    """A cross-footing (勾稽) mismatch or a problem with a table: reported, never corrected."""

    rule: str
    message: str
    table: int | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None
    severity: str = "warning"


@dataclass
class TableSummary:
    """What became of one table: its kind, the reading kept (``strategy``), its printed 合计
    line and how its own arithmetic came out (``checks`` equations, ``failed`` of them not
    holding)."""

    index: int
    title: str
    kind: str
    rows: int
    pages: list[int]
    facts: int = 0
    strategy: str = "ruled"
    totals: TableTotals | None = None
    checks: int = 0
    failed: int = 0

    @property
    def arithmetic(self) -> str:
        """``holds``, ``fails`` or ``unchecked`` (nothing to add up)."""
        if not self.checks:
            return "unchecked"
        return "fails" if self.failed else "holds"


@dataclass
class DocumentRecords:
    path: str
    format: str
    document: DocumentInfo
    totals: Totals
    functional: list[FunctionalExpenditure] = field(default_factory=list)
    economic: list[EconomicExpenditure] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    three_public: list[ThreePublic] = field(default_factory=list)
    operating_costs: list[OperatingCost] = field(default_factory=list)
    tables: list[TableSummary] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def fact_count(self) -> int:
        return (
            len(self.functional) + len(self.economic) + len(self.projects) + len(self.indicators)
            + len(self.three_public) + len(self.operating_costs)
        )

    def to_dict(self) -> dict:
        return _plain(asdict(self))


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
