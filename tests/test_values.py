from decimal import Decimal

import pytest

from crawler.extract.values import amount_factor, parse_amount, parse_target, three_public_item


@pytest.mark.parametrize(
    "printed,operator,value,unit",
    [
        ("≥95%", "≥", "95", "%"),
        ("≤30工作日", "≤", "30", "工作日"),
        ("380元", None, "380", "元"),
        ("≥3.6万人", "≥", "3.6", "万人"),
        ("350元/人", None, "350", "元/人"),
        ("≤5766196.95", "≤", "5766196.95", None),
        ("=1569平方米", "=", "1569", "平方米"),
        ("≥4 个", "≥", "4", "个"),
        ("不低于95%", "≥", "95", "%"),
    ],
)
def test_kpi_target_parsed(printed, operator, value, unit):
    t = parse_target(printed)
    assert (t.operator, t.value, t.unit) == (operator, Decimal(value), unit)


@pytest.mark.parametrize("printed", ["有所提升", "不低于上年", "2023年全年", "成效显著", "应资尽资"])
def test_qualitative_target_kept_as_text(printed):
    t = parse_target(printed)
    assert (t.text, t.operator, t.value, t.unit) == (printed, None, None, None)


@pytest.mark.parametrize("text,value", [("7,895.93", "7895.93"), ("0.00", "0"), ("5", "5"), ("", None), ("-", None), ("合计", None)])
def test_amounts(text, value):
    assert parse_amount(text) == (Decimal(value) if value is not None else None)


def test_amounts_in_yuan_become_wan_yuan():
    factor, unit = amount_factor(["部门名称：X", "单位：元"])
    assert unit == "元" and Decimal("5766196.95") * factor == Decimal("576.619695")


@pytest.mark.parametrize("label,item", [("一、因公出国（境）费", "overseas"), ("其中：公务用车购置费", "vehicle_purchase"), ("公务用车运行维护费", "vehicle_operation"), ("“三公”经费合计", "total"), ("其中：教学科研人员因公出国（境）费", None)])
def test_three_public_labels(label, item):
    assert three_public_item(label) == item
