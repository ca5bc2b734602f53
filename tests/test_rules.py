"""The cross-check rules of queries/rules/: each is silent on the five clean seed documents and
finds the error planted for it (tests/planting.py: the seed graph with one figure or fact
changed, or a fixture of two documents of one unit for the rules across documents)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.audit import run_rules
from graph.rules import load_rules
from tests.conftest import FIXTURES
from tests.planting import MemoryStore, Plant, change, line, raw, row, shift, shift_one, statement, table_total

WENXIAN = "wenxian-2024-budget.pdf"
CHENGAN = "chengan-2023-budget.docx"
NEIXIANG = "neixiang-2024-final.pdf"
LANKAO = "lankao-2024-budget.xlsx"
HUAILAI = "huailai-2024-budget.docx"
# one unit's budgets and final accounts of 2023 and 2024 (tests/fixtures/build_crosscheck_documents.py)
BUDGET_2023, FINAL_2023 = "wenxian-market-2023-budget.html", "wenxian-market-2023-final.html"
BUDGET_2024, FINAL_2024 = "wenxian-market-2024-budget.html", "wenxian-market-2024-final.html"
CROSSCHECK = FIXTURES / "crosscheck"

PLANTS: list[Plant] = [
    # ---------------------------------------------------------------- 收支总表
    shift("summary.grand-balance", WENXIAN, "收支总表 收入总计 one 万元 more", line("summary", "income-grand-total"), "1"),
    shift("summary.income-items", LANKAO, "收支总表 财政专户管理资金收入 0.50 more", line("summary", "item", extra='; bgt:lineFund fs:special-account '), "0.5"),
    shift("summary.class-rows", WENXIAN, "收支总表 卫生健康 0.10 less", line("summary", "class", extra="; bgt:functionalClass fc:210 "), "-0.1"),
    shift("summary.income-grand-total", CHENGAN, "收支总表 收入总计 2 more", line("summary", "income-grand-total"), "2"),
    shift("summary.expenditure-grand-total", NEIXIANG, "收支总表 年末结转与结余 3 more", line("summary", "carried-out"), "3"),
    raw("summary.carried-in-parts", NEIXIANG, "收支总表: a line under 年初结转和结余 of 5 万元",
        """DELETE { GRAPH ?g { ?o bgt:lineRole lr:non-fiscal-balance ; bgt:amount ?a } }
           INSERT { GRAPH ?g { ?o bgt:lineRole lr:carried-in-part ; bgt:amount 5.0 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "neixiang-2024-final.pdf" . ?t bgt:document ?g ; bgt:tableKind "summary" .
                   ?o qb:dataSet ?t ; bgt:lineRole lr:non-fiscal-balance ; bgt:amount ?a } }""", "5"),
    raw("summary.carried-out-parts", NEIXIANG, "收支总表: a line under 年末结转与结余 of 1 万元",
        """DELETE { GRAPH ?g { ?o bgt:lineRole lr:distribution ; bgt:amount ?a } }
           INSERT { GRAPH ?g { ?o bgt:lineRole lr:carried-out-part ; bgt:amount 1.0 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "neixiang-2024-final.pdf" . ?t bgt:document ?g ; bgt:tableKind "summary" .
                   ?o qb:dataSet ?t ; bgt:lineRole lr:distribution ; bgt:amount ?a } }""", "1"),
    shift("summary.of-which", WENXIAN, "收支总表 其中：财政拨款 above its 一般公共预算 line", line("summary", "of-which"), "100", difference="60.52"),
    raw("summary.expenditure-items", LANKAO, "收支总表 listed by use: the 类 line becomes an item line 1 万元 short",
        """DELETE { GRAPH ?g { ?o bgt:lineRole lr:class ; bgt:amount ?a } } INSERT { GRAPH ?g { ?o bgt:lineRole lr:item ; bgt:amount ?b } }
           WHERE { GRAPH ?g { ?g bgt:fileName "lankao-2024-budget.xlsx" . ?t bgt:document ?g ; bgt:tableKind "summary" .
                   ?o qb:dataSet ?t ; bgt:lineRole lr:class ; bgt:amount ?a } BIND (?a - 1 AS ?b) }""", "-1"),
    # ---------------------------------------------------------------- 财政拨款收支总表
    shift("fiscal-summary.grand-balance", CHENGAN, "财政拨款收支总表 支出总计 0.05 more", line("fiscal_summary", "expenditure-grand-total"), "0.05"),
    shift("fiscal-summary.income-items", NEIXIANG, "财政拨款收支总表 政府性基金 income 1.23", line("fiscal_summary", "item", extra="; bgt:lineFund fs:government-fund "), "1.23"),
    shift("fiscal-summary.class-rows", LANKAO, "财政拨款收支总表 卫生健康 total 10 more", line("fiscal_summary", "class"), "10"),
    shift("fiscal-summary.income-grand-total", NEIXIANG, "财政拨款收支总表 年初结转 2 万元", line("fiscal_summary", "carried-in"), "2"),
    shift("fiscal-summary.expenditure-grand-total", WENXIAN, "财政拨款收支总表 本年支出 1 less", line("fiscal_summary", "expenditure-total"), "-1"),
    shift("fiscal-summary.carried-in-parts", NEIXIANG, "财政拨款收支总表 年初结转 一般公共预算 part 0.7", line("fiscal_summary", "carried-in-part", extra="; bgt:lineFund fs:general-budget "), "0.7"),
    raw("fiscal-summary.carried-out-parts", NEIXIANG, "财政拨款收支总表: a line under 年末结转 of 4 万元",
        """INSERT { GRAPH ?g { ?part a qb:Observation ; qb:dataSet ?t ; bgt:lineRole lr:carried-out-part ; bgt:lineColumn "total" ;
                                    bgt:lineSide "expenditure" ; bgt:amount 4.0 ; bgt:sourceRow 32 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "neixiang-2024-final.pdf" . ?t bgt:document ?g ; bgt:tableKind "fiscal_summary" . }
                   BIND (IRI(CONCAT(STR(?t), "/obs/line/planted")) AS ?part) }""", "4"),
    shift("fiscal-summary.of-which", LANKAO, "财政拨款收支总表 其中：财政拨款 above 一般公共预算拨款", line("fiscal_summary", "of-which"), "5"),
    shift("fiscal-summary.columns", NEIXIANG, "财政拨款收支总表 卫生健康 政府性基金 column 8", line("fiscal_summary", "class", "government-fund", "; bgt:functionalClass fc:210 "), "8"),
    shift("fiscal-summary.general-budget-vs-table", WENXIAN, "一般公共预算支出表 合计 0.30 more", table_total("general_budget_expenditure"), "0.3"),
    raw("fiscal-summary.government-fund-vs-table", NEIXIANG, "政府性基金支出表 合计 prints 6 万元",
        """DELETE { GRAPH ?g { ?o bgt:amount ?a } } INSERT { GRAPH ?g { ?o bgt:amount 6.0 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "neixiang-2024-final.pdf" . ?t bgt:document ?g ; bgt:tableKind "government_fund" .
                   ?o qb:dataSet ?t ; bgt:lineRole lr:table-total ; bgt:lineColumn "total" ; bgt:amount ?a } }""", "6"),
    shift("fiscal-summary.class-vs-general-budget-table", WENXIAN, "财政拨款收支总表 住房保障 一般公共预算 1 more", line("fiscal_summary", "class", "general-budget", "; bgt:functionalClass fc:221 "), "1"),
    # ---------------------------------------------------------------- 表内
    shift("in-table.functional-hierarchy", CHENGAN, "支出表 2101202 total 1 万元 off", row("expenditure", "2101202"), "1"),
    shift("basic-project.row", WENXIAN, "支出表 2101501 basic 0.02 more", row("expenditure", "2101501", "basic"), "0.02"),
    shift("basic-project.document", HUAILAI, "本年支出合计 (document totals) 2 more",
          "?s bgt:document ?g ; qb:structure bgt:totalsStructure . ?o qb:dataSet ?s ; bgt:totalKind tk:expenditure . ", "2"),
    shift("economic.class-sum", NEIXIANG, "基本支出明细表 30101 基本工资 1 more",
          '?t bgt:document ?g ; bgt:tableKind "basic_economic" . ?o qb:dataSet ?t ; bgt:economicClass ec:30101 . ', "1"),
    shift("economic.row-split", WENXIAN, "基本支出表 30201 办公费 公用经费 column 0.10 more",
          '?t bgt:document ?g ; bgt:tableKind "basic_economic" . ?o qb:dataSet ?t ; bgt:economicClass ec:30201 ; bgt:expenditureType et:public . ', "0.1"),
    shift("three-public.total", WENXIAN, "三公 公务接待费 2 more",
          "?o bgt:threePublicItem tp:reception . ", "2"),
    shift("three-public.vehicle", NEIXIANG, "三公 决算 公务用车运行维护费 0.20 more",
          "?o bgt:threePublicItem tp:vehicle_operation ; bgt:phase ph:final . ", "0.2"),
    shift("in-table.functional-total", WENXIAN, "支出表 合计 1 more", table_total("expenditure"), "1"),
    shift("in-table.projects-total", WENXIAN, "项目支出表 合计 1 more", table_total("projects"), "1"),
    shift_one("in-table.project-funds", WENXIAN, "项目支出表: one project's 一般公共预算 column 0.50 more",
              '?t bgt:document ?g ; bgt:tableKind "projects" . ?o qb:dataSet ?t ; bgt:fundSource ?f . ', "0.5"),
    shift("in-table.operating-costs-total", WENXIAN, "机关运行经费表 合计 1 more",
          '?t bgt:document ?g ; bgt:tableKind "operating_costs" . ?o qb:dataSet ?t ; bgt:expenditureType et:operating . FILTER NOT EXISTS { ?o bgt:economicClass ?c } ', "1"),
    shift("in-table.income-table-sources", NEIXIANG, "收入表 合计 上级补助收入 2 万元", line("income", "income-table-total", "superior"), "2"),
    shift("in-table.income-table-grand", CHENGAN, "收入表 合计 总计 1 more", line("income", "income-table-total", "grand"), "1"),
    shift("basic-project.table-total", LANKAO, "支出表 合计 项目支出 1 more", table_total("expenditure", "project"), "1"),
    shift("economic.table-total", CHENGAN, "基本支出表 合计 1 more", table_total("basic_economic"), "1"),
    raw("economic.personnel-total", WENXIAN, "基本支出表 合计 line printing 人员经费 414.69 (its rows add up to 413.69)",
        """INSERT { GRAPH ?g { ?o a qb:Observation ; qb:dataSet ?t ; bgt:lineRole lr:table-total ; bgt:lineColumn "personnel" ; bgt:amount 414.69 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "wenxian-2024-budget.pdf" . ?t bgt:document ?g ; bgt:tableKind "basic_economic" . }
                   BIND (IRI(CONCAT(STR(?t), "/obs/line/planted-personnel")) AS ?o) }""", "1"),
    raw("economic.public-total", WENXIAN, "基本支出表 合计 line printing 公用经费 29.30 (its rows add up to 28.30)",
        """INSERT { GRAPH ?g { ?o a qb:Observation ; qb:dataSet ?t ; bgt:lineRole lr:table-total ; bgt:lineColumn "public" ; bgt:amount 29.30 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "wenxian-2024-budget.pdf" . ?t bgt:document ?g ; bgt:tableKind "basic_economic" . }
                   BIND (IRI(CONCAT(STR(?t), "/obs/line/planted-public")) AS ?o) }""", "1"),
    shift("economic.total-split", NEIXIANG, "基本支出明细表 人员经费合计 1 more", table_total("basic_economic", "personnel"), "1"),
    shift("economic.personnel-classes", NEIXIANG, "基本支出明细表 303 对个人和家庭的补助 1 more",
          '?t bgt:document ?g ; bgt:tableKind "basic_economic" . ?o qb:dataSet ?t ; bgt:economicClass ec:303 . ', "1"),
    shift("economic.public-classes", NEIXIANG, "基本支出明细表 302 商品和服务支出 1 more",
          '?t bgt:document ?g ; bgt:tableKind "basic_economic" . ?o qb:dataSet ?t ; bgt:economicClass ec:302 . ', "1"),
    # ---------------------------------------------------------------- 表间
    shift("across-tables.summary-vs-expenditure-table", WENXIAN, "收支总表 本年支出合计 1 more", line("summary", "expenditure-total"), "1"),
    shift("across-tables.summary-vs-basic-project", CHENGAN, "支出表 合计 基本支出 1 more", table_total("expenditure", "basic"), "1"),
    shift("across-tables.income-table-vs-summary", NEIXIANG, "收入表 合计 本年收入 1 more", line("income", "income-table-total", "year"), "1"),
    shift("across-tables.income-table-grand-vs-summary", WENXIAN, "收入表 合计 总计 1 more", line("income", "income-table-total", "grand"), "1"),
    shift("across-tables.summary-class-vs-expenditure-table", CHENGAN, "收支总表 社会保障和就业 1 more", line("summary", "class", extra="; bgt:functionalClass fc:208 "), "1"),
    raw("across-tables.expenditure-class-in-summary", WENXIAN, "收支总表 without its 住房保障 line",
        """DELETE { GRAPH ?g { ?o ?p ?v } } WHERE { GRAPH ?g { ?g bgt:fileName "wenxian-2024-budget.pdf" . ?t bgt:document ?g ; bgt:tableKind "summary" .
           ?o qb:dataSet ?t ; bgt:lineRole lr:class ; bgt:functionalClass fc:221 ; ?p ?v } }""", "30.84"),
    shift("across-tables.general-budget-basic-vs-basic-table", CHENGAN, "基本支出表 合计 1 more", table_total("basic_economic"), "1"),
    shift("across-tables.general-budget-basic-vs-economic", NEIXIANG, "一般公共预算支出表 合计 基本支出 1 more", table_total("general_budget_expenditure", "basic"), "1"),
    shift("across-tables.projects-vs-expenditure-project", LANKAO, "项目支出表 合计 1 more", table_total("projects"), "1"),
    shift("across-tables.general-budget-within-expenditure", WENXIAN, "一般公共预算支出表 2101202 10 above the 支出表", row("general_budget_expenditure", "2101202"), "10"),
    shift("across-tables.summary-income-item-vs-income-table", NEIXIANG, "收支总表 事业收入 3 万元", line("summary", "item", extra="; bgt:lineFund fs:business "), "3"),
    shift("across-tables.fiscal-vs-summary-general-budget", WENXIAN, "财政拨款收支总表 一般公共预算拨款 1 more", line("fiscal_summary", "item", extra="; bgt:lineFund fs:general-budget "), "1"),
    shift("across-tables.fiscal-within-summary", LANKAO, "财政拨款收支总表 本年支出 above the 收支总表's", line("fiscal_summary", "expenditure-total"), "2000", difference="403"),
    raw("across-tables.operating-vs-public", NEIXIANG, "narrative: 机关运行经费 (即公用经费) 20.50 万元",
        """DELETE { GRAPH ?g { ?o bgt:quote ?q ; bgt:amount ?a } } INSERT { GRAPH ?g { ?o bgt:quote "机关运行经费（即公用经费）为20.50万元" ; bgt:amount 20.50 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "neixiang-2024-final.pdf" . ?o a bgt:NarrativeStatement ; bgt:topic "operating-costs" ; bgt:quote ?q ; bgt:amount ?a } }""", "1"),
    # ---------------------------------------------------------------- 文字 ↔ 表
    shift("text.income-grand-total", WENXIAN, "说明 收入总计 1 more", statement("income-grand-total"), "1"),
    shift("text.expenditure-grand-total", NEIXIANG, "说明 支出总计 1 more", statement("expenditure-grand-total"), "1"),
    shift("text.income-total", CHENGAN, "说明 预算收入 1 more (neither 本年收入合计 nor 收入总计)", statement("income-overall"), "1"),
    shift("text.expenditure-total", HUAILAI, "说明 支出预算 1 more (neither 本年支出合计 nor 支出总计)", statement("expenditure-overall"), "1"),
    shift("text.basic", WENXIAN, "说明 基本支出 1 more", statement("basic"), "1"),
    shift("text.project", HUAILAI, "说明 项目支出 1 more", statement("project"), "1"),
    shift("text.fiscal-grand-total", NEIXIANG, "说明 财政拨款收支总计 1 more", statement("fiscal-grand-total"), "1"),
    shift("text.general-budget-expenditure", WENXIAN, "说明 一般公共预算支出 1 more", statement("general-budget-expenditure"), "1"),
    shift("text.general-budget-basic", WENXIAN, "说明 一般公共预算基本支出 1 more", statement("general-budget-basic"), "1"),
    shift("text.personnel", NEIXIANG, "说明 人员经费 1 more", statement("personnel"), "1"),
    shift("text.public", NEIXIANG, "说明 公用经费 1 more", statement("public"), "1"),
    shift("text.operating-costs", WENXIAN, "说明 机关运行经费 1 more", statement("operating-costs"), "1"),
    shift("text.three-public", WENXIAN, "说明 公务接待费 2 more", statement("three-public", "reception"), "2"),
    change("text.three-public-budget", NEIXIANG, "说明 公务接待费 预算为11.00万元 (表 10.00)",
           statement("three-public", "reception", "; bgt:budgetAmount ?x "), "bgt:budgetAmount", "11.00", difference="1"),
    shift("text.functional", NEIXIANG, "说明 2101102 事业单位医疗 1 more", statement("functional", "2101102"), "1"),
    shift("text.income-item", WENXIAN, "说明 一般公共预算收入 1 more", statement("income-item", "general-budget"), "1"),
    change("text.basic-share", WENXIAN, "说明 基本支出 占6.60%", statement("basic", extra="; bgt:share ?x "), "bgt:share", "6.60", difference="1"),
    change("text.project-share", NEIXIANG, "说明 项目支出 占78.96%", statement("project", extra="; bgt:share ?x "), "bgt:share", "78.96", difference="1"),
    change("text.functional-share", WENXIAN, "说明 社会保障和就业 占1.61%", statement("functional", "208"), "bgt:share", "1.61", difference="1"),
    raw("text.income-item-share", WENXIAN, "说明 一般公共预算收入 占90%",
        """INSERT { GRAPH ?g { ?o bgt:share 90.0 ; bgt:shareStep 1.0 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "wenxian-2024-budget.pdf" . ?o a bgt:NarrativeStatement ; bgt:topic "income-item" ; bgt:subject "general-budget" } }""", "10"),
    # ---------------------------------------------------------------- 文字逻辑
    change("narrative.change-rate", WENXIAN, "说明 机关运行经费 增长40.22% (5.70 on 13.50 is 42.22%)", statement("operating-costs"), "bgt:changeRate", "40.22", difference="2"),
    change("narrative.change-words", WENXIAN, "说明 公务接待费 减少3万元，增长75%", statement("three-public", "reception"), "bgt:rateChange", '"increase"'),
    change("narrative.change-amount", HUAILAI, "说明 较上年6306.01万元减少2590.39万元 (to 3714.62)", statement("income-grand-total"), "bgt:previousAmount", "6306.01", difference="1"),
    change("narrative.shares-sum", NEIXIANG, "说明 基本支出 占21.04%", statement("basic", extra="; bgt:share ?x "), "bgt:share", "21.04", difference="1"),
    shift("narrative.parts-sum", HUAILAI, "说明 项目支出 1 more (支出合计 stays)", statement("project"), "1"),
    shift("narrative.personnel-public", WENXIAN, "说明 公用经费 1 more (基本支出 stays)", statement("public"), "1"),
    shift("narrative.procurement-parts", NEIXIANG, "说明 政府采购货物支出 5万元 (总额 0)", statement("procurement-goods"), "5"),
    shift("narrative.three-public-parts", CHENGAN, "说明 公务接待费 3万元 (合计 stays 5)", statement("three-public", "reception", '; bgt:paragraph ?p . FILTER (?p < 50) '), "3"),
    shift("narrative.income-items-sum", WENXIAN, "说明 事业收入 2万元 (收入合计 stays)", statement("income-item", "business"), "2"),
    change("narrative.execution-rate", NEIXIANG, "说明 2101103 完成年初预算的90%", statement("functional", "2101103"), "bgt:executionRate", "90", difference="10"),
    change("narrative.budget-final-words", NEIXIANG, "说明 因公出国（境）费 决算3万元，称与预算数（0）持平",
           statement("three-public", "overseas", '; bgt:change "flat" '), "bgt:amount", "3.0", difference="3"),
    shift("narrative.grand-balance", WENXIAN, "说明 支出总计 1 more", statement("expenditure-grand-total"), "1"),
    # ---------------------------------------------------------------- 完整性
    change("completeness.contents-table-missing", WENXIAN, "项目支出表 listed in the 目录, not in the document",
           '?o a bgt:DisclosureTable ; bgt:tableKind "projects" . ', "bgt:tableKind", '"generic"'),
    raw("completeness.empty-table-note", WENXIAN, "政府性基金支出表 empty, its note gone",
        """DELETE { GRAPH ?g { ?o bgt:emptyTableNote ?n } } WHERE { GRAPH ?g { ?g bgt:fileName "wenxian-2024-budget.pdf" .
           ?o a bgt:DisclosureTable ; bgt:tableKind "government_fund" ; bgt:emptyTableNote ?n } }"""),
    change("completeness.empty-note-with-amounts", NEIXIANG, "政府性基金表 says 本表无数据 and prints 3 amounts",
           '?o a bgt:DisclosureTable ; bgt:tableKind "government_fund" . ', "bgt:amountCount", "3"),
    change("completeness.table-year", WENXIAN, "收支总表 titled 2023年部门收支预算表",
           '?o a bgt:DisclosureTable ; bgt:tableKind "summary" . ', "bgt:printedYear", "2023"),
    change("completeness.table-unit", WENXIAN, "收支总表 printed for 温县财政局",
           '?o a bgt:DisclosureTable ; bgt:tableKind "summary" . ', "bgt:printedUnitName", '"温县财政局"'),
    # ---------------------------------------------------------------- 跨文件 (one unit, 2023 and 2024)
    change("across-documents.final-vs-budget-general-budget", FINAL_2024, "2024 决算说明: 一般公共预算 年初预算为401.00万元 (预算 400.00)",
           statement("general-budget-expenditure", extra="; bgt:budgetAmount ?x "), "bgt:budgetAmount", "401.00", difference="1"),
    change("across-documents.final-vs-budget-functional", FINAL_2024, "2024 决算说明: 行政运行 年初预算为221.00万元 (预算 220.00)",
           statement("functional", "2013801"), "bgt:budgetAmount", "221.00", difference="1"),
    shift("across-documents.final-vs-budget-three-public", BUDGET_2024, "2024 预算 “三公” 公务接待费 1 more than the 决算's 预算数",
          "?o bgt:threePublicItem tp:reception . ", "1"),
    shift("across-documents.carry-over", FINAL_2023, "2023 决算 年末结转和结余 2 more than 2024's 年初结转", line("summary", "carried-out"), "2"),
    shift("across-documents.fiscal-carry-over", FINAL_2023, "2023 决算 年末财政拨款结转和结余 2 more", line("fiscal_summary", "carried-out"), "2"),
    shift("across-documents.yoy-grand-total", BUDGET_2023, "2023 预算 收入总计 1 more than 2024's narrative implies", line("summary", "income-grand-total"), "1"),
    shift("across-documents.yoy-three-public", BUDGET_2023, "2023 预算 “三公” 合计 1 more", "?o bgt:threePublicItem tp:total . ", "1"),
    shift("across-documents.yoy-operating-costs", BUDGET_2023, "2023 预算说明 机关运行经费 1 more", statement("operating-costs"), "1"),
    shift("across-documents.yoy-general-budget", BUDGET_2023, "2023 一般公共预算支出表 合计 1 more", table_total("general_budget_expenditure"), "1"),
    raw("across-documents.yoy-previous-stated", BUDGET_2024, "2024 预算说明: 较上年351.00万元 (2023: 350.00)",
        """INSERT { GRAPH ?g { ?o bgt:previousAmount 351.00 } }
           WHERE { GRAPH ?g { ?g bgt:fileName "wenxian-market-2024-budget.html" . ?o a bgt:NarrativeStatement ; bgt:topic "income-grand-total" } }""", "1"),
]


@pytest.fixture(scope="module")
def seed_quads(seed_store, tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("seed-quads") / "seeds.nq"
    seed_store.dump(str(path), "nq")
    return path.read_bytes()


@pytest.fixture(scope="module")
def crosscheck_store(tmp_path_factory):
    """One unit's four documents, each stored through the load path (so the engine ran)."""
    from graph.load import load_document
    from graph.store import open_store
    from graph.store.base import load_vocabulary

    store = open_store(tmp_path_factory.mktemp("crosscheck-store"))
    load_vocabulary(store)
    for path in sorted(CROSSCHECK.glob("*.html")):
        assert load_document(store, path).ok
    yield store
    store.close()


