"""``budgetkg validate``: SHACL Core shapes (ontology/shapes.ttl) on each document's graph
with its findings; the cross-check (勾稽) rules themselves are run by ``graph.audit``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import Graph

from .iris import findings_graph_iri
from .query import internal_query
from .store import GraphStore
from .vocabulary import SHAPES, vocabulary

FINDINGS_QUERY = "findings"


@dataclass
class DocumentValidation:
    graph_iri: str
    file_name: str
    conforms: bool
    violations: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def validate_graph(graph: Graph) -> tuple[bool, list[str]]:
    """SHACL on one document's graph, with the code lists as ontology (for sh:class)."""
    conforms, report, _ = shacl_validate(graph, shacl_graph=shapes(), ont_graph=vocabulary(),
                                         inference="none", advanced=False, allow_warnings=True)
    if conforms:
        return True, []
    from rdflib.namespace import SH
    messages = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        messages.append(f"{focus} {path}: {message}")
    return False, sorted(messages)


def validate_store(store: GraphStore) -> list[DocumentValidation]:
    """SHACL on each document's graph together with its findings graphs."""
    out = []
    for row in store.select(internal_query("documents"))["results"]["bindings"]:
        iri = row["g"]["value"]
        graph = store.construct(internal_query("graph_triples", graph=iri))
        for findings in (findings_graph_iri(iri), findings_graph_iri(iri, across=True)):
            graph += store.construct(internal_query("graph_triples", graph=findings))
        conforms, messages = validate_graph(graph)
        out.append(DocumentValidation(iri, row["file"]["value"], conforms, messages))
    return out
