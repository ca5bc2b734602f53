"""Who published the document, for which year and phase: from captions (部门名称：…,
``320001成安县医疗保障局机关本级``, 预算年度：2023), titles and unit rows of the tables."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..read.model import ReadDocument
from ..rules import read_toml
from ..read.text import squash
from .records import DocumentInfo
from .values import amount_factor

REGIONS_FILE = Path(__file__).resolve().parent.parent / "rules" / "regions.toml"
# what the name of a budget unit ends with
_UNIT_END = (r"(局|中心|本级|院|所|站|办公室|委员会|办公厅|厅|委|会|分局|部|馆|队|处|校|学院|大学|园|医院|"
             r"支队|总队|大队|社|台|团|室|办|联合会|协会)([（(](本级|汇总|机关|部门)[)）])?")
_LABELS = r"(?:部门名称|单位名称|部门[(（]单位[)）](?:名称)?|部门|单位|编制单位|编制部门|预算单位|预算主管部门|主管部门|填报单位)"
_NAMED_CAPTION = re.compile(rf"^{_LABELS}[:：](.+)$")
_CODE_NAME = re.compile(rf"^(\d{{3,9}})[-—－]?(\D+?{_UNIT_END})(?:(金额)?单位[:：].*)?$")
_COVER = re.compile(rf"^(?:第[一二三四五六七八九十]+部分)?(?:20\d{{2}}年度?)?(?P<unit>\D{{2,40}}?{_UNIT_END})(?:20\d{{2}}年度?)?(?:部门|单位)?(?:综合)?(?:预算|决算)")
_NOT_A_NAME = re.compile(r"合计|总计|^项目|项目名称|名称|科目|单位[:：]|预算|决算|公开|说明|情况|附件|目录|部分")
# a name as the running text gives it: place (省/市/县/区) and the unit's own words
_NAMED_IN_TEXT = re.compile(rf"(中共)?[\u4e00-\u9fff]{{1,8}}?(省|市|县|区)[\u4e00-\u9fff]{{2,16}}?{_UNIT_END}")
_YEAR = re.compile(r"(20\d{2})\s*年(?!\s*\d{1,2}\s*月)|预算年度[:：]\s*(20\d{2})")


def _bare(name: str) -> str:
    """A name without its (本级) / (汇总) qualifier."""
    return re.sub(r"[（(](本级|汇总|机关|部门)[)）]$", "", name)


def is_unit_name(text: str | None) -> bool:
    """A unit's name, not a caption's label, a heading or a total (``合计``, ``项目名称``)."""
    return bool(text) and 3 <= len(text) <= 40 and re.search(_UNIT_END + "$", text) is not None and not _NOT_A_NAME.search(text)


def clean_unit_name(text: str) -> str:
    """``部门（单位）：烟台市司法局单位：万元`` → ``烟台市司法局``; a leading year goes too."""
    text = re.sub(rf"^{_LABELS}[:：]", "", squash(text))
    text = re.sub(r"(金额)?单位[:：](万元|元|千元|亿元).*$", "", text)
    text = re.sub(r"(单位|部门)(代码|编码)[:：]?\d*$", "", text)
    return re.sub(r"^20\d{2}年度?", "", text)


def cover_title(doc: ReadDocument, lines: int = 5) -> str:
    """The document's title as its first lines print it (often over two or three lines: ``2026
    年度`` / ``福州市商务局`` / ``部门预算``), up to the line that names 预算 or 决算."""
    out = ""
    for paragraph in doc.paragraphs[:lines]:
        out += squash(paragraph)
        if "预算" in paragraph or "决算" in paragraph:
            break
    return out


def _site_suffix(title: str) -> str | None:
    """A web page's title ends with its publisher: ``…情况说明 - 重庆市市场监督管理局``."""
    parts = re.split(r"[-_—|｜]", title)
    return parts[-1] if len(parts) > 1 and is_unit_name(parts[-1]) else None


@lru_cache(maxsize=None)
def counties() -> list[dict]:
    return read_toml(REGIONS_FILE)["county"]


def _most_common(values: list) -> object | None:
    values = [v for v in values if v]
    return Counter(values).most_common(1)[0][0] if values else None


