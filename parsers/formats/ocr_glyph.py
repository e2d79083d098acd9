"""What a digit's print shows by its shape alone, beside what the recogniser reads.

A lone ``0`` is the value cell the recogniser is least sure of: one round
glyph, with nothing beside it to read it in context, and on a
black-and-white scan or a photocopy its edges are jagged.  Its shape,
though, is unlike every other character a value cell can hold: one closed
ring whose hole runs most of its height, centred.  A ``6`` or a ``9`` has
one hole in one half, an ``8`` two, ``-``, ``/`` and ``1`` none.  So a
reading of ``0`` whose print is exactly such a ring is a zero, however
unsure the model was; a ring broken by the scan (no hole) proves nothing.
"""

from __future__ import annotations

import cv2
import numpy as np

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
