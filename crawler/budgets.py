"""Budgets that make every crawl end: pages per site (BUDGETKG_MAX_PAGES: lists, navigation
and articles; documents are not pages) and requests per host (BUDGETKG_MAX_REQUESTS_PER_HOST).
A request over budget is not made; it is counted, and the report says which budget stopped the
crawl. Navigation depth and the pages of one list are bounded where links are followed (the
spider).

The counts live in ``spider.state``, which Scrapy keeps in the JOBDIR: a crawl interrupted and
resumed goes on counting against the same budget instead of starting afresh inside a trap."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest


class CrawlBudgetMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.max_pages = settings.getint("BUDGETKG_MAX_PAGES")
        self.max_per_host = settings.getint("BUDGETKG_MAX_REQUESTS_PER_HOST")
        self.counts: dict = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _counts(self) -> dict:
        """The spider's persistent state when it has one (JOBDIR), else this crawl's."""
        state = getattr(self.crawler.spider, "state", None)
        if state is None:
            return self.counts
        return state.setdefault("budgetkg_budget", {"pages": 0, "hosts": {}})

    def process_request(self, request, spider=None):
        counts = self._counts()
        counts.setdefault("pages", 0)
        hosts = counts.setdefault("hosts", {})
        host = urlsplit(request.url).hostname or ""
        if request.meta.get("page") and self.max_pages and counts["pages"] >= self.max_pages:
            self.refuse("pages", request)
        if self.max_per_host and hosts.get(host, 0) >= self.max_per_host:
            self.refuse("host_requests", request)
        counts["pages"] += bool(request.meta.get("page"))
        hosts[host] = hosts.get(host, 0) + 1
        return None

    def refuse(self, budget: str, request) -> None:
        self.crawler.stats.inc_value(f"budgetkg/budget/{budget}")
        raise IgnoreRequest(f"over the {budget} budget: {request.url}")
