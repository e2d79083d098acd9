"""A page image's one channel for OCR: print dark, paper and a red seal's ink light.

A colour scan keeps its red channel, where a red seal is almost white and black print
stays black, and there the seal's remaining tint is divided out.
"""

from __future__ import annotations

import numpy as np

_SEAL_RED = 120  # levels by which a seal's bare ink is redder than green or blue (print: about 0)
_FULL = 0.5  # of the bare ink's redness: all seal ink (JPEG keeps colour at half the resolution)
_SEAL_PIXELS = 500  # of its bare ink at least: a seal, not a red link or a coloured speck


def grey(image: np.ndarray) -> np.ndarray:
    """One channel for OCR: a grey page as it is, a colour page's red channel with the
    seal's tint divided out."""
    if image.ndim == 2:
        return image
    if image.shape[2] < 3:
        return image[:, :, 0]
    red = image[:, :, 2]  # OpenCV order: BGR
    # a red seal's ink multiplies the paper and the print under it: in the red channel by
    # the seal's own red (about 0.86), in green and blue by far more.  A pixel's redness over
    # green and blue, beside the seal's bare ink's, says how much of it the seal covers (its
    # strokes' edges, blurred and JPEG'd, in part); its red is divided by that share of the
    # seal's red.  The seal's tint becomes paper (JPEG had darkened its thin strokes into
    # ink), and print under it keeps its tone (dark in all three: its share is small)
    chroma = red.astype(np.float32) - np.maximum(image[:, :, 0], image[:, :, 1])
    bare = chroma >= _SEAL_RED
    if np.count_nonzero(bare) < _SEAL_PIXELS:
        return red
    paper = float(np.percentile(red, 90))
    tint = min(1.0, float(np.median(red[bare])) / max(paper, 1.0))
    share = np.clip(chroma / (_FULL * float(np.median(chroma[bare]))), 0.0, 1.0)
    out = red / (1.0 - share * (1.0 - tint))
    return np.clip(out, 0, 255).astype(np.uint8)
