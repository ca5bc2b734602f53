"""Store guarantees: stable IRIs, one named graph per document replaced whole, crash safety,
the same commands against a real SPARQL server, exports that reload unchanged."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from crawler.provenance import DocumentSource
from graph.iris import DEF, document_iri
from graph.load import load_document
from graph.mapping import records_to_graph
from graph.query import query_text, rows_of
from graph.serve import free_port, wait_for_port
from graph.store import OxigraphStore, SparqlStore, open_store
from graph.store.base import document_checksums, load_vocabulary
from graph.validate import validate_graph
from tests.conftest import DOCUMENTS, SEEDS, records_of

ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def _quads(store) -> set:
    return {tuple(b[v]["value"] for v in "spog") for b in store.select(ALL_QUADS)["results"]["bindings"]}


def test_reingest_is_idempotent_same_triples_same_iris(tmp_path):
    store = open_store(tmp_path)
    for name in SEEDS.values():
        load_document(store, DOCUMENTS / name)
    first = _quads(store)
    for name in SEEDS.values():  # forced: no checksum skip
        load_document(store, DOCUMENTS / name)
    assert _quads(store) == first
    assert len(first) > 13000
    store.close()


def test_changed_document_replaces_its_graph(tmp_path):
    store = open_store(tmp_path / "store")
    path = tmp_path / "county-2024-budget.pdf"
    shutil.copy(DOCUMENTS / "wenxian-2024-budget.pdf", path)
    first = load_document(store, path)
    assert first.status == "loaded"
    # the bureau republishes under the same name: the lankao workbook (sniffed from its bytes)
    shutil.copy(DOCUMENTS / "lankao-2024-budget.xlsx", path)
    second = load_document(store, path, known=document_checksums(store))
    assert second.status == "replaced" and second.graph_iri == first.graph_iri
    graphs = {b["g"]["value"] for b in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")["results"]["bindings"]}
    # the summary slice of the region the document is now in (derived, refreshed with it); 温县's slice is gone
    summary = "https://w3id.org/budgetkg/graph/summary/2024/410225"
    assert graphs == {first.graph_iri, summary}
    assert len({q for q in _quads(store) if q[3] != summary}) == second.triples
    (row,) = rows_of(store.select(query_text("totals")))
    assert (row["doc"], str(row["incomeTotal"])) == ("county-2024-budget.pdf", "4008.58")
    # the summary holds the new bytes' figures only (兰考's 210 top rows); 温县's are gone
    assert [(r["region"], r["code"], str(r["amount"])) for r in rows_of(store.select(query_text("region_totals")))] == [
        ("兰考县", "210", "4008.57")]
    # and the slice itself, not only the answer (which shows regions some document still names)
    regions = store.select(f"SELECT DISTINCT ?r WHERE {{ GRAPH <{summary}> {{ ?s <https://w3id.org/budgetkg/def#region> ?r }} }}")
    assert [b["r"]["value"] for b in regions["results"]["bindings"]] == ["https://w3id.org/budgetkg/id/region/410225"]
    store.close()


def test_a_summary_of_the_earlier_layout_is_rebuilt_not_counted_twice(tmp_path):
    store = open_store(tmp_path / "store")
    load_document(store, DOCUMENTS / "wenxian-2024-budget.pdf")
    before = rows_of(store.select(query_text("region_totals")))
    # as an earlier version wrote it: one graph per year holding every region's slice
    store.update("""INSERT { GRAPH <https://w3id.org/budgetkg/graph/summary/2024> { ?s ?p ?v } }
                    WHERE { GRAPH <https://w3id.org/budgetkg/graph/summary/2024/410825> { ?s ?p ?v } } ;
                    DROP GRAPH <https://w3id.org/budgetkg/graph/summary/2024/410825>""")
    assert rows_of(store.select(query_text("region_totals"))) == before
    load_document(store, DOCUMENTS / "lankao-2024-budget.xlsx")
    graphs = {b["g"]["value"] for b in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")["results"]["bindings"]}
    assert {g for g in graphs if "/summary/" in g} == {"https://w3id.org/budgetkg/graph/summary/2024/410825",
                                                      "https://w3id.org/budgetkg/graph/summary/2024/410225"}
    after = rows_of(store.select(query_text("region_totals")))
    assert [r for r in after if r["region"] == "温县"] == before and {r["region"] for r in after} == {"温县", "兰考县"}
    store.close()


def test_every_observation_traces_to_document_table_and_row(seed_store):
    orphans = seed_store.select("""
        PREFIX qb: <http://purl.org/linked-data/cube#> PREFIX bgt: <https://w3id.org/budgetkg/def#>
        SELECT ?o WHERE { GRAPH ?g { ?o a qb:Observation .
          FILTER NOT EXISTS { ?o qb:dataSet/bgt:document ?g ; bgt:sourceRow|bgt:sourceNote ?where } } }""")
    assert orphans["results"]["bindings"] == []


_WRITER = """
import sys
from crawler.provenance import DocumentSource, sha256_of
from graph.load import load_document
from graph.store import open_store
store = open_store(sys.argv[1])
path = sys.argv[2]
sha = sha256_of(path)
for i in range(10000):
    load_document(store, path, DocumentSource(f"https://county.example/doc/{i}.docx", sha))
    print(i, flush=True)
"""


def test_kill_during_ingest_leaves_whole_documents_only(tmp_path):
    doc = DOCUMENTS / "huailai-2024-budget.docx"
    records_graph = records_to_graph(
        records_of(str(doc)), DocumentSource("https://county.example/doc/0.docx", "0" * 64))
    whole = len(records_graph)
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), str(doc)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    for _ in range(6):  # let it write some documents, then kill it mid-stream without warning
        proc.stdout.readline()
    time.sleep(0.37)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = open_store(tmp_path)
    # the documents' graphs (not the summary graph), without the markers that tell the copies
    # of one disclosure apart (the same file under many URLs: one canonical, the rest duplicates)
    counts = store.select("""
        SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g a <https://w3id.org/budgetkg/def#Document> . ?s ?p ?o
          FILTER (?p NOT IN (<https://w3id.org/budgetkg/def#duplicateOf>, <http://www.w3.org/ns/prov#alternateOf>)) } }
        GROUP BY ?g""")["results"]["bindings"]
    assert len(counts) >= 6
    assert {int(c["n"]["value"]) for c in counts} == {whole}
    store.close()


def test_shacl_reports_a_broken_graph():
    graph = Graph()
    doc = URIRef(document_iri("x"))
    graph.add((doc, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), DEF.Document))
    graph.add((doc, DEF.fileName, Literal("x.pdf")))
    graph.add((doc, DEF.sha256, Literal("not-a-hash")))
    graph.add((doc, DEF.fiscalYear, Literal(1850)))
    conforms, messages = validate_graph(graph)
    assert not conforms
    assert any("sha256" in m for m in messages) and any("fiscal year" in m for m in messages)


def test_seed_graphs_conform_to_shapes(seed_store):
    from graph.validate import validate_store

    reports = validate_store(seed_store)
    assert len(reports) == 5 and all(r.conforms for r in reports), [r.violations[:3] for r in reports]


@pytest.mark.parametrize("fmt,rdflib_format", [("trig", "trig"), ("nq", "nquads")])
def test_quad_exports_reload_unchanged(seed_store, tmp_path, fmt, rdflib_format):
    from graph.export_rdf import export_rdf

    out = tmp_path / f"export.{fmt}"
    export_rdf(seed_store, str(out), fmt)
    dataset = Dataset()
    dataset.parse(out, format=rdflib_format)
    reloaded = {(s.n3(), p.n3(), o.n3(), g.n3()) for s, p, o, g in dataset.quads() if g is not None}
    assert len(reloaded) == len(_quads(seed_store))  # rdflib reads it (it normalises some literals)
    again = OxigraphStore(tmp_path / "other")
    again.bulk_load(out, fmt)
    assert _quads(again) == _quads(seed_store)


def test_turtle_export_is_the_union(seed_store, tmp_path):
    from graph.export_rdf import export_rdf

    out = tmp_path / "export.ttl"
    export_rdf(seed_store, str(out), "ttl")
    graph = Graph().parse(out, format="turtle")
    assert len(graph) == len({q[:3] for q in _quads(seed_store)})
    again = OxigraphStore(tmp_path / "other")
    again.bulk_load(out, "ttl")
    union = {tuple(b[v]["value"] for v in "spo") for b in again.select("SELECT * WHERE { ?s ?p ?o }")["results"]["bindings"]}
    assert union == {q[:3] for q in _quads(seed_store)}


@pytest.fixture
def oxigraph_server(tmp_path):
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port("127.0.0.1", port)
    yield f"http://127.0.0.1:{port}/query"
    proc.terminate()
    proc.wait(10)


def test_same_commands_against_a_sparql_server(oxigraph_server, tmp_path, seed_store):
    from graph.cli import main

    assert main(["--endpoint", oxigraph_server, "ingest", *(str(DOCUMENTS / n) for n in SEEDS.values())]) == 0
    remote = SparqlStore(oxigraph_server)
    for name in ("totals", "functional_expenditure", "kpis", "three_public"):
        assert rows_of(remote.select(query_text(name))) == rows_of(seed_store.select(query_text(name))), name
    assert main(["--endpoint", oxigraph_server, "validate"]) == 0
    out = tmp_path / "remote.nq"
    assert main(["--endpoint", oxigraph_server, "export", "--format", "nq", "-o", str(out)]) == 0
    again = OxigraphStore(tmp_path / "other")
    again.bulk_load(out, "nq")
    assert _quads(again) == _quads(seed_store)
    # the server knows what it holds: a second ingest of the same bytes writes nothing
    assert document_checksums(remote) == document_checksums(seed_store)
    out = subprocess.run([sys.executable, "-m", "graph.cli", "--endpoint", oxigraph_server, "ingest", str(DOCUMENTS)],
                         capture_output=True, text=True, check=True).stdout
    assert [line[:4] for line in out.splitlines()] == ["SAME"] * 5
