"""Legacy Word .doc: converted to .docx by LibreOffice headless, then read as DOCX."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConverterMissing, CorruptDocument
from .docx_reader import read_docx_blocks
from .limits import DEFAULT_LIMITS, ReadBudget
from .model import Block

INSTALL_HINT = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) to read .doc files"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc_blocks(path: str | Path, budget: ReadBudget | None = None) -> tuple[list[Block], None]:
    soffice = soffice_path()
    if not soffice:
        raise ConverterMissing(f"legacy .doc needs a converter: {INSTALL_HINT}", str(path))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "source.doc"
        shutil.copyfile(path, src)
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "docx", "--outdir", tmp, str(src)],
                check=True,
                capture_output=True,
                timeout=180,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise CorruptDocument(f"LibreOffice could not convert the .doc: {exc}", str(path)) from exc
        out = Path(tmp) / "source.docx"
        if not out.exists():
            raise CorruptDocument("LibreOffice produced no .docx from this .doc (damaged file?)", str(path))
        return read_docx_blocks(out, budget or ReadBudget(DEFAULT_LIMITS, str(path)))
