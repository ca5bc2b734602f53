"""The store: one interface (``GraphStore``), an embedded Oxigraph backend on disk and a remote
SPARQL 1.1 server backend. Callers never ask which one they have."""

from __future__ import annotations

from pathlib import Path

from .access import StoreBusy
from .base import GraphStore, replace_graph_update
from .oxigraph_store import OxigraphStore, ScratchStore
from .sparql_store import SparqlStore

__all__ = ["GraphStore", "OxigraphStore", "ScratchStore", "SparqlStore", "StoreBusy", "open_store", "replace_graph_update"]


def open_store(folder: str | Path, endpoint: str | None = None, update_endpoint: str | None = None,
               read_only: bool = False, wait: float = 60.0) -> GraphStore:
    """The remote server at ``endpoint`` when given, else the embedded store under ``folder``
    (a writer waits up to ``wait`` seconds for another writer, then raises ``StoreBusy``)."""
    if endpoint:
        return SparqlStore(endpoint, update_endpoint)
    return OxigraphStore(Path(folder) / "oxigraph", read_only=read_only, wait=wait)
