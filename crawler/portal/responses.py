"""What a download response says about itself: the file's name (Content-Disposition in GBK,
percent-encoded or RFC 5987 form, else the URL, else the link text), its real format (from its
bytes), and whether it is an anti-bot answer rather than a document."""

from __future__ import annotations

import re
from email.message import Message
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from ..charsets import decode_text
from ..read.sniff import EXTENSIONS, sniff_bytes
from ..rules import rules


MAX_NAME = 100  # characters: 300 bytes of UTF-8 CJK at most


def _decode_raw(raw: bytes) -> str:
    """A header value as sent: percent-encoded bytes or raw bytes, UTF-8 or GBK."""
    return decode_text(unquote_to_bytes(raw) if b"%" in raw else raw)[0]


def filename_from_disposition(header: bytes | None) -> str | None:
    if not header:
        return None
    star = re.search(rb"filename\*\s*=\s*([^']*)'[^']*'([^;]+)", header, re.I)
    if star:  # RFC 5987: charset''percent-encoded
        charset = star.group(1).decode("ascii", "replace") or "utf-8"
        return unquote(star.group(2).strip().strip(b'"').decode("ascii", "replace"), encoding=charset, errors="replace")
    plain = re.search(rb'filename\s*=\s*"?([^";]+)"?', header, re.I)
    if plain:
        return _decode_raw(plain.group(1).strip())
    message = Message()
    message["content-disposition"] = header.decode("latin-1")
    return message.get_filename()


def document_format(body: bytes) -> str | None:
    return sniff_bytes(body[:8192], body)


def document_file_name(url: str, disposition: bytes | None, link_text: str, body: bytes) -> str:
    """The name to record: Content-Disposition, else the URL's last segment when it looks like
    a file, else the link text; the extension always follows the bytes; a name longer than
    MAX_NAME characters is shortened (file systems take 255 bytes)."""
    name = filename_from_disposition(disposition)
    if not name:
        segment = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        name = segment if "." in segment and not segment.lower().endswith((".jsp", ".do", ".aspx", ".php")) else link_text
    name = (name or "document").strip().replace("/", "_")
    fmt = document_format(body)
    if fmt:
        ext = EXTENSIONS[fmt]
        stem = name.rsplit(".", 1)[0] if "." in name else name
        if not name.lower().endswith(ext) and not (fmt == "html" and name.lower().endswith(".htm")):
            name = stem + ext
    return shortened(name)


def shortened(name: str) -> str:
    if len(name) <= MAX_NAME:
        return name
    stem, dot, ext = name.rpartition(".")
    ext = f".{ext}" if dot and len(ext) <= 5 else ""
    return (stem if ext else name)[: MAX_NAME - len(ext) - 1] + "…" + ext


def blocked_by(status: int, body: bytes) -> str | None:
    """The anti-bot system that answered instead of the site, or None."""
    for rule in rules("disclosure_links")["blocked"]:
        if status == rule["status"] and rule["marker"].encode() in body:
            return rule["name"]
    return None
