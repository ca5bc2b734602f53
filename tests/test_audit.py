"""The engine that runs the cross-check rules: rules as files, tolerances that explain
themselves, findings graphs renewed when a document (or the one it is compared with) changes,
``budgetkg validate`` and the ``findings`` query."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from graph.audit import rounding_tolerance
from graph.cli import main
from graph.iris import findings_graph_iri
from graph.load import load_document
from graph.query import query_text, rows_of
from graph.rules import RuleError, load_rules, parse_rule
from graph.store import open_store
from graph.store.base import load_vocabulary
from tests.conftest import FIXTURES
from tests.fixtures import build_crosscheck_documents as crosscheck

FINDINGS_IN = "PREFIX bgt: <https://w3id.org/budgetkg/def#> SELECT ?rule ?other WHERE { GRAPH <%s> { ?f bgt:rule ?rule . OPTIONAL { ?f bgt:otherDocument ?other } } }"


def test_a_rule_states_what_it_is(tmp_path):
    rule = tmp_path / "x.rq"
    rule.write_text("# id: x\n# family: summary\n# severity: error\n# tolerance: rounding\n# en: X\nSELECT ?g WHERE { }\n", encoding="utf-8")
    with pytest.raises(RuleError, match="header lacks zh"):
        parse_rule(rule)
    rule.write_text("# id: x\n# family: sums\n# severity: error\n# tolerance: rounding\n# zh: X\n# en: X\nSELECT ?g WHERE { }\n", encoding="utf-8")
    with pytest.raises(RuleError, match="family 'sums'"):
        parse_rule(rule)


def test_a_rule_runs_over_the_named_graphs_given(seed_store):
    rule = next(r for r in load_rules() if r.id == "summary.grand-balance")
    doc = rows_of(seed_store.select('PREFIX bgt: <https://w3id.org/budgetkg/def#> SELECT ?g WHERE { GRAPH ?g { ?g bgt:fileName "wenxian-2024-budget.pdf" } }'))[0]["g"]
    sparql = rule.sparql_over([doc])
    assert f"FROM NAMED <{doc}>\nWHERE" in sparql
    assert {r["g"] for r in rows_of(seed_store.select(sparql))} == {doc}
    assert len({r["g"] for r in rows_of(seed_store.select(rule.sparql))}) == 4  # every document with a 收支总表


def test_tolerance_is_the_rounding_of_the_printed_figures():
    assert rounding_tolerance(Decimal("7895.93"), Decimal("7895.9"), 2) == (
        Decimal("0.015"), "±0.015: rounding of 3 printed figures, ½ × 0.01 each")
    # amounts printed in 元 keep their finer digits
    assert rounding_tolerance(Decimal("12.3456"), Decimal("12.3457"), 1)[0] == Decimal("0.0001")
    # a narrative's 6万元 is rounded to the 万元
    assert rounding_tolerance(Decimal("6"), Decimal("6.4"), 1, Decimal(1))[0] == Decimal(1)


@pytest.fixture
def unit_store(tmp_path):
    """The four documents of one unit copied to a folder of their own and stored."""
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURES / "crosscheck", folder)
    store = open_store(tmp_path / "store")
    load_vocabulary(store)
    results = {p.name: load_document(store, p) for p in sorted(folder.glob("*.html"))}
    yield store, folder, {name: r.graph_iri for name, r in results.items()}
    if hasattr(store, "store"):  # a test may have closed it to hand the folder to the command line
        store.close()


def _rules_in(store, graph: str) -> list[tuple[str, str | None]]:
    return sorted((r["rule"], r["other"]) for r in rows_of(store.select(FINDINGS_IN % graph)))


def _with_reception(monkeypatch, amount: float) -> str:
    """The 2024 budget with its “三公” 公务接待费 printed as ``amount`` (the narrative unchanged)."""
    figures = dict(crosscheck.THREE_PUBLIC)
    overseas, purchase, operation, _ = figures[(2024, "budget")]
    narrative = crosscheck.narrative(2024, "budget")
    figures[(2024, "budget")] = (overseas, purchase, operation, amount)
    monkeypatch.setattr(crosscheck, "THREE_PUBLIC", figures)
    monkeypatch.setattr(crosscheck, "narrative", lambda year, phase: narrative)
    return crosscheck.document(2024, "budget")


def test_findings_across_documents_follow_either_document(unit_store, monkeypatch):
    store, folder, graphs = unit_store
    budget, final = graphs["wenxian-market-2024-budget.html"], graphs["wenxian-market-2024-final.html"]
    assert _rules_in(store, findings_graph_iri(final, across=True)) == []
    clean = (folder / "wenxian-market-2024-budget.html").read_text(encoding="utf-8")

    # the 2024 budget changes: the 2024 final account, unchanged, now disagrees with it
    (folder / "wenxian-market-2024-budget.html").write_text(_with_reception(monkeypatch, 4.0), encoding="utf-8")
    assert load_document(store, folder / "wenxian-market-2024-budget.html").ok
    across = _rules_in(store, findings_graph_iri(final, across=True))
    assert ("across-documents.final-vs-budget-three-public", budget) in across
    own = _rules_in(store, findings_graph_iri(budget))
    assert ("text.three-public", None) in own  # its narrative still says 8.00 in all
    assert _rules_in(store, findings_graph_iri(final)) == []

    # and back: the finding goes away with the error
    (folder / "wenxian-market-2024-budget.html").write_text(clean, encoding="utf-8")
    load_document(store, folder / "wenxian-market-2024-budget.html")
    assert _rules_in(store, findings_graph_iri(final, across=True)) == []
    assert _rules_in(store, findings_graph_iri(budget)) == []


def test_validate_prints_findings_by_family_with_their_cells(unit_store, monkeypatch, capsys, tmp_path):
    store, folder, graphs = unit_store
    (folder / "wenxian-market-2024-budget.html").write_text(_with_reception(monkeypatch, 4.0), encoding="utf-8")
    load_document(store, folder / "wenxian-market-2024-budget.html")
    store.close()
    assert main(["--store", str(tmp_path / "store"), "validate"]) == 1
    out = capsys.readouterr().out
    assert "== across-documents (跨文件（预决算、上下年）): " in out
    assert "== text (文字说明 ↔ 表): " in out
    block = out[out.index("across-documents.final-vs-budget-three-public"):]
    # the finding names both documents and the two printed figures it compares
    assert "wenxian-market-2024-final.html ↔ wenxian-market-2024-budget.html" in out
    assert "应为 4，实为 3" in block.splitlines()[0] or "应为 9，实为 8" in out
    assert "· table 3 «一般公共预算“三公”经费预算表» row 3" in out
    assert "SHACL conforms" in out and "SHACL violations" not in out.split("documents,")[0]


def test_findings_query_lists_rule_and_family(unit_store, monkeypatch):
    store, folder, graphs = unit_store
    (folder / "wenxian-market-2024-budget.html").write_text(_with_reception(monkeypatch, 4.0), encoding="utf-8")
    load_document(store, folder / "wenxian-market-2024-budget.html")
    rows = rows_of(store.select(query_text("findings")))
    found = {(r["doc"], r["family"], r["rule"], r["otherDoc"]) for r in rows}
    assert ("wenxian-market-2024-final.html", "across-documents", "across-documents.final-vs-budget-three-public",
            "wenxian-market-2024-budget.html") in found
    assert ("wenxian-market-2024-budget.html", "text", "text.three-public", None) in found
    reception = next(r for r in rows if r["rule"] == "across-documents.final-vs-budget-three-public" and "公务接待费" not in r["message"]
                     and r["expected"] == Decimal("4"))
    assert reception["found"] == Decimal("3") and reception["difference"] == Decimal("-1") and reception["tolerance"] == Decimal("0.01")
    assert "table 3 row" in reception["cells"]
