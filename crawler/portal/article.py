"""Article pages: their title and date, their attachments, and whether the article itself is
the document (tables inline, no attachment)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from ..rules import rules
from .listing import _compact, _date_near


@dataclass(frozen=True)
class Attachment:
    url: str
    text: str  # the link text: the file's name when the URL has none (download.jsp?id=…)


def is_attachment_url(url: str) -> bool:
    links = rules("disclosure_links")
    path = urlsplit(url).path.lower()
    return path.endswith(tuple(links["attachment_suffixes"])) or any(p.lower() in url.lower() for p in links["download_patterns"])


def attachments(url: str, html: str) -> list[Attachment]:
    out, seen = [], set()
    for a in Selector(text=html).css("a[href]"):
        target = urljoin(url, a.attrib["href"].strip())
        if target in seen or not is_attachment_url(target):
            continue
        seen.add(target)
        out.append(Attachment(target, _compact(" ".join(a.css("::text").getall())) or a.attrib.get("title", "")))
    return out


def article_title(html: str) -> str:
    sel = Selector(text=html)
    for query in ("meta[name=ArticleTitle]::attr(content)", "h1 ::text", ".title ::text", "title::text"):
        text = _compact(" ".join(sel.css(query).getall()))
        if text:
            return text
    return ""


def article_date(html: str) -> str | None:
    sel = Selector(text=html)
    published = sel.css("meta[name=PubDate]::attr(content)").get()
    return _date_near(published or " ".join(sel.css("body ::text").getall())[:4000])


def has_inline_tables(html: str) -> bool:
    """An article whose tables are the disclosure: a table with several rows of numbers."""
    for table in Selector(text=html).css("table"):
        numeric = sum(1 for row in table.css("tr") if re.search(r"\d+\.\d{2}", " ".join(row.css("::text").getall())))
        if numeric >= 3:
            return True
    return False
