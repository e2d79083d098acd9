"""The column rules of a page image: vertical segments told from strokes of text.

A vertical run of ink may be a column rule or a stroke of a character or a digit
(1, 十) as tall as a crowded row; a thin rule may come broken, in steps on a turned
page, or as dashes where a bitonal scan's fixed cut caught it.  Here the vertical
segments of the page's ink are mended across their breaks with care, told from text by
where they run (across the row rules, beside text or through it), and run on to the row
rules they stop short of.  All sizes in pixels of a page normalised to ``ocr_grid``'s
``PAGE_WIDTH``.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

V_RULE = 12  # shortest vertical rule: the height of the lowest row, less the rules' thickness
GAP = 15  # the longest break in a rule that is bridged
# a light one-pixel column rule that a bitonal scan's fixed cut broke: dashes of 15–65 px
# with breaks of up to ~25, at random places down the rule
_V_GAP = 2 * V_RULE
_DASHED = 0.65  # the least share of a run of dashes that is ink
_DASH = 40  # a piece taller than any stroke of text in a cell (a digit is about 25 px)
# a run of dashes is long, and alone: measured on a real report's bitonal scan, its runs were
# 80 px and longer with ink beside them (2–5 px off) along 0–28% of their length, where the
# strokes of characters one over another in lines of text made runs of 35–60 px, with ink
# beside them along 27–80%
_DASHED_SPAN = 6 * V_RULE
_DASHED_BESIDE = 0.3
_AT_RULE = 4  # a column rule's end this near a row rule ends at it
_COURSE = 81  # rows: a bent rule's course is followed over this many (``_course``)


def column_rules(vertical: np.ndarray, horizontal: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """The column rules among a page's ``vertical`` segments (its ink opened upright), given
    its row rules and ink (masks)."""
    # a run of dashes joined is ink, not a bridge: how it was told from strokes of text is its own
    mended = _mended(vertical)
    dashed = _dashed(mended, horizontal, ink)
    return _to_row_rules(_column_rules(dashed, horizontal, ink, mended & ~vertical), horizontal, ink)


def _to_row_rules(vertical: np.ndarray, horizontal: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """The column rules run on to the row rule they stop short of, within ``_V_GAP``: a thin
    rule on a bitonal scan often loses the pixels next to a crossing, and a cell whose
    corner is open runs into its neighbour (or out of the table, and is lost).  Only rules
    longer than ``_DASHED_SPAN``, several rows of a table, and only where the stretch past
    their last crossing is taller than a stroke of text, or alone, as a rule is: a
    character's stroke that touches a rule and ends inside a merged cell has text beside
    it."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    out = vertical.copy()
    for x, y, w, h, _ in stats[1:]:
        if h < _DASHED_SPAN:
            continue  # a rule a row or two long may be a stroke kept as a rule: run on, it would cut a cell
        cx = int(x + w // 2)
        band = horizontal[:, max(0, cx - 2) : cx + 3].any(axis=1)
        crossed = np.flatnonzero(band[y : y + h]) + y
        for end, step in ((int(y + h - 1), 1), (int(y), -1)):
            to = _next_rule(band, end, step)
            past = crossed[crossed * step < end * step]
            start = int(past.max() if step == 1 else past.min()) if past.size else (y if step == 1 else y + h - 1)
            top, length = min(start, end), abs(end - start) + 1
            # a stretch shorter than a rule's shortest piece is a crossing's overshoot, no rule going on
            alone = length >= _DASH or (length >= V_RULE and _alone(ink, horizontal, x, top, w, length))
            if to is not None and alone:
                cv2.line(out, (cx, end + step), (cx, to), 255, 1)
    return out


def _next_rule(band: np.ndarray, end: int, step: int) -> int | None:
    """The row of the next row rule (``band``: the rows with one) from a column rule's
    ``end`` on, going ``step`` (1 down, -1 up), within ``_V_GAP``: None when there is none.
    An end within ``_AT_RULE`` of a row rule is at it: on to that one when a pixel or
    three of paper part them (a cell's own border inside the table's, a cellspacing
    apart, as a browser prints a ``border="1"`` table), never past it (a thick rule's
    crossing: beyond it, the next row rule is a merged cell's far side)."""
    near = np.arange(max(0, end - _AT_RULE), min(band.size, end + _AT_RULE + 1))
    if band[near].any():
        ahead = near[band[near] & ((near - end) * step > 0)]
        return int(ahead[0] if step == 1 else ahead[-1]) if ahead.size and not band[end] else None
    reach = np.arange(end + step, end + step * (_V_GAP + 1), step)
    reach = reach[(reach >= 0) & (reach < band.size)]
    hits = reach[band[reach]]
    return int(hits[0]) if hits.size else None


def _mended(vertical: np.ndarray) -> np.ndarray:
    """The vertical segments with the breaks of a thin rule bridged.  A rule one pixel
    thin on a bitonal scan steps a pixel sideways every so often (every 57 px on a page
    turned by a degree), with a break at each step, and it often loses its crossings with
    the row rules: it comes as pieces of a row's height or less, none crossing a rule.
    The steps and the lost crossings (breaks of a pixel or two) are bridged first; then
    two thin pieces in line, each two rows' worth of rule tall and three times the break
    between them, which is at most ``GAP``.  The strokes of digits one above the other
    in two rows are not joined so: their break, the paper above and below the rule
    between them, is more than a third of a digit.  Strokes of characters in rows so
    tight that they touch the rules are, and ``_column_rules`` tells them from a rule."""
    return _bridged(_bridged(vertical, 2, 0), GAP, 2 * V_RULE)


def _dashed(vertical: np.ndarray, horizontal: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """``vertical`` with runs of dashes in line joined: a thin light rule on a bitonal scan
    comes as pieces of any length, with breaks at random places.  Two pieces in line
    (centres within 1.5 px) are linked across a break of ``_V_GAP`` at most (``_links``);
    a run of linked pieces is a rule when it is long, two thirds of it ink, and alone:
    little text beside it (``_DASHED_SPAN``, ``_DASHED``, ``_DASHED_BESIDE``)."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    x, y, w, h = (stats[:, k].astype(int) for k in range(4))
    below = _links(horizontal, stats)
    out = vertical.copy()
    for head in set(below) - set(below.values()):
        run = [head]
        while run[-1] in below:
            run.append(below[run[-1]])
        span = y[run[-1]] + h[run[-1]] - y[run[0]]
        if span < _DASHED_SPAN or sum(h[k] for k in run) < _DASHED * span:
            continue
        x0, x1 = int(min(x[k] for k in run)), int(max(x[k] + w[k] for k in run))
        if _alone(ink, horizontal, x0, int(y[run[0]]), x1 - x0, int(span)):
            for a, b in itertools.pairwise(run):
                cv2.line(out, (int(x[a] + w[a] // 2), int(y[a] + h[a]) - 1), (int(x[b] + w[b] // 2), int(y[b])), 255, 1)
    return out


def _links(horizontal: np.ndarray, stats: np.ndarray) -> dict[int, int]:
    """Each thin piece's next piece below in line, where the break between them may be a
    dash's.  A break in the open is.  A break across a row rule is only between two
    pieces taller than ``_DASH``: the strokes of characters or digits in the rows above
    and below a rule (a column of 1s in tight rows) are shorter.  A break from one row
    rule to the next is never: that row's cell is merged across the column (a block's
    title over a table's columns)."""
    x, y, w, h = (stats[:, k].astype(int) for k in range(4))
    pieces = [int(i) for i in np.flatnonzero((w <= 4) & (h >= V_RULE)) if i > 0]
    centre = x + w / 2
    by_column: dict[int, list[int]] = {}
    for i in pieces:
        by_column.setdefault(int(centre[i]), []).append(i)
    below: dict[int, int] = {}
    for i in pieces:
        alike = (j for c in range(int(centre[i]) - 2, int(centre[i]) + 3) for j in by_column.get(c, ()))
        near = [j for j in alike if abs(centre[j] - centre[i]) <= 1.5 and 0 < y[j] - (y[i] + h[i]) <= _V_GAP]
        if not near:
            continue
        j = min(near, key=lambda k: y[k])
        cx = int(centre[i])
        rows = horizontal[max(0, y[i] + h[i] - 3) : y[j] + 3, max(0, cx - 6) : cx + 7].any(axis=1)
        crossed = int(np.count_nonzero(np.diff(rows.astype(np.int8)) == 1)) + int(rows[0])
        if crossed == 0 or (crossed == 1 and min(h[i], h[j]) >= _DASH):
            below[i] = j
    return below


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
            (h >= 6 * V_RULE and bridged <= h / 5)
            or (
                h >= 2 * V_RULE
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


def _alone(ink: np.ndarray, horizontal: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """A vertical segment with ink beside it along ``_DASHED_BESIDE`` of its length at most:
    a rule's, not a stroke of text (measured on a real bitonal scan: see ``_DASHED_SPAN``)."""
    return _beside_text(ink, horizontal, x, y, w, h) <= _DASHED_BESIDE


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
    # 2 rows either side of a rule row (a "full" convolution cut to the segment: "same" is the
    # kernel's length for a segment shorter than it)
    off_rules = ~(np.convolve(rule_rows, np.ones(5), mode="full")[2 : 2 + h] > 0)
    return left, right, off_rules


def _rule_cores(vertical: np.ndarray) -> np.ndarray:
    """The vertical segments with the strokes that touch a rule taken off it.  A seal's ring
    or a character's stroke that touches a column rule makes one wide mark of the two; the
    rule is the columns of that mark that run down most of its height (a stroke, or the
    side of a ring, covers a short stretch of it), and its course where it bends out of
    them."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    out = vertical.copy()
    for i in np.flatnonzero((stats[:, cv2.CC_STAT_WIDTH] > 8) & (stats[:, cv2.CC_STAT_HEIGHT] >= 2 * V_RULE)):
        if i == 0:
            continue
        x, y, w, h, _ = stats[i]
        mark = labels[y : y + h, x : x + w] == i
        rule_columns = mark.sum(axis=0) >= 0.6 * h
        if rule_columns.any():
            core = np.broadcast_to(rule_columns[np.newaxis, :], mark.shape)
            # rows where the rule left those columns: a bulged page (a phone photo's) bent it
            # aside over a stretch; there it is where its course goes
            aside = ~(mark & core).any(axis=1)
            core = core | (aside[:, np.newaxis] & _course(mark)) if aside.any() else core
        else:  # no upright column down most of it: a leaning rule (a photographed page), or none
            core = _leaning_core(mark)
        out[y : y + h, x : x + w][mark & ~core] = 0
    return out


def _course(mark: np.ndarray) -> np.ndarray:
    """The pixels of a tall mark within 2 px of the line its rows run along: the running
    median of the rows' middles over ``_COURSE`` rows, which a stroke touching the rule
    along less than half of that does not move."""
    rows = np.flatnonzero(mark.any(axis=1))
    middles = np.array([np.median(np.flatnonzero(mark[r])) for r in rows])
    half = min(_COURSE // 2, (rows.size - 1) // 2)
    window = np.lib.stride_tricks.sliding_window_view(np.pad(middles, half, mode="edge"), 2 * half + 1)
    along = np.interp(np.arange(mark.shape[0]), rows, np.median(window, axis=1))
    return np.abs(np.arange(mark.shape[1])[np.newaxis, :] - along[:, np.newaxis]) <= 2.0


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
