"""The disclosure spider: from a portal's home page (or a configured column) through navigation
pages to the disclosure lists, their articles and attachments (or the article itself when its
tables are inline). What a page says is read by the page objects in ``crawler.portal``; this
module only decides what to request next, in what order (disclosures first) and within which
budgets (navigation depth, pages of one list; pages and requests per host in
``crawler.budgets``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import FormRequest, Request, Response, TextResponse
from twisted.internet.defer import CancelledError
from twisted.internet.error import TCPTimedOutError
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure

from ..document_index import DocumentIndex
from ..items import DocumentItem
from ..portal import article as article_page
from ..portal import listing
from ..portal.navigation import is_trap, navigation_links
from ..provenance import DocumentSource, utc_now
from ..site_config import SiteConfig, load_site

DOCUMENT_STATUSES = [304, 404, 403, 410, 500, 502, 503]
# Scrapy request priorities: found documents first, then disclosure articles, then navigation
# pages by their rule (crawler/rules/navigation.toml: 20–60)
DOCUMENT_PRIORITY = 100
ARTICLE_PRIORITY = 80


class DisclosureSpider(scrapy.Spider):
    name = "disclosure"

    def __init__(self, site: str | SiteConfig | None = None, start_url: str | None = None, base: str | None = None,
                 *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(site, SiteConfig):
            self.site: SiteConfig | None = site
        elif site:
            self.site = load_site(site, base)
        elif start_url:
            self.site = SiteConfig.for_start_url(start_url)
        else:
            self.site = None  # ``scrapy check`` runs the contracts of an unconfigured spider
        self.allowed_domains = list(self.site.allowed_domains) if self.site else []
        self.documents_found: set[str] = set()
        self.cut_urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.document_index = DocumentIndex(Path(crawler.settings.get("BUDGETKG_STORE")) / "documents.sqlite")
        spider.max_depth = crawler.settings.getint("BUDGETKG_MAX_DEPTH")
        spider.max_list_pages = crawler.settings.getint("BUDGETKG_MAX_LIST_PAGES")
        if crawler.settings.get("SCHEDULER", "").startswith("scrapy_redis"):
            # a shared frontier runs dry now and then while a peer is still parsing: wait a
            # while for its requests before closing (what scrapy-redis's RedisSpider does)
            spider.max_idle = crawler.settings.getfloat("BUDGETKG_REDIS_MAX_IDLE", 12.0)  # > 2 engine heartbeats (5 s)
            spider.idle_since = None
            crawler.signals.connect(spider.keep_alive_while_peers_work, signal=signals.spider_idle)
            crawler.signals.connect(spider.busy, signal=signals.response_received)
        return spider

    def busy(self, *args, **kwargs) -> None:
        self.idle_since = None

    def keep_alive_while_peers_work(self, *args, **kwargs) -> None:
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if now - self.idle_since < self.max_idle:
            raise DontCloseSpider

    async def start(self):
        if self.site is None:
            self.logger.error("give a site (-a site=NAME) or a start URL (-a start_url=URL)")
            return
        for url in self.site.start_urls:
            yield self.page_request(url, Visit())

    # ------------------------------------------------------------------ every page
    def page_request(self, url: str, visit: "Visit", **kwargs) -> Request:
        return Request(url, callback=self.parse_page, errback=self.page_failed, priority=visit.priority,
                       meta={"page": True}, cb_kwargs={"visit": visit}, **kwargs)

    def parse_page(self, response: Response, visit: "Visit | None" = None):
        """A page reached by the crawl: a navigation page, a list of disclosures, a disclosure
        article, or all at once. Its attachments are documents when it is a disclosure article
        (or when their link text says so); it is a list when it links to disclosure articles, and
        then its further pages are followed; a navigation page's links lead on to the columns.

        @file graph/demo/portals/trs/pages/zwgk/czyjs/index.html
        @returns requests 4 4
        @returns items 0 0
        """
        visit = visit or Visit()
        self.crawler.stats.inc_value("budgetkg/pages")
        if not isinstance(response, TextResponse):  # an article link that answered with a file
            if visit.role == "article":
                yield self.item(response, None, visit.title, visit.date, visit.title)
            return
        html = response.text
        if visit.role == "article":
            yield from self.article(response, visit)
        # a Hanweb column keeps its first records in an embedded XML datastore
        found = [*self.follow_disclosures(response.url, html, visit),
                 *self.follow_disclosures(response.url, listing.hanweb_records(html), visit)]
        yield from found
        if found or visit.rule == "disclosure-column":
            yield from self.further_pages(response, visit)
        if visit.role == "list":
            yield from self.follow_navigation(response.url, html, visit)

    def article(self, response: Response, visit: "Visit"):
        """A disclosure article: its attachments, or the article itself when its tables are inline."""
        html = response.text
        title = article_page.article_title(html) or visit.title
        date = visit.date or article_page.article_date(html)
        found = article_page.attachments(response.url, html)
        for attachment in found:
            yield self.document_request(attachment.url, response.url, title, date, attachment.text)
        if not found and article_page.has_inline_tables(html):
            yield self.item(response, referrer=None, title=title, date=date, link_text=title)

    def follow_disclosures(self, url: str, html: str, visit: "Visit"):
        """Disclosure articles (and attachments linked straight from a list), by their link text."""
        title_any, title_none = self.site.keywords if self.site else SiteConfig.default_keywords()
        for link in listing.article_links(url, html, title_any, title_none):
            if article_page.is_attachment_url(link.url):
                yield self.document_request(link.url, url, link.title, link.date, link.title)
            elif not is_trap(link.url, link.title):
                yield self.page_request(link.url, visit.to_article(link.title, link.date))

    def further_pages(self, response: Response, visit: "Visit"):
        """The list's other pages, of every pagination kind the site uses (all of them for an
        unknown portal), up to BUDGETKG_MAX_LIST_PAGES pages of one list."""
        kind = self.site.pagination if self.site else "auto"
        pages: list[tuple[int, str]] = []
        if kind in ("plain", "auto"):
            pages += [(visit.list_page + 1, url) for url in listing.plain_next_pages(response.url, response.text)]
        if kind in ("trs", "auto"):
            trs = listing.trs_pages(response.url, response.text, limit=self.max_list_pages + 1)
            pages += [(n + 1, url) for n, url in enumerate(trs)]
        for number, url in pages:
            if is_trap(url):
                continue
            if number > self.max_list_pages:
                self.cut("list_pages", url)
                continue
            yield self.page_request(url, visit.next_page(number))
        if kind in ("hanweb", "auto"):
            config = self.site.hanweb if self.site and kind == "hanweb" else None
            proxy = listing.hanweb_proxy(response.url, response.text, config)
            for number, (url, form) in enumerate(proxy.group_requests() if proxy else [], start=2):
                if number > self.max_list_pages:
                    self.cut("list_pages", url)
                    break
                yield FormRequest(url, formdata=form, callback=self.parse_page, errback=self.page_failed,
                                  priority=visit.priority, meta={"page": True},
                                  cb_kwargs={"visit": visit.next_page(number, role="list")})

    def follow_navigation(self, url: str, html: str, visit: "Visit"):
        """Links towards the disclosure columns (crawler/rules/navigation.toml), best first,
        up to BUDGETKG_MAX_DEPTH clicks from the start page."""
        for link in navigation_links(url, html, visit.rule):
            if visit.depth + 1 > self.max_depth:
                self.cut("depth", link.url)
                continue
            yield self.page_request(link.url, visit.to_navigation(link.rule, link.priority))

    def cut(self, budget: str, url: str) -> None:
        """A link not followed because a budget says so: counted once per URL for the report."""
        if url not in self.cut_urls:
            self.cut_urls.add(url)
            self.crawler.stats.inc_value(f"budgetkg/budget/{budget}")
            self.logger.info("not following %s: over the %s budget", url, budget)

    # ------------------------------------------------------------------ documents
    def document_request(self, url: str, referrer: str, title: str, date: str | None, link_text: str) -> Request:
        if url not in self.documents_found and self.on_allowed_host(url):
            self.documents_found.add(url)
            self.crawler.stats.inc_value("budgetkg/found/documents")
        return Request(url, callback=self.parse_document, errback=self.document_failed, priority=DOCUMENT_PRIORITY,
                       headers={"Referer": referrer},
                       meta={"document": True, "handle_httpstatus_list": DOCUMENT_STATUSES},
                       cb_kwargs={"referrer": referrer, "title": title, "date": date, "link_text": link_text})

    def parse_document(self, response: Response, referrer: str, title: str, date: str | None, link_text: str):
        """A document's bytes, as one item.

        @file graph/demo/documents/huailai-2024-budget.docx
        @cb_kwargs {"referrer": "http://127.0.0.1/xxgk/yjsgk/2024/art_301.html", "title": "怀来县医疗保险中心2024年部门预算信息公开", "date": "2024-02-20", "link_text": "怀来县医疗保险中心2024年部门预算.docx"}
        @returns items 1 1
        @returns requests 0 0
        @scrapes source http_status
        """
        yield self.item(response, referrer, title, date, link_text)

    def item(self, response: Response, referrer: str | None, title: str, date: str | None, link_text: str) -> DocumentItem:
        ok = response.status < 300
        source = DocumentSource(response.url, site=self.site_name, referrer=referrer, article_title=title,
                                article_date=date, etag=_header(response, b"ETag"),
                                last_modified=_header(response, b"Last-Modified"))
        return DocumentItem(source, http_status=response.status, body=response.body if ok else None,
                            link_text=link_text, content_disposition=_header(response, b"Content-Disposition"))

    # ------------------------------------------------------------------ failed downloads
    def document_failed(self, failure: Failure):
        """A document that could not be downloaded (over the size cap, timed out, unreachable)
        is still an item: the index and the report list it, and the next crawl asks again."""
        reason = fetch_failure(failure)
        if reason is None:
            return
        request = failure.request
        kwargs = request.cb_kwargs
        source = DocumentSource(request.url, site=self.site_name, referrer=kwargs.get("referrer"),
                                article_title=kwargs.get("title"), article_date=kwargs.get("date"),
                                status=reason[0], error=reason[1])
        yield DocumentItem(source, http_status=0, link_text=kwargs.get("link_text", ""))

    def page_failed(self, failure: Failure):
        reason = fetch_failure(failure)
        if reason is not None:
            self.crawler.stats.inc_value(f"budgetkg/pages_failed/{reason[0]}")
            self.document_index.record_unfetched(self.site_name, failure.request.url, f"{reason[0]}: {reason[1]}",
                                                 utc_now())

    def on_allowed_host(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return not self.allowed_domains or any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    @property
    def site_name(self) -> str:
        return self.site.name if self.site else "unnamed"


@dataclass(frozen=True)
class Visit:
    """How the crawl reached a page: as a list or navigation page, or as a disclosure article;
    through which navigation rule; how many navigation clicks from the start page; which page
    of a paginated list."""

    role: str = "list"  # list | article
    rule: str | None = None
    depth: int = 0
    list_page: int = 1
    priority: int = 0
    title: str = ""
    date: str | None = None

    def to_article(self, title: str, date: str | None) -> "Visit":
        return Visit("article", self.rule, self.depth, 1, ARTICLE_PRIORITY, title, date)

    def to_navigation(self, rule: str, priority: int) -> "Visit":
        return Visit("list", rule, self.depth + 1, 1, priority)

    def next_page(self, number: int, role: str | None = None) -> "Visit":
        return replace(self, role=role or self.role, list_page=number)


def fetch_failure(failure: Failure) -> tuple[str, str] | None:
    """(status, message) of a failed download, or None for requests refused on purpose
    (robots.txt, off-host, anti-bot answers, budgets: each reported where it is decided)."""
    if failure.check(IgnoreRequest):
        return None
    if failure.check(DownloadTimeoutError, TwistedTimeoutError, TCPTimedOutError):
        return "timeout", f"timed out: {failure.getErrorMessage()}"
    if failure.check(DownloadCancelledError, CancelledError) and "max size" in failure.getErrorMessage():
        return "too-large", f"over the size cap: {failure.getErrorMessage()}"
    return "unreachable", f"{failure.type.__name__}: {failure.getErrorMessage()}"


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
