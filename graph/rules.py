"""Cross-check (勾稽) rules as data: each rule is a SPARQL SELECT in ``queries/rules/*.rq`` whose
leading comment lines state what it is::

    # id: summary.grand-balance
    # family: summary
    # severity: error
    # tolerance: rounding
    # zh: 收支总表：收入总计 = 支出总计
    # en: 收支总表: 收入总计 equals 支出总计

The query answers one row per comparison; the engine (``graph.audit``) keeps the rows whose
difference exceeds the tolerance and turns them into findings. What a rule's SELECT may bind is
described in ``queries/rules/README.md``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .query import QUERIES

RULES_DIR = QUERIES / "rules"
FAMILIES = ("summary", "fiscal-summary", "in-table", "basic-project", "economic", "three-public",
            "across-tables", "text", "narrative", "across-documents", "completeness")
FAMILY_LABELS = {
    "summary": "收支总表", "fiscal-summary": "财政拨款收支总表", "in-table": "表内勾稽", "basic-project": "基本支出 + 项目支出",
    "economic": "经济分类", "three-public": "“三公”经费", "across-tables": "表间勾稽", "text": "文字说明 ↔ 表",
    "narrative": "文字说明内部逻辑", "across-documents": "跨文件（预决算、上下年）", "completeness": "完整性",
    "extraction": "读取时的表内算术",
}
SEVERITIES = ("info", "warning", "error")
# rounding: the figures compared may differ by the rounding of the printed figures involved;
# none: every row the query answers is a finding (the query holds the whole condition)
TOLERANCES = ("rounding", "none")
# equal: found = expected; at-most: found ≤ expected (a part may not exceed its whole)
COMPARISONS = ("equal", "at-most")
SCOPES = ("document", "across")
_HEADER = re.compile(r"^#\s*([a-z]+)\s*:\s*(.*?)\s*$")


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    severity: str
    tolerance: str
    zh: str
    en: str
    sparql: str
    path: Path
    scope: str = "document"  # "across": compares a document with another (?other)
    compare: str = "equal"

    @property
    def across(self) -> bool:
        return self.scope == "across"

    def sparql_over(self, graphs: list[str] | None) -> str:
        """The query over the named graphs ``graphs`` only (a SPARQL dataset clause, so any
        store restricts ``GRAPH ?g`` to them), or over every graph when None."""
        if graphs is None:
            return self.sparql
        dataset = "".join(f"FROM NAMED <{g}>\n" for g in graphs)
        return self.sparql[: self._where] + dataset + self.sparql[self._where:]

    @cached_property
    def _where(self) -> int:
        # found once per rule: the rules run after every document stored
        return _top_where(self.sparql)


def _top_where(sparql: str) -> int:
    """Where the outermost WHERE clause starts (the dataset clause goes just before it)."""
    depth = 0
    in_comment = in_iri = False
    for i, ch in enumerate(sparql):
        if in_comment:
            in_comment = ch != "\n"
            continue
        if in_iri:  # <…#…> is an IRI, not a comment
            in_iri = not (ch == ">" or ch.isspace())
            continue
        if ch == "<" and i + 1 < len(sparql) and not (sparql[i + 1].isspace() or sparql[i + 1] == "="):
            in_iri = True
        elif ch == "#":
            in_comment = True
        elif ch == "{":
            if depth == 0:
                j = sparql.rfind("WHERE", 0, i)
                if j != -1 and not sparql[j + 5: i].strip():
                    return j
                return i
            depth += 1
        elif ch == "}":
            depth -= 1
    raise RuleError("a rule is a SELECT with a WHERE clause")


def parse_rule(path: Path) -> Rule:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            header[m.group(1)] = m.group(2)
    missing = [k for k in ("id", "family", "severity", "tolerance", "zh", "en") if not header.get(k)]
    if missing:
        raise RuleError(f"{path.name}: header lacks {', '.join(missing)}")
    # the query sent holds no comment lines: some clients (SPARQLWrapper) guess a query's form
    # from the first keyword they meet, comments included ("… add up to …" reads as ADD)
    sparql = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    rule = Rule(id=header["id"], family=header["family"], severity=header["severity"], tolerance=header["tolerance"],
                zh=header["zh"], en=header["en"], sparql=sparql, path=path,
                scope=header.get("scope", "document"), compare=header.get("compare", "equal"))
    for value, allowed, what in ((rule.family, FAMILIES, "family"), (rule.severity, SEVERITIES, "severity"),
                                 (rule.tolerance, TOLERANCES, "tolerance"), (rule.scope, SCOPES, "scope"),
                                 (rule.compare, COMPARISONS, "compare")):
        if value not in allowed:
            raise RuleError(f"{path.name}: {what} {value!r} is not one of {', '.join(allowed)}")
    return rule


@lru_cache(maxsize=None)
def load_rules(folder: Path = RULES_DIR) -> tuple[Rule, ...]:
    rules = tuple(parse_rule(p) for p in sorted(folder.glob("*.rq")))
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuleError(f"rule ids used twice: {', '.join(sorted(duplicates))}")
    return rules
