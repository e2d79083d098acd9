"""The scanned renders the OCR is measured on (``docgen.scans``): a seal stamped where real
seals sit, and a phone photo's keystone.  No recognition model: fast."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from docgen.scans import Degradation, scanned_pages

CORPUS = Path(__file__).resolve().parent / "corpus" / "generated"
_PLAIN = dict(rotate=0.0, noise=False, paper=255, jpeg=0, blur=0.0)


def _pages(**kw) -> list[np.ndarray]:
    pdf = (CORPUS / "s001_seed.pdf").read_bytes()
    return [np.asarray(p.convert("RGB")).astype(int) for p in scanned_pages(pdf, Degradation(**{**_PLAIN, **kw}))]


def test_a_seal_at_the_end_is_stamped_once_over_the_signature() -> None:
    plain = _pages(seal=None)
    stamped = _pages(seal="red", seal_at="end", uneven=True)
    # the pages before the last are untouched
    assert all((a == b).all() for a, b in zip(plain[:-1], stamped[:-1], strict=True))
    changed = np.argwhere((plain[-1] != stamped[-1]).any(axis=2))
    (top, left), (bottom, right) = changed.min(axis=0), changed.max(axis=0)
    h, w = plain[-1].shape[:2]
    # one seal's size (a fifth of the page's width), right of the middle
    assert 0.15 * w <= right - left <= 0.3 * w and left > 0.45 * w
    # over the signature: the lowest print right of the middle (the date) is under it
    dark = np.argwhere(plain[-1][: int(h * 0.93), int(w * 0.55) :].max(axis=2) < 128)
    date_line = dark[:, 0].max()
    assert top < date_line < bottom


def test_a_photographed_page_is_keystoned() -> None:
    plain, photo = _pages(seal=None)[0], _pages(seal=None, warp=0.012)[0]
    assert plain.shape == photo.shape and not (plain == photo).all()

    # the corners moved: the page's first print row is no longer where it was on both sides
    def first_row(page: np.ndarray, side: slice) -> int:
        return int(np.argwhere(page[:, side].max(axis=2) < 128)[:, 0].min())

    w = plain.shape[1]
    left, right = slice(0, w // 2), slice(w // 2, w)
    assert (first_row(photo, left), first_row(photo, right)) != (first_row(plain, left), first_row(plain, right))
