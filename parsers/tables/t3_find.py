"""Where table 3 is: its anchors (row labels) and the stream range it spans, and the cells after
each anchor (``segment``, also used by table 2)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .fitting import Fit, fit
from .labels import strip_numbering
from .reading import Anchor
from .stream import Slot, after_values, fragment_and_values, is_label, is_prose, prev_nonempty, value_only
from .t3_labels import (
    NEW_ROW,
    has_values_after,
    label_lines,
    label_tail,
    match_t3,
    t3_header_row,
    t3_headings_above,
    t3_start_without_first_rows,
)


def _t3_start(stream: list[Slot]) -> int | None:
    """The row of 本年新收 (its label on one line, or wrapped over several), else the first specific row."""
    for i, slot in enumerate(stream):
        if is_prose(slot):
            continue
        if any(NEW_ROW.match(strip_numbering(n)) and is_label(n) and len(n) <= 40 for n in slot.norms):
            return i
        wrapped = label_lines(stream, i) if len(slot.norms) >= 1 and slot.norms[0] else None
        if wrapped and NEW_ROW.match(strip_numbering(wrapped[0])):
            return i
    return t3_start_without_first_rows(stream)


@dataclass
class _Scan:
    """The anchors read so far down table 3."""

    start: int
    anchors: list[Anchor] = field(default_factory=list)
    matched: set[str] = field(default_factory=set)
    last: str | None = None
    done: bool = False  # 结转下年度 read with its values: the table ends at the next row without a label
    wrapped_end: int = -1  # the last line of the last label read over several lines

    def add(self, key: str, slot: int, cell: int) -> None:
        self.anchors.append(Anchor(key, slot, cell))
        if not key.startswith("G:"):
            self.matched.add(key)
        self.last = key


def _table_over(stream: list[Slot], i: int, scan: _Scan) -> bool:
    slot = stream[i]
    if is_prose(slot):
        return True
    return "carried_forward" in scan.matched and any(n.startswith("行政复议") and len(n) <= 8 for n in slot.norms)


def _anchor_wrapped_label(stream: list[Slot], i: int, scan: _Scan) -> None:
    """A label wrapped over lines that starts at row i (its first piece is no row label of its own)."""
    first = stream[i].norms[0] if stream[i].norms else ""
    if not is_label(first) or not (match_t3(first, scan.matched, scan.last) or "G:").startswith("G:"):
        return
    if not (i == scan.start or after_values(stream, i) or prev_nonempty(stream, i) == scan.wrapped_end):
        return
    wrapped = label_lines(stream, i)
    key = match_t3(wrapped[0], scan.matched, scan.last) if wrapped else None
    if wrapped and key and not key.startswith("G:") and not scan.done:
        scan.add(key, wrapped[1].slot, wrapped[1].cell)
        scan.wrapped_end = wrapped[2]


def _anchor_row_labels(stream: list[Slot], i: int, scan: _Scan) -> bool:
    """The row labels among row i's cells; returns whether any was anchored."""
    slot = stream[i]
    found_here = False
    for ci, n in enumerate(slot.norms):
        key = match_t3(n, scan.matched, scan.last) if is_label(n) else None
        if key is None:
            continue
        if key == "total" and (t3_header_row(slot) or t3_headings_above(stream, i)):
            continue  # the 总计 of a header row repeated after a page break, not the row of totals
        if scan.done and key != "carried_forward":
            continue
        scan.add(key, i, ci)
        found_here = True
        if key == "carried_forward" and has_values_after(stream, i, ci):
            scan.done = True
    return found_here


def find_t3(stream: list[Slot]) -> tuple[list[Anchor], int, int]:
    """Anchors of table 3 (a key may be anchored more than once), and the stream range it spans."""
    start = _t3_start(stream)
    if start is None:
        return [], -1, -1
    scan = _Scan(start)
    end = start
    for i in range(start, len(stream)):
        if _table_over(stream, i, scan):
            break  # the table is over
        _anchor_wrapped_label(stream, i, scan)
        found_here = _anchor_row_labels(stream, i, scan)
        if scan.done and not found_here and not value_only(stream[i]):
            break
        end = i
    anchors = sorted(scan.anchors, key=lambda a: (a.slot, a.cell))  # a wrapped label is anchored at its line of values
    return anchors, start, end


def segment(stream: list[Slot], anchors: list[Anchor], k: int, end: int) -> tuple[list[str], list[int]]:
    """The cells after anchor k: the rest of its row, or, when that holds no value, the value-only rows below.

    Returns the cells and the stream indices of the rows taken from below.
    """
    a = anchors[k]
    nxt = anchors[k + 1] if k + 1 < len(anchors) else None
    slot = stream[a.slot]
    stop = nxt.cell if nxt and nxt.slot == a.slot else len(slot.cells)
    own = slot.cells[a.cell + 1 : stop]
    if any(c.strip() for c in own) or (nxt and nxt.slot == a.slot):
        return own, []
    seg = list(own)
    taken: list[int] = []
    j = a.slot + 1
    limit = nxt.slot if nxt else end + 1
    # the label's wrapped tail on lines of its own before the values ("5.要求行政机关确认或重新" /
    # "出具已获取信息" / 0 …), where nothing marks the continuation (no tab, indented by spaces)
    # only right after the row above's values: where labels are stacked on lines of their own
    # ("5.属于三类内部事务信" / "息" / "1.本机关不掌握相关政" / "府信息" / values), the values may be any of theirs
    tail = j
    while tail < min(limit, j + 2, len(stream)) and label_tail(stream[tail]):
        tail += 1
    while tail < min(limit, len(stream)) and t3_header_row(stream[tail]) and after_values(stream, a.slot):
        tail += 1  # table 3's column headings repeated at the top of a page, between a label and its values
    if (
        tail > j
        and tail < min(limit, len(stream))
        and value_only(stream[tail])
        and any(stream[tail].norms)
        and after_values(stream, a.slot)
    ):
        j = tail
    while j < limit and j < len(stream) and value_only(stream[j]):
        seg.extend(stream[j].cells)
        taken.append(j)
        j += 1
    return seg, taken


def value_rows_after(stream: list[Slot], a: Anchor, anchors: list[Anchor], end: int) -> list[int]:
    """The value-only rows right below anchor a's row, up to the next anchor: a row broken in two."""
    later = [b.slot for b in anchors if b.slot > a.slot or (b.slot == a.slot and b.cell > a.cell)]
    if later and later[0] == a.slot:
        return []
    limit = min(later) if later else end + 1
    out = []
    j = a.slot + 1
    while (
        j < limit
        and j < len(stream)
        and any(stream[j].norms)
        and (value_only(stream[j]) or fragment_and_values(stream[j]))
    ):
        out.append(j)
        j += 1
    return out


def fit_or_join(
    stream: list[Slot],
    seg: list[str],
    taken: list[int],
    a: Anchor,
    anchors: list[Anchor],
    end: int,
    n: int,
    dropped: str | None,
    pad_first: str = "trailing",
    pads: dict[int, tuple[int, int] | str] | None = None,
) -> tuple[Fit, list[int]]:
    """Fit a row; when its own cells do not fit, try them joined with the value rows right below."""
    f = fit(seg, n, dropped, pad_first, pads)
    if (f.cells is not None and not f.inferred) or taken:
        return f, []
    below = value_rows_after(stream, a, anchors, end)
    if below:
        joined = list(seg)
        for j in below:
            joined.extend(stream[j].cells)
        f2 = fit(joined, n)
        if f2.cells is not None and not f2.inferred:
            return Fit(f2.cells, False, "row broken across lines; joined"), below
    return f, []
