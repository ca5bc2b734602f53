"""Bytes from Chinese portals → text. Portals declare charsets wrongly or not at all: a
declared charset is believed only if the bytes decode under it, and GB2312/GBK are read as
GB18030, their superset (GBK pages routinely use characters only GB18030 covers). Used for
pages, download headers and HTML documents alike."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "iso-8859-1": "cp1252"}


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, charset). Order of belief: BOM, the declared charset (HTTP header), the
    page's meta charset, UTF-8, GB18030; each only if it decodes the bytes cleanly, else the
    charset detector decides."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    candidates = []
    if declared:
        candidates.append(declared)
    meta = _META.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        name = _SUPERSETS.get(name.lower(), name.lower())
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None:
        return data.decode("gb18030", "replace"), "gb18030"
    return str(best), _SUPERSETS.get(best.encoding.lower(), best.encoding)
