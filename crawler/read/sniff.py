"""Tell a file's format from its bytes, never from its name: portals serve
``download.jsp?id=…`` links, mislabelled extensions and HTML error pages as ``.pdf``."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "doc": ".doc", "xls": ".xls", "html": ".html"}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff_bytes(head: bytes, whole: bytes | None = None) -> str | None:
    """Return one of pdf, docx, xlsx, doc, xls, html, or None when unknown.

    ``head`` is the start of the file (a few KB); ``whole`` the full content when the
    container must be opened (zip, OLE)."""
    start = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(whole or head)).namelist()
        except zipfile.BadZipFile:
            # a truncated OOXML file: guess from the member names visible in the head
            if b"word/" in head:
                return "docx"
            if b"xl/" in head:
                return "xlsx"
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if head.startswith(OLE_MAGIC):
        body = whole or head
        if _utf16("WordDocument") in body:
            return "doc"
        if _utf16("Workbook") in body or _utf16("Book") in body:
            return "xls"
        return None
    low = start[:4096].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low or b"<table" in low or b"<body" in low:
        return "html"
    return None


def sniff_file(path: str | Path) -> str | None:
    data = Path(path).read_bytes()
    return sniff_bytes(data[:8192], data)
