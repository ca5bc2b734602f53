"""The ontology, SHACL shapes and SKOS code lists kept as Turtle under ``ontology/``, and label
look-ups in the code lists (printed labels are matched against prefLabel/altLabel there, so a
new spelling is a data change)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .iris import CODE

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
SHAPES = ONTOLOGY / "shapes.ttl"


def vocabulary_files() -> list[Path]:
    """Ontology and code lists (not the shapes: they describe data, they are not data)."""
    return [ONTOLOGY / "budget.ttl", ONTOLOGY / "disclosure-calendar.ttl"] + sorted((ONTOLOGY / "codelists").glob("*.ttl"))


@lru_cache(maxsize=1)
def vocabulary() -> Graph:
    graph = Graph()
    for path in vocabulary_files():
        graph.parse(path, format="turtle")
    return graph


def _compact(label: str) -> str:
    return "".join(label.split()).replace("(", "（").replace(")", "）")


@lru_cache(maxsize=None)
def _labels_of_scheme(scheme: str) -> dict[str, URIRef]:
    graph = vocabulary()
    out: dict[str, URIRef] = {}
    for concept in graph.subjects(SKOS.inScheme, URIRef(CODE + scheme)):
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
            for label in graph.objects(concept, prop):
                out[_compact(str(label))] = concept
    return out


def concept_for_label(scheme: str, label: str) -> URIRef | None:
    """The concept of ``scheme`` whose label is ``label`` (white space and bracket width
    ignored), or None."""
    return _labels_of_scheme(scheme).get(_compact(label))
