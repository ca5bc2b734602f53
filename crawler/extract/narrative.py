"""Figures the running text states (情况说明): every amount of a sentence with what it is the
amount of (the words before it, or the heading it stands under), its share (占…%), and whether
it is this year's figure or a comparison (比上年增加…, 2025年预算数…). What a figure is the
amount of — 收入/支出 totals, 基本/项目支出, each 三公 item, 机关运行经费 — comes from the rules
in ``crawler/rules/narrative.toml``; unrecognised figures are kept for the cross-checks."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import ReadDocument
from ..read.text import squash
from ..rules import rules
from ..codes import code_for_name
from .records import FunctionalExpenditure, NarrativeFigure, SourceRef
from .values import three_public_item

_FIGURE = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(万元|亿元|元)")
_SHARE = re.compile(r"^[，,]?(?:占[^，。；%]{0,16}?)(\d+(?:\.\d+)?)%")
_CLAUSE_END = re.compile(r"[。；;，,：:]")
_FACTORS = {"万元": Decimal(1), "亿元": Decimal(10000), "元": Decimal("0.0001")}


def _rules() -> dict:
    return rules("narrative")


def _matches(subject: str, rule: dict) -> bool:
    return (all(w in subject for w in rule.get("all", ())) and any(w in subject for w in rule.get("any", ("",)))
            and not any(w in subject for w in rule.get("none", ())))


def classify(subject: str) -> str | None:
    """What a figure is the amount of, from the words that name it. A specific name (基本支出,
    公务接待费) beats a general one (支出预算); of general ones, the nearest the figure wins
    (``…收入预算 三、支出预算情况说明 2026年支出预算`` is a 支出 figure)."""
    clause = subject[subject.rfind("。") + 1:] or subject
    if any(w in clause for w in _rules()["three_public_words"]):
        item = three_public_item(clause)
        if item:
            return f"three_public.{item}"
    best: tuple[bool, int, int, str] | None = None
    for order, rule in enumerate(_rules()["figure"]):
        if _matches(subject, rule):
            end = max(subject.rfind(w) + len(w) for w in rule.get("any", ("",)) if w in subject)
            key = (not rule.get("general", False), end, -order, rule["field"])
            if best is None or key[:3] > best[:3]:
                best = key
    return best[3] if best else None


# a figure's own words that name nothing (the year, 预算数): it is named by the heading above it
_GENERIC = re.compile(r"20\d{2}年度?|预算数|决算数|预算|决算|年初|全年|其中|为|是|[（）()、\d.．]")


def _heading(before: str) -> str | None:
    """The nearest sentence before a figure that names what it is the amount of."""
    for sentence in reversed([s for s in re.split(r"[。；;]", before[-120:]) if s]):
        field = classify(_strip(sentence))
        if field is not None:
            return field
    return None


def is_comparison(subject: str, year: int | None) -> bool:
    if any(w in subject for w in _rules()["comparison"]):
        return True
    years = {int(y) for y in re.findall(r"(20\d{2})年", subject)}
    return bool(year and years and year not in years)


def narrative_figures(doc: ReadDocument, year: int | None) -> list[NarrativeFigure]:
    """Every amount of the running text, in reading order."""
    pages = doc.paragraph_pages
    text_parts: list[str] = []
    starts: list[int] = []
    at = 0
    for paragraph in doc.paragraphs:
        s = squash(paragraph).replace('"', "“")
        starts.append(at)
        text_parts.append(s)
        at += len(s)
    text = "".join(text_parts)
    figures: list[NarrativeFigure] = []
    previous_end = 0
    for match in _FIGURE.finditer(text):
        before = text[previous_end: match.start()]
        clause = _CLAUSE_END.split(before)[-1] if before else ""
        subject = _strip(clause)
        field = classify(subject) if subject else None
        if field is None and not _GENERIC.sub("", subject):
            # the heading a figure stands under: （一）因公出国（境）费用。2026年预算数181.99万元
            field = _heading(before)
        comparison = is_comparison(clause, year)
        amount = Decimal(match.group(1).replace(",", "")) * _FACTORS[match.group(2)]
        share_match = _SHARE.match(text[match.end(): match.end() + 24])
        paragraph = max(i for i, s in enumerate(starts) if s <= match.start()) if starts else 0
        page = pages[paragraph] if paragraph < len(pages) else None
        figures.append(NarrativeFigure(
            subject=subject, amount=amount, field=None if comparison else field,
            share=Decimal(share_match.group(1)) if share_match else None, comparison=comparison,
            source=SourceRef(None, paragraph + 1, "narrative", "万元", page)))
        previous_end = match.end()
    return figures


def _strip(clause: str) -> str:
    return re.sub(r"(为|是|共计|合计为|达到|安排|预算数为|预算为)$", "", clause.strip())


def stated(figures: list[NarrativeFigure], field: str) -> NarrativeFigure | None:
    """The first figure the text states for ``field`` (its overall statement comes first)."""
    return next((f for f in figures if f.field == field), None)


def narrative_totals(figures: list[NarrativeFigure]) -> dict[str, NarrativeFigure]:
    """本年收入合计 / 本年支出合计 and the split as the text states them. A section's overall
    figure (收入预算 …, 支出预算 …) stands for the year's own total where nothing was carried
    over from last year (or to next year), or where the year's own parts add up to it."""
    out: dict[str, NarrativeFigure] = {}
    for field in ("income_total", "expenditure_total", "basic_total", "project_total", "other_total"):
        if (found := stated(figures, field)) is not None:
            out[field] = found
    parts = {"income_total": [f.amount for f in figures if f.field == "income_part"],
             "expenditure_total": [sum((out[k].amount for k in ("basic_total", "project_total", "other_total") if k in out), Decimal(0))]}
    for field, grand_field, carry_field in (("income_total", "income_grand", "carry_in"), ("expenditure_total", "expenditure_grand", "carry_out")):
        grand = stated(figures, grand_field)
        if field in out or grand is None:
            continue
        carry = stated(figures, carry_field)
        if carry is None or carry.amount == 0 or grand.amount in parts[field]:
            out[field] = grand
    # all of the year's income appropriated (财政拨款收入 = 本年收入): 财政拨款支出 of the same
    # amount is the year's whole expenditure (收入 = 支出)
    fiscal = stated(figures, "fiscal_expenditure")
    if "expenditure_total" not in out and "income_total" in out and fiscal is not None:
        if fiscal.amount == out["income_total"].amount and out["income_total"].amount in parts["income_total"]:
            out["expenditure_total"] = fiscal
    return out


