"""Read the cells of a ruled table in a page image: one recognition pass per text line.

A cell is one or a few short lines, so no text detection is needed and no
cell is skipped: the lines are cut by the ink's horizontal profile and each
goes to the recogniser alone.  A cell whose open reading is only what a
value can hold (digits, sign, 增/减, the null markers, and the look-alikes
of a lone 0) is a value cell and is decoded over the value alphabet; any
other cell is a label and keeps the open reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from .ocr_engine import VALUE_CHARS, Models, Reading
from .ocr_grid import Box, GridTable, ink_mask

# what the open decoding makes of a value cell's characters: a lone 0 read as 。 or o
_VALUE_LOOKALIKES = set(VALUE_CHARS) | set("。oO〇○°·、，-_—一|lI()（）%")
_MIN_INK = 12  # fewer dark pixels than a decimal point's worth of print: an empty cell
_GAP = 2


@dataclass
class CellReading:
    text: str
    confidence: float  # the weakest character's probability (1.0 for an empty cell)
    is_value: bool


def _clean_ink(ink: np.ndarray) -> np.ndarray:
    """Ink without specks: connected marks smaller than a few pixels are scanner noise."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= 5
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def line_boxes(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The text lines of a cell crop's ink: (x0, y0, x1, y1) each, top to bottom."""
    rows = np.flatnonzero(ink.sum(axis=1) > 0)
    if rows.size == 0:
        return []
    out: list[tuple[int, int, int, int]] = []
    start = prev = int(rows[0])
    for r in [*rows[1:].tolist(), None]:
        if r is not None and r - prev <= _GAP:
            prev = r
            continue
        band = ink[start:prev + 1]
        cols = np.flatnonzero(band.sum(axis=0) > 0)
        if band.sum() // 255 >= _MIN_INK and prev - start >= 3:
            out.append((int(cols[0]), start, int(cols[-1]) + 1, prev + 1))
        if r is not None:
            start = prev = r
    return out


def _crop(gray: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    """A line crop with a margin, as the recogniser's BGR input."""
    h = y1 - y0
    pad = max(4, h // 4)
    crop = gray[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad]
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def _is_value(reading: Reading) -> bool:
    text = reading.text.replace(" ", "")
    return bool(text) and all(c in _VALUE_LOOKALIKES for c in text) and len(text) <= 14


def read_table(gray: np.ndarray, table: GridTable, models: Models) -> list[list[CellReading]]:
    """The table's rows of cell readings, in the shape of ``table.rows``."""
    ink = _clean_ink(ink_mask(gray))
    jobs: list[tuple[int, int, np.ndarray]] = []  # (row, cell, line crop)
    shapes: list[list[int]] = []
    for r, row in enumerate(table.rows):
        shapes.append([])
        for c, box in enumerate(row):
            inner = _inner(box)
            lines = line_boxes(ink[inner.y0:inner.y1, inner.x0:inner.x1])
            shapes[r].append(len(lines))
            for x0, y0, x1, y1 in lines:
                jobs.append((r, c, _crop(gray, inner.x0 + x0, inner.y0 + y0, inner.x0 + x1, inner.y0 + y1)))
    probs = models.probabilities([j[2] for j in jobs]) if jobs else []
    per_cell: dict[tuple[int, int], list[np.ndarray]] = {}
    for (r, c, _), p in zip(jobs, probs, strict=True):
        per_cell.setdefault((r, c), []).append(p)
    out: list[list[CellReading]] = []
    for r, row in enumerate(table.rows):
        out.append([])
        for c in range(len(row)):
            lines = per_cell.get((r, c), [])
            out[r].append(_read_cell(lines, models) if lines else CellReading("", 1.0, False))
    return out


def _read_cell(lines: list[np.ndarray], models: Models) -> CellReading:
    open_readings = [models.decode(p) for p in lines]
    if len(lines) <= 2 and all(_is_value(x) for x in open_readings):
        values = [models.decode(p, values_only=True) for p in lines]
        text = "".join(v.text for v in values)
        return CellReading(text, min(v.weakest for v in values) if text else 0.0, True)
    text = "\n".join(x.text for x in open_readings if x.text)
    return CellReading(text, min(x.confidence for x in open_readings), False)


def _inner(box: Box) -> Box:
    """The cell inside its rules: the rules' own pixels and their blur stay out."""
    m = 3
    return Box(box.x0 + m, box.y0 + m, max(box.x0 + m + 1, box.x1 - m), max(box.y0 + m + 1, box.y1 - m))


_WS = re.compile(r"\s+")
