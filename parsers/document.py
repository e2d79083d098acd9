"""The intermediate form every format module produces.

A format module (HTML, text, PDF, DOCX, DOC/WPS, OCR) turns bytes into a
``Document``: paragraphs and tables of cell text in reading order.  The
table engine (``parsers.tables``) and the metadata readers work on this
form only, so every format is read by the same rules.

Conventions for ``Table.rows``:

* one list of cell texts per physical table row, in reading order;
* a merged cell appears once, in the row and position where it starts
  (HTML semantics).  Front-ends whose library repeats merged cells
  (python-docx) de-duplicate them; front-ends whose library leaves the
  spanned positions empty (pdfplumber ``None``) drop them.  The engine
  still tolerates empty placeholders, because text renderings carry them;
* cell text keeps what was printed (a blank cell is ``""``), with line
  breaks inside a cell joined by ``"\\n"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# the text of a value cell OCR could not read with confidence: a Unicode noncharacter,
# so it never occurs in a document; the value parser reads it as null (ocr_unreadable)
OCR_UNREADABLE = "\ufdd0"


class OcrText(str):
    """A cell's text as read by OCR, carrying the recogniser's confidence (0..1).

    A ``str`` so the table engine reads it like any other cell text; the engine
    passes cell texts through unchanged, so the confidence reaches the report."""

    confidence: float

    def __new__(cls, text: str, confidence: float) -> OcrText:
        obj = super().__new__(cls, text)
        obj.confidence = confidence
        return obj


@dataclass
class Table:
    rows: list[list[str]]
    # where the table came from, for warnings: "html", "text:tabs", "pdf:page3", ...
    origin: str = ""


Block = str | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    format: str = "text"  # html, text, pdf, docx, doc, wps, scan
    # page-level metadata the source carries beside the body, e.g. HTML
    # <meta name="ArticleTitle|PubDate|ContentSource">, <title>, 发布日期 in
    # the 索引号 table.  Keys: "title", "published", "publisher", and any other.
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # set when the document cannot yield a report (corrupt, encrypted, scan without OCR)
    error: str | None = None

    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self) -> str:
        """The whole document as text: tables rendered one row per line, cells tab-separated."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Table):
                out.extend("\t".join(c.replace("\n", "") for c in row) for row in b.rows)
            else:
                out.append(b)
        return "\n".join(out)