_CODED = re.compile(r"(?P<label>[\u4e00-\u9fff（）()]+?)[（(](?P<code>\d{3}(?:\d{2}){0,2})[）)](?:支出)?$")
_LEVEL_MARK = re.compile(r"(?P<name>[\u4e00-\u9fff]+(?:[（(]室[)）])?[\u4e00-\u9fff]*?)[（(](?P<level>类|款|项)[）)]")
_LENGTHS = {"类": 3, "款": 5, "项": 7}


def joined_text(doc: ReadDocument) -> str:
    return "".join(squash(p).replace('"', "“") for p in doc.paragraphs)


def narrative_functional(doc: ReadDocument, figures: list[NarrativeFigure]) -> list[FunctionalExpenditure]:
    """Functional rows the text states: ``行政运行（2010401）2740.23万元``, or by names marked with
    their level (``一般公共服务（类）…党委办公厅（室）及相关机构事务（款）行政运行（项）支出9370.12万元``:
    codes from the code list, each under the level named before it, where unambiguous)."""
    rows: dict[str, FunctionalExpenditure] = {}
    for figure in figures:
        clause = re.split(r"[，,、：:]", figure.subject)[-1]
        clause = re.sub(r"^([（(]?[一二三四五六七八九十\d]+[)）.．、]\s*)+", "", clause)
        if not figure.comparison and (m := _CODED.search(clause)) is not None and m.group("code") not in rows:
            rows[m.group("code")] = FunctionalExpenditure(code=m.group("code"), label=m.group("label"), total=figure.amount, basic=None,
                                                          project=None, table_kind="narrative", source=figure.source)
    text = joined_text(doc)
    by_amount = {(f.amount, f.source.row): f for f in figures}
    context: dict[int, str] = {}
    tokens = sorted([(m.start(), "mark", m) for m in _LEVEL_MARK.finditer(text)] + [(m.start(), "figure", m) for m in _FIGURE.finditer(text)],
                    key=lambda t: t[0])
    last: tuple[str, str, int] | None = None  # (code, name, end) of the latest level named
    for start, kind, m in tokens:
        if kind == "mark":
            length = _LENGTHS[m.group("level")]
            parent = context.get({5: 3, 7: 5}.get(length, 0))
            code = code_for_name(m.group("name"), parent if length > 3 else None, length)
            if code:
                context[length] = code
                for deeper in (5, 7):
                    if deeper > length:
                        context.pop(deeper, None)
                last = (code, re.sub(r"[(（][类款项][)）]$", "", m.group("name")), m.end())
            else:
                last = None
            continue
        if last is None:
            continue
        between = text[last[2]: start]
        if len(between) <= 8 and not re.search(r"[。；，,增减较比]", between):
            amount = Decimal(m.group(1).replace(",", "")) * _FACTORS[m.group(2)]
            figure = next((f for f in figures if f.amount == amount and not f.comparison), None)
            if figure is not None and last[0] not in rows:
                rows[last[0]] = FunctionalExpenditure(code=last[0], label=last[1], total=amount, basic=None, project=None,
                                                      table_kind="narrative", source=figure.source)
        last = None
    return list(rows.values())
