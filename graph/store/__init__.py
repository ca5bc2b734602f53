"""The store: one interface (``GraphStore``), an embedded Oxigraph backend on disk and a remote
SPARQL 1.1 server backend. Callers never ask which one they have."""

from __future__ import annotations

from pathlib import Path

from .base import GraphStore, replace_graph_update
from .oxigraph_store import OxigraphStore
from .sparql_store import SparqlStore

__all__ = ["GraphStore", "OxigraphStore", "SparqlStore", "open_store", "replace_graph_update"]


def open_store(folder: str | Path, endpoint: str | None = None, update_endpoint: str | None = None) -> GraphStore:
    """The remote server at ``endpoint`` when given, else the embedded store under ``folder``."""
    if endpoint:
        return SparqlStore(endpoint, update_endpoint)
    return OxigraphStore(Path(folder) / "oxigraph")
