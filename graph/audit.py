"""The one engine that runs the cross-check (勾稽) rules of ``queries/rules/`` and keeps their
findings in the store.

Where findings live: each document has a findings graph of its own, ``{document}/findings``,
holding what the rules found inside that document, and ``{document}/findings/across``, holding
what the rules across documents found when comparing it with another document of the same unit
(its 预算 for a 决算, last year's document for this year's). Both are derived data and are
replaced whole:
- when a document is read (``document_findings``, in the worker that read it): its own findings
  graph, made from its graph alone and stored in the same transaction as the document (empty
  when the document is a copy of another);
- after a document is stored (``audit_across``): the across graphs of every document of its
  unit and of every document whose across findings named it before, so a finding between two
  documents is renewed when either of them changes;
- by ``budgetkg validate`` (``audit_store``): every findings graph of the store.

A finding states its rule (id, family, severity), the figures compared (expected, found, their
difference), the tolerance and how it was reckoned, and the observations involved
(``bgt:involves``), so an analyst goes from a finding to the printed cells."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, XSD, Graph, Literal, URIRef

from . import iris
from .iris import DEF
from .query import internal_query, rows_of
from .rules import Rule, load_rules
from .store import GraphStore, ScratchStore, replace_graph_update

HALF = Decimal("0.5")
FINDINGS_GRAPHS_PER_UPDATE = 200
# tables print 万元 with two decimals; a stored decimal drops trailing zeros (28.30 → 28.3)
CENT = Decimal("0.01")


def printed_step(value: Decimal) -> Decimal:
    """The last printed digit of an amount in 万元: 0.01, or finer where the figure shows finer
    digits (amounts printed in 元: 123.4567 万元 → 0.0001)."""
    exponent = value.normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return CENT
    return min(CENT, Decimal(1).scaleb(max(exponent, -8)))


def rounding_tolerance(expected: Decimal, found: Decimal, terms: int, step: Decimal | None = None) -> tuple[Decimal, str]:
    """Each printed figure is rounded to its last digit, so ``found``, a sum of ``terms``
    printed figures, may differ from ``expected`` (one more printed figure) by half a digit per
    figure: (terms + 1) half-digits, the digit being the coarsest of the figures compared."""
    step = step if step is not None else max(printed_step(expected), printed_step(found))
    figures = terms + 1
    tolerance = step * HALF * figures
    return tolerance, f"±{_plain(tolerance)}: rounding of {figures} printed figures, ½ × {_plain(step)} each"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass
class AuditFinding:
    """One rule's verdict on one place of one document (or on a pair of documents)."""

    rule: Rule
    document: str
    where: str = ""
    expected: Decimal | None = None
    found: Decimal | None = None
    tolerance: Decimal | None = None
    tolerance_note: str | None = None
    cells: list[str] = field(default_factory=list)
    table: str | None = None
    other: str | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.found is None:
            return None
        return self.found - self.expected

    @property
    def message(self) -> str:
        text = self.rule.zh + (f"：{self.where}" if self.where else "")
        if self.difference is not None:
            text += f"：应为 {_plain(self.expected)}，实为 {_plain(self.found)}，差 {_plain(self.difference)}"
            if self.tolerance_note:
                text += f"（容差 {self.tolerance_note}）"
        return text

    @property
    def graph(self) -> str:
        return iris.findings_graph_iri(self.document, across=self.rule.across)

    @property
    def iri(self) -> str:
        key = "|".join([self.where, self.other or "", *sorted(self.cells)])
        return f"{self.graph}/{self.rule.id}/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


def _cells(value: object) -> list[str]:
    return sorted({c for c in str(value or "").split() if c.startswith(("http://", "https://", "urn:"))})


def findings_of(rule: Rule, rows: list[dict]) -> list[AuditFinding]:
    """The rows of ``rule``'s answer that are findings."""
    out = []
    for row in rows:
        document = row.get("g")
        if not document:
            continue
        finding = AuditFinding(rule, document, where=str(row.get("where") or ""), cells=_cells(row.get("cells")),
                               table=row.get("table"), other=row.get("other"))
        expected, found = row.get("expected"), row.get("found")
        if rule.tolerance == "rounding":
            if expected is None or found is None:
                continue
            expected, found = Decimal(expected), Decimal(found)
            step = row.get("step")
            tolerance, note = rounding_tolerance(expected, found, int(row.get("terms") or 1),
                                                 Decimal(step) if step is not None else None)
            excess = found - expected if rule.compare == "at-most" else abs(found - expected)
            if excess <= tolerance:
                continue
            finding.tolerance, finding.tolerance_note = tolerance, note
        if expected is not None and found is not None:
            finding.expected, finding.found = Decimal(expected), Decimal(found)
        out.append(finding)
    return out


def run_rules(store: GraphStore, rules: tuple[Rule, ...] | list[Rule], graphs: list[str] | None = None) -> list[AuditFinding]:
    """Every rule over the named graphs ``graphs`` (all graphs when None); a document another
    stands for (a copy, a superseded version) is neither checked nor compared with."""
    left_out = copies(store)
    return [f for f in _verdicts(store, rules, graphs) if f.document not in left_out and f.other not in left_out]


def _verdicts(store, rules, graphs: list[str] | None) -> list[AuditFinding]:
    return [f for rule in rules for f in findings_of(rule, rows_of(store.select(rule.sparql_over(graphs))))]


def document_findings(document: str, ntriples: str) -> str:
    """The rules within one document run on its graph (N-Triples) alone, before it is stored:
    its own findings graph, as N-Triples. They need nothing but the document, so they run in the
    worker that read it, and the one process that writes the store does not spend its time on
    them."""
    scratch = ScratchStore()
    scratch.add_graph(document, ntriples)
    graph_iri = iris.findings_graph_iri(document, across=False)
    return findings_graph(graph_iri, _verdicts(scratch, document_rules(), [document])).serialize(format="nt")


