"""Reading printed numbers: amounts (``7,895.93``, blank = zero), amount units
(``单位：元``), KPI targets (``≤30工作日`` → ≤, 30, 工作日)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from ..read.text import squash
from ..rules import read_toml

VALUES_FILE = Path(__file__).resolve().parent.parent / "rules" / "values.toml"
_NUMBER = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@lru_cache(maxsize=None)
def rules() -> dict:
    return read_toml(VALUES_FILE)


def parse_amount(text: str | None) -> Decimal | None:
    """``7,895.93`` → Decimal('7895.93'); blank, ``-`` and text → None."""
    if text is None:
        return None
    s = squash(text).replace("−", "-").replace("，", ",")
    if not s or not _NUMBER.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def amount_factor(captions: list[str]) -> tuple[Decimal, str]:
    """The factor from a table's printed unit to 万元, and that unit (default 万元)."""
    units = rules()["amount_units"]
    for caption in captions:
        m = re.search(r"(?:金额)?单位[:：]\s*(万元|千元|亿元|元)", squash(caption))
        if m:
            return Decimal(units[m.group(1)]), m.group(1)
    return Decimal(1), "万元"


@dataclass(frozen=True)
class Target:
    """A KPI target as printed and as understood."""

    text: str
    operator: str | None
    value: Decimal | None
    unit: str | None


def parse_target(text: str) -> Target:
    """``≥95%`` → (≥, 95, %); ``≤5766196.95`` → (≤, 5766196.95, None); ``有所提升`` → text only.
    A number followed by anything but a known unit is qualitative (``2023年全年``)."""
    # PDF text layers put spaces between a number and its CJK unit (``≥4 个``)
    printed = squash(text or "")
    s = printed
    ops = rules()["operators"]
    operator = None
    for word in sorted(ops, key=len, reverse=True):
        if s.startswith(word):
            operator = ops[word]
            s = s[len(word):]
            break
    m = re.match(r"^(\d+(?:,\d{3})*(?:\.\d+)?)(.*)$", s)
    if not m:
        return Target(printed, None, None, None)
    unit = m.group(2) or None
    if unit is not None and unit not in rules()["kpi_units"]:
        return Target(printed, None, None, None)
    return Target(printed, operator, Decimal(m.group(1).replace(",", "")), unit)


def three_public_item(label: str) -> str | None:
    """The 三公 item a label names (rules/values.toml), or None."""
    s = squash(label).replace('"', "“").replace("”", "“")
    s = re.sub(r"^([一二三四五六七八九十]+、|\(?[一二三四五六七八九十\d]+\)|（[一二三四五六七八九十\d]+）|\d+[.、．])", "", s)
    s = re.sub(r"^其中[:：]?", "", s)
    s = re.sub(r"^([一二三四五六七八九十]+、|\(?[一二三四五六七八九十\d]+\)|（[一二三四五六七八九十\d]+）|\d+[.、．])", "", s)
    exact = rules()["three_public_items"].get(s)
    if exact or s in ("合计", "小计", "总计"):
        return exact
    for rule in rules()["three_public_rule"]:
        if (all(w in s for w in rule.get("all", ())) and any(w in s for w in rule.get("any", ()))
                and not any(w in s for w in rule.get("none", ()))):
            return rule["item"]
    return None


def level1_for(level2: str) -> str | None:
    return rules()["kpi_level1_of_level2"].get(squash(level2))
