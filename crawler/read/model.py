"""The neutral model every reader produces: a document is an ordered run of text blocks and
grids; ``assemble`` turns grids into titled tables. Nothing here knows a file format."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TextBlock:
    """One line or paragraph of running text outside tables."""

    text: str
    page: int | None = None
    # page furniture: page numbers, running heads and feet repeated on most pages
    furniture: bool = False


@dataclass
class GridBlock:
    """A table as laid out in the file: rows of cell texts, merged cells repeated over the
    positions they cover."""

    rows: list[list[str]]
    page: int | None = None
    first_on_page: bool = False
    # (x0, x1) of each column on the page, where the format has positions (PDF)
    columns: list[tuple[float, float]] | None = None
    strategy: str = "grid"  # ruled (cells between ruling lines), aligned (columns from text gaps) …
    # the same printed table read by other strategies
    alternatives: list["GridBlock"] = field(default_factory=list)


Block = TextBlock | GridBlock


@dataclass
class Table:
    """A table of a document, with what surrounds it in print."""

    index: int
    title: str
    captions: list[str]
    rows: list[list[str]]
    header_rows: int
    notes: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    columns: list[tuple[float, float]] | None = None
    row_pages: list[int] = field(default_factory=list)  # the page of each row, where known
    strategy: str = "grid"  # how the reader found its cells: ruling lines, text alignment …
    # other readings of the same printed table, by other strategies; extraction keeps the one
    # whose arithmetic holds
    alternatives: list["Table"] = field(default_factory=list)

    def page_of(self, row: int) -> int | None:
        """The page of body row ``row`` (1-based, header rows included)."""
        if 0 < row <= len(self.row_pages):
            return self.row_pages[row - 1]
        return self.pages[0] if self.pages else None

    @property
    def header(self) -> list[list[str]]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> list[list[str]]:
        return self.rows[self.header_rows :]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def where(self) -> str:
        pages = f" p.{self.pages[0]}" if self.pages else ""
        return f"table {self.index} «{self.title}»{pages}"


@dataclass
class ReadDocument:
    """A document read from a file: its tables and its running text, in reading order."""

    path: str
    format: str
    tables: list[Table]
    paragraphs: list[str]
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    paragraph_pages: list[int | None] = field(default_factory=list)  # the page of each paragraph

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)
