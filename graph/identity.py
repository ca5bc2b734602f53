"""One identity per budget unit across documents, years and phases: the key of a unit inside
its region is the unit code it prints or, when it prints none, its normalised name. The
rules (normalisation, aliases, 本级 vs 部门) are data: ``ontology/unit-identity.toml``."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from crawler.extract.document_info import counties

RULES_FILE = Path(__file__).resolve().parent.parent / "ontology" / "unit-identity.toml"


@dataclass(frozen=True)
class UnitKey:
    """What a unit is known by inside its region: its code, else its normalised name."""

    code: str | None
    name: str

    @property
    def segment(self) -> str:
        return self.code or self.name


@dataclass
class IdentityRules:
    drop: tuple[str, ...] = ()
    strip_region_prefix: bool = True
    own_office_suffixes: tuple[str, ...] = ()
    own_office_canonical: str = "本级"
    aliases: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)  # (region, name) → (canonical, code)

    @classmethod
    def from_toml(cls, text: str) -> "IdentityRules":
        data = tomllib.loads(text)
        normalise, own = data.get("normalise", {}), data.get("own_office", {})
        rules = cls(drop=tuple(normalise.get("drop", ())), strip_region_prefix=normalise.get("strip_region_prefix", True),
                    own_office_suffixes=tuple(sorted(own.get("suffixes", ()), key=len, reverse=True)),
                    own_office_canonical=own.get("canonical", "本级"))
        for alias in data.get("alias", []):
            for name in alias["names"] + [alias["canonical"]]:
                rules.aliases[(alias["region"], rules._fold(name))] = (alias["canonical"], alias.get("code"))
        return rules

    def _fold(self, name: str) -> str:
        text = unicodedata.normalize("NFKC", name)
        for ch in self.drop:
            text = text.replace(ch, "")
        return text

    def normalised_name(self, name: str, region_name: str | None = None) -> str:
        """医疗保障局 for 内乡县医疗保障局, 内乡医疗保障局 and ＂内乡县 医疗保障局＂ in 内乡县;
        every 本级 spelling (机关本级, （本级）) as one."""
        text = self._fold(name)
        if self.strip_region_prefix:
            for prefix in _region_prefixes(region_name):
                if text.startswith(prefix) and len(text) > len(prefix):
                    text = text[len(prefix):]
                    break
        for suffix in self.own_office_suffixes:
            folded = self._fold(suffix)
            if text.endswith(folded) and len(text) > len(folded):
                return text[: -len(folded)] + self.own_office_canonical
        return text

    def department_of(self, name: str, region_name: str | None = None) -> str | None:
        """The department (部门) whose own office (本级) the unit is, by name; None if it is not one."""
        key = self.normalised_name(name, region_name)
        if key.endswith(self.own_office_canonical) and len(key) > len(self.own_office_canonical):
            return key[: -len(self.own_office_canonical)]
        return None

    def unit_key(self, region_code: str | None, region_name: str | None, unit_code: str | None, unit_name: str) -> UnitKey:
        name = self.normalised_name(unit_name or "", region_name)
        alias = self.aliases.get((region_code or "", self._fold(unit_name or "")))
        if alias:
            canonical, code = alias
            name = self.normalised_name(canonical, region_name)
            unit_code = unit_code or code
        return UnitKey(unit_code.strip() if unit_code else None, name)


def _region_prefixes(region_name: str | None) -> list[str]:
    """The county's full and short names (温县 has no shorter one), longest first."""
    if not region_name:
        return []
    names = {region_name}
    for county in counties():
        if county["name"] == region_name:
            names.add(county["short"])
    return sorted(names, key=len, reverse=True)


@lru_cache(maxsize=1)
def identity_rules() -> IdentityRules:
    return IdentityRules.from_toml(RULES_FILE.read_text(encoding="utf-8"))
