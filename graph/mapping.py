"""Records → RDF: the triples of one document's named graph.

Every amount becomes a ``qb:Observation`` in the data set of the table it was read from, with
its row (``bgt:sourceRow``) and the label as printed; dimensions are SKOS concepts. A
document's graph is self-contained: it also states the notation (and broader code) of every
concept it uses, so queries can run inside ``GRAPH ?g`` on any SPARQL server."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from crawler.codes import parent_code
from crawler.extract.records import DocumentRecords, Indicator, Project, SourceRef
from crawler.provenance import DocumentSource

from . import iris
from .identity import identity_rules
from .iris import DCAT, DEF, ORG, PROV, QB, code_concept
from .vocabulary import concept_for_label

STRUCTURES = {
    "functional": DEF.functionalStructure,
    "economic": DEF.economicStructure,
    "project": DEF.projectStructure,
    "three_public": DEF.threePublicStructure,
    "totals": DEF.totalsStructure,
    "operating": DEF.operatingStructure,
    "line": DEF.linesStructure,
}
DEPARTMENT_WIDE = "部门整体"
# the columns of a summary line that are not a fund: the whole, the 预算数 beside a 决算数, a
# 收入表's 总计 / 本年收入合计 / 上年结转
LINE_COLUMNS_NOT_FUNDS = ("total", "budget", "grand", "year", "carried-in")


def decimal_literal(value: Decimal) -> Literal:
    text = format(value.normalize(), "f") if value == value else str(value)
    return Literal(text, datatype=XSD.decimal)


def datetime_literal(moment: datetime | None) -> Literal | None:
    """Canonical xsd:dateTime (UTC with Z), the form every store gives back."""
    if moment is None:
        return None
    return Literal(moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime)


def date_literal(text: str | None) -> Literal | None:
    """A publication date as xsd:date when it is one (2024-09-05), else the text as printed."""
    if not text:
        return None
    return Literal(text, datatype=XSD.date) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()) else Literal(text)


def records_to_graph(records: DocumentRecords, source: DocumentSource) -> Graph:
    """The named graph of one document (its IRI is ``iris.document_iri(source.locator)``)."""
    return _DocumentMapper(records, source).graph


class _DocumentMapper:
    def __init__(self, records: DocumentRecords, source: DocumentSource) -> None:
        self.records = records
        self.source = source
        self.doc = URIRef(iris.document_iri(source.locator))
        self.graph = Graph(identifier=self.doc)
        self._keys: Counter = Counter()
        self._concepts: set[tuple[str, str]] = set()
        self._tables_with_structure: set[tuple[int, str]] = set()
        info = records.document
        self.phase = self.concept("phase", info.phase) if info.phase else None
        self.unit = self.map_units()
        self.map_document()
        self.map_tables()
        self.map_totals()
        self.map_functional()
        self.map_economic()
        self.projects = self.map_projects()
        self.map_indicators()
        self.map_three_public()
        self.map_operating_costs()
        self.map_findings()
        self.map_crosscheck_facts()
        self.map_concepts()

    # ------------------------------------------------------------------ helpers
    def add(self, subject: URIRef, predicate: URIRef, value) -> None:
        if value is None or value == "":
            return
        if isinstance(value, (URIRef, Literal)):
            pass
        elif isinstance(value, Decimal):
            value = decimal_literal(value)
        elif isinstance(value, bool):
            value = Literal(value)
        elif isinstance(value, int):
            value = Literal(value, datatype=XSD.integer)
        elif isinstance(value, str):
            value = Literal(value)
        self.graph.add((subject, predicate, value))

    def describe(self, subject: URIRef, properties: dict[URIRef, object]) -> None:
        """Several properties of one subject; absent values are left out."""
        for predicate, value in properties.items():
            self.add(subject, predicate, value)

    def concept(self, scheme: str, notation: str) -> URIRef:
        self._concepts.add((scheme, notation))
        return URIRef(code_concept(scheme, notation))

    def narrative_dataset(self) -> URIRef:
        """Figures the running text states: a data set of their own, beside the tables'."""
        iri = URIRef(f"{self.doc}/narrative")
        if (iri, RDF.type, QB.DataSet) not in self.graph:
            self.graph.add((iri, RDF.type, QB.DataSet))
            self.add(iri, DCTERMS.title, "情况说明（正文）")
            self.add(iri, DEF.document, self.doc)
        return iri

    def table(self, number: int) -> URIRef:
        return URIRef(iris.table_iri(str(self.doc), number))

    def unique(self, iri: str) -> URIRef:
        """The same key twice in one table (a code listed twice) gets a suffix, in reading order."""
        self._keys[iri] += 1
        n = self._keys[iri]
        return URIRef(iri if n == 1 else f"{iri}~{n}")

    def observation(self, source: SourceRef | None, family: str, key: tuple[str, ...], amount: Decimal,
                    dimensions: dict[URIRef, URIRef], label: str | None = None, phase: URIRef | None = None) -> URIRef:
        if source is None:
            dataset = URIRef(f"{self.doc}/totals")
        elif source.is_narrative:
            dataset = self.narrative_dataset()
        else:
            dataset = self.table(source.table)
        obs = self.unique(iris.observation_iri(str(dataset), family, *key))
        g = self.graph
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, QB.dataSet, dataset))
        if source and not source.is_narrative and (source.table, family) not in self._tables_with_structure:
            self._tables_with_structure.add((source.table, family))
            g.add((dataset, QB.structure, STRUCTURES[family]))
        self.add(obs, DEF.budgetUnit, self.unit)
        self.add(obs, DEF.phase, phase or self.phase)
        self.add(obs, DEF.fiscalYear, self.records.document.year)
        for dimension, value in dimensions.items():
            self.add(obs, dimension, value)
        self.add(obs, DEF.amount, amount)
        self.add(obs, DEF.printedLabel, label)
        if source and source.is_narrative:
            self.add(obs, DEF.sourceNote, "narrative")
            self.add(obs, DEF.sourceParagraph, source.row)
            self.add(obs, DEF.sourcePage, source.page)
        elif source:
            self.add(obs, DEF.sourceRow, source.row)
            self.add(obs, DEF.sourcePage, source.page)
            if source.unit != "万元":
                self.add(obs, DEF.printedUnit, source.unit)
        return obs

    # ------------------------------------------------------------------ document, units, tables
    def map_units(self) -> URIRef | None:
        info = self.records.document
        if not (info.unit_name or info.unit_code):
            return None
        region = None
        if info.region:
            region = URIRef(iris.region_iri(info.region_code, info.region))
            self.graph.add((region, RDF.type, DEF.Region))
            self.add(region, RDFS.label, Literal(info.region, lang="zh"))
            self.add(region, DEF.regionCode, info.region_code)
            self.add(region, DEF.province, info.province)
            self.add(region, DEF.city, info.city)

        def unit(code: str | None, name: str) -> URIRef:
            iri = URIRef(iris.unit_iri(info.region_code, info.region, code, name))
            self.graph.add((iri, RDF.type, DEF.BudgetUnit))
            self.graph.add((iri, RDF.type, ORG.Organization))
            self.add(iri, SKOS.prefLabel, Literal(name, lang="zh"))
            self.add(iri, DEF.unitCode, code)
            self.add(iri, DEF.region, region)
            return iri

        main = unit(info.unit_code, info.unit_name or info.unit_code or "")
        department = identity_rules().department_of(info.unit_name or "", info.region)
        if department and not info.unit_code:  # a 本级 known by name only: under its 部门, by name too
            self.graph.add((main, ORG.subOrganizationOf, URIRef(iris.unit_iri(info.region_code, info.region, None, department))))
        for code, name in info.sub_units.items():
            if code == info.unit_code:
                continue
            other = unit(code, name)
            if info.unit_code and code.startswith(info.unit_code):
                self.graph.add((other, ORG.subOrganizationOf, main))
            elif info.unit_code and info.unit_code.startswith(code):
                self.graph.add((main, ORG.subOrganizationOf, other))
        return main

    def map_document(self) -> None:
        doc, info, src = self.doc, self.records.document, self.source
        g = self.graph
        g.add((doc, RDF.type, DEF.Document))
        g.add((doc, RDF.type, FOAF.Document))
        self.describe(doc, {
            DEF.fileName: src.name, DEF.sha256: src.sha256, DCTERMS.format: self.records.format,
            DCTERMS.title: info.title, DEF.fiscalYear: info.year, DEF.phase: self.phase,
            DEF.amountUnit: info.amount_unit, DEF.budgetUnit: self.unit, DCTERMS.publisher: self.unit,
        })
        if src.is_url:
            g.add((doc, DCAT.downloadURL, URIRef(src.locator)))
        else:
            self.add(doc, PROV.atLocation, src.locator)
        if src.referrer:
            g.add((doc, DCTERMS.source, URIRef(src.referrer)))
        if self.unit is not None:
            disclosure = URIRef(iris.disclosure_iri(str(self.unit), info.year, info.phase))
            g.add((disclosure, RDF.type, DEF.Disclosure))
            self.describe(disclosure, {DEF.budgetUnit: self.unit, DEF.fiscalYear: info.year, DEF.phase: self.phase})
            g.add((doc, DEF.disclosure, disclosure))
        self.add(doc, DEF.articleTitle, src.article_title)
        self.add(doc, DCTERMS.issued, date_literal(src.article_date))
        self.add(doc, DEF.retrievedAt, datetime_literal(src.retrieved_at))
        self.add(doc, DCTERMS.modified, datetime_literal(src.modified))
        self.add(doc, DEF.etag, src.etag)
        self.add(doc, DEF.lastModified, src.last_modified)
        for warning in self.records.warnings:
            self.add(doc, DEF.warning, warning)

    def map_tables(self) -> None:
        primary = {r.source.table for r in self.records.functional if r.primary}
        for table in self.records.tables:
            iri = self.table(table.index)
            self.graph.add((iri, RDF.type, DEF.DisclosureTable))
            self.graph.add((iri, RDF.type, QB.DataSet))
            self.add(iri, DEF.document, self.doc)
            self.add(iri, DEF.tableNumber, table.index)
            self.add(iri, DCTERMS.title, table.title)
            self.add(iri, DEF.tableKind, table.kind)
            self.add(iri, DEF.pages, ",".join(map(str, table.pages)))
            if table.index in primary:
                self.add(iri, DEF.primaryFunctionalTable, True)
            # how the reader found the table's cells, and whether its own arithmetic holds
            self.add(iri, DEF.readingStrategy, table.strategy)
            self.add(iri, DEF.arithmetic, table.arithmetic)
            self.add(iri, DEF.checksHeld, table.checks - table.failed)
            self.add(iri, DEF.checksFailed, table.failed)
        totals = URIRef(f"{self.doc}/totals")
        self.graph.add((totals, RDF.type, QB.DataSet))
        self.add(totals, DCTERMS.title, "本年收支合计")
        self.add(totals, DEF.document, self.doc)
        self.graph.add((totals, QB.structure, DEF.totalsStructure))

    # ------------------------------------------------------------------ facts
    def map_totals(self) -> None:
        t = self.records.totals
        for kind, value in (("income", t.income_total), ("expenditure", t.expenditure_total), ("basic", t.basic_total),
                            ("project", t.project_total), ("other", t.other_total)):
            if value is None:
                continue
            source = t.sources.get(f"{kind}_total")
            obs = self.observation(None, "totals", (kind,), value, {DEF.totalKind: self.concept("total", kind)})
            if source is not None and not source.is_narrative:
                self.add(obs, DEF.table, self.table(source.table))
                self.add(obs, DEF.sourceRow, source.row)
                self.add(obs, DEF.sourcePage, source.page)
            elif source is not None:
                self.add(obs, DEF.sourceNote, "narrative")
                self.add(obs, DEF.sourceParagraph, source.row)
                self.add(obs, DEF.sourcePage, source.page)

    def map_functional(self) -> None:
        for row in self.records.functional:
            for kind, value in (("total", row.total), ("basic", row.basic), ("project", row.project)):
                if value is None:
                    continue
                self.observation(row.source, "functional", (row.code, kind), value, {
                    DEF.functionalClass: self.concept("functional", row.code),
                    DEF.expenditureType: self.concept("expenditure-type", kind),
                }, label=row.label)

    def map_economic(self) -> None:
        for row in self.records.economic:
            main_kind = "basic" if row.scope == "basic" else "total"
            for kind, value in ((main_kind, row.amount), ("personnel", row.personnel), ("public", row.public)):
                if value is None:
                    continue
                dims = {DEF.economicClass: self.concept("economic", row.code),
                        DEF.expenditureType: self.concept("expenditure-type", kind)}
                if row.gov_code:
                    dims[DEF.govEconomicClass] = self.concept("gov-economic", row.gov_code)
                self.observation(row.source, "economic", (row.code, row.gov_code or "-", kind), value, dims, label=row.label)

    def project_node(self, code: str | None, name: str) -> URIRef:
        iri = URIRef(iris.project_iri(str(self.doc), code, name))
        if (iri, RDF.type, DEF.Project) not in self.graph:
            self.graph.add((iri, RDF.type, DEF.Project))
            self.add(iri, RDFS.label, Literal(name, lang="zh"))
            self.add(iri, DEF.projectCode, code)
            self.add(iri, DEF.budgetUnit, self.unit)
        return iri

    def map_projects(self) -> dict[tuple[str | None, str], URIRef]:
        nodes: dict[tuple[str | None, str], URIRef] = {}
        for project in self.records.projects:
            node = self.project_node(project.code, project.name)
            nodes[(project.code, project.name)] = node
            if project.category:
                self.add(node, DEF.projectCategory, self.concept("project-category", project.category))
            self.describe(node, {DEF.initialBudget: project.budget_initial, DEF.fullYearBudget: project.budget_full_year,
                                 DEF.executed: project.executed, DEF.selfEvaluationScore: project.score})
            if project.source:
                self.add(node, DEF.table, self.table(project.source.table))
                self.add(node, DEF.sourceRow, project.source.row)
            self.map_project_amounts(node, project)
        return nodes

    def map_project_amounts(self, node: URIRef, project: Project) -> None:
        key = project.code or iris.project_key(None, project.name)
        if project.amount is not None:
            self.observation(project.source, "project", (key, "total"), project.amount, {
                DEF.project: node, DEF.expenditureType: self.concept("expenditure-type", "project")})
        for header, value in project.funds.items():
            leaf = header.rsplit("/", 1)[-1]
            concept = concept_for_label("fund-source", leaf)
            notation = str(concept).rsplit("/", 1)[-1] if concept else "other"
            self.observation(project.source, "project", (key, notation, header), value, {
                DEF.project: node, DEF.fundSource: self.concept("fund-source", notation),
                DEF.expenditureType: self.concept("expenditure-type", "project")}, label=header)

    def indicator_target(self, kpi: Indicator) -> URIRef | None:
        """The project an indicator measures (the one of the project table with the same code,
        else the same name), or the unit for department-wide targets."""
        if kpi.project_name == DEPARTMENT_WIDE:
            return self.unit
        for (code, name), node in self.projects.items():
            if kpi.project_code and code == kpi.project_code:
                return node
        for (code, name), node in self.projects.items():
            if name == kpi.project_name and not (code and kpi.project_code and code != kpi.project_code):
                return node
        node = self.project_node(kpi.project_code, kpi.project_name)
        self.projects[(kpi.project_code, kpi.project_name)] = node
        return node

    def map_indicators(self) -> None:
        for kpi in self.records.indicators:
            node = self.unique(iris.indicator_iri(str(self.doc), kpi.project_code, kpi.project_name, kpi.level1,
                                                  kpi.level2, kpi.indicator, kpi.target))
            g = self.graph
            g.add((node, RDF.type, DEF.PerformanceIndicator))
            self.add(node, RDFS.label, Literal(kpi.indicator, lang="zh"))
            self.add(node, DEF.indicatorOf, self.indicator_target(kpi))
            self.add(node, DEF.printedProjectName, kpi.project_name)
            if kpi.level1:
                self.add(node, DEF.level1, self.concept("kpi-level", kpi.level1))
            if kpi.level2:
                self.add(node, DEF.level2, self.concept("kpi-level", kpi.level2))
            self.describe(node, {
                DEF.target: kpi.target, DEF.operator: kpi.operator, DEF.targetValue: kpi.value,
                DEF.valueUnit: kpi.value_unit, DEF.actual: kpi.actual, DEF.weight: kpi.weight, DEF.score: kpi.score,
                DEF.deviation: kpi.deviation, DEF.description: kpi.description, DEF.budgetUnit: self.unit,
                DEF.table: self.table(kpi.source.table), DEF.sourceRow: kpi.source.row,
            })

    def map_three_public(self) -> None:
        for row in self.records.three_public:
            self.observation(row.source, "three_public", (row.item, row.measure), row.amount,
                             {DEF.threePublicItem: self.concept("three-public", row.item)},
                             phase=self.concept("phase", row.measure))

    def map_operating_costs(self) -> None:
        for row in self.records.operating_costs:
            dims = {DEF.expenditureType: self.concept("expenditure-type", "operating")}
            if row.code:
                dims[DEF.economicClass] = self.concept("economic", row.code)
            self.observation(row.source, "operating", (row.code or "total",), row.amount, dims, label=row.label)

    # the equations of a table and of the document are the rules' to report (queries/rules/,
    # graph/audit.py: once, with their cells); what the reader alone knows is reported here
    READING_FINDINGS = ("table-without-numbers",)

    def map_findings(self) -> None:
        for finding in self.records.findings:
            if finding.rule not in self.READING_FINDINGS:
                continue
            node = self.unique(iris.finding_iri(str(self.doc), finding.rule, str(finding.table), finding.message))
            self.graph.add((node, RDF.type, DEF.CrossFootingFinding))
            self.graph.add((self.doc, DEF.finding, node))
            self.describe(node, {DEF.rule: finding.rule, DEF.message: finding.message, DEF.severity: finding.severity,
                                 DEF.expected: finding.expected, DEF.found: finding.actual})
            if finding.table:
                self.add(node, DEF.table, self.table(finding.table))

    # ------------------------------------------------------------------ facts the cross-checks compare
    def map_crosscheck_facts(self) -> None:
        """What the rules of queries/rules/ compare besides the tables' rows."""
        self.map_table_totals()
        self.map_lines()
        self.map_statements()
        self.map_contents()

    def map_table_totals(self) -> None:
        """Each table's own 合计 line, one observation per column (line role table-total)."""
        for table in self.records.tables:
            totals = table.totals
            if totals is None:
                continue
            # an extractor that knows the line but not its row still names the table
            source = totals.source or SourceRef(table.index, None, table.title)
            for column in ("total", "basic", "project", "other", "personnel", "public"):
                value = totals.get(column)
                if value is None:
                    continue
                dims = {DEF.lineRole: self.concept("line-role", "table-total")}
                if column != "other":  # 经营 / 上缴 / 对附属单位: no expenditure type of its own
                    dims[DEF.expenditureType] = self.concept("expenditure-type", column)
                obs = self.observation(source, "line", ("table-total", column), value, dims, label="合计")
                self.add(obs, DEF.lineColumn, column)
                if totals.source is None:
                    self.add(obs, DEF.sourceNote, "the table's 合计 line (its row not recorded)")

    def map_lines(self) -> None:
        """Lines of the 收支总表 / 财政拨款收支总表 and the 收入表's 合计 line, one observation per
        printed amount, with the line's role and the column it stands in."""
        for line in self.records.summary_lines:
            if line.amount is None or line.role is None or line.key is None:
                continue
            dims = {DEF.lineRole: self.concept("line-role", line.role)}
            if line.code:
                dims[DEF.functionalClass] = self.concept("functional", line.code)
            if line.fund:
                dims[DEF.lineFund] = self.concept("fund-source", line.fund)
            if line.key not in LINE_COLUMNS_NOT_FUNDS:
                dims[DEF.fundSource] = self.concept("fund-source", line.key)
            phase = self.concept("phase", "budget") if line.key == "budget" else None
            obs = self.observation(line.source, "line", (line.side, line.role, line.code or line.fund or line.label, line.key),
                                   line.amount, dims, label=line.label, phase=phase)
            self.add(obs, DEF.lineColumn, line.key)
            self.add(obs, DEF.lineSide, line.side)

    def map_statements(self) -> None:
        """The figures the narrative states, each a bgt:NarrativeStatement with the words it was
        read from."""
        for s in self.records.statements:
            node = self.unique(iris.statement_iri(str(self.doc), s.source.row, s.topic, s.subject))
            self.graph.add((node, RDF.type, DEF.NarrativeStatement))
            self.describe(node, {
                DEF.document: self.doc, DEF.topic: s.topic, DEF.subject: s.subject, DEF.amount: s.amount,
                DEF.roundingStep: s.step, DEF.share: s.share, DEF.shareStep: s.share_step, DEF.change: s.change,
                DEF.changeAmount: s.change_amount, DEF.changeRate: s.change_rate, DEF.rateStep: s.rate_step, DEF.rateChange: s.rate_change,
                DEF.basis: s.basis, DEF.budgetAmount: s.budget_amount, DEF.executionRate: s.execution_rate,
                DEF.previousAmount: s.previous_amount, DEF.statedYear: s.year, DEF.quote: s.quote,
                DEF.paragraph: s.source.row, DEF.printedLabel: s.label,
            })
            if s.topic == "functional" and s.subject:
                self.add(node, DEF.functionalClass, self.concept("functional", s.subject))
            elif s.topic == "three-public" and s.subject:
                self.add(node, DEF.threePublicItem, self.concept("three-public", s.subject))
            elif s.topic == "income-item" and s.subject:
                self.add(node, DEF.fundSource, self.concept("fund-source", s.subject))

    def map_contents(self) -> None:
        """The tables the 目录 lists, and what each table shows besides its figures."""
        for entry in self.records.contents:
            node = URIRef(f"{self.doc}/contents/{entry.position}")
            self.graph.add((node, RDF.type, DEF.ContentsEntry))
            self.describe(node, {DEF.document: self.doc, DEF.listedPosition: entry.position, DCTERMS.title: entry.title,
                                 DEF.tableKind: entry.kind})
        for content in self.records.table_contents:
            self.describe(self.table(content.table), {
                DEF.amountCount: content.amounts, DEF.emptyTableNote: content.empty_note,
                DEF.printedYear: content.year, DEF.printedUnitName: content.unit_name})

    def map_concepts(self) -> None:
        """Notation, scheme and broader concept of every code used, so the graph stands alone."""
        pending = sorted(self._concepts)
        seen: set[tuple[str, str]] = set()
        while pending:
            scheme, notation = pending.pop()
            if (scheme, notation) in seen:
                continue
            seen.add((scheme, notation))
            concept = URIRef(code_concept(scheme, notation))
            self.graph.add((concept, SKOS.notation, Literal(notation)))
            self.graph.add((concept, SKOS.inScheme, URIRef(iris.CODE + scheme)))
            parent = parent_code(scheme, notation)
            if parent:
                self.graph.add((concept, SKOS.broader, URIRef(code_concept(scheme, parent))))
                pending.append((scheme, parent))
