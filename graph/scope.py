"""A question scoped to some documents (one unit, a region, a year): the named graphs of those
documents, plus the graphs every question may read (vocabulary, summaries, calendars). A
query then runs over that dataset only (``named_graphs`` in Oxigraph, ``named-graph-uri`` on a
SPARQL server), reading the scoped documents' quads through the graph-first indexes instead of
filtering the whole store; every named query is scoped the same way, unchanged."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .iris import DEF, VOCABULARY_GRAPH
from .query import internal_query



@dataclass(frozen=True)
class Scope:
    region: str | None = None  # name (内乡县) or 行政区划代码 (411325)
    unit: str | None = None  # unit code (614) or name (温县医疗保障局)
    year: int | None = None

    def __bool__(self) -> bool:
        return bool(self.region or self.unit or self.year)

    def documents_query(self) -> str:
        """The documents in scope; the patterns of the filters given only, so the store starts
        from the most selective (a region code, a unit code)."""
        lines = [f"?g a <{DEF}Document> ; <{DEF}budgetUnit> ?u ."]
        if self.region:
            literal = json.dumps(self.region, ensure_ascii=False)
            lines.append(f"?u <{DEF}region> ?r . {{ ?r <{DEF}regionCode> {literal} }} UNION "
                         f"{{ ?r <http://www.w3.org/2000/01/rdf-schema#label> {literal}@zh }}")
        if self.unit:
            literal = json.dumps(self.unit, ensure_ascii=False)
            lines.append(f"{{ ?u <{DEF}unitCode> {literal} }} UNION "
                         f"{{ ?u <http://www.w3.org/2004/02/skos/core#prefLabel> {literal}@zh }}")
        if self.year:
            lines.append(f"?g <{DEF}fiscalYear> {int(self.year)} .")
        return "SELECT DISTINCT ?g WHERE { GRAPH ?g {\n  " + "\n  ".join(lines) + "\n} }"


def scope_graphs(store, scope: Scope) -> list[str] | None:
    """The named graphs a scoped question reads; None for no scope (the whole store)."""
    if not scope:
        return None
    documents = [r["g"]["value"] for r in store.select(scope.documents_query())["results"]["bindings"]]
    shared = [r["g"]["value"] for r in store.select(internal_query("shared_graphs"))["results"]["bindings"]]
    return documents + shared + [VOCABULARY_GRAPH]
