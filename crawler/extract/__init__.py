"""Turn a read document into typed records: ``extract(read_document) -> DocumentRecords``.

Each table is recognised (``crawler.recognise``) and handed to the extractor its kind names in
``crawler/rules/table_kinds.toml`` (``registry``). Where the reader offers several readings of
a table, the one whose own arithmetic holds is kept (``arithmetic``) and the table's summary
says which and how it came out. The projects named by KPI forms are merged with the 项目支出表
by name; the document's totals and cross-footing (``crawler.crossfoot``) come last."""

from __future__ import annotations

from ..crossfoot import crossfoot
from ..read.model import ReadDocument, Table
from ..read.text import squash
from ..recognise import GENERIC, recognise
from .arithmetic import Check, table_checks
from .columns import body_rows
from .context import TableContext
from .crosscheck_facts import add_crosscheck_facts
from .document_info import document_info
from .records import DocumentInfo, DocumentRecords, Finding, FunctionalExpenditure, OperatingCost, Project, TableRecords, TableSummary, ThreePublic
from .registry import extractor_for
from ..codes import class_code
from .narrative import narrative_functional, narrative_operating_costs, narrative_three_public
from .statements import resolve_items, statements
from .totals import extract_totals
from .values import amount_factor, parse_amount

__all__ = ["extract", "DocumentRecords"]

# the tables a document's functional rows are taken from, most complete first: its overall
# expenditure table (all fund sources), else the nearest one it has
PRIMARY_KINDS = ("expenditure", "fiscal_expenditure", "general_budget_expenditure", "income", "government_fund")
WITHOUT_AMOUNTS = ("department_performance", "project_performance", "organisation", GENERIC)


def project_key(name: str) -> str:
    """Names as printed differ in bracket width and spacing: 城乡医疗救助（上级补助）."""
    return squash(name).replace("（", "(").replace("）", ")")


def _merge_projects(listed: list[Project], named_by_forms: list[Project]) -> list[Project]:
    by_key = {project_key(p.name): p for p in listed}
    merged = list(listed)
    for p in named_by_forms:
        known = by_key.get(project_key(p.name))
        if known is None:
            by_key[project_key(p.name)] = p
            merged.append(p)
            continue
        known.code = known.code or p.code
        for attr in ("budget_initial", "budget_full_year", "executed", "score"):
            if getattr(known, attr) is None:
                setattr(known, attr, getattr(p, attr))
        if known.amount is None:
            known.amount = p.amount
    return merged


def table_context(table: Table, kind: str, info: DocumentInfo) -> TableContext:
    """A table's caption (单位：元) governs its amounts; without one, the document's unit."""
    factor, unit = amount_factor(table.captions)
    if not any("单位" in c and "元" in c for c in table.captions):
        factor, unit = amount_factor([f"单位：{info.amount_unit}"])
    return TableContext(kind=kind, factor=factor, unit=unit, phase=info.phase, year=info.year)


def best_reading(table: Table, ctx: TableContext) -> tuple[Table, TableRecords, list[Check]]:
    """The reading of ``table`` whose arithmetic holds (most equations holding, then most
    facts); the first reading where none does better."""
    extractor = extractor_for(ctx.kind)
    best: tuple[tuple, Table, TableRecords, list[Check]] | None = None
    for reading in [table, *table.alternatives]:
        result = extractor(reading, ctx) if extractor else TableRecords()
        checks = table_checks(result, table.index)
        failed = sum(not c.holds for c in checks)
        score = (failed == 0 and bool(checks), -failed, len(checks) - failed, result.fact_count)
        if best is None or score > best[0]:
            best = (score, reading, result, checks)
    assert best is not None
    return best[1], best[2], best[3]


def _empty_table_finding(table: Table, kind: str) -> Finding | None:
    numeric = any(parse_amount(c) and (i > 0 or "." in c) for _, r in body_rows(table) for i, c in enumerate(r))
    if numeric or kind in WITHOUT_AMOUNTS:
        return None
    empty_note = any("无数据" in n or "空表" in n or "没有" in n for n in table.notes + table.context)
    return Finding(rule="table-without-numbers",
                   message=f"{table.where} holds no non-zero amounts" + (" (the document says it has no data)" if empty_note else ""),
                   table=table.index, severity="info" if empty_note else "warning")


def _choose_primary(records: DocumentRecords) -> int | None:
    """The table of the document's functional rows: the most complete kind present, and of its
    tables the one with most rows whose arithmetic holds."""
    for kind in PRIMARY_KINDS:
        candidates = [s for s in records.tables if s.kind == kind and any(r.source.table == s.index for r in records.functional)]
        if candidates:
            best = max(candidates, key=lambda s: (s.arithmetic != "fails", sum(r.source.table == s.index for r in records.functional)))
            return best.index
    return None


