"""The OCR table reader's geometry on drawn ink masks: rules found under a seal's ring,
cell lines kept apart by a speck between them.  No recognition model: fast."""

from __future__ import annotations

import itertools
from pathlib import Path

import cv2
import numpy as np

from parsers.formats.ocr_grid import find_tables, grey, ink_mask, straightened
from parsers.formats.ocr_lines import line_boxes
from parsers.formats.ocr_table import despeckle
from parsers.formats.scan import image_pages, page_ink, page_tables

SCAN_PAGES = Path(__file__).parent / "files" / "scan_pages"


def _grid(columns: list[int], rows: list[int], size: tuple[int, int] = (900, 900)) -> np.ndarray:
    ink = np.zeros(size, np.uint8)
    for y in rows:
        cv2.line(ink, (columns[0], y), (columns[-1], y), 255, 3)
    for x in columns:
        cv2.line(ink, (x, rows[0]), (x, rows[-1]), 255, 3)
    return ink


def test_a_column_rule_under_a_seal_ring_is_still_a_rule() -> None:
    columns, rows = [100, 400, 700], list(range(100, 801, 50))
    ink = _grid(columns, rows)
    # an official seal's ring whose side runs along the middle rule for a stretch
    cv2.circle(ink, (400 + 150 - 4, 450), 150, 255, 9)
    (table,) = find_tables(ink)
    assert len(table.rows) == len(rows) - 1
    # every row keeps both cells: the middle rule was not dropped with the ring it touches
    assert all(len(row) >= 2 for row in table.rows)
    assert all(any(abs(cell.x0 - 400) <= 6 for cell in row) for row in table.rows)


def test_a_speck_between_two_lines_of_a_label_does_not_join_them() -> None:
    ink = np.zeros((60, 200), np.uint8)
    ink[5:25, 10:190] = 255  # a line of characters
    ink[30:50, 10:120] = 255  # the next line
    ink[26:29, 60:63] = 255  # a speck in the gap between them
    lines = line_boxes(ink)
    assert len(lines) == 2
    assert (lines[0][1], lines[1][3]) == (5, 50)
    assert lines[0][2] == 190 and lines[1][2] == 120  # each line as wide as its own print


def _signed_number(speck: bool) -> np.ndarray:
    ink = np.zeros((40, 80), np.uint8)
    ink[10:30, 40:52] = 255  # a digit
    ink[19:21, 28:36] = 255  # its minus sign, flat, at the digit's middle height
    if speck:
        ink[14:19, 31:34] = 255  # a speck fallen on the minus: the mark is no longer flat
    return ink


def test_a_minus_sign_is_print_and_a_speck_on_it_makes_the_number_doubtful() -> None:
    ink = _signed_number(speck=False)
    _, kept, doubt = despeckle(255 - ink, ink)
    assert kept[19:21, 28:36].all() and not doubt.any()  # "-5" stays "-5"
    ink = _signed_number(speck=True)
    _, kept, doubt = despeckle(255 - ink, ink)
    # the marred minus goes with the specks, but where it was is known: "-5" is never read as 5
    assert not kept[19:21, 28:36].any()
    assert doubt[19:21, 28:36].all()


def test_a_table_whose_rules_are_not_level_keeps_its_rows() -> None:
    # a photographed page: the row rules fall 12 px across the table (under 1°), so the cells
    # of one row have tops up to 12 px apart, while rows are 40 px apart
    columns, tops = [100, 300, 500, 700, 900], list(range(100, 501, 40))
    ink = np.zeros((700, 1000), np.uint8)
    for y in tops:
        cv2.line(ink, (columns[0], y), (columns[-1], y + 12), 255, 2)
    for x in columns:
        drop = round(12 * (x - columns[0]) / (columns[-1] - columns[0]))
        cv2.line(ink, (x, tops[0] + drop), (x, tops[-1] + drop), 255, 2)
    (table,) = find_tables(ink)
    assert len(table.rows) == len(tops) - 1
    assert all(len(row) == len(columns) - 1 for row in table.rows)


