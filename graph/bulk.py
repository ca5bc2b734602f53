"""Many new documents at once (a first load of a folder, a national import): their graphs
written in batches, one transaction per batch (``OxigraphStore.load_batch``; whole documents
only, so a crash leaves each document whole or absent), then the disclosures they belong to
reconciled and the summary slices of their regions and years refreshed once, not once per
document. Documents already in the store take the one-by-one path (``load.store_records``),
which replaces a graph atomically."""

from __future__ import annotations

from collections.abc import Iterable

from crawler.extract.records import DocumentRecords
from crawler.ingest import IngestResult
from crawler.provenance import DocumentSource

from .disclosures import reconcile
from .iris import document_iri
from .load import map_records, store_records
from .summary import refresh

BATCH_DOCUMENTS = 200


def store_many(store, documents: Iterable[tuple[DocumentRecords, DocumentSource]], known: set[str]) -> int:
    """Stores ``documents``; ``known`` holds the graph IRIs already in the store. Returns the
    number of triples written."""
    if not hasattr(store, "load_batch"):  # a remote server: one update per document
        return sum(store_records(store, r, s).triples for r, s in documents)
    written, batch, mapped_all, parts = 0, [], [], {}
    for records, source in documents:
        iri = document_iri(source.locator)
        if iri in known:
            written += store_records(store, records, source).triples
            continue
        mapped = map_records(IngestResult(source.locator, records=records), source, check=False)
        batch.append(mapped.ntriples.replace(" .\n", f" <{iri}> .\n"))
        written += mapped.triples
        mapped_all.append(mapped)
        if mapped.summary:
            parts.setdefault(mapped.summary, None)  # each region and year once, in order
        if len(batch) >= BATCH_DOCUMENTS:
            store.load_batch("".join(batch).encode("utf-8"))
            batch = []
    if batch:
        store.load_batch("".join(batch).encode("utf-8"))
    for mapped in mapped_all:  # the copies and versions among them and the stored ones
        own, others = reconcile(store, mapped.disclosure, mapped.member)
        if own or others:
            insert = f"INSERT DATA {{ GRAPH <{mapped.member.iri}> {{\n{own}}} }}" if own else ""
            store.update(" ;\n".join(op for op in (insert, others) if op))
    refresh(store, parts)
    return written
