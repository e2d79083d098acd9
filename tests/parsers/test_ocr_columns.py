"""Column rules a bitonal scan broke into dashes (``parsers.formats.ocr_columns``), on
drawn ink masks and on a real report's scanned page.  No recognition model: fast."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from test_ocr_grid import thin_frame

from parsers.formats.ocr_grid import find_tables, grey
from parsers.formats.scan import image_pages, page_ink, page_tables

SCAN_PAGES = Path(__file__).parent / "files" / "scan_pages"


def _dashed_grid(columns: list[int], rows: list[int], seed: int) -> np.ndarray:
    """One-pixel rules, the column rules inside the frame broken as a scanner's fixed cut
    breaks a light one (measured on a real report's print: dashes of about 50 px, breaks
    of about 16): dashes of 40–60 px, breaks of 8–20, at places that owe nothing to the
    row rules, the last ending short of the table's foot by a break."""
    rng = random.Random(seed)
    ink = thin_frame(columns, rows)
    for x in columns[1:-1]:
        y, foot = rows[0] + rng.randint(0, 20), rows[-1] - rng.randint(8, 20)
        while y < foot - 15:
            dash = min(rng.randint(40, 60), foot - y)
            ink[y : y + dash, x] = 255
            y += dash + rng.randint(8, 20)
        ink[foot - 15 : foot, x] = 255  # the last dash
    return ink


def test_a_column_rule_broken_into_dashes_is_still_a_rule() -> None:
    columns, rows = [100, 500, 600, 700, 800], list(range(100, 1000, 82))
    for seed in range(5):
        (table,) = find_tables(_dashed_grid(columns, rows, seed))
        assert len(table.rows) == len(rows) - 1
        assert all(len(row) == len(columns) - 1 for row in table.rows), seed


def test_a_column_of_ones_in_tight_rows_is_still_no_column_rule() -> None:
    # 1s 28 px tall in rows 40 px apart: two thirds of the column is ink, as a dashed rule's
    # is; but every break is a row rule with the paper above and below it
    columns, rows = [100, 500, 700], list(range(100, 540, 40))
    ink = np.zeros((700, 800), np.uint8)
    for y in rows:
        ink[y : y + 2, columns[0] : columns[-1] + 1] = 255
    for x in columns:
        ink[rows[0] : rows[-1] + 1, x : x + 2] = 255
    for top in rows[:-1]:
        ink[top + 7 : top + 35, 600:602] = 255  # a 1, 28 px tall, 5 px short of each rule
    (table,) = find_tables(ink)
    assert len(table.rows) == len(rows) - 1
    assert all(len(row) == 2 for row in table.rows)


def _page_tables(name: str) -> list:
    page = next(image_pages((SCAN_PAGES / name).read_bytes()))
    return page_tables(page_ink(grey(page)))


def test_a_real_bitonal_scan_of_a_shrunk_print_keeps_every_cell_of_its_tables() -> None:
    # a real report printed with the print dialog's default margins, so its wide table is
    # shrunk and its one-pixel borders are lighter, then scanned black-and-white (see
    # files/scan_pages/README.md): the column rules come as dashes, with breaks anywhere
    end_of_requests, appeals = _page_tables("shanghai_bgt_2019_bw_1cm_page3.png")[:2]
    # table 3's last rows: （六）其他处理, （七）总计, 四、结转下年度继续办理; a label and 7 numbers
    assert [len(row) for row in end_of_requests.rows] == [8, 8, 8]
    # table 4: its heads, then one row of 15 numbers, the last three under the seal stamped
    # at the end of the report.  Left of the seal, each number has its own cell, under its
    # head's: the columns' rules were all found
    heads = sorted((cell for row in appeals.rows[1:-1] for cell in row if cell.width < 100), key=lambda c: c.x0)
    values = [cell for cell in appeals.rows[-1] if cell.x0 < 1100]
    assert len(values) == 12
    assert [(v.x0 // 6, v.x1 // 6) for v in values] == [(h.x0 // 6, h.x1 // 6) for h in heads[:12]]


def test_a_characters_stroke_on_a_column_rule_does_not_cut_the_merged_cell_above() -> None:
    # a block's head merged over two columns (复议后起诉 over its five, in a flipbook page
    # scaled up): a character's upright stroke stands on the rule between two of the columns
    # below and ends short of the head's top rule.  Joined to the rule it is one long mark
    # that does not reach the head's top; the head stays one cell
    ink = np.zeros((500, 800), np.uint8)
    rows = [100, 126, 200, 274, 348]
    for y in rows:
        ink[y : y + 3, 100:701] = 255
    for x in (100, 700):
        ink[100:351, x : x + 3] = 255
    ink[126:351, 400:403] = 255  # the rule between the two columns, up to the head's foot
    ink[108:127, 400:403] = 255  # the stroke, from 6 px under the head's top rule down onto the rule below
    for y in (110, 116, 122):
        ink[y : y + 2, 388:416] = 255  # the character's strokes across it
    (table,) = find_tables(ink)
    assert [len(row) for row in table.rows] == [1, 2, 2, 2]


def test_a_column_rule_a_bulged_page_bent_is_still_a_rule_down_its_whole_length() -> None:
    # a phone photo of a page that does not lie flat (measured on a real report's photo):
    # a column rule runs upright down most of the table, then drifts 8 px aside over its
    # last rows.  The rule is one mark, too wide for one column of pixels to hold it, and
    # that column holds it only where it is upright: the rows where it drifted keep it too
    columns, rows = [100, 500, 900], list(range(100, 1600, 70))
    ink = np.zeros((1700, 1000), np.uint8)
    for y in rows:
        ink[y : y + 3, columns[0] : columns[-1] + 3] = 255
    for x in columns[::2]:
        ink[rows[0] : rows[-1] + 3, x : x + 3] = 255
    for y in range(rows[0], rows[-1] + 3):
        x = columns[1] + max(0, (y - 1100) // 50)  # upright to row 1100, then a pixel aside every 50 rows
        ink[y, x : x + 3] = 255
    (table,) = find_tables(ink)
    assert len(table.rows) == len(rows) - 1
    assert all(len(row) == 2 for row in table.rows)


def test_a_column_rule_a_cellspacing_short_of_the_tables_border_closes_its_cells() -> None:
    # a browser prints a border="1" table with each cell's own border inside the table's,
    # a cellspacing apart: on a photocopy of a real report's print, a column rule ended 3 px
    # short of the table's top and bottom borders, and the first and last rows' cells ran
    # into each other round its ends
    columns, rows = [100, 600, 700, 800], [100, 180, 260, 340]
    ink = np.zeros((450, 900), np.uint8)
    for y in rows:
        ink[y : y + 3, columns[0] : columns[-1] + 3] = 255
    for x in columns[::3]:
        ink[rows[0] : rows[-1] + 3, x : x + 3] = 255
    for x in columns[1:3]:
        ink[rows[0] + 6 : rows[-1] - 4, x : x + 2] = 255  # 3 px of paper under the top border, 4 over the foot
    (table,) = find_tables(ink)
    assert [len(row) for row in table.rows] == [3, 3, 3]
