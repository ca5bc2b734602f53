"""Cell and line text normalisation shared by all readers."""

from __future__ import annotations

import re

_CJK_OR_DIGIT = r"[\u3000-\u9fff\uff00-\uffef0-9（）()、．.%％]"
_WRAP = re.compile(rf"(?<={_CJK_OR_DIGIT})\s*\n\s*(?={_CJK_OR_DIGIT})")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# page numbers and running heads that sit between a table and its continuation: 3, - 3 -, 第3页, 3/12, 第3页共12页
_PAGE_FURNITURE = re.compile(r"[-—\s]*(第\s*)?\d+\s*(页)?([/／共]\s*\d+\s*页?)?[-—\s]*")


def clean_cell(text: object) -> str:
    """Join lines a narrow column wrapped (``工资福利支\\n出`` → ``工资福利支出``,
    ``41082524000\\n0000004019`` → one code); other line breaks become spaces."""
    if text is None:
        return ""
    s = str(text).replace("\r", "\n")
    s = _WRAP.sub("", s)
    s = s.replace("\n", " ")
    return _SPACES.sub(" ", s).strip()


def is_page_furniture(text: str) -> bool:
    return bool(_PAGE_FURNITURE.fullmatch(text))


def squash(text: str) -> str:
    """Text with all white space removed, for matching labels (``项  目`` = ``项目``)."""
    return re.sub(r"\s+", "", text or "")

