"""Doubtful value cells read again (``parsers.formats.ocr_rereads``): a line read doubled
counts only as one text twice over, and a lone digit the recogniser misses alone is read
with itself as context, through the same checks as any value."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from parsers.formats.ocr_engine import Reading, models
from parsers.formats.ocr_grid import Box
from parsers.formats.ocr_rereads import doubled, doubled_readings, once, padded

LINES = Path(__file__).resolve().parent / "files" / "ocr_lines"


@pytest.mark.parametrize(
    ("read", "kept"),
    [("00", "0"), ("-3-3", "-3"), ("1515", "15"), ("000", ""), ("0102", ""), ("", ""), ("0", "")],
)
def test_a_doubled_line_counts_only_as_one_text_twice_over(read: str, kept: str) -> None:
    assert once(Reading(read, 0.95, 0.9)).text == kept


def test_a_doubled_line_is_the_line_twice_with_paper_between() -> None:
    line = np.zeros((20, 10), np.uint8)
    twice = doubled(line, 255)
    assert twice.shape == (20, 26)
    assert (twice[:, :10] == 0).all() and (twice[:, 10:16] == 255).all() and (twice[:, 16:] == 0).all()


@pytest.mark.parametrize("name", ["lone_zero_bw_a.png", "lone_zero_bw_b.png"])
def test_a_lone_zero_the_recogniser_misses_alone_is_read_doubled(name: str) -> None:
    # a clean 0 of a black-and-white scan: shown alone the model reads nothing (the cell
    # was null, "nothing_read"); shown twice over it reads 00, surely
    line = cv2.imread(str(LINES / name), cv2.IMREAD_GRAYSCALE)
    engine = models()
    (alone,) = engine.probabilities([padded(line, 255)])
    assert engine.decode(alone, values_only=True).text == ""
    h, w = line.shape
    readings = doubled_readings(line, {(0, 1): [(Box(0, 0, w, h), line < 128)]}, 255, engine)
    ((open_reading, value),) = readings[(0, 1)]
    assert (open_reading.text, value.text) == ("0", "0")
    assert value.weakest >= 0.9
