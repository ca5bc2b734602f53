"""A question scoped to some documents (one unit, a region, a year): the named graphs of those
documents, plus the graphs every question may read (vocabulary, summaries, calendars). A
query then runs over that dataset only (``named_graphs`` in Oxigraph, ``named-graph-uri`` on a
SPARQL server), reading the scoped documents' quads through the graph-first indexes instead of
filtering the whole store; every named query is scoped the same way, unchanged."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .iris import DEF, VOCABULARY_GRAPH
from .query import internal_query, rows_of
from .summary import region_graphs

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


@dataclass(frozen=True)
class Scope:
    region: str | None = None  # name (内乡县) or 行政区划代码 (411325)
    unit: str | None = None  # unit code (614) or name (温县医疗保障局)
    year: int | None = None

    def __bool__(self) -> bool:
        return bool(self.region or self.unit or self.year)


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _anchor_query(scope: Scope) -> str | None:
    """The documents of the scope's most selective fact (its region, else its unit): one fact
    with a constant, so the store starts from it (Oxigraph joins a second constant pattern by
    reading every match of it in the store); None when only a year is given."""
    if scope.region:
        value = _literal(scope.region)
        return (f"SELECT DISTINCT ?r WHERE {{ GRAPH ?x {{ {{ ?r <{DEF}regionCode> {value} }} UNION "
                f"{{ ?r <{RDFS_LABEL}> {value}@zh }} }} }}")
    value = _literal(scope.unit)
    return (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {{ ?u <{DEF}unitCode> {value} }} UNION "
            f"{{ ?u <{PREF_LABEL}> {value}@zh }} ?g <{DEF}budgetUnit> ?u }} }}") if scope.unit else None


# what the other filters of a scope are checked against, in the anchor's graphs only
_DOCUMENT_FACTS = (f"SELECT ?g ?year ?code ?name WHERE {{ GRAPH ?g {{ ?g a <{DEF}Document> ; <{DEF}budgetUnit> ?u ; "
                   f"<{DEF}fiscalYear> ?year . OPTIONAL {{ ?u <{DEF}unitCode> ?code }} "
                   f"OPTIONAL {{ ?u <{PREF_LABEL}> ?name }} }} }}")


def scoped_documents(store, scope: Scope) -> list[str]:
    """The graphs of the documents in ``scope``: those of its region (or unit), then the other
    filters checked in those graphs only — two small questions, each starting from a constant,
    instead of one the store would answer by reading every document."""
    anchor = _anchor_query(scope)
    if anchor is None:
        candidates = None
    elif scope.region:
        candidates = sorted({g for r in rows_of(store.select(anchor))
                             for g in region_graphs(store, r["r"])})
    else:
        candidates = sorted({r["g"] for r in rows_of(store.select(anchor))})
    if candidates == []:
        return []
    unit = scope.unit if scope.region else None
    out = set()
    for g, year, code, name in store.solutions(_DOCUMENT_FACTS, candidates).rows:
        if scope.year and int(year.value) != int(scope.year):
            continue
        if unit and unit not in ((code.value if code else None), (name.value if name else None)):
            continue
        out.add(g.value)
    return sorted(out)


def scope_graphs(store, scope: Scope) -> list[str] | None:
    """The named graphs a scoped question reads; None for no scope (the whole store)."""
    if not scope:
        return None
    shared = [r["g"]["value"] for r in store.select(internal_query("shared_graphs"))["results"]["bindings"]]
    return scoped_documents(store, scope) + shared + [VOCABULARY_GRAPH]
