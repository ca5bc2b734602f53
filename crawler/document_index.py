"""What the crawler knows of every document URL it met: its provenance (where it was linked
from, what bytes it had, its validators ETag / Last-Modified for the next conditional request)
and what became of it. SQLite under the store folder, one row per ``DocumentSource``."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from .provenance import DocumentSource

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  url TEXT PRIMARY KEY, site TEXT, sha256 TEXT, path TEXT, file_name TEXT, referrer TEXT,
  article_title TEXT, article_date TEXT, etag TEXT, last_modified TEXT, retrieved_at TEXT,
  status TEXT, error TEXT);
CREATE INDEX IF NOT EXISTS documents_sha ON documents(sha256);
CREATE TABLE IF NOT EXISTS blocked (site TEXT, url TEXT, kind TEXT, at TEXT, PRIMARY KEY (site, url));
CREATE TABLE IF NOT EXISTS unfetched (site TEXT, url TEXT, reason TEXT, at TEXT, PRIMARY KEY (site, url));
"""
# column → DocumentSource attribute (the column keeps its old name: stores outlive releases)
_COLUMNS = {"url": "locator", "site": "site", "sha256": "sha256", "path": "path", "file_name": "file_name",
            "referrer": "referrer", "article_title": "article_title", "article_date": "article_date", "etag": "etag",
            "last_modified": "last_modified", "retrieved_at": "retrieved_at", "status": "status", "error": "error"}
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM documents"
_TIME = "%Y-%m-%dT%H:%M:%SZ"


def timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(_TIME)


def _source(row: tuple) -> DocumentSource:
    values = dict(zip(_COLUMNS.values(), row))
    if values["retrieved_at"]:
        values["retrieved_at"] = datetime.strptime(values["retrieved_at"], _TIME).replace(tzinfo=timezone.utc)
    return DocumentSource(**values)


class DocumentIndex:
    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.executescript(_SCHEMA)

    def get(self, url: str) -> DocumentSource | None:
        row = self.db.execute(f"{_SELECT} WHERE url = ?", (url,)).fetchone()
        return _source(row) if row else None

    def first_with_sha(self, sha256: str, other_than: str) -> DocumentSource | None:
        """Another URL whose same bytes are read (or being read: ``stored``)."""
        row = self.db.execute(f"{_SELECT} WHERE sha256 = ? AND url != ? AND status IN "
                              "('stored', 'loaded', 'replaced', 'unchanged') ORDER BY url LIMIT 1",
                              (sha256, other_than)).fetchone()
        return _source(row) if row else None

    def record(self, source: DocumentSource) -> None:
        values = [getattr(source, attribute) for attribute in _COLUMNS.values()]
        values = [timestamp(v) if isinstance(v, datetime) else v for v in values]
        self.db.execute(f"INSERT OR REPLACE INTO documents ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                        values)

    def record_blocked(self, site: str, url: str, kind: str, at: datetime) -> None:
        self.db.execute("INSERT OR REPLACE INTO blocked VALUES (?, ?, ?, ?)", (site, url, kind, timestamp(at)))

    def record_unfetched(self, site: str, url: str, reason: str, at: datetime) -> None:
        """A page the crawl could not download (over the size cap, timed out, unreachable)."""
        self.db.execute("INSERT OR REPLACE INTO unfetched VALUES (?, ?, ?, ?)", (site, url, reason, timestamp(at)))

    def unfetched(self, since: datetime | None = None) -> list[tuple[str, str, str]]:
        return list(self.db.execute("SELECT site, url, reason FROM unfetched WHERE at >= ? ORDER BY site, url",
                                    (timestamp(since) if since else "",)))

    def rows(self, since: datetime | None = None) -> list[DocumentSource]:
        """Every document, or those met since a moment (this crawl's)."""
        rows = self.db.execute(f"{_SELECT} WHERE coalesce(retrieved_at, '') >= ? ORDER BY url",
                               (timestamp(since) if since else "",))
        return [_source(r) for r in rows]

    def blocked(self, since: datetime | None = None) -> list[tuple[str, str, str]]:
        return list(self.db.execute("SELECT site, url, kind FROM blocked WHERE at >= ? ORDER BY site, url",
                                    (timestamp(since) if since else "",)))

    def close(self) -> None:
        self.db.close()
