"""Read the cells of a ruled table in a page image: one recognition pass per text line.

A cell is one or a few short lines, so no text detection is needed and no
cell is skipped: the lines are cut by the ink's horizontal profile and each
goes to the recogniser alone.  A cell whose open reading is only what a
value can hold (digits, sign, 增/减, the null markers, and the look-alikes
of a lone 0) is a value cell and is decoded over the value alphabet; any
other cell is a label and keeps the open reading.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import cv2
import numpy as np

from .ocr_engine import VALUE_CHARS, VALUE_LOOKALIKES, Models, Reading
from .ocr_glyph import has_faint_point, is_zero_ring
from .ocr_grid import Box, GridTable
from .ocr_labels import snap
from .ocr_lines import PRINT_AREA, SMALL_MARK_REACH, level_lines, mark_spans, print_marks, stacked
from .ocr_rereads import doubled_readings, padded, second_readings
from .ocr_strokes import ink_height, print_fits, taller_than_print

# what the open decoding makes of a value cell's characters: a lone 0 read as 。 or o
_VALUE_LOOKALIKES = set(VALUE_CHARS) | set(VALUE_LOOKALIKES)
# a value read less surely than this is read a second time, from its print alone; the
# publishing threshold is ``scan.MIN_CONFIDENCE``
SURE = 0.9


@dataclass
class CellReading:
    text: str
    confidence: float  # the weakest character's probability (1.0 for an empty cell)
    is_value: bool
    # why a value cell cannot be read, whatever its confidence: "nothing_read" (print, but no
    # character), "marks" (the reading skips a printed mark), "stray_lines" (no label among
    # lines of strokes), "scar" (its print lost pixels with a seal's ring or a minus taken
    # off as a speck), "faint_point" (a point-like mark between two digits that the reading
    # has not), "shape" (its marks are not the shape of what was read: a slash read as 1),
    # "slant" (read from lines sheared level), "misaligned" (its row's cells are not in
    # one band of the page), "off_page" (closed by the page's edge: its print may go on
    # beyond); empty when it was read
    why: str = ""

    def refused(self, why: str) -> CellReading:
        """This cell as a value that is not read, for ``why``: null, whatever was read."""
        return CellReading(self.text, 0.0, True, why)


def _read_values(out: list[list[CellReading]], lines_of: dict) -> list[tuple[int, int, CellReading, list]]:
    """The value cells read so far (none refused yet), with their lines: (row, cell, reading, lines)."""
    return [(r, c, out[r][c], lines) for (r, c), lines in lines_of.items() if out[r][c].is_value and not out[r][c].why]


def despeckle(gray: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page and its ink without scanner specks, and where a speck taken off may have
    been a minus sign.  A speck is a small mark that does not sit between two marks of
    print on its line: a decimal point, a colon, 、 and quotes do, a speck beside a lone 0
    does not (a value never ends in a dot).  The specks are painted over with the paper's
    tone, so the recogniser never sees them.  A mark that sits where a minus sits but is
    not flat (a speck fell on the minus) is taken off, and the number beside it is not
    read: "-5" must not become 5."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tall = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    width, height = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    keep = print_marks(stats)
    # a minus sign is small, but flat, and hugs its number: dropping it would flip a sign
    flat = (width >= 3) & (width >= 1.5 * height)
    # print a dot may belong to: characters, not the rules of the table beside them
    # (the whole grid, or a piece of a vertical rule cut off by noise)
    rule_piece = (tall >= 80) | ((height >= 20) & (width <= 4))
    print_mask = (keep & ~rule_piece)[labels]
    reach = SMALL_MARK_REACH
    doubt = np.zeros(count, dtype=bool)
    for i in np.flatnonzero(~keep)[1:]:
        x, y, w, h = (int(v) for v in stats[i, :4])
        band = print_mask[max(0, y - 6) : y + h + 6]
        left, right = band[:, max(0, x - reach) : x].any(), band[:, x + w : x + w + reach].any()
        minus = right and w >= 3 and _minus_of(labels, stats, keep, x, y, w, h)
        keep[i] = bool((left and right) or (flat[i] and minus))
        doubt[i] = minus and not keep[i]
    kept = keep[labels]
    specks = (ink > 0) & ~kept
    clean = gray.copy()
    clean[cv2.dilate(specks.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = int(np.median(gray))
    return clean, np.where(kept, 255, 0).astype(np.uint8), np.where(doubt[labels], 255, 0).astype(np.uint8)


def _minus_of(labels: np.ndarray, stats: np.ndarray, is_print: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """A flat mark right before a mark of print, at the middle of that mark's height: the
    minus sign of a number (a speck seldom sits just there)."""
    strip = labels[max(0, y - 2) : y + h + 2, x + w : x + w + 10]  # a serif digit stands back from its minus
    centre = y + h / 2
    for j in np.unique(strip):
        if j == 0 or not is_print[j]:
            continue
        top, height = stats[j, cv2.CC_STAT_TOP], stats[j, cv2.CC_STAT_HEIGHT]
        if height >= 8 and top + 0.25 * height <= centre <= top + 0.75 * height:
            return True
    return False


def _without_edge_bits(ink: np.ndarray) -> np.ndarray:
    """A cell's ink without the small marks on its edge: ends of the rules and specks
    that touched a rule (so they passed as print on the page)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h, w = ink.shape
    x, y, cw, ch, area = (stats[:, k] for k in range(5))
    edge = (x == 0) | (y == 0) | (x + cw >= w) | (y + ch >= h)
    drop = edge & (area < PRINT_AREA // 2)
    drop[0] = True
    return np.where(drop[labels], 0, ink).astype(np.uint8)


def _is_value(reading: Reading) -> bool:
    """A value cell: only what a value can hold, or a short reading mostly of digits
    (a digit and a speck or seal stroke read as a character: "1照")."""
    text = reading.text.replace(" ", "")
    if not text or len(text) > 14:
        return False
    if all(c in _VALUE_LOOKALIKES for c in text):
        return True
    if not _has_chinese(text):
        return True  # no Chinese at all: every label has some, so "H" is a misread 11
    digits = sum(c.isdigit() for c in text)
    return len(text) <= 6 and digits >= 1 and digits >= len(text) - digits


def read_table(
    gray: np.ndarray, ink: np.ndarray, table: GridTable, models: Models, scar: np.ndarray | None = None
) -> list[list[CellReading]]:
    """The table's rows of cell readings, in the shape of ``table.rows`` (``gray`` and
    ``ink`` despeckled; ``scar``: where print lost pixels, ``ocr_seal`` and ``despeckle``)."""
    paper = int(np.median(gray[table.box.y0 : table.box.y1, table.box.x0 : table.box.x1]))
    jobs = _line_jobs(gray, ink, table, paper)
    probs = models.probabilities([padded(j.image, paper) for j in jobs]) if jobs else []
    per_cell: dict[tuple[int, int], list[tuple[np.ndarray, np.ndarray]]] = {}
    lines_of: dict[tuple[int, int], list[tuple[Box, np.ndarray]]] = {}
    slanted: set[tuple[int, int]] = set()
    for job, p in zip(jobs, probs, strict=True):
        per_cell.setdefault(job.cell, []).append((p, job.ink))
        if job.levelled:
            slanted.add(job.cell)
        else:
            lines_of.setdefault(job.cell, []).append((job.box, job.ink))
    out = [
        [
            _read_cell(per_cell[(r, c)], models) if (r, c) in per_cell else CellReading("", 1.0, False)
            for c in range(len(row))
        ]
        for r, row in enumerate(table.rows)
    ]
    _doubled(out, lines_of, gray, paper, models)
    _stacked(out, lines_of, table)
    for r, c in slanted:
        # a value on lines sheared level: its place on the page, which the checks of
        # its print need, is not its place in the sheared image
        if out[r][c].is_value:
            out[r][c] = out[r][c].refused("slant")
    _misaligned(out, table)
    if scar is not None:
        _scarred(out, lines_of, scar)
    _pointless(out, lines_of, gray, table)
    _overgrown(out, lines_of)
    unsure = {
        key: lines_of[key]
        for key in per_cell
        if out[key[0]][key[1]].is_value and not out[key[0]][key[1]].why and out[key[0]][key[1]].confidence < SURE
    }
    for (r, c), readings in second_readings(gray, unsure, paper, models).items():
        first = out[r][c]
        agree = [reading.weakest for reading in readings if reading.text == first.text]
        if agree:  # readings agree: the surest one stands
            out[r][c] = CellReading(first.text, max(first.confidence, *agree), True)
    _rings(out, lines_of)
    return out


def _doubled(out: list[list[CellReading]], lines_of: dict, gray: np.ndarray, paper: int, models: Models) -> None:
    """Values read unsurely, or print of which nothing was read, read again doubled
    (``ocr_rereads``): a reading that agrees with the first, or the first of a cell that
    read nothing, stands when its print passes the same checks as any value's."""
    doubtful = {key: lines for key, lines in lines_of.items() if _doubtful(out[key[0]][key[1]])}
    for (r, c), readings in doubled_readings(gray, doubtful, paper, models).items():
        first = out[r][c]
        # what the open reading makes of it is a value's, as for a first reading
        if not all(v.text and _is_value(o) for o, v in readings):
            continue
        again = _checked([v for _, v in readings], [ink for _, ink in lines_of[(r, c)]])
        if again.why or (first.text and again.text != first.text):
            continue
        out[r][c] = CellReading(again.text, max(again.confidence, first.confidence if first.text else 0.0), True)


def _doubtful(cell: CellReading) -> bool:
    return cell.is_value and (cell.why == "nothing_read" or (not cell.why and cell.confidence < SURE))


def _rings(out: list[list[CellReading]], lines_of: dict) -> None:
    """An unsure lone 0 whose print is a 0's closed ring (``ocr_glyph``) is as sure as a 0 read surely."""
    for r, c, cell, lines in _read_values(out, lines_of):
        if cell.text == "0" and cell.confidence < SURE and len(lines) == 1 and is_zero_ring(lines[0][1]):
            out[r][c] = CellReading(cell.text, SURE, True)


def _stacked(out: list[list[CellReading]], lines_of: dict, table: GridTable) -> None:
    """Value cells of two rows' values (``ocr_lines.stacked``) are not read."""
    for r, c, cell, lines in _read_values(out, lines_of):
        if stacked([b for b, _ in lines], inside_rules(table.rows[r][c])):
            out[r][c] = cell.refused("lost_rule")


def _misaligned(out: list[list[CellReading]], table: GridTable) -> None:
    """The values of a row whose cells do not share one band of the page: a cell of the row
    above or below was chained into it (a photo's bulge), and its label would give the row's
    values to another row.  Each cell shares at least 70% of the shorter one's height with
    its neighbour in the row (a merged label spans its rows; a keystoned row drifts a little
    from cell to cell, never a row's height)."""
    for r, row in enumerate(table.rows):
        if not any(cell.is_value for cell in out[r]):
            continue
        if any(min(a.y1, b.y1) - max(a.y0, b.y0) < 0.7 * min(a.height, b.height) for a, b in itertools.pairwise(row)):
            out[r] = [c.refused("misaligned") if c.is_value else c for c in out[r]]


@dataclass
class _LineJob:
    cell: tuple[int, int]  # (row, cell) in ``table.rows``
    box: Box  # the line on the page
    image: np.ndarray  # the line's grey image (sheared level when ``levelled``)
    ink: np.ndarray  # its ink, in the shape of ``image``
    levelled: bool


def _line_jobs(gray: np.ndarray, ink: np.ndarray, table: GridTable, paper: int) -> list[_LineJob]:
    """Every text line of every cell of the table, for one recognition pass."""
    jobs: list[_LineJob] = []
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row):
            inner = inside_rules(box)
            cell_ink = _without_edge_bits(ink[inner.y0 : inner.y1, inner.x0 : inner.x1])
            cell_gray = gray[inner.y0 : inner.y1, inner.x0 : inner.x1]
            cell_gray, cell_ink, lines, levelled = level_lines(cell_gray, cell_ink, paper)
            for x0, y0, x1, y1 in lines:
                line = Box(inner.x0 + x0, inner.y0 + y0, inner.x0 + x1, inner.y0 + y1)
                jobs.append(_LineJob((r, c), line, cell_gray[y0:y1, x0:x1], cell_ink[y0:y1, x0:x1], levelled))
    return jobs


