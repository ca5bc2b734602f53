"""What every store backend offers. Results of SELECT/ASK are SPARQL 1.1 Query Results JSON
(a dict), whatever the backend, so formatting and tests see one shape."""

from __future__ import annotations

from typing import Protocol

from rdflib import Graph

from ..iris import VOCABULARY_GRAPH
from ..query import internal_query
from ..vocabulary import vocabulary


class GraphStore(Protocol):
    def replace_graph(self, graph_iri: str, graph: Graph | str) -> None:
        """Replace the named graph with ``graph`` in one transaction: readers see the old
        version or the new one, never a mix or a half."""

    def update(self, sparql: str) -> None:
        """One SPARQL 1.1 Update request, applied as one transaction."""

    def solutions(self, sparql: str, graphs: list[str] | None = None):
        """A SELECT's solutions streamed (``graph.results.Solutions``); ``graphs`` limits the
        named graphs ``GRAPH ?g`` ranges over (graph/scope.py)."""

    def write_results(self, sparql: str, fmt: str, output, graphs: list[str] | None = None) -> None:
        """The answer serialized by the store itself (csv, tsv, json, xml) onto ``output``."""

    def select(self, sparql: str) -> dict:
        """SELECT or ASK → SPARQL 1.1 Query Results JSON."""

    def construct(self, sparql: str) -> Graph: ...

    def dump(self, path: str, fmt: str) -> None:
        """The whole dataset as ``trig``, ``nq`` or ``ttl`` (default graph plus named graphs merged)."""

    def close(self) -> None: ...


def replace_graph_update(graph_iri: str, graph: Graph | str) -> str:
    """One SPARQL 1.1 Update request that drops and refills a named graph (given as a graph or
    as N-Triples text): a single request is a single transaction on Oxigraph and on the usual
    servers."""
    triples = graph if isinstance(graph, str) else graph.serialize(format="nt")
    return f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{triples}\n}} }}"


def document_checksums(store: GraphStore) -> dict[str, str]:
    """Named graph of each stored document → sha256 of the bytes it was read from."""
    rows = store.select(internal_query("document_checksums"))["results"]["bindings"]
    return {r["g"]["value"]: r["sha256"]["value"] for r in rows}


def load_vocabulary(store: GraphStore) -> None:
    """Ontology and code lists into their own named graph (replaced whole, so it follows edits)."""
    store.replace_graph(VOCABULARY_GRAPH, vocabulary())
