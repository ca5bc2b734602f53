"""List pages: disclosure article links and the further list pages (plain links, TRS WCM's
``createPageHTML`` script, Hanweb's ``dataproxy.jsp`` record groups)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from ..rules import rules

_TRS_PAGER = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")
_HANWEB_PROXY = re.compile(r"""(/module/web/jpage/dataproxy\.jsp\?[^"'<>\s\]]*)""")
_HANWEB_TOTAL = re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d+)", re.I)
_HANWEB_PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.I)
_DATE = re.compile(r"(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


@dataclass(frozen=True)
class ArticleLink:
    url: str
    title: str
    date: str | None = None


def _compact(text: str) -> str:
    return "".join(text.split())


def is_disclosure_title(title: str, title_any: tuple[str, ...], title_none: tuple[str, ...]) -> bool:
    text = _compact(title)
    return any(k in text for k in title_any) and not any(k in text for k in title_none)


def _date_near(text: str) -> str | None:
    m = _DATE.search(text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def article_links(url: str, html: str, title_any: tuple[str, ...], title_none: tuple[str, ...]) -> list[ArticleLink]:
    """Links to disclosure articles (or straight to attachments) on a list page, by their text
    or title attribute; the date printed beside a link is kept."""
    out, seen = [], set()
    for a in Selector(text=html).css("a[href]"):
        href = a.attrib["href"].strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        title = a.attrib.get("title") or " ".join(a.css("::text").getall())
        if not is_disclosure_title(title, title_any, title_none):
            continue
        target = urljoin(url, href)
        if target in seen:
            continue
        seen.add(target)
        around = " ".join(a.xpath("./ancestor::li[1]//text() | ./ancestor::tr[1]//text()").getall())
        out.append(ArticleLink(target, _compact(title), _date_near(around)))
    return out


def plain_next_pages(url: str, html: str) -> list[str]:
    texts = set(rules("disclosure_links")["next_page_text"])
    return [urljoin(url, a.attrib["href"]) for a in Selector(text=html).css("a[href]")
            if _compact(" ".join(a.css("::text").getall())) in texts and not a.attrib["href"].startswith("javascript:")]


def trs_pages(url: str, html: str, limit: int | None = None) -> list[str]:
    """TRS WCM lists write their pager with ``createPageHTML(total, current, "index", "html")``:
    the pages are index.html, index_1.html … index_{total-1}.html beside the current one (the
    first ``limit`` of them: a page may claim any total)."""
    m = _TRS_PAGER.search(html)
    if not m:
        return []
    total, prefix, ext = int(m.group(1)), m.group(3), m.group(4)
    total = min(total, limit) if limit else total
    return [urljoin(url, f"{prefix}.{ext}")] + [urljoin(url, f"{prefix}_{i}.{ext}") for i in range(1, total)]


@dataclass(frozen=True)
class HanwebProxy:
    """A Hanweb (大汉) column's record source: POST ``dataproxy.jsp`` with the column's
    parameters and ``startrecord``/``endrecord``/``perpage`` in the query string."""

    url: str
    params: dict
    total: int | None
    perpage: int

    def group_requests(self, group_size: int = 3) -> Iterator[tuple[str, dict]]:
        """(URL, form data) of each record group after the first (which the column page holds),
        lazily: a page may claim any total."""
        step = max(self.perpage, 1) * group_size
        total = self.total or step
        for start in range(1 + step, total + 1, step):
            yield (f"{self.url}?startrecord={start}&endrecord={min(start + step - 1, total)}&perpage={self.perpage}",
                   dict(self.params))


def hanweb_proxy(url: str, html: str, config: dict | None = None) -> HanwebProxy | None:
    m = _HANWEB_PROXY.search(html)
    if not m and not (config or {}).get("columnid"):
        return None
    params = dict(parse_qsl(urlsplit(m.group(1)).query)) if m else {}
    for key in ("startrecord", "endrecord", "perpage", "page"):
        params.pop(key, None)
    params.update({k: str(v) for k, v in (config or {}).items() if v and k != "perpage"})
    total = _HANWEB_TOTAL.search(html)
    perpage = _HANWEB_PERPAGE.search(html)
    return HanwebProxy(urljoin(url, "/module/web/jpage/dataproxy.jsp"), params, int(total.group(1)) if total else None,
                       int(perpage.group(1)) if perpage else int((config or {}).get("perpage", 15)))


def hanweb_records(xml: str) -> str:
    """The HTML of the records of a dataproxy answer or of a column page's embedded
    ``<script type="text/xml">`` datastore (each record is a CDATA fragment)."""
    return "\n".join(re.findall(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", xml, re.S))
