"""Knowledge kept as data: the TOML files beside this module (link rules, table kinds, values,
regions) and the site configs of ``crawler/sites/``, all read by one loader."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).resolve().parent


def read_toml(path: str | Path) -> dict:
    with open(path, "rb") as fh:  # TOML is UTF-8 by definition; tomllib reads bytes
        return tomllib.load(fh)


@lru_cache(maxsize=None)
def rules(name: str) -> dict:
    """``crawler/rules/NAME.toml``, read once per process."""
    return read_toml(RULES / f"{name}.toml")
