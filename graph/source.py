"""Where a document came from: what the fetch stage knows of a file, handed to the mapping so
every fact in the graph traces back to its source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class DocumentSource:
    locator: str  # the URL it was downloaded from, or the local path it was read from
    sha256: str
    retrieved_at: datetime | None = None
    modified: datetime | None = None
    referrer: str | None = None  # the article page that linked the file
    article_title: str | None = None
    article_date: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    file_name: str | None = None  # when the URL's last segment is not the name (download.jsp?id=…)

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
    def for_file(cls, path: str | Path, sha256: str) -> "DocumentSource":
        """A local file is identified by its absolute path; its modification time stands for the
        retrieval time so that re-ingesting the same file gives the same graph."""
        path = Path(path).resolve()
        modified = datetime.fromtimestamp(int(path.stat().st_mtime), tz=timezone.utc)
        return cls(locator=str(path), sha256=sha256, modified=modified)
