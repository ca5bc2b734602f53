"""The Scrapy item pipeline that writes the graph, plugged in by dotted path
(``ITEM_PIPELINES`` in ``crawler/settings.py``) after the crawler's files pipeline: each
document whose bytes are new is read and mapped in a worker process (``graph.pool``, so the
crawl keeps downloading), then stored as its named graph by this process; what became of it
goes back to the document index. A document that fails is recorded with its error and the
crawl goes on."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.python.failure import Failure

from crawler.items import DocumentItem
from crawler.pipelines import PerFolder

from .bulk import renew_pending
from .load import MappedDocument, read_and_map, store_mapped
from .pool import ReadingPool
from .store import GraphStore, open_store
from .store.base import load_vocabulary


def _open(folder: Path, endpoint: str | None, update_endpoint: str | None) -> GraphStore:
    store = open_store(folder, endpoint, update_endpoint)
    load_vocabulary(store)
    renew_pending(store)  # what an ingest cut short left to do
    return store


STORES: PerFolder[GraphStore] = PerFolder(_open, lambda store: store.close())
def _start_pool(folder: Path, workers: int | None) -> ReadingPool:
    pool = ReadingPool(workers)
    pool.warm_up(read_and_map)
    return pool


POOLS: PerFolder[ReadingPool] = PerFolder(_start_pool, lambda pool: pool.close())


class GraphPipeline:
    def __init__(self, folder: str, endpoint: str | None, update_endpoint: str | None) -> None:
        self.folder = Path(folder)
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        pipeline = cls(s.get("BUDGETKG_STORE"), s.get("BUDGETKG_ENDPOINT"), s.get("BUDGETKG_UPDATE_ENDPOINT"))
        workers = s.get("BUDGETKG_READ_WORKERS")
        pipeline.workers = None if workers in (None, "", "None") else int(workers)
        pipeline.crawler = crawler  # Scrapy ≥ 2.14 no longer passes the spider to pipeline methods
        return pipeline

    def open_spider(self, spider=None) -> None:
        self.store = STORES.acquire(self.folder, self.endpoint, self.update_endpoint)
        self.pool = POOLS.acquire(self.folder, self.workers)

    def close_spider(self, spider=None) -> None:
        POOLS.release(self.folder)
        STORES.release(self.folder)

    async def process_item(self, item: DocumentItem, spider=None) -> DocumentItem:
        source = item.source
        if source.status != "stored":  # unchanged, a duplicate, or no bytes: nothing to read
            return item
        read = self.pool.submit(read_and_map, source.path, source)
        read.addCallbacks(lambda mapped: self.store_document(item, mapped), lambda failure: self.worker_failed(item, failure))
        return await maybe_deferred_to_future(read)

    def store_document(self, item: DocumentItem, mapped: MappedDocument) -> DocumentItem:
        source, spider = item.source, self.crawler.spider
        result = store_mapped(self.store, source, mapped)
        source.status = result.status
        if not result.ok:
            source.error = f"{result.ingest.error.code}: {result.ingest.error.args[0]}"
        spider.logger.info(result.summary())
        self.crawler.stats.inc_value(f"budgetkg/documents/{source.status}")
        spider.document_index.record(source)
        return item

    def worker_failed(self, item: DocumentItem, failure: Failure) -> DocumentItem:
        """The worker reading this document timed out, died or raised: this document failed, not
        the crawl (with the reason's code: timeout, worker-died, …)."""
        source = item.source
        code = getattr(failure.value, "code", "reader-failure")
        message = failure.value.args[0] if getattr(failure.value, "args", None) else failure.getErrorMessage()
        source.status, source.error = "failed", f"{code}: {message or failure.type.__name__}"
        self.crawler.spider.logger.warning("FAIL %s: %s", source.name, source.error)
        self.crawler.stats.inc_value("budgetkg/documents/failed")
        self.crawler.spider.document_index.record(source)
        return item
