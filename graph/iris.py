"""Every IRI the graph uses is minted here, from stable keys (document locator, unit and region
codes, classification codes, table numbers), never from counters, so re-ingesting a document
gives the same IRIs."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Namespace

from .identity import identity_rules

DEF = Namespace("https://w3id.org/budgetkg/def#")
CODE = "https://w3id.org/budgetkg/code/"
ID = "https://w3id.org/budgetkg/id/"
VOCABULARY_GRAPH = "https://w3id.org/budgetkg/graph/vocabulary"
# the documents of a bulk-loaded batch whose summary slices and findings across documents are
# not renewed yet (graph/bulk.py)
PENDING_GRAPH = "https://w3id.org/budgetkg/graph/pending-renewal"

QB = Namespace("http://purl.org/linked-data/cube#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

def _key(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _iri_char(ch: str) -> str:
    """Unreserved ASCII and the IRI ``ucschar`` ranges (RFC 3987: Chinese among them) stay as
    they are; everything else (reserved ASCII, spaces of any width, controls) is percent-encoded."""
    code = ord(ch)
    if ch.isascii():
        return ch if ch.isalnum() or ch in "-._~" else quote(ch, safe="")
    if ch.isspace() or not any(low <= code <= high for low, high in _UCSCHAR):
        return quote(ch, safe="")
    return ch


# RFC 3987 ucschar (planes 1-14 without their last two code points)
_UCSCHAR = [(0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)] + [
    (plane * 0x10000, plane * 0x10000 + 0xFFFD) for plane in range(1, 15)]


def _segment(text: str) -> str:
    """A readable path segment, minted one way for every IRI (document graphs and the
    vocabulary alike): ``kpi-level/产出指标``, never ``kpi-level/%E4%BA…`` in one place and the raw
    characters in another."""
    return "".join(_iri_char(ch) for ch in text.strip())


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
    """One IRI per unit across years and phases. Unit codes (614, 320001) are only unique inside
    a county's budget system: the region is part of the key; without a printed code the unit is
    keyed by its normalised name (``graph/identity.py``, rules in ontology/unit-identity.toml)."""
    place = region_code or _segment(region_name or "unknown-region")
    key = identity_rules().unit_key(region_code, region_name, unit_code, unit_name)
    return f"{ID}unit/{place}/{_segment(key.segment)}"


def disclosure_iri(unit: str, year: int | None, phase: str | None) -> str:
    """What a unit disclosed for one fiscal year and phase (its 2024 决算), whatever the number of
    files it came in: the same disclosure published as a PDF and as an HTML article, or
    re-uploaded, is one disclosure with several documents."""
    return f"{unit}/disclosure/{year or 'unknown-year'}/{phase or 'unknown-phase'}"


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
