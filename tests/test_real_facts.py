"""Facts read by hand from real published documents (tests/fixtures/real/*.facts.json, see its
README) against what the readers make of the same documents: unit, year and phase; the
totals; a sample of functional rows (first, last, across page breaks, each level); “三公”.
One test per document and kind of fact, so a failure names both."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, records_of

REAL_ROOT = FIXTURES.parent.parent.parent / "shared" / "real"
FACTS = sorted((FIXTURES / "real").glob("*.facts.json"))
SECTIONS = ["document", "totals", "functional", "three_public"]


def _facts(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _records(facts: dict):
    document = REAL_ROOT / facts["file"]
    if not document.exists():
        pytest.skip(f"real document not found at {document}")
    return records_of(str(document))


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("facts_file", FACTS, ids=[f.name.removesuffix(".facts.json") for f in FACTS])
def test_real_document_facts(facts_file: Path, section: str) -> None:
    facts = _facts(facts_file)
    records = _records(facts)
    if section == "document":
        d = records.document
        assert (d.unit_name, d.unit_code, d.year, d.phase) == (facts["unit_name"], facts["unit_code"], facts["year"], facts["phase"])
    elif section == "totals":
        t = records.totals
        got = {k: getattr(t, k) for k in facts["totals"]}
        assert got == {k: _d(v) for k, v in facts["totals"].items()}, facts["totals_source"]
    elif section == "functional":
        # the primary table's rows; a 类 it does not list, from the table that does (收支总表)
        rows = {r.code: r for r in records.functional if not r.primary} | {r.code: r for r in records.functional if r.primary}
        expected = [(f["code"], _d(f["total"]), _d(f["basic"]), _d(f["project"])) for f in facts["functional"]]
        got = [(f["code"], *((rows[f["code"]].total, rows[f["code"]].basic if f["basic"] is not None else None,
                               rows[f["code"]].project if f["project"] is not None else None) if f["code"] in rows else (None, None, None)))
               for f in facts["functional"]]
        assert got == expected, facts["functional_source"]
    elif section == "three_public":
        expected = facts["three_public"]
        measure = "final" if facts["phase"] == "final" else "budget"
        got = {r.item: r.amount for r in records.three_public if r.measure == measure}
        if expected is None:
            assert got == {}
        else:
            assert {k: got.get(k) for k in expected} == {k: _d(v) for k, v in expected.items()}, facts["three_public_source"]


def _real(relative: str):
    document = REAL_ROOT / relative
    if not document.exists():
        pytest.skip(f"real document not found at {document}")
    return records_of(str(document))


def test_three_public_item_is_never_an_economic_item_of_the_same_name() -> None:
    # 江苏省政协办公厅2017年度部门预算.pdf p.12: 商品和服务支出（类）… （8）公务接待费（款）支出16万元
    # is the economic 款; the “三公” 公务接待费 is 443.50 (p.16: 3.公务接待费预算支出443.50万元)
    r = _real("jiangsu-provincial/江苏省政协办公厅__江苏省政协办公厅2017年度部门预算.pdf")
    assert {t.item: t.amount for t in r.three_public if t.measure == "budget"} == {
        "overseas": Decimal("76"), "vehicle": Decimal("156.60"), "vehicle_purchase": Decimal("0"),
        "vehicle_operation": Decimal("156.60"), "reception": Decimal("443.50")}
    assert {s.amount for s in r.statements if s.topic == "three-public" and s.subject == "reception"} == {Decimal("443.50")}
    economic = [(s.subject, s.label, s.amount) for s in r.statements if s.topic == "economic" and s.source.row == 268]
    assert economic == [(None, "公务接待费", Decimal("16"))]
    assert ("302", "商品和服务支出", Decimal("1131.92")) in [(s.subject, s.label, s.amount) for s in r.statements if s.topic == "economic"]


@pytest.mark.parametrize(("relative", "narrative"), [("cities-2026/002_北京__市场监督管理局_2026年部门预算.pdf", False),
                                                     ("cities-2026/002_北京__2026年北京市市场监督管理局部门预算.pdf", True)], ids=["tables", "narrative"])
def test_part_printed_under_project_is_no_other_use(relative: str, narrative: bool) -> None:
    # 预算03表支出总表: 合计 | 基本支出 | 项目支出 | 其中: 事业单位经营支出 …; the 说明: 项目支出预算
    # 97,764.40万元 … 其中：1.事业单位经营支出23,238.95万元 — a part of 项目支出, not a use beside it
    r = _real(relative)
    t = r.totals
    assert (round(t.basic_total, 2), round(t.project_total, 2), t.other_total) == (Decimal("92536.67"), Decimal("97764.40"), None)
    if narrative:
        parts = [(s.topic, s.amount) for s in r.statements if s.amount == Decimal("23238.95")]
        assert parts == [("project-part", Decimal("23238.95"))]
