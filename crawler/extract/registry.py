"""Table kind → the function that extracts it, as ``crawler/rules/table_kinds.toml`` names it
(by dotted path, the way Scrapy names pipelines): adding a kind is a line of data."""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from typing import Callable

from ..read.model import Table
from ..recognise import load_rules
from .context import TableContext
from .records import TableRecords

Extractor = Callable[[Table, TableContext], TableRecords]


def load_object(path: str) -> object:
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


@lru_cache(maxsize=None)
def extractor_for(kind: str) -> Extractor | None:
    path = next((r.extractor for r in load_rules() if r.name == kind and r.extractor), None)
    return load_object(path) if path else None  # type: ignore[return-value]
