"""What the spider hands to the pipelines: one downloaded (or confirmed unchanged) document,
its provenance and what the response said about it."""

from __future__ import annotations

from dataclasses import dataclass

from .provenance import DocumentSource


@dataclass
class DocumentItem:
    source: DocumentSource
    http_status: int
    body: bytes | None = None  # None when the server answered 304; the files pipeline stores it and drops it
    link_text: str = ""
    content_disposition: bytes | None = None
