"""The hierarchy of classification codes: 支出功能分类 类 (3 digits) → 款 (5) → 项 (7), and
部门 / 政府经济分类 类 (3) → 款 (5). A code's parent is its prefix."""

from __future__ import annotations

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
