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


# the prefixes every query may use without declaring them (``budgetkg prefixes`` prints them)
PREFIXES = {
    "bgt": "https://w3id.org/budgetkg/def#",
    "code": "https://w3id.org/budgetkg/code/",
    "id": "https://w3id.org/budgetkg/id/",
    "qb": "http://purl.org/linked-data/cube#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class QueryError(ValueError):
    pass


def prologue() -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


_PREFIXED_NAME = re.compile(r"(?<![\w.\-<\"'#:])([A-Za-z][\w.-]*)?:(?=[\w\u00c0-\U000effff])")


def _declared_prefixes(sparql: str) -> set[str]:
    return set(re.findall(r"PREFIX\s+([\w.-]*):", sparql, flags=re.IGNORECASE))


def with_default_prefixes(sparql: str) -> str:
    """The query with PREFIX lines for the known prefixes it uses but does not declare (sent
    as text, so it works on any SPARQL server too)."""
    declared = _declared_prefixes(sparql)
    used = set(_PREFIXED_NAME.findall(sparql))
    missing = [name for name in PREFIXES if name not in declared and name in used]
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in missing) + sparql


def explain_syntax_error(sparql: str, message: str) -> str:
    """Oxigraph's parse error (``error at 1:26: expected one of …`` with pages of Unicode
    ranges) as a line a person can act on: where, what was expected, and the line with a caret."""
    where = re.match(r"error at (\d+):(\d+): (.*)", message, flags=re.DOTALL)
    if not where:
        return message.splitlines()[0] if message else "syntax error"
    line, column, rest = int(where.group(1)), int(where.group(2)), where.group(3)
    text = sparql.splitlines()[line - 1] if 0 < line <= len(sparql.splitlines()) else ""
    if "Prefix not found" in rest:
        unknown = sorted({p for p in _PREFIXED_NAME.findall(sparql) if p and p not in _declared_prefixes(sparql)})
        what = f"unknown prefix {', '.join(p + ':' for p in unknown)} (declare it with PREFIX; known without " \
               f"declaring: {', '.join(PREFIXES)})"
    else:
        rest = re.sub(r"^expected one of\s*", "", rest)
        expected = [t.strip() for t in re.sub(r"\[[^\]]*\]", "", rest).split(",") if t.strip() and t.strip() != "|"]
        what = "expected " + (", ".join(expected[:8]) if expected else "something else")
    return f"syntax error at line {line}, column {column}: {what}\n    {text}\n    {' ' * max(column - 1, 0)}^"


def check_syntax(sparql: str) -> None:
    """SyntaxError now, before any store is opened: Oxigraph parses (and plans) a query when
    it is asked and evaluates a SELECT only as its solutions are read, so an empty in-memory
    store checks it for free. A query calling a SERVICE is left to the store that runs it."""
    import pyoxigraph

    if not re.search(r"\bSERVICE\b", sparql, flags=re.IGNORECASE):
        pyoxigraph.Store().query(sparql)


def query_needs(sparql: str) -> str | None:
    """What a query needs of the graph to answer (its ``# needs:`` comment), for the hint given
    when it answers nothing."""
    found = re.search(r"^#\s*needs:\s*(.+)$", sparql, flags=re.MULTILINE)
    return found.group(1).strip() if found else None


_OWN_PAGING = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$|\bVALUES\s+[?(][^{]*\{[^}]*\}\s*$", flags=re.IGNORECASE)


def paged(sparql: str, limit: int | None, offset: int | None) -> str | None:
    """The query with LIMIT/OFFSET appended, so the store computes only that page; None when
    the query ends in a way that cannot take them (its own LIMIT, a trailing VALUES block):
    the caller then pages the solutions itself."""
    if limit is None and not offset:
        return sparql
    body = re.sub(r"#[^\n\"'<>]*$", "", sparql.rstrip(), flags=re.MULTILINE).rstrip()
    if _OWN_PAGING.search(body):
        return None
    return body + (f"\nLIMIT {limit}" if limit is not None else "") + (f"\nOFFSET {offset}" if offset else "")


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
    binding replaces that block's values (as a string literal, or an IRI). Where the query
    writes the parameter as ``$name`` (in SPARQL the same variable as ``?name``, so the text is
    right unbound too), a single value is also written there as a constant: Oxigraph's planner
    starts from a constant pattern, never from a VALUES block (units_by_functional_code at 800
    counties: 2.2 → 0.4 s)."""
    for name, value in bindings.items():
        pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}")
        if not pattern.search(sparql):
            raise QueryError(f"the query has no parameter ?{name} (no 'VALUES ?{name} {{ … }}' block)")
        term = f"<{value}>" if iris else json.dumps(value, ensure_ascii=False)
        sparql = pattern.sub(lambda _: f"VALUES ?{name} {{ {term} }}", sparql)
    for name, values in _PARAMETER.findall(sparql):
        if _ONE_TERM.fullmatch(values.strip()):
            sparql = re.sub(r"\$" + name + r"\b", lambda _: values.strip(), sparql)
    return sparql


_PARAMETER = re.compile(r"VALUES\s+\?(\w+)\s*\{([^}]*)\}")
_ONE_TERM = re.compile(r'"(?:[^"\\]|\\.)*"|<[^<>"\s]*>')


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