def _scarred(out: list[list[CellReading]], lines_of: dict, scar: np.ndarray) -> None:
    """Values whose print lost pixels with what was taken off the page (a seal's ring
    crossed a digit: 8 can read as 0; a speck on a minus sign took the minus with it),
    on the line or just before it (where a minus sits): the cell is not read."""
    for (r, c), lines in lines_of.items():
        cell = out[r][c]
        if cell.is_value and any(scar[b.y0 : b.y1, max(0, b.x0 - 12) : b.x1].any() for b, _ in lines):
            out[r][c] = cell.refused("scar")


def _overgrown(out: list[list[CellReading]], lines_of: dict) -> None:
    """Numbers whose print runs taller than the table's digits (``ocr_strokes``): not read."""
    heights = {
        (r, c): max(ink_height(ink) for _, ink in lines)
        for r, c, cell, lines in _read_values(out, lines_of)
        if _NUMERIC.match(cell.text)
    }
    for r, c in taller_than_print(heights):
        out[r][c] = out[r][c].refused("shape")


def _pointless(out: list[list[CellReading]], lines_of: dict, gray: np.ndarray, table: GridTable) -> None:
    """Numbers read without a decimal point whose print has a faint one: the cell is not read
    ("7.8" must not become 78).  A point lost to the page's ink threshold (grey paper, JPEG,
    a light impression) is still darker than the paper in the gap between two digits."""
    for r, c, cell, lines in _read_values(out, lines_of):
        if "." in cell.text or not _NUMERIC.match(cell.text):
            continue
        inner = inside_rules(table.rows[r][c])
        for line, line_ink in lines:
            # the line and two rows under it (a point's blur reaches below the digits' feet),
            # off the rule and its blur
            bottom = min(inner.y1, line.y1 + 2)
            crop = gray[line.y0 : bottom, line.x0 : line.x1]
            if has_faint_point(crop, line_ink):
                out[r][c] = cell.refused("faint_point")
                break


