"""A precomputed cube slice, the way OLAP engines keep aggregates: per fiscal year, one named
graph ``…/graph/summary/{year}`` with the total expenditure of every region × phase × 类
(functional class, 3 digits; a document that lists 款 or 项 without their 类 counts its top rows
under their 类), summed over the region's current documents (duplicates and
superseded versions left out; a 本级 whose 部门 published the same year and phase is inside the
部门's figures and is not added twice), with the number of units summed.

It is refreshed for the document's region and year in the same update that stores the
document, so the national question "totals per region × year × 类" (``queries/region_totals.rq``)
reads a few thousand observations instead of joining millions."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .iris import CODE, DEF, ID, ORG, QB
from .query import internal_query

SUMMARY_GRAPH = "https://w3id.org/budgetkg/graph/summary/"

# full IRIs, no PREFIX: the text is appended to other operations of one update request, and
# Oxigraph takes a prologue only at the start of the request
_REFRESH = """
DELETE { GRAPH <%(graph)s> { ?s ?p ?v } }
WHERE { GRAPH <%(graph)s> { ?s <%(bgt)sregion> <%(region)s> ; ?p ?v } } ;
INSERT { GRAPH <%(graph)s> {
  <%(graph)s> a <%(qb)sDataSet> ; <%(qb)sstructure> <%(bgt)sregionSummaryStructure> ; <%(bgt)sfiscalYear> %(year)s .
  ?obs a <%(bgt)sSummaryObservation> ; <%(qb)sdataSet> <%(graph)s> ; <%(bgt)sregion> ?region ; <%(bgt)sfiscalYear> %(year)s ;
       <%(bgt)sphase> ?phase ; <%(bgt)sfunctionalClass> ?class ; <%(bgt)samount> ?amount ; <%(bgt)sunitCount> ?units .
} } WHERE {
  { SELECT ?region ?phase ?class (SUM(?a) AS ?amount) (COUNT(DISTINCT ?u) AS ?units) WHERE {
      BIND (<%(region)s> AS ?region)
      GRAPH ?g {
        # from the region's units (written first: with a constant region the store starts there,
        # not from every document); the year as a filter, not a constant: every observation
        # states its year too, and a constant would make the store start from all of them
        ?u <%(bgt)sregion> <%(region)s> .
        ?d <%(bgt)sbudgetUnit> ?u ; <%(bgt)sfiscalYear> ?year ; a <%(bgt)sDocument> ; <%(bgt)sphase> ?phase .
        FILTER (?year = %(year)s)
        FILTER NOT EXISTS { ?d <%(bgt)sduplicateOf>|<%(bgt)ssupersededBy> ?other }
        ?t <%(bgt)sdocument> ?d ; <%(bgt)sprimaryFunctionalTable> true .
        ?o <%(qb)sdataSet> ?t ; <%(bgt)sfunctionalClass> ?row ; <%(bgt)sexpenditureType> <%(code)sexpenditure-type/total> ;
           <%(bgt)samount> ?a .
        ?row <%(skos)snotation> ?code .
        # the table's top rows (a 类, or a 款/项 whose 类/款 the table does not list), under their 类
        FILTER NOT EXISTS { ?row <%(skos)sbroader> ?up . ?above <%(qb)sdataSet> ?t ; <%(bgt)sfunctionalClass> ?up }
        BIND (IRI(CONCAT("%(code)sfunctional/", SUBSTR(?code, 1, 3))) AS ?class)
      }
      # a 本级 whose 部门 published the same year and phase is inside the 部门's figures
      MINUS { SELECT DISTINCT ?u ?phase WHERE {
        GRAPH ?h { ?u <%(bgt)sregion> <%(region)s> ; <%(org)ssubOrganizationOf> ?department }
        GRAPH ?k { ?pd <%(bgt)sbudgetUnit> ?department ; a <%(bgt)sDocument> ; <%(bgt)sfiscalYear> ?year2 ;
                       <%(bgt)sphase> ?phase . FILTER (?year2 = %(year)s)
                   FILTER NOT EXISTS { ?pd <%(bgt)sduplicateOf>|<%(bgt)ssupersededBy> ?other2 } } } }
    } GROUP BY ?region ?phase ?class }
  BIND (IRI(CONCAT("%(id)ssummary/%(year)s/", MD5(STR(?region)), "/", STRAFTER(STR(?phase), "/phase/"), "/",
                   STRAFTER(STR(?class), "/functional/"))) AS ?obs)
}
"""


def summary_graph(year: int) -> str:
    return f"{SUMMARY_GRAPH}{year}"


def refresh_update(year: int, region: str) -> str:
    """The SPARQL Update that recomputes one region's part of one year's slice."""
    return _REFRESH % {
        "graph": summary_graph(year), "year": int(year), "id": ID, "bgt": str(DEF), "qb": str(QB), "code": CODE,
        "skos": str(SKOS), "org": str(ORG), "region": region,
    }


def summary_update(graph: Graph) -> str:
    """The refresh for the region and year of one document's graph ('' when it has neither)."""
    doc = URIRef(str(graph.identifier))
    year, unit = graph.value(doc, DEF.fiscalYear), graph.value(doc, DEF.budgetUnit)
    region = graph.value(unit, DEF.region) if unit is not None else None
    if year is None or region is None:
        return ""
    return refresh_update(int(year), str(region))


def refresh_all(store) -> list[int]:
    """Every year's slice, recomputed (after a bulk load) region by region, the way a load
    refreshes it. Returns the years. Known limit: the cost of a region's refresh still grows
    with the whole store (tests/benchmarks/bench_graph.py), so this grows faster than linearly."""
    slices = [(int(r["year"]["value"]), r["region"]["value"])
              for r in store.select(internal_query("year_regions"))["results"]["bindings"]]
    for year, region in slices:
        store.update(refresh_update(year, region))
    return sorted({year for year, _ in slices})
