"""Doubtful value cells read again, from the same print shown to the recogniser otherwise.

The first reading of a value line (``ocr_table``) can be unsure, or empty where print
is plain to see.  The recogniser reads a line with its neighbours as context, and a value
cell is short: a lone ``0`` has none, and on a clean scan it comes back at 0.7 or as
nothing at all, while ``00`` beside it reads at 1.0.  So a line is read again
**doubled**: its image twice, side by side with a gap of paper, read as one line; the
reading counts only when it is one text twice over.  And read **from its print
alone** (specks and the paper around it painted over), plain and median-filtered.

These are readings, not decisions: ``ocr_table`` keeps one only where it agrees with the
first or where the first read nothing, and its guards (marks, shape) judge it the same way.
"""

from __future__ import annotations

import cv2
import numpy as np

from .ocr_engine import Models, Reading
from .ocr_grid import Box
from .ocr_lines import print_marks

_GAP = 0.3  # the paper between the two copies of a doubled line, as a share of its height
_NONE = Reading("", 0.0, 0.0)


def padded(image: np.ndarray, paper: int) -> np.ndarray:
    """A line's grey image with a margin of paper, as the recogniser takes it (BGR)."""
    pad = max(4, image.shape[0] // 4)
    crop = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=paper)
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def doubled(image: np.ndarray, paper: int) -> np.ndarray:
    """The line twice, side by side, a gap of paper between: each copy is the other's context."""
    gap = np.full((image.shape[0], max(2, round(_GAP * image.shape[0]))), paper, dtype=np.uint8)
    return np.hstack([image, gap, image])


def once(reading: Reading) -> Reading:
    """The reading of a doubled line as the line's own: its first half when the two halves
    are one text, else nothing (the copies read differently: no reading)."""
    half, odd = divmod(len(reading.text), 2)
    if not half or odd or reading.text[:half] != reading.text[half:]:
        return _NONE
    return Reading(reading.text[:half], reading.confidence, reading.weakest)


def doubled_readings(
    gray: np.ndarray, cells: dict[tuple[int, int], list[tuple[Box, np.ndarray]]], paper: int, models: Models
) -> dict[tuple[int, int], list[tuple[Reading, Reading]]]:
    """Each cell's lines read doubled: per line, (open reading, value-alphabet reading) of one copy."""
    keys = [key for key, lines in cells.items() for _ in lines]
    images = [gray[b.y0 : b.y1, b.x0 : b.x1] for lines in cells.values() for b, _ in lines]
    crops = [padded(doubled(image, paper), paper) for image in images]
    out: dict[tuple[int, int], list[tuple[Reading, Reading]]] = {}
    for key, p in zip(keys, models.probabilities(crops) if crops else [], strict=True):
        out.setdefault(key, []).append((once(models.decode(p)), once(models.decode(p, values_only=True))))
    return out


def second_readings(
    gray: np.ndarray, cells: dict[tuple[int, int], list[tuple[Box, np.ndarray]]], paper: int, models: Models
) -> dict[tuple[int, int], list[Reading]]:
    """Value cells read again, three ways: from their marks of print alone (the paper around
    them, and specks inside a digit's loop, which no decimal point is, painted over), and
    from that image median-filtered twice as wide (a speck stuck to a digit's outline
    goes; strokes, wider, stay).  Each way one reading of the cell's lines, joined, decoded over the
    value alphabet."""
    keys = [key for key, lines in cells.items() for _ in lines]
    print_only = [_print_only(gray, line, line_ink, paper) for lines in cells.values() for line, line_ink in lines]
    out: dict[tuple[int, int], list[Reading]] = {}
    smoothed = [[cv2.medianBlur(image, k) for image in print_only] for k in (3, 5)]
    for images in (print_only, *smoothed):
        crops = [padded(image, paper) for image in images]
        readings: dict[tuple[int, int], list[Reading]] = {}
        for key, p in zip(keys, models.probabilities(crops) if crops else [], strict=True):
            readings.setdefault(key, []).append(models.decode(p, values_only=True))
        for key, rs in readings.items():
            joined = Reading("".join(x.text for x in rs), min(x.confidence for x in rs), min(x.weakest for x in rs))
            out.setdefault(key, []).append(joined)
    return out


def _print_only(gray: np.ndarray, line: Box, line_ink: np.ndarray, paper: int) -> np.ndarray:
    """One line's image with its print kept and the rest made paper."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(line_ink, connectivity=8)
    big = print_marks(stats)
    keep = big.copy()
    x, y, w, h = (stats[:, k] for k in range(4))
    for i in np.flatnonzero(~big)[1:]:
        inside = (
            (x[big] <= x[i]) & (x[i] + w[i] <= x[big] + w[big]) & (y[big] <= y[i]) & (y[i] + h[i] <= y[big] + h[big])
        )
        keep[i] = not inside.any()
    near = cv2.dilate(np.where(keep[labels], 255, 0).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return np.where(near, gray[line.y0 : line.y1, line.x0 : line.x1], paper).astype(np.uint8)
