"""Named queries (``queries/NAME.rq``), their parameters and their results: SPARQL 1.1 Query
Results JSON in, typed Python values or table/CSV/JSON text out. The queries the code sends
itself are in ``queries/internal/`` (not named queries: they answer the code, not analysts)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

QUERIES = Path(__file__).resolve().parent.parent / "queries"
INTERNAL = QUERIES / "internal"
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_DECIMAL_TYPES = {XSD + t for t in ("decimal", "double", "float")}


class QueryError(ValueError):
    pass


def named_queries() -> dict[str, Path]:
    return {p.stem: p for p in sorted(QUERIES.glob("*.rq"))}


def query_text(name: str | None = None, file: str | None = None, text: str | None = None) -> str:
    if text:
        return text
    if file:
        return Path(file).read_text(encoding="utf-8")
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; known: {', '.join(queries)}")
    return queries[name].read_text(encoding="utf-8")


def bind_parameters(sparql: str, bindings: dict[str, str], iris: bool = False) -> str:
    """A parameterised query declares its defaults as ``VALUES ?name { "default" }``; each
    binding replaces that block's values (as a string literal, or an IRI)."""
    for name, value in bindings.items():
        pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}")
        if not pattern.search(sparql):
            raise QueryError(f"the query has no parameter ?{name} (no 'VALUES ?{name} {{ … }}' block)")
        term = f"<{value}>" if iris else json.dumps(value, ensure_ascii=False)
        sparql = pattern.sub(lambda _: f"VALUES ?{name} {{ {term} }}", sparql)
    return sparql


def internal_query(name: str, **iris: str) -> str:
    """``queries/internal/NAME.rq`` with its IRI parameters bound."""
    return bind_parameters((INTERNAL / f"{name}.rq").read_text(encoding="utf-8"), iris, iris=True)


def typed_value(term: dict | None):
    """A SPARQL JSON term → int, Decimal, or str (IRIs and other literals)."""
    if term is None:
        return None
    value, datatype = term["value"], term.get("datatype")
    if datatype in _INTEGER_TYPES:
        return int(value)
    if datatype in _DECIMAL_TYPES:
        return Decimal(value)
    if datatype == XSD + "boolean":
        return value == "true"
    return value


def rows_of(results: dict) -> list[dict]:
    """Solutions as dicts of typed values; variables a solution leaves unbound map to None."""
    names = results.get("head", {}).get("vars", [])
    return [{n: typed_value(b.get(n)) for n in names} for b in results["results"]["bindings"]]


def format_results(results: dict, fmt: str) -> str:
    if "boolean" in results:
        return json.dumps(results) if fmt == "json" else str(results["boolean"]).lower()
    if fmt == "json":
        return json.dumps(results, ensure_ascii=False, indent=1)
    names = results["head"]["vars"]
    cells = [[b[n]["value"] if n in b else "" for n in names] for b in results["results"]["bindings"]]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(cells)
        return out.getvalue()
    if fmt == "table":
        widths = [max([_width(n)] + [_width(c[i]) for c in cells]) for i, n in enumerate(names)]
        lines = [" | ".join(_pad(n, w) for n, w in zip(names, widths))]
        lines.append("-+-".join("-" * w for w in widths))
        lines += [" | ".join(_pad(v, w) for v, w in zip(row, widths)) for row in cells]
        lines.append(f"({len(cells)} rows)")
        return "\n".join(lines)
    raise QueryError(f"unknown result format {fmt!r}")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
