"""Facts read by hand from real published documents (tests/fixtures/real/*.facts.json, see its
README) against what the readers make of the same documents: unit, year and phase; the
totals; a sample of functional rows (first, last, across page breaks, each level); “三公”.
One test per document and kind of fact, so a failure names both."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, records_of

REAL_ROOT = FIXTURES.parent.parent.parent / "shared" / "real"
FACTS = sorted((FIXTURES / "real").glob("*.facts.json"))
SECTIONS = ["document", "totals", "functional", "three_public"]


def _facts(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _records(facts: dict):
    document = REAL_ROOT / facts["file"]
    if not document.exists():
        pytest.skip(f"real document not found at {document}")
    return records_of(str(document))


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("facts_file", FACTS, ids=[f.name.removesuffix(".facts.json") for f in FACTS])
def test_real_document_facts(facts_file: Path, section: str) -> None:
    facts = _facts(facts_file)
    records = _records(facts)
    if section == "document":
        d = records.document
        assert (d.unit_name, d.unit_code, d.year, d.phase) == (facts["unit_name"], facts["unit_code"], facts["year"], facts["phase"])
    elif section == "totals":
        t = records.totals
        got = {k: getattr(t, k) for k in facts["totals"]}
        assert got == {k: _d(v) for k, v in facts["totals"].items()}, facts["totals_source"]
    elif section == "functional":
        # the primary table's rows; a 类 it does not list, from the table that does (收支总表)
        rows = {r.code: r for r in records.functional if not r.primary} | {r.code: r for r in records.functional if r.primary}
        expected = [(f["code"], _d(f["total"]), _d(f["basic"]), _d(f["project"])) for f in facts["functional"]]
        got = [(f["code"], *((rows[f["code"]].total, rows[f["code"]].basic if f["basic"] is not None else None,
                               rows[f["code"]].project if f["project"] is not None else None) if f["code"] in rows else (None, None, None)))
               for f in facts["functional"]]
        assert got == expected, facts["functional_source"]
    elif section == "three_public":
        expected = facts["three_public"]
        measure = "final" if facts["phase"] == "final" else "budget"
        got = {r.item: r.amount for r in records.three_public if r.measure == measure}
        if expected is None:
            assert got == {}
        else:
            assert {k: got.get(k) for k in expected} == {k: _d(v) for k, v in expected.items()}, facts["three_public_source"]
