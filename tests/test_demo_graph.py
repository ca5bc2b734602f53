"""The graph ``budgetkg demo`` builds, as an analyst finds it: labels join, each disclosure once."""

from decimal import Decimal

import pytest

from graph import connect
from graph.iris import VOCABULARY_GRAPH

_CONCEPTS_WITHOUT_LABEL = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?concept WHERE {{
  GRAPH ?g {{ ?s ?p ?concept . ?concept skos:inScheme ?scheme }}
  FILTER (?g != <{VOCABULARY_GRAPH}>)
  FILTER NOT EXISTS {{ GRAPH <{VOCABULARY_GRAPH}> {{ ?concept skos:prefLabel ?label }} }}
}}"""


@pytest.fixture(scope="module")
def demo(demo_run):
    store, result = demo_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with connect(store) as graph:
        yield graph


def test_every_concept_used_in_the_demo_graph_has_a_label_in_the_vocabulary(demo):
    used = demo.query("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?s ?p ?c . ?c skos:inScheme ?scheme } }""")
    assert used["n"][0] > 100  # functional, economic, KPI levels, project categories, phases, types…
    assert demo.query(_CONCEPTS_WITHOUT_LABEL).empty
    levels = demo.query("""SELECT DISTINCT ?label WHERE { GRAPH ?g { ?k bgt:level1 ?level }
        GRAPH <https://w3id.org/budgetkg/graph/vocabulary> { ?level skos:prefLabel ?label } }""")
    assert {"产出指标", "效益指标", "满意度指标"} <= set(levels["label"])


def test_coverage_shows_one_final_account_for_neixiang(demo):
    coverage = demo.query("coverage")
    neixiang = coverage[(coverage["unitName"] == "内乡县医疗保障局") & (coverage["year"] == 2024)]
    assert neixiang[["budgetDocs", "finalDocs"]].values.tolist() == [[0, 1]]
    documents = demo.query("documents")
    assert sorted(documents["status"]) == ["current"] * 5 + ["duplicate"]


def test_a_sum_over_any_unit_equals_its_documents_total(demo):
    """Summed by unit (not by file), every unit's 类 rows add up to its one document's total:
    the disclosure published twice is not counted twice."""
    totals = demo.query("totals")
    units = demo.query("units")[["doc", "unitName"]]
    functional = demo.query("functional_expenditure").merge(units, on="doc")
    # the top rows of each table: codes whose 类/款 is not listed above them
    listed = set(zip(functional["doc"], functional["code"]))
    parent = {5: 3, 7: 5}
    top = [not (len(c) in parent and (d, c[:parent[len(c)]]) in listed) for d, c in zip(functional["doc"], functional["code"])]
    by_unit = functional[top].groupby("unitName")["total"].sum()
    expected = totals.merge(units, on="doc").set_index("unitName")["expenditureTotal"]
    assert len(expected) == 5 and len(by_unit) == 4  # 怀来 prints no table by functional classification
    for unit, total in by_unit.items():  # within the documents' own rounding (兰考 prints 4008.58 over rows of 4008.57)
        assert abs(total - expected[unit]) <= 0.011, unit
