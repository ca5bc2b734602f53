"""The Scrapy item pipeline that writes the graph, plugged in by dotted path
(``ITEM_PIPELINES`` in ``crawler/settings.py``) after the crawler's files pipeline: each
document whose bytes are new is read, mapped and stored as its named graph; what became of it
goes back to the document index. A document that fails is recorded with its error and the
crawl goes on."""

from __future__ import annotations

from pathlib import Path

from crawler.items import DocumentItem
from crawler.pipelines import PerFolder

from .load import load_document
from .store import GraphStore, open_store
from .store.base import load_vocabulary


def _open(folder: Path, endpoint: str | None, update_endpoint: str | None) -> GraphStore:
    store = open_store(folder, endpoint, update_endpoint)
    load_vocabulary(store)
    return store


STORES: PerFolder[GraphStore] = PerFolder(_open, lambda store: store.close())


class GraphPipeline:
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
        self.store = STORES.acquire(self.folder, self.endpoint, self.update_endpoint)

    def close_spider(self, spider=None) -> None:
        STORES.release(self.folder)

    def process_item(self, item: DocumentItem, spider=None) -> DocumentItem:
        source = item.source
        if source.status != "stored":  # unchanged, a duplicate, or no bytes: nothing to read
            return item
        spider = self.crawler.spider
        result = load_document(self.store, source.path, source)
        source.status = result.status
        if not result.ok:
            source.error = f"{result.ingest.error.code}: {result.ingest.error.args[0]}"
        spider.logger.info(result.summary())
        self.crawler.stats.inc_value(f"budgetkg/documents/{source.status}")
        spider.document_index.record(source)
        return item
