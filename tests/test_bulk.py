"""Many documents at once (graph/bulk.py): batches of whole documents, one transaction each,
then disclosures and summaries settled once; the graph equals the one-by-one ingest's."""

import copy

from tests.conftest import DOCUMENTS, SEEDS, records_of

from graph.bulk import store_many
from graph.query import query_text, rows_of
from crawler.provenance import DocumentSource
from graph.store import open_store
from graph.store.base import load_vocabulary


def _answers(store) -> dict:
    return {name: sorted(map(repr, rows_of(store.select(query_text(name)))))
            for name in ("totals", "functional_expenditure", "kpis", "region_totals", "documents")}


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
    assert store_many(store, documents, known=set()) > 10000
    mine, seeds = _answers(store), _answers(seed_store)
    assert {k: v for k, v in mine.items() if k != "documents"} == {k: v for k, v in seeds.items() if k != "documents"}
    statuses = sorted(r["status"] for r in rows_of(store.select(query_text("documents"))))
    assert statuses == ["current"] * 5 + ["duplicate"]
    store.close()
