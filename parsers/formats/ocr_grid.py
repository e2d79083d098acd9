"""Ruled tables in a page image: deskew the page, find the ruling lines, cut the cells.

OpenCV morphology, the textbook way: long thin openings of the ink mask
give the horizontal and vertical rules; a table is a connected set of
rules; its cells are the white regions the rules enclose.  A merged cell
is one region, so it comes out once, where it starts (the Document
convention), and rows are the distinct tops of the cells.

All sizes are in pixels of a page normalised to ``PAGE_WIDTH`` (about
200 dpi for A4), so the kernels mean the same on every source.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np

PAGE_WIDTH = 1654  # A4 at 200 dpi: digits about 25 px high, what the recogniser reads best
_H_RULE = 40  # shortest horizontal rule: narrower than any value cell, longer than any stroke of text
_V_RULE = 12  # shortest vertical rule: the height of the lowest row, less the rules' thickness
_MIN_CELL = 8
_GAP = 15  # the longest break in a rule that is bridged
_EDGE = 8  # how near a table's side a rule that reaches it ends


@dataclass(frozen=True)
class Box:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def width(self) -> int:
        return self.x1 - self.x0


@dataclass
class GridTable:
    box: Box
    rows: list[list[Box]]  # the cells that start in each row, left to right


def grey(image: np.ndarray) -> np.ndarray:
    """One channel for OCR.  A colour scan keeps its red channel, where a red seal is
    almost white and black print stays black: the seal stamped over a cell vanishes."""
    if image.ndim == 2:
        return image
    return image[:, :, 2] if image.shape[2] >= 3 else image[:, :, 0]  # OpenCV order: BGR


def ink_mask(gray: np.ndarray, under: int = 40) -> np.ndarray:
    """Dark marks as 255 on 0.  A local threshold copes with grey paper and uneven scans."""
    block = 2 * (gray.shape[1] // 80) + 1
    # 40 levels under the local mean: print and rules, not the tint of a red seal's ink
    local = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, under)
    # a faint rule beside bold print falls under the local mean: Otsu's global cut keeps it
    _, otsu = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return cv2.bitwise_or(local, otsu)


def skew_angle(gray: np.ndarray, limit: float = 4.0) -> float:
    """The page's skew in degrees, by the projection profile: rows of text and rules are
    sharpest (highest variance of the row sums) when the page is straight."""
    small = cv2.resize(ink_mask(gray), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def score(angle: float) -> float:
        rot = cv2.warpAffine(
            small, cv2.getRotationMatrix2D(centre, angle, 1.0), (w, h), flags=cv2.INTER_NEAREST, borderValue=0
        )
        return float(np.var(rot.sum(axis=1, dtype=np.float64)))

    best = max(np.arange(-limit, limit + 0.01, 0.25), key=score)
    fine = max(np.arange(best - 0.25, best + 0.26, 0.05), key=score)
    return float(fine)


def deskew(gray: np.ndarray) -> np.ndarray:
    angle = skew_angle(gray)
    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def opened(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``image`` kept only where a ``size`` rectangle (width, height) fits in it: runs at least that long."""
    return cv2.morphologyEx(image, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def closed(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``image`` with gaps shorter than a ``size`` rectangle (width, height) filled."""
    return cv2.morphologyEx(image, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def rules(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and vertical rules of the page (masks)."""
    horizontal = opened(ink, (_H_RULE, 1))
    vertical = opened(ink, (1, _V_RULE))
    # noise and JPEG blocks break a thin rule into pieces: bridge the short gaps between
    # pieces (only pieces already long enough to be rules, never strokes of text).  Not
    # so for vertical rules: there, bridging alike joins the strokes of digits in the rows
    # above and below into a rule (``_mended`` bridges with care, and says how)
    horizontal = closed(horizontal, (_GAP, 1))
    mended = _mended(vertical)
    return horizontal, _column_rules(mended, horizontal, ink, mended & ~vertical)


def _mended(vertical: np.ndarray) -> np.ndarray:
    """The vertical segments with the breaks of a thin rule bridged.  A rule one pixel
    thin on a bitonal scan steps a pixel sideways every so often (every 57 px on a page
    turned by a degree), with a break at each step, and it often loses its crossings with
    the row rules: it comes as pieces of a row's height or less, none crossing a rule.
    The steps and the lost crossings (breaks of a pixel or two) are bridged first; then
    two thin pieces in line, each two rows' worth of rule tall and three times the break
    between them, which is at most ``_GAP``.  The strokes of digits one above the other
    in two rows are not joined so: their break, the paper above and below the rule
    between them, is more than a third of a digit.  Strokes of characters in rows so
    tight that they touch the rules are, and ``_column_rules`` tells them from a rule."""
    return _bridged(_bridged(vertical, 2, 0), _GAP, 2 * _V_RULE)


def _bridged(vertical: np.ndarray, longest: int, shortest: int) -> np.ndarray:
    """``vertical`` with each thin piece joined to the next one below in line (centres within
    1.5 px), across a break of up to ``longest`` px, when both pieces are at least
    ``shortest`` px tall and three times the break."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    x, y, w, h = (stats[:, k] for k in range(4))
    pieces = np.flatnonzero((w <= 4) & (h >= shortest))
    pieces = pieces[pieces > 0]
    centre, bottom = x + w / 2, y + h
    out = vertical.copy()
    for i in pieces:
        gap = y[pieces] - bottom[i]
        near = pieces[(np.abs(centre[pieces] - centre[i]) <= 1.5) & (gap > 0) & (gap <= longest)]
        near = near[3 * (y[near] - bottom[i]) <= np.minimum(h[near], h[i])]
        if near.size:
            j = near[np.argmin(y[near])]
            # from the piece's last pixel to the next one's first (a staircase's pieces lean)
            end = x[i] + int(np.flatnonzero(labels[bottom[i] - 1, x[i] : x[i] + w[i]] == i)[0])
            start = x[j] + int(np.flatnonzero(labels[y[j], x[j] : x[j] + w[j]] == j)[0])
            cv2.line(out, (int(end), int(bottom[i]) - 1), (int(start), int(y[j])), 255, 1)
    return out


def _column_rules(vertical: np.ndarray, horizontal: np.ndarray, ink: np.ndarray, bridges: np.ndarray) -> np.ndarray:
    """The vertical segments that are rules.  A stroke of a character or a digit
    (1, 0, 十) can be as tall as a crowded row, so height alone cannot tell.  A column
    rule crosses a horizontal rule somewhere down the table (a stroke stays in its
    cell), and runs beside its cells' text, not through it: in rows so tight that
    characters touch the rules, the upright strokes of two characters one above the
    other (举 over 复) make one segment across the rule between them, with their other
    strokes beside it on both sides.  A shorter segment is a rule only if it joins the
    horizontal rules at both of its ends and continues a crossing segment on the same
    line.  A segment mended across breaks (rows of ``bridges``) may be strokes of
    characters in tight rows, one over the other: it is a rule only if it crosses two
    rules, or is tall with a fifth of it bridged at most, and has no text beside it, on
    one side or the other, along half its length."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(_rule_cores(vertical), connectivity=8)
    if count <= 1:
        return vertical
    reach = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 3)))
    crossing = np.zeros(count, dtype=bool)
    joined = np.zeros(count, dtype=bool)
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        if area > 8 * h:
            continue  # wider than a rule on average (a leaning rule is wide, but thin)
        bridged = int(bridges[y : y + h, x : x + w].any(axis=1).sum())
        text_beside = bridged > 0 and _beside_text(ink, horizontal, x, y, w, h) >= 0.5
        crossing[i] = not text_beside and (
            (h >= 6 * _V_RULE and bridged <= h / 5)
            or (
                h >= 2 * _V_RULE
                and _crosses(horizontal[y : y + h, x : x + w], times=2 if bridged else 1)
                and not _through_text(ink, horizontal, x, y, w, h)
            )
        )
        joined[i] = bool(
            reach[max(0, y - 1) : y + 2, x : x + w].any() and reach[y + h - 2 : y + h + 1, x : x + w].any()
        )
    # (centre x, top, bottom) of the crossing segments; a short joined segment is kept where
    # it continues one of them (noise broke the rule at a junction), not merely on its x
    columns = [
        (stats[i][0] + stats[i][2] / 2, stats[i][1], stats[i][1] + stats[i][3]) for i in range(1, count) if crossing[i]
    ]
    keep = crossing.copy()
    for i in range(1, count):
        if joined[i] and not keep[i]:
            x, y, w, h, _ = stats[i]
            keep[i] = any(
                abs(x + w / 2 - cx) <= 3 and top - (y + h) <= 10 and y - bottom <= 10 for cx, top, bottom in columns
            )
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _through_text(ink: np.ndarray, horizontal: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """A vertical segment with ink just beside it on both sides (2–5 px off) along a
    quarter or more of its length away from the horizontal rules: a stroke through a
    character, not a rule between cells (text keeps off a rule, at least on one side)."""
    left, right, off_rules = _beside(ink, horizontal, x, y, w, h)
    return bool(off_rules.any() and (left & right & off_rules).sum() >= 0.25 * off_rules.sum())


def _beside_text(ink: np.ndarray, horizontal: np.ndarray, x: int, y: int, w: int, h: int) -> float:
    """The share of a vertical segment's length away from the horizontal rules with ink
    just beside it (2–5 px off) on one side or the other."""
    left, right, off_rules = _beside(ink, horizontal, x, y, w, h)
    return float(((left | right) & off_rules).sum() / max(1, off_rules.sum()))


def _beside(ink: np.ndarray, horizontal: np.ndarray, x: int, y: int, w: int, h: int) -> tuple[np.ndarray, ...]:
    """Along a vertical segment: the rows with ink just left of it, just right of it, and
    the rows away from the horizontal rules (5 px and more)."""
    left = ink[y : y + h, max(0, x - 5) : max(0, x - 1)].any(axis=1)
    right = ink[y : y + h, x + w + 1 : x + w + 5].any(axis=1)
    rule_rows = horizontal[y : y + h, max(0, x - 6) : x + w + 6].any(axis=1)
    off_rules = ~(np.convolve(rule_rows, np.ones(5), mode="same") > 0)
    return left, right, off_rules


def _rule_cores(vertical: np.ndarray) -> np.ndarray:
    """The vertical segments with the strokes that touch a rule taken off it.  A seal's ring
    or a character's stroke that touches a column rule makes one wide mark of the two; the
    rule is the columns of that mark that run down most of its height (a stroke, or the
    side of a ring, covers a short stretch of it)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    out = vertical.copy()
    for i in np.flatnonzero((stats[:, cv2.CC_STAT_WIDTH] > 8) & (stats[:, cv2.CC_STAT_HEIGHT] >= 2 * _V_RULE)):
        if i == 0:
            continue
        x, y, w, h, _ = stats[i]
        mark = labels[y : y + h, x : x + w] == i
        rule_columns = mark.sum(axis=0) >= 0.6 * h
        # no upright column down most of it: a leaning rule (a photographed page), or none
        core = rule_columns[np.newaxis, :] if rule_columns.any() else _leaning_core(mark)
        out[y : y + h, x : x + w][mark & ~core] = 0
    return out


def _leaning_core(mark: np.ndarray) -> np.ndarray:
    """The pixels of a tall mark within 2 px of a straight line through most of its rows
    (fitted to the rows' middles, then again to the rows near the first fit): a column
    rule that leans, on a photographed page, is in no one column of pixels."""
    rows = np.flatnonzero(mark.any(axis=1))
    middles = np.array([np.median(np.flatnonzero(mark[r])) for r in rows])
    on = np.ones(rows.size, dtype=bool)
    slope, offset = 0.0, float(np.median(middles))
    for reach in (6.0, 2.0):
        if on.sum() < 2:
            break
        slope, offset = np.polyfit(rows[on], middles[on], 1)
        on = np.abs(middles - (slope * rows + offset)) <= reach
    if on.mean() < 0.8 or abs(slope) > 0.05:  # not one straight, near-upright line: no rule
        return np.zeros(mark.shape, dtype=bool)
    ys, xs = np.mgrid[0 : mark.shape[0], 0 : mark.shape[1]]
    return np.abs(xs - (slope * ys + offset)) <= 2.0


def _crosses(column: np.ndarray, reach: int = 8, times: int = 1) -> bool:
    """A vertical segment (its column of the horizontal-rule mask) runs on at least
    ``reach`` pixels above and below ``times`` horizontal rules or more: it crosses them."""
    rows = np.flatnonzero(column.any(axis=1))
    if rows.size == 0:
        return False
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    return sum(run[0] >= reach and column.shape[0] - 1 - run[-1] >= reach for run in runs) >= times


def find_tables(ink: np.ndarray) -> list[GridTable]:
    """The ruled tables of a deskewed page's ink mask, top to bottom."""
    horizontal, vertical = rules(ink)
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    tables: list[GridTable] = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if w < ink.shape[1] * 0.2 or h < 3 * _V_RULE:
            continue
        box = Box(int(x), int(y), int(x + w), int(y + h))
        grid = lines[box.y0 : box.y1, box.x0 : box.x1].copy()
        _close_sides(grid, horizontal[box.y0 : box.y1, box.x0 : box.x1])
        rows = _cells(grid, box)
        if sum(len(r) for r in rows) >= 2:
            tables.append(GridTable(box, rows))
    tables.sort(key=lambda t: t.box.y0)
    return tables


def _close_sides(grid: np.ndarray, horizontal: np.ndarray) -> None:
    """A table printed without its left and right borders (a Word table with its side
    borders off, or a border the scan lost) is closed by its rules' own ends: the left
    ends of its rules across the whole table are joined top to bottom, and so are the
    right ends, so its first and last columns are cells too.  Where the borders are
    there, the joins run along them (a photo's leaning border too) and add nothing."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    lefts: list[tuple[int, int]] = []
    rights: list[tuple[int, int]] = []
    width = grid.shape[1]
    for i in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if w < width // 2:
            continue
        ends = labels[y : y + h, [x, x + w - 1]] == i
        # only a rule that reaches the table's side closes it (one under a merged cell,
        # from the second column on, would cut that cell)
        if x <= _EDGE:
            lefts.append((x, y + int(np.flatnonzero(ends[:, 0]).mean())))
        if x + w >= width - _EDGE:
            rights.append((x + w - 1, y + int(np.flatnonzero(ends[:, 1]).mean())))
    for ends in (sorted(lefts, key=lambda e: e[1]), sorted(rights, key=lambda e: e[1])):
        for a, b in itertools.pairwise(ends):
            cv2.line(grid, a, b, 255, 3)


def _cells(lines: np.ndarray, box: Box) -> list[list[Box]]:
    """The white regions enclosed by the rules, grouped into rows by their tops."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(lines), connectivity=4)
    h, w = lines.shape
    cells: list[Box] = []
    ends: list[tuple[int, int]] = []
    for i in range(1, count):
        x, y, cw, ch, _ = stats[i]
        if x == 0 or y == 0 or x + cw >= w or y + ch >= h:
            continue  # outside the grid (between the table's outline and its box)
        if cw < _MIN_CELL or ch < _MIN_CELL:
            continue
        cells.append(Box(int(x + box.x0), int(y + box.y0), int(x + cw + box.x0), int(y + ch + box.y0)))
        ends.append(_end_tops(labels[y : y + ch, x : x + cw] == i, int(y + box.y0)))
    return _rows(cells, ends)


def _end_tops(region: np.ndarray, top: int) -> tuple[int, int]:
    """The top of a cell at its left end and at its right end (page rows).  A cell's box
    top is its highest point: on a bulged or keystoned photo, the far end of a wide label
    cell, a row's height off where the cell meets its neighbour."""
    edge = min(6, region.shape[1])
    left = int(np.flatnonzero(region[:, :edge].any(axis=1))[0])
    right = int(np.flatnonzero(region[:, -edge:].any(axis=1))[0])
    return top + left, top + right


def _rows(cells: list[Box], ends: list[tuple[int, int]]) -> list[list[Box]]:
    """Cells grouped into rows, top to bottom, each left to right.  Two cells are in one row
    when their tops meet where they face each other: side by side (they share a rule)
    within 5 px, or near each other within 2 px.  Chained from cell to cell, a row follows
    a rule that is not level (a phone photo's keystone, a page's bulge), where one top for
    the whole row does not.  ``ends``: each cell's top at its left and right end."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(cells):
        for j in range(i + 1, len(cells)):
            if _same_row(a, cells[j], ends[i], ends[j]):
                parent[root(i)] = root(j)
    groups: dict[int, list[Box]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    rows = [sorted(g, key=lambda c: c.x0) for g in groups.values()]
    return sorted(rows, key=lambda r: sum(c.y0 for c in r) / len(r))


def _same_row(a: Box, b: Box, a_ends: tuple[int, int], b_ends: tuple[int, int]) -> bool:
    """The tops of the two cells where they face each other (a's right end and b's left
    end, when a is on the left) are level: within 5 px when they share a rule, within 2 px
    when up to 300 px apart."""
    if a.x0 > b.x0:
        a, b, a_ends, b_ends = b, a, b_ends, a_ends
    dy = abs(a_ends[1] - b_ends[0])
    side_by_side = abs(a.x1 - b.x0) <= 10
    near = -10 <= b.x0 - a.x1 <= 300
    return (side_by_side and dy <= 5) or (near and dy <= 2)