def _marks(ink: np.ndarray) -> int:
    """Connected marks of a line, a mark being what overlaps in x (the two dots of a colon
    are one): a digit, a sign or a decimal point is one mark each."""
    spans = mark_spans(ink)
    if any(b0 - a1 > ink.shape[0] for (_, a1), (b0, _) in itertools.pairwise(spans)):
        return -1  # two groups of marks a character apart or more: two values in one cell
    return len(spans)


_NUMERIC = re.compile(r"^[-+]?[0-9.,]+$")


def _read_cell(lines: list[tuple[np.ndarray, np.ndarray]], models: Models) -> CellReading:
    """A cell from its lines' probabilities and ink."""
    open_readings = [models.decode(p) for p, _ in lines]
    if not any(x.text.strip() for x in open_readings):
        # print in the cell, but nothing read: unreadable, never a blank (a blank cell is
        # dropped when a row is short, which would shift its neighbour into its place)
        return CellReading("", 0.0, True, "nothing_read")
    if len(lines) <= 2 and all(_is_value(x) for x in open_readings):
        return _value_cell(lines, models)
    text = "\n".join(x.text for x in open_readings if x.text)
    if not _has_chinese(text):
        # no label without Chinese: a value among stray lines (seal strokes): unreadable
        return CellReading(text, 0.0, True, "stray_lines")
    return CellReading(snap(text), min(x.confidence for x in open_readings), False)


