"""Scanned reports (image-only PDFs, page images, flipbooks) → Document, by OCR.

Every page goes the same way: rendered (or decoded) at a bounded size,
turned upright when it was fed sideways or upside down (``ocr_orient``),
deskewed, its ruled tables cut into cells (``ocr_grid``) and each cell line
recognised alone (``ocr_table``); the prose around the tables goes through
text detection + recognition for the title, agency, year and sections.
The Document carries the tables like any other format, so the table engine
reads them by the same rules.  Cell texts are ``OcrText`` with the
recogniser's confidence; a value cell read below ``MIN_CONFIDENCE`` becomes
``OCR_UNREADABLE`` (null, marker ``ocr_unreadable``): never a guess.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

import numpy as np

from ..detect import is_pdf
from ..document import OCR_UNREADABLE, Block, Document, OcrText, Table
from ..limits import MAX_PAGE_PIXELS, MAX_SOURCE_PIXELS
from ..values import parse_value
from .ocr_dashes import dashed_row_rules
from .ocr_edges import cut_off
from .ocr_engine import Models, models
from .ocr_grid import PAGE_WIDTH, Box, GridTable, find_tables, grey, ink_mask, straightened
from .ocr_orient import upright
from .ocr_rows import (
    columns,
    columns_past,
    false_rule,
    in_value_column,
    joined_label,
    lost_rules,
    rules_across,
    settled,
    under_a_long_label,
    unlabelled,
    value_in_label,
)
from .ocr_seal import unseal
from .ocr_table import CellReading, despeckle, read_table

# a value cell read less surely than this is null: on scanned renders (bench/ocr_calibrate.py)
# 9 of the 10,119 values published at 0.9 were wrong, the same 9 at 0.85 and 0.95, 10 at 0.8;
# those 9 are read surely (a row's values in another row's place, a printed null read as 1)
# and no threshold removes them
MIN_CONFIDENCE = 0.9
MAX_PAGES = 40
MIN_PAGE_SIDE = 400  # pixels: a smaller picture is an icon, a logo or a QR code
_CJK_GAP = re.compile(
    r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])[ ]+(?=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])"
)


def page_scale(width: float, height: float) -> float:
    """The factor that brings a sheet of paper (a PDF page) to ``PAGE_WIDTH`` pixels on its
    shorter side, within ``MAX_PAGE_PIXELS``: a landscape page (a wide table 3) keeps the
    print size of a portrait one."""
    return _bounded(PAGE_WIDTH / max(min(width, height), 1.0), width, height)


def picture_scale(width: float, height: float) -> float:
    """The factor that brings a picture to ``PAGE_WIDTH`` pixels wide, within ``MAX_PAGE_PIXELS``.
    A picture has no paper size: it may be a page, or a table cut out (a wide strip) whose
    print is as big as a page's at the page's width."""
    return _bounded(PAGE_WIDTH / max(width, 1.0), width, height)


def _bounded(scale: float, width: float, height: float) -> float:
    if width * height * scale * scale > MAX_PAGE_PIXELS:
        scale = (MAX_PAGE_PIXELS / max(width * height, 1.0)) ** 0.5
        while math.ceil(width * scale) * math.ceil(height * scale) > MAX_PAGE_PIXELS:
            scale *= 0.999  # a renderer rounds each side up
    return scale


def _pdf_pages(data: bytes) -> Iterator[np.ndarray]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(min(len(pdf), MAX_PAGES)):
            page = pdf[i]
            scale = page_scale(page.get_width(), page.get_height())
            yield _bgr(page.render(scale=scale).to_pil())
    finally:
        pdf.close()


def image_pages(data: bytes) -> Iterator[np.ndarray]:
    """The frames of an image file (TIFF pages, or one), each at the bounded page size."""
    from PIL import Image

    img = Image.open(io.BytesIO(data))
    if img.width * img.height > MAX_SOURCE_PIXELS:
        raise ValueError(f"image of {img.width}x{img.height} pixels is beyond the page bound")
    for i in range(min(getattr(img, "n_frames", 1), MAX_PAGES)):
        img.seek(i)
        scale = picture_scale(img.width, img.height)
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img.draft("RGB", size)  # a JPEG decodes at a reduced size directly
        frame = img.convert("RGB")
        yield _bgr(frame.resize(size, Image.LANCZOS) if frame.size != size else frame)


def _bgr(pil) -> np.ndarray:
    return np.ascontiguousarray(np.array(pil.convert("RGB"))[:, :, ::-1])


def page_images(data: bytes) -> Iterator[np.ndarray]:
    """BGR page images of a PDF or an image file."""
    if is_pdf(data):
        return _pdf_pages(data)
    return image_pages(data)


def _table_block(page: PageInk, grid: GridTable, engine: Models, origin: str) -> Table:
    rows: list[list[str]] = []
    readings = read_table(page.gray, page.ink, grid, engine, page.scar)
    starts = columns(readings, grid)
    unplaced = under_a_long_label(readings, grid) | unlabelled(readings) | value_in_label(readings)
    for r, (row, boxes) in enumerate(zip(readings, grid.rows, strict=True)):
        cells: list[str] = []
        if r in unplaced:
            row = [c.refused("lost_rule") if c.is_value else c for c in row]
        placed = settled(list(zip(row, boxes, strict=True)), starts)
        for c, (cell, box) in enumerate(placed):
            if c and cells and false_rule(grid, r, box):
                # a column rule only this row has (a seal's ring, a stroke read as a rule) cut
                # one cell in two: one cell again, or the row's values shift one place; a
                # value's pieces are null, a label's are joined (an empty piece is nothing)
                joined = cell.is_value or placed[c - 1][0].is_value
                cells[-1] = cell_text(cell, "false_rule") if joined else joined_label(cells[-1], cell)
                continue
            if not cell.is_value and cell.text.strip() and in_value_column(readings, grid, r, box):
                # text among values, above and below (a seal's characters over a number):
                # a value that cannot be read, not a label that would cost the row its place
                cell = cell.refused("stray_lines")
            if cell.is_value and cut_off(box, page.ink, page.beyond):
                # a table printed wider than its page, or a page the scanner cut: the cell is
                # closed by the page's edge, and its number may go on beyond
                cell = cell.refused("off_page")
            lost = max(len(lost_rules(grid, r, box)), _across(box, page)) if cell.is_value else 0
            if lost:
                # a value cell over a column rule its neighbours both have, or one that still
                # runs across it: the grid lost the rule (seal, noise, a dashed row rule's
                # break) and two values ran into one.  Each column gets its own null, so the
                # row keeps its width and no value moves into its neighbour's place.
                cells += [cell_text(cell, "lost_rule")] * (lost + 1)
            else:
                cells.append(cell_text(cell, unreadable(cell)))
        # a row of values closed short of the table's last columns (their rules off the
        # page's edge, or under a seal): a null for each, so the row keeps its width
        cells += [cell_text(CellReading("", 0.0, True), "lost_rule")] * columns_past(row, boxes[-1], starts)
        rows.append(cells)
    return Table(rows=rows, origin=origin)


def _across(box: Box, page: PageInk) -> int:
    """Column rules still running across a cell on a dashed row rule: where the row rules
    came as dashes, the grid can lose a column rule between them (a seal's strokes across
    other cells are no rule)."""
    on_dashes = (
        page.dashes[max(0, box.y0 - 4) : box.y0 + 1, box.x0 : box.x1].any()
        or page.dashes[max(0, box.y1 - 1) : box.y1 + 4, box.x0 : box.x1].any()
    )
    return rules_across(box, page.ink) if on_dashes else 0


def unreadable(cell: CellReading) -> str:
    """Why a value cell is not published ("" when it is): read unsurely, or read as
    something no value is ("0.", "1-2")."""
    if not cell.is_value:
        return ""
    if cell.why:
        return cell.why
    if cell.confidence < MIN_CONFIDENCE:
        return "unsure"
    return "not_a_value" if parse_value(cell.text).marker == "text" else ""


def cell_text(cell: CellReading, why: str) -> OcrText:
    """The cell's text for the table engine: what was read, or null when ``why`` says it
    cannot be read (``bench.ocr_breakdown`` counts the reasons through this one door)."""
    if why:
        return OcrText(OCR_UNREADABLE, 0.0 if why in ("lost_rule", "false_rule") else cell.confidence)
    return OcrText(cell.text, cell.confidence)


class PageInk(NamedTuple):
    """An upright page straightened, its seals and specks taken off: what the grid is cut
    from and the cells are read in."""

    gray: np.ndarray
    ink: np.ndarray
    scar: np.ndarray  # where print lost pixels to them, or a mark taken off may have been part of a number
    beyond: np.ndarray  # where the straightened page shows no paper (``straightened``)
    dashes: np.ndarray  # its dashed row rules, drawn solid: the grid's, not the cells' print


def page_ink(page: np.ndarray) -> PageInk:
    """``page`` (grey, upright) straightened, its seals and specks taken off, its dashed
    row rules drawn solid."""
    straight, beyond = straightened(page)
    gray, ink, scar = unseal(straight, ink_mask(straight))
    dashes = dashed_row_rules(ink)  # each dash of a dashed rule is a speck alike
    gray, ink, doubt = despeckle(gray, ink)
    return PageInk(gray, ink, scar | doubt, beyond, dashes)


def page_tables(cleaned: PageInk) -> list[GridTable]:
    """The ruled tables of a cleaned page (``page_ink``), top to bottom."""
    return find_tables(cleaned.ink, cleaned.beyond, cleaned.dashes)


def _prose(gray: np.ndarray, grids: list[GridTable], engine: Models) -> list[tuple[int, str]]:
    """Text lines outside the tables, by detection + recognition: (top, text) pairs."""
    from .ocr_prose import read_lines

    page = gray.copy()
    for g in grids:  # the tables are read cell by cell; keep detection off them
        page[g.box.y0 : g.box.y1, g.box.x0 : g.box.x1] = 255
    return read_lines(page, engine)


def read_page(page: np.ndarray, engine: Models, page_no: int) -> list[tuple[int, Block]]:
    """One upright page's blocks (grey) with their top position, tables and prose in reading order."""
    cleaned = page_ink(page)
    grids = page_tables(cleaned)
    blocks: list[tuple[int, Block]] = [
        (g.box.y0, _table_block(cleaned, g, engine, f"scan:page{page_no}")) for g in grids
    ]
    blocks += _prose(cleaned.gray, grids, engine)
    blocks.sort(key=lambda b: b[0])
    return blocks


