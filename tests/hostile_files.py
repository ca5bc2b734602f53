"""Small hostile documents, made on the spot (issue 14): each is a few bytes to a few MB on
disk and would cost gigabytes or hours to a reader that trusted it.

    python tests/hostile_files.py DIR     # writes them all into DIR
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

DOCUMENTS = Path(__file__).resolve().parent / "fixtures" / "documents"


def html_span_bomb(path: Path) -> Path:
    """140 bytes: one cell claiming 100000 × 100000 grid positions."""
    path.write_text('<html><body><p>表</p><table><tr><td rowspan="100000" colspan="100000">x</td></tr>'
                    "</table></body></html>", encoding="utf-8")
    return path


def xlsx_far_corners(path: Path) -> Path:
    """Two cells, A1 and XFD1048576: a used range of 17 billion cells."""
    book = openpyxl.Workbook()
    book.active["A1"] = "部门收支总表"
    book.active["XFD1048576"] = 1
    book.save(path)
    return path


def _rewrite_member(path: Path, member: str, change) -> None:
    """Rewrite one member of a zip package (openpyxl cannot write a merge of 17 billion cells
    without making them)."""
    with zipfile.ZipFile(path) as package:
        members = {name: package.read(name) for name in package.namelist()}
    members[member] = change(members[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)


def xlsx_merge_bomb(path: Path) -> Path:
    """A small sheet with one merged range over A1:XFD1048576."""
    book = openpyxl.Workbook()
    for row in (["部门收支总表", None], ["项目", "金额"], ["合计", 100]):
        book.active.append(row)
    book.save(path)
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))
    return path


def docx_grid_span_bomb(path: Path) -> Path:
    """A 2 × 2 Word table whose first cell spans 10⁸ grid columns."""
    document = docx.Document()
    document.add_paragraph("部门收支总表")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["项目", "金额"], ["合计", "100"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), str(10**8))
    tc_pr.append(span)
    document.save(path)
    return path


def xlsx_zip_bomb(path: Path, unpacked_mb: int = 500) -> Path:
    """A ~1.5 MB XLSX whose sheet unpacks to ``unpacked_mb`` MB."""
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.save(path)
    with zipfile.ZipFile(path) as package:
        members = {name: package.read(name) for name in package.namelist()}
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = row * (2**20 // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, data in members.items():
            if name != "xl/worksheets/sheet1.xml":
                package.writestr(name, data)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(unpacked_mb):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def gbk_named_copy(folder: Path, source: Path = DOCUMENTS / "huailai-2024-budget.docx") -> Path:
    """A good document under a GBK-encoded file name (as unpacked from a Windows zip)."""
    raw = bytes(folder) + b"/" + "怀来县2024年部门预算".encode("gbk") + source.suffix.encode()
    shutil.copyfile(source, raw)
    return Path(raw.decode("utf-8", "surrogateescape"))


HOSTILE = {
    "span-bomb.html": html_span_bomb,
    "far-corners.xlsx": xlsx_far_corners,
    "merge-bomb.xlsx": xlsx_merge_bomb,
    "gridspan-bomb.docx": docx_grid_span_bomb,
    "zip-bomb.xlsx": xlsx_zip_bomb,
}


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {name: make(folder / name) for name, make in HOSTILE.items()}
    made["gbk-name.docx"] = gbk_named_copy(folder)
    return made


if __name__ == "__main__":
    for name, path in write_all(Path(sys.argv[1])).items():
        print(name, path.stat().st_size)
