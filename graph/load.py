"""A document file into the store: read → recognise → extract (crawler), map (records → RDF),
store (one named graph, replaced atomically, together with its place among the other documents
of the same disclosure and its region's summary slice). Unchanged bytes are not parsed again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from crawler.extract.records import DocumentRecords
from crawler.ingest import IngestResult, ingest_file
from crawler.provenance import DocumentSource
from crawler.read.limits import DEFAULT_LIMITS, ReadLimits
from crawler.workers import ReadingPool

from .audit import audit_across, document_findings
from .disclosures import Member, is_copy, member_of, reconcile
from .iris import DEF, document_iri, findings_graph_iri
from .mapping import records_to_graph
from .query import internal_query
from .store import GraphStore, replace_graph_update
from .summary import Slice, refreshes_after_storing, slice_of


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
    in this process; ``bulk.load_documents`` reads in worker processes."""
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
    disclosure: str | None = None  # the disclosure it publishes (graph/disclosures.py)
    member: Member | None = None  # what deciding its place among that disclosure's documents needs
    summary: Slice | None = None  # the part of the summary it counts in (its region's, its year's)
    findings: str = ""  # its own findings graph (the rules within the document) as N-Triples


def map_records(result: IngestResult, source: DocumentSource, check: bool = True) -> MappedDocument:
    """The records as the document's graph, with what storing it needs; ``check``: with its own
    findings (the bulk path of a first load leaves them to ``budgetkg validate``)."""
    graph = records_to_graph(result.records, source)
    doc = URIRef(document_iri(source.locator))
    disclosure = graph.value(doc, DEF.disclosure)
    ntriples = graph.serialize(format="nt")
    return MappedDocument(result, ntriples, len(graph), str(disclosure) if disclosure is not None else None,
                          member_of(str(doc), result.records, source), slice_of(graph),
                          document_findings(str(doc), ntriples) if check else "")


def read_and_map(path: str | Path, source: DocumentSource, limits: ReadLimits = DEFAULT_LIMITS) -> MappedDocument:
    """Read → recognise → extract → map: all but the store write, so that it can run in a
    worker process while the store is written by one."""
    result = ingest_file(path, limits)
    if not result.ok:
        return MappedDocument(result)
    return map_records(result, source)


def not_mapped(path: str | Path, error) -> MappedDocument:
    """What a document whose worker timed out or died comes back as."""
    return MappedDocument(IngestResult(str(path), error=error))


@dataclass
class StoredPlace:
    """Where the stored version of a document sits (nothing, when it is not stored yet)."""

    disclosure: str | None = None
    year: int | None = None
    region: str | None = None

    @property
    def slice(self) -> Slice | None:
        return Slice(self.year, self.region) if self.year and self.region else None


def stored_place(store: GraphStore, graph_iri: str) -> StoredPlace:
    rows = store.select(internal_query("document_place", doc=graph_iri))["results"]["bindings"]
    if not rows:
        return StoredPlace()
    row = rows[0]
    return StoredPlace(row["disclosure"]["value"] if "disclosure" in row else None,
                       int(row["year"]["value"]) if "year" in row else None,
                       row["region"]["value"] if "region" in row else None)


def store_mapped(store: GraphStore, source: DocumentSource, mapped: MappedDocument,
                 previous: str | None = None) -> LoadResult:
    """The document's named graph replaced in one transaction with its own findings, the markers
    that place it among its disclosure's documents (and theirs) and its summary slice (or its
    failure reported); then the rules across documents renewed for the documents it concerns."""
    graph_iri = document_iri(source.locator)
    if not mapped.ingest.ok:
        return LoadResult(source, graph_iri, "failed", mapped.ingest)
    before = stored_place(store, graph_iri)
    own, others = reconcile(store, mapped.disclosure, mapped.member, before.disclosure) if mapped.member else ("", "")
    # a copy of a disclosure is not checked: its findings are the canonical copy's
    findings = replace_graph_update(findings_graph_iri(graph_iri, across=False), "" if is_copy(own) else mapped.findings)
    store.update(" ;\n".join(op for op in (replace_graph_update(graph_iri, mapped.ntriples + own), findings, others,
                                           *refreshes_after_storing(store, graph_iri, mapped.summary, before.slice)) if op))
    audit_across(store, graph_iri)
    return LoadResult(source, graph_iri, "replaced" if previous else "loaded", mapped.ingest, mapped.triples)


def store_records(store: GraphStore, records: DocumentRecords, source: DocumentSource) -> LoadResult:
    """Records already extracted (tests, benchmarks, re-mapping) stored the way a document is."""
    return store_mapped(store, source, map_records(IngestResult(source.locator, records=records), source))


def mapping_pool(jobs: int | None = None, limits: ReadLimits = DEFAULT_LIMITS) -> ReadingPool:
    """Worker processes that read and map documents (``read_and_map``) within ``limits``."""
    return ReadingPool(jobs, limits, read=read_and_map, failed=not_mapped)
