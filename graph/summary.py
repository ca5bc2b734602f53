"""A precomputed cube slice, the way OLAP engines keep aggregates: per fiscal year and region, one
named graph ``…/graph/summary/{year}/{region}`` with the region's total expenditure per phase × 类
(functional class, 3 digits; a document that lists 款 or 项 without their 类 counts its top rows
under their 类), summed over the region's current documents (duplicates and
superseded versions left out; a 本级 whose 部门 published the same year and phase is inside the
部门's figures and is not added twice), with the number of units summed.

It is refreshed for the document's region and year in the same update that stores the
document, so the national question "totals per region × year × 类" (``queries/region_totals.rq``)
reads a few thousand observations instead of joining millions, and a question scoped to some
documents reads the slices of their regions and years only (``graph/scope.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from .iris import CODE, DEF, ID, ORG, QB
from .query import internal_query

SUMMARY_GRAPH = "https://w3id.org/budgetkg/graph/summary/"

# full IRIs, no PREFIX: the text is appended to other operations of one update request, and
# Oxigraph takes a prologue only at the start of the request
_CLEAR = """
DROP SILENT GRAPH <%(graph)s>"""
# the region's documents are named (USING NAMED): the store reads their graphs only — a
# pattern on the region itself, or a VALUES of graphs, makes Oxigraph read every graph
_COMPUTE = """
INSERT { GRAPH <%(graph)s> {
  <%(graph)s> a <%(qb)sDataSet> ; <%(qb)sstructure> <%(bgt)sregionSummaryStructure> ; <%(bgt)sfiscalYear> %(year)s ;
              <%(bgt)sregion> <%(region)s> .
  ?obs a <%(bgt)sSummaryObservation> ; <%(qb)sdataSet> <%(graph)s> ; <%(bgt)sregion> ?region ; <%(bgt)sfiscalYear> %(year)s ;
       <%(bgt)sphase> ?phase ; <%(bgt)sfunctionalClass> ?class ; <%(bgt)samount> ?amount ; <%(bgt)sunitCount> ?units .
} }
%(using)sWHERE {
  { SELECT ?region ?phase ?class (SUM(?a) AS ?amount) (COUNT(DISTINCT ?u) AS ?units) WHERE {
      BIND (<%(region)s> AS ?region)
      GRAPH ?g {
        ?d a <%(bgt)sDocument> ; <%(bgt)sfiscalYear> ?year ; <%(bgt)sbudgetUnit> ?u ; <%(bgt)sphase> ?phase .
        FILTER (?year = %(year)s)
        FILTER NOT EXISTS { ?d <%(bgt)sduplicateOf>|<%(bgt)ssupersededBy> ?other }
        ?t <%(bgt)sdocument> ?d ; <%(bgt)sprimaryFunctionalTable> true .
        ?o <%(qb)sdataSet> ?t ; <%(bgt)sfunctionalClass> ?row ; <%(bgt)sexpenditureType> <%(code)sexpenditure-type/total> ;
           <%(bgt)samount> ?a .
        ?row <%(skos)snotation> ?code .
        # the table's top rows (a 类, or a 款/项 whose 类/款 the table does not list), under their 类;
        # the patterns in the order that joins them by ?up then ?above (Oxigraph keeps it: 3× faster)
        FILTER NOT EXISTS { ?row <%(skos)sbroader> ?up . ?above <%(bgt)sfunctionalClass> ?up ; <%(qb)sdataSet> ?t }
        BIND (IRI(CONCAT("%(code)sfunctional/", SUBSTR(?code, 1, 3))) AS ?class)
      }
      # a 本级 whose 部门 (a unit of the same region) published the same year and phase is
      # inside the 部门's figures
      MINUS { SELECT DISTINCT ?u ?phase WHERE {
        GRAPH ?h { ?u <%(org)ssubOrganizationOf> ?department }
        GRAPH ?k { ?pd a <%(bgt)sDocument> ; <%(bgt)sbudgetUnit> ?department ; <%(bgt)sfiscalYear> ?year2 ;
                       <%(bgt)sphase> ?phase . FILTER (?year2 = %(year)s)
                   FILTER NOT EXISTS { ?pd <%(bgt)sduplicateOf>|<%(bgt)ssupersededBy> ?other2 } } } }
    } GROUP BY ?region ?phase ?class }
  BIND (IRI(CONCAT("%(id)ssummary/%(year)s/", MD5(STR(?region)), "/", STRAFTER(STR(?phase), "/phase/"), "/",
                   STRAFTER(STR(?class), "/functional/"))) AS ?obs)
} ;
# the region's name and code with its figures: a national table reads the slices alone
INSERT { GRAPH <%(graph)s> { <%(region)s> <%(rdfs)slabel> ?label ; <%(bgt)sregionCode> ?code } }
%(using)sWHERE { GRAPH ?g { <%(region)s> <%(rdfs)slabel> ?label OPTIONAL { <%(region)s> <%(bgt)sregionCode> ?code } } }
"""


@dataclass(frozen=True)
class Slice:
    """One region's part of one year's summary: a named graph of its own."""

    year: int
    region: str

    @property
    def graph(self) -> str:
        return f"{SUMMARY_GRAPH}{self.year}/{quote(self.region.removeprefix(f'{ID}region/'), safe='')}"


def slice_of(graph: Graph) -> Slice | None:
    """The slice one document's graph counts in (None when it names no year or no region)."""
    doc = URIRef(str(graph.identifier))
    year, unit = graph.value(doc, DEF.fiscalYear), graph.value(doc, DEF.budgetUnit)
    region = graph.value(unit, DEF.region) if unit is not None else None
    if year is None or region is None:
        return None
    return Slice(int(year), str(region))


