"""What the spider hands to the pipelines: one document met by the crawl (downloaded, confirmed
unchanged, or failed), its provenance and what the response said about it. What leaves the
pipelines (``scrapy crawl disclosure -O items.jsonl``) is metadata only: the files pipeline
stores the body and drops it."""

from __future__ import annotations

from dataclasses import dataclass

from .provenance import DocumentSource


@dataclass
class DocumentItem:
    source: DocumentSource
    http_status: int  # 0 when the download failed (source.status says why)
    body: bytes | None = None  # None when the server answered 304; the files pipeline stores it and drops it
    link_text: str = ""
    content_disposition: str | None = None  # the header as sent (bytes read as latin-1)
