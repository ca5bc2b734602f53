"""Downloader middlewares for real government portals."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse

from .charsets import decode_text
from .portal.responses import blocked_by
from .provenance import utc_now


class _CrawlerAware:
    """Keeps the crawler: Scrapy ≥ 2.14 may call middleware methods without the spider."""

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls()
        middleware.crawler = crawler
        return middleware


class AntiBotMiddleware(_CrawlerAware):
    """Anti-bot answers (HTTP 412 with a ``$_ts`` script, 521 with a ``__jsl_clearance`` cookie
    script) are not documents: counted and reported per site as blocked, never parsed."""

    def process_response(self, request, response, spider=None):
        spider = self.crawler.spider
        kind = blocked_by(response.status, response.body)
        if kind is None:
            return response
        spider.crawler.stats.inc_value(f"budgetkg/blocked/{kind}")
        spider.logger.warning("blocked by %s at %s", kind, request.url)
        spider.document_index.record_blocked(spider.site.name, request.url, kind, utc_now())
        raise IgnoreRequest(f"{kind} anti-bot answer at {request.url}")


class DeclaredCharsetMiddleware(_CrawlerAware):
    """A page whose HTTP header says UTF-8 but whose bytes are GBK (common on portals behind a
    misconfigured proxy) is decoded from its bytes instead."""

    def process_response(self, request, response, spider=None):
        spider = self.crawler.spider
        if not isinstance(response, TextResponse) or response.encoding.lower().replace("-", "") not in ("utf8",):
            return response
        _, encoding = decode_text(response.body, declared="utf-8")
        if encoding == "utf-8":
            return response
        spider.crawler.stats.inc_value("budgetkg/charset_fixed")
        return response.replace(encoding=encoding)


class ConditionalRequestMiddleware(_CrawlerAware):
    """Documents fetched before are asked for with If-None-Match / If-Modified-Since, so an
    unchanged document costs a 304 and no bytes."""

    def process_request(self, request, spider=None):
        if not request.meta.get("document"):
            return None
        spider = self.crawler.spider
        known = spider.document_index.get(request.url)
        if known is None or not known.sha256 or known.status in ("failed", "stored"):
            return None
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode("latin-1"))
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode("latin-1"))
        return None
