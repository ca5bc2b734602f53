"""Run the disclosure spider over one or more sites in this process (``budgetkg crawl``).

Each site is its own Scrapy crawler with its own JOBDIR under the store, so a crawl killed
midway resumes where it stopped; a crawl that finishes removes its JOBDIR, so the next
scheduled crawl starts afresh (and asks again, conditionally, for every document)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from . import settings as project_settings
from .document_index import DocumentIndex, now
from .pipelines import CrawlLocked
from .site_config import SiteConfig
from .spiders.disclosure import DisclosureSpider

QUIET_POLITENESS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


@dataclass
class CrawlReport:
    started_at: str
    stats: dict[str, dict] = field(default_factory=dict)  # site → Scrapy stats
    finish_reasons: dict[str, str] = field(default_factory=dict)


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
    report = CrawlReport(started_at=now())
    crawlers = []
    for site in sites:
        jobdir = store / "jobs" / site.name
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
        stats = crawler.stats.get_stats() if crawler.stats else {}
        report.stats[site.name] = stats
        reason = stats.get("finish_reason", "unknown")
        report.finish_reasons[site.name] = reason
        if reason == "finished":
            shutil.rmtree(jobdir, ignore_errors=True)
    return report


def reset_frontier(redis_url: str, sites: list[SiteConfig]) -> int:
    """Forget the shared frontier of these sites (queue and seen requests): a new distributed
    crawl cycle starts from the start URLs. Run it once per cycle, on one machine."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = [k for site in sites for k in client.scan_iter(f"disclosure-{site.name}:*")]
    return client.delete(*keys) if keys else 0


def check_not_locked(store: Path) -> None:
    """Fail at once when another crawl holds this store (the pipeline holds the lock for the
    whole crawl; this only spares starting the spiders)."""
    import fcntl

    store.mkdir(parents=True, exist_ok=True)
    with open(store / "crawl.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CrawlLocked(f"another crawl is running on {store} (lock {store / 'crawl.lock'})") from None
        fcntl.flock(lock, fcntl.LOCK_UN)
