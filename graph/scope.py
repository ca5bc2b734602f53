"""A question scoped to some documents (one unit, a region, a year): the named graphs of those
documents and of the summary slices of their regions and years, plus the graphs every question
may read (vocabulary, calendars). A query then runs over that dataset only (``named_graphs``
in Oxigraph, ``named-graph-uri`` on a SPARQL server), reading the scoped documents' quads
through the graph-first indexes instead of filtering the whole store; every named query is
scoped the same way, unchanged."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .iris import DEF, VOCABULARY_GRAPH
from .query import internal_query, rows_of
from .results import Cell
from .summary import Slice, region_graphs

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


# Each question starts from one pattern with a constant (a region's code or name, a unit's):
# given a second constant pattern, Oxigraph joins it by reading every match in the store.
def _regions_named(region: str) -> str:
    value = _literal(region)
    return (f"SELECT DISTINCT ?r WHERE {{ GRAPH ?x {{ {{ ?r <{DEF}regionCode> {value} }} UNION "
            f"{{ ?r <{RDFS_LABEL}> {value}@zh }} }} }}")


def _documents_of_unit(unit: str) -> str:
    value = _literal(unit)
    return (f"SELECT DISTINCT ?g ?year ?region WHERE {{ GRAPH ?g {{ {{ ?u <{DEF}unitCode> {value} }} UNION "
            f"{{ ?u <{PREF_LABEL}> {value}@zh }} ?g <{DEF}budgetUnit> ?u ; <{DEF}fiscalYear> ?year "
            f"OPTIONAL {{ ?u <{DEF}region> ?region }} }} }}")


def scoped_documents(store, scope: Scope) -> list[str]:
    """The graphs of the documents in ``scope``."""
    return sorted({graph for graph, _ in _documents_in(store, scope)})


def _documents_in(store, scope: Scope) -> list[tuple[str, Slice | None]]:
    """The documents in ``scope`` with the summary slice each counts in: those of its region,
    then its unit and year checked in those graphs only (two small questions, each starting
    from a constant, instead of one the store would answer by reading every document); without
    a region, those of its unit with their year; with a year only, every document's year."""
    def wanted(year: Cell, code: Cell | None = None, name: Cell | None = None) -> bool:
        if scope.year and int(year.value) != int(scope.year):
            return False
        return not (scope.region and scope.unit) or scope.unit in {c.value for c in (code, name) if c is not None}

    if scope.region:
        graphs = sorted({g for r in rows_of(store.select(_regions_named(scope.region)))
                         for g in region_graphs(store, r["r"])})
        rows = store.solutions(internal_query("document_facts"), graphs).rows if graphs else iter(())
    elif scope.unit:
        rows = store.solutions(_documents_of_unit(scope.unit)).rows
    else:
        rows = store.solutions(internal_query("document_facts")).rows
    return [(g.value, Slice(int(year.value), region.value) if region else None)
            for g, year, region, *names in rows if wanted(year, *names)]


def scope_graphs(store, scope: Scope) -> list[str] | None:
    """The named graphs a scoped question reads; None for no scope (the whole store)."""
    if not scope:
        return None
    documents = _documents_in(store, scope)
    slices = sorted({part.graph for _, part in documents if part})
    shared = [r["g"]["value"] for r in store.select(internal_query("shared_graphs"))["results"]["bindings"]]
    return sorted({graph for graph, _ in documents}) + slices + shared + [VOCABULARY_GRAPH]
