"""The hierarchy of classification codes: 支出功能分类 类 (3 digits) → 款 (5) → 项 (7), and
部门 / 政府经济分类 类 (3) → 款 (5). A code's parent is its prefix."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

LEVELS = {3: "类", 5: "款", 7: "项"}
# scheme → code length → parent's length
_PARENT_LENGTH = {
    "functional": {5: 3, 7: 5},
    "economic": {5: 3},
    "gov-economic": {5: 3},
}


def parent_code(scheme: str, code: str) -> str | None:
    """The code one level up in ``scheme`` (functional, economic, gov-economic), or None."""
    length = _PARENT_LENGTH.get(scheme, {}).get(len(code))
    return code[:length] if length else None


# the heads (类) of the classifications, as the official 政府收支分类科目 names them: data kept
# with the code lists, so a table or a sentence that prints names only finds its codes
OFFICIAL_HEADS = Path(__file__).resolve().parent.parent / "ontology" / "codelists" / "official-heads.tsv"


@lru_cache(maxsize=None)
def official_heads() -> dict[str, dict[str, str]]:
    """scheme → code → official name."""
    heads: dict[str, dict[str, str]] = {}
    if not OFFICIAL_HEADS.exists():
        return heads
    for line in OFFICIAL_HEADS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            scheme, code, name = line.split("\t")
            if scheme.endswith("-alias"):
                heads.setdefault(scheme, {})[name] = code  # several old names may share a code
            else:
                heads.setdefault(scheme, {})[code] = name
    return heads


def class_code(label: str) -> str | None:
    """The 类 code of a functional class named without its code (``九、卫生健康支出``,
    ``一般公共服务（类）``): the official name it is, or the one it begins (支出 left off)."""
    name = re.sub(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])+", "", label)
    name = re.sub(r"[(（]类[)）]$", "", name)
    if len(name) < 2:
        return None
    heads = official_heads()
    names = list(heads.get("functional", {}).items()) + [(code, old) for old, code in heads.get("functional-alias", {}).items()]
    exact = [code for code, official in names if official == name]
    if exact:
        return exact[0]
    prefixed = {code for code, official in names if official == name + "支出"}
    return prefixed.pop() if len(prefixed) == 1 else None
