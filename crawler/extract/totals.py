"""本年收入合计 / 本年支出合计 and the basic/project split: from the tables, else from the
narrative sentences (怀来 states them only there)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import ReadDocument, Table
from ..read.text import squash
from .columns import column_paths, path_text
from .context import TableContext
from .records import SourceRef, SummaryLine, TableTotals, Totals
from .summary import summary_totals
from .values import parse_amount, rules

_X = r"(?:为|是|共计)?([\d,]+(?:\.\d+)?)万元"
# most specific first: 本年收入合计 beats 收入总计 (which may include 上年结转) beats a bare 预算收入
_NARRATIVE = {
    "income_total": [rf"本年收入(?:预算)?合计{_X}", rf"收入(?:预算)?合计{_X}", rf"收入(?:预算)?总计{_X}", rf"预算收入{_X}"],
    "expenditure_total": [rf"本年支出(?:预算)?合计{_X}", rf"支出(?:预算)?合计{_X}", rf"支出(?:预算)?总计{_X}", r"支出预算为([\d,]+(?:\.\d+)?)万元"],
}
NARRATIVE = SourceRef(None, None, "narrative")
_PART = re.compile(r"([\u4e00-\u9fff（）()]+?)(?:预算)?(?:为)?([\d,]+(?:\.\d+)?)万元")


def narrative_amount(doc: ReadDocument, field: str) -> Decimal | None:
    text = squash(doc.text)
    for pattern in _NARRATIVE[field]:
        m = re.search(pattern, text)
        if m:
            return Decimal(m.group(1).replace(",", ""))
    return None


def component_of(label: str) -> str | None:
    """basic / project / other for a label naming a part of 本年支出合计 (rules/values.toml)."""
    label = re.sub(r"^(其中[:：]?|[一二三四五六七八九十]+、|\d+[.、．])", "", squash(label))
    for component, names in rules()["expenditure_components"].items():
        if label in names:
            return component
    return None


def narrative_parts(doc: ReadDocument) -> tuple[Decimal | None, dict[str, Decimal]]:
    """The sentence stating 本年支出合计 and, after 其中, its parts: ``…支出预算合计10,150.48万元，
    其中：基本支出5,678.17万元，占55.94%；项目支出3,314.68万元…；单位预留机动经费1,157.63万元…。``"""
    text = squash(doc.text)
    for pattern in _NARRATIVE["expenditure_total"]:
        for m in re.finditer(pattern, text):
            # the parts may run on over sentences (…基本支出9964.07万元，占47.79%。项目支出…。单位预留…)
            sentences = text[m.end(): m.end() + 600].split("。")
            sentence = sentences[0]
            for following in sentences[1:]:
                if not any(following.startswith(name) for names in rules()["expenditure_components"].values() for name in names):
                    break
                sentence += "。" + following
            parts: dict[str, Decimal] = {}
            for label, amount in _PART.findall(sentence):
                component = component_of(label)
                if component:
                    parts[component] = parts.get(component, Decimal(0)) + Decimal(amount.replace(",", ""))
            if "basic" in parts or "project" in parts:
                return Decimal(m.group(1).replace(",", "")), parts
    return None, {}


def table_parts(table: Table) -> tuple[dict[str, Decimal], int] | None:
    """A 支出预算总表 by use: one row of amounts under 合计 | 基本支出 | 项目支出 | 单位预留机动经费…"""
    paths = column_paths(table)
    # labels printed over several lines (单位预留机动经/费) are read from the deepest ones joined
    columns = {c: next((k for i in range(len(p) - 1, -1, -1) if (k := component_of("".join(p[i:])))), None) for c, p in enumerate(paths) if p}
    if not any(v == "basic" for v in columns.values()):
        return None
    for number, row in enumerate(table.body, start=table.header_rows + 1):
        values = {c: parse_amount(row[c]) for c in columns if c < len(row) and columns[c]}
        if any(v is not None for v in values.values()):
            parts: dict[str, Decimal] = {}
            seen_labels = set()
            for c, component in columns.items():
                label = "/".join(paths[c])
                if not component or label in seen_labels:
                    continue  # a merged cell repeated over grid columns counts once
                seen_labels.add(label)
                parts[component] = parts.get(component, Decimal(0)) + (values.get(c) or Decimal(0))
            return parts, number
    return None


def extract_totals(doc: ReadDocument, kinds: dict[int, str], contexts: dict[int, TableContext], primary: TableTotals | None,
                   summary_lines: list[SummaryLine]) -> Totals:
    """本年收入合计 / 本年支出合计 from the 收支总表, the split from the primary functional
    table's 合计 line (or a table by use), else from the narrative."""
    totals = Totals()
    # the 收支总表's own lines; a 财政拨款收支总表 only where the document has no 收支总表 (its
    # totals are of appropriations alone)
    for kind in ("summary", "fiscal_summary"):
        tables = {t.index for t in doc.tables if kinds[t.index] == kind}
        for table in sorted(tables):
            found = summary_totals([ln for ln in summary_lines if ln.source.table == table])
            for field, line in found.items():
                if getattr(totals, field) is None:
                    setattr(totals, field, line.amount)
                    totals.sources[field] = line.source
        if tables:
            break
    if primary is not None:
        for field, key in (("basic_total", "basic"), ("project_total", "project"), ("other_total", "other"), ("expenditure_total", "total")):
            if getattr(totals, field) is None and primary.get(key) is not None:
                setattr(totals, field, primary.get(key))
                totals.sources[field] = primary.source
    if totals.basic_total is None:
        for table in (t for t in doc.tables if kinds[t.index] in ("expenditure", "summary", "fiscal_summary")):
            found = table_parts(table)
            if found:
                parts, number = found
                ctx = contexts[table.index]
                for component in ("basic", "project", "other"):
                    if component in parts:
                        setattr(totals, f"{component}_total", parts[component] * ctx.factor)
                        totals.sources[f"{component}_total"] = ctx.source(table, number)
                break
    if totals.basic_total is None and totals.project_total is None:
        total, parts = narrative_parts(doc)
        for component, amount in parts.items():
            setattr(totals, f"{component}_total", amount)
            totals.sources[f"{component}_total"] = NARRATIVE
        if totals.expenditure_total is None and total is not None:
            totals.expenditure_total = total
            totals.sources["expenditure_total"] = NARRATIVE
    for field in ("income_total", "expenditure_total"):
        if getattr(totals, field) is None and (value := narrative_amount(doc, field)) is not None:
            setattr(totals, field, value)
            totals.sources[field] = NARRATIVE
    return totals
