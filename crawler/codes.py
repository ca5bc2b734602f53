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


FUNCTIONAL_NAMES = OFFICIAL_HEADS.parent / "functional-names.tsv"


@lru_cache(maxsize=None)
def functional_names() -> dict[str, set[str]]:
    """name → the functional codes printed with it (``budgetkg codelists`` writes the file from
    tables whose arithmetic holds; official heads and their earlier names included)."""
    out: dict[str, set[str]] = {}
    if FUNCTIONAL_NAMES.exists():
        for line in FUNCTIONAL_NAMES.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                code, name, _ = line.split("\t")
                out.setdefault(name, set()).add(code)
    heads = official_heads()
    for code, name in heads.get("functional", {}).items():
        out.setdefault(name, set()).add(code)
    for name, code in heads.get("functional-alias", {}).items():
        out.setdefault(name, set()).add(code)
    return out


def code_for_name(name: str, parent: str | None = None, length: int | None = None) -> str | None:
    """The functional code a name stands for, under ``parent`` (a 类 or 款 code) and of
    ``length`` (3, 5, 7) where given — only where that is unambiguous."""
    name = re.sub(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|其中[:：]?)+", "", name)
    name = re.sub(r"[(（][类款项][)）]$", "", name).strip()
    names = functional_names()
    # the same 科目 is printed with and without its trailing 支出
    candidates = names.get(name, set()) | names.get(name + "支出", set()) | names.get(name.removesuffix("支出"), set())
    if length == 3 and not candidates:
        found = class_code(name)
        candidates = {found} if found else set()
    candidates = {c for c in candidates if (parent is None or (c.startswith(parent) and len(c) > len(parent)))
                  and (length is None or len(c) == length)}
    if parent is not None:
        candidates = {c for c in candidates if len(c) == {3: 5, 5: 7}.get(len(parent), 0)}
    return candidates.pop() if len(candidates) == 1 else None
