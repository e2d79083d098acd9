"""Value cells at the page's edge (``parsers.formats.ocr_edges``): a number cut by the
edge is never read as a whole one; a whole number printed up to the edge is read.  On
printed numbers in several faces and on two real reports' scanned pages.  No
recognition model: fast."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from parsers.formats.ocr_edges import cut_off
from parsers.formats.ocr_grid import Box, grey
from parsers.formats.scan import image_pages, page_ink, page_tables

SCAN_PAGES = Path(__file__).parent / "files" / "scan_pages"
FACES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # what a browser prints a plain page in
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",  # its 1 has the widest space beside it
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
]
NUMBERS = ["3456", "1111", "7171", "1010", "2019", "１１１", "３４５"]  # full-width too
_LEFT_RULE, _TOP, _BOTTOM = 40, 40, 120


def _printed(number: str, face: str) -> tuple[np.ndarray, int]:
    """A row of a table with ``number`` in its last cell, not yet cut: the page's ink
    (255 on 0) and where the number's print starts."""
    img = Image.new("L", (700, 160), 255)
    draw = ImageDraw.Draw(img)
    draw.text((_LEFT_RULE + 12, 62), number, font=ImageFont.truetype(face, 32), fill=0)
    ink = np.where(np.array(img) < 128, 255, 0).astype(np.uint8)
    ink[_TOP : _TOP + 2, :] = ink[_BOTTOM : _BOTTOM + 2, :] = 255
    ink[_TOP:_BOTTOM, _LEFT_RULE : _LEFT_RULE + 2] = 255
    return ink, _LEFT_RULE + 12


def _cut_at(ink: np.ndarray, x: int) -> tuple[Box, np.ndarray, np.ndarray]:
    """The page cut at column ``x`` (the paper, or the picture, ends there): the cell
    closed by the cut, the page's ink, and where there is no paper (none: the picture ends)."""
    page = np.ascontiguousarray(ink[:, :x])
    return Box(_LEFT_RULE + 2, _TOP + 2, x, _BOTTOM), page, np.zeros(page.shape, bool)


def _spaces(ink: np.ndarray) -> list[tuple[int, int]]:
    """The runs of paper between the glyphs of the printed number: (first, last) columns."""
    profile = ink[_TOP + 3 : _BOTTOM - 1, _LEFT_RULE + 3 :].any(axis=0)
    cols = np.flatnonzero(profile) + _LEFT_RULE + 3
    gaps = np.flatnonzero(np.diff(cols) > 1)
    return [(int(cols[g]) + 1, int(cols[g + 1]) - 1) for g in gaps]


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("number", NUMBERS)
def test_a_number_cut_between_two_digits_is_cut_off(face: str, number: str) -> None:
    # the edge falls in the space after a digit, where the print looks like a whole
    # number: at the space's start, middle and end (the most paper a cut can leave)
    ink, _ = _printed(number, face)
    spaces = _spaces(ink)
    assert len(spaces) >= len(number) - 1 > 0
    for first, last in spaces:
        for x in {first, (first + last) // 2, last + 1}:
            assert cut_off(*_cut_at(ink, x)), (number, x)


@pytest.mark.parametrize("face", FACES)
def test_a_whole_number_printed_up_to_the_edge_is_not_cut_off(face: str) -> None:
    for number in ("34", "2019", "0", "9"):
        ink, _ = _printed(number, face)
        end = int(np.flatnonzero(ink[_TOP + 3 : _BOTTOM - 1].any(axis=0)).max())
        height = np.ptp(np.flatnonzero(ink[_TOP + 3 : _BOTTOM - 1, _LEFT_RULE + 3 :].any(axis=1))) + 1
        # paper after it as wide as the digits are high: enough after a number of two
        # digits or more, whose print shows its pitch; not after one glyph (a full-width
        # digit's space is as wide)
        box, page, beyond = _cut_at(ink, end + 1 + height)
        assert cut_off(box, page, beyond) is (len(number) == 1), number
        assert not cut_off(*_cut_at(ink, end + 1 + 2 * height)), number
        # the same paper, but what lies past the number is no paper (a straightened
        # page's corner): the number may go on there
        beyond[:, end + 4 :] = True
        assert cut_off(box, page, beyond), number


def test_a_number_closed_by_a_rule_near_the_edge_is_not_cut_off() -> None:
    # the table's border 10 px from the picture's edge (a print to the paper's edge, the
    # scanner's cut just outside): the cell is closed by its rule
    ink, _ = _printed("1", FACES[2])
    page = np.ascontiguousarray(ink[:, _LEFT_RULE - 10 :])
    box = Box(12, _TOP + 2, 200, _BOTTOM)
    assert not cut_off(box, page, np.zeros(page.shape, bool))
    # a scanned rule's soft edge: a column inked along a third of it comes first
    page[_TOP:_BOTTOM:3, 12] = 255
    assert not cut_off(box, page, np.zeros(page.shape, bool))
    # without the rule, the 1 may be the end of a number
    page[:, 10:13] = 0
    assert cut_off(box, page, np.zeros(page.shape, bool))


def test_an_empty_cell_at_the_edge_is_cut_off() -> None:
    ink = np.zeros((160, 300), np.uint8)
    assert cut_off(Box(42, 42, 300, 120), ink, np.zeros(ink.shape, bool))
    assert not cut_off(Box(42, 42, 200, 120), ink, np.zeros(ink.shape, bool))  # not at the edge


def _page(name: str) -> tuple:
    page = next(image_pages((SCAN_PAGES / name).read_bytes()))
    return page_ink(grey(page))


def test_a_real_print_to_the_papers_edge_keeps_its_last_column_and_its_cut_corner() -> None:
    # a real report printed with no margins and scanned on grey paper, turned 1.5° (see
    # files/scan_pages/README.md): table 3 reaches the paper's right edge, which took its
    # border, not its numbers; the turn put the paper's bottom-left corner out of the
    # picture, so the table's left side slants out of it
    cleaned = _page("shanghai_kewei_2024_grey_page2.jpg")
    (table,) = page_tables(cleaned)
    # its last rows: (六) 3.其他, (七)总计, 四、结转下年度继续办理 with its label cell
    assert [len(row) for row in table.rows[-3:]] == [8, 8, 8]
    totals = [row[-1] for row in table.rows[3:-1]]  # 34, 2, 9, 0, ...: the 总计 column
    assert len(totals) == 24
    assert not [box for box in totals if cut_off(box, cleaned.ink, cleaned.beyond)]


def test_a_real_print_wider_than_its_paper_has_its_last_column_cut_off() -> None:
    # a real report's table printed wider than the paper (see files/scan_pages/README.md):
    # its 总计 column is cut through its numbers
    cleaned = _page("shanghai_bgt_2019_colour_page2.jpg")
    table = max(page_tables(cleaned), key=lambda t: t.box.height)
    totals = [row[-1] for row in table.rows if row[-1].x0 > 1590]  # the 总计 column, from x 1599
    assert len(totals) == 19  # row 二 lost its cell there with a rule under the seal
    assert all(cut_off(box, cleaned.ink, cleaned.beyond) for box in totals)
