"""One document file → records, or a specific error for that document. The batch never stops
for one bad file."""

from __future__ import annotations

import resource
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError, OutOfMemory, OverLimit
from .extract import extract
from .extract.records import DocumentRecords
from .provenance import path_text
from .read import read
from .read.limits import DEFAULT_LIMITS, ReadLimits

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
        name = path_text(Path(self.path).name)
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


def ingest_file(path: str | Path, limits: ReadLimits = DEFAULT_LIMITS) -> IngestResult:
    """Read one document within ``limits`` (wall time and memory are enforced only when it runs
    in a worker of ``crawler.workers.ReadingPool``)."""
    path = Path(path)
    try:
        return IngestResult(str(path), records=extract(read(path, limits)))
    except DocumentError as exc:
        exc.path = exc.path or str(path)
        if not isinstance(exc, OverLimit) and _near_memory_cap():
            # a C parser that hits the cap says "unknown error" or "could not be parsed": the real
            # reason is the cap
            exc = OutOfMemory(f"needs more than {limits.max_memory_mb:,} MB to read (limit max_memory_mb; the reader "
                              f"failed with: {exc.args[0]})", str(path))
        return IngestResult(str(path), error=exc)
    except MemoryError:
        error = OutOfMemory(f"needs more than {limits.max_memory_mb:,} MB to read (limit max_memory_mb)", str(path))
        return IngestResult(str(path), error=error)
    except Exception as exc:  # a reader bug must not stop the batch; report it for this file
        error = DocumentError(f"unexpected {exc.__class__.__name__}: {exc}", str(path))
        error.code = "reader-failure"
        return IngestResult(str(path), error=error)


def _near_memory_cap() -> bool:
    """In a process whose address space is capped (a reading worker): has it come within 10% of
    the cap? (VmPeak is what RLIMIT_AS bounds.)"""
    cap, _ = resource.getrlimit(resource.RLIMIT_AS)
    if cap == resource.RLIM_INFINITY:
        return False
    try:
        with open("/proc/self/status") as status:
            peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmPeak:"))
    except (OSError, StopIteration):
        return False
    return peak_kb * 1024 > 0.9 * cap


def document_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the documents inside folders (by suffix; contents sniffed later)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            out.append(p)
    return out
