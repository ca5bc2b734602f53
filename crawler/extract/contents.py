"""The document's 目录 → ContentsEntry (the tables it says the document holds), and for each
table → TableContent (how many non-zero amounts it prints, the note saying it is empty on
purpose, the year and unit its title and captions print). Words in crawler/rules/contents.toml."""

from __future__ import annotations

import re
from collections import Counter

from ..read.model import ReadDocument, Table
from ..read.text import squash
from ..recognise import GENERIC, recognise
from ..rules import rules
from .columns import column_paths
from .document_info import _NAMED_CAPTION
from .records import ContentsEntry, TableContent
from .values import parse_amount

_NUMBERING = re.compile(r"^[-•·\s]*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|附表\d*[:：、]?)")
_PAGE = re.compile(r"[.．…·\s]*\d{1,3}$")
_SKIPPED_COLUMNS = ("行次", "栏次", "序号", "编码", "代码")


def _words(key: str) -> list[str]:
    return [squash(w) for w in rules("contents")[key]]


def _listed_kind(title: str) -> str:
    return recognise(Table(index=0, title=title, captions=[], rows=[], header_rows=0))


def contents_entries(doc: ReadDocument) -> list[ContentsEntry]:
    """The tables the 目录 lists, from its heading to the first line that repeats one already
    read (the body begins) or a long line."""
    lines = [squash(p) for p in doc.paragraphs]
    start = next((i for i, line in enumerate(lines[:80]) if line in _words("contents_heading")), None)
    if start is None:
        return []
    entries: list[ContentsEntry] = []
    seen: set[str] = set()
    under_tables = False
    for line in lines[start + 1: start + 120]:
        if not line:
            continue
        if line in seen or len(line) > 60:
            break
        seen.add(line)
        title = _PAGE.sub("", _NUMBERING.sub("", line))
        if line.startswith("第") and "部分" in line[:5] or title.startswith("附件"):
            under_tables = any(w in line for w in _words("tables_heading"))
            continue
        if any(w in title for w in _words("not_a_table")):
            continue
        if not (title.endswith("表") or under_tables):
            continue
        kind = _listed_kind(title)
        entries.append(ContentsEntry(len(entries) + 1, title, kind))
    return entries


def _amount_count(table: Table) -> int:
    paths = column_paths(table)
    count = 0
    for row in table.body:
        if row and squash(row[0]) == "栏次":
            continue
        for c, text in enumerate(row):
            if c < len(paths) and any(w in "".join(paths[c]) for w in _SKIPPED_COLUMNS):
                continue
            value = parse_amount(text)
            if value and ("." in text or "," in text or c > 0):
                count += 1
    return count


def _empty_note(table: Table) -> str | None:
    words = _words("empty_note")
    for text in table.notes + table.context + table.captions:
        if any(w in squash(text) for w in words):
            return text.strip()
    return None


def _printed_unit(table: Table) -> str | None:
    named = [re.sub(r"(金额)?单位[:：].*$", "", m.group(1)) for c in table.captions if (m := _NAMED_CAPTION.match(squash(c)))]
    named = [n for n in named if n and not re.match(r"^[万千亿]?元", n)]
    return named[0] if named else None


_TITLE_YEAR = re.compile(r"^(20\d{2})年")
_CAPTION_YEAR = re.compile(r"^[（(]?(?:预算年度[:：])?(20\d{2})年?度?[)）]?$")


def _printed_year(table: Table) -> int | None:
    """The year a table prints for itself: at the head of its title (2024年部门收支预算表) or as
    a caption of its own (2024年度, 预算年度：2023) — not a year its title happens to name."""
    years = [int(m.group(1)) for m in [_TITLE_YEAR.match(squash(table.title))] if m]
    years += [int(m.group(1)) for c in table.captions if (m := _CAPTION_YEAR.match(squash(c)))]
    return Counter(years).most_common(1)[0][0] if years else None


def table_contents(doc: ReadDocument, kinds: dict[int, str]) -> list[TableContent]:
    return [TableContent(t.index, _amount_count(t), _empty_note(t), _printed_year(t), _printed_unit(t))
            for t in doc.tables if kinds.get(t.index) != GENERIC]
