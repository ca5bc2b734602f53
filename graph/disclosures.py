"""One disclosure, one document in the analysts' answers.

A unit's disclosure for one fiscal year and phase (``iris.disclosure_iri``) may arrive as
several documents: the same 决算 as a PDF attachment and as an HTML article, a re-upload with
new bytes, or a revised version with new numbers. Documents of one disclosure with the same
totals are one publication: one is canonical, the others state ``bgt:duplicateOf`` (and
``prov:alternateOf``) it; so does a document printing no table (the 情况说明 published apart
from the 报表) of the document whose tables it restates. Documents with other totals are versions: the latest is current and
states ``prov:wasRevisionOf`` each older one, which states ``bgt:supersededBy`` it. The named
queries leave out every document that states either; nothing is deleted.

The markers live in each document's own graph (queries run inside ``GRAPH ?g``) and are
written in the same update as the document itself, so readers never see a half-decided state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from crawler.extract.records import DocumentRecords
from crawler.provenance import DocumentSource

from .iris import DEF, PROV
from .query import internal_query

# the canonical copy of a publication: most tables read, then the format whose tables read
# best, then the earliest retrieved
FORMAT_PREFERENCE = ("pdf", "xlsx", "xls", "docx", "doc", "html")


@dataclass
class Member:
    """What deciding needs to know of one document of a disclosure."""

    iri: str
    totals: dict[str, Decimal] = field(default_factory=dict)
    issued: str = ""
    retrieved: str = ""
    format: str = ""
    tables: int = 0
    markers: set[tuple[str, str, str]] = field(default_factory=set)  # (subject, predicate, object) stated now

    def same_numbers(self, other: "Member") -> bool:
        """Two documents publish the same numbers when every total both state is equal (one
        reading may miss a total the other finds; one shared total at least)."""
        shared = self.totals.keys() & other.totals.keys()
        return bool(shared) and all(self.totals[k] == other.totals[k] for k in shared)

    @property
    def published(self) -> tuple[str, str]:
        """When this version came out: the article's date, else when it was fetched."""
        return (self.issued[:10] or self.retrieved[:10], self.retrieved)

    @property
    def canonical_rank(self) -> tuple:
        fmt = FORMAT_PREFERENCE.index(self.format) if self.format in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)
        return (-self.tables, fmt, self.retrieved or "~", self.iri)


def member_of(graph_iri: str, records: DocumentRecords, source: DocumentSource) -> Member:
    """The member a document about to be stored will be (from its records, not the store)."""
    t = records.totals
    totals = {k: v for k, v in (("income", t.income_total), ("expenditure", t.expenditure_total),
                                ("basic", t.basic_total), ("project", t.project_total)) if v is not None}
    moment = source.retrieved_at or source.modified
    return Member(graph_iri, totals, issued=source.article_date or "",
                  retrieved=moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "", format=records.format,
                  tables=len(records.tables))


def stored_members(store, disclosure: str, leave_out: str) -> list[Member]:
    members: dict[str, Member] = {}
    for row in store.select(internal_query("disclosure_members", disclosure=disclosure))["results"]["bindings"]:
        iri = row["d"]["value"]
        if iri == leave_out:
            continue
        m = members.setdefault(iri, Member(iri))
        if "kind" in row:
            m.totals[row["kind"]["value"]] = Decimal(row["amount"]["value"])
        if "tables" in row:
            m.tables = int(row["tables"]["value"])
        if "marker" in row:
            m.markers.add((iri, row["marker"]["value"], row["markerTarget"]["value"]))
        for name in ("issued", "format"):
            if name in row:
                setattr(m, name, row[name]["value"])
        if "retrieved" in row or "modified" in row:
            m.retrieved = (row.get("retrieved") or row["modified"])["value"]
    return list(members.values())


