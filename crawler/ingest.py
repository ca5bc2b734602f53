"""One document file → records, or a specific error for that document. The batch never stops
for one bad file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError
from .extract import extract
from .extract.records import DocumentRecords
from .read import read

DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".html", ".htm")


@dataclass
class IngestResult:
    path: str
    records: DocumentRecords | None = None
    error: DocumentError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> str:
        name = Path(self.path).name
        if self.error is not None:
            return f"FAIL {name}: {self.error.code}: {self.error.args[0]}"
        r = self.records
        assert r is not None
        kinds = [t.kind for t in r.tables]
        problems = [f for f in r.findings if f.severity != "info"] + r.warnings
        unknown = kinds.count("generic")
        return (
            f"OK   {name}: {r.format}, {r.document.unit_name or '?'} {r.document.year or '?'} {r.document.phase or '?'}, "
            f"{len(kinds)} tables ({unknown} unrecognised), {r.fact_count} facts, {len(problems)} problems"
        )


def ingest_file(path: str | Path) -> IngestResult:
    path = Path(path)
    try:
        return IngestResult(str(path), records=extract(read(path)))
    except DocumentError as exc:
        exc.path = exc.path or str(path)
        return IngestResult(str(path), error=exc)
    except Exception as exc:  # a reader bug must not stop the batch; report it for this file
        error = DocumentError(f"unexpected {exc.__class__.__name__}: {exc}", str(path))
        error.code = "reader-failure"
        return IngestResult(str(path), error=error)


def document_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the documents inside folders (by suffix; contents sniffed later)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            out.append(p)
    return out
