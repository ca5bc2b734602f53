"""The embedded default: Oxigraph on disk (pyoxigraph). Each document is written by one SPARQL
Update, which Oxigraph applies as a transaction, so a crash leaves whole documents only."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..query import internal_query
from .base import replace_graph_update

RDF_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE,
               "nt": ox.RdfFormat.N_TRIPLES}


class OxigraphStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.store = ox.Store(str(self.path))

    def replace_graph(self, graph_iri: str, graph: Graph | str) -> None:
        self.store.update(replace_graph_update(graph_iri, graph))

    def bulk_load(self, path: str | Path, fmt: str = "nq") -> None:
        """Fast non-transactional load of a large file (initial loads, benchmarks)."""
        self.store.bulk_load(path=str(path), format=RDF_FORMATS[fmt])

    def select(self, sparql: str) -> dict:
        results = self.store.query(sparql)
        if isinstance(results, bool):
            return {"head": {}, "boolean": results}
        return json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))

    def construct(self, sparql: str) -> Graph:
        data = self.store.query(sparql).serialize(format=ox.RdfFormat.N_TRIPLES)
        graph = Graph()
        graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    def dump(self, path: str, fmt: str) -> None:
        if fmt == "ttl":
            # Turtle holds one graph: the union of all graphs, each triple once
            data = self.store.query(internal_query("union_triples"))
            data.serialize(output=str(path), format=ox.RdfFormat.TURTLE)
            return
        self.store.dump(output=str(path), format=RDF_FORMATS[fmt])

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        self.store.flush()
        del self.store
