"""The 22 real Jiangsu budget PDFs of ../shared/real: every one is read without error, its
tables recognised and its totals cross-footing; three are checked against figures read by
hand from their printed pages."""

from decimal import Decimal

import pytest

from tests.conftest import REAL, records_of

PDFS = sorted(REAL.glob("*.pdf")) if REAL.exists() else []
pytestmark = pytest.mark.skipif(not PDFS, reason=f"real documents not found at {REAL} (set BUDGETKG_REAL_DOCS)")


def test_all_twenty_two_are_present():
    assert len(PDFS) == 22


@pytest.mark.parametrize("pdf", PDFS, ids=[f"real{i:02d}" for i in range(len(PDFS))])
def test_real_pdf_reads_recognises_and_cross_foots(pdf):
    records = records_of(str(pdf))
    kinds = [t.kind for t in records.tables]
    if kinds:
        assert sum(k != "generic" for k in kinds) >= max(1, len(kinds) - 2), (pdf.name, kinds)
    else:  # some files hold only the narrative (说明): its totals come from the sentences
        assert records.totals.sources["expenditure_total"].is_narrative, pdf.name
    assert records.document.year in (2017, 2018, 2019)
    assert records.totals.expenditure_total is not None, pdf.name
    mismatches = [f for f in records.findings if f.severity != "info" and f.rule != "table-without-numbers"]
    assert mismatches == [], [f.message for f in mismatches]


def _doc(name_part: str):
    return records_of(str(next(p for p in PDFS if name_part in p.name)))


def _functional(records, code):
    return next(r.total for r in records.functional if r.primary and r.code == code)


def test_court_2018_hand_read():
    # 省法院2018年度部门预算公开.pdf p.11: 财政拨款收支预算总表 and 财政拨款支出预算表 (公开05)
    r = _doc("省法院2018")
    t = r.totals
    assert (t.income_total, t.expenditure_total, t.basic_total, t.project_total, t.other_total) == (
        Decimal("33172.15"), Decimal("33172.15"), Decimal("18570.82"), Decimal("11343.27"), Decimal("3258.06"))
    assert _functional(r, "204") == Decimal("26200.88")
    assert _functional(r, "2040504") == Decimal("1833.30")
    assert _functional(r, "2210202") == Decimal("3318.25")
    assert r.document.unit_name == "江苏省高级人民法院" and r.document.year == 2018


def test_cppcc_2018_tables_hand_read():
    # 江苏省政协办公厅2018度部门预算公开表.pdf p.5: 公开05表 财政拨款支出预算表
    r = _doc("政协办公厅2018度部门预算公开表")
    assert _functional(r, "2010204") == Decimal("814.16")
    assert _functional(r, "2080506") == Decimal("163.13")
    assert _functional(r, "221") == Decimal("1499.26")
    assert r.totals.expenditure_total == Decimal("10150.48")


def test_procuratorate_2019_hand_read():
    # 2019年度部门预算公开.pdf p.16: 财政拨款收支预算总表 and 公开05表
    r = _doc("人民检察院__2019")
    t = r.totals
    assert (t.basic_total, t.project_total, t.other_total) == (Decimal("15844.04"), Decimal("4335.30"), Decimal("3990.4"))
    assert _functional(r, "2040410") == Decimal("1185.60")
    assert _functional(r, "2080505") == Decimal("1064.46")
    assert _functional(r, "2210202") == Decimal("4243.61")


def test_narrative_only_document_totals_from_sentences():
    # 江苏省政协办公厅2018年度部门预算.pdf: 本年支出预算合计10,150.48万元，其中：基本支出5,678.17万元…
    r = _doc("政协办公厅2018年度部门预算.pdf")
    t = r.totals
    assert (t.expenditure_total, t.basic_total, t.project_total, t.other_total) == (
        Decimal("10150.48"), Decimal("5678.17"), Decimal("3314.68"), Decimal("1157.63"))
    assert t.sources["basic_total"].is_narrative
