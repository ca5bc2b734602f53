"""Planting errors in the clean seed graph: a copy of the seed store in memory, one figure (or
one fact) changed by a SPARQL update, and the cross-check rules run on it. Used by
tests/test_rules.py; each plant names the seed document, what it changes and the rule that must
then speak."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

PREFIXES = """PREFIX bgt:  <https://w3id.org/budgetkg/def#>
PREFIX qb:   <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX lr:   <https://w3id.org/budgetkg/code/line-role/>
PREFIX et:   <https://w3id.org/budgetkg/code/expenditure-type/>
PREFIX fs:   <https://w3id.org/budgetkg/code/fund-source/>
PREFIX tk:   <https://w3id.org/budgetkg/code/total/>
PREFIX tp:   <https://w3id.org/budgetkg/code/three-public/>
PREFIX ph:   <https://w3id.org/budgetkg/code/phase/>
PREFIX fc:   <https://w3id.org/budgetkg/code/functional/>
PREFIX ec:   <https://w3id.org/budgetkg/code/economic/>
"""


class MemoryStore:
    """The GraphStore calls the engine makes, over an in-memory Oxigraph."""

    def __init__(self, nquads: bytes) -> None:
        self.store = ox.Store()
        self.store.load(nquads, ox.RdfFormat.N_QUADS)

    def select(self, sparql: str) -> dict:
        results = self.store.query(sparql)
        return json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))

    def update(self, sparql: str) -> None:
        self.store.update(PREFIXES + sparql)

    def replace_graph(self, graph_iri: str, graph) -> None:
        from graph.store.base import replace_graph_update

        self.store.update(replace_graph_update(graph_iri, graph))

    def document(self, file_name: str) -> str:
        rows = self.select(PREFIXES + f'SELECT ?g WHERE {{ GRAPH ?g {{ ?g bgt:fileName "{file_name}" }} }}')
        return rows["results"]["bindings"][0]["g"]["value"]


@dataclass(frozen=True)
class Plant:
    """An error planted in one seed document's graph for ``rule`` to find. ``difference``: the
    difference (found − expected) the finding must report, where the plant fixes it."""

    rule: str
    seed: str  # file name of the seed document
    what: str
    update: str
    difference: Decimal | None = None

    def __str__(self) -> str:
        return self.rule


def shift(rule: str, seed: str, what: str, pattern: str, delta: str, difference: str | None = "same") -> Plant:
    """Add ``delta`` to the amount of the one subject ``?o`` that ``pattern`` picks in the
    seed's graph (``?g`` is the document)."""
    update = f"""DELETE {{ GRAPH ?g {{ ?o bgt:amount ?a }} }} INSERT {{ GRAPH ?g {{ ?o bgt:amount ?b }} }}
WHERE {{ GRAPH ?g {{ ?g bgt:fileName "{seed}" . {pattern} ?o bgt:amount ?a }} BIND (?a + {delta} AS ?b) }}"""
    expected = None if difference is None else Decimal(delta) if difference == "same" else Decimal(difference)
    return Plant(rule, seed, what, update, expected)


def shift_one(rule: str, seed: str, what: str, pattern: str, delta: str, difference: str | None = "same") -> Plant:
    """``shift`` of the first subject ``pattern`` picks (by IRI), where it picks several."""
    update = f"""DELETE {{ GRAPH ?g {{ ?o bgt:amount ?a }} }} INSERT {{ GRAPH ?g {{ ?o bgt:amount ?b }} }}
WHERE {{ {{ SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?g bgt:fileName "{seed}" . {pattern} }} }} ORDER BY ?o LIMIT 1 }}
        GRAPH ?g {{ ?o bgt:amount ?a }} BIND (?a + {delta} AS ?b) }}"""
    expected = None if difference is None else Decimal(delta) if difference == "same" else Decimal(difference)
    return Plant(rule, seed, what, update, expected)


def change(rule: str, seed: str, what: str, pattern: str, prop: str, value: str, difference: str | None = None) -> Plant:
    """Set ``prop`` of the subject ``?o`` that ``pattern`` picks to ``value`` (a SPARQL term)."""
    update = f"""DELETE {{ GRAPH ?g {{ ?o {prop} ?old }} }} INSERT {{ GRAPH ?g {{ ?o {prop} {value} }} }}
WHERE {{ GRAPH ?g {{ ?g bgt:fileName "{seed}" . {pattern} OPTIONAL {{ ?o {prop} ?old }} }} }}"""
    return Plant(rule, seed, what, update, Decimal(difference) if difference else None)


def raw(rule: str, seed: str, what: str, update: str, difference: str | None = None) -> Plant:
    return Plant(rule, seed, what, update, Decimal(difference) if difference else None)


def line(kind: str, role: str, column: str = "total", extra: str = "") -> str:
    """The pattern of one summary line's amount in the table of ``kind``."""
    return (f'?t bgt:document ?g ; bgt:tableKind "{kind}" . '
            f'?o qb:dataSet ?t ; bgt:lineRole lr:{role} ; bgt:lineColumn "{column}" {extra}. ')


def table_total(kind: str, column: str = "total") -> str:
    return f'?t bgt:document ?g ; bgt:tableKind "{kind}" . ?o qb:dataSet ?t ; bgt:lineRole lr:table-total ; bgt:lineColumn "{column}" . '


def row(kind: str, code: str, kind_of_amount: str = "total", primary: bool = False) -> str:
    where = "bgt:primaryFunctionalTable true" if primary else f'bgt:tableKind "{kind}"'
    return (f'?t bgt:document ?g ; {where} . ?o qb:dataSet ?t ; bgt:functionalClass fc:{code} ; '
            f'bgt:expenditureType et:{kind_of_amount} . FILTER (!CONTAINS(STR(?o), "~")) ')


def statement(topic: str, subject: str | None = None, extra: str = "") -> str:
    s = f'; bgt:subject "{subject}" ' if subject else ""
    return f'?o a bgt:NarrativeStatement ; bgt:topic "{topic}" {s}{extra}. '
