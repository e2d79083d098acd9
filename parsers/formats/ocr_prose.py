"""The prose of a page image: text detection, then recognition of each detected line.

Detection runs on the page scaled so its shorter side is the detector's
default (736 px): enough for body text, and a fraction of the cost of a
full-resolution pass.  Boxes on one baseline are joined left to right.
"""

from __future__ import annotations

import cv2
import numpy as np

from .ocr_engine import Models

_SENTENCE_END = tuple("。！？；：:;!?")
_SIZE_STEP = 0.25  # two lines' heights differ by more than this share: two sizes of print
_MIN_LINE_CONFIDENCE = 0.5  # below this a "line" is a speck, a seal or a rule read as text


def _crop(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The upright crop of a detected quadrilateral (as the recogniser's BGR input)."""
    pts = quad.astype(np.float32)
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    w, h = max(w, 1), max(h, 1)
    target = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    crop = cv2.warpPerspective(
        gray, cv2.getPerspectiveTransform(pts, target), (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
    )
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def read_lines(gray: np.ndarray, engine: Models) -> list[tuple[int, str]]:
    """(top, text) of each paragraph of the page, top to bottom."""
    quads = [
        q
        for q in engine.detect(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
        if np.ptp(q[:, 1]) >= 8 and np.ptp(q[:, 0]) >= 8
    ]
    if not quads:
        return []
    readings = [engine.decode(p) for p in engine.probabilities([_crop(gray, q) for q in quads])]
    items = sorted(
        (
            (float(q[:, 1].min()), float(q[:, 1].max()), float(q[:, 0].min()), float(q[:, 0].max()), r.text)
            for q, r in zip(quads, readings, strict=True)
            if r.text.strip() and r.confidence >= _MIN_LINE_CONFIDENCE
        ),
        key=lambda t: t[0],
    )
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for item in items:
        top, bottom = item[0], item[1]
        if lines:
            last = lines[-1]
            l_top = min(i[0] for i in last)
            l_bottom = max(i[1] for i in last)
            overlap = min(bottom, l_bottom) - max(top, l_top)
            if overlap > 0.5 * min(bottom - top, l_bottom - l_top):
                last.append(item)
                continue
        lines.append([item])
    return _paragraphs([_line(parts) for parts in lines])


def _line(parts: list[tuple[float, float, float, float, str]]) -> tuple[float, float, float, float, str]:
    parts.sort(key=lambda i: i[2])
    return (
        min(i[0] for i in parts),
        max(i[1] for i in parts),
        parts[0][2],
        max(i[3] for i in parts),
        " ".join(i[4] for i in parts),
    )


def _paragraphs(lines: list[tuple[float, float, float, float, str]]) -> list[tuple[int, str]]:
    """Lines re-joined into paragraphs: a line that runs to the right margin continues on
    the next unindented one of the same size, and a wrapped title's last word or two join
    their line."""
    if not lines:
        return []
    left = min(line[2] for line in lines)
    right = max(line[3] for line in lines)
    out: list[tuple[int, str]] = []
    prev: tuple[float, float, float, float, str] | None = None
    for line in lines:
        top, bottom, x0, _, text = line
        height = bottom - top
        if (
            prev is not None
            and out
            and _one_size(prev, line)
            and not prev[4].rstrip().endswith(_SENTENCE_END)
            and top - prev[1] < height
        ):
            runs_on = prev[3] >= right - 2 * height and x0 <= left + 1.2 * height
            orphan = len(text.strip()) <= 3 and len(prev[4]) >= 15
            if runs_on or orphan:
                out[-1] = (out[-1][0], out[-1][1] + text)
                prev = line
                continue
        out.append((int(top), text))
        prev = line
    return out


def _one_size(a: tuple[float, float, float, float, str], b: tuple[float, float, float, float, str]) -> bool:
    """Two lines of one size of print: a paragraph's lines are, and a title's larger print
    ends where it ends, however near the right margin it runs."""
    ha, hb = a[1] - a[0], b[1] - b[0]
    return abs(ha - hb) <= _SIZE_STEP * max(ha, hb)
