"""PDF → Document (pdfplumber).

* Ruled tables come from pdfplumber's ``lines`` strategy.  Cells covered by
  a span come back ``None`` and are dropped, so a merged cell appears once
  where it starts (the Document convention).
* Text outside the tables becomes paragraphs in page order; lines are
  re-joined into paragraphs (a line that runs to the right margin continues
  on the next one).  Page numbers ("- 3 -", "第3页 共5页") in the top and
  bottom margins are dropped.
* A table that continues on the next page (the page's first block is a
  table with the same column edges as the previous page's last table) is
  joined into one Table, without the header rows the continuation repeats.
* Encrypted files that cannot be opened without a password give
  ``error = "encrypted"``; unreadable files give ``error = "corrupt: …"``.
* A PDF without a usable text layer (no text, or mostly ``(cid:NNN)``
  glyphs of fonts without a ToUnicode map) is handed to OCR
  (``parsers.formats.scan``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..document import Document, Table
from ..limits import LimitExceeded, check_pdf_streams

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(第?\s*\d+\s*页?(\s*[/／]\s*\d+|\s*共\s*\d+\s*页)?|\d+\s*[/／]\s*\d+|[-—–－]\s*\d+\s*[-—–－]|"
    r"page\s*\d+(\s*of\s*\d+)?)[\s\-—–－·•]*$",
    re.IGNORECASE,
)
_CID = re.compile(r"\(cid:\d+\)")
_SENTENCE_END = tuple("。！？；：:;!?）)")
MIN_CHARS_PER_PAGE = 15


@dataclass
class _Margin:
    """A line in the top or bottom margin of a page."""

    text: str

    def key(self) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", self.text))


@dataclass
class _Frag:
    """A table fragment on one page."""

    rows: list[list[str | None]]
    xs: tuple[float, ...]  # column edges
    page: int
    top: float
    bottom: float
    page_bottom: float
    first_page: int = 0


def _open(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # forces the page tree
        return pdf, None
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            return None, f"encrypted: a password is needed to open this PDF ({type(cause).__name__})"
        if isinstance(cause, PDFSyntaxError):
            return None, f"corrupt: {cause}"
        return None, f"corrupt: {type(cause).__name__}: {cause}"


def text_layer_quality(pdf) -> tuple[int, float]:
    """Characters per page and the share of ``(cid:N)`` garbage in the text layer."""
    total, cid = 0, 0
    for page in pdf.pages:
        for ch in page.chars:
            text = ch.get("text", "")
            total += 1
            if _CID.fullmatch(text) or text.startswith("(cid:"):
                cid += 1
    n = max(1, len(pdf.pages))
    return total // n, (cid / total if total else 0.0)


def _clean_cell(text: str | None) -> str | None:
    if text is None:
        return None
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _lines_to_paragraphs(lines: list[dict], right: float, left: float) -> list[tuple[float, str]]:
    """Re-join wrapped lines into paragraphs; returns (top, text) pairs."""
    paras: list[tuple[float, str]] = []
    cur: list[str] = []
    cur_top = 0.0
    prev = None
    for ln in lines:
        text = ln["text"].strip()
        if not text:
            continue
        size = max((c.get("size", 10) for c in ln.get("chars", [])[:3]), default=10)
        indent = ln["x0"] - left > size * 1.2
        continues = (
            prev is not None
            and prev["x1"] >= right - size * 2.5
            and not indent
            and ln["top"] - prev["bottom"] < size * 1.2
            and not prev["text"].strip().endswith(_SENTENCE_END[:3])
        )
        if continues:
            # CJK lines join directly; a Latin word wrapped at the line end keeps its space
            if cur and cur[-1][-1:].isascii() and cur[-1][-1:].isalnum() and text[:1].isascii() and text[:1].isalnum():
                text = " " + text
            cur.append(text)
        else:
            if cur:
                paras.append((cur_top, "".join(cur)))
            cur, cur_top = [text], ln["top"]
        prev = ln
    if cur:
        paras.append((cur_top, "".join(cur)))
    return paras


def _page_blocks(page, page_no: int) -> tuple[list[tuple[float, str | _Frag | _Margin]], list[str]]:
    warnings: list[str] = []
    tables = page.find_tables()
    frags: list[tuple[float, str | _Frag | _Margin]] = []
    boxes = []
    for t in tables:
        rows = [[_clean_cell(c) for c in row] for row in t.extract()]
        if not rows or not any(any(c for c in row if c) for row in rows):
            continue
        xs = tuple(sorted({round(c[0], 0) for c in t.cells} | {round(c[2], 0) for c in t.cells}))
        frags.append((t.bbox[1], _Frag(rows, xs, page_no, t.bbox[1], t.bbox[3], page.height)))
        boxes.append(t.bbox)

    def outside(obj) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    lines = rest.extract_text_lines(layout=False, strip=True, return_chars=True)
    margin = page.height * 0.08
    kept = []
    for ln in lines:
        in_margin = ln["top"] < margin or ln["bottom"] > page.height - margin
        if in_margin and _PAGE_NUMBER.match(ln["text"]):
            continue
        if in_margin:  # a running header or footer is dropped later if it repeats
            frags.append((ln["top"], _Margin(ln["text"].strip())))
            continue
        kept.append(ln)
    if kept:
        left = min(ln["x0"] for ln in kept)
        right = max(ln["x1"] for ln in kept)
        frags += _lines_to_paragraphs(kept, right, left)
    frags.sort(key=lambda f: f[0])
    return frags, warnings


def _same_columns(a: _Frag, b: _Frag, tol: float = 3) -> bool:
    """The two fragments are one table's: same outer edges, and every column edge of
    the sparser fragment is one of the other's (a fragment of spanning rows only, such
    as 一、/二、 rows under the note cell, shows fewer edges than the full grid)."""
    if abs(a.xs[0] - b.xs[0]) > tol or abs(a.xs[-1] - b.xs[-1]) > tol:
        return False
    few, many = sorted((a.xs, b.xs), key=len)
    return all(any(abs(x - y) <= tol for y in many) for x in few)


def _rows_out(rows: list[list[str | None]]) -> list[list[str]]:
    out = []
    for row in rows:
        cells = [c for c in row if c is not None]
        if any(cells):
            out.append(cells)
    return out


def _strip_repeated_header(first: list[list[str | None]], cont: list[list[str | None]]) -> list[list[str | None]]:
    """Drop the header rows a continuation fragment repeats from the table's start."""

    def cells(row: list[str | None]) -> list[str]:  # fragments may have different grids
        return [re.sub(r"\s+", "", c) for c in row if c is not None]

    n = 0
    while n < len(cont) and n < len(first) and cells(cont[n]) == cells(first[n]) and any(cells(first[n])):
        n += 1
    return cont[n:]


