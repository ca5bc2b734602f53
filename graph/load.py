"""A document file into the store: read → recognise → extract (crawler), map (records → RDF),
store (one named graph, replaced atomically). Unchanged bytes are not parsed again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from crawler.ingest import IngestResult, ingest_file
from crawler.provenance import DocumentSource
from crawler.read.limits import DEFAULT_LIMITS, ReadLimits
from crawler.workers import ReadingPool

from .audit import audit_stored
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
    ``store.base.document_checksums``); a document whose bytes are unchanged is skipped. Reads
    in this process; ``load_documents`` reads in worker processes."""
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


def read_and_map(path: str | Path, source: DocumentSource, limits: ReadLimits = DEFAULT_LIMITS) -> MappedDocument:
    """Read → recognise → extract → map: all but the store write, so that it can run in a
    worker process while the store is written by one."""
    result = ingest_file(path, limits)
    if not result.ok:
        return MappedDocument(result)
    graph = records_to_graph(result.records, source)
    return MappedDocument(result, graph.serialize(format="nt"), len(graph))


def not_mapped(path: str | Path, error) -> MappedDocument:
    """What a document whose worker timed out or died comes back as."""
    return MappedDocument(IngestResult(str(path), error=error))


def store_mapped(store: GraphStore, source: DocumentSource, mapped: MappedDocument,
                 previous: str | None = None) -> LoadResult:
    """The document's named graph replaced in one transaction (or its failure reported)."""
    graph_iri = document_iri(source.locator)
    if not mapped.ingest.ok:
        return LoadResult(source, graph_iri, "failed", mapped.ingest)
    store.replace_graph(graph_iri, mapped.ntriples)
    audit_stored(store, graph_iri)  # the cross-check rules, on this document and those compared with it
    return LoadResult(source, graph_iri, "replaced" if previous else "loaded", mapped.ingest, mapped.triples)


def mapping_pool(jobs: int | None = None, limits: ReadLimits = DEFAULT_LIMITS) -> ReadingPool:
    """Worker processes that read and map documents (``read_and_map``) within ``limits``."""
    return ReadingPool(jobs, limits, read=read_and_map, failed=not_mapped)


def load_documents(store: GraphStore, sources: list[DocumentSource], known: dict[str, str],
                   pool: ReadingPool) -> Iterator[LoadResult]:
    """Documents read and mapped by ``pool``'s workers (a ``mapping_pool``), stored here (the
    store has one writer), in the order given; unchanged ones are not read."""
    previous = [known.get(document_iri(s.locator)) for s in sources]
    fresh = [(s.path, s) for s, p in zip(sources, previous) if p != s.sha256]
    mapped = pool.map(fresh)
    for source, before in zip(sources, previous):
        if before == source.sha256:
            yield LoadResult(source, document_iri(source.locator), "unchanged")
        else:
            yield store_mapped(store, source, next(mapped), before)
