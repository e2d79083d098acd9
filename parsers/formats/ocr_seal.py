"""Official seals over a page image: found by their shape, taken off before the grid is cut.

A seal (公章) is a ring about 4 cm across with the agency's name along it and a star
in the middle, stamped at the end of a report over the date and the agency, and often
over the last rows of a table.  Its colour is no help in a greyscale scan or a
photocopy, where the red ring is a dark grey one; its shape is.  The ring is found by
Hough circles on a reduced page and kept only where ink runs all round it (a circle
through a table meets its rules at points, a ring is ink all the way), or a faint tint:
a red seal in a colour scan's red channel is under the ink threshold.

What is taken off: the ring's pixels (rules that cross it are restored where they run
straight through), and the marks inside it that are as pale as the ring's ink (its
characters, their crumbs, and its star) when the ring is clearly paler than print.
Print under the seal stays.  A ring clearly paler than print goes only in its own tone,
so print it crossed, the darker, keeps its pixels.  A ring as dark as print goes whole;
where it crossed print, the print lost pixels: the ``scar`` mask says where, so a value
there is not read (null, never a guess).  A tint ring is no ink and stays; only its
characters go.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .ocr_grid import closed, ink_mask, opened

_REDUCE = 0.25  # circles are looked for at a quarter of the page's size: fast, and the ring still a ring
_RADII = (0.07, 0.13)  # a seal's radius as a share of the page's width (4–4.5 cm on a 21 cm page: ~0.1)
_MIN_COVER = 0.6  # the share of the circle that must be ink for a ring
_FAINT = 12  # grey levels under the local mean of the faint marks a tinted ring is found in
_PALER = 40  # grey levels by which the ring's ink must be paler than print to take off its characters


@dataclass(frozen=True)
class Seal:
    cx: float
    cy: float
    inner: float  # the ring's inner and outer radius, pixels
    outer: float


def find_seals(ink: np.ndarray) -> list[Seal]:
    """The rings of seals in a page's ink mask (its tints aside)."""
    return [seal for seal, _ in _rings(ink, ink)]


def _rings(ink: np.ndarray, faint: np.ndarray) -> list[tuple[Seal, bool]]:
    """The rings of seals on a page, each with whether it is ink (else a tint, a ring in
    the ``faint`` marks alone): the circles are looked for once, in the faint marks."""
    w = ink.shape[1] * _REDUCE
    circles = cv2.HoughCircles(
        _curves(faint),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=w * _RADII[0] * 2,
        param1=80,
        param2=20,
        minRadius=int(w * _RADII[0]),
        maxRadius=int(w * _RADII[1]),
    )
    seals: list[tuple[Seal, bool]] = []
    # the circle found on the reduced page is a few pixels off the ring: looked for in the
    # ink widened by as much, then fitted to the ink itself
    wide = cv2.dilate(ink, np.ones((9, 9), np.uint8))
    wide_faint = wide if faint is ink else cv2.dilate(faint, np.ones((9, 9), np.uint8))
    for cx, cy, r in [] if circles is None else circles[0][:16] / _REDUCE:
        ring, inked = _ring(ink, wide, float(cx), float(cy), float(r)), True
        if ring is None and faint is not ink:
            ring, inked = _ring(faint, wide_faint, float(cx), float(cy), float(r)), False
        if ring and not any(_overlap(ring, s) for s, _ in seals):
            seals.append((ring, inked))
    return seals


