"""A value line's print against what was read: a printed slash or dash is no 1 and a slash
no 7, a seal's
stroke that joins a 1 to the next digit leaves ink that a lone 5 does not fill; a
label's lines that run aslant on a photo are still cut one by one.  Drawn
with the fonts reports are printed in, thresholded as a page's ink.  No recognition
model: fast."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from parsers.formats.ocr_grid import ink_mask
from parsers.formats.ocr_strokes import ink_height, print_fits, taller_than_print

FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed.ttf",
]
BROWSER_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def printed(text: str, font: str, size: int = 24) -> np.ndarray:
    """``text`` printed dark on paper, blurred a little as a scan is: its ink, cut to the print."""
    img = Image.new("L", (240, 2 * size), 245)
    ImageDraw.Draw(img).text((20, size // 3), text, font=ImageFont.truetype(font, size), fill=30)
    gray = cv2.GaussianBlur(np.array(img), (3, 3), 0.5)
    ink = ink_mask(gray)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


@pytest.mark.parametrize("font", FONTS)
def test_a_printed_slash_or_dash_is_not_a_one(font: str) -> None:
    assert print_fits("1", printed("1", font))
    assert print_fits("11", printed("11", font))
    assert not print_fits("1", printed("/", font))  # a null printed as a slash leans
    assert not print_fits("1", printed("-", font))  # a dash is wider than tall
    assert not print_fits("1", printed("—", font))
    assert not print_fits("21", printed("2/", font))


# a 1 as the colour scan of a real report's browser print has it (bench.ocr_real's page 2,
# its ink at the page's threshold): 20 rows by 14, read as 1 at 0.99
SCANNED_ONE = """
..######......
.########.....
#########.....
.########.....
.....####.....
.....####.....
.....####.....
.....####.....
.....####.....
.....####.....
.....####.....
.....####.....
.....####.....
.....####.....
.....####.....
....#####.....
..############
.#############
.###########..
.........#....
"""


def test_a_scanned_one_with_a_flag_and_a_foot_is_a_one() -> None:
    ink = np.array([[255 if ch == "#" else 0 for ch in line] for line in SCANNED_ONE.split()], np.uint8)
    assert print_fits("1", ink)


@pytest.mark.parametrize("size", [28, 32, 40])
def test_a_one_with_a_flag_and_a_foot_is_a_one(size: int) -> None:
    # a browser prints a report's digits in its sans face (DejaVu Sans on Linux), whose 1 has
    # a long flag and a foot as wide: on a scan of a real report's print it ran 1.4 to 1.6
    # times as tall as wide, was read as 1 at 0.99, and was refused as no 1 (its stem is 4)
    for number in ("1", "12", "31", "11"):
        assert print_fits(number, printed(number, BROWSER_SANS, size)), number
    assert not print_fits("1", printed("/", BROWSER_SANS, size))
    assert not print_fits("1", printed("-", BROWSER_SANS, size))
    # a rule's corner left in a cell: a stem and a foot, all to one side of it
    corner = np.zeros((size, size * 3 // 4), np.uint8)
    corner[:, :2] = corner[-2:] = 255
    assert not print_fits("1", corner)


@pytest.mark.parametrize("font", [*FONTS, "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"])
@pytest.mark.parametrize("size", [18, 24, 32])
def test_a_printed_slash_is_not_a_seven(font: str, size: int) -> None:
    # a Song-face Word print's "/" (a null) was read as 7 at 0.92: a 7 has a bar across its top
    for number in ("7", "77", "17", "70", "-7"):
        assert print_fits(number, printed(number, font, size)), number
    assert not print_fits("7", printed("/", font, size))


@pytest.mark.parametrize("font", [*FONTS, "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"])
def test_a_minus_joined_to_its_digit_is_not_left_unread(font: str) -> None:
    # a 120-dpi scan's "-4" is one mark, and was read "4" at 0.99 and published (a 2, whose
    # left runs tall, leaves only the minus's own width: in a condensed face, too narrow)
    for digit in "0123456789":
        assert print_fits(digit, printed(digit, font)), digit  # a digit's own bar or foot is no sign
    for digit in "147":
        ink = printed(f"-{digit}", font)
        spans = [np.flatnonzero(ink[:, c]) for c in range(ink.shape[1])]
        gaps = [c for c in range(ink.shape[1] - 1) if spans[c].size and not spans[c + 1].size]
        if gaps:  # the minus made to touch the digit (in some faces it does already)
            rows = spans[gaps[0]]
            gap_end = next(c for c in range(gaps[0] + 1, ink.shape[1]) if spans[c].size)
            ink[rows[0] : rows[-1] + 1, gaps[0] : gap_end] = 255
        assert not print_fits(digit, ink), digit
        assert print_fits(f"-{digit}", ink), digit


@pytest.mark.parametrize("font", FONTS)
def test_a_digit_joined_to_its_neighbour_by_a_stroke_is_not_left_unread(font: str) -> None:
    ink = printed("15", font)
    assert print_fits("15", ink)
    assert print_fits("10", printed("10", font))
    assert print_fits("+2", printed("+2", font))
    assert print_fits("285.63", printed("285.63", font))
    # a seal's stroke across the middle of the line joins the 1 to the 5: one mark, which
    # the recogniser read as 5 alone
    joined = ink.copy()
    middle = joined.shape[0] // 2
    joined[middle - 1 : middle + 1, :] = 255
    assert not print_fits("5", joined)
    assert print_fits("15", joined)


@pytest.mark.parametrize("font", FONTS)
def test_a_flat_stroke_running_off_a_digit_is_not_a_character(font: str) -> None:
    # a seal's flat stroke touches a 0 and runs on beside it: no digit is hidden in it
    zero = printed("0", font)
    h, w = zero.shape
    ink = np.zeros((h, 3 * w), np.uint8)
    ink[:, w : 2 * w] = zero
    ink[h - 3 : h - 1, : 3 * w] = 255
    assert print_fits("0", ink)


def test_the_aslant_lines_of_a_wide_label_on_a_photo_are_cut_apart() -> None:
    # a three-line label cell of a bulged phone photo: each line drifts 8 px down over the
    # cell's width, more than the gap between lines, so no row of the cell is empty
    from parsers.formats.ocr_lines import level_lines, line_boxes

    font = ImageFont.truetype(FONTS[0], 20)
    img = Image.new("L", (300, 100), 245)
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(["1.申请人无正当理由逾期不", "补正、行政机关不再处理其", "政府信息公开申请"]):
        draw.text((8, 6 + 27 * k), text, font=font, fill=30)
    gray = np.array(img)
    drift = 0.03  # rows per column
    m = np.float32([[1, 0, 0], [drift, 1, 0]])
    gray = cv2.warpAffine(gray, m, (300, 100), flags=cv2.INTER_LINEAR, borderValue=245)
    ink = ink_mask(gray)
    assert len(line_boxes(ink)) < 3  # the profile alone runs the lines together
    level_gray, level_ink, lines, levelled = level_lines(gray, ink, 245)
    assert levelled and len(lines) == 3
    assert level_gray.shape == level_ink.shape
    # each line is one line of characters: no taller than a character and a half
    assert all(y1 - y0 <= 30 for _, y0, _, y1 in lines)
    # a level label keeps its lines as they were
    flat = ink_mask(np.array(img))
    assert level_lines(np.array(img), flat, 245)[2:] == (line_boxes(flat), False)


@pytest.mark.parametrize("font", FONTS)
def test_a_flat_stroke_beside_a_digit_is_no_digit_of_its_own(font: str) -> None:
    # a seal's flat stroke up and left of a 0 (a turned colour scan): read as the bar of a 7,
    # "70" at 0.965.  Every digit's print runs half the line's height somewhere; signs,
    # points and dashes need not
    zero = printed("0", font)
    h, w = zero.shape
    stroked = np.zeros((h, w + 14), np.uint8)
    stroked[:, 14:] = zero
    stroked[1:3, 0:9] = 255  # the stroke, a gap, then the 0
    assert print_fits("0", zero)
    assert not print_fits("70", stroked)
    for text in ["70", "7.8", "-5", "+12", "1,234", "—"]:
        assert print_fits(text, printed(text, font)), text


@pytest.mark.parametrize("font", FONTS)
def test_a_digit_with_a_stroke_at_its_foot_is_taller_than_the_tables_print(font: str) -> None:
    # a seal character's stroke that touches a 0's foot and runs down to the cell's rule:
    # one mark, read as 9 at 0.96 (a Song-face print, red seal over table 3)
    texts = ["0", "12", "4", "-3", "285.63", "7.8", "1,234", "99", "+2"]
    heights = {(r, 1): ink_height(printed(t, font)) for r, t in enumerate(texts)}
    zero = printed("0", font)
    h, w = zero.shape
    tailed = np.zeros((h + h // 2, w + 8), np.uint8)
    tailed[:h, 8:] = zero
    for y in range(h - 2, tailed.shape[0]):  # the stroke leans down and left from the foot
        x = max(0, 8 + w // 2 - (y - h + 2))
        tailed[y, x : x + 2] = 255
    heights[(len(texts), 1)] = ink_height(tailed)
    assert taller_than_print(heights) == {(len(texts), 1)}
    # too few lines to know the table's print: nothing is judged
    assert taller_than_print({k: heights[k] for k in list(heights)[-3:]}) == set()


# a 0 of a real report's table (上海市科委 2024, table 3's 上年结转 row, 科研机构), printed by
# Chromium and scanned turned, with a red seal over it: a dot of the seal's ink stands in its
# counter and a stroke runs off its foot.  The recogniser read it as 9 at 0.96
SEALED_ZERO = """
.......########......
.....###########.....
....#############....
....######..######...
...######.....#####..
...#####......#####..
..######.......####..
..#####........#####.
..#####........#####.
.######........#####.
.######........#####.
.######........#####.
.######..##...######.
.######.###..#######.
..####...#.....#####.
..####.........#####.
...#####.......#####.
...#####.......#####.
..######......#####..
..#######..########..
...######....######..
...######....#####...
....##############...
..###############....
......##########.....
.........######......
............#........
...........##........
............#........
"""


def test_a_zero_a_seal_marked_is_no_nine() -> None:
    ink = np.array([[255 if ch == "#" else 0 for ch in line] for line in SEALED_ZERO.split()], np.uint8)
    assert not print_fits("9", ink)
    assert print_fits("0", ink)


@pytest.mark.parametrize("font", [*FONTS, BROWSER_SANS])
@pytest.mark.parametrize("size", [24, 32, 40])
def test_a_nine_and_a_six_have_their_loops_where_a_zeros_counter_is_not(font: str, size: int) -> None:
    # a 9's loop is in its upper part, a 6's in its lower; a 0's counter runs its height
    for number in ("9", "6", "90", "69", "1996"):
        assert print_fits(number, printed(number, font, size)), number
    assert not print_fits("9", printed("0", font, size))
    assert not print_fits("6", printed("0", font, size))
