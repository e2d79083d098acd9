"""Which way up a page image is: turned a quarter, upside down, or upright.

A scanner is fed a landscape page (a wide table 3) sideways, and a stack of
sheets now and then upside down; a phone photo of a landscape page comes out
portrait.  Every later step (rules, rows, the recogniser) assumes text lines
run left to right, so the page is turned upright first:

* a quarter turn shows in the ink: with the ruling lines taken out, the text
  smeared along its lines gives long thin runs one way only (across for an
  upright page, down for a turned one); characters within a line stand
  closer together than lines do, in every font;
* upside down shows only to a reader: the longest text lines are cut out and
  given to PP-OCR's text-direction classifier (0° / 180°, shipped in the
  same rapidocr wheel), and the page is turned when they agree it is upside
  down.

Both cost about 50 ms a page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import cv2
import numpy as np

from .ocr_grid import closed, ink_mask, opened

_SMEAR = 7  # pixels at half scale: bridges the gaps between characters, not between lines
_RULE = 30  # pixels at half scale: a run this long and one pixel thin is a ruling line
_LINE_ASPECT = 5  # a text line's run is at least this many times longer than thick
_QUARTER = 2.0  # runs one way must outweigh the other this many times to turn the page
_MIN_RUN = 200  # pixels at half scale of line runs: less is a page with (almost) no text
_LINES = 12  # the longest text lines the direction classifier reads
_MIN_LINES = 5
_UPSIDE_DOWN = 0.5  # the lines' mean vote (+1 all surely upside down, -1 all surely upright)


def upright(gray: np.ndarray) -> tuple[np.ndarray, int]:
    """The page turned so its text reads left to right, top to bottom, and the turn
    applied (degrees clockwise: 0, 90, 180 or 270)."""
    turn = 0
    across, down = _line_runs(gray)
    if max(across, down) < _MIN_RUN:
        return gray, 0  # a blank page, a separator sheet, a seal alone: nothing says which way is up
    if down > _QUARTER * across:
        gray, turn = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE), 90
    if _upside_down(gray):
        gray, turn = cv2.rotate(gray, cv2.ROTATE_180), (turn + 180) % 360
    return gray, turn


def _text_ink(gray: np.ndarray) -> np.ndarray:
    """The page's ink at half scale without its ruling lines: the text."""
    small = cv2.resize(ink_mask(gray), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    small = np.where(small > 100, 255, 0).astype(np.uint8)
    rules = opened(small, (_RULE, 1)) | opened(small, (1, _RULE))
    return cv2.subtract(small, cv2.dilate(rules, np.ones((3, 3), np.uint8)))


def _runs(text: np.ndarray, along: int) -> np.ndarray:
    """The boxes (x, y, w, h) of the text smeared along axis ``along`` (1: across, 0: down)
    that are shaped like a line of text that way."""
    size = (_SMEAR, 1) if along == 1 else (1, _SMEAR)
    _, _, stats, _ = cv2.connectedComponentsWithStats(closed(text, size))
    boxes = stats[1:, :4]
    length, thickness = (boxes[:, 2], boxes[:, 3]) if along == 1 else (boxes[:, 3], boxes[:, 2])
    line = (length >= _LINE_ASPECT * thickness) & (thickness >= 4) & (thickness <= 30) & (length >= 25)
    return boxes[line]


def _line_runs(gray: np.ndarray) -> tuple[int, int]:
    """How much of the page's text runs in lines across and down (pixels at half scale)."""
    text = _text_ink(gray)
    return int(_runs(text, 1)[:, 2].sum()), int(_runs(text, 0)[:, 3].sum())


def _upside_down(gray: np.ndarray) -> bool:
    boxes = _runs(_text_ink(gray), 1)
    if len(boxes) < _MIN_LINES:
        return False
    crops = []
    for x, y, w, h in boxes[np.argsort(-boxes[:, 2])][:_LINES] * 2:
        pad = max(3, h // 4)
        crop = gray[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad]
        crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    _, verdicts, _ = _classifier()(crops)
    votes = [score if "180" in label else -score for label, score in verdicts]
    return float(np.mean(votes)) >= _UPSIDE_DOWN


@cache
def _classifier():
    """PP-OCR's text-direction classifier (0° / 180°), from the rapidocr wheel, one thread."""
    import rapidocr_onnxruntime
    import yaml
    from rapidocr_onnxruntime.ch_ppocr_cls import TextClassifier

    from .ocr_engine import ONNX_THREADS

    root = Path(rapidocr_onnxruntime.__file__).parent
    config = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))["Cls"]
    config["model_path"] = str(root / config["model_path"])
    config["intra_op_num_threads"] = ONNX_THREADS
    config["inter_op_num_threads"] = ONNX_THREADS
    return TextClassifier(config)