def test_column_rules_that_lean_are_still_rules() -> None:
    # a phone photo of a real report's first page (keystone and bulge, then skewed): its
    # column rules lean, so no one column of pixels holds a rule, and noise clings to them
    from pathlib import Path

    from docgen.scans import Degradation, scanned_pages
    from parsers.formats.ocr_grid import grey
    from parsers.formats.scan import page_scale

    pdf = (Path(__file__).resolve().parent / "corpus" / "generated" / "s000_seed.pdf").read_bytes()
    photo = Degradation(seal=None, seal_at="end", warp=0.012, rotate=0.8, noise=True, jpeg=45, blur=0.5)
    page = scanned_pages(pdf, photo, seed=13)[0]
    scale = page_scale(*page.size)
    page = page.resize((round(page.width * scale), round(page.height * scale)))
    bgr = np.ascontiguousarray(np.asarray(page.convert("RGB"))[:, :, ::-1])
    tables = find_tables(ink_mask(straightened(grey(bgr))[0]))
    # table 2 (the four item blocks) and the head of table 3, each with every column
    assert [len(t.rows) for t in tables] == [14, 15]
    assert [len(row) for row in tables[1].rows] == [2, 3, 5, 8, 8, 9, 8, 9, 8, 8, 8, 8, 8, 8, 8]


_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def faint_point_number(point_grey: int | None, size: tuple[int, int] = (200, 60)) -> np.ndarray:
    """ "7.8" printed dark on grey paper with its point in ``point_grey`` (None: "78"), through
    JPEG at quality 35: a photocopy's light impression of a decimal point."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", size, 225)
    draw, font = ImageDraw.Draw(img), ImageFont.truetype(_FONT, 34)
    x, top = size[0] // 2 - 20, size[1] // 2 - 26
    draw.text((x, top), "7", font=font, fill=40)
    x += draw.textlength("7", font=font)
    if point_grey is not None:
        draw.text((x, top), ".", font=font, fill=point_grey)
    draw.text((x + draw.textlength(".", font=font), top), "8", font=font, fill=40)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=35)
    return np.array(Image.open(buf))


def test_a_faint_decimal_point_the_ink_threshold_missed_is_still_seen() -> None:
    from parsers.formats.ocr_glyph import has_faint_point

    def check(point_grey: int | None) -> bool:
        gray = faint_point_number(point_grey)
        ink = ink_mask(gray)
        ((x0, y0, x1, y1),) = line_boxes(ink)
        return has_faint_point(gray[y0 : y1 + 2, x0:x1], ink[y0:y1, x0:x1])

    # the page's ink has the two digits and nothing between them: the point is lost to it
    cols = np.flatnonzero(ink_mask(faint_point_number(195)).any(axis=0))
    assert np.count_nonzero(np.diff(cols) > 1) == 1
    assert check(195)  # at the crop's own contrast the point is there
    assert not check(None)  # "78" printed so: no point between the digits


def test_a_wide_label_on_a_bulged_photo_stays_in_its_own_row() -> None:
    # a phone photo's bulge: every row rule rises towards the left, by 28 px at the label
    # column's far end and 8 px where the label meets the values, so a wide label cell's
    # highest point is nearer the row above's values than its own row's
    columns, tops = [150, 720, 830, 940, 1050, 1160, 1500], list(range(200, 501, 30))

    def rise(x: float) -> float:
        return 1.8e-5 * (x - 1400) ** 2

    ink = np.zeros((700, 1600), np.uint8)
    xs = np.arange(columns[0], columns[-1] + 1)
    for y in tops:
        points = np.stack([xs, np.round(y - rise(xs))], axis=1).astype(np.int32)
        cv2.polylines(ink, [points], False, 255, 2)
    for x in columns:
        cv2.line(ink, (x, round(tops[0] - rise(x))), (x, round(tops[-1] - rise(x))), 255, 2)
    (table,) = find_tables(ink)
    assert len(table.rows) == len(tops) - 1
    for row in table.rows:
        assert len(row) == len(columns) - 1
        # the label and its values are one row: their tops meet where they touch
        assert abs(row[0].y1 - row[1].y1) <= 12


def test_a_row_whose_cells_are_not_in_one_band_gives_no_values() -> None:
    from parsers.formats.ocr_grid import Box, GridTable
    from parsers.formats.ocr_table import CellReading, _misaligned

    def readings() -> list[list[CellReading]]:
        return [
            [CellReading("label", 1.0, False), CellReading("21", 1.0, True), CellReading("18", 1.0, True)]
            for _ in range(2)
        ]

    # the next row's wide label chained into this row's values (its top 12 px under theirs,
    # its bottom a row lower): the values would be given to the wrong row
    chained = [Box(150, 990, 720, 1027), Box(724, 978, 830, 1001), Box(835, 979, 941, 1002)]
    # a label merged over three rows beside one row's values: one band
    merged = [Box(150, 1100, 720, 1190), Box(724, 1100, 830, 1130), Box(835, 1100, 941, 1131)]
    # a keystoned row of table 4: its cells drift 1.5 px down each, 21 px across the table
    drifting = [Box(150 + 90 * k, 1200 + k * 3 // 2, 240 + 90 * k, 1224 + k * 3 // 2) for k in range(15)]
    out = [*readings(), [CellReading("0", 1.0, True)] * 15]
    _misaligned(out, GridTable(Box(150, 978, 941, 1230), [chained, merged, drifting]))
    assert [c.why for c in out[0]] == ["", "misaligned", "misaligned"]
    assert [(c.text, c.why) for c in out[1]] == [("label", ""), ("21", ""), ("18", "")]
    assert not any(c.why for c in out[2])


def test_strokes_of_two_characters_across_a_tight_rule_are_no_column_rule() -> None:
    # rows so tight (a 120-dpi flipbook page) that characters touch the rules: the upright
    # strokes of 丰 over 丰 run on through the rule between their rows as one segment
    columns, rows = [100, 500, 700], list(range(100, 381, 28))
    ink = _grid(columns, rows)
    for top in (rows[3], rows[4]):
        ink[top : top + 28, 299:303] = 255  # the upright stroke, rule to rule
        for y in (top + 7, top + 13, top + 20):
            ink[y : y + 3, 286:316] = 255  # the strokes across it
    (table,) = find_tables(ink)
    assert len(table.rows) == len(rows) - 1
    assert all(len(row) == 2 for row in table.rows)  # a label and a value in every row


def thin_frame(columns: list[int], rows: list[int]) -> np.ndarray:
    """One-pixel row rules across ``columns``, and the frame's two sides: the column rules
    inside it are the caller's to draw."""
    ink = np.zeros((rows[-1] + 100, columns[-1] + 100), np.uint8)
    for y in rows:
        ink[y, columns[0] : columns[-1] + 1] = 255
    for x in columns[:: len(columns) - 1]:
        ink[rows[0] : rows[-1] + 1, x] = 255
    return ink


