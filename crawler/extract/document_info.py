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
_UNIT_SUFFIX = r"(局|中心|本级|院|所|站|办公室|委员会|办公厅|厅|委|会|分局|部|馆|队)"
_NAMED_CAPTION = re.compile(r"^(?:部门名称|部门|单位名称|单位|编制单位|预算单位)[:：](.+)$")
_CODE_NAME = re.compile(rf"^(\d{{3,9}})(\D+{_UNIT_SUFFIX})$")
_YEAR = re.compile(r"(20\d{2})\s*年(?!\s*\d{1,2}\s*月)|预算年度[:：]\s*(20\d{2})")


@lru_cache(maxsize=None)
def counties() -> list[dict]:
    return read_toml(REGIONS_FILE)["county"]


def _most_common(values: list) -> object | None:
    values = [v for v in values if v]
    return Counter(values).most_common(1)[0][0] if values else None


def document_info(doc: ReadDocument, kinds: dict[int, str]) -> DocumentInfo:
    captions = [squash(c) for t in doc.tables for c in t.captions]
    head = [squash(p) for p in doc.paragraphs[:15]]
    # "部门：X单位：万元" when the two captions share a line
    named = [re.sub(r"(金额)?单位[:：].*$", "", m.group(1)) for c in captions if (m := _NAMED_CAPTION.match(c)) and not re.match(r"^[万千亿]?元", m.group(1))]
    coded = [(m.group(1), m.group(2)) for c in captions if (m := _CODE_NAME.match(c))]
    unit_name = _most_common(named) or _most_common([n for _, n in coded])
    if not unit_name:
        for t in doc.tables:
            for row in t.rows[:3]:
                cells = [squash(c) for c in row]
                if cells and cells[0] in ("部门(单位)名称", "部门（单位）名称", "单位名称"):
                    unit_name = next((c for c in cells[1:] if c and c != cells[0]), None)
    if not unit_name:
        unit_name = next((p for p in head if len(p) <= 30 and re.search(_UNIT_SUFFIX + "$", p)), None)
    if not unit_name:
        # a cover title: 江苏省高级人民法院2018年度部门预算
        unit_name = next((m.group(1) for p in head if (m := re.match(rf"^(?:第[一二三四五六七八九十]+部分)?(\D+?{_UNIT_SUFFIX})20\d{{2}}年度?(部门|单位)?(预算|决算)", p))), None)
    sub_units: dict[str, str] = {code: name for code, name in coded}
    for t in doc.tables:
        for row in t.rows:
            cells = [squash(c) for c in row if squash(c)]
            for a, b in zip(cells, cells[1:]):
                if re.fullmatch(r"\d{3}|\d{6}", a) and unit_name and b == unit_name:
                    sub_units.setdefault(a, b)
    unit_code = _most_common([c for c, _ in coded]) if coded else None
    if unit_code is None and sub_units:
        unit_code = min((c for c, n in sub_units.items() if n == unit_name), key=len, default=None)

    titles = [squash(t.title) for t in doc.tables if t.title]
    years = [int(a or b) for text in titles + captions + head for a, b in _YEAR.findall(text)]
    year = _most_common(years)
    words = "".join(titles + head[:6])
    phase = "final" if words.count("决算") > words.count("预算") else "budget"

    county = None
    for text in [unit_name or "", *head[:5]]:
        county = next((c for c in counties() if c["name"] in text), None) or next((c for c in counties() if c["short"] in text), None)
        if county:
            break
    units = [amount_factor([c])[1] for c in captions if "单位" in c and "元" in c]
    title = next((p for p in head if ("预算" in p or "决算" in p) and len(p) <= 40), None)
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