def _drop_span_continuations(prev: list[list[str | None]], cont: list[list[str | None]]) -> None:
    """A cell merged down across the page break reappears empty at the top of the
    continuation fragment: where the previous fragment's last row is spanned from
    above (``None``), an empty first-row cell is that continuation, not a cell."""
    if not prev or not cont:
        return
    last, first = prev[-1], cont[0]
    if len(last) != len(first):
        return
    below = cont[1] if len(cont) > 1 and len(cont[1]) == len(first) else [""] * len(first)
    for i, (above, cell) in enumerate(zip(last, first, strict=True)):
        if above is None and cell == "":
            first[i] = None
        elif above == "" and cell and below[i] is None:
            # the merged cell started empty on the last row of the page and its text
            # (vertically centred) landed on the next page: it belongs where the cell starts
            last[i], first[i] = cell, None


def to_document(data: bytes, *, filename: str | None = None, url: str | None = None) -> Document:
    doc = Document(format="pdf")
    try:
        check_pdf_streams(data)
    except LimitExceeded as exc:
        doc.error = str(exc)
        return doc
    pdf, error = _open(data)
    if pdf is None:
        doc.error = error
        return doc
    try:
        return _read(pdf, data, doc)
    except Exception as exc:  # a page pdfminer cannot interpret
        doc.error = f"corrupt: {type(exc).__name__}: {exc}"
        return doc
    finally:
        pdf.close()


def _read_info(pdf, doc: Document) -> None:
    info = pdf.metadata or {}
    for key, name in (("Title", "title"), ("Author", "author")):
        val = info.get(key)
        if isinstance(val, bytes):
            val = val.decode("utf-16" if val.startswith(b"\xfe\xff") else "latin-1", "ignore")
        if isinstance(val, str) and val.strip():
            doc.meta[name] = val.strip()


def _page_items(pdf, doc: Document) -> list[str | _Frag]:
    """Every page's paragraphs and table fragments, without the running headers and footers
    (the same margin line on at least half the pages, and two)."""
    raw_items: list[str | _Frag | _Margin] = []
    margin_pages: dict[str, set[int]] = {}
    for i, page in enumerate(pdf.pages, start=1):
        blocks, warnings = _page_blocks(page, i)
        doc.warnings += warnings
        for _, b in blocks:
            raw_items.append(b)
            if isinstance(b, _Margin):
                margin_pages.setdefault(b.key(), set()).add(i)
        page.flush_cache()
    running = {k for k, pages in margin_pages.items() if len(pages) >= max(2, len(pdf.pages) / 2)}
    return [
        b.text if isinstance(b, _Margin) else b
        for b in raw_items
        if not (isinstance(b, _Margin) and b.key() in running)
    ]


def _joined_across_pages(items: list[str | _Frag]) -> list[str | _Frag]:
    """A table's fragments on consecutive pages with the same columns: one fragment."""
    merged: list[str | _Frag] = []
    starts: dict[int, list[list[str | None]]] = {}
    for item in items:
        last = merged[-1] if merged else None
        if (
            isinstance(item, _Frag)
            and isinstance(last, _Frag)
            and item.page == last.page + 1
            and _same_columns(last, item)
        ):
            first_rows = starts.get(id(last), last.rows)
            cont = _strip_repeated_header(first_rows, item.rows)
            _drop_span_continuations(last.rows, cont)
            joined = _Frag(
                last.rows + cont,
                last.xs,
                item.page,
                last.top,
                item.bottom,
                item.page_bottom,
                last.first_page or last.page,
            )
            starts[id(joined)] = first_rows
            merged[-1] = joined
            continue
        merged.append(item)
    return merged


def _read(pdf, data: bytes, doc: Document) -> Document:
    if not pdf.pages:
        doc.error = "corrupt: no pages"
        return doc
    per_page, cid_share = text_layer_quality(pdf)
    if per_page < MIN_CHARS_PER_PAGE or cid_share > 0.3:
        from . import scan

        reason = "no text layer" if per_page < MIN_CHARS_PER_PAGE else f"{cid_share:.0%} of glyphs are (cid:N)"
        return scan.to_document(data, reason=reason)
    _read_info(pdf, doc)
    for item in _joined_across_pages(_page_items(pdf, doc)):
        if isinstance(item, _Frag):
            rows = _rows_out(item.rows)
            if rows:
                doc.blocks.append(Table(rows=rows, origin=f"pdf:page{item.first_page or item.page}"))
        else:
            doc.blocks.append(item)
    return doc
