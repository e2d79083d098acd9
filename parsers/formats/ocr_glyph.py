"""What a digit's print shows by its shape alone, beside what the recogniser reads.

A lone ``0`` is the value cell the recogniser is least sure of: one round
glyph, with nothing beside it to read it in context, and on a
black-and-white scan or a photocopy its edges are jagged.  Its shape,
though, is unlike every other character a value cell can hold: one closed
ring whose hole runs most of its height, centred.  A ``6`` or a ``9`` has
one hole in one half, an ``8`` two, ``-``, ``/`` and ``1`` none.  So a
reading of ``0`` whose print is exactly such a ring is a zero, however
unsure the model was; a ring broken by the scan (no hole) proves nothing.
And a decimal point too faint for the page's ink threshold is still a dark
mark at a digit's foot between two digits: "7.8" must not be read as 78.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from .ocr_lines import mark_spans

_POINT_CONTRAST = 0.15  # how dark, between paper and print, a faint decimal point is
_SPECK = 12  # pixels: a mark smaller than this is speckle, not print
_MIN_HEIGHT = 0.6  # of the line: a digit is about the line's height
_ASPECT = (0.3, 0.95)  # width / height of a printed 0
_HOLE_HEIGHT = 0.5  # of the glyph: a 0's hole runs half its height or more; a 6's or 9's less
_HOLE_WIDTH = 0.2  # of the glyph
_HOLE_CENTRE = (0.35, 0.65)  # of the glyph's height: a 0's hole is centred, a 6's low, a 9's high


def is_zero_ring(line_ink: np.ndarray) -> bool:
    """The line's print (255 on 0) is one closed ring shaped as a printed 0."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(line_ink, connectivity=8)
    marks = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= _SPECK]
    if len(marks) != 1:
        return False
    x, y, w, h = (int(v) for v in stats[marks[0], :4])
    if h < _MIN_HEIGHT * line_ink.shape[0] or not _ASPECT[0] <= w / h <= _ASPECT[1]:
        return False
    glyph = np.where(labels[y : y + h, x : x + w] == marks[0], 0, 255).astype(np.uint8)
    holes = _holes(glyph)
    if len(holes) != 1:
        return False
    hx, hy, hw, hh = holes[0]
    centre = (hy + hh / 2) / h
    return hh >= _HOLE_HEIGHT * h and hw >= _HOLE_WIDTH * w and _HOLE_CENTRE[0] <= centre <= _HOLE_CENTRE[1]


def _holes(paper: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes of the paper regions inside a glyph's box that do not reach its edge (4-connected:
    paper leaking diagonally between two stroke pixels does not open a hole)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    h, w = paper.shape
    edge = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])).tolist())
    return [
        tuple(int(v) for v in stats[i, :4])
        for i in range(1, count)
        if i not in edge and stats[i, cv2.CC_STAT_AREA] >= 3
    ]


def has_faint_point(gray: np.ndarray, ink: np.ndarray) -> bool:
    """A mark between two digits at their feet, not part of any mark of ``ink`` (the line's
    print at the page's threshold), dark at the crop's own contrast: a decimal point or a
    thousands comma the page's threshold missed.  ``gray`` is the line's image (it may run a
    few rows below ``ink``)."""
    marks = mark_spans(ink)
    height = ink.shape[0]
    if len(marks) < 2 or height < 6:
        return False
    paper, dark = np.percentile(gray, 75), np.percentile(gray, 2)
    if paper - dark < 40:
        return False
    # a sixth of the way from the paper to the print: a point drawn lighter, or eroded by
    # JPEG, still is; paper and JPEG's ringing are not
    faint = (gray < paper - _POINT_CONTRAST * (paper - dark)).astype(np.uint8)
    # a mark that runs into a digit at this contrast is the digit's own light part (the
    # tail of a 3), not a point
    near_print = np.zeros(gray.shape, bool)
    near_print[:height] = cv2.dilate(ink, np.ones((3, 3), np.uint8)) > 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(faint, connectivity=8)
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        centre = x + w / 2
        in_gap = any(a_end <= centre < b_start for (_, a_end), (b_start, _) in itertools.pairwise(marks))
        at_foot = y + h >= 0.7 * height and h <= 0.45 * height and w <= 0.45 * height
        if in_gap and at_foot and area >= 2 and not near_print[labels == i].any():
            return True
    return False
