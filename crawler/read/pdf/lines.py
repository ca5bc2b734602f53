"""Characters → text lines: characters whose vertical centres fall within one another's
height are a line; within a line, a gap wider than a quarter of the characters' height is a
space."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .objects import Char

SPACE_GAP = 0.25


@dataclass
class Line:
    chars: list[Char]

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        out: list[str] = []
        previous: Char | None = None
        for c in self.chars:
            if previous is not None and c.x0 - previous.x1 > SPACE_GAP * max(c.height, previous.height):
                out.append(" ")
            out.append(c.text)
            previous = c
        return "".join(out)


def text_lines(chars: Iterable[Char]) -> list[Line]:
    """Lines in reading order (top to bottom, characters left to right)."""
    ordered = sorted(chars, key=lambda c: c.yc)
    lines: list[Line] = []
    band_top = band_bottom = 0.0
    current: list[Char] = []
    for c in ordered:
        if current and band_top <= c.yc <= band_bottom:
            current.append(c)
            # a line's band is its first characters' extent, so that a taller glyph cannot
            # swallow the next line
            continue
        if current:
            lines.append(Line(sorted(current, key=lambda ch: ch.x0)))
        current = [c]
        half = max(c.height, 1.0) / 2
        band_top, band_bottom = c.yc - half * 0.8, c.yc + half * 0.8
    if current:
        lines.append(Line(sorted(current, key=lambda ch: ch.x0)))
    return lines
