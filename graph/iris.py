"""Every IRI the graph uses is minted here, from stable keys (document locator, unit and region
codes, classification codes, table numbers), never from counters, so re-ingesting a document
gives the same IRIs."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Namespace

DEF = Namespace("https://w3id.org/budgetkg/def#")
CODE = "https://w3id.org/budgetkg/code/"
ID = "https://w3id.org/budgetkg/id/"
VOCABULARY_GRAPH = "https://w3id.org/budgetkg/graph/vocabulary"

QB = Namespace("http://purl.org/linked-data/cube#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

def _key(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _segment(text: str) -> str:
    """A readable path segment: Chinese stays as it is (IRIs allow it), reserved characters are
    percent-encoded."""
    return quote(text.strip(), safe="")


def document_iri(locator: str) -> str:
    """The document and its named graph: one per source URL (or local path), so a new version
    of the same file replaces the graph of the old one."""
    return f"{ID}doc/{_key(locator)}"


def table_iri(document: str, number: int) -> str:
    return f"{document}/table/{number}"


def observation_iri(table: str, *key: str) -> str:
    return f"{table}/obs/" + "/".join(_segment(k) for k in key)


def project_key(code: str | None, name: str) -> str:
    """A project is keyed by its code, or by its name where the document prints no code."""
    return _segment(code) if code else _key(name, 12)


def project_iri(document: str, code: str | None, name: str) -> str:
    return f"{document}/project/{project_key(code, name)}"


def indicator_iri(document: str, *key: str | None) -> str:
    return f"{document}/indicator/{_key('|'.join(k or '' for k in key), 16)}"


def finding_iri(document: str, *key: str | None) -> str:
    return f"{document}/finding/{_key('|'.join(k or '' for k in key), 12)}"


def region_iri(code: str | None, name: str) -> str:
    return f"{ID}region/{code or _segment(name)}"


def unit_iri(region_code: str | None, region_name: str | None, unit_code: str | None, unit_name: str) -> str:
    """Unit codes (614, 320001) are only unique inside a county's budget system: the region is
    part of the key."""
    place = region_code or _segment(region_name or "unknown-region")
    return f"{ID}unit/{place}/{_segment(unit_code) if unit_code else _key(unit_name, 12)}"


def code_concept(scheme: str, notation: str) -> str:
    return f"{CODE}{scheme}/{_segment(notation)}"


def findings_graph_iri(document: str, across: bool = False) -> str:
    """Where the cross-check findings of a document live: ``{document}/findings`` for what the
    rules found inside it, ``{document}/findings/across`` for what they found comparing it with
    another document of its unit. Replaced whole whenever they are checked again."""
    return f"{document}/findings" + ("/across" if across else "")


def statement_iri(document: str, paragraph: int | None, topic: str, subject: str | None) -> str:
    """A figure the narrative states: by paragraph, topic and subject (a second one alike gets
    a suffix in reading order)."""
    return f"{document}/statement/{paragraph or 0}/{_segment(topic)}/{_segment(subject or '-')}"
