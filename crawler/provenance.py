"""Where a document came from, as one record from the download to the triples: the spider
fills in what the article and the response say, the files pipeline adds the hash and the
stored file, the document index keeps it between crawls, and the mapping turns it into PROV /
DCAT statements. A local file (``budgetkg ingest``) gets the same record from its path."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit


@dataclass
class DocumentSource:
    locator: str  # the URL it was downloaded from, or the local path it was read from
    sha256: str | None = None  # of its bytes, computed once, where they are first held
    retrieved_at: datetime | None = None
    modified: datetime | None = None  # a local file's modification time
    referrer: str | None = None  # the article page that linked the file
    article_title: str | None = None
    article_date: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    file_name: str | None = None  # when the URL's last segment is not the name (download.jsp?id=…)
    # what became of it in a crawl (kept by the document index beside the provenance)
    site: str | None = None
    path: str | None = None  # the content-addressed file under the store
    status: str | None = None  # stored | loaded | replaced | unchanged | duplicate | failed | http-404 | too-large | timeout | unreachable
    error: str | None = None

    @property
    def name(self) -> str:
        """The file name: given, or the last path segment of the URL or path."""
        if self.file_name:
            return self.file_name
        if self.is_url:
            return unquote(urlsplit(self.locator).path.rstrip("/").rsplit("/", 1)[-1]) or self.locator
        return Path(self.locator).name

    @property
    def is_url(self) -> bool:
        return self.locator.startswith(("http://", "https://"))

    @classmethod
    def for_file(cls, path: str | Path) -> "DocumentSource":
        """A local file is identified by its absolute path; its modification time stands for the
        retrieval time so that re-ingesting the same file gives the same graph."""
        path = Path(path).resolve()
        modified = datetime.fromtimestamp(int(path.stat().st_mtime), tz=timezone.utc)
        return cls(locator=path_text(path), sha256=sha256_of(path), modified=modified, path=str(path))


def path_text(path: str | Path) -> str:
    """A path as text that prints and goes into an IRI, whatever the encoding of its names: a
    name that is not UTF-8 (GBK names from Windows archives) is read as GB18030, and bytes that
    are neither are written %XX. The file itself is still opened by its real path."""
    segments = []
    for raw in os.fsencode(path).split(b"/"):
        for encoding in ("utf-8", "gb18030"):
            try:
                segments.append(raw.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            segments.append(quote(raw, safe=""))
    return "/".join(segments)


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_failure(status: str | None) -> bool:
    """A document the crawl could not download or read: http-404…, failed, too-large, timeout, unreachable."""
    return bool(status) and (status.startswith("http-") or status in ("failed", "too-large", "timeout", "unreachable"))


def utc_now() -> datetime:
    """Now, to the second (what the index and the graph keep)."""
    return datetime.now(timezone.utc).replace(microsecond=0)
