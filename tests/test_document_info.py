"""A unit's name is never a caption's label, a heading or a total; the cover's year beats a
date printed on it."""

import pytest

from crawler.extract.document_info import clean_unit_name, is_unit_name


@pytest.mark.parametrize("printed,name", [
    ("预算主管部门：上海市规划和自然资源局", "上海市规划和自然资源局"),
    ("部门（单位）：烟台市司法局 单位：万元", "烟台市司法局"),
    ("编制单位：上海交通职业技术学院 单位：元", "上海交通职业技术学院"),
    ("北京市某某局单位代码：705001", "北京市某某局"),
    ("2026年烟台市交通运输局", "烟台市交通运输局"),
])
def test_printed_unit_names_are_cleaned_of_their_labels(printed, name):
    assert clean_unit_name(printed) == name and is_unit_name(name)


@pytest.mark.parametrize("text", ["合计", "项目名称", "单位：万元", "部门预算", "目录", "第一部分 部门概况"])
def test_labels_headings_and_totals_are_not_unit_names(text):
    assert not is_unit_name(clean_unit_name(text))


def test_a_name_with_project_inside_is_a_name():
    assert is_unit_name("北京市重大项目建设指挥部办公室")
