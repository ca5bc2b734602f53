"""Blocks → tables: give each grid its title, captions and notes from the text around it,
count its header rows, and join a table that runs on over a page break."""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Block, GridBlock, Table, TextBlock
from .text import is_page_furniture, squash

# the lines about a table that are not its title: who (部门：…, 单位名称：…, 511-退役军人事务局),
# in what unit (单位：万元), for when, and its number in the set (公开03表, 表一, 预算01表)
_CAPTION = re.compile(
    r"^(单位[:：]|金额单位|部门名称[:：]|部门[:：]|部门[(（]单位[)）](名称)?[:：]|单位名称[:：]|预算单位[:：]|主管部门[:：]|"
    r"填报单位[:：]|编制单位|编制部门|预算年度|截止时间|"
    r"(预算|公开|决算)?\d*表[\d一二三四五六七八九十]*$|(预算|公开|决算)\d+表$|附表\d+$|"
    r"\(?（?\d{4}年度?\)?）?$|\d{4}年\d{1,2}月(\d{1,2}日)?$|\d{3,9}[-—－]?\D+[:：]?$(?<=[局委会办厅院所站中心部馆队室级])|"
    r".*(金额)?单位[:：](万元|元|千元|亿元)$)"
)
_NOTE = re.compile(r"^(注|说明|备注)\s*\d*[:：.、]|本表无数据|空表列示|故此表无数据|本表仅含|^\d+\.\s*按照")
_TITLE_WORDS = ("表", "情况", "运行经费", "绩效目标", "自评", "预算", "决算")
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+\.\d+$")
_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
_KPI_VALUE = re.compile(r"^[≥≤<>＜＞=]\s*\d|^\d+(\.\d+)?%$")
_TOTAL_LABELS = {"合计", "总计"}


def is_caption(text: str) -> bool:
    return bool(_CAPTION.match(squash(text)))


def is_note(text: str) -> bool:
    return bool(_NOTE.search(text.strip()))


def is_title(text: str) -> bool:
    s = squash(text)
    return (
        0 < len(s) <= 80
        and not re.search(r"\d+(\.\d+)?万元", s)
        and any(w in s for w in _TITLE_WORDS)
        and not is_caption(s)
        and not is_note(s)
        and not s.endswith(("。", "；"))
    )


def is_data_row(row: list[str]) -> bool:
    cells = [squash(c) for c in row]
    filled = [c for c in cells if c]
    if not filled:
        return False
    if any(_AMOUNT.match(c) or _KPI_VALUE.match(c) or len(c) > 40 for c in filled):
        return True
    if any(_CODE.match(c) for c in cells[:3]) and filled[0] != "栏次":
        return True
    numbers = [c for c in filled if re.fullmatch(r"-?[\d,]+(\.\d+)?", c)]
    if len(numbers) == len(filled) >= 2 and numbers != [str(i) for i in range(1, len(numbers) + 1)]:
        return True  # a row of bare numbers (amounts without decimals), not a 栏次 numbering
    labels = [c for c in filled if not re.fullmatch(r"[\d.,\-]+", c)]
    return bool(labels) and set(labels) <= _TOTAL_LABELS
    

def count_header_rows(rows: list[list[str]]) -> int:
    for i, row in enumerate(rows):
        if is_data_row(row):
            return i
    return len(rows)


