"""Performance targets (绩效目标) and self-evaluations (绩效自评) → Indicator (and the
projects these forms name, with their codes and amounts).

Three layouts:
- wide (wenxian, lankao 项目绩效目标表): one row per project, (三级指标, 指标值) column pairs under
  成本/产出/效益/满意度 headings, extra indicators on continuation rows;
- per-project forms (chengan, huailai) and 部门整体绩效目标表: a 一级/二级/三级指标 header in the
  middle of the form, levels filled down;
- self-evaluation forms (neixiang): the same plus 实际完成值, 分值, 得分, 偏差度."""

from __future__ import annotations

import re
from decimal import Decimal

from ..read.model import Table
from ..read.text import squash
from .columns import cell, column_paths, find_column, find_header_row, index_of, path_text
from .context import TableContext
from .records import Indicator, Project, SourceRef, TableRecords
from .values import level1_for, parse_amount, parse_target

DEPARTMENT = "部门整体"
NOT_APPLICABLE = {"未涉及", "无", "/", "-", "—", ""}
_PROJECT_CODE = re.compile(r"^[0-9A-Z]{12,}$")
_TITLE_DECOR = re.compile(r"^(\d+|[一二三四五六七八九十]+)[、.．]\s*|(项目)?(支出)?绩效(目标|自评)(申报)?(情况)?表$")


def _indicator(project: str, code: str | None, level1: str | None, level2: str | None, name: str, target: str, source: SourceRef, **extra) -> Indicator:
    parsed = parse_target(target)
    if level1 is None and level2:
        level1 = level1_for(level2)
    return Indicator(
        project_name=project,
        project_code=code,
        level1=level1 or None,
        level2=level2 or None,
        indicator=name,
        target=parsed.text,
        operator=parsed.operator,
        value=parsed.value,
        value_unit=parsed.unit,
        source=source,
        **extra,
    )


def extract_wide_targets(table: Table, ctx: TableContext) -> tuple[list[Indicator], list[Project], dict[str, str]]:
    paths = column_paths(table)
    code_col = find_column(paths, "编码")
    name_col = find_column(paths, "名称")
    total_col = find_column(paths, "资金总额", "合计")
    fund_cols = [c for c in range(len(paths)) if total_col is not None and total_col < c and "资金" in path_text(paths[c]) and "指标" not in path_text(paths[c])]
    pairs = []
    for c, path in enumerate(paths):
        if path and path[-1] == "三级指标":
            level1 = next((p for p in reversed(path[:-1]) if p.endswith("指标")), None)
            pairs.append((c, c + 1, level1))
    indicators: list[Indicator] = []
    projects: list[Project] = []
    units: dict[str, str] = {}
    current: Project | None = None
    for number, row in enumerate(table.body, start=table.header_rows + 1):
        code = squash(cell(row, code_col))
        name = squash(cell(row, name_col))
        has_kpi = any(squash(cell(row, a)) for a, _, _ in pairs)
        if code and _PROJECT_CODE.match(code) or (name and not code and has_kpi and current is None):
            total = parse_amount(cell(row, total_col))
            funds = {path_text(paths[c]): parse_amount(cell(row, c)) * ctx.factor for c in fund_cols if parse_amount(cell(row, c))}
            current = Project(name=name, code=code or None, category=None, amount=(total or Decimal(0)) * ctx.factor, funds=funds, source=ctx.source(table, number))
            projects.append(current)
        elif code or (name and not has_kpi):
            if code:
                units[code] = name
            current = None
            continue
        if current is None:
            continue
        for ind_col, val_col, level1 in pairs:
            name_text = squash(cell(row, ind_col))
            if name_text in NOT_APPLICABLE:
                continue
            indicators.append(_indicator(current.name, current.code, level1, None, name_text, cell(row, val_col), ctx.source(table, number)))
    return indicators, projects, units


def _form_project(table: Table, header_index: int, ctx: TableContext) -> Project:
    """Project name, code and amount printed above a per-project form's indicator header."""
    name = code = None
    amount = None
    for row in table.rows[:header_index]:
        cells = [squash(c) for c in row]
        for i, text in enumerate(cells):
            after = [c for c in cells[i + 1:] if c and c != text]
            if text == "项目名称" and after and name is None:
                name = after[0]
            elif text == "项目编码" and after and code is None:
                code = after[0]
            elif text in ("预算数", "年度资金总额", "资金总额") and after and amount is None:
                amount = next((parse_amount(c) for c in after if parse_amount(c) is not None), None)
    if not name:
        name = _TITLE_DECOR.sub("", _TITLE_DECOR.sub("", table.title)) or table.title
    return Project(name=name, code=code, category=None, amount=amount * ctx.factor if amount is not None else None, source=ctx.source(table, 1))


def extract_form_targets(table: Table, department: bool, ctx: TableContext) -> tuple[list[Indicator], list[Project]]:
    h = find_header_row(table, "一级指标", "三级指标")
    if h is None:
        return [], []
    head = table.rows[h]
    l1, l2, l3 = index_of(head, "一级指标"), index_of(head, "二级指标"), index_of(head, "三级指标")
    target_col = index_of(head, "指标值")
    desc_col = index_of(head, "绩效指标描述", "指标值说明", "指标说明")
    project = None if department else _form_project(table, h, ctx)
    indicators = []
    level1 = level2 = None
    for number, row in enumerate(table.rows[h + 1:], start=h + 2):
        name = squash(cell(row, l3))
        level1 = squash(cell(row, l1)) or level1
        level2 = squash(cell(row, l2)) or level2
        if name in NOT_APPLICABLE or name in ("三级指标",):
            continue
        indicators.append(
            _indicator(
                DEPARTMENT if department else project.name,
                None if department else project.code,
                level1, level2, name, cell(row, target_col),
                ctx.source(table, number),
                description=squash(cell(row, desc_col)) or None,
            )
        )
    return indicators, ([] if project is None else [project])


