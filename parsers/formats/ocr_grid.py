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

from .ocr_columns import GAP as _GAP
from .ocr_columns import V_RULE as _V_RULE
from .ocr_columns import column_rules

PAGE_WIDTH = 1654  # A4 at 200 dpi: digits about 25 px high, what the recogniser reads best
_H_RULE = 40  # shortest horizontal rule: narrower than any value cell, longer than any stroke of text
_MIN_CELL = 8
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


def straightened(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The page deskewed, and where it shows what lies beyond the scanned picture (the
    corners the turn brings in, white): there is no paper there, so no print either."""
    angle = skew_angle(gray)
    h, w = gray.shape
    if abs(angle) < 0.05:
        return gray, np.zeros((h, w), bool)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    picture = cv2.warpAffine(np.full((h, w), 255, np.uint8), m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255), picture == 0


def opened(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``image`` kept only where a ``size`` rectangle (width, height) fits in it: runs at least that long."""
    return cv2.morphologyEx(image, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def closed(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``image`` with gaps shorter than a ``size`` rectangle (width, height) filled."""
    return cv2.morphologyEx(image, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def rules(ink: np.ndarray, dashes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and vertical rules of the page (masks), its dashed row rules among
    them where its solid ones have a break (over a solid rule, a dashed run drawn again
    would thicken it, and shrink the cells along it)."""
    horizontal = solid_row_rules(ink)
    if dashes is not None:
        near_solid = cv2.dilate(horizontal, np.ones((5, 1), np.uint8))
        horizontal = horizontal | cv2.bitwise_and(dashes, cv2.bitwise_not(near_solid))
    vertical = opened(ink, (1, _V_RULE))
    return horizontal, column_rules(vertical, horizontal, ink)


def solid_row_rules(ink: np.ndarray) -> np.ndarray:
    """The page's row rules that come as long runs of ink.  Noise and JPEG blocks break a
    thin rule into pieces: the short gaps between pieces already long enough to be rules
    are bridged, never strokes of text.  Not so for column rules: there, bridging alike
    joins the strokes of digits in the rows above and below into a rule (``ocr_columns``
    bridges with care, and says how)."""
    return closed(opened(ink, (_H_RULE, 1)), (_GAP, 1))


def find_tables(ink: np.ndarray, beyond: np.ndarray | None = None, dashes: np.ndarray | None = None) -> list[GridTable]:
    """The ruled tables of a deskewed page's ink mask, top to bottom (``beyond``: where the
    page shows no paper, ``straightened``; ``dashes``: its dashed row rules, drawn solid,
    ``ocr_dashes``)."""
    horizontal, vertical = rules(ink, dashes)
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    tables: list[GridTable] = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if w < ink.shape[1] * 0.2 or h < 3 * _V_RULE:
            continue
        box = Box(int(x), int(y), int(x + w), int(y + h))
        grid = lines[box.y0 : box.y1, box.x0 : box.x1].copy()
        paper_ends = _paper_ends(beyond, box)
        _close_sides(grid, horizontal[box.y0 : box.y1, box.x0 : box.x1], paper_ends)
        rows = _cells(grid, box)
        if sum(len(r) for r in rows) >= 2:
            tables.append(GridTable(box, rows))
    tables.sort(key=lambda t: t.box.y0)
    return tables


def _paper_ends(beyond: np.ndarray | None, box: Box) -> np.ndarray | None:
    """Where, in the table's box, the paper ends within ``_EDGE`` px along the rows: what
    no rule runs on past.  A page cut through a table and straightened has its cut slant
    across the rows, so each rule ends at its own place along it."""
    if beyond is None or not beyond.any():
        return None
    near = cv2.dilate(beyond.astype(np.uint8), np.ones((1, 2 * _EDGE + 1), np.uint8))
    return near[box.y0 : box.y1, box.x0 : box.x1] > 0


def _close_sides(grid: np.ndarray, horizontal: np.ndarray, paper_ends: np.ndarray | None = None) -> None:
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
        left = (x, y + int(np.flatnonzero(ends[:, 0]).mean()))
        right = (x + w - 1, y + int(np.flatnonzero(ends[:, 1]).mean()))
        # only a rule that reaches the table's side closes it (one under a merged cell,
        # from the second column on, would cut that cell), or one that runs to where the
        # paper ends (the table goes on past it)
        if x <= _EDGE or _at(paper_ends, left):
            lefts.append(left)
        if x + w >= width - _EDGE or _at(paper_ends, right):
            rights.append(right)
    for ends in (sorted(lefts, key=lambda e: e[1]), sorted(rights, key=lambda e: e[1])):
        for a, b in itertools.pairwise(ends):
            cv2.line(grid, a, b, 255, 3)


def _at(mask: np.ndarray | None, point: tuple[int, int]) -> bool:
    return mask is not None and bool(mask[point[1], point[0]])


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
