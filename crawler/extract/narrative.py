"""What the running text (情况说明) gives a document's records, read from the statements it
makes (``crawler.extract.statements``): 本年收入合计 / 本年支出合计 and the split by use where no
table states them, the “三公” items and 机关运行经费 of a document that states its figures only
in sentences, and the functional rows the text codes (``行政运行（2010401）2740.23万元``) or names
with their level marks (``…（款）行政运行（项）支出9370.12万元``)."""

from __future__ import annotations

from decimal import Decimal

from .records import FunctionalExpenditure, OperatingCost, Statement, ThreePublic

THREE_PUBLIC_ITEMS = ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
_ANY = object()


def of_year(statement: Statement, year: int | None) -> bool:
    """A figure of the document's own year: stated with an amount, in a sentence naming no other year."""
    return statement.amount is not None and (statement.year is None or year is None or statement.year == year)


def stated(found: list[Statement], topics: str | tuple[str, ...], year: int | None, subject: object = _ANY) -> Statement | None:
    """The first figure the text states of one of ``topics`` (its overall statement comes first)."""
    topics = (topics,) if isinstance(topics, str) else topics
    return next((s for s in found if s.topic in topics and (subject is _ANY or s.subject == subject) and of_year(s, year)), None)


def narrative_totals(found: list[Statement], year: int | None) -> dict[str, Statement]:
    """本年收入合计 / 本年支出合计 and the split as the text states them. A section's overall
    figure (收入预算 …, 支出预算 …) stands for the year's own total where nothing was carried
    over from last year (or to next year), or where the year's own parts add up to it; and where
    all of the year's income is appropriated (财政拨款收入 = 本年收入), 财政拨款支出 of the same
    amount is the year's whole expenditure (收入 = 支出)."""
    out: dict[str, Statement] = {}
    for field, topic, subject in (("income_total", "income-total", _ANY), ("expenditure_total", "expenditure-total", _ANY),
                                  ("basic_total", "basic", _ANY), ("project_total", "project", _ANY),
                                  ("other_total", "other-use", None)):  # a use of this year's money, not money carried out
        if (found_one := stated(found, topic, year, subject)) is not None:
            out[field] = found_one
    income_parts = [s.amount for s in found if s.topic == "income-item" and of_year(s, year)]
    expenditure_parts = [sum((out[k].amount for k in ("basic_total", "project_total", "other_total") if k in out), Decimal(0))]
    for field, grand_topics, carry, parts in (
            ("income_total", ("income-overall", "income-grand-total"), stated(found, "carry-in", year), income_parts),
            ("expenditure_total", ("expenditure-overall", "expenditure-grand-total"), stated(found, "other-use", year, "carried-out"), expenditure_parts)):
        grand = stated(found, grand_topics, year)
        if field in out or grand is None:
            continue
        if carry is None or carry.amount == 0 or grand.amount in parts:
            out[field] = grand
    fiscal = stated(found, "fiscal-expenditure", year)
    if "expenditure_total" not in out and "income_total" in out and fiscal is not None:
        if fiscal.amount == out["income_total"].amount and out["income_total"].amount in income_parts:
            out["expenditure_total"] = fiscal
    return out


def narrative_three_public(found: list[Statement], year: int | None, measure: str) -> list[ThreePublic]:
    """Each “三公” item the text states (the first figure of each)."""
    items = ((item, stated(found, "three-public", year, item)) for item in THREE_PUBLIC_ITEMS)
    return [ThreePublic(item, s.amount, measure, s.source) for item, s in items if s is not None]


def narrative_operating_costs(found: list[Statement], year: int | None) -> list[OperatingCost]:
    s = stated(found, "operating-costs", year)
    return [] if s is None else [OperatingCost(None, "机关运行经费", s.amount, s.source)]


def narrative_functional(found: list[Statement], year: int | None) -> list[FunctionalExpenditure]:
    """Functional rows the text states, each code once (its first figure): coded
    (``行政运行（2010401）2740.23万元``) or named with level marks, codes resolved
    (``crawler.extract.statements.resolve_items``)."""
    rows: dict[str, FunctionalExpenditure] = {}
    for s in found:
        if s.topic == "functional" and s.subject and of_year(s, year) and s.subject not in rows:
            rows[s.subject] = FunctionalExpenditure(code=s.subject, label=s.label or "", total=s.amount, basic=None, project=None,
                                                    table_kind="narrative", source=s.source)
    return list(rows.values())
