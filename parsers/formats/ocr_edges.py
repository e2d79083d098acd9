"""A value cell at the page's edge: is its number all on the page?

A table printed wider than its paper, or a page the scanner cut, runs off the
picture: a cell there is closed by the picture's edge, and a number in it may
go on beyond.  A table printed just to the paper's edge (a browser's print
with no margins loses only its border) keeps whole cells there: the number
stops, and paper follows.  Which it is shows in the print.  A number cut
between two digits ends in no more paper than the space between two digits;
a whole one ends in more, or in a rule.
"""

from __future__ import annotations

import numpy as np

from .ocr_grid import Box
from .ocr_table import inside_rules

# 3 mm: a table's border stands a page margin (2 cm or so) from the edge; deskewing a page cut
# through a table by up to a degree leaves that much white along the cut
PAGE_EDGE = 24
# paper after a number, in its height, that says it stops: the widest space between two
# half-width digits' ink is 0.33 of their height (a serif 1 beside another digit; Noto CJK,
# DejaVu, monospaced faces measured)
_WHOLE = 0.6
# ... and after one glyph, whose digits' pitch the print does not show: a full-width ０-９'s
# space is up to 1.2 of its height (two １s)
_ALONE = 1.5
_GLYPH = 10  # px: print less tall is specks (a digit is 25 px high on a page ``PAGE_WIDTH`` wide)
_RULE = 0.9  # a line across the cell's side inked along this much of it is a rule
_RULE_WIDTH = 3  # the lines from a mark's first on in which a rule is looked for


def cut_off(box: Box, ink: np.ndarray, beyond: np.ndarray) -> bool:
    """The value in ``box`` may go on past the page: a side of the cell is the page's edge
    (within ``PAGE_EDGE`` px), and from the cell's print toward it there is neither the
    paper a whole number ends in (``_paper_after``) nor a rule; or the cell has no print
    as tall as a glyph.
    ``ink``: the page's ink; ``beyond``: where the page shows no paper (``straightened``)."""
    height, width = ink.shape
    sides = {
        "left": box.x0 <= PAGE_EDGE,
        "right": width - box.x1 <= PAGE_EDGE,
        "top": box.y0 <= PAGE_EDGE,
        "bottom": height - box.y1 <= PAGE_EDGE,
    }
    if not any(sides.values()):
        return False
    inner = inside_rules(box)
    ys, xs = np.nonzero(ink[inner.y0 : inner.y1, inner.x0 : inner.x1])
    if not len(xs) or np.ptp(ys) + 1 < _GLYPH:
        return True  # nothing printed here (specks at most): its value may be all beyond
    x0, x1 = inner.x0 + int(xs.min()), inner.x0 + int(xs.max())
    y0, y1 = inner.y0 + int(ys.min()), inner.y0 + int(ys.max())
    printed = ink[y0 : y1 + 1, x0 : x1 + 1] > 0
    across = {  # each side: the page from the print outward, one line per step, nearest first
        "left": lambda a, lo, hi: a[lo:hi, :x0][:, ::-1].T > 0,
        "right": lambda a, lo, hi: a[lo:hi, x1 + 1 :].T > 0,
        "top": lambda a, lo, hi: a[:y0, lo:hi][::-1] > 0,
        "bottom": lambda a, lo, hi: a[y1 + 1 :, lo:hi] > 0,
    }
    for side, at_edge in sides.items():
        if not at_edge:
            continue
        along_rows = side in ("left", "right")
        need = _paper_after(printed if along_rows else printed.T)
        # paper is looked for across the print's band; a rule spans the cell's whole side
        # (a stroke of a digit cut at the edge spans the digit's height, short of it)
        band, cell = ((y0, y1 + 1), (box.y0, box.y1)) if along_rows else ((x0, x1 + 1), (box.x0, box.x1))
        if not _stops(across[side](ink, *band), across[side](beyond, *band), across[side](ink, *cell), need):
            return True
    return False


def _paper_after(printed: np.ndarray) -> float:
    """How much paper, in pixels, a whole number ends in: more than the widest space
    between two of its glyphs could be.  ``printed``: its ink, lines along its rows."""
    height = printed.shape[0]
    profile = printed.any(axis=0)
    edges = np.flatnonzero(np.diff(profile.astype(np.int8)))
    spaces = edges[1::2] - edges[::2]  # the runs of paper between runs of ink
    if not len(spaces):
        return _ALONE * height
    # a space within the number shows its pitch: digits spaced wide (full-width, or set
    # apart) may hide one past the edge after as wide a space
    return max(_WHOLE * height, 2.0 * float(spaces.max()))


def _stops(print_band: np.ndarray, off_page: np.ndarray, cell_side: np.ndarray, need: float) -> bool:
    """The print stops: from it outward (lines nearest first), ``need`` lines of paper, or
    a rule along the cell's whole side before any other mark.  False when the picture's
    edge, or what lies beyond the paper, comes first."""
    for step, (marks, off) in enumerate(zip(print_band, off_page, strict=True)):
        if step >= need:
            return True
        if off.any():
            return False
        if marks.any():  # a rule's soft edge may come first: the rule is within its width
            return bool((cell_side[step : step + _RULE_WIDTH].mean(axis=1) >= _RULE).any())
    return False