def extract(doc: ReadDocument) -> DocumentRecords:
    kinds = {t.index: recognise(t) for t in doc.tables}
    info = document_info(doc, kinds)
    records = DocumentRecords(path=doc.path, format=doc.format, document=info, totals=None, warnings=list(doc.warnings))  # type: ignore[arg-type]
    contexts: dict[int, TableContext] = {}
    named: list[Project] = []
    for table in doc.tables:
        kind = kinds[table.index]
        ctx = contexts[table.index] = table_context(table, kind, info)
        if kind == GENERIC:
            records.warnings.append(f"unrecognised {table.where}: kept as a generic table")
        reading, result, checks = best_reading(table, ctx)
        records.add(result)
        named += result.named_projects
        records.tables.append(TableSummary(table.index, table.title, kind, len(reading.rows), table.pages, result.fact_count,
                                           strategy=reading.strategy, totals=result.totals, checks=len(checks),
                                           failed=sum(not c.holds for c in checks)))
        if (finding := _empty_table_finding(reading, kind)) is not None:
            records.findings.append(finding)
    records.projects = _merge_projects(records.projects, named)
    primary = _choose_primary(records)
    for row in records.functional:
        row.primary = row.source.table == primary
    primary_totals = next((s.totals for s in records.tables if s.index == primary), None)
    # the figures the text states, its 类/款/项 named by the tables' labels where they print them
    records.statements = statements(doc, info.phase)
    resolve_items(records.statements, records.functional)
    from_tables = records.fact_count
    records.functional += _classes_named_elsewhere(records)
    records.totals = extract_totals(doc, kinds, contexts, primary_totals, records.summary_lines, records.statements, info.year)
    if not from_tables:
        _facts_stated_only_in_text(records)
    records.findings += crossfoot(records)
    add_crosscheck_facts(records, doc, kinds)
    if not records.fact_count and records.totals.expenditure_total is None:
        records.empty_reason = _why_empty(doc, kinds)
    else:
        records.warnings += _what_is_not_printed(records)
    return records


def _what_is_not_printed(records: DocumentRecords) -> list[str]:
    """Document facts a read document does not state, said so (never guessed from its file name)."""
    missing = []
    if not records.document.unit_name:
        missing.append("no unit name is printed (cover, titles, captions and text searched)")
    if not records.document.year:
        missing.append("no fiscal year is printed")
    if records.totals.expenditure_total is None:
        missing.append("本年支出合计 is not stated (no 收支总表 or expenditure table total, and the text states none)")
    return missing


def _classes_named_elsewhere(records: DocumentRecords) -> list[FunctionalExpenditure]:
    """类 rows for a document whose functional table lists none (only 项, or no such table): the
    收支总表 names each 类 on its expenditure side (codes from the official heads); a document
    with no functional table at all states them in its text, and those rows are its primary
    ones. Each keeps its source."""
    primary = [r for r in records.functional if r.primary]
    if any(len(r.code) == 3 for r in primary):
        return []
    found: dict[str, FunctionalExpenditure] = {}
    for line in records.summary_lines:
        kind = next((s.kind for s in records.tables if s.index == line.source.table), None)
        if kind != "summary" or line.side != "expenditure" or line.position != 0 or line.amount is None:
            continue
        code = class_code(line.label)
        if code and code not in found:
            # beside the primary table's rows, not among them: that table does not list them
            found[code] = FunctionalExpenditure(code=code, label=line.label, total=line.amount, basic=None, project=None,
                                                table_kind="summary", source=line.source)
    if not found and not primary:
        for row in narrative_functional(records.statements, records.document.year):
            row.primary = True
            found.setdefault(row.code, row)
    return list(found.values())


def _facts_stated_only_in_text(records: DocumentRecords) -> None:
    """三公 and 机关运行经费 of a document that states its figures only in sentences."""
    year = records.document.year
    if not records.three_public:
        records.three_public = narrative_three_public(records.statements, year, records.document.phase or "budget")
    if not records.operating_costs:
        records.operating_costs = narrative_operating_costs(records.statements, year)


def _why_empty(doc: ReadDocument, kinds: dict[int, str]) -> str:
    if not doc.tables and not any(parse_amount(w) for p in doc.paragraphs for w in p.split()):
        if doc.format == "html":
            return "a web page without budget tables or figures (a portal page, or an article whose disclosure is an attachment)"
        return "no tables and no figures in the text"
    recognised = [k for k in kinds.values() if k != GENERIC]
    if not recognised:
        what = "web page" if doc.format == "html" else "document"
        return f"not a budget disclosure: none of the {what}'s {len(doc.tables)} table(s) is a budget table and its text states no budget figures"
    return "its budget tables hold no figures"
