"""Whether a value line's print can be what the recogniser read: the shape of its marks.

The recogniser can be sure and wrong where print is not a value's: a printed slash (a
null) read as 1, a seal's stroke that runs across a 1 into the next digit and leaves "15"
read as 5.  Digits have a known shape at any size, in units of their height: a digit is
at most about as wide as 0.8 of its height, and a 1 is a tall, upright stroke.  A reading
whose characters cannot fill the line's ink, whose 1 is a leaning or flat mark, whose 7
has no bar across its top (a serif face's slash read as 7), or whose 9 or 6 has its loop
where a 0's counter is (a seal's stroke through a 0), is not a reading of that print.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from .ocr_lines import mark_spans

# the widest a character's print runs, in heights of the line's digits (measured on renders
# of the corpus: digits 0.65-0.81, "+" and "-" under 1.0); a character that is not a digit
# or a sign (a unit, a null marker) is given a wide CJK character's room
_WIDTHS = {**dict.fromkeys("0123456789", 0.85), ".": 0.35, ",": 0.35, "-": 0.7, "+": 1.0}
_OTHER_WIDTH = 1.4
_SLACK = 0.25  # the gaps between characters, and blur
# a 1's stem (between its flag and its foot) is at least this many times as tall as wide
# (renders: 1.9 and more), and the whole 1 this many: a sans face's flag and foot, as a
# browser prints it, make it 1.4 to 1.6 (a dash, a slash's lean, a rule's corner are wider)
_ONE_TALL = 1.6
_ONE_WIDE = 1.25
_FOOT_OFF = 0.2  # of the 1's width: how far its stem may stand from the middle of flag and foot
_FLAT_CHARS = "+-.,—"  # the characters of a value whose print is flat or small
_ONE_LEAN = 0.15  # the most a 1's stem drifts sideways per row (a slash drifts 0.3 and more)
# the flat columns before a number's first digit, in digit heights: a digit's own bar or foot
# runs 0.28 on renders of sans and serif faces (0.35 on a black-and-white scan's serif 4); a
# minus and its gap 0.39 to 0.78, joined to its digit on a 120-dpi scan 0.62.  A minus
# narrower than the threshold (a condensed face's -2) is left to the recogniser
_DIGIT_LEAD = 0.28
_SIGN_LEAD = 0.4
_BAR_ROWS = 0.2  # a 7's bar is in the top fifth of its height
_SEVEN_BAR = 0.6  # and runs across this much of its width at least
# a 9's loop ends above this share of its height, a 6's begins below 1 less it (renders of
# sans and serif faces: 0.55-0.62; a 0's counter runs 0.15-0.85)
_LOOP_END = 0.72
# the tallest a line of digits runs, in the table's usual digit heights (one type size to a
# table: a sign is shorter, never taller), and the lines needed to know the usual height
_TALLEST = 1.3
_HEIGHTS_NEEDED = 5


def print_fits(text: str, ink: np.ndarray) -> bool:
    """The line's ink (255 on 0) can be the print of ``text``: no wider than its characters
    run, and each 1 that stands alone as a mark upright and taller than wide."""
    return (
        _fills(text, ink)
        and _flat_marks_are_signs(text, ink)
        and not _sign_unread(text, ink)
        and all(_is_upright_stem(mark) for mark in _read_as("1", text, ink))
        and all(_has_top_bar(mark) for mark in _read_as("7", text, ink))
        and all(_loop_fits(mark, high=True) for mark in _read_as("9", text, ink))
        and all(_loop_fits(mark, high=False) for mark in _read_as("6", text, ink))
    )


def _flat_marks_are_signs(text: str, ink: np.ndarray) -> bool:
    """Every mark of the line (ink between empty columns) that nowhere runs half the line's
    height is a sign, a point or a dash of the reading: a digit always does.  A seal's flat
    stroke left of a 0 read as the bar of a 7 ("70" for 0) has no character of its own."""
    tall = _tall_columns(ink)
    if tall is None or not any(c.isdigit() for c in text):
        return True
    flat = sum(1 for a, b in mark_spans(ink) if not tall[a:b].any())
    return flat <= sum(c in _FLAT_CHARS for c in text)


def _sign_unread(text: str, ink: np.ndarray) -> bool:
    """A number read without a sign whose ink runs flat before its first digit, further than
    any digit's own foot or bar does: a minus joined to the digit (a low-resolution scan's
    "-4" is one mark), which the reading left out ("4" for -4)."""
    tall = _tall_columns(ink)
    if tall is None or not text[:1].isdigit() or not tall.any():
        return False
    height = ink_height(ink)
    first = int(np.argmax(ink.any(axis=0)))
    lead = int(np.argmax(tall)) - first
    if lead < _SIGN_LEAD * height:
        return False
    # the columns no digit's own foot or bar reaches hold a minus: a thin mark across the
    # digits' middle (not a seal's stroke at their foot, not a 2's slanting stroke)
    beyond = ink[:, first : first + max(1, math.ceil(lead - _DIGIT_LEAD * height))].any(axis=1)
    marked = np.flatnonzero(beyond)
    rows = np.flatnonzero(ink.any(axis=1))
    thin = marked[-1] - marked[0] + 1 <= 0.3 * height
    return thin and abs(marked.mean() - (rows[0] + rows[-1]) / 2) <= 0.25 * height


def _tall_columns(ink: np.ndarray) -> np.ndarray | None:
    """The columns (a mask) where the line's ink runs at least half its height, top to
    bottom of the column's ink; None for a line without ink."""
    height = ink_height(ink)
    if not height:
        return None
    inked = ink > 0
    extent = (ink.shape[0] - np.argmax(inked[::-1], axis=0)) - np.argmax(inked, axis=0)
    return inked.any(axis=0) & (extent >= height / 2)