def _curves(ink: np.ndarray) -> np.ndarray:
    """The page's ink without its straight rules, reduced and smoothed: what Hough circles
    look in (a table's rules would outvote a ring)."""
    straight = cv2.bitwise_or(
        opened(ink, (40, 1)),
        opened(ink, (1, 40)),
    )
    curves = cv2.subtract(ink, straight)
    small = cv2.resize(curves, None, fx=_REDUCE, fy=_REDUCE, interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(255 - small, (5, 5), 1.5)


def _cover(ink: np.ndarray, cx: float, cy: float, r: float) -> float:
    theta = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    xs = (cx + r * np.cos(theta)).astype(int)
    ys = (cy + r * np.sin(theta)).astype(int)
    inside = (xs >= 0) & (ys >= 0) & (xs < ink.shape[1]) & (ys < ink.shape[0])
    if inside.mean() < 0.9:
        return 0.0  # a seal is on the page, not cut by its edge
    return float((ink[ys[inside], xs[inside]] > 0).mean())


def _ring(ink: np.ndarray, wide: np.ndarray, cx: float, cy: float, r: float) -> Seal | None:
    """The ring near the circle (cx, cy, r): the radii around it where ink runs all round;
    ``None`` when there is none (the circle was text and rules)."""
    radii = np.arange(max(4.0, r - 14), r + 14.5, 2.0)
    cover = np.array([_cover(wide, cx, cy, rr) for rr in radii])
    if cover.max() < _MIN_COVER:
        return None
    cx, cy, r = _fitted(ink, cx, cy, float(radii[cover.argmax()]))
    radii = np.arange(max(4.0, r - 10), r + 10.5, 1.0)
    cover = np.array([_cover(ink, cx, cy, rr) for rr in radii])
    if cover.max() < _MIN_COVER:
        return None
    ring = radii[cover >= 0.5 * (cover.max() + 0.3)]  # the ring's own radii, not what touches it
    return Seal(cx, cy, float(ring.min()), float(ring.max()))


def _fitted(ink: np.ndarray, cx: float, cy: float, r: float) -> tuple[float, float, float]:
    """The circle near (cx, cy, r) that runs on ink the most: the circle found on the
    reduced page can be a dozen pixels off, the ring is a few pixels wide, and the rules
    and print around it outvote it in a least-squares fit.  A coarse search, then a fine
    one on three circles 2 px apart, which centres the circle in the ring's width."""
    theta = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    for reach, step, band in ((16, 2, (0.0,)), (3, 1, (-2.0, 0.0, 2.0))):
        offsets = np.arange(-reach, reach + 1, step, dtype=np.float64)
        dx, dy, dr = np.meshgrid(offsets, offsets, offsets, indexing="ij")
        cover = np.zeros(dx.shape)
        for b in band:
            radius = (r + dr + b)[..., None]
            xs = np.rint(cx + dx[..., None] + radius * np.cos(theta)).astype(int).clip(0, ink.shape[1] - 1)
            ys = np.rint(cy + dy[..., None] + radius * np.sin(theta)).astype(int).clip(0, ink.shape[0] - 1)
            cover += (ink[ys, xs] > 0).mean(axis=-1)
        best = np.unravel_index(int(cover.argmax()), cover.shape)
        cx, cy, r = float(cx + dx[best]), float(cy + dy[best]), float(r + dr[best])
    return cx, cy, r


def _overlap(a: Seal, b: Seal) -> bool:
    return float(np.hypot(a.cx - b.cx, a.cy - b.cy)) < max(a.outer, b.outer)


def _distance(shape: tuple[int, ...], seal: Seal) -> np.ndarray:
    yy, xx = np.mgrid[0 : shape[0], 0 : shape[1]]
    return np.hypot(xx - seal.cx, yy - seal.cy)


def unseal(gray: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page and its ink with the seals' rings (and their pale marks) taken off, and the
    scar: the print pixels next to where the ring was taken off (uint8 masks).  A seal
    found only in the faint marks keeps its ring, and loses its characters."""
    scar = np.zeros_like(ink)
    # a red seal in a colour scan's red channel is a tint the ink threshold leaves out,
    # but its thin characters, darkened by JPEG, pass as ink: its ring is found in the
    # faint marks
    faint = cv2.bitwise_or(ink, ink_mask(gray, _FAINT))
    for seal, inked in _rings(ink, faint):
        if inked:
            gray, ink, cut = _take_off(gray, ink, seal)
        else:
            gray, ink, cut = _characters_off(gray, ink, faint, seal)
        scar |= cut
    return gray, ink, scar


def _window(shape: tuple[int, ...], seal: Seal) -> tuple[slice, slice, np.ndarray]:
    """The page's rows and columns around a seal, with room for the rules that cross it
    to be seen outside it, and each pixel's distance from the seal's centre in them."""
    pad = int(seal.outer * 1.6)
    y0, x0 = max(0, int(seal.cy) - pad), max(0, int(seal.cx) - pad)
    y1, x1 = min(shape[0], int(seal.cy) + pad + 1), min(shape[1], int(seal.cx) + pad + 1)
    d = _distance((y1 - y0, x1 - x0), Seal(seal.cx - x0, seal.cy - y0, seal.inner, seal.outer))
    return slice(y0, y1), slice(x0, x1), d


def _pasted(
    gray: np.ndarray,
    ink: np.ndarray,
    window: tuple[slice, slice],
    g: np.ndarray,
    k: np.ndarray,
    off: np.ndarray,
    near: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page, its ink and the scar with a seal's window replaced: what is ``off`` in it
    painted as paper, the print left ``near`` it the scar."""
    k[off] = 0
    g[cv2.dilate(off.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = int(np.median(gray))
    out_gray, out_ink, scar = gray.copy(), ink.copy(), np.zeros_like(ink)
    out_gray[window], out_ink[window] = g, k
    scar[window] = np.where(near & (k > 0), 255, 0).astype(np.uint8)
    return out_gray, out_ink, scar


def _take_off(gray: np.ndarray, ink: np.ndarray, seal: Seal) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One seal off the page: the ring's ink and the pale marks inside it become paper."""
    rows, columns, d = _window(ink.shape, seal)
    g, k = gray[rows, columns].copy(), ink[rows, columns].copy()
    band = (d >= seal.inner - 3) & (d <= seal.outer + 3)
    width = seal.outer - seal.inner + 6
    # a straight line stays in the band for 2 widths at most when it crosses it steeply, for
    # up to 2·√(2·r·width) when it is tangent to the ring
    lengths = int(2 * width), int(2 * np.sqrt(2 * seal.outer * width)) + 12
    rules = np.zeros(k.shape, dtype=bool)
    for vertical, run in zip((True, False), _rules_through(k, d > seal.outer + 8), strict=True):
        rules |= _off_the_ring(run, band, vertical, *lengths)
    ring = (k > 0) & band & ~rules
    ring_level = float(np.percentile(g[ring], 25)) if ring.any() else 0.0
    print_level = _print_level(gray, ink)
    pale = ring_level - print_level >= _PALER
    if pale:
        # a ring clearly paler than print: where it crosses print, the print is the darker
        # (ink over ink) and stays whole; only the ring's own tone (a quarter of the way
        # to print's) goes, so no value it crossed is lost to a scar
        ring &= g >= ring_level - (ring_level - print_level) / 4
    k[ring] = 0
    crossing = _bridged(k, ring)
    ring &= ~crossing
    k[crossing] = 255
    rules |= _rule_pieces(k, rules)
    whole, parts = _pale_marks(g, np.where(rules, 0, k), d < seal.inner - 2, ring_level, print_level)
    # the ring's darker spots (a hand stamp's uneven ink), left on it alone
    left = _left_on(np.where(rules, 0, k), band) if pale else np.zeros_like(ring)
    off = ring | whole | parts | left
    # print a dark ring crossed lost pixels, and so may print a seal's mark touched; print
    # a mark was cut from may have lost a pale piece of itself with it: its value is not read
    near = cv2.dilate((whole if pale else ring | whole).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    near |= cv2.dilate(parts.astype(np.uint8), np.ones((15, 15), np.uint8)) > 0
    # a spot left on the ring may have been a minus or a point by its digit
    near |= cv2.dilate(left.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    return _pasted(gray, ink, (rows, columns), g, k, off, near & ~rules)


def _left_on(ink: np.ndarray, band: np.ndarray) -> np.ndarray:
    """The marks wholly on the ring's band: what is left of the ring.  Print the ring
    crosses runs on beyond it; a minus or a point within it goes too, with a scar."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    left = np.zeros(count, dtype=bool)
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        left[i] = bool(band[y : y + h, x : x + w][labels[y : y + h, x : x + w] == i].all())
    return left[labels]


def _characters_off(
    gray: np.ndarray, ink: np.ndarray, faint: np.ndarray, seal: Seal
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A seal whose ring is too pale to be ink: its ring is left (what of it passes as
    ink is a few dark pixels that print crosses), and only its marks wholly inside the
    ring and as pale as it become paper.  Pieces of marks with print in them stay: no
    print loses a pixel, no value is lost to a scar."""
    rows, columns, d = _window(ink.shape, seal)
    g, k = gray[rows, columns].copy(), ink[rows, columns].copy()
    ring = (faint[rows, columns] > 0) & (d >= seal.inner - 3) & (d <= seal.outer + 3)
    ring_level = float(np.percentile(g[ring], 25)) if ring.any() else 0.0
    whole, _ = _pale_marks(g, k, d < seal.inner - 2, ring_level, _print_level(gray, ink))
    near = cv2.dilate(whole.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return _pasted(gray, ink, (rows, columns), g, k, whole, near)


def _rules_through(ink: np.ndarray, outside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The straight runs of ink under a seal that continue a rule outside it, on the lines
    (rows or columns of pixels) that rule holds outside: the column rules, then the row
    rules.  Rules are straight and run on beyond the seal; the side of its ring, its
    star's edge or the stroke of a character is straight for a stretch too, but stays
    within the seal (or, where the ring runs along a rule, leaves the rule's line)."""
    found: list[np.ndarray] = []
    for kernel, bridge, axis in (((1, 25), (1, 3), 0), ((40, 1), (15, 1), 1)):
        run = opened(ink, kernel)
        run = closed(run, bridge)
        count, labels = cv2.connectedComponents(run, connectivity=8)
        beyond = outside & (run > 0)
        # a rule runs on outside for at least a kernel's length (the ring's blurred edge does not)
        continues = np.bincount(labels[beyond], minlength=count) >= max(kernel)
        continues[0] = False
        on_line = np.convolve(beyond.sum(axis=axis) >= 10, np.ones(5), mode="same") > 0  # a rule 2 px off straight
        lines = on_line[np.newaxis, :] if axis == 0 else on_line[:, np.newaxis]
        found.append(continues[labels] & (ink > 0) & lines)
    return found[0], found[1]


def _off_the_ring(rules: np.ndarray, band: np.ndarray, vertical: bool, length: int, tangent: int) -> np.ndarray:
    """Rules of one direction without the stretches that run along the ring rather than
    across it: where the ring's side is tangent to a rule, the two are one straight run,
    and the ring's side would lengthen the rule past its end.  A rule crosses the band in
    a few pixels, the ring's side stays in it much longer.  A stretch with the rule on
    both of its ends, on the same line, is the rule itself (rules are straight), and stays."""
    along_kernel, span = ((1, length), (1, tangent)) if vertical else ((length, 1), (tangent, 1))
    on_band = (rules & band).astype(np.uint8)
    along = opened(on_band, along_kernel) > 0
    rest = np.where(rules & ~along, 255, 0).astype(np.uint8)
    spanned = closed(rest, span) > 0
    return rules & ~(along & ~spanned)


def _rule_pieces(ink: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """The short rules under a seal: straight runs that meet the seal's crossing rules in
    two places (the column rules of the last rows of a table, under the seal from end to
    end; a seal's character may touch one end).  A thin rule can be as pale as the seal's
    ink, so it must be known as a rule before the seal's pale marks are taken off."""
    reach = cv2.dilate(rules.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    kept = np.zeros(ink.shape, dtype=bool)
    for kernel, axis in (((1, 15), 1), ((30, 1), 0)):
        run = opened(ink, kernel)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(run, connectivity=8)
        for i in range(1, count):
            x, y, w, h, _ = stats[i]
            piece = labels[y : y + h, x : x + w] == i
            meets = np.flatnonzero((piece & reach[y : y + h, x : x + w]).any(axis=axis))
            # it meets rules at its two ends, not all along (a star's body sitting on a rule)
            if meets.size and meets[-1] - meets[0] >= 15 and meets.size < 0.5 * (h if axis == 1 else w):
                kept[y : y + h, x : x + w] |= piece
    return kept & (ink > 0)


def _bridged(ink: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """The ring's pixels where a straight run of ink stops at the ring and goes on past it
    on the same line: a rule (or a stroke) the ring crosses, put back.  The short column
    rules of a table's last rows are under the seal from end to end, so whether they
    continue outside it says nothing; that they go on across the ring does."""
    restored = np.zeros(ink.shape, dtype=bool)
    for kernel in ((1, 6), (15, 1)):
        run = opened(ink, kernel)
        span = (1, 25) if kernel[0] == 1 else (25, 1)
        bridged = closed(run, span)
        restored |= (bridged > 0) & taken
    return restored


def _print_level(gray: np.ndarray, ink: np.ndarray) -> float:
    """How dark the page's print is at its core (its edges are any grey, blurred into the paper)."""
    values = gray[ink > 0]
    return float(np.percentile(values, 10)) if values.size else 0.0


def _pale_marks(
    gray: np.ndarray, ink: np.ndarray, inside: np.ndarray, ring_level: float, print_level: float
) -> tuple[np.ndarray, np.ndarray]:
    """The seal's characters and star: the pixels of the marks wholly inside the ring that
    are no darker than the seal's ink and away from any that are (print under the seal is
    darker, ink over ink; a digit the star covers makes one mark with it, and keeps its
    own pixels).  A small mark only away from print and not flat (a decimal point or a
    minus sits by its digits; one that does not goes as a speck, or stays), and never a
    thin straight one (a piece of rule between two rules: a thin rule can be as pale as
    the seal).  Nothing when the ring is not clearly paler than print (a
    photocopy's dark seal).  The marks taken off whole, and the pieces cut from marks
    with print in them."""
    whole = np.zeros(ink.shape, dtype=bool)
    parts = np.zeros(ink.shape, dtype=bool)
    if ring_level - print_level < _PALER:
        return whole, parts
    dark = gray < (ring_level + print_level) / 2
    by_print = cv2.dilate((dark & (ink > 0)).astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        if (w <= 8 and h >= 20) or (h <= 8 and w >= 30):
            continue
        mark = labels[y : y + h, x : x + w] == i
        if not inside[y : y + h, x : x + w][mark].all():
            continue
        if area < 80:
            # a crumb of the seal's ink (JPEG breaks its thin strokes): taken off when no
            # print is near (none of its own pixels is as dark); a flat one may be a pale
            # minus, and stays
            if not by_print[y : y + h, x : x + w][mark].any() and not (w >= 3 and w >= 1.5 * h):
                whole[y : y + h, x : x + w] |= mark
            continue
        seal = mark & ~by_print[y : y + h, x : x + w]
        if np.count_nonzero(seal) >= 80:
            (whole if np.array_equal(seal, mark) else parts)[y : y + h, x : x + w] |= seal
    return whole, parts
