"""A scanned table's rows as the table engine gets them: each value in its place.

The grid's cells in a row are not always the table's cells: a stroke of print or a
seal's ring read as a rule cuts a cell in two, a lost rule runs two values into one
cell or two rows' labels into one, a seal's character sits among the values.  The
engine places a row's values by their order after its label, so each of these would
move a value into its neighbour's column.  Here each is undone (a label's pieces made
one) or made null (a value that cannot be placed): never shifted.
"""

from __future__ import annotations

import numpy as np

from ..document import OcrText
from .ocr_grid import Box, GridTable
from .ocr_labels import ends_in_a_number, snap
from .ocr_table import CellReading

_SAME_RULE = 6  # pixels apart: two cells' edges on one rule (a scan's rule wanders a little)
_INSIDE = 8  # pixels in from a cell's edges: a rule that far in cuts the cell, nearer is its own
_SEAL_ROWS = 2  # rows of values a seal can merge the same way, one over the other
_TEXT_ROW = 16  # pixels: the lowest row that holds a line of print (a 9 pt line is 25 at 200 dpi)


def columns(readings: list[list[CellReading]], grid: GridTable) -> list[int]:
    """Where the table's columns start: the left edges that a fifth or more of the rows with
    values have (at least two).  A rule drawn by strokes of print in a row or two (bold
    or blurred print touching its rules) is not among them."""
    starts = [[b.x0 for b in boxes] for row, boxes in zip(readings, grid.rows, strict=True) if _has_values(row)]
    edges = sorted({x for row in starts for x in row})
    return [
        x for x in edges if sum(any(abs(x - y) <= _SAME_RULE for y in row) for row in starts) >= max(2, len(starts) / 5)
    ]


def columns_past(row: list[CellReading], last: Box, starts: list[int]) -> int:
    """How many of the table's columns start beyond a row's last cell, for a row of values:
    one that ends where the other rows have a column rule lost the rules after it (a
    table's right border is every row's; a block of fewer, wider columns ends there too)."""
    if not _has_values(row):
        return 0
    past = sorted(x for x in starts if x > last.x1 - _SAME_RULE)
    # a rule's two edges a pixel apart (a scan's rule wanders) are one column
    return sum(1 for i, x in enumerate(past) if i == 0 or x - past[i - 1] > _SAME_RULE)


def _has_values(row: list[CellReading]) -> bool:
    return _first_value(row) is not None


def _first_value(row: list[CellReading]) -> int | None:
    """Where the row's values begin: its first value cell with something read."""
    return next((c for c, cell in enumerate(row) if cell.is_value and cell.text), None)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def settled(cells: list[tuple[CellReading, Box]], columns: list[int]) -> list[tuple[CellReading, Box]]:
    """A row's cells with its values in their places.  In a row of values, an empty piece of
    its label that starts off the table's columns (cut off by strokes read as a rule) is
    part of the label before it, not a blank value; and text after the row's first value
    is an unreadable value, never a label: no label sits between or after the values of a
    statutory table's row (table 4's row has none), and the engine would drop it and shift
    every value after it, or not place the row."""
    values = [c for c, (cell, _) in enumerate(cells) if cell.is_value and cell.text]
    if not values:
        return cells
    out: list[tuple[CellReading, Box]] = []
    for c, (cell, box) in enumerate(cells):
        if 0 < c < values[0] and not cell.text and not any(abs(box.x0 - x) <= _SAME_RULE for x in columns):
            label, left = out[-1]
            out[-1] = (label, Box(left.x0, min(left.y0, box.y0), box.x1, max(left.y1, box.y1)))
            continue
        if values[0] < c and not cell.is_value and cell.text:
            cell = cell.refused("stray_lines")
        out.append((cell, box))
    return out


