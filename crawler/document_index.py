"""What the crawler knows of every document URL it met: where it was linked from, what bytes
it had (sha256, content-addressed file), its validators (ETag, Last-Modified) for the next
conditional request, and what became of it. SQLite under the store folder."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  url TEXT PRIMARY KEY, site TEXT, sha256 TEXT, path TEXT, file_name TEXT, referrer TEXT,
  article_title TEXT, article_date TEXT, etag TEXT, last_modified TEXT, retrieved_at TEXT,
  status TEXT, error TEXT);
CREATE INDEX IF NOT EXISTS documents_sha ON documents(sha256);
CREATE TABLE IF NOT EXISTS blocked (site TEXT, url TEXT, kind TEXT, at TEXT, PRIMARY KEY (site, url));
"""


@dataclass
class DocumentRow:
    url: str
    site: str | None = None
    sha256: str | None = None
    path: str | None = None
    file_name: str | None = None
    referrer: str | None = None
    article_title: str | None = None
    article_date: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    retrieved_at: str | None = None
    status: str | None = None  # loaded | replaced | unchanged | duplicate | failed | http-404 …
    error: str | None = None


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class DocumentIndex:
    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.executescript(_SCHEMA)

    def get(self, url: str) -> DocumentRow | None:
        row = self.db.execute("SELECT * FROM documents WHERE url = ?", (url,)).fetchone()
        return DocumentRow(*row) if row else None

    def first_with_sha(self, sha256: str, other_than: str) -> DocumentRow | None:
        row = self.db.execute("SELECT * FROM documents WHERE sha256 = ? AND url != ? AND status IN "
                              "('loaded', 'replaced', 'unchanged') ORDER BY url LIMIT 1", (sha256, other_than)).fetchone()
        return DocumentRow(*row) if row else None

    def record(self, row: DocumentRow) -> None:
        names = [f.name for f in fields(DocumentRow)]
        self.db.execute(f"INSERT OR REPLACE INTO documents ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                        [getattr(row, n) for n in names])

    def record_blocked(self, site: str, url: str, kind: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO blocked VALUES (?, ?, ?, ?)", (site, url, kind, now()))

    def rows(self) -> list[DocumentRow]:
        return [DocumentRow(*r) for r in self.db.execute("SELECT * FROM documents ORDER BY url")]

    def blocked(self, since: str = "") -> list[tuple[str, str, str]]:
        return list(self.db.execute("SELECT site, url, kind FROM blocked WHERE at >= ? ORDER BY site, url", (since,)))

    def close(self) -> None:
        self.db.close()