def decide(members: list[Member]) -> dict[str, set[tuple[str, str, str]]]:
    """The markers each member should state: duplicates point to their canonical copy, older
    versions to the current one and the current one back to them."""
    wanted: dict[str, set[tuple[str, str, str]]] = {m.iri: set() for m in members}
    # a document printing no table beside one that does is the disclosure's text published
    # apart (情况说明 and 报表 as two files): it restates the tables' figures in words, so it is
    # their companion, never a version of them, whatever its reading of the totals
    companions = [m for m in members if not m.tables] if any(m.tables for m in members) else []
    # publications: documents with the same numbers, the best-read one first (canonical);
    # a document without totals cannot be compared and is left alone
    publications: list[list[Member]] = []
    for m in sorted((m for m in members if m.totals and m not in companions), key=lambda m: m.canonical_rank):
        group = next((g for g in publications if g[0].same_numbers(m)), None)
        if group is None:
            publications.append([m])
        else:
            group.append(m)
    for canonical, *copies in publications:
        for m in copies:
            wanted[m.iri] |= {(m.iri, str(DEF.duplicateOf), canonical.iri), (m.iri, str(PROV.alternateOf), canonical.iri)}
    # versions: the publication that came out last is current
    publications.sort(key=lambda g: (max(m.published for m in g), g[0].iri))
    if len(publications) > 1:
        current = publications[-1][0]
        for older in publications[:-1]:
            wanted[current.iri].add((current.iri, str(PROV.wasRevisionOf), older[0].iri))
            for m in older:
                wanted[m.iri].add((m.iri, str(DEF.supersededBy), current.iri))
    if companions:
        tables = publications[-1][0] if publications else min((m for m in members if m.tables), key=lambda m: m.canonical_rank)
        for m in companions:
            wanted[m.iri] |= {(m.iri, str(DEF.duplicateOf), tables.iri), (m.iri, str(PROV.alternateOf), tables.iri)}
    return wanted


def marker_updates(members: list[Member], wanted: dict[str, set[tuple[str, str, str]]]) -> str:
    """SPARQL Update operations that bring the stored members' markers to ``wanted`` (none for
    members already right, so re-ingesting changes nothing)."""
    ops = []
    for m in members:
        want = wanted.get(m.iri, set())
        if want == m.markers:
            continue
        drop = "\n".join(f"<{s}> <{p}> <{o}> ." for s, p, o in sorted(m.markers - want))
        add = "\n".join(f"<{s}> <{p}> <{o}> ." for s, p, o in sorted(want - m.markers))
        if drop:
            ops.append(f"DELETE DATA {{ GRAPH <{m.iri}> {{\n{drop}\n}} }}")
        if add:
            ops.append(f"INSERT DATA {{ GRAPH <{m.iri}> {{\n{add}\n}} }}")
    return " ;\n".join(ops)


def is_copy(markers: str) -> bool:
    """Whether a document's own markers (N-Triples, as ``reconcile`` gives them) make it a copy
    of another document or a version another replaced."""
    return f"<{DEF.duplicateOf}>" in markers or f"<{DEF.supersededBy}>" in markers


def reconcile(store, disclosure: str | None, member: Member, left: str | None = None) -> tuple[str, str]:
    """Decide a document's place in its disclosure before it is stored: its own markers as
    N-Triples lines (to store with its graph) and the update that fixes the other documents'
    markers ('' each when there is nothing to say). ``left`` is the disclosure the stored
    version of this document published when that was another one: its remaining documents are
    decided again without it (the copy of a document that is no longer one becomes current)."""
    updates = []
    if left is not None and left != disclosure:
        remaining = stored_members(store, left, leave_out=member.iri)
        updates.append(marker_updates(remaining, decide(remaining)))
    own = ""
    others = stored_members(store, disclosure, leave_out=member.iri) if disclosure is not None else []
    if others:
        wanted = decide(others + [member])
        own = "".join(f"<{s}> <{p}> <{o}> .\n" for s, p, o in sorted(wanted[member.iri]))
        updates.append(marker_updates(others, wanted))
    return own, " ;\n".join(u for u in updates if u)
