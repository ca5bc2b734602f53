"""Site configs (``crawler/sites/NAME.toml``) and the shared link rules
(``crawler/rules/disclosure_links.toml``): what to crawl and how its lists paginate, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .rules import read_toml, rules

SITES = Path(__file__).resolve().parent / "sites"
PAGINATIONS = ("plain", "trs", "hanweb", "auto")


@dataclass(frozen=True)
class SiteConfig:
    name: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    pagination: str = "auto"
    title_any: tuple[str, ...] = ()
    title_none: tuple[str, ...] = ()
    hanweb: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.pagination not in PAGINATIONS:
            raise ValueError(f"site {self.name}: pagination must be one of {PAGINATIONS}, not {self.pagination!r}")

    @property
    def keywords(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(any of, none of): the words of a disclosure's title, this site's or everyone's."""
        title_any, title_none = self.default_keywords()
        return self.title_any or title_any, self.title_none or title_none

    @staticmethod
    def default_keywords() -> tuple[tuple[str, ...], tuple[str, ...]]:
        links = rules("disclosure_links")
        return tuple(links["title_any"]), tuple(links["title_none"])

    @classmethod
    def from_dict(cls, data: dict, base: str | None = None) -> "SiteConfig":
        """A site config file's content; ``{base}`` in URLs stands for a base URL given at run
        time (fixture portals)."""
        urls = tuple(u.replace("{base}", base or "") for u in data["start_urls"])
        domains = tuple(data.get("allowed_domains") or {urlsplit(u).hostname for u in urls})
        return cls(name=data["name"], start_urls=urls, allowed_domains=domains, pagination=data.get("pagination", "auto"),
                   title_any=tuple(data.get("title_any", ())), title_none=tuple(data.get("title_none", ())),
                   hanweb=data.get("hanweb", {}))

    @classmethod
    def for_start_url(cls, url: str) -> "SiteConfig":
        """Generic mode: an unknown portal from one URL (its home page, or a column), bounded to
        its host; named by host and port, so several portals of one host crawl side by side."""
        parts = urlsplit(url)
        return cls(name=parts.netloc or "site", start_urls=(url,), allowed_domains=(parts.hostname or "",),
                   pagination="auto")


def load_site(name_or_path: str, base: str | None = None) -> SiteConfig:
    path = Path(name_or_path)
    if not path.suffix:
        path = SITES / f"{name_or_path}.toml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in SITES.glob("*.toml")))
        raise ValueError(f"no site config {name_or_path!r} (known: {known})")
    return SiteConfig.from_dict(read_toml(path), base)
