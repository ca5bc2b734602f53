"""A crawl says how it is going while it runs: every BUDGETKG_PROGRESS_INTERVAL seconds one line
per site on standard output — pages fetched, documents found, stored, failed — and once more
when the site is done. 0 turns it off."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

FAILED = ("failed", "http_error", "unfetched")
STORED = ("stored", "loaded", "replaced", "unchanged", "duplicate")


def progress_line(site: str, stats: dict) -> str:
    documents = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("budgetkg/documents/")}
    return (f"progress {site}: {stats.get('budgetkg/pages', 0)} pages, "
            f"{stats.get('budgetkg/found/documents', 0)} documents found, "
            f"{sum(documents.get(k, 0) for k in STORED)} stored, {sum(documents.get(k, 0) for k in FAILED)} failed")


class CrawlProgress:
    def __init__(self, crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("BUDGETKG_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider=None) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def show(self) -> None:
        spider = self.crawler.spider
        site = spider.site.name if getattr(spider, "site", None) else spider.name
        print(progress_line(site, self.crawler.stats.get_stats()), file=sys.stdout, flush=True)

    def closed(self, spider=None, reason=None) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.show()
