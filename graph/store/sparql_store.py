"""Any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso…): queries through SPARQLWrapper,
loads through SPARQL 1.1 Update, one request per document."""

from __future__ import annotations

from rdflib import Graph
from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper

from .base import replace_graph_update


def default_update_endpoint(endpoint: str) -> str:
    """Oxigraph serves /query and /update; Fuseki and Virtuoso take updates at the query URL's
    sibling /update or at the same /sparql URL."""
    if endpoint.endswith("/query"):
        return endpoint[: -len("/query")] + "/update"
    return endpoint


class SparqlStore:
    def __init__(self, endpoint: str, update_endpoint: str | None = None, timeout: int = 120) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or default_update_endpoint(endpoint)
        self.timeout = timeout

    def _client(self, url: str) -> SPARQLWrapper:
        client = SPARQLWrapper(url, agent="budgetkg (+https://w3id.org/budgetkg)")
        client.setTimeout(self.timeout)
        client.setMethod(POST)
        return client

    def update(self, sparql: str) -> None:
        client = self._client(self.update_endpoint)
        client.setQuery(sparql)
        client.query()

    def replace_graph(self, graph_iri: str, graph: Graph | str) -> None:
        self.update(replace_graph_update(graph_iri, graph))

    def select(self, sparql: str) -> dict:
        client = self._client(self.endpoint)
        client.setQuery(sparql)
        client.setReturnFormat(JSON)
        return client.query().convert()

    def construct(self, sparql: str) -> Graph:
        client = self._client(self.endpoint)
        client.setQuery(sparql)
        client.setReturnFormat(N3)
        data = client.query().convert()
        graph = Graph()
        graph.parse(data=data, format="turtle")
        return graph

    def dump(self, path: str, fmt: str) -> None:
        from ..export_rdf import dump_via_queries

        dump_via_queries(self, path, fmt)

    def close(self) -> None:
        pass
