"""Many documents at once (graph/bulk.py): new documents in batches written by the store's bulk
loader, then summaries and findings across documents renewed once per batch; the answers equal
the one-by-one ingest's."""

import copy

import pytest

import graph.bulk
from tests.conftest import DOCUMENTS, SEEDS, records_of

from graph.bulk import renew_pending, store_many
from graph.query import query_text, rows_of
from crawler.provenance import DocumentSource
from graph.store import open_store
from graph.store.base import load_vocabulary


def _answers(store) -> dict:
    return {name: sorted(map(repr, rows_of(store.select(query_text(name)))))
            for name in ("totals", "functional_expenditure", "kpis", "region_totals", "documents", "findings")}


def test_bulk_store_gives_the_graph_of_one_by_one_ingest(seed_store, tmp_path):

    store = open_store(tmp_path)
    load_vocabulary(store)
    documents = []
    for name in SEEDS.values():
        path = DOCUMENTS / name
        documents.append((records_of(str(path)), DocumentSource.for_file(path)))
    # the 内乡 决算 a second time under another URL: a copy, settled after the batch
    records, source = documents[2]
    documents.append((copy.deepcopy(records), DocumentSource("https://nx.example/copy.pdf", source.sha256)))
    batches = []
    load_batch = store.load_batch
    store.load_batch = lambda nquads: (batches.append(nquads.count(b" .\n")), load_batch(nquads))
    assert store_many(store, documents, known={}) > 10000
    # the five new documents in one batch; the copy of one of them after it, on its own
    assert len(batches) == 1 and batches[0] > 10000
    mine, seeds = _answers(store), _answers(seed_store)
    assert {k: v for k, v in mine.items() if k != "documents"} == {k: v for k, v in seeds.items() if k != "documents"}
    statuses = sorted(r["status"] for r in rows_of(store.select(query_text("documents"))))
    assert statuses == ["current"] * 5 + ["duplicate"]
    store.close()


def test_a_batch_that_fails_midway_leaves_the_store_as_it_was(tmp_path):
    """The bulk loader adds a batch's index files in one step: a batch broken after many
    whole documents adds none of them, and what was stored before stays."""
    store = open_store(tmp_path)
    store.load_batch(b'<https://x.example/a> <https://x.example/p> "kept" <https://x.example/doc/0> .\n')
    documents = b"".join(b'<https://x.example/s%d> <https://x.example/p> "%d" <https://x.example/doc/%d> .\n'
                         % (i, i, i // 1000 + 1) for i in range(200_000))
    with pytest.raises(SyntaxError):
        store.load_batch(documents + b'<https://x.example/s> <https://x.example/p> "cut off\n')
    assert len(store) == 1
    assert store.select('SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }')["results"]["bindings"][0]["o"]["value"] == "kept"
    store.close()


def test_the_files_of_a_first_import_are_merged_not_those_of_a_few_documents_more(tmp_path):
    store = open_store(tmp_path)
    first = b"".join(b'<https://x.example/s%d> <https://x.example/p> "%d" <https://x.example/doc/%d> .\n'
                     % (i, i, i // 1000) for i in range(100_000))
    store.load_batch(first)
    assert store.settle_bulk_loads()
    store.load_batch(b'<https://x.example/t> <https://x.example/p> "1" <https://x.example/doc/new> .\n')
    assert not store.settle_bulk_loads()
    assert len(store) == 100_001
    store.close()


def test_a_load_cut_short_before_the_summary_is_finished_by_the_next_one(seed_store, tmp_path, monkeypatch):
    """The batch is stored, then the process dies before its summary slices and findings across
    documents are renewed: the documents it left waiting are renewed by the next load."""
    store = open_store(tmp_path)
    load_vocabulary(store)
    documents = [(records_of(str(DOCUMENTS / name)), DocumentSource.for_file(DOCUMENTS / name)) for name in SEEDS.values()]

    def dies(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(graph.bulk, "refresh", dies)
    with pytest.raises(KeyboardInterrupt):
        store_many(store, documents, known={})
    assert rows_of(store.select(query_text("region_totals"))) == []
    monkeypatch.undo()
    assert len(renew_pending(store)) == len(SEEDS)
    assert _answers(store) == _answers(seed_store)
    assert renew_pending(store) == []  # nothing waits any more
    store.close()


def test_documents_read_slowly_are_stored_without_waiting_for_a_full_batch(tmp_path, monkeypatch):
    """A batch waits at most BATCH_SECONDS for more documents: with none to wait, each document
    is its own batch (a slow ingest prints and stores each one as it comes)."""
    monkeypatch.setattr(graph.bulk, "BATCH_SECONDS", 0.0)
    store = open_store(tmp_path)
    load_vocabulary(store)
    batches = []
    load_batch = store.load_batch
    store.load_batch = lambda nquads: (batches.append(nquads), load_batch(nquads))
    names = list(SEEDS.values())[:3]
    store_many(store, [(records_of(str(DOCUMENTS / n)), DocumentSource.for_file(DOCUMENTS / n)) for n in names], known={})
    assert len(batches) == 3
    store.close()