def under_a_long_label(readings: list[list[CellReading]], grid: GridTable) -> set[int]:
    """Rows whose values cannot be tied to their label: the label just before a row's values
    (the row's own, not a group's) runs down past them into the rows below, so the rule
    between two rows' labels was lost ("5.…\n6.…" in one cell) and which values are whose
    is a guess.  That row and the rows its label covers."""
    out: set[int] = set()
    for r, (row, boxes) in enumerate(zip(readings, grid.rows, strict=True)):
        first = _first_value(row)
        if not first or row[first - 1].is_value:
            continue
        label, value = boxes[first - 1], boxes[first]
        if label.y1 <= value.y1 + max(8, value.height // 2):
            continue
        out.add(r)
        below = r + 1
        while below < len(grid.rows) and grid.rows[below] and grid.rows[below][0].y0 < label.y1 - 8:
            out.add(below)
            below += 1
    return out


def joined_label(label: str, piece: CellReading) -> OcrText:
    """A label and the piece of it a false rule cut off, one label again (snapped to the
    form's, as a label read whole is: the characters under the false rule are lost)."""
    sure = min(getattr(label, "confidence", 1.0), piece.confidence if piece.text else 1.0)
    return OcrText(snap(label + piece.text), sure)


def in_value_column(readings: list[list[CellReading]], grid: GridTable, r: int, box: Box) -> bool:
    """The cells of the same column in the rows above and below (those there are) are values;
    or the cell is in a row of values, after its label, and the cells under it or over it
    are values (one, or more where a lost rule made it two columns wide).  A seal's
    characters over the first row of numbers have the column heads above them."""
    neighbours = [n for n in (r - 1, r + 1) if 0 <= n < len(grid.rows)]
    same = [
        next((cell for cell, b in zip(readings[n], grid.rows[n], strict=True) if _same_column(b, box)), None)
        for n in neighbours
    ]
    if same and all(cell is not None and cell.is_value for cell in same):
        return True
    labelled = any(
        not cell.is_value and cell.text.strip() and b.x1 <= box.x0
        for cell, b in zip(readings[r], grid.rows[r], strict=True)
    )
    return (
        labelled and _has_values(readings[r]) and any(_values_under(readings[n], grid.rows[n], box) for n in neighbours)
    )


def _values_under(row: list[CellReading], boxes: list[Box], box: Box) -> bool:
    """The cells of ``row`` under (or over) ``box``, by half the narrower width or more, are
    values, one or more."""
    under = [
        cell
        for cell, b in zip(row, boxes, strict=True)
        if min(b.x1, box.x1) - max(b.x0, box.x0) >= 0.5 * min(b.width, box.width)
    ]
    return bool(under) and all(cell.is_value for cell in under)


def _same_column(a: Box, b: Box) -> bool:
    return abs(a.x0 - b.x0) <= _SAME_RULE and abs(a.x1 - b.x1) <= _SAME_RULE


def false_rule(grid: GridTable, r: int, box: Box) -> bool:
    """The rule a cell starts at crosses the middle of a cell in the row above and in the
    row below (in the two rows above, for a table's last row of text): no other row has it."""

    def crossed(row: int) -> bool:
        return any(b.x0 + _INSIDE < box.x0 < b.x1 - _INSIDE for b in grid.rows[row])

    below = r + 1 < len(grid.rows) and not _sliver(grid.rows[r + 1])
    neighbours = (r - 1, r + 1) if below else (r - 1, r - 2)
    return min(neighbours) >= 0 and all(crossed(n) for n in neighbours)


def _sliver(row: list[Box]) -> bool:
    """A row too low for a line of print: the gap of a doubled or thickened rule, cut as cells."""
    return max(b.height for b in row) < _TEXT_ROW


def lost_rules(grid: GridTable, r: int, box: Box) -> list[int]:
    """Column rules inside a cell that the rows above and below it both have (the two rows
    above the last row, below the first).  A real merged cell (本年处理决定数量 over three
    columns) has its block's head merged the same way, and the block's title over that; a
    seal's star merges one or two rows of values the same way, with rows of the table's
    columns above and below them."""

    last = len(grid.rows) - 1
    if 0 < r < last:
        sides = [_rules_past_merged(grid, r, box, step) for step in (-1, 1)]
    elif r == last and r >= 2 and _heads_over(grid.rows[r - 2], box):
        # a table's last row under its column heads (table 4's one row of values): the heads
        # over this cell are one group, so the rules the row above has are its columns'
        sides = [_starts(grid, r - 1, box)]
    else:
        # two rows that agree, on one side: a row of column heads under a seal can have a
        # rule the seal drew, one row alone is no proof
        neighbours = [n for n in ((r - 1, r - 2) if r else (1, 2)) if 0 <= n <= last]
        sides = [_starts(grid, n, box) for n in neighbours] if len(neighbours) == 2 else []
    if not sides or not all(sides):
        return []
    return sorted(x for x in sides[0] if all(any(abs(x - y) <= _SAME_RULE for y in s) for s in sides[1:]))


def rules_across(box: Box, ink: np.ndarray) -> int:
    """Column rules the grid lost that still run across a cell: upright lines of ink from
    its top to its foot, away from its sides (a character's stroke keeps off one of its
    rules at least).  A rule cut out of the grid where the row rules across it broke (a
    dashed rule's block of two rows) runs two values into one cell, and a recogniser reads
    them as one number over the line ("11 | 29500" as 1129500)."""
    inner = ink[box.y0 : box.y1, box.x0 + _INSIDE : box.x1 - _INSIDE] > 0
    if inner.shape[1] < 2 or box.height < _TEXT_ROW:
        return 0
    # straight: a line leaning a pixel across the cell is still one, a seal's ring curving
    # across it is not
    upright = (inner[:, :-1] | inner[:, 1:]).all(axis=0)
    return int(np.count_nonzero(np.diff(upright.astype(np.int8)) == 1) + upright[0])


def _starts(grid: GridTable, row: int, box: Box) -> set[int]:
    """The left edges of ``row``'s cells inside ``box``: its column rules there."""
    return {b.x0 for b in grid.rows[row] if box.x0 + _INSIDE < b.x0 < box.x1 - _INSIDE}


def _rules_past_merged(grid: GridTable, r: int, box: Box, step: int) -> set[int]:
    """The rules inside ``box`` of the nearest row on one side (``step`` -1 above, 1 below)
    that is not merged as the cell is (a seal over two rows of values loses the same rule in
    both); none past ``_SEAL_ROWS`` such rows, or past a row with no cell of the same span."""
    n = r + step
    for _ in range(_SEAL_ROWS + 1):
        if not 0 <= n < len(grid.rows):
            return set()
        if not any(_same_column(b, box) for b in grid.rows[n]):
            # a rule of that row alone is no proof: a block's title centred in each title row
            # has a stroke read as a rule at the same place in all of them
            inside = _starts(grid, n, box)
            return {b.x0 for b in grid.rows[n] if b.x0 in inside and not false_rule(grid, n, b)}
        n += step
    return set()


def _heads_over(row: list[Box], box: Box) -> bool:
    """A cell of ``row`` spans ``box`` and more (a group's head: 复议后起诉 over its five)."""
    return any(
        b.x0 <= box.x0 + _SAME_RULE and b.x1 >= box.x1 - _SAME_RULE and b.width > box.width + 2 * _INSIDE for b in row
    )


def unlabelled(readings: list[list[CellReading]]) -> set[int]:
    """Rows of values without a label of their own, in a table whose other rows of values
    have one: a lost rule left them under a label cell of the row above (a statutory
    table's rows each carry their label; only table 4's single row of values has none,
    and so has every row of its table).  Whose values they are is a guess."""
    # rows holding a number: a speck in a header cell read as "." is no row of values
    valued = [r for r, row in enumerate(readings) if any(c.is_value and _has_digit(c.text) for c in row)]
    # a label anywhere in the row: its first cell may be an unread piece of a group label
    # that spans rows ("三、本年度办理结果" beside "（一）予以公开")
    labelled = {r for r in valued if any(not cell.is_value and cell.text.strip() for cell in readings[r])}
    return set(valued) - labelled if labelled else set()


def value_in_label(readings: list[list[CellReading]]) -> set[int]:
    """Rows of values whose label took in a value (``ocr_labels.ends_in_a_number``): the
    rule between them was lost, so every value of the row sits one place to the left.  The
    label is before the row's values: text after them (a seal's character over the last
    value, read with it) is no label."""
    out = set()
    for r, row in enumerate(readings):
        first = _first_value(row)
        if first is not None and any(not cell.is_value and ends_in_a_number(cell.text) for cell in row[:first]):
            out.add(r)
    return out