def _thin_broken_grid(columns: list[int], rows: list[int]) -> np.ndarray:
    """A grid of one-pixel rules as a bitonal scan leaves them (measured on a real report
    printed and scanned): inside the frame, each column rule lost its crossings and 6 px
    above each, and it steps a pixel sideways every 130 px (a page turned by under half a
    degree), leaving a pixel's break at each step."""
    ink = thin_frame(columns, rows)
    for x in columns[1:-1]:
        for top, bottom in itertools.pairwise(rows):
            for y in range(top + 1, bottom - 6):
                step = (y - rows[0] - 30) // 130
                if (y - rows[0] - 30) % 130:  # a step's break
                    ink[y, x + step % 2] = 255
    return ink


def test_thin_column_rules_broken_at_every_crossing_are_still_rules() -> None:
    columns, rows = [100, 500, 600, 700, 800], list(range(100, 1000, 65))
    (table,) = find_tables(_thin_broken_grid(columns, rows))
    assert len(table.rows) == len(rows) - 1
    # every row keeps its four cells, the last too: there the column rules stop short of
    # the table's foot, and are run on to it (several rows long, nothing beside them)
    assert all(len(row) == len(columns) - 1 for row in table.rows)


def test_ones_one_above_the_other_are_no_column_rule() -> None:
    # a centred column of 1s in consecutive rows: each stroke stops short of the rules, and
    # the break between two of them is more than a third of a stroke
    columns, rows = [100, 500, 700], list(range(100, 500, 36))
    ink = _grid(columns, rows)
    for top in rows[:-1]:
        ink[top + 6 : top + 30, 600:603] = 255  # a 1, 24 px tall, 6 px short of the rules
    (table,) = find_tables(ink)
    assert len(table.rows) == len(rows) - 1
    assert all(len(row) == 2 for row in table.rows)


def test_a_real_bitonal_scan_keeps_the_columns_of_its_thin_ruled_table() -> None:
    # a real report printed with one-pixel borders and scanned black-and-white (see
    # files/scan_pages/README.md): its table of requests runs from its header to the page's
    # foot, 15 rows of a label and 7 numbers (more label cells where a heading spans rows)
    page = next(image_pages((SCAN_PAGES / "shanghai_bgt_2019_bw_page2.png").read_bytes()))
    cleaned = page_ink(grey(page))
    requests = max(page_tables(cleaned), key=lambda t: t.box.height)
    assert requests.box.height >= 0.7 * cleaned.ink.shape[0]
    # before thin rules were mended, no row had more than two cells; now 10 of the 15 have
    # all theirs (the others lose a rule whose pieces are too short to be mended)
    assert sum(len(row) >= 8 for row in requests.rows) >= 10
