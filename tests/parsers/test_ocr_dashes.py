"""Row rules that come as dashes (``parsers.formats.ocr_dashes``): a dashed rule, a faint
rule the ink threshold broke, and lines of text that are no rule.  No recognition
model: fast."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from parsers.formats.scan import page_ink, page_tables

COLUMNS, ROWS = [100, 600, 750, 900], list(range(100, 800, 70))


def _frame(columns: list[int] = COLUMNS) -> np.ndarray:
    """Solid column rules and the table's top and foot; the inner row rules are the caller's."""
    ink = np.zeros((900, 1000), np.uint8)
    for x in columns:
        ink[ROWS[0] : ROWS[-1] + 2, x : x + 2] = 255
    for y in (ROWS[0], ROWS[-1]):
        ink[y : y + 2, columns[0] : columns[-1] + 2] = 255
    return ink


def _tables(ink: np.ndarray) -> list:
    """The tables of a page printed as ``ink`` (255 on 0), read as a scanned page is: its
    specks taken off (a dash is one alike) before the grid is cut."""
    return page_tables(page_ink(255 - ink))


def test_dashed_inner_row_rules_keep_every_row() -> None:
    # Word's 虚线 border printed at 200 dpi: 4 px on, 4 px off
    ink = _frame()
    for y in ROWS[1:-1]:
        for x in range(COLUMNS[0], COLUMNS[-1], 8):
            ink[y : y + 2, x : x + 4] = 255
    (table,) = _tables(ink)
    assert [len(row) for row in table.rows] == [3] * (len(ROWS) - 1)


def test_a_faint_row_rule_the_ink_threshold_broke_keeps_its_rows() -> None:
    # measured on a real report's print, scanned in grey: a rule two pixels thick whose
    # rows kept 60–85% of their ink, each broken at other places, in pieces of 2–350 px
    # with breaks of up to 15
    rng = random.Random(3)
    ink = _frame()
    for y in ROWS[1:-1]:
        for row in (y, y + 1):
            x = COLUMNS[0]
            while x < COLUMNS[-1]:
                piece = rng.randint(3, 40)
                ink[row, x : min(x + piece, COLUMNS[-1])] = 255
                x += piece + rng.choice([1, 2, 3, 5, 8, 15])
    (table,) = _tables(ink)
    assert [len(row) for row in table.rows] == [3] * (len(ROWS) - 1)


def test_lines_of_text_in_a_cell_are_no_row_rule() -> None:
    # a label's lines of characters whose horizontal strokes stand in line across the
    # line (一, 二, 三, 工, 王: strokes at one height, short breaks between them), filling
    # their cell from rule to rule but for its padding
    columns = [100, 470, 600, 750]
    ink = _frame(columns)
    for y in ROWS[1:-1]:
        ink[y : y + 2, columns[0] : columns[-1] + 2] = 255
    img = Image.fromarray(ink)
    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 22)
    for k, text in enumerate(["一二三工王三二一一二三王二一三王", "三工王二一三王工二一三王一二三工"]):
        ImageDraw.Draw(img).text((108, ROWS[2] + 4 + 30 * k), text, font=font, fill=255)
    (table,) = _tables(np.array(img))
    assert [len(row) for row in table.rows] == [3] * (len(ROWS) - 1)


def test_two_values_a_lost_column_rule_runs_between_are_never_one_number() -> None:
    # a dashed shape of a real table's last block (采购项目数量, 采购总金额: "11 | 29500"):
    # the grid lost the rule between the two columns, the cell's print still has it
    from parsers.formats.ocr_grid import Box
    from parsers.formats.ocr_rows import rules_across

    img = Image.new("L", (600, 60), 0)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 18)
    ImageDraw.Draw(img).text((20, 8), "11", font=font, fill=255)
    ImageDraw.Draw(img).text((320, 8), "29500", font=font, fill=255)
    ink = np.array(img)
    cell = Box(10, 2, 590, 32)  # two rows' rules 24–30 px apart: the digits nearly touch them
    assert rules_across(cell, ink) == 0
    ink[:, 300:302] = 255  # the rule, from the row rule above to the one below
    assert rules_across(cell, ink) == 1
