"""The Python API: the graph as pandas DataFrames.

    from graph import connect

    with connect("data") as kg:                      # or connect(endpoint="http://host:7878/query")
        spend = kg.query("functional_expenditure")   # a named query of queries/
        health = kg.query("units_by_functional_code", code="2101202")   # with its parameters
        wenxian = kg.query("kpis", scope={"region": "温县", "year": 2024})  # over some documents only
        mine = kg.query("SELECT ?doc WHERE { GRAPH ?g { ?d bgt:fileName ?doc } }")  # known prefixes need no PREFIX

Columns keep their RDF types: codes and names are pandas ``string`` (``614``, never
``614.0``), amounts ``float64``, years and row numbers ``int64`` (``Int64`` where some are
missing). ``kg.solutions(...)`` streams rows instead, for answers too large for memory."""

from __future__ import annotations

import os
from pathlib import Path

from .query import QueryError, bind_parameters, named_queries, with_default_prefixes
from .results import Solutions, dataframe
from .scope import Scope, scope_graphs
from .store import GraphStore, open_store

DEFAULT_STORE = "./data"


class StoreMissing(FileNotFoundError):
    """A read was asked of a store folder that holds no graph (a typo in --store, or nothing
    ingested yet): reading must not create an empty store and answer nothing."""


def store_folder(folder: str | Path | None) -> Path:
    return Path(folder or os.environ.get("BUDGETKG_STORE") or DEFAULT_STORE)


def open_existing_store(folder: str | Path | None, endpoint: str | None = None,
                        update_endpoint: str | None = None) -> GraphStore:
    """The store to read from, opened read-only (while a crawl or an ingest writes it, its
    published snapshot is read); StoreMissing when the folder holds none."""
    if endpoint:
        return open_store(store_folder(folder), endpoint=endpoint, update_endpoint=update_endpoint, read_only=True)
    path = store_folder(folder)
    if not (path / "oxigraph").is_dir():
        raise StoreMissing(f"no graph store in {path} (expected {path / 'oxigraph'}): ingest, crawl or run the demo "
                           "first, or give --store DIR / $BUDGETKG_STORE or --endpoint URL")
    return open_store(path, read_only=True)


def resolve_query(query: str, bindings: dict[str, str] | None = None) -> str:
    """A named query (``totals``), a .rq file, or SPARQL text; parameters bound; the known
    prefixes declared where used."""
    queries = named_queries()
    if query in queries:
        text = queries[query].read_text(encoding="utf-8")
    elif query.endswith(".rq") and Path(query).is_file():
        text = Path(query).read_text(encoding="utf-8")
    elif "{" in query:
        text = query
    else:
        raise QueryError(f"no named query {query!r}; known: {', '.join(queries)}")
    return with_default_prefixes(bind_parameters(text, {k: str(v) for k, v in (bindings or {}).items()}))


class BudgetGraph:
    """An open graph (embedded store or SPARQL endpoint) answering queries as DataFrames."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def solutions(self, query: str, /, scope: Scope | dict | None = None, **bindings) -> Solutions:
        scope = Scope(**scope) if isinstance(scope, dict) else scope or Scope()
        return self.store.solutions(resolve_query(query, bindings), scope_graphs(self.store, scope))

    def query(self, query: str, /, scope: Scope | dict | None = None, **bindings):
        """The answer as a pandas DataFrame; ``bindings`` set the query's parameters; ``scope``
        (``{"region": "温县", "unit": "614", "year": 2024}``) limits it to those documents."""
        return dataframe(self.solutions(query, scope, **bindings))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "BudgetGraph":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(store: str | Path | None = None, endpoint: str | None = None,
            update_endpoint: str | None = None) -> BudgetGraph:
    """The graph in the store folder (default ./data or $BUDGETKG_STORE), or at a SPARQL
    endpoint."""
    return BudgetGraph(open_existing_store(store, endpoint, update_endpoint))
