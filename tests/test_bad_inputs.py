"""Each bad input gets a specific error for that document; a batch goes on."""

import shutil

import pytest

from crawler.errors import ConverterMissing, CorruptDocument, EncryptedDocument, NeedsOCR, UnsupportedFormat
from crawler.ingest import ingest_file
from crawler.read import read
from tests.conftest import BAD, DOCUMENTS


@pytest.mark.parametrize(
    "name,error,words",
    [
        ("encrypted.pdf", EncryptedDocument, "password"),
        ("truncated.pdf", CorruptDocument, "truncated"),
        ("scanned.pdf", NeedsOCR, "OCR"),
        ("cid-garbage.pdf", NeedsOCR, "(cid:NNN)"),
        ("corrupt.xlsx", CorruptDocument, "damaged"),
        ("not-a-document.xls", UnsupportedFormat, "not a PDF, Word, Excel or HTML"),
    ],
)
def test_bad_input_gives_specific_error(name, error, words):
    with pytest.raises(error) as info:
        read(BAD / name)
    assert words in str(info.value)
    assert str(BAD / name) in str(info.value)


def test_file_type_comes_from_bytes_not_extension():
    doc = read(BAD / "lankao-really-xlsx.pdf")
    assert doc.format == "xlsx"
    assert doc.warnings == ["named .pdf but its bytes are xlsx: read as xlsx"]


def test_batch_goes_on_after_bad_documents():
    results = [ingest_file(p) for p in sorted(BAD.iterdir())] + [ingest_file(DOCUMENTS / "wenxian-2024-budget.pdf")]
    codes = {r.path.rsplit("/", 1)[-1]: (r.error.code if r.error else "ok") for r in results}
    assert codes == {
        "cid-garbage.pdf": "needs-ocr",
        "corrupt.xlsx": "corrupt",
        "encrypted.pdf": "encrypted",
        "lankao-really-xlsx.pdf": "ok",
        "not-a-document.xls": "unsupported-format",
        "scanned.pdf": "needs-ocr",
        "truncated.pdf": "corrupt",
        "wenxian-2024-budget.pdf": "ok",
    }


def test_empty_tables_with_a_no_data_note_are_findings_not_facts(seed_records):
    findings = [f for f in seed_records["lankao-2024-budget"].findings if f.rule == "table-without-numbers"]
    assert [f.table for f in findings] == [5, 6, 7]
    assert all(f.severity == "info" and "no data" in f.message for f in findings)
    assert seed_records["lankao-2024-budget"].three_public == []


def test_legacy_doc_without_libreoffice_says_what_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ConverterMissing) as info:
        read(DOCUMENTS.parent / "renderings" / "chengan-2023-budget.doc")
    assert "libreoffice" in str(info.value).lower()
