"""Each downloaded document stored by content (sha256) under the store folder and recorded in
the document index; from here on the item carries its provenance and no bytes. Same bytes
under two URLs are stored once (the second is a ``duplicate``), bytes unchanged since the last
crawl are ``unchanged``; new bytes are ``stored``, for the pipeline after this one (the graph's,
named in the settings) to read.

The crawl lock lives here too: one crawl per store folder at a time."""

from __future__ import annotations

import fcntl
import hashlib
import logging
from pathlib import Path
from typing import Callable, Generic, TypeVar

from .items import DocumentItem
from .portal.responses import document_file_name
from .provenance import utc_now

# Scrapy opens the root logger to every level; pdfminer then builds a debug record for each
# token it parses, which made reading a PDF 2.9 times slower inside a crawl (measured). Its
# warnings still come through.
for _chatty in ("pdfminer", "pdfplumber"):
    if logging.getLogger(_chatty).level == logging.NOTSET:
        logging.getLogger(_chatty).setLevel(logging.WARNING)

T = TypeVar("T")


class CrawlLocked(RuntimeError):
    pass


class PerFolder(Generic[T]):
    """One resource per store folder and process, however many spiders (sites) run in it:
    opened by the first that asks, closed when the last lets go (Oxigraph opens a store once
    per process; a lock is held once)."""

    def __init__(self, opener: Callable[..., T], closer: Callable[[T], None]) -> None:
        self.opener, self.closer = opener, closer
        self.held: dict[str, tuple[T, int]] = {}

    def acquire(self, folder: Path, *options) -> T:
        """The folder's resource; the first to ask opens it with ``opener(folder, *options)``."""
        key = str(folder.resolve())
        resource, users = self.held.get(key) or (self.opener(folder, *options), 0)
        self.held[key] = (resource, users + 1)
        return resource

    def release(self, folder: Path) -> None:
        key = str(folder.resolve())
        resource, users = self.held.pop(key)
        if users > 1:
            self.held[key] = (resource, users - 1)
        else:
            self.closer(resource)


def lock_store(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    lock = open(folder / "crawl.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise CrawlLocked(f"another crawl is running on {folder} (lock {folder / 'crawl.lock'})") from None
    return lock


def unlock_store(lock) -> None:
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()


CRAWL_LOCKS: PerFolder = PerFolder(lock_store, unlock_store)


def store_file(folder: Path, sha256: str, name: str, body: bytes) -> Path:
    """Content-addressed: files/ab/abcdef….ext, written whole (temporary name, then rename)."""
    suffix = Path(name).suffix.lower()
    suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""
    target = folder / "files" / sha256[:2] / f"{sha256}{suffix}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(body)
        tmp.replace(target)
    return target


class DocumentFilesPipeline:
    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler.settings.get("BUDGETKG_STORE"))
        pipeline.crawler = crawler  # Scrapy ≥ 2.14 no longer passes the spider to pipeline methods
        return pipeline

    def open_spider(self, spider=None) -> None:
        CRAWL_LOCKS.acquire(self.folder)

    def close_spider(self, spider=None) -> None:
        CRAWL_LOCKS.release(self.folder)

    def process_item(self, item: DocumentItem, spider=None) -> DocumentItem:
        spider = self.crawler.spider
        index, stats, source = spider.document_index, self.crawler.stats, item.source
        known = index.get(source.locator)
        source.retrieved_at = utc_now()
        if item.http_status == 0:  # the download failed: over the size cap, timed out, unreachable
            stats.inc_value("budgetkg/documents/unfetched")
            spider.logger.warning("document %s: %s", source.locator, source.error)
        elif item.http_status == 304 and known:
            known.retrieved_at, known.status = source.retrieved_at, "unchanged"
            item.source = known
            stats.inc_value("budgetkg/documents/unchanged")
        elif item.http_status >= 400 or item.body is None:
            source.status, source.error = f"http-{item.http_status}", f"HTTP {item.http_status}"
            stats.inc_value("budgetkg/documents/http_error")
            spider.logger.warning("document %s answered HTTP %s", source.locator, item.http_status)
        else:
            try:
                self.store(item, known)
            except OSError as exc:  # a full disk or an unwritable store: this document fails, the crawl goes on
                source.status, source.error, item.body = "failed", f"not stored: {exc}", None
            if source.status != "stored":  # new bytes are counted by what reads them
                stats.inc_value(f"budgetkg/documents/{source.status}")
        index.record(item.source)
        return item

    def store(self, item: DocumentItem, known) -> None:
        """Hash the bytes (the one time they are hashed), keep them by content, drop them from
        the item, and say whether they are new."""
        source, body = item.source, item.body
        source.sha256 = hashlib.sha256(body).hexdigest()
        disposition = item.content_disposition.encode("latin-1") if item.content_disposition else None
        source.file_name = document_file_name(source.locator, disposition, item.link_text, body)
        source.path = str(store_file(self.folder, source.sha256, source.file_name, body))
        item.body = None
        twin = self.crawler.spider.document_index.first_with_sha(source.sha256, source.locator)
        if known and known.sha256 == source.sha256 and known.status not in ("failed", "stored"):
            source.status = "unchanged"  # the server ignored our validators; the bytes tell
        elif twin is not None:
            source.status, source.error = "duplicate", f"same bytes as {twin.locator}"
        else:
            source.status = "stored"
