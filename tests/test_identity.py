"""One IRI per unit across documents (graph/identity.py, rules in ontology/unit-identity.toml)
and one document per disclosure (graph/disclosures.py)."""

import copy
from decimal import Decimal
from datetime import datetime, timezone

from tests.conftest import DOCUMENTS, records_of

from graph.identity import IdentityRules, identity_rules
from graph.iris import document_iri, unit_iri
from graph.query import bind_parameters, named_queries, query_text, rows_of, with_default_prefixes
from crawler.provenance import DocumentSource
from graph.store import open_store
from graph.store.base import load_vocabulary

RULES = identity_rules()


def test_spellings_of_one_unit_name_give_one_key():
    names = ["内乡县医疗保障局", "内乡医疗保障局", "内乡县 医疗保障局", "内乡县医疗保障局\u3000"]
    assert {RULES.normalised_name(n, "内乡县") for n in names} == {"医疗保障局"}
    assert len({unit_iri("411325", "内乡县", None, n) for n in names}) == 1


def test_unit_code_wins_over_name_and_region_keeps_codes_apart():
    assert unit_iri("410825", "温县", "614", "温县医疗保障局") == unit_iri("410825", "温县", "614", "温县医保局")
    assert unit_iri("410825", "温县", "614", "x") != unit_iri("411325", "内乡县", "614", "x")


def test_own_office_is_its_own_unit_under_its_department():
    spellings = ["成安县医疗保障局机关本级", "成安县医疗保障局（本级）", "成安县医疗保障局本级"]
    assert {RULES.normalised_name(n, "成安县") for n in spellings} == {"医疗保障局本级"}
    assert RULES.department_of("成安县医疗保障局机关本级", "成安县") == "医疗保障局"
    assert RULES.department_of("成安县医疗保障局", "成安县") is None
    assert unit_iri("130424", "成安县", None, "成安县医疗保障局本级") != unit_iri("130424", "成安县", None, "成安县医疗保障局")


def test_aliases_are_data_and_can_give_a_code():
    rules = IdentityRules.from_toml('''
[normalise]
drop = [" "]
[own_office]
suffixes = ["本级"]
[[alias]]
region = "411325"
names = ["内乡县医保局"]
canonical = "内乡县医疗保障局"
code = "310"
''')
    assert rules.unit_key("411325", "内乡县", None, "内乡县医保局").segment == "310"
    assert rules.unit_key("411325", "内乡县", None, "内乡县医疗保障局").segment == "310"
    assert rules.unit_key("410825", "温县", None, "内乡县医保局").segment == "内乡县医保局"  # other region: no alias


def _store_with(tmp_path, versions):
    """Each (url, records, retrieved) stored the way ingest and crawl store a document."""
    from graph.load import store_records

    store = open_store(tmp_path)
    load_vocabulary(store)
    for url, records, retrieved in versions:
        store_records(store, records, DocumentSource(url, "0" * 64, retrieved_at=retrieved))
    return store


def _totals(store):
    return [(r["doc"], r["expenditureTotal"]) for r in rows_of(store.select(query_text("totals")))]


def _documents(store):
    return {r["doc"]: (r["status"], r["canonicalDoc"]) for r in rows_of(store.select(query_text("documents")))}


def test_same_disclosure_twice_is_one_document_in_the_answers(tmp_path):
    records = records_of(str(DOCUMENTS / "neixiang-2024-final.pdf"))
    html = copy.deepcopy(records)
    html.format, html.tables = "html", html.tables[:3]  # the article carries three of the tables
    day = datetime(2024, 9, 6, tzinfo=timezone.utc)
    store = _store_with(tmp_path, [("https://nx.example/a/t20240906.html", html, day),
                                   ("https://nx.example/attach/neixiang.pdf", records, day)])
    # the PDF came second but reads more tables: it is canonical, the article its duplicate
    assert _documents(store) == {"neixiang.pdf": ("current", None), "t20240906.html": ("duplicate", "neixiang.pdf")}
    assert _totals(store) == [("neixiang.pdf", Decimal("2945.68"))]
    coverage = [(r["unitName"], r["year"], r["finalDocs"]) for r in rows_of(store.select(query_text("coverage")))]
    assert coverage == [("内乡县医疗保障局", 2024, 1)]
    # no named query but the list of documents answers from the copy
    code = rows_of(store.select(query_text("functional_expenditure")))[-1]["code"]  # one the documents print
    from_copy = {}
    for name in named_queries():
        text = query_text(name)
        text = bind_parameters(text, {"code": code}) if name == "units_by_functional_code" else text
        docs = {r.get("doc") for r in rows_of(store.select(with_default_prefixes(text)))}
        from_copy[name] = "t20240906.html" in docs
    assert {name for name, found in from_copy.items() if found} == {"documents"}
    # nor do the cross-check rules check the copy (its 目录 lists tables the article leaves out)
    from graph.audit import run_rules
    from graph.rules import load_rules
    article = document_iri("https://nx.example/a/t20240906.html")
    assert not [f.rule.id for f in run_rules(store, load_rules()) if article in (f.document, f.other)]
    store.close()


