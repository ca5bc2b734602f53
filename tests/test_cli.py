import json
import subprocess
import sys

from conftest import BAD, DOCUMENTS

from graph.cli import main


def test_ingest_prints_a_line_per_document_and_exit_1_when_some_failed(tmp_path, capsys):
    status = main(["--store", str(tmp_path), "ingest", str(DOCUMENTS / "huailai-2024-budget.docx"), str(BAD / "encrypted.pdf")])
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert out[0].startswith("OK   huailai-2024-budget.docx: docx, 怀来县医疗保险中心 2024 budget, 8 tables")
    assert out[1].startswith("FAIL encrypted.pdf: encrypted:")
    saved = list((tmp_path / "records").glob("*.json"))
    assert len(saved) == 1
    assert json.loads(saved[0].read_text(encoding="utf-8"))["records"]["totals"]["income_total"] == "3714.62"


def test_ingest_folder_all_ok(tmp_path):
    assert main(["--store", str(tmp_path), "ingest", str(DOCUMENTS)]) == 0
    assert len(list((tmp_path / "records").glob("*.json"))) == 5


def test_bad_usage_exits_2():
    result = subprocess.run([sys.executable, "-m", "graph.cli", "no-such-command"], capture_output=True)
    assert result.returncode == 2