def _leading_captions(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Word tables often carry the caption line (unit, year, 单位：万元) as their first row."""
    captions: list[str] = []
    while rows:
        distinct = list(dict.fromkeys(c for c in rows[0] if c))
        if 0 < len(distinct) <= 3 and (any(is_caption(c) for c in distinct) or (not captions and len(distinct) == 1 and is_title(distinct[0]))):
            captions += distinct
            rows = rows[1:]
        else:
            break
    return captions, rows


def _continues(previous: Table, grid: GridBlock, between: list[str]) -> bool:
    """A grid at the top of a later page continues the table before it when nothing but page
    furniture stands between them, or only that table's own title and captions printed again."""
    if grid.page is None or not previous.pages or grid.page <= previous.pages[-1] or not grid.first_on_page:
        return False
    meaningful = [squash(t) for t in between if not is_page_furniture(t)]
    if not meaningful:
        return True
    repeated = {squash(t) for t in previous.context} | {previous.title} | {squash(c) for c in previous.captions}
    if not (previous.title and previous.title in meaningful and all(t in repeated for t in meaningful)):
        return False
    # the same title over a new form (one per project) is another table: a continuation
    # starts with the header printed again, or straight with data rows
    rows = [r for r in grid.rows if any(c.strip() for c in r)]
    if not rows:
        return False
    head = previous.header
    return (bool(head) and _without_repeated_header(rows[: len(head)], head) == []) or is_data_row(rows[0])


def _run_on(table: Table, grid: GridBlock, rows: list[list[str]]) -> None:
    """A grid's rows added to the table it continues (its copy of the header dropped, its
    columns laid onto the table's where the rules give another grid)."""
    rows = _without_repeated_header(rows, table.header)
    if grid.columns and table.columns and len(grid.columns) != len(table.columns):
        rows = _onto_columns(rows, grid.columns, table.columns)
    table.rows += rows
    table.row_pages += [grid.page] * len(rows)
    table.pages.append(grid.page)


def _without_repeated_header(rows: list[list[str]], header: list[list[str]]) -> list[list[str]]:
    """A continuation's own copy of the header rows, dropped."""
    signatures = {tuple(squash(c) for c in h if squash(c)) for h in header}
    start = 0
    while start < len(rows) and tuple(squash(c) for c in rows[start] if squash(c)) in signatures:
        start += 1
    return rows[start:]


def _onto_columns(rows: list[list[str]], columns: list[tuple[float, float]], base: list[tuple[float, float]]) -> list[list[str]]:
    """Lay rows of a continuation onto the first part's columns by position: ruling lines on
    two pages rarely give the same grid."""
    mapping = []
    for x0, x1 in base:
        centre = (x0 + x1) / 2
        mapping.append(next((j for j, (a, b) in enumerate(columns) if a - 0.5 <= centre <= b + 0.5), None))
    return [[row[j] if j is not None and j < len(row) else "" for j in mapping] for row in rows]


def _split_at_titles(blocks: list[Block]) -> list[Block]:
    """A grid holding a table's title as a row of its own (Word tables that carry their title,
    or two tables drawn as one) becomes title text + grid, split at each such row."""
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, GridBlock):
            out.append(block)
            continue
        part: list[list[str]] = []
        first = True
        for row in block.rows:
            distinct = list(dict.fromkeys(c for c in row if c))
            # a title row is one merged cell across the table (its text fills the row)
            if len(distinct) == 1 and row.count(distinct[0]) >= max(2, 0.6 * len(row)) and len(squash(distinct[0])) >= 6 and is_title(distinct[0]):
                if part:
                    out.append(replace(block, rows=part, first_on_page=block.first_on_page and first, alternatives=[]))
                    first = False
                out.append(TextBlock(text=distinct[0], page=block.page))
                part = []
            else:
                part.append(row)
        if part:
            # a grid split at a title row keeps its other readings only where it was not split
            out.append(replace(block, rows=part, first_on_page=block.first_on_page and first,
                               alternatives=block.alternatives if first else []))
    return out


def assemble(blocks: list[Block]) -> tuple[list[Table], list[str], list[int | None]]:
    blocks = _split_at_titles(blocks)
    tables: list[Table] = []
    paragraphs: list[str] = []
    paragraph_pages: list[int | None] = []
    context: list[str] = []
    for block in blocks:
        if isinstance(block, TextBlock) and block.furniture:
            continue
        if isinstance(block, TextBlock):
            paragraphs.append(block.text)
            paragraph_pages.append(block.page)
            if tables and not context and is_note(block.text):
                tables[-1].notes.append(block.text)
            elif tables and context and all(is_note(t) for t in context) and is_note(block.text):
                tables[-1].notes.append(block.text)
            else:
                context.append(block.text)
            continue
        rows = [list(r) for r in block.rows if any(c.strip() for c in r)]
        if not rows:
            continue
        if tables and _continues(tables[-1], block, context):
            previous = tables[-1]
            _run_on(previous, block, rows)
            # other readings run on with the first, part by part, where every part has them
            if len(previous.alternatives) == len(block.alternatives):
                for alternative, part in zip(previous.alternatives, block.alternatives):
                    _run_on(alternative, part, [list(r) for r in part.rows if any(c.strip() for c in r)])
            else:
                previous.alternatives = []
            context = []
            continue
        captions_in_grid, rows = _leading_captions(rows)
        nearby = [t for t in context[-8:] if not is_page_furniture(t)]
        titles = [t for t in nearby if is_title(t)] or [c for c in captions_in_grid if is_title(c)]
        table = Table(
            index=len(tables) + 1,
            title=squash(titles[-1]) if titles else "",
            captions=[t for t in nearby if is_caption(t)] + [c for c in captions_in_grid if not is_title(c)],
            rows=rows,
            header_rows=count_header_rows(rows),
            pages=[block.page] if block.page else [],
            context=nearby,
            columns=block.columns,
            row_pages=[block.page] * len(rows) if block.page else [],
            strategy=block.strategy,
        )
        for part in block.alternatives:
            alt_rows = _leading_captions([list(r) for r in part.rows if any(c.strip() for c in r)])[1]
            table.alternatives.append(Table(
                index=table.index, title=table.title, captions=table.captions, rows=alt_rows,
                header_rows=count_header_rows(alt_rows), pages=list(table.pages), context=nearby, columns=part.columns,
                row_pages=[block.page] * len(alt_rows) if block.page else [], strategy=part.strategy))
        tables.append(table)
        context = []
    return tables, paragraphs, paragraph_pages