@pytest.fixture(scope="module")
def crosscheck_quads(crosscheck_store, tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("crosscheck-quads") / "crosscheck.nq"
    crosscheck_store.dump(str(path), "nq")
    return path.read_bytes()


def test_every_rule_has_a_planted_error():
    assert {r.id for r in load_rules()} == {p.rule for p in PLANTS}


def test_at_least_sixty_rules_over_every_family():
    rules = load_rules()
    assert len(rules) >= 60
    from graph.rules import FAMILIES

    assert {r.family for r in rules} == set(FAMILIES)


def test_rules_are_silent_on_the_clean_seeds(seed_store):
    findings = run_rules(seed_store, load_rules())
    assert [f.message for f in findings] == []


def test_rules_are_silent_on_the_clean_documents_of_one_unit(crosscheck_store):
    findings = run_rules(crosscheck_store, load_rules())
    assert [f.message for f in findings] == []


@pytest.mark.parametrize("plant", PLANTS, ids=str)
def test_planted_error_is_found(plant: Plant, seed_quads: bytes, crosscheck_quads: bytes):
    store = MemoryStore(crosscheck_quads if plant.seed.startswith("wenxian-market") else seed_quads)
    document = store.document(plant.seed)
    rule = next(r for r in load_rules() if r.id == plant.rule)
    assert run_rules(store, [rule], [document]) == []
    store.update(plant.update)
    findings = [f for f in run_rules(store, [rule], None) if document in (f.document, f.other)]
    assert findings, f"{plant.rule} did not find: {plant.what}"
    if plant.difference is not None:  # the difference reported is the one planted, within the rule's tolerance
        assert any(f.difference is not None and abs(abs(f.difference) - abs(plant.difference)) <= (f.tolerance or 0)
                   for f in findings), [f.message for f in findings]
    for f in findings:
        assert f.cells, "a finding names the cells it compares"
