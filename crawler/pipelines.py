"""Each downloaded document: stored by content (sha256) under the store folder, then read into
the graph. Same bytes under two URLs are stored and parsed once; bytes unchanged since the
last crawl are not parsed again; a document that fails is recorded with its error and the
crawl goes on."""

from __future__ import annotations

import fcntl
import hashlib
import logging
from datetime import datetime, timezone
from pathlib import Path

from graph.load import load_document
from graph.source import DocumentSource
from graph.store import GraphStore, open_store
from graph.store.base import load_vocabulary

from .document_index import DocumentRow, now
from .items import DocumentItem
from .portal.responses import document_file_name


# Scrapy opens the root logger to every level; pdfminer then builds a debug record for each
# token it parses, which made reading a PDF 2.9 times slower inside a crawl (measured). Its
# warnings still come through.
for _chatty in ("pdfminer", "pdfplumber"):
    if logging.getLogger(_chatty).level == logging.NOTSET:
        logging.getLogger(_chatty).setLevel(logging.WARNING)


class CrawlLocked(RuntimeError):
    pass


class _SharedResources:
    """One graph store and one crawl lock per store folder and process, however many spiders
    (sites) run in it: Oxigraph opens a store once per process."""

    def __init__(self) -> None:
        self.users: dict[str, int] = {}
        self.stores: dict[str, GraphStore] = {}
        self.locks: dict[str, object] = {}

    def acquire(self, folder: Path, endpoint: str | None, update_endpoint: str | None) -> GraphStore:
        key = str(folder.resolve())
        if key not in self.users:
            folder.mkdir(parents=True, exist_ok=True)
            lock = open(folder / "crawl.lock", "w")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                raise CrawlLocked(f"another crawl is running on {folder} (lock {folder / 'crawl.lock'})") from None
            self.locks[key] = lock
            self.stores[key] = open_store(folder, endpoint, update_endpoint)
            load_vocabulary(self.stores[key])
            self.users[key] = 0
        self.users[key] += 1
        return self.stores[key]

    def release(self, folder: Path) -> None:
        key = str(folder.resolve())
        self.users[key] -= 1
        if self.users[key] == 0:
            self.stores.pop(key).close()
            lock = self.locks.pop(key)
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
            del self.users[key]


SHARED = _SharedResources()


def store_file(folder: Path, sha256: str, name: str, body: bytes) -> Path:
    """Content-addressed: files/ab/abcdef….ext, written whole (temporary name, then rename)."""
    suffix = Path(name).suffix.lower()
    target = folder / "files" / sha256[:2] / f"{sha256}{suffix}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(body)
        tmp.replace(target)
    return target


class DocumentPipeline:
    def __init__(self, folder: str, endpoint: str | None, update_endpoint: str | None) -> None:
        self.folder = Path(folder)
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        pipeline = cls(s.get("BUDGETKG_STORE"), s.get("BUDGETKG_ENDPOINT"), s.get("BUDGETKG_UPDATE_ENDPOINT"))
        pipeline.crawler = crawler  # Scrapy ≥ 2.14 no longer passes the spider to pipeline methods
        return pipeline

    def open_spider(self, spider=None) -> None:
        self.store = SHARED.acquire(self.folder, self.endpoint, self.update_endpoint)

    def close_spider(self, spider=None) -> None:
        spider = self.crawler.spider
        for url, kind in spider.blocked:
            spider.document_index.record_blocked(spider.site.name, url, kind)
        SHARED.release(self.folder)

    def process_item(self, item: DocumentItem, spider=None) -> DocumentItem:
        spider = self.crawler.spider
        index = spider.document_index
        stats = spider.crawler.stats
        known = index.get(item.url)
        row = DocumentRow(url=item.url, site=item.site, referrer=item.referrer, article_title=item.article_title,
                          article_date=item.article_date, etag=item.etag, last_modified=item.last_modified,
                          retrieved_at=now())
        if item.http_status == 304 and known:
            known.retrieved_at, known.status = row.retrieved_at, "unchanged"
            index.record(known)
            stats.inc_value("budgetkg/documents/unchanged")
            return item
        if item.http_status >= 400 or item.body is None:
            row.status, row.error = f"http-{item.http_status}", f"HTTP {item.http_status}"
            index.record(row)
            stats.inc_value("budgetkg/documents/http_error")
            spider.logger.warning("document %s answered HTTP %s", item.url, item.http_status)
            return item
        row.sha256 = hashlib.sha256(item.body).hexdigest()
        row.file_name = document_file_name(item.url, item.content_disposition, item.link_text, item.body)
        row.path = str(store_file(self.folder, row.sha256, row.file_name, item.body))
        twin = index.first_with_sha(row.sha256, item.url)
        if known and known.sha256 == row.sha256 and known.status != "failed":
            row.status = "unchanged"  # the server ignored our validators; the bytes tell
        elif twin is not None:
            row.status, row.error = "duplicate", f"same bytes as {twin.url}"
        else:
            source = DocumentSource(item.url, row.sha256, retrieved_at=datetime.now(timezone.utc), referrer=item.referrer,
                                    article_title=item.article_title, article_date=item.article_date, etag=item.etag,
                                    last_modified=item.last_modified, file_name=row.file_name)
            result = load_document(self.store, row.path, source)
            row.status = result.status
            if not result.ok:
                row.error = f"{result.ingest.error.code}: {result.ingest.error.args[0]}"
            spider.logger.info(result.summary())
        stats.inc_value(f"budgetkg/documents/{row.status}")
        index.record(row)
        return item