def region_graphs(store, region: str) -> set[str]:
    """The named graphs of the stored documents of ``region``'s units, every year."""
    return {r["g"]["value"] for r in store.select(internal_query("region_graphs", region=region))["results"]["bindings"]}


def refresh_update(part: Slice, graphs: set[str]) -> str:
    """The SPARQL Update that recomputes ``part`` from the documents' graphs ``graphs`` (the
    region's, as they will be when the update runs: ``region_graphs`` with the graph stored in
    the same request, without one that leaves the region in it)."""
    terms = {"graph": part.graph, "year": int(part.year), "id": ID, "bgt": str(DEF), "qb": str(QB),
             "code": CODE, "skos": str(SKOS), "org": str(ORG), "rdfs": str(RDFS), "region": part.region,
             "using": "".join(f"USING NAMED <{g}>\n" for g in sorted(graphs))}
    # no graph named would mean every graph: with none, the part is only cleared
    return _CLEAR % terms + (" ;" + _COMPUTE % terms if graphs else "")


def refreshes_after_storing(store, graph_iri: str, part: Slice | None, left: Slice | None) -> list[str]:
    """The updates to send with a document stored as ``graph_iri``: the refresh of the slice it
    counts in (``part``) and, when its stored version counted in another one (``left``: replaced
    bytes of another region or year), of that one without it."""
    rebuild_earlier_layout(store, [p.year for p in (part, left) if p])
    out = [refresh_update(part, region_graphs(store, part.region) | {graph_iri})] if part else []
    if left is not None and left != part:
        out.append(refresh_update(left, region_graphs(store, left.region) - {graph_iri}))
    return out


def rebuild_earlier_layout(store, years: Iterable[int]) -> None:
    """A store written when a year's slices shared one graph (``…/summary/{year}``) has its
    whole summary rebuilt, once, so that no total is counted in both layouts."""
    if any(store.select(f"ASK {{ GRAPH <{SUMMARY_GRAPH}{year}> {{ ?s ?p ?v }} }}")["boolean"] for year in set(years)):
        refresh_all(store)


def refresh(store, parts: Iterable[Slice]) -> None:
    """Each of ``parts`` recomputed from what is stored, one update each."""
    parts = list(parts)
    rebuild_earlier_layout(store, [p.year for p in parts])
    _recompute(store, parts)


def _recompute(store, parts: Iterable[Slice]) -> None:
    graphs: dict[str, set[str]] = {}
    for part in parts:
        if part.region not in graphs:
            graphs[part.region] = region_graphs(store, part.region)
        store.update(refresh_update(part, graphs[part.region]))


def refresh_all(store) -> list[int]:
    """The whole summary rebuilt (after a bulk load, or over a store of an earlier layout):
    every slice recomputed region by region, the way a load refreshes it (each one dropped and
    rewritten in one update, so a question never sees it half done), then the summary graphs no
    slice owns dropped (an earlier layout's, a region no document names any more). Returns the
    years."""
    parts = [Slice(int(r["year"]["value"]), r["region"]["value"])
             for r in store.select(internal_query("year_regions"))["results"]["bindings"]]
    _recompute(store, sorted(parts, key=lambda p: (p.region, p.year)))
    owned = {p.graph for p in parts}
    stale = [r["g"]["value"] for r in store.select(internal_query("summary_graphs"))["results"]["bindings"]
             if r["g"]["value"] not in owned]
    for first in range(0, len(stale), 200):
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in stale[first:first + 200]))
    return sorted({p.year for p in parts})
