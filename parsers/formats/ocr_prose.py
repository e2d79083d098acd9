"""The prose of a page image: text detection, then recognition of each detected line.

Detection runs on the page scaled so its shorter side is the detector's
default (736 px): enough for body text, and a fraction of the cost of a
full-resolution pass.  Boxes on one baseline are joined left to right.
"""

from __future__ import annotations

import cv2
import numpy as np

from .ocr_engine import Models

_MIN_LINE_CONFIDENCE = 0.5  # below this a "line" is a speck, a seal or a rule read as text


def _crop(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The upright crop of a detected quadrilateral (as the recogniser's BGR input)."""
    pts = quad.astype(np.float32)
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    w, h = max(w, 1), max(h, 1)
    target = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    crop = cv2.warpPerspective(gray, cv2.getPerspectiveTransform(pts, target), (w, h),
                               borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def read_lines(gray: np.ndarray, engine: Models) -> list[tuple[int, str]]:
    """(top, text) of each text line of the page, top to bottom."""
    quads = [q for q in engine.detect(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
             if np.ptp(q[:, 1]) >= 8 and np.ptp(q[:, 0]) >= 8]
    if not quads:
        return []
    readings = [engine.decode(p) for p in engine.probabilities([_crop(gray, q) for q in quads])]
    items = sorted(((float(q[:, 1].min()), float(q[:, 1].max()), float(q[:, 0].min()), r.text)
                    for q, r in zip(quads, readings, strict=True)
                    if r.text.strip() and r.confidence >= _MIN_LINE_CONFIDENCE), key=lambda t: t[0])
    lines: list[list[tuple[float, float, float, str]]] = []
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
    out: list[tuple[int, str]] = []
    for line in lines:
        line.sort(key=lambda i: i[2])
        out.append((int(min(i[0] for i in line)), " ".join(i[3] for i in line)))
    return out
