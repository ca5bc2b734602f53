"""What an exposed endpoint checks in a query before the engine sees it: its length, how deep
its brackets nest (3,000 nested ``{ }`` overflow Oxigraph's stack and kill it), and federated
``SERVICE`` calls (which make the endpoint fetch any URL: off unless the IRI is allowed).

A cheap scan, not a parser: the query is tokenised just enough to skip what cannot hold syntax
(strings, IRIs, comments, prefixed names with escapes), after the codepoint escapes that SPARQL
applies before parsing (``\\u0053ERVICE`` is SERVICE). Where the scan and the engine could
disagree, the scan errs towards refusing."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKENS = re.compile(
    r'''(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
    r'''|(?P<comment>\#[^\n\r]*)'''
    r'''|(?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)'''
    # a prefixed name, with the escapes its local part may hold (``ex:a\#b`` is no comment)
    r'''|(?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%])*)'''
    r'''|(?P<word>[^\W\d][\w\-]*)'''
    r'''|(?P<open>[{(\[])|(?P<close>[})\]])''',
    re.UNICODE,
)


class QueryRefused(ValueError):
    """A query the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: str = "400 Bad Request") -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class QueryLimits:
    max_bytes: int = 64 * 1024
    max_depth: int = 64  # brackets of any kind inside one another
    allowed_services: tuple[str, ...] = ()  # SERVICE IRIs allowed, written in full


def unescape_codepoints(query: str) -> str:
    def char(match: re.Match) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:  # beyond Unicode: leave it for the engine to refuse
            return match.group(0)

    return _CODEPOINT.sub(char, query)


def check_query(query: str, limits: QueryLimits) -> None:
    """Raise ``QueryRefused`` saying why, or return when the query may go to the engine."""
    size = len(query.encode("utf-8"))
    if size > limits.max_bytes:
        raise QueryRefused(f"the query is {size:,} bytes, longer than this endpoint's limit of {limits.max_bytes:,}",
                           "413 Content Too Large")
    depth = deepest = 0
    tokens = [(m.lastgroup, m.group()) for m in _TOKENS.finditer(unescape_codepoints(query))]
    for i, (kind, text) in enumerate(tokens):
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_depth:
                    raise QueryRefused(f"the query nests brackets deeper than this endpoint's limit of "
                                       f"{limits.max_depth}")
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "word" and text.upper() == "SERVICE":
            _check_service(tokens[i + 1:i + 3], limits)


def _check_service(following: list[tuple[str, str]], limits: QueryLimits) -> None:
    if following and following[0][0] == "word" and following[0][1].upper() == "SILENT":
        following = following[1:]
    target = following[0] if following else ("", "")
    if target[0] == "iri" and target[1][1:-1] in limits.allowed_services:
        return
    if not limits.allowed_services:
        raise QueryRefused("SERVICE (federated query) is off on this endpoint: it would make the server fetch "
                           "other URLs", "403 Forbidden")
    raise QueryRefused(f"SERVICE {target[1] or '?'} is not allowed here; allowed (written in full): "
                       + " ".join(f"<{s}>" for s in limits.allowed_services), "403 Forbidden")
