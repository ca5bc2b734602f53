"""The embedded default: Oxigraph on disk (pyoxigraph). Each document is written by one SPARQL
Update, which Oxigraph applies as a transaction, so a crash leaves whole documents only.

A store handle is a reader until it first writes (``access``): reading takes the store's lock
shared, or, while another process writes, reads that writer's published snapshot; the first
write waits (up to ``wait`` seconds, saying for whom) to become the one writer. So a query or an
export works during a crawl, and two writers never meet in RocksDB's own lock."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path
from typing import BinaryIO, Callable

import pyoxigraph as ox
from rdflib import Graph

from ..query import internal_query
from ..results import Cell, Solutions
from .access import PUBLISH_INTERVAL, Snapshots, StoreBusy, StoreLock
from .base import replace_graph_update

RDF_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE,
               "nt": ox.RdfFormat.N_TRIPLES}
RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}


def _say(message: str) -> None:
    print(f"budgetkg: {message}", file=sys.stderr, flush=True)


def _cell(term) -> Cell | None:
    if term is None:
        return None
    if type(term) is ox.Literal:
        return Cell(term.value, term.datatype.value)
    return Cell(term.value)


def select_json(store: ox.Store, sparql: str) -> dict:
    """SELECT or ASK on a pyoxigraph store → SPARQL 1.1 Query Results JSON."""
    results = store.query(sparql)
    if isinstance(results, bool):
        return {"head": {}, "boolean": results}
    return json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))


def _index_bytes(folder: Path) -> int:
    """The size of a store's index files (RocksDB's background work may remove some meanwhile)."""
    total = 0
    for sst in folder.glob("*.sst"):
        with contextlib.suppress(FileNotFoundError):
            total += sst.stat().st_size
    return total


class ScratchStore:
    """A few graphs in memory, to question a document before it is stored (the cross-check
    rules run on it in the worker that read it, not in the one process that writes the store)."""

    def __init__(self) -> None:
        self.store = ox.Store()

    def add_graph(self, graph_iri: str, ntriples: str) -> None:
        self.store.load(ntriples.encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri))

    def select(self, sparql: str) -> dict:
        return select_json(self.store, sparql)


class OxigraphStore:
    def __init__(self, path: str | Path, read_only: bool = False, wait: float = 60.0,
                 on_wait: Callable[[str], None] | None = _say) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.wait = wait
        self.on_wait = on_wait
        self.lock = StoreLock(self.path)
        self.snapshots = Snapshots(self.path)
        self.reading_snapshot: Path | None = None  # a writer's published snapshot, while it writes
        self._snapshot_fd: int | None = None
        self._handle: ox.Store | None = None
        self._writing = False
        self._published_at = 0.0
        self._bulk_bytes = 0  # N-Quads written by the bulk loader since the last compaction

    @property
    def store(self) -> ox.Store:
        """The open pyoxigraph store: for reading, unless this handle has written."""
        if self._handle is None:
            self._handle = self._open_for_reading()
        return self._handle

    def _open_for_reading(self) -> ox.Store:
        if not self.path.is_dir():
            return ox.Store()  # nothing stored yet: an empty graph, and no folder made for it
        if self.lock.try_shared():
            return ox.Store.read_only(str(self.path))
        held = self.snapshots.hold_newest_published()
        if held is None:
            raise StoreBusy(f"{self.lock.busy_message()}, and it has published no snapshot to read yet; try again")
        self.reading_snapshot, self._snapshot_fd = held
        if self.on_wait is not None:
            self.on_wait(f"{self.lock.busy_message()}: reading its snapshot {self.reading_snapshot.name}")
        return ox.Store.read_only(str(self.reading_snapshot))

    def _writer(self) -> ox.Store:
        if self._writing:
            if time.monotonic() - self._published_at > PUBLISH_INTERVAL:
                self._publish()
            return self._handle
        if self.read_only:
            raise PermissionError(f"the store {self.path} was opened read-only")
        self._let_go()
        self.lock.acquire_exclusive(self.wait, self.on_wait)
        self.path.mkdir(parents=True, exist_ok=True)
        self._handle = ox.Store(str(self.path))
        self._writing = True
        self._publish()
        return self._handle

    def _publish(self) -> None:
        """A snapshot for readers that come while this process writes."""
        self.snapshots.publish(self._handle)
        self._published_at = time.monotonic()

    def update(self, sparql: str) -> None:
        """One SPARQL 1.1 Update request, applied as one transaction."""
        self._writer().update(sparql)

    def replace_graph(self, graph_iri: str, graph: Graph | str) -> None:
        self.update(replace_graph_update(graph_iri, graph))

    def load_batch(self, nquads: bytes) -> None:
        """Many documents' graphs (N-Quads, each document whole, written by our own mapping:
        hence ``lenient``) at once, by Oxigraph's bulk loader: it sorts the batch into new index
        files and adds them to the store in one step, so a crash leaves all of them or none
        (``tests/test_bulk.py`` breaks a batch midway), 3-4.5x faster than a transaction's
        row-by-row writes (200 documents in one batch: 40.5k → 125.6k triples/s)."""
        self._writer().bulk_load(nquads, ox.RdfFormat.N_QUADS, lenient=True)
        self._bulk_bytes += len(nquads)

    def settle_bulk_loads(self) -> bool:
        """Merges the index files the bulk loader added, when its batches are a large part of
        the store (a first import, not a few documents more): each batch adds files that
        overlap the others, and every lookup reads all of them until they are merged (800
        counties × 5 years loaded in 20 batches: the national functional dump 7.7 → 4.4 s,
        units_by_functional_code 3.1 → 1.5 s; merging rewrites the store once: 38 s there, 182 s
        at 2,800 × 5). Returns whether it merged."""
        loaded, self._bulk_bytes = self._bulk_bytes, 0
        if not loaded or loaded * 4 < _index_bytes(self.path):
            return False
        self._writer().optimize()
        return True

    def bulk_load(self, path: str | Path, fmt: str = "nq") -> None:
        """Fast non-transactional load of a large file (initial loads, benchmarks)."""
        self._writer().bulk_load(path=str(path), format=RDF_FORMATS[fmt])

    def select(self, sparql: str) -> dict:
        return select_json(self.store, sparql)

    def _query(self, sparql: str, graphs: list[str] | None = None):
        """``graphs``: the named graphs ``GRAPH ?g`` may range over (all when None), so a question
        scoped to some documents reads only their quads (Oxigraph's graph-first indexes)."""
        if graphs is None:
            return self.store.query(sparql)
        return self.store.query(sparql, named_graphs=[ox.NamedNode(g) for g in graphs])

    def solutions(self, sparql: str, graphs: list[str] | None = None) -> Solutions:
        """A SELECT's solutions as they come from the store (nothing held but the current row)."""
        results = self._query(sparql, graphs)
        if isinstance(results, ox.QueryBoolean):
            return Solutions.of_boolean(bool(results))
        if not isinstance(results, ox.QuerySolutions):
            raise ValueError("a CONSTRUCT or DESCRIBE query gives triples: use budgetkg export, or SELECT")
        names = [v.value for v in results.variables]
        return Solutions(names, (tuple(_cell(t) for t in solution) for solution in results))

    def write_results(self, sparql: str, fmt: str, output: BinaryIO, graphs: list[str] | None = None) -> None:
        """The answer in ``fmt`` (csv, tsv, json, xml), written by Oxigraph's own serializer."""
        self._query(sparql, graphs).serialize(output, RESULT_FORMATS[fmt])

    def construct(self, sparql: str) -> Graph:
        data = self.store.query(sparql).serialize(format=ox.RdfFormat.N_TRIPLES)
        graph = Graph()
        graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    def dump(self, path: str, fmt: str) -> None:
        if fmt == "ttl":
            # Turtle holds one graph: the union of all graphs, each triple once
            data = self.store.query(internal_query("union_triples"))
            data.serialize(output=str(path), format=ox.RdfFormat.TURTLE)
            return
        self.store.dump(output=str(path), format=RDF_FORMATS[fmt])

    def __len__(self) -> int:
        return len(self.store)

    def _let_go(self) -> None:
        """Close the open store and release what this handle holds."""
        if self._handle is not None:
            if self._writing:
                self._handle.flush()
            self._handle = None  # pyoxigraph closes the store when its last reference goes
        if self._snapshot_fd is not None:
            self.snapshots.release(self.reading_snapshot, self._snapshot_fd)
            self.reading_snapshot = self._snapshot_fd = None
        if self._writing:
            self._writing = False
            self.lock.release()
            self.snapshots.prune("published")  # readers now read the live store
        else:
            self.lock.release()

    def close(self) -> None:
        self._let_go()
