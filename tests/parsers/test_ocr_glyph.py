"""A lone 0 known by its shape: one closed ring with a tall centred hole, which no other
character of a value cell has (``parsers.formats.ocr_glyph``)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from parsers.formats.ocr_glyph import is_zero_ring

# the typefaces of real reports' tables: a Song (serif) and a Hei (sans), regular and bold
_FONTS = [
    f
    for f in (
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    )
    if Path(f).exists()
]


def _line_ink(text: str, font: str, size: int) -> np.ndarray:
    """The ink mask (255 on 0) of ``text`` printed at ``size`` px, cut to its line as the reader cuts it."""
    img = Image.new("L", (size * (len(text) + 2), size * 2), 255)
    ImageDraw.Draw(img).text((size // 2, size // 2), text, font=ImageFont.truetype(font, size), fill=0)
    ink = np.where(np.asarray(img) < 128, 255, 0).astype(np.uint8)
    ys, xs = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return ink[ys[0] : ys[-1] + 1, xs[0] : xs[-1] + 1]


def test_the_fonts_of_real_reports_are_here() -> None:
    assert len(_FONTS) >= 3


@pytest.mark.parametrize("font", _FONTS, ids=[Path(f).stem for f in _FONTS])
@pytest.mark.parametrize("size", [20, 28, 40])
def test_only_a_zero_is_a_zero_ring(font: str, size: int) -> None:
    assert is_zero_ring(_line_ink("0", font, size))
    for text in ["6", "8", "9", "1", "-", "/", "—", "00", "10", "60", "0.5", "o0"]:
        assert not is_zero_ring(_line_ink(text, font, size)), text


def test_a_ring_the_scan_broke_proves_nothing() -> None:
    font = _FONTS[0]
    zero = _line_ink("0", font, 28)
    broken = zero.copy()
    broken[: zero.shape[0] // 4, zero.shape[1] // 2 - 2 : zero.shape[1] // 2 + 3] = 0  # a gap at its top
    assert not is_zero_ring(broken)
    # a speck beside it is speckle, not a second mark; a speck in its hole makes no second hole
    specked = cv2.copyMakeBorder(zero, 0, 0, 0, 6, cv2.BORDER_CONSTANT, value=0)
    specked[2:4, -3:-1] = 255
    assert is_zero_ring(specked)