def copies(store: GraphStore) -> set[str]:
    """The stored documents that are copies of a disclosure or superseded versions of it."""
    return {r["d"] for r in rows_of(store.select(internal_query("copies")))}


def findings_graph(graph_iri: str, findings: list[AuditFinding]) -> Graph:
    """The triples of one findings graph."""
    g = Graph(identifier=URIRef(graph_iri))
    for f in findings:
        node, doc = URIRef(f.iri), URIRef(f.document)
        g.add((node, RDF.type, DEF.CrossFootingFinding))
        g.add((doc, DEF.finding, node))
        g.add((node, DEF.document, doc))
        for predicate, value in ((DEF.rule, f.rule.id), (DEF.ruleFamily, f.rule.family), (DEF.severity, f.rule.severity),
                                 (DEF.message, f.message), (DEF.toleranceNote, f.tolerance_note)):
            if value:
                g.add((node, predicate, Literal(value)))
        for predicate, value in ((DEF.expected, f.expected), (DEF.found, f.found), (DEF.difference, f.difference),
                                 (DEF.tolerance, f.tolerance)):
            if value is not None:
                g.add((node, predicate, Literal(_plain(value), datatype=XSD.decimal)))
        if f.table:
            g.add((node, DEF.table, URIRef(f.table)))
        if f.other:
            g.add((node, DEF.otherDocument, URIRef(f.other)))
        for cell in f.cells:
            g.add((node, DEF.involves, URIRef(cell)))
    return g


def store_findings(store: GraphStore, findings: list[AuditFinding], documents: list[str], across: bool | None) -> None:
    """Replace the findings graphs of ``documents`` (own ones, across ones, or both when
    ``across`` is None) with ``findings``; a document without findings gets an empty graph."""
    by_graph: dict[str, list[AuditFinding]] = defaultdict(list)
    for f in findings:
        by_graph[f.graph].append(f)
    kinds = (False, True) if across is None else (across,)
    graphs = [iris.findings_graph_iri(document, across=kind) for document in documents for kind in kinds]
    # a few hundred graphs per request: each request is a transaction, whose commit costs more
    # than a small graph's triples
    for start in range(0, len(graphs), FINDINGS_GRAPHS_PER_UPDATE):
        store.update(" ;\n".join(replace_graph_update(g, findings_graph(g, by_graph.get(g, [])))
                                  for g in graphs[start: start + FINDINGS_GRAPHS_PER_UPDATE]))


def document_rules() -> list[Rule]:
    return [r for r in load_rules() if not r.across]


def across_rules() -> list[Rule]:
    return [r for r in load_rules() if r.across]


def related_documents(store: GraphStore, document: str) -> list[str]:
    """The documents an across rule may pair with ``document``: those of its unit, and those
    whose across findings named it (it may have belonged to another unit before)."""
    rows = rows_of(store.select(internal_query("related_documents", doc=document)))
    return sorted({r["h"] for r in rows} | {document})


def audit_across(store: GraphStore, document: str) -> list[AuditFinding]:
    """After ``document`` was stored: the findings across documents of every document it may be
    compared with, renewed; those that involve ``document`` are returned."""
    return [f for f in audit_across_many(store, [document]) if document in (f.document, f.other)]


def audit_across_many(store: GraphStore, documents: list[str]) -> list[AuditFinding]:
    """After ``documents`` were stored (a batch): the findings across documents of every
    document one of them may be compared with, renewed in one pass."""
    related = sorted({r for document in documents for r in related_documents(store, document)})
    across = run_rules(store, across_rules(), related)
    store_findings(store, across, related, across=True)
    return across


def stored_documents(store: GraphStore) -> list[str]:
    return [r["g"] for r in rows_of(store.select(internal_query("documents")))]


def audit_store(store: GraphStore) -> list[AuditFinding]:
    """Every rule over the whole store (one query per rule), every findings graph replaced."""
    findings = run_rules(store, load_rules())
    store_findings(store, findings, stored_documents(store), across=None)
    return findings


# ---------------------------------------------------------------------------- the cells involved
_CELLS_VALUES = re.compile(r"VALUES\s+\?cell\s*\{[^}]*\}")


@dataclass
class Cell:
    """A printed figure a finding involves, as an analyst finds it in the document."""

    iri: str
    table_number: int | None
    table_title: str | None
    row: int | None
    label: str | None
    amount: Decimal | None
    note: str | None = None

    def describe(self) -> str:
        place = (f"table {self.table_number} «{self.table_title}» row {self.row}" if self.table_number is not None
                 else f"narrative{f' paragraph {self.row}' if self.row is not None else ''}")
        label = f" {self.label}" if self.label else ""
        amount = f" = {_plain(self.amount)}" if self.amount is not None else ""
        return f"{place}{label}{amount}" + (f" «{self.note}»" if self.note else "")


def describe_cells(store: GraphStore, cells: list[str]) -> dict[str, Cell]:
    if not cells:
        return {}
    values = "VALUES ?cell { " + " ".join(f"<{c}>" for c in sorted(set(cells))) + " }"
    sparql = _CELLS_VALUES.sub(lambda _: values, internal_query("cells"))
    out = {}
    for r in rows_of(store.select(sparql)):
        out[r["cell"]] = Cell(r["cell"], r.get("tableNumber"), r.get("tableTitle"), r.get("row"), r.get("label"),
                              r.get("amount"), r.get("quote"))
    return out
