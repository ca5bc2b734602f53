"""Any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso…): queries through SPARQLWrapper,
loads through SPARQL 1.1 Update, one request per document."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from typing import BinaryIO

from rdflib import Graph
from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper

from ..results import Solutions, solutions_from_json
from .base import replace_graph_update

AGENT = "budgetkg (+https://w3id.org/budgetkg)"
RESULT_MEDIA_TYPES = {"csv": "text/csv", "tsv": "text/tab-separated-values",
                      "json": "application/sparql-results+json", "xml": "application/sparql-results+xml"}


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
        client = SPARQLWrapper(url, agent=AGENT)
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

    def solutions(self, sparql: str, graphs: list[str] | None = None) -> Solutions:
        with self._post(sparql, "json", graphs) as response:
            results = json.load(response)
        return Solutions.of_boolean(results["boolean"]) if "boolean" in results else solutions_from_json(results)

    def write_results(self, sparql: str, fmt: str, output: BinaryIO, graphs: list[str] | None = None) -> None:
        """The server's own serialization of the answer, copied through as it arrives."""
        with self._post(sparql, fmt, graphs) as response:
            shutil.copyfileobj(response, output, 1 << 16)

    def _post(self, sparql: str, fmt: str, graphs: list[str] | None):
        """SPARQL 1.1 Protocol POST; ``graphs`` as named-graph-uri parameters (the dataset of
        the query)."""
        form = [("query", sparql)] + [("named-graph-uri", g) for g in graphs or []]
        request = urllib.request.Request(self.endpoint, data=urllib.parse.urlencode(form).encode(),
                                         headers={"Accept": RESULT_MEDIA_TYPES[fmt], "User-Agent": AGENT,
                                                  "Content-Type": "application/x-www-form-urlencoded"})
        return urllib.request.urlopen(request, timeout=self.timeout)

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
