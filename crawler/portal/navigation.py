"""Navigation links of a portal: the links that lead from a home page towards the disclosure
columns (政府信息公开 → 法定主动公开内容 → 财政信息 → 部门预决算, department sub-sites …), by
the rules of ``crawler/rules/navigation.toml``, best first; and the links no crawl follows
(calendars, search results, print views, session IDs: ``crawler/rules/traps.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from parsel import Selector

from ..rules import rules
from .listing import _compact


@dataclass(frozen=True)
class NavRule:
    name: str
    priority: int
    text_any: tuple[str, ...] = ()
    text_pattern: re.Pattern | None = None
    after: tuple[str, ...] = ()  # only on pages reached through one of these rules

    def matches(self, text: str, reached_by: str | None) -> bool:
        if self.after and reached_by not in self.after:
            return False
        return any(k in text for k in self.text_any) or bool(self.text_pattern and self.text_pattern.search(text))


@dataclass(frozen=True)
class NavLink:
    url: str
    text: str
    rule: str
    priority: int


@lru_cache(maxsize=1)
def nav_rules() -> tuple[NavRule, ...]:
    return tuple(NavRule(r["name"], r["priority"], tuple(r.get("text_any", ())),
                         re.compile(r["text_pattern"]) if r.get("text_pattern") else None, tuple(r.get("after", ())))
                 for r in rules("navigation")["nav"])


@lru_cache(maxsize=1)
def _trap_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in rules("traps")["url_patterns"])


def is_trap(url: str, text: str = "") -> bool:
    """A link no crawl follows as a page."""
    text = _compact(text)
    return any(p.search(url) for p in _trap_patterns()) or any(t == text or (t in text and len(text) <= len(t) + 2)
                                                                for t in rules("traps")["text_any"])


def is_column_name(text: str) -> bool:
    """Short, and none of the words of announcements and reports."""
    nav = rules("navigation")
    return 0 < len(text) <= nav["max_length"] and not any(k in text for k in nav["text_none"])


def link_text(a: Selector) -> str:
    return _compact(a.attrib.get("title") or " ".join(a.css("::text").getall()))


def navigation_links(url: str, html: str, reached_by: str | None = None) -> list[NavLink]:
    """Links of a page that the navigation rules follow, best first (each URL once, under the
    best rule that names it)."""
    best: dict[str, NavLink] = {}
    for a in Selector(text=html).css("a[href]"):
        href = a.attrib["href"].strip()
        if not href or href.startswith("#"):
            continue
        text, target = link_text(a), urljoin(url, href).split("#", 1)[0]
        if not is_column_name(text) or is_trap(target, text):
            continue
        rule = next((r for r in nav_rules() if r.matches(text, reached_by)), None)
        if rule and (target not in best or best[target].priority < rule.priority):
            best[target] = NavLink(target, text, rule.name, rule.priority)
    return sorted(best.values(), key=lambda link: -link.priority)