def test_a_document_whose_bytes_become_another_disclosure_leaves_its_old_one(tmp_path):
    records = records_of(str(DOCUMENTS / "neixiang-2024-final.pdf"))
    html = copy.deepcopy(records)
    html.format, html.tables = "html", html.tables[:3]
    day = datetime(2024, 9, 6, tzinfo=timezone.utc)
    # the canonical PDF's address later serves another county's budget: the article is 内乡's
    # final account again, no longer the duplicate of a document that is not one
    store = _store_with(tmp_path, [("https://nx.example/a/t20240906.html", html, day),
                                   ("https://nx.example/attach/neixiang.pdf", records, day),
                                   ("https://nx.example/attach/neixiang.pdf",
                                    records_of(str(DOCUMENTS / "wenxian-2024-budget.pdf")), day)])
    assert _documents(store) == {"neixiang.pdf": ("current", None), "t20240906.html": ("current", None)}
    assert [doc for doc, _ in _totals(store)] == ["neixiang.pdf", "t20240906.html"]
    store.close()


def test_revised_version_replaces_the_old_and_says_so(tmp_path):
    old = records_of(str(DOCUMENTS / "neixiang-2024-final.pdf"))
    new = copy.deepcopy(old)
    new.totals.expenditure_total = new.totals.income_total = Decimal("2950.00")
    store = _store_with(tmp_path, [("https://nx.example/v1.pdf", old, datetime(2024, 9, 5, tzinfo=timezone.utc)),
                                   ("https://nx.example/v2.pdf", new, datetime(2024, 10, 8, tzinfo=timezone.utc))])
    assert _documents(store) == {"v1.pdf": ("superseded", "v2.pdf"), "v2.pdf": ("current", None)}
    assert _totals(store) == [("v2.pdf", Decimal("2950.00"))]
    revised = store.select("""PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX bgt: <https://w3id.org/budgetkg/def#>
        SELECT ?new ?old WHERE { GRAPH ?g { ?n prov:wasRevisionOf ?o ; bgt:fileName ?new } GRAPH ?h { ?o bgt:fileName ?old } }""")
    assert [(b["new"]["value"], b["old"]["value"]) for b in revised["results"]["bindings"]] == [("v2.pdf", "v1.pdf")]
    store.close()


def test_a_narrative_published_apart_from_its_tables_never_replaces_them(tmp_path):
    # Beijing and Jiangsu publish a disclosure as two files: the 情况说明 (text only) and the 报表.
    # The text file, published later and stating its own reading of the totals, is a companion of
    # the tables, not a revision of them: the tables stay current, the text is counted once with them.
    tables = records_of(str(DOCUMENTS / "neixiang-2024-final.pdf"))
    text = copy.deepcopy(tables)
    text.tables = []
    text.totals.basic_total = None
    text.totals.expenditure_total = Decimal("2945.70")  # the narrative's rounding of it
    store = _store_with(tmp_path, [("https://nx.example/a/tables.pdf", tables, datetime(2024, 9, 5, tzinfo=timezone.utc)),
                                   ("https://nx.example/a/narrative.pdf", text, datetime(2024, 9, 9, tzinfo=timezone.utc))])
    assert _documents(store) == {"tables.pdf": ("current", None), "narrative.pdf": ("duplicate", "tables.pdf")}
    assert _totals(store) == [("tables.pdf", Decimal("2945.68"))]
    store.close()
