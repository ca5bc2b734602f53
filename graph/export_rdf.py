"""RDF exchange exports: TriG and N-Quads keep one named graph per document; Turtle is the
union. Written so that loading the file into another store gives the same dataset."""

from __future__ import annotations

from rdflib import Dataset, URIRef

from .query import internal_query

RDF_EXPORT_FORMATS = ("ttl", "trig", "nq")


def dump_via_queries(store, path: str, fmt: str) -> None:
    """For stores without a native dump (remote servers): each named graph by CONSTRUCT."""
    dataset = Dataset()
    rows = store.select(internal_query("named_graphs"))["results"]["bindings"]
    for row in rows:
        name = row["g"]["value"]
        graph = store.construct(internal_query("graph_triples", graph=name))
        target = dataset.graph(URIRef(name))
        for triple in graph:
            target.add(triple)
    if fmt == "ttl":
        union = dataset.graph(URIRef("urn:x-budgetkg:union"))
        for s, p, o, _ in dataset.quads():
            union.add((s, p, o))
        union.serialize(destination=path, format="turtle")
    else:
        dataset.serialize(destination=path, format={"trig": "trig", "nq": "nquads"}[fmt])


def export_rdf(store, path: str, fmt: str) -> None:
    if fmt not in RDF_EXPORT_FORMATS:
        raise ValueError(f"unknown RDF export format {fmt!r}; one of {', '.join(RDF_EXPORT_FORMATS)}")
    store.dump(path, fmt)
