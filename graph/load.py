"""A document file into the store: read → recognise → extract (crawler), map (records → RDF),
store (one named graph, replaced atomically). Unchanged bytes are not parsed again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crawler.ingest import IngestResult, ingest_file
from crawler.provenance import DocumentSource

from .iris import document_iri
from .mapping import records_to_graph
from .store import GraphStore


@dataclass
class LoadResult:
    source: DocumentSource
    graph_iri: str
    status: str  # "loaded" | "replaced" | "unchanged" | "failed"
    ingest: IngestResult | None = None
    triples: int = 0

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def summary(self) -> str:
        if self.ingest is None:
            return f"SAME {self.source.name}: unchanged since last ingest ({self.source.sha256[:12]})"
        line = self.ingest.summary()
        return line + (f", {self.triples} triples ({self.status})" if self.ok else "")


def load_document(store: GraphStore, path: str | Path, source: DocumentSource | None = None,
                  known: dict[str, str] | None = None) -> LoadResult:
    """``source`` is the document's provenance, its bytes already hashed (a local file's is
    made here); ``known`` maps stored graph IRIs to the sha256 they were read from (see
    ``store.base.document_checksums``); a document whose bytes are unchanged is skipped."""
    path = Path(path)
    source = source or DocumentSource.for_file(path)
    previous = (known or {}).get(document_iri(source.locator))
    if previous == source.sha256:
        return LoadResult(source, document_iri(source.locator), "unchanged")
    return store_mapped(store, source, read_and_map(path, source), previous)


@dataclass
class MappedDocument:
    """A document read and mapped, ready for the store (what a reading worker sends back)."""

    ingest: IngestResult
    ntriples: str = ""  # its named graph as N-Triples; empty when reading failed
    triples: int = 0


def read_and_map(path: str | Path, source: DocumentSource) -> MappedDocument:
    """Read → recognise → extract → map: all but the store write, so that it can run in a
    worker process while the store is written by one."""
    result = ingest_file(path)
    if not result.ok:
        return MappedDocument(result)
    graph = records_to_graph(result.records, source)
    return MappedDocument(result, graph.serialize(format="nt"), len(graph))


def store_mapped(store: GraphStore, source: DocumentSource, mapped: MappedDocument,
                 previous: str | None = None) -> LoadResult:
    """The document's named graph replaced in one transaction (or its failure reported)."""
    graph_iri = document_iri(source.locator)
    if not mapped.ingest.ok:
        return LoadResult(source, graph_iri, "failed", mapped.ingest)
    store.replace_graph(graph_iri, mapped.ntriples)
    return LoadResult(source, graph_iri, "replaced" if previous else "loaded", mapped.ingest, mapped.triples)