def read_pages(pages: Iterable[np.ndarray], doc: Document) -> Document:
    """OCR every page into the Document."""
    engine = models()
    n = 0
    for n, image in enumerate(pages, start=1):
        page, turn = upright(grey(image))
        if turn:
            doc.warnings.append(f"page {n} was turned {turn}° clockwise to read it")
        lines: list[str] = []
        for _, block in read_page(page, engine, n):
            if isinstance(block, Table):
                if lines:
                    doc.blocks += _paragraphs(lines)
                    lines = []
                doc.blocks.append(block)
            else:
                lines.append(block)
        doc.blocks += _paragraphs(lines)
    doc.meta["pages"] = str(n)
    doc.meta["read_by"] = "ocr"
    doc.warnings.append(f"read by OCR from {n} page image(s)")
    return doc


def _paragraphs(lines: list[str]) -> list[str]:
    return [_CJK_GAP.sub("", line) for line in lines if line.strip()]


def read_images(images: Iterable[bytes], doc: Document) -> Document:
    """OCR the page images of a document whose report is pictures (a DOCX of pasted
    scans, a flipbook page) into ``doc``, after what its text already gave."""
    pictures = [data for data in images if _page_sized(data)]
    if not pictures:
        return doc
    doc.warnings.append("the report is page images: read by OCR")
    return read_pages(itertools.islice(_frames(pictures, doc), MAX_PAGES), doc)


