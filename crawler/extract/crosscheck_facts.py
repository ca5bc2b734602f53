"""The facts the cross-check rules (queries/rules/) compare that no table kind's extractor
reads: the figures the narrative states (``statements``), the document's 目录 and what each
table shows besides its figures (``contents``). (The lines of the 收支总表 / 财政拨款收支总表 and
the 收入表's 合计 line come from their kinds' extractors, ``summary_lines``.) Extraction only:
nothing is compared here."""

from __future__ import annotations

from ..read.model import ReadDocument
from ..read.text import squash
from .contents import contents_entries, table_contents
from .records import DocumentRecords, Statement
from .statements import statements


def add_crosscheck_facts(records: DocumentRecords, doc: ReadDocument, kinds: dict[int, str]) -> None:
    records.statements = statements(doc, records.document.phase)
    _resolve_items(records.statements, records)
    records.contents = contents_entries(doc)
    records.table_contents = table_contents(doc, kinds)


def _resolve_items(found: list[Statement], records: DocumentRecords) -> None:
    """``卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）``: the 项 code, from the labels the
    document's tables print under the same 类."""
    labels: dict[tuple[str, str], str] = {}
    for row in records.functional:
        if len(row.code) == 7:
            labels.setdefault((row.code[:3], squash(row.label)), row.code)
    classes = {squash(r.label).removesuffix("支出"): r.code for r in records.functional if len(r.code) == 3}
    for s in found:
        if s.topic != "functional-item" or not s.subject:
            continue
        lei, _, xiang = s.subject.split("/")
        code3 = classes.get(lei.removesuffix("支出"))
        code = labels.get((code3, squash(xiang))) if code3 else None
        code = code or next((c for (k3, label), c in labels.items() if label == squash(xiang)), None)
        s.topic, s.subject = ("functional", code) if code else ("functional-item", s.subject)
