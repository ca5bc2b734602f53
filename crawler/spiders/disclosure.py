"""The disclosure spider: list pages → disclosure articles → attachments (or the article itself
when its tables are inline). What a page says is read by the page objects in
``crawler.portal``; this module only decides what to request next."""

from __future__ import annotations

import time
from pathlib import Path

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import FormRequest, Request, Response

from ..document_index import DocumentIndex
from ..items import DocumentItem
from ..portal import article as article_page
from ..portal import listing
from ..provenance import DocumentSource
from ..site_config import SiteConfig, load_site

DOCUMENT_STATUSES = [304, 404, 403, 410, 500, 502, 503]


class DisclosureSpider(scrapy.Spider):
    name = "disclosure"

    def __init__(self, site: str | SiteConfig | None = None, start_url: str | None = None, base: str | None = None,
                 *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(site, SiteConfig):
            self.site = site
        elif site:
            self.site = load_site(site, base)
        elif start_url:
            self.site = SiteConfig.for_start_url(start_url)
        else:
            raise ValueError("give a site (-a site=NAME) or a start URL (-a start_url=URL)")
        self.allowed_domains = list(self.site.allowed_domains)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.document_index = DocumentIndex(Path(crawler.settings.get("BUDGETKG_STORE")) / "documents.sqlite")
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
        for url in self.site.start_urls:
            yield Request(url, callback=self.parse_list)

    # ------------------------------------------------------------------ list pages
    def parse_list(self, response: Response):
        yield from self.follow_links(response.url, response.text)
        kind = self.site.pagination
        if kind in ("plain", "auto"):
            for url in listing.plain_next_pages(response.url, response.text):
                yield Request(url, callback=self.parse_list)
        if kind in ("trs", "auto"):
            for url in listing.trs_pages(response.url, response.text):
                yield Request(url, callback=self.parse_list)
        if kind in ("hanweb", "auto"):
            records = listing.hanweb_records(response.text)
            if records:
                yield from self.follow_links(response.url, records)
            proxy = listing.hanweb_proxy(response.url, response.text, self.site.hanweb if kind == "hanweb" else None)
            if proxy:
                for url, form in proxy.group_requests():
                    yield FormRequest(url, formdata=form, callback=self.parse_hanweb_records)

    def parse_hanweb_records(self, response: Response):
        yield from self.follow_links(response.url, listing.hanweb_records(response.text))

    def follow_links(self, url: str, html: str):
        title_any, title_none = self.site.keywords
        for link in listing.article_links(url, html, title_any, title_none):
            if article_page.is_attachment_url(link.url):
                yield self.document_request(link.url, url, link.title, link.date, link.title)
            else:
                yield Request(link.url, callback=self.parse_article, cb_kwargs={"title": link.title, "date": link.date})

    # ------------------------------------------------------------------ articles and documents
    def parse_article(self, response: Response, title: str = "", date: str | None = None):
        html = response.text
        title = article_page.article_title(html) or title
        date = date or article_page.article_date(html)
        found = article_page.attachments(response.url, html)
        for attachment in found:
            yield self.document_request(attachment.url, response.url, title, date, attachment.text)
        if not found and article_page.has_inline_tables(html):
            yield self.item(response, referrer=None, title=title, date=date, link_text=title)

    def document_request(self, url: str, referrer: str, title: str, date: str | None, link_text: str) -> Request:
        return Request(url, callback=self.parse_document, headers={"Referer": referrer},
                       meta={"document": True, "handle_httpstatus_list": DOCUMENT_STATUSES},
                       cb_kwargs={"referrer": referrer, "title": title, "date": date, "link_text": link_text})

    def parse_document(self, response: Response, referrer: str, title: str, date: str | None, link_text: str):
        yield self.item(response, referrer, title, date, link_text)

    def item(self, response: Response, referrer: str | None, title: str, date: str | None, link_text: str) -> DocumentItem:
        ok = response.status < 300
        source = DocumentSource(response.url, site=self.site.name, referrer=referrer, article_title=title,
                                article_date=date, etag=_header(response, b"ETag"),
                                last_modified=_header(response, b"Last-Modified"))
        return DocumentItem(source, http_status=response.status, body=response.body if ok else None,
                            link_text=link_text, content_disposition=response.headers.get(b"Content-Disposition"))


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
