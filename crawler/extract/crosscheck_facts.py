"""The facts the cross-check rules (queries/rules/) compare that no table kind's extractor
reads: the document's 目录 and what each table shows besides its figures (``contents``). (The
figures the narrative states come from ``statements``, read in ``extract`` since the records
the text alone states are made of them; the lines of the 收支总表 / 财政拨款收支总表 and the
收入表's 合计 line come from their kinds' extractors, ``summary_lines``.) Extraction only:
nothing is compared here."""

from __future__ import annotations

from ..read.model import ReadDocument
from .contents import contents_entries, table_contents
from .records import DocumentRecords


def add_crosscheck_facts(records: DocumentRecords, doc: ReadDocument, kinds: dict[int, str]) -> None:
    records.contents = contents_entries(doc)
    records.table_contents = table_contents(doc, kinds)
