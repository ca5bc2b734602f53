"""Documents stored for the first time, many at once (a first load of a folder, a national
import): their graphs gathered into batches that the store's bulk loader writes in one step
each (``OxigraphStore.load_batch``: whole documents only, so a crash leaves each document whole
or absent), then the summary slices of their regions and years and the findings across
documents renewed once per batch, not once per document. The batch itself lists its documents
in ``iris.PENDING_GRAPH`` (so the list is stored exactly when they are) and the list is dropped
once both are renewed: a load cut short in between is finished by the next one
(``renew_pending``). At the end, the index files the batches added are merged when they are a
large part of the store (``OxigraphStore.settle_bulk_loads``).

A document whose storing changes what another stored document says of itself (it is a new
copy or version of a disclosure already stored, or of one already in the batch) and a document
already stored (new bytes) take the one-by-one path (``load.store_mapped``), which writes it and
the others' markers in one transaction; so does every document on a remote SPARQL server."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from crawler.extract.records import DocumentRecords
from crawler.ingest import IngestResult
from crawler.provenance import DocumentSource
from crawler.workers import ReadingPool

from .audit import audit_across_many
from .disclosures import is_copy, reconcile
from .iris import DEF, PENDING_GRAPH, document_iri, findings_graph_iri
from .load import LoadResult, MappedDocument, map_records, store_mapped, stored_place
from .summary import Slice, refresh

# a batch is written when it holds this many documents or triples (its N-Quads are held in
# memory until then: 500,000 triples are about 100 MB), or when its first document has waited
# this many seconds (documents read slowly are said, and stored, without waiting for 199 more)
BATCH_DOCUMENTS = 200
BATCH_TRIPLES = 500_000
BATCH_SECONDS = 10.0


def _quads(ntriples: str, graph_iri: str) -> str:
    # an N-Triples line ends in " .\n" and nowhere else (a literal's newline is written \n)
    return ntriples.replace(" .\n", f" <{graph_iri}> .\n")


class NewDocuments:
    """The batch being gathered, and the results of the documents given so far, in order."""

    def __init__(self, store) -> None:
        self.store = store
        self.bulk = hasattr(store, "load_batch")
        self._reset()

    def _reset(self) -> None:
        self.started = time.monotonic()
        self.results: list[LoadResult] = []
        self.quads: list[str] = []
        self.triples = 0
        self.graphs: list[str] = []
        self.disclosures: set[str] = set()
        self.parts: dict[Slice, None] = {}  # each region and year once, in order

    @property
    def full(self) -> bool:
        return (len(self.graphs) >= BATCH_DOCUMENTS or self.triples >= BATCH_TRIPLES
                or time.monotonic() - self.started >= BATCH_SECONDS)

    def hold(self, result: LoadResult) -> None:
        """A document with nothing to write (unchanged, failed), said in its place."""
        self.results.append(result)

    def add(self, source: DocumentSource, mapped: MappedDocument) -> bool:
        """Takes a document read well and never stored into the batch; False when it must be
        stored on its own, after the batch (``flush`` first)."""
        if not self.bulk or (mapped.disclosure is not None and mapped.disclosure in self.disclosures):
            return False
        own, others = reconcile(self.store, mapped.disclosure, mapped.member) if mapped.member else ("", "")
        if others:
            return False
        graph_iri = document_iri(source.locator)
        self.quads.append(_quads(mapped.ntriples + own, graph_iri))
        self.quads.append(f"<{PENDING_GRAPH}> <{DEF.awaitsRenewal}> <{graph_iri}> <{PENDING_GRAPH}> .\n")
        if mapped.findings and not is_copy(own):  # a copy's findings are the canonical copy's
            self.quads.append(_quads(mapped.findings, findings_graph_iri(graph_iri, across=False)))
        self.triples += mapped.triples
        self.graphs.append(graph_iri)
        if mapped.disclosure is not None:
            self.disclosures.add(mapped.disclosure)
        if mapped.summary:
            self.parts.setdefault(mapped.summary, None)
        if len(self.graphs) == 1:
            self.started = time.monotonic()
        self.results.append(LoadResult(source, graph_iri, "loaded", mapped.ingest, mapped.triples))
        return True

    def flush(self) -> list[LoadResult]:
        """The batch written, what depends on it renewed; the results held, in order."""
        if self.quads:
            self.store.load_batch("".join(self.quads).encode("utf-8"))
            _renew(self.store, self.graphs, self.parts)
        results = self.results
        self._reset()
        return results


def _renew(store, documents: list[str], parts: Iterable[Slice]) -> None:
    refresh(store, parts)
    audit_across_many(store, documents)
    store.update(f"DROP SILENT GRAPH <{PENDING_GRAPH}>")


def renew_pending(store) -> list[str]:
    """The summary slices and findings across documents of the documents a bulk load cut short
    left waiting, renewed; returns those documents."""
    rows = store.select(f"SELECT ?d WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?list <{DEF.awaitsRenewal}> ?d }} }}")
    documents = sorted(r["d"]["value"] for r in rows["results"]["bindings"])
    if documents:
        places = [stored_place(store, document) for document in documents]
        parts = {place.slice: None for place in places if place.slice}
        _renew(store, documents, parts)
    return documents


def store_new_first(store, documents: Iterable[tuple[DocumentSource, MappedDocument | None, str | None]]
                    ) -> Iterator[LoadResult]:
    """Each ``(source, mapped, previous sha256)`` stored, its result given in the order given:
    ``mapped`` None for a document whose bytes are unchanged; new ones in batches. The last
    results come once the store has settled (a caller may stop asking after them)."""
    batch = NewDocuments(store)
    if batch.bulk:
        renew_pending(store)
    documents = iter(documents)
    following = next(documents, None)
    while following is not None:
        source, mapped, previous = following
        following = next(documents, None)
        ready: list[LoadResult] = []
        if mapped is None:
            batch.hold(LoadResult(source, document_iri(source.locator), "unchanged"))
        elif not mapped.ingest.ok:  # nothing to write: its failure, said in its place
            batch.hold(store_mapped(store, source, mapped, previous))
        elif previous is not None or not batch.add(source, mapped):
            ready = batch.flush() + [store_mapped(store, source, mapped, previous)]
        if batch.full or following is None or not batch.graphs:  # nothing gathered: say it now
            ready += batch.flush()
        if following is None and batch.bulk:
            store.settle_bulk_loads()
        yield from ready


def load_documents(store, sources: list[DocumentSource], known: dict[str, str], pool: ReadingPool) -> Iterator[LoadResult]:
    """Documents read and mapped by ``pool``'s workers (a ``load.mapping_pool``), stored here
    (the store has one writer), their results in the order given; unchanged ones are not read."""
    previous = [known.get(document_iri(s.locator)) for s in sources]
    mapped = pool.map([(s.path, s) for s, p in zip(sources, previous) if p != s.sha256])
    return store_new_first(store, ((s, None if p == s.sha256 else next(mapped), p) for s, p in zip(sources, previous)))


def store_many(store, documents: Iterable[tuple[DocumentRecords, DocumentSource]], known: dict[str, str]) -> int:
    """Records already extracted (tests, benchmarks) stored the way ``load_documents`` stores
    documents; ``known`` maps stored graph IRIs to their sha256. Returns the triples written."""
    mapped = ((source, map_records(IngestResult(source.locator, records=records), source), known.get(document_iri(source.locator)))
              for records, source in documents)
    return sum(result.triples for result in store_new_first(store, mapped))
