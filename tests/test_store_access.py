"""One writer at a time, told plainly; readers read while a writer writes (issue 14)."""

import json
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest
from tests.conftest import DOCUMENTS

from graph.load import load_document
from graph.store import open_store
from graph.serve import free_port, wait_for_port
from graph.store.base import load_vocabulary

WENXIAN = DOCUMENTS / "wenxian-2024-budget.pdf"
HUAILAI = DOCUMENTS / "huailai-2024-budget.docx"


def _cli(*argv, timeout=300):
    return subprocess.run([sys.executable, "-m", "graph.cli", *map(str, argv)], capture_output=True, text=True,
                          timeout=timeout)


def _totals_docs(stdout: str) -> set[str]:
    return {r["doc"]["value"] for r in json.loads(stdout)["results"]["bindings"]}


def test_a_second_writer_is_refused_with_one_line(tmp_path):
    writer = open_store(tmp_path)
    load_vocabulary(writer)  # this process now writes the store
    try:
        refused = _cli("--store", tmp_path, "ingest", HUAILAI, "--wait", "0")
    finally:
        writer.close()
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr and "LOCK" not in refused.stderr
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"ingest: the store {tmp_path} is being written by pid "), lines
    assert "try again when it is done" in lines[0]


def _ingest_waiting_for(holder, store, word: str) -> tuple[int, str, str]:
    """Start an ingest while ``holder`` holds the store; let go once the ingest says it waits."""
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "--store", str(store), "ingest", str(HUAILAI),
                             "--wait", "60"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = proc.stderr.readline()  # blocks until the ingest says it waits
    holder.close()
    out, err = proc.communicate(timeout=300)
    assert word in said, said + err
    return proc.returncode, out, said + err


def test_a_second_writer_waits_for_the_first_and_says_so(tmp_path):
    writer = open_store(tmp_path)
    load_vocabulary(writer)
    status, out, err = _ingest_waiting_for(writer, tmp_path, "is being written by pid")
    assert status == 0, err
    assert "waiting up to 60 s" in err
    assert out.startswith("OK   huailai-2024-budget.docx")


def test_a_query_answers_while_another_process_writes(tmp_path):
    assert _cli("--store", tmp_path, "ingest", WENXIAN).returncode == 0
    writer = open_store(tmp_path)
    try:
        assert load_document(writer, HUAILAI).ok  # written, not yet in the snapshot readers see
        answer = _cli("--store", tmp_path, "query", "totals", "--format", "json")
        assert answer.returncode == 0, answer.stderr
        assert _totals_docs(answer.stdout) == {"wenxian-2024-budget.pdf"}
        assert "is being written by pid" in answer.stderr and "reading its snapshot published-" in answer.stderr
    finally:
        writer.close()
    # the writer gone, readers read the live store again, and its published snapshots are gone
    after = _cli("--store", tmp_path, "query", "totals", "--format", "json")
    assert _totals_docs(after.stdout) == {"wenxian-2024-budget.pdf", "huailai-2024-budget.docx"}
    assert after.stderr == ""
    assert not list((tmp_path / "snapshots").glob("published-*"))


def test_a_writer_waits_for_a_reader_to_finish(tmp_path):
    assert _cli("--store", tmp_path, "ingest", WENXIAN).returncode == 0
    reader = open_store(tmp_path, read_only=True)
    assert reader.select("ASK { GRAPH ?g { ?s ?p ?o } }")["boolean"] is True
    status, out, err = _ingest_waiting_for(reader, tmp_path, "is being read")
    assert status == 0, err
    assert out.startswith("OK   huailai-2024-budget.docx")


def test_serve_starts_and_answers_while_another_process_writes(tmp_path):
    if shutil.which("oxigraph") is None:
        pytest.skip("oxigraph server not installed")
    assert _cli("--store", tmp_path, "ingest", WENXIAN).returncode == 0
    writer = open_store(tmp_path)
    load_vocabulary(writer)
    port = free_port()
    served = subprocess.Popen([sys.executable, "-m", "graph.cli", "--store", str(tmp_path), "serve", "--port",
                               str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert served.stdout.readline().startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/sparql")
        wait_for_port("127.0.0.1", port)
        url = f"http://127.0.0.1:{port}/sparql?query=" + urllib.parse.quote(
            "SELECT ?doc WHERE { GRAPH ?g { ?d <https://w3id.org/budgetkg/def#fileName> ?doc } }")
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})) as r:
            docs = {b["doc"]["value"] for b in json.load(r)["results"]["bindings"]}
        assert docs == {"wenxian-2024-budget.pdf"}
    finally:
        served.terminate()
        served.wait(10)
        writer.close()
