"""Row rules that come as dashes: a dashed rule (虚线), or a faint one the ink threshold
broke.

A solid rule is a long run of ink along a row of pixels.  A dashed or faint one is
many short runs in line, two pixels thick at most where the print thinned, with
breaks between them.  The horizontal strokes of a line of text are short runs in line
too; but a rule runs alone, with paper just above and below it, where a stroke of a
character has the character's other strokes.  All sizes in pixels of a page
normalised to ``ocr_grid``'s ``PAGE_WIDTH``.
"""

from __future__ import annotations

import cv2
import numpy as np

from .ocr_grid import closed, opened

_PIECE = 3  # the shortest dash (Word's dashed border: 4 px on, 4 off at 200 dpi)
_BREAK = 20  # the longest break between two dashes of one rule (a faint rule's: up to 15 px)
_SPAN = 80  # the shortest dashed rule: two of the narrowest value cells
_INKED = 0.45  # the least share of a dashed rule that is ink
_BESIDE = 0.6  # the most share of its length with ink just above or below it (2–5 px off)
_THIN = 4  # a rule's dashes are this thick at most (a two-pixel rule, leaning a pixel)
_TALL = 40  # an upright mark taller than any character: a column rule
_END = 4  # a run's ends are this near the column rules it runs between


def dashed_row_rules(ink: np.ndarray) -> np.ndarray:
    """The row rules among a page's short horizontal runs of ink (a mask): runs in line
    across breaks of ``_BREAK`` px at most, from one column rule to another, ``_SPAN`` px
    long or more, ``_INKED`` of it ink, and alone (``_BESIDE``), drawn solid.  Found
    before the page's specks are taken off: a dash of a dashed rule is one."""
    upright = opened(ink, (1, 2 * _THIN))
    flat = opened(cv2.bitwise_and(ink, cv2.bitwise_not(upright)), (_PIECE, 1))
    # a faint rule two pixels thick breaks in each of its rows at other places
    flat = closed(flat, (1, 2))
    # a column rule crossing it is no break (its upright stroke was taken off above); only
    # marks taller than any character are (a character's stroke crossing a line of its
    # text is a break)
    crossings = cv2.dilate(opened(ink, (1, _TALL)), np.ones((1, 7), np.uint8))
    runs = opened(closed(flat | crossings, (_BREAK, 1)), (_SPAN, 1))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    out = np.zeros(ink.shape, np.uint8)
    crossings = crossings > 0
    for i in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if h > _THIN:
            continue
        along = (flat[y : y + h, x : x + w] > 0).any(axis=0)
        # from rule to rule: a line of text in a cell stops short of the cell's rules
        ends = crossings[y : y + h, x : x + _END].any() and crossings[y : y + h, x + w - _END : x + w].any()
        if not ends or along.mean() < _INKED or _beside(ink, crossings, x, y, w, h) > _BESIDE:
            continue
        out[y : y + h, x : x + w][labels[y : y + h, x : x + w] == i] = 255
    return out


def _beside(ink: np.ndarray, crossings: np.ndarray, x: int, y: int, w: int, h: int) -> float:
    """The share of a run's length, away from the column rules crossing it, with ink just
    above or just below it (2–5 px off)."""
    above = ink[max(0, y - 5) : max(0, y - 1), x : x + w].any(axis=0)
    below = ink[y + h + 1 : y + h + 5, x : x + w].any(axis=0)
    away = ~crossings[max(0, y - 5) : y + h + 5, x : x + w].any(axis=0)
    return float(((above | below) & away).sum() / max(1, away.sum()))
