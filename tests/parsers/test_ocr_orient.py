"""A page image turned upright before it is read: quarter turns by the run of its text
lines, upside down by PP-OCR's text-direction classifier over its longest lines."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from docgen.scans import Degradation, scanned_pages
from parsers.formats.ocr_grid import grey
from parsers.formats.ocr_orient import upright
from parsers.formats.scan import page_scale

CORPUS = Path(__file__).resolve().parent / "corpus" / "generated"
_TURNS = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}


def _upright_pages(variant: Degradation) -> list[np.ndarray]:
    """A real report's pages (seed 000: prose, then tables 3 and 4) as grey page images."""
    out = []
    for page in scanned_pages((CORPUS / "s000_seed.pdf").read_bytes(), variant, seed=3):
        scale = page_scale(*page.size)
        page = page.resize((round(page.width * scale), round(page.height * scale)))
        out.append(grey(np.ascontiguousarray(np.asarray(page.convert("RGB"))[:, :, ::-1])))
    return out


@pytest.mark.parametrize(
    "variant",
    [
        Degradation(),  # colour: red seal over the tables, speckle, skew, JPEG
        Degradation(bitonal=True, seal_at="end", uneven=True, jpeg=0, dpi=200),  # black and white
        Degradation(seal_at="end", uneven=True, warp=0.012, rotate=1.0),  # phone photo
    ],
    ids=["colour", "black-and-white", "photo"],
)
def test_each_turn_of_a_real_reports_pages_is_undone(variant: Degradation) -> None:
    for n, page in enumerate(_upright_pages(variant)):
        assert upright(page)[1] == 0, f"page {n + 1} upright was turned"
        for turn, rotation in _TURNS.items():
            # the page as the scanner saw it: turned ``turn`` degrees anticlockwise
            back, applied = upright(cv2.rotate(page, rotation))
            assert applied == turn, (n + 1, turn, applied)
            assert np.array_equal(back, page)


def test_a_page_without_text_is_left_as_it_is() -> None:
    # an empty ruled grid and a blank page: nothing says which way is up
    blank = np.full((2339, 1654), 255, np.uint8)
    grid = blank.copy()
    for y in range(300, 1500, 60):
        cv2.line(grid, (200, y), (1400, y), 0, 2)
    for x in range(200, 1401, 200):
        cv2.line(grid, (x, 300), (x, 1440), 0, 2)
    for page in (blank, grid, cv2.rotate(grid, cv2.ROTATE_90_CLOCKWISE)):
        out, turn = upright(page)
        assert turn == 0 and out is page


def test_a_blank_page_stamped_and_scanned_is_never_turned() -> None:
    # a real report printed with a blank first page (LibreOffice's print of a real HTML
    # report had one), stamped and scanned: specks and the seal's characters line up into a
    # few short runs that the direction classifier reads either way (a phone photo's was
    # turned upside down).  Too little text to say which way is up: left as it is
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    blank = canvas.Canvas(buf)
    blank.showPage()
    blank.save()
    for variant in (Degradation(), Degradation(seal_at="end", uneven=True, warp=0.012, rotate=1.0)):
        for seed in range(6):
            page = scanned_pages(buf.getvalue(), variant, seed=seed)[0]
            gray = grey(np.ascontiguousarray(np.asarray(page.convert("RGB"))[:, :, ::-1]))
            out, turn = upright(gray)
            assert turn == 0 and out is gray, (variant, seed)
