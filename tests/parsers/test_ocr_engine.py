"""The recogniser's batches (``parsers.formats.ocr_engine``): a line is read the same
whatever lines it is read beside."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from parsers.formats.ocr_engine import _batches, models
from parsers.formats.ocr_rereads import padded

_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def _line(text: str) -> np.ndarray:
    """``text`` printed as a table's line: 18 px digits, cut to its ink."""
    font = ImageFont.truetype(_FONT, 24)
    img = Image.new("L", (40 + int(font.getlength(text)), 40), 255)
    ImageDraw.Draw(img).text((20, 4), text, font=font, fill=0)
    gray = np.array(img)
    ys, xs = np.nonzero(gray < 128)
    return gray[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def test_crops_are_batched_with_crops_of_like_width() -> None:
    ratios = [0.7, 20.0, 1.0, 1.4, 1.6, 2.1, 19.0, 3.0]
    batches = _batches(ratios, 8)
    assert sorted(i for b in batches for i in b) == list(range(len(ratios)))
    for b in batches:
        widths = [max(1.5, ratios[i]) for i in b]
        assert max(widths) <= 1.25 * min(widths), [ratios[i] for i in b]
    assert all(len(b) <= 3 for b in _batches([1.0] * 7, 3))


def test_a_lone_zero_reads_the_same_beside_a_long_label() -> None:
    # padded with paper to a long label's width, a lone 0 read as "." at 0.06
    engine = models()
    zero, label = padded(_line("0"), 255), padded(_line("其他对外管理服务事项（不含行政许可）"), 255)
    (alone,) = engine.probabilities([zero])
    beside, _ = engine.probabilities([zero, label])
    for probs in (alone, beside):
        reading = engine.decode(probs, values_only=True)
        assert reading.text == "0" and reading.weakest >= 0.9, reading
    assert cv2.absdiff(alone, beside).max() < 1e-3