def _value_cell(lines: list[tuple[np.ndarray, np.ndarray]], models: Models) -> CellReading:
    """A value cell decoded over the value alphabet, null when its print is not what was read."""
    return _checked([models.decode(p, values_only=True) for p, _ in lines], [ink for _, ink in lines])


def _checked(values: list[Reading], inks: list[np.ndarray]) -> CellReading:
    """A value cell from its lines' value readings, null when its print is not what was read."""
    text = "".join(v.text for v in values)
    if not text:
        return CellReading("", 0.0, True, "nothing_read")
    numbers = [(v.text, ink) for v, ink in zip(values, inks, strict=True) if _NUMERIC.match(v.text)]
    # every printed mark of a number is a character of its reading (touching digits make
    # one mark of two): a mark the reading skipped (a faint minus, a decimal point) or two
    # values run together across a lost rule ("2 | 6" → "26") would publish a wrong
    # number, so the cell is not read at all
    if any((n := _marks(ink)) < 0 or len(number) < n for number, ink in numbers):
        return CellReading(text, 0.0, True, "marks")
    # and the marks have the shape of what was read: a slash is no 1, a seal's stroke
    # across "15" that left it read as 5 is ink no 5 fills
    if not all(print_fits(number, ink) for number, ink in numbers):
        return CellReading(text, 0.0, True, "shape")
    return CellReading(text, min(v.weakest for v in values), True)


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def inside_rules(box: Box) -> Box:
    """The cell inside its rules: the rules' own pixels and their blur stay out."""
    m = 3
    return Box(box.x0 + m, box.y0 + m, max(box.x0 + m + 1, box.x1 - m), max(box.y0 + m + 1, box.y1 - m))
