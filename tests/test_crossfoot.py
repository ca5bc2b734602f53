"""Cross-footing reports mismatches as findings and corrects nothing."""

import copy
from decimal import Decimal

from crawler.crossfoot import crossfoot


def test_mismatch_in_functional_hierarchy_becomes_a_finding(seed_records):
    records = copy.deepcopy(seed_records["chengan-2023-budget"])
    row = next(r for r in records.functional if r.primary and r.code == "2101202")
    row.total = Decimal("4750.30")  # one 万元 off
    findings = crossfoot(records)
    rules = {f.rule for f in findings}
    assert "functional-hierarchy" in rules
    assert "basic-plus-project" in rules
    assert row.total == Decimal("4750.30")


def test_three_public_total_checked(seed_records):
    records = copy.deepcopy(seed_records["wenxian-2024-budget"])
    next(r for r in records.three_public if r.item == "reception").amount = Decimal("2")
    assert "three-public-total" in {f.rule for f in crossfoot(records)}


def test_rounding_within_tolerance_is_not_a_finding(seed_records):
    records = copy.deepcopy(seed_records["wenxian-2024-budget"])
    next(r for r in records.three_public if r.item == "reception").amount = Decimal("1.005")
    assert "three-public-total" not in {f.rule for f in crossfoot(records)}
