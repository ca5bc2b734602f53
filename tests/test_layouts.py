"""Table layouts of real publishers that the seed renderings lack, built by
tests/fixtures/build_layouts.py (the numbers it put in are the expected facts): each is read
into rows whose arithmetic holds, with the strategy that found its cells."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from crawler.extract.records import DocumentRecords
from tests.conftest import FIXTURES, records_of

LAYOUTS = FIXTURES / "layouts"
FACTS = json.loads((LAYOUTS / "layouts.facts.json").read_text(encoding="utf-8"))
STRATEGIES = {"unruled-yuan": "aligned", "wrapped-labels": "column-rules", "level-row-shares-total": "ruled"}


def _primary(records: DocumentRecords) -> list[list]:
    return [[r.code, r.total, r.basic, r.project] for r in records.functional if r.primary]


@pytest.mark.parametrize("name", sorted(FACTS))
def test_layout_rows_as_printed(name: str) -> None:
    records = records_of(str(LAYOUTS / f"{name}.pdf"))
    expected = [[c, Decimal(t), Decimal(b), Decimal(p)] for c, t, b, p in FACTS[name]["rows"]]
    assert _primary(records) == expected
    assert records.totals.expenditure_total == Decimal(FACTS[name]["total"])


@pytest.mark.parametrize("name", sorted(FACTS))
def test_layout_table_strategy_and_arithmetic(name: str) -> None:
    records = records_of(str(LAYOUTS / f"{name}.pdf"))
    table = next(t for t in records.tables if t.kind in ("expenditure", "general_budget_expenditure"))
    assert (table.strategy, table.arithmetic) == (STRATEGIES[name], "holds")
    assert table.checks > 20 and table.failed == 0


def test_unruled_table_in_yuan_goes_to_the_graph_in_wan_yuan_with_the_printed_unit() -> None:
    records = records_of(str(LAYOUTS / "unruled-yuan.pdf"))
    row = next(r for r in records.functional if r.code == "2010101")
    assert (row.total, row.source.unit) == (Decimal("1234.56"), "元")


def test_label_wrapped_over_three_lines_stays_with_its_amounts() -> None:
    for name in ("unruled-yuan", "wrapped-labels"):
        row = next(r for r in records_of(str(LAYOUTS / f"{name}.pdf")).functional if r.code == "2080505")
        assert row.label == "机关事业单位基本养老保险缴费支出", name


def test_graph_says_per_table_how_it_was_read_and_whether_it_adds_up(tmp_path) -> None:
    """Every table states its reading strategy and arithmetic; verified_functional_expenditure
    keeps only tables whose arithmetic holds (here one table is made to fail)."""
    import copy

    from crawler.provenance import DocumentSource
    from graph.iris import document_iri
    from graph.mapping import records_to_graph
    from graph.query import query_text, rows_of
    from graph.store import open_store

    store = open_store(tmp_path / "store")
    try:
        for name in ("wrapped-labels", "level-row-shares-total"):
            path = LAYOUTS / f"{name}.pdf"
            records = copy.deepcopy(records_of(str(path)))
            if name == "level-row-shares-total":
                table = next(t for t in records.tables if t.kind == "general_budget_expenditure")
                table.failed = 1
            source = DocumentSource.for_file(path)
            store.replace_graph(document_iri(source.locator), records_to_graph(records, source))
        tables = rows_of(store.select("""PREFIX bgt: <https://w3id.org/budgetkg/def#>
            SELECT ?strategy ?arithmetic WHERE { GRAPH ?g { ?t bgt:primaryFunctionalTable true ;
            bgt:readingStrategy ?strategy ; bgt:arithmetic ?arithmetic } } ORDER BY ?strategy"""))
        assert [(r["strategy"], r["arithmetic"]) for r in tables] == [("column-rules", "holds"), ("ruled", "fails")]
        verified = rows_of(store.select(query_text("verified_functional_expenditure")))
        assert {r["doc"] for r in verified} == {"wrapped-labels.pdf"}
        assert len(verified) == len(FACTS["wrapped-labels"]["rows"])
    finally:
        store.close()
