"""Run the disclosure spider over one or more sites in this process (``budgetkg crawl``).

Each site is its own Scrapy crawler with its own JOBDIR under the store, so a crawl killed
midway resumes where it stopped; a crawl that finishes removes its JOBDIR, so the next
scheduled crawl starts afresh (and asks again, conditionally, for every document)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from . import settings as project_settings
from .document_index import DocumentIndex
from .pipelines import CrawlLocked, lock_store, unlock_store
from .provenance import DocumentSource, is_failure, utc_now
from .site_config import SiteConfig
from .spiders.disclosure import DisclosureSpider

QUIET_POLITENESS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


# what became of documents, in the order a report lists them
DOCUMENT_STATUSES = ("loaded", "replaced", "unchanged", "http_error", "duplicate", "failed", "unfetched")
# budgets that stop a crawl: stats key → what the report says
BUDGETS = {
    "pages": "pages over BUDGETKG_MAX_PAGES",
    "host_requests": "requests over BUDGETKG_MAX_REQUESTS_PER_HOST",
    "depth": "links deeper than BUDGETKG_MAX_DEPTH",
    "list_pages": "list pages past BUDGETKG_MAX_LIST_PAGES",
}


@dataclass
class SiteOutcome:
    name: str
    finish_reason: str
    requests: int = 0
    response_bytes: int = 0
    documents: dict[str, int] = field(default_factory=dict)  # status → count
    budget_cuts: dict[str, int] = field(default_factory=dict)  # budget → requests not made
    resumed: bool = False  # it went on from the JOBDIR of an interrupted crawl

    @classmethod
    def from_stats(cls, name: str, stats: dict, resumed: bool = False) -> "SiteOutcome":
        documents = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("budgetkg/documents/")}
        order = {status: n for n, status in enumerate(DOCUMENT_STATUSES)}
        return cls(name, stats.get("finish_reason", "unknown"), stats.get("downloader/request_count", 0),
                   stats.get("downloader/response_bytes", 0),
                   dict(sorted(documents.items(), key=lambda kv: order.get(kv[0], len(order)))),
                   {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("budgetkg/budget/")}, resumed)

    @property
    def ended(self) -> bool:
        return self.finish_reason == "finished"

    def line(self) -> str:
        reason = self.finish_reason if self.ended else f"interrupted ({self.finish_reason}): resumes from its JOBDIR next time"
        out = (f"site {self.name}: {'resumed, ' if self.resumed else ''}{reason}; {self.requests} requests, "
               f"{self.response_bytes} bytes; documents {self.documents or 'none'}")
        if self.budget_cuts:
            out += "; stopped by budgets: " + ", ".join(f"{n} {BUDGETS.get(k, k)}" for k, n in self.budget_cuts.items())
        return out


@dataclass
class CrawlReport:
    """What a crawl did, per site, and which documents of it failed or were blocked."""

    started_at: datetime
    sites: list[SiteOutcome] = field(default_factory=list)
    failed: list[DocumentSource] = field(default_factory=list)  # unreadable, HTTP errors, not downloaded
    blocked: list[tuple[str, str, str]] = field(default_factory=list)  # site, URL, anti-bot kind
    unfetched: list[tuple[str, str, str]] = field(default_factory=list)  # site, URL of a page, why

    def lines(self) -> list[str]:
        out = [s.line() for s in self.sites]
        out += [f"FAIL {d.locator}: {d.error}" for d in self.failed]
        out += [f"BLOCKED {site}: {url} ({kind})" for site, url, kind in self.blocked]
        out += [f"UNFETCHED {site}: {url} ({reason})" for site, url, reason in self.unfetched]
        return out

    @property
    def ok(self) -> bool:
        return all(s.ended for s in self.sites) and not (self.failed or self.blocked or self.unfetched)

    def add_index(self, index: DocumentIndex) -> None:
        """This crawl's failed and blocked documents and unfetched pages, from the document index."""
        self.failed = [d for d in index.rows(since=self.started_at) if is_failure(d.status)]
        self.blocked = index.blocked(since=self.started_at)
        self.unfetched = index.unfetched(since=self.started_at)


def crawl_settings(store: Path, endpoint: str | None = None, update_endpoint: str | None = None,
                   redis_url: str | None = None, overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.set("BUDGETKG_STORE", str(store), priority="cmdline")
    settings.set("BUDGETKG_ENDPOINT", endpoint, priority="cmdline")
    settings.set("BUDGETKG_UPDATE_ENDPOINT", update_endpoint, priority="cmdline")
    if redis_url:
        # a shared frontier: several processes or machines crawl one queue, each URL once
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", priority="cmdline")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="cmdline")
        settings.set("SCHEDULER_PERSIST", True, priority="cmdline")  # one process ending must not wipe the others' frontier
        settings.set("REDIS_URL", redis_url, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(sites: list[SiteConfig], settings: Settings) -> CrawlReport:
    store = Path(settings.get("BUDGETKG_STORE"))
    process = CrawlerProcess(settings)
    report = CrawlReport(started_at=utc_now())
    crawlers, resumed = [], {}
    for site in sites:
        jobdir = store / "jobs" / site.name
        resumed[site.name] = (jobdir / "requests.seen").exists()
        custom = {} if settings.get("SCHEDULER", "").startswith("scrapy_redis") else {"JOBDIR": str(jobdir)}
        # one spider class per site, so each crawler has its own JOBDIR (custom_settings are per class)
        # (and its own name: scrapy-redis keys the frontier by spider name, one frontier per site)
        spider_class = type(f"DisclosureSpider[{site.name}]", (DisclosureSpider,),
                            {"custom_settings": custom, "name": f"disclosure-{site.name}"})
        crawler = process.create_crawler(spider_class)
        crawlers.append((site, crawler, jobdir))
        process.crawl(crawler, site=site)
    process.start()
    for site, crawler, jobdir in crawlers:
        outcome = SiteOutcome.from_stats(site.name, crawler.stats.get_stats() if crawler.stats else {},
                                         resumed[site.name])
        report.sites.append(outcome)
        if outcome.finish_reason == "finished":
            shutil.rmtree(jobdir, ignore_errors=True)
    index = DocumentIndex(store / "documents.sqlite")
    try:
        report.add_index(index)
    finally:
        index.close()
    return report


def reset_frontier(redis_url: str, sites: list[SiteConfig]) -> int:
    """Forget the shared frontier of these sites (queue and seen requests): a new distributed
    crawl cycle starts from the start URLs. Run it once per cycle, on one machine."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = [k for site in sites for k in client.scan_iter(f"disclosure-{site.name}:*")]
    return client.delete(*keys) if keys else 0


def check_not_locked(store: Path) -> None:
    """Fail at once when another crawl holds this store (the files pipeline holds the lock for
    the whole crawl; this only spares starting the spiders)."""
    unlock_store(lock_store(store))
