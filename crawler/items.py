"""What the spider hands to the pipeline: one downloaded (or confirmed unchanged) document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DocumentItem:
    url: str
    site: str
    http_status: int
    body: bytes | None = None  # None when the server answered 304 Not Modified
    referrer: str | None = None
    article_title: str | None = None
    article_date: str | None = None
    link_text: str = ""
    etag: str | None = None
    last_modified: str | None = None
    content_disposition: bytes | None = None
