"""Errors that concern one document: the batch reports them and goes on."""

from __future__ import annotations


class DocumentError(Exception):
    """A document could not be read; ``code`` is a stable short name for reports."""

    code = "unreadable"

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.path}: {msg}" if self.path else msg


class UnsupportedFormat(DocumentError):
    code = "unsupported-format"


class EncryptedDocument(DocumentError):
    code = "encrypted"


class CorruptDocument(DocumentError):
    code = "corrupt"


class NeedsOCR(DocumentError):
    """The document's pages are images (a scan) or its text layer is unusable."""

    code = "needs-ocr"


class ConverterMissing(DocumentError):
    code = "converter-missing"


class OverLimit(DocumentError):
    """The document is beyond a reading budget (``crawler.read.limits.ReadLimits``)."""

    code = "over-limit"


class TooLarge(OverLimit):
    code = "too-large"


class TooManyCells(OverLimit):
    code = "too-many-cells"


class TooManyPages(OverLimit):
    code = "too-many-pages"


class ReadTimeout(OverLimit):
    code = "timeout"


class OutOfMemory(OverLimit):
    code = "out-of-memory"


class WorkerDied(DocumentError):
    """The process reading the document died (killed, crashed): the batch goes on."""

    code = "worker-died"