def unit_name_of(doc: ReadDocument, captions: list[str], coded: list[tuple[str, str]]) -> str | None:
    """The unit the document is about: its cover title's, else its captions' (部门：…), else a
    coded caption's (``511-退役军人事务局``), else a 单位名称 row's, each cleaned of its label and
    checked to be a unit's name."""
    cover = cover_title(doc)
    match = _COVER.match(cover)
    if match and is_unit_name(match.group("unit")):
        return match.group("unit")
    named = [n for c in captions if (m := _NAMED_CAPTION.match(c)) and is_unit_name(n := clean_unit_name(m.group(0)))]
    if named:
        return Counter(named).most_common(1)[0][0]
    if coded:
        return Counter(n for _, n in coded).most_common(1)[0][0]
    for t in doc.tables:
        for row in t.rows[:5]:
            cells = [squash(c) for c in row if squash(c)]
            if cells and re.fullmatch(rf"{_LABELS}(名称)?", cells[0]):
                name = next((c for c in cells[1:] if c and c != cells[0]), None)
                if is_unit_name(name):
                    return name
    head = [squash(p) for p in doc.paragraphs[:15]]
    found = next((clean_unit_name(p) for p in head if is_unit_name(clean_unit_name(p))), None)
    if found:
        return found
    first = squash(doc.paragraphs[0]) if doc.paragraphs else ""
    return _site_suffix(first) or _most_named(doc)


def _most_named(doc: ReadDocument) -> str | None:
    """The unit the running text names most often (a narrative that states no title)."""
    names = [m.group(0) for p in doc.paragraphs for m in _NAMED_IN_TEXT.finditer(squash(p)) if is_unit_name(m.group(0))]
    return Counter(names).most_common(1)[0][0] if names else None


def document_info(doc: ReadDocument, kinds: dict[int, str]) -> DocumentInfo:
    captions = [squash(c) for t in doc.tables for c in t.captions] + [squash(c) for t in doc.tables for c in t.context if _CODE_NAME.match(squash(c))]
    head = [squash(p) for p in doc.paragraphs[:15]]
    coded = [(m.group(1), m.group(2)) for c in captions if (m := _CODE_NAME.match(c)) and is_unit_name(m.group(2))]
    unit_name = unit_name_of(doc, captions, coded)
    sub_units: dict[str, str] = {code: name for code, name in coded}
    for t in doc.tables:
        for row in t.rows:
            cells = [squash(c) for c in row if squash(c)]
            for a, b in zip(cells, cells[1:]):
                if re.fullmatch(r"\d{3}|\d{6}", a) and unit_name and _bare(b) == _bare(unit_name):
                    sub_units.setdefault(a, b)
    unit_code = _most_common([c for c, _ in coded]) if coded else None
    if unit_code is None and sub_units:
        unit_code = min((c for c, n in sub_units.items() if _bare(n) == _bare(unit_name or "")), key=len, default=None)

    titles = [squash(t.title) for t in doc.tables if t.title]
    # a year in the title beats a date on the cover
    cover_years = [int(a or b) for a, b in _YEAR.findall(cover_title(doc))]
    years = [int(a or b) for text in titles + captions + head for a, b in _YEAR.findall(text)]
    year = cover_years[0] if cover_years else _most_common(years)
    words = "".join(titles + head[:6])
    phase = "final" if words.count("决算") > words.count("预算") else "budget"

    county = None
    for text in [unit_name or "", *head[:5]]:
        county = next((c for c in counties() if c["name"] in text), None) or next((c for c in counties() if c["short"] in text), None)
        if county:
            break
    units = [amount_factor([c])[1] for c in captions if "单位" in c and "元" in c]
    title = cover_title(doc) or None
    title = title if title and ("预算" in title or "决算" in title) and len(title) <= 60 else next((p for p in head if ("预算" in p or "决算" in p) and len(p) <= 40), None)
    return DocumentInfo(
        unit_name=unit_name,
        unit_code=unit_code,
        year=year,
        phase=phase,
        region=county["name"] if county else None,
        region_code=county["code"] if county else None,
        province=county["province"] if county else None,
        city=county["city"] if county else None,
        amount_unit=_most_common(units) or "万元",
        title=title,
        sub_units=sub_units,
    )