def _fills(text: str, ink: np.ndarray) -> bool:
    """The line's digits are no wider than its reading's characters (only for readings
    with a digit: the digits give the line's height).  Only the columns where ink runs at
    least half the line's height count, as every digit has some: a flat stroke of a seal
    that runs off a digit is no character left unread, a 1 joined to its neighbour is."""
    columns = _tall_columns(ink)
    if columns is None or not any(c.isdigit() for c in text):
        return True
    height = ink_height(ink)
    tall = np.flatnonzero(columns)
    if tall.size == 0:
        return True
    room = sum(_WIDTHS.get(c, _OTHER_WIDTH) for c in text) + _SLACK
    return tall[-1] - tall[0] + 1 <= room * height


def _read_as(digit: str, text: str, ink: np.ndarray) -> list[np.ndarray]:
    """The marks read as ``digit``, when each character of the reading is one mark (else none)."""
    spans = mark_spans(ink)
    if len(spans) != len(text):
        return []
    return [ink[:, a:b] for c, (a, b) in zip(text, spans, strict=True) if c == digit]


def _glyph(mark: np.ndarray) -> np.ndarray:
    """A mark cut to its ink (a bool mask)."""
    rows = np.flatnonzero(mark.any(axis=1))
    cols = np.flatnonzero(mark.any(axis=0))
    return mark[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] > 0


def _has_top_bar(mark: np.ndarray) -> bool:
    """A 7: a bar across its top, in one of the top fifth's rows a run of ink over most of
    its width (renders of sans and serif faces: the whole width; a slash, a third at most)."""
    glyph = _glyph(mark)
    top = glyph[: max(1, round(_BAR_ROWS * glyph.shape[0]))]
    return max(stop - start for start, stop in map(_longest_run, top)) >= _SEVEN_BAR * glyph.shape[1]


def _loop_fits(mark: np.ndarray, high: bool) -> bool:
    """A 9's closed loop is in its upper part, a 6's in its lower: the paper it encloses
    ends above ``_LOOP_END`` of the glyph's height (a 9), or starts below ``1 - _LOOP_END``
    (a 6).  A 0's counter runs most of its height: a seal's stroke through a 0, read as 9,
    leaves it so.  A mark with no closed loop (print broken by a scan) is not told."""
    glyph = np.pad(_glyph(mark).astype(np.uint8), 1)
    outside = glyph.copy()
    cv2.floodFill(outside, None, (0, 0), 1)
    enclosed = np.flatnonzero((outside == 0).any(axis=1))
    if enclosed.size == 0:
        return True
    height = glyph.shape[0] - 2
    if high:
        return enclosed[-1] - 1 <= _LOOP_END * height
    return enclosed[0] - 1 >= (1 - _LOOP_END) * height


def _longest_run(row: np.ndarray) -> tuple[int, int]:
    """The (start, stop) columns of a row's longest run of ink ((0, 0) for a row without ink)."""
    return max(mark_spans(row[np.newaxis]), key=lambda span: span[1] - span[0], default=(0, 0))


def _is_upright_stem(mark: np.ndarray) -> bool:
    """A 1: its stem (the rows between its flag and its foot) taller than wide by far, and
    upright: a slash leans, a dash or a rule's stub is flat."""
    rows = np.flatnonzero(mark.any(axis=1))
    cols = np.flatnonzero(mark.any(axis=0))
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    stem = rows[(rows >= rows[0] + height // 4) & (rows <= rows[-1] - height // 4)]
    stem_cols = np.flatnonzero(mark[stem].any(axis=0))
    stem_width = stem_cols[-1] - stem_cols[0] + 1 if stem_cols.size else width
    if height < _ONE_WIDE * width or height < _ONE_TALL * stem_width:
        return False
    off_middle = abs((stem_cols[0] + stem_cols[-1]) / 2 - (cols[0] + cols[-1]) / 2) if stem_cols.size else 0
    if height < _ONE_TALL * width and off_middle > _FOOT_OFF * width:
        return False  # a flag and a foot either side of the stem; a rule's corner is all one side
    if stem.size < 3:
        return True  # too short to measure a lean: the height test above stands
    centres = [_longest_run_centre(mark[r]) for r in stem]
    slope = np.polyfit(stem.astype(float), centres, 1)[0]
    return abs(slope) <= _ONE_LEAN


def _longest_run_centre(row: np.ndarray) -> float:
    """The middle of a row's longest run of ink: the stem, not a speck beside it."""
    start, stop = _longest_run(row)
    return (start + stop - 1) / 2


def ink_height(ink: np.ndarray) -> int:
    """How many rows a line's ink runs, top to bottom."""
    rows = np.flatnonzero(ink.any(axis=1))
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def taller_than_print(heights: dict[tuple[int, int], int]) -> set[tuple[int, int]]:
    """The value cells (by key) whose line of digits runs taller than a table's digits do: a
    seal's stroke or a rule's stub joined to a digit's print (a 0 with a stroke at its foot
    reads as 9).  A table is printed in one type size, so its own lines give the height."""
    if len(heights) < _HEIGHTS_NEEDED:
        return set()
    usual = float(np.median(list(heights.values())))
    return {key for key, height in heights.items() if height > _TALLEST * usual}
