"""Typed records extracted from a document. Amounts are Decimal 万元; each record carries
where it was read (table and row), so every number in the graph traces back to its source."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..codes import LEVELS, parent_code


@dataclass(frozen=True)
class SourceRef:
    """Where a figure was printed: table ``table`` (1-based, in reading order) of the document,
    row ``row`` (1-based within the table, header rows included) on page ``page``, with unit
    ``unit``. A figure stated in the running text (the narrative) has ``table`` None and
    ``row`` the number of its paragraph."""

    table: int | None
    row: int | None
    title: str
    unit: str = "万元"
    page: int | None = None

    @property
    def is_narrative(self) -> bool:
        return self.table is None


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
    sources: dict[str, SourceRef] = field(default_factory=dict)  # field → where it was printed


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
class SummaryLine:
    """One label of a 收支总表 (or 财政拨款收支总表) with its amount in one of its columns: the
    income side (收入: 一般公共预算拨款收入, 本年收入合计, 上年结转 …) or the expenditure side
    (支出: 一般公共服务支出, 本年支出合计, 结转下年 …)."""

    side: str  # "income" | "expenditure"
    label: str  # as printed, numbering removed
    amount: Decimal | None  # None where the cell is blank
    column: str  # the amount column's header (预算数, 合计, 基本支出 …)
    source: SourceRef
    position: int = 0  # of the amount column after its label: 0 is the line's total (合计 / 预算数)
    # what the cross-checks need to know of it (crawler/extract/summary_lines.py, rules in
    # crawler/rules/lines.toml): the line's role (item, of-which, income-total, carried-in,
    # carried-in-part, income-grand-total, class, expenditure-total, carried-out, carried-out-part,
    # expenditure-grand-total, distribution, non-fiscal-balance; a 收入表's income-table-total),
    # the 类 code of a class line, the fund (or kind of income) an income line names, and what its
    # column holds (total, a fund notation, budget: the 预算数 beside a 决算数; a 收入表's grand,
    # year, carried-in)
    role: str | None = None
    code: str | None = None
    fund: str | None = None
    key: str | None = None


@dataclass
class Finding:
    """A cross-footing (勾稽) mismatch or a problem with a table: reported, never corrected."""

    rule: str
    message: str
    table: int | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None
    severity: str = "warning"
    tolerance: Decimal | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass
class TableRecords:
    """What one table yields: its facts, its printed 合计 line, and the projects and units that
    KPI forms name (merged with the 项目支出表 later)."""

    functional: list[FunctionalExpenditure] = field(default_factory=list)
    economic: list[EconomicExpenditure] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    three_public: list[ThreePublic] = field(default_factory=list)
    operating_costs: list[OperatingCost] = field(default_factory=list)
    summary_lines: list[SummaryLine] = field(default_factory=list)
    named_projects: list[Project] = field(default_factory=list)
    sub_units: dict[str, str] = field(default_factory=dict)
    totals: TableTotals | None = None

    @property
    def fact_count(self) -> int:
        return (len(self.functional) + len(self.economic) + len(self.projects) + len(self.indicators)
                + len(self.three_public) + len(self.operating_costs) + len(self.named_projects))


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
    summary_lines: list[SummaryLine] = field(default_factory=list)
    tables: list[TableSummary] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    empty_reason: str | None = None  # why a document yields no figures at all
    # the figures the running text states (the records of a text-only document are made of
    # them), the 目录 and what each table shows besides its figures: what the cross-checks
    # (queries/rules/) compare besides the lines and figures above
    statements: list["Statement"] = field(default_factory=list)
    contents: list["ContentsEntry"] = field(default_factory=list)
    table_contents: list["TableContent"] = field(default_factory=list)

    @property
    def fact_count(self) -> int:
        return (
            len(self.functional) + len(self.economic) + len(self.projects) + len(self.indicators)
            + len(self.three_public) + len(self.operating_costs)
        )

    def add(self, part: TableRecords) -> None:
        self.functional += part.functional
        self.economic += part.economic
        self.projects += part.projects
        self.indicators += part.indicators
        self.three_public += part.three_public
        self.operating_costs += part.operating_costs
        self.summary_lines += part.summary_lines
        for code, name in part.sub_units.items():
            self.document.sub_units.setdefault(code, name)

    def of_table(self, index: int, totals: TableTotals | None = None) -> TableRecords:
        """The facts read from one table, as that table's records."""

        def mine(items: list) -> list:
            return [x for x in items if x.source is not None and x.source.table == index]

        return TableRecords(functional=mine(self.functional), economic=mine(self.economic), projects=mine(self.projects),
                            indicators=mine(self.indicators), three_public=mine(self.three_public),
                            operating_costs=mine(self.operating_costs), summary_lines=mine(self.summary_lines), totals=totals)


@dataclass
class Statement:
    """A figure the narrative (情况说明) states, with what it is about (``topic``: see
    crawler/rules/statements.toml) and, where the sentence says so, its share, its change
    against last year or its budget. ``step`` is the last printed digit of the amount in 万元
    (``6万元`` → 1, ``1.2亿元`` → 1000), ``share_step`` that of the share."""

    topic: str
    quote: str
    source: SourceRef
    amount: Decimal | None = None
    step: Decimal | None = None
    subject: str | None = None  # a functional code, a 三公 item or a fund the topic names
    share: Decimal | None = None  # percent
    share_step: Decimal | None = None
    change: str | None = None  # "increase" | "decrease" | "flat", as the sentence words it
    change_amount: Decimal | None = None
    change_rate: Decimal | None = None  # percent
    rate_step: Decimal | None = None  # last printed digit of the rate
    rate_change: str | None = None  # "increase" | "decrease": 增长 / 下降
    basis: str | None = None  # what it is compared with: "last-year" | "last-year-budget" | "budget"
    budget_amount: Decimal | None = None  # 年初预算 / 预算数 stated beside a 决算 figure
    execution_rate: Decimal | None = None  # 完成预算的 x%
    previous_amount: Decimal | None = None  # last year's figure the sentence states (较上年6305.01万元)
    year: int | None = None  # the year the sentence speaks of, where it names one (2022年，…)
    label: str | None = None  # a 类/款/项 as printed (行政运行), where the topic is one


@dataclass
class ContentsEntry:
    """A table the document's 目录 lists, in the order listed, with the kind its title names."""

    position: int
    title: str
    kind: str


@dataclass
class TableContent:
    """What a table shows besides its figures: how many non-zero amounts it prints, the note
    that says it is empty on purpose (本表无数据), and the year and unit its title and captions
    print."""

    table: int
    amounts: int
    empty_note: str | None = None
    year: int | None = None
    unit_name: str | None = None
