"""Official seals found by their shape and taken off a page before its grid is cut, on
drawn greyscale pages (a photocopy's grey seal over a table's last rows).  No
recognition model: fast."""

from __future__ import annotations

import math

import cv2
import numpy as np

from parsers.formats.ocr_grid import find_tables, ink_mask
from parsers.formats.ocr_seal import find_seals, unseal

PAPER, PRINT, SEAL = 225, 20, 120
COLUMNS = [150, 500, 700, 900, 1100, 1300, 1500]  # on a page normalised to 1654 px wide
ROWS = [200, *range(260, 861, 40)]


def _table_page(paper: int = PAPER) -> np.ndarray:
    """A table of short rows with a number in every value cell, on grey paper."""
    page = np.full((1100, 1654), paper, np.uint8)
    for y in ROWS:
        cv2.line(page, (COLUMNS[0], y), (COLUMNS[-1], y), PRINT, 2)
    for x in COLUMNS:
        cv2.line(page, (x, ROWS[0]), (x, ROWS[-1]), PRINT, 2)
    for top in ROWS[1:-1]:
        for left in COLUMNS[1:-1]:
            cv2.putText(page, "38", (left + 70, top + 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, PRINT, 2)
    return page


def _stamped(page: np.ndarray, centre: tuple[int, int], radius: int = 157, tone: int = SEAL) -> np.ndarray:
    """A seal's ring and star stamped over the page: ink over ink stays the darker."""
    seal = np.full(page.shape, 255, np.uint8)
    cv2.circle(seal, centre, radius, tone, 8)
    r = radius * 0.25
    star = [
        (
            centre[0] + (r if k % 2 == 0 else r / 2.4) * math.sin(k * math.pi / 5),
            centre[1] - (r if k % 2 == 0 else r / 2.4) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    cv2.fillPoly(seal, [np.array(star, np.int32)], tone)
    return np.minimum(page, seal)


def test_a_seal_is_found_by_its_ring_and_a_table_alone_is_no_seal() -> None:
    page = _table_page()
    assert find_seals(ink_mask(page)) == []
    stamped = _stamped(page, (1180, 760))
    (seal,) = find_seals(ink_mask(stamped))
    assert abs(seal.cx - 1180) <= 2 and abs(seal.cy - 760) <= 2
    assert seal.inner - 2 <= 157 <= seal.outer + 2  # the ring's own width, not the print it crosses


def test_the_grid_under_a_seal_keeps_every_rule_and_loses_the_ring() -> None:
    # the seal over the table's last rows: its ring crosses short column rules that run
    # under it from end to end, and its sides run along some of them
    stamped = _stamped(_table_page(), (1180, 760))
    gray, ink, scar = unseal(stamped, ink_mask(stamped))
    (table,) = find_tables(ink)
    assert len(table.rows) == len(ROWS) - 1
    # every row has all its cells: no rule lost under the ring, none made of its sides
    assert all(len(row) == len(COLUMNS) - 1 for row in table.rows)
    assert all(abs(cell.x0 - x) <= 6 for row in table.rows for cell, x in zip(row, COLUMNS, strict=False))
    # the ring is off the ink and painted as paper where it crossed nothing
    top = np.s_[760 - 160 : 760 - 154, 1160:1200]  # the ring's top, inside a cell
    assert (ink[top] > 0)[stamped[top] == SEAL].mean() < 0.05  # a few pixels where digits' strokes bridge
    assert gray[760 - 157, 1180] > PAPER - 20
    # the ring is paler than print: the number it crossed there is darker (ink over ink),
    # stays whole, and is read
    assert (ink[top] > 0)[stamped[top] == PRINT].all()
    assert not scar.any()


def test_numbers_a_seal_as_dark_as_print_crossed_are_not_read() -> None:
    stamped = _stamped(_table_page(), (1180, 760), tone=PRINT + 15)
    _, ink, scar = unseal(stamped, ink_mask(stamped))
    assert not ink[760 - 160 : 760 - 154, 1160:1200].any()  # the ring's top, and the print it crossed
    # where the ring crossed numbers, so those cells are not read
    assert scar.any()
    assert not scar[:500].any()  # nowhere near the seal, nothing


def test_print_under_a_seal_stays() -> None:
    page = _table_page()
    stamped = _stamped(page, (1180, 760))
    _, ink, _ = unseal(stamped, ink_mask(stamped))
    # the number at the seal's centre, under its star: its print is all there
    before = ink_mask(page)[745:775, 1160:1225] > 0
    after = ink[745:775, 1160:1225] > 0
    assert after[before].mean() > 0.9


def test_a_tinted_seal_under_the_ink_threshold_is_found_and_its_crumbs_taken_off() -> None:
    # a red seal in a colour scan's red channel: its ring is a tint the ink threshold
    # leaves out, but JPEG darkens its thin characters into crumbs that pass as ink
    page = _table_page(paper=250)
    centre, radius = (1180, 660), 157
    cv2.circle(page, centre, radius, 205, 8)
    crumbs = [(centre[0] + dx, centre[1] + dy) for dx in (-110, -20, 60) for dy in (-90, -50, 55, 95)]
    for x, y in crumbs:
        page[y : y + 4, x : x + 4] = np.minimum(page[y : y + 4, x : x + 4], 150)
    ink = ink_mask(page)
    assert find_seals(ink) == []  # the ring is not in the ink
    assert all(ink[y : y + 4, x : x + 4].any() for x, y in crumbs)  # the crumbs are
    _, unsealed, _ = unseal(page, ink)
    assert not any(unsealed[y : y + 4, x : x + 4].any() for x, y in crumbs)
    # the numbers under the seal stay whole
    before = ink[620:700, 1100:1300] > 0
    assert (unsealed[620:700, 1100:1300] > 0)[before & (page[620:700, 1100:1300] == PRINT)].all()


def test_a_dark_spot_on_a_pale_ring_goes_with_it() -> None:
    # a hand stamp's uneven ink: a spot on the ring as dark as print, where it crosses nothing
    stamped = _stamped(_table_page(), (1180, 760))
    spot = np.s_[760 - 159 : 760 - 154, 1150:1158]  # on the ring's top, inside a cell, off the numbers
    stamped[spot] = PRINT
    _, ink, scar = unseal(stamped, ink_mask(stamped))
    assert not ink[spot].any()
    assert not scar[:500].any()