def _frames(pictures: list[bytes], doc: Document) -> Iterator[np.ndarray]:
    """The pictures' page images, one at a time; a broken picture is a warning."""
    for n, data in enumerate(pictures, start=1):
        try:
            yield from image_pages(data)
        except Exception as exc:  # one broken picture must not lose the others
            doc.warnings.append(f"page image {n} unreadable: {type(exc).__name__}: {exc}")


def page_image_urls(html: bytes, base: str | None) -> list[str]:
    """The ``<img>`` sources of an HTML page in document order, resolved against ``base``."""
    from urllib.parse import urljoin

    import lxml.html

    from ..charset import decode_text

    tree = lxml.html.fromstring(decode_text(html))
    out: list[str] = []
    for img in tree.iter("img"):
        # a lazy loader's attribute holds the picture, ``src`` then a spinner (crawler.pageimages)
        src = (
            img.get("data-original")
            or img.get("data-src")
            or img.get("data-lazy-src")
            or img.get("data-echo")
            or img.get("src")
            or ""
        ).strip()
        if src and not src.startswith("data:"):
            out.append(urljoin(base or "", src))
    return out


def with_page_images(doc: Document, html: bytes, images: Mapping[str, bytes], url: str | None) -> Document:
    """A flipbook: an HTML page whose report is a sequence of ``<img>`` page images.
    ``images`` maps each image URL (absolute, as resolved against the page URL) to its
    bytes; the parser fetches nothing.  Read only when the page's text has no table."""
    if doc.error or doc.tables():
        return doc
    pictures = [images[u] for u in dict.fromkeys(page_image_urls(html, url)) if u in images]
    return read_images(pictures, doc) if pictures else doc


def _page_sized(data: bytes) -> bool:
    """A picture big enough to be a page or a table (not an icon, a logo or a QR code)."""
    from PIL import Image

    try:
        w, h = Image.open(io.BytesIO(data)).size
    except Exception:  # not an image at all
        return False
    return min(w, h) >= MIN_PAGE_SIDE


def to_document(
    data: bytes, *, filename: str | None = None, url: str | None = None, reason: str = "image-only document"
) -> Document:
    doc = Document(format="scan")
    try:
        pages = page_images(data)  # one page in memory at a time
        first = next(pages, None)
    except Exception as exc:  # a broken image or PDF
        doc.error = f"corrupt: {type(exc).__name__}: {exc}"
        return doc
    if first is None:
        doc.error = "corrupt: no pages"
        return doc
    doc.warnings.append(f"{reason}: read by OCR")
    return read_pages(itertools.chain([first], pages), doc)
