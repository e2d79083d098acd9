"""The text lines of a table cell: cut by the ink's horizontal profile, levelled first
when they run aslant.

A cell's lines go to the recogniser one by one, so they are cut where no ink
runs across the cell.  On a phone photo a page's bulge tilts the lines of a
wide label cell (a drift of a line's gap over the cell's width): no row is
empty between them and three lines come out as one crop, which the recogniser
cannot read.  Such a cell is sheared level, at the slant that empties the most
rows between its lines, and cut again.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from .ocr_grid import Box

PRINT_AREA = 60  # a mark of fewer pixels is a speck unless it sits beside print
SMALL_MARK_REACH = 14  # how far print may be from a dot or a comma that belongs to it
_MIN_INK = 12  # fewer dark pixels than a decimal point's worth of print: an empty cell
_GAP = 2
_SLANTS = np.arange(-0.04, 0.0401, 0.005)  # rows per column: a photo's bulge, under 2.5°
_WRAPPED = 0.7  # of its cell's width: a number's first line, when it wraps onto a second
_MERGED = 1.6  # a line this many times as tall as its tallest characters holds more lines


def line_boxes(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The text lines of a cell crop's ink: (x0, y0, x1, y1) each, top to bottom.

    Lines are the row bands of the marks of print; a small mark (a decimal point, a speck)
    joins the band it touches but never joins two bands: a speck between the lines of a
    label would otherwise make one crop of two lines, which the recogniser cannot read."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    big = print_marks(stats)
    marks = big[labels] if big.any() else ink > 0  # only small marks: a lone dash or dot
    out: list[tuple[int, int, int, int]] = []
    for start, stop in bands(np.flatnonzero(marks.any(axis=1))):
        start, stop = _with_small_marks(ink, labels, stats, start, stop)
        band = ink[start:stop]
        cols = np.flatnonzero(band.any(axis=0))
        if np.count_nonzero(band) >= _MIN_INK and stop - start > 3:
            out.append((int(cols[0]), start, int(cols[-1]) + 1, stop))
    return out


def level_lines(
    gray: np.ndarray, ink: np.ndarray, paper: int
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int, int, int]], bool]:
    """A cell's image and ink, and their lines: sheared level (and True) when a line is
    too tall for one line of its characters and a slant parts it, else as they are."""
    lines = line_boxes(ink)
    if not any(_holds_lines(ink[y0:y1, x0:x1]) for x0, y0, x1, y1 in lines):
        return gray, ink, lines, False
    slant = max(_SLANTS, key=lambda s: _empty_rows(_sheared(ink, s, 0)))
    level_ink = _sheared(ink, slant, 0)
    level = line_boxes(level_ink)
    if len(level) <= len(lines):
        return gray, ink, lines, False
    return _sheared(gray, slant, paper), level_ink, level, True


def _holds_lines(line: np.ndarray) -> bool:
    """A line at least ``_MERGED`` times as tall as its tallest marks of print (characters
    of one line are about as tall as the line)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(line, connectivity=8)
    heights = stats[1:][print_marks(stats)[1:], cv2.CC_STAT_HEIGHT]
    return heights.size >= 3 and line.shape[0] > _MERGED * float(np.percentile(heights, 90))


def _sheared(image: np.ndarray, slant: float, border: int) -> np.ndarray:
    """``image`` with each column moved up by ``slant`` rows per column from its middle,
    grown by enough rows above and below to keep every pixel."""
    h, w = image.shape
    pad = math.ceil(abs(slant) * w / 2) + 1
    m = np.float32([[1, 0, 0], [-slant, 1, pad + slant * w / 2]])
    flags = cv2.INTER_NEAREST if border == 0 else cv2.INTER_LINEAR
    return cv2.warpAffine(image, m, (w, h + 2 * pad), flags=flags, borderValue=border)


def _empty_rows(ink: np.ndarray) -> int:
    """Rows without ink between the first and the last inked row: the gaps between lines."""
    rows = np.flatnonzero(ink.any(axis=1))
    return 0 if rows.size == 0 else int(rows[-1] - rows[0] + 1 - rows.size)


def print_marks(stats: np.ndarray) -> np.ndarray:
    """Which connected marks (``cv2.connectedComponentsWithStats``' stats) are print, not
    specks (the background label 0 is never one)."""
    big = (stats[:, cv2.CC_STAT_AREA] >= PRINT_AREA) | (
        np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= 10
    )
    big[0] = False
    return big


def bands(rows: np.ndarray, gap: int = _GAP) -> list[tuple[int, int]]:
    """Runs (start, stop) of sorted positions (rows or columns with ink), broken where more
    than ``gap`` empty positions lie between two."""
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > gap)
    starts = [int(rows[0]), *(int(rows[b + 1]) for b in breaks)]
    stops = [*(int(rows[b]) + 1 for b in breaks), int(rows[-1]) + 1]
    return list(zip(starts, stops, strict=True))


def mark_spans(ink: np.ndarray) -> list[tuple[int, int]]:
    """The column spans (start, stop) of a line's marks, left to right (any empty column
    parts two; a mark is what overlaps in x, so the two dots of a colon are one)."""
    return bands(np.flatnonzero(ink.any(axis=0)), gap=1)


def _with_small_marks(ink: np.ndarray, labels: np.ndarray, stats: np.ndarray, start: int, stop: int) -> tuple[int, int]:
    """A band grown by the marks it touches (a dot above a character, a comma below)."""
    touching = np.unique(labels[max(0, start - _GAP) : stop + _GAP])
    touching = touching[touching > 0]
    if touching.size == 0:
        return start, stop
    top = int(stats[touching, cv2.CC_STAT_TOP].min())
    bottom = int((stats[touching, cv2.CC_STAT_TOP] + stats[touching, cv2.CC_STAT_HEIGHT]).max())
    # a big mark is within the band already; only small marks within reach extend it
    reach = SMALL_MARK_REACH // 2
    return min(start, max(top, start - reach)), max(stop, min(bottom, stop + reach))


def stacked(lines: list[Box], inner: Box) -> bool:
    """A value cell's two lines (boxes on the page) are two values one above the other: a
    number wraps only when its first line fills the cell's width (``inner``).  Two short
    lines are two rows' values whose rule was lost (a dashed or faint rule, a seal over
    it): joined they would be a wrong number ("1" over "6" is not 16)."""
    return len(lines) == 2 and lines[0].width < _WRAPPED * inner.width
