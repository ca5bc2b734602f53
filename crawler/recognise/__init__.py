"""Decide a table's kind from its title and header text — never its position — by the rules
in ``crawler/rules/table_kinds.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..read.model import Table
from ..read.text import squash
from ..rules import read_toml

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "table_kinds.toml"
GENERIC = "generic"


@dataclass(frozen=True)
class KindRule:
    name: str
    label: str
    title_any: tuple[str, ...] = ()
    title_none: tuple[str, ...] = ()
    header_all: tuple[str, ...] = ()
    extractor: str | None = None  # dotted path of the kind's extractor

    def matches_title(self, title: str) -> bool:
        return any(w in title for w in self.title_any) and not any(w in title for w in self.title_none)

    def matches_header(self, header: str) -> bool:
        return bool(self.header_all) and all(w in header for w in self.header_all)


@lru_cache(maxsize=None)
def load_rules(path: Path = RULES_FILE) -> tuple[KindRule, ...]:
    data = read_toml(path)
    return tuple(
        KindRule(
            name=k["name"],
            label=k["label"],
            title_any=tuple(squash(w) for w in k.get("title_any", ())),
            title_none=tuple(squash(w) for w in k.get("title_none", ())),
            header_all=tuple(squash(w) for w in k.get("header_all", ())),
            extractor=k.get("extractor"),
        )
        for k in data["kind"]
    )


def header_text(table: Table, rows: int = 6) -> str:
    """The text a reader sees at the top of a table: header rows, or the first rows when the
    table has no clear header (KPI forms)."""
    top = table.header if table.header_rows else table.rows[:rows]
    return squash("".join("".join(r) for r in top))


def recognise(table: Table, rules: tuple[KindRule, ...] | None = None) -> str:
    """Return the kind name of ``table`` (``generic`` when no rule holds)."""
    rules = rules or load_rules()
    title = squash(table.title).replace('"', "“")
    if title:
        for rule in rules:
            if rule.matches_title(title):
                return rule.name
    header = header_text(table, rows=12)
    for rule in rules:
        if rule.matches_header(header):
            return rule.name
    return GENERIC