def _self_evaluation_name(table: Table) -> str | None:
    """The 项目名称 cell; where a form repeats the unit's name there (neixiang's 征缴管理费), the
    project's name printed above the form."""
    name = owner = None
    for row in table.rows[:4]:
        cells = [squash(c) for c in row]
        for i, text in enumerate(cells):
            after = [c for c in cells[i + 1:] if c and c != text]
            if text == "项目名称" and after:
                name = after[0]
            elif text in ("主管部门", "实施单位") and after:
                owner = owner or after[0]
    if name and owner and name == owner:
        lines = [squash(t) for t in table.context if squash(t) != table.title and not re.match(r"^\d{4}年\d{1,2}月", squash(t))]
        if lines:
            return lines[-1]
    return name


def extract_self_evaluation(table: Table, ctx: TableContext) -> tuple[list[Indicator], list[Project]]:
    name = _self_evaluation_name(table) or table.title
    project = Project(name=name, code=None, category=None, amount=None, source=ctx.source(table, 1))
    fund_head = find_header_row(table, "年初预算数", "全年执行数")
    if fund_head is not None:
        head = table.rows[fund_head]
        cols = {key: index_of(head, key) for key in ("年初预算数", "全年预算数", "全年执行数")}
        for row in table.rows[fund_head + 1: fund_head + 6]:
            if any("年度资金总额" in squash(c) for c in row):
                values = {k: parse_amount(cell(row, c)) for k, c in cols.items()}
                project.budget_initial = values["年初预算数"] * ctx.factor if values["年初预算数"] is not None else None
                project.budget_full_year = values["全年预算数"] * ctx.factor if values["全年预算数"] is not None else None
                project.executed = values["全年执行数"] * ctx.factor if values["全年执行数"] is not None else None
                project.amount = project.executed
                break
    h = find_header_row(table, "一级指标", "三级指标")
    if h is not None:
        head = table.rows[h]
        cols = {
            "l1": index_of(head, "一级指标"), "l2": index_of(head, "二级指标"), "l3": index_of(head, "三级指标"),
            "target": index_of(head, "年度指标值", "指标值"), "actual": index_of(head, "实际完成值", "实际值完成值", "实际值"),
            "weight": index_of(head, "分值"), "score": index_of(head, "得分"), "deviation": index_of(head, "偏差度"),
        }
        start = h + 1
    else:
        # the form lost its indicator header (neixiang's last form): standard column order
        cols = dict(l1=0, l2=1, l3=2, target=3, actual=4, weight=5, score=6, deviation=7)
        start = next((i for i, r in enumerate(table.rows) if squash(cell(r, 1)).endswith("指标")), len(table.rows))
    indicators = []
    level1 = level2 = None
    for number, row in enumerate(table.rows[start:], start=start + 1):
        first = squash(cell(row, 0))
        if first.startswith("总分"):
            project.score = parse_amount(cell(row, cols["score"]))
            if project.score is None:
                project.score = next((parse_amount(c) for c in reversed(row) if parse_amount(c) is not None), None)
            break
        l2_text = squash(cell(row, cols["l2"]))
        if h is None and not (l2_text.endswith("指标") or (not l2_text and level2)):
            continue
        level1 = squash(cell(row, cols["l1"])) or level1
        level2 = l2_text or level2
        name_text = squash(cell(row, cols["l3"]))
        if name_text in NOT_APPLICABLE:
            continue
        indicators.append(
            _indicator(
                project.name, None, level1, level2, name_text, cell(row, cols["target"]),
                ctx.source(table, number),
                actual=squash(cell(row, cols["actual"])) or None,
                weight=parse_amount(cell(row, cols["weight"])),
                score=parse_amount(cell(row, cols["score"])),
                deviation=squash(cell(row, cols["deviation"])) or None,
            )
        )
    return indicators, [project]


def extract_project_targets(table: Table, ctx: TableContext) -> TableRecords:
    """项目绩效目标表: one row per project (wide) or one form per project."""
    header = squash("".join("".join(r) for r in table.header))
    if "资金总额" in header or header.count("三级指标") > 1:
        kpis, projects, units = extract_wide_targets(table, ctx)
        return TableRecords(indicators=kpis, named_projects=projects, sub_units=units)
    kpis, projects = extract_form_targets(table, False, ctx)
    return TableRecords(indicators=kpis, named_projects=projects)


def extract_department_targets(table: Table, ctx: TableContext) -> TableRecords:
    """部门整体绩效目标表."""
    kpis, _ = extract_form_targets(table, True, ctx)
    return TableRecords(indicators=kpis)


def extract_self_evaluations(table: Table, ctx: TableContext) -> TableRecords:
    """项目支出绩效自评表."""
    kpis, projects = extract_self_evaluation(table, ctx)
    return TableRecords(indicators=kpis, named_projects=projects)
