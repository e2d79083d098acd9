"""Table 3 (requests received and handled): anchors → columns and layout → the rows' cells.

``read_t3`` finds the table's row labels (``t3_find``), decides its columns (the header, else the
rows' widths) and its layout (2021: three rows under （六）其他处理; 2019: one), and places each
labelled row's values.  The rows left over are then recovered only where that is safe
(``t3_rescue``): values beside a wrapped label's head, runs under a group cell, unlabelled value rows
in form order, labels with no cells at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import cells as registry
from ..values import is_value_text
from .fitting import padding_by_length, padding_side
from .reading import Anchor, Reading
from .stream import Slot
from .t3_find import find_t3, fit_or_join, segment
from .t3_rescue import ambiguous_rows, place_beside_label_heads, place_floating, place_group_runs, place_unlabelled

MERGED_LEGAL_COLUMNS = ["natural", "legal_all", "total"]


@dataclass
class T3Table:
    """What is known of one table 3 while its rows are placed."""

    stream: list[Slot]
    r: Reading
    start: int
    end: int
    anchors: list[Anchor]  # one per key: the anchor whose row carries the most values
    all_anchors: list[Anchor]  # every anchor found (a key may be anchored more than once)
    segs: dict[str, list[str]]  # key → the cells after its label
    taken: dict[str, list[int]]  # key → the stream rows below its label that its cells came from
    best: dict[str, Anchor]
    columns: list[str] = field(default_factory=list)
    layout: str = "2021"
    rows: list[str] = field(default_factory=list)  # the layout's row keys, in form order
    found: set[str] = field(default_factory=set)
    placed: dict[str, int] = field(default_factory=dict)  # row key → stream index of its values
    floating: list[str] = field(default_factory=list)  # labels with nothing after them
    consumed: set[int] = field(default_factory=set)  # stream rows whose values are placed

    @property
    def n(self) -> int:
        return len(self.columns)

    @property
    def keys(self) -> set[str]:
        return {a.key for a in self.anchors}

    def put_row(self, key: str, cells: list[str], flags: tuple[str, ...] = ()) -> None:
        for col, text in zip(self.columns, cells, strict=True):
            self.r.put(f"t3.{key}.{col}", text, "count", extra_flags=flags)
        self.found.add(key)


def _filled_values(seg: list[str]) -> int:
    return sum(1 for c in seg if c.strip() and is_value_text(c))


def _best_anchors(stream: list[Slot], anchors: list[Anchor], r: Reading, start: int, end: int) -> T3Table:
    """A key anchored more than once (a heading, a stray header row, then the real row): keep the anchor
    whose row carries the most values, the first one on a tie."""
    segs: dict[str, list[str]] = {}
    taken: dict[str, list[int]] = {}
    best: dict[str, Anchor] = {}
    for k, a in enumerate(anchors):
        seg, below = segment(stream, anchors, k, end)
        if a.key not in segs or _filled_values(seg) > _filled_values(segs[a.key]):
            segs[a.key], taken[a.key], best[a.key] = seg, below, a
    kept = sorted(best.values(), key=lambda a: (a.slot, a.cell))
    return T3Table(stream, r, start, end, kept, list(anchors), segs, taken, best)


def t3_columns(stream: list[Slot], start: int) -> tuple[list[str], str]:
    """Columns of table 3 from the header rows above its first data row (labels may be cut: 商业企/业)."""
    header: list[str] = []
    for j in range(max(0, start - 6), start):
        header.extend(stream[j].norms)
    joined = "|".join(header)
    subcols = sum(w in joined for w in ("商业", "科研", "社会公", "法律服"))
    if "法人或其他组织" in joined and subcols == 0:
        return list(MERGED_LEGAL_COLUMNS), "header"
    if subcols:
        return list(registry.T3_STANDARD_COLUMNS), "header"
    return list(registry.T3_STANDARD_COLUMNS), "default"


def _decide_columns(t: T3Table) -> None:
    """The rows' widths decide when the header is silent, and overrule a header that was cut to pieces."""
    columns, how = t3_columns(t.stream, t.start)
    widths = [len([c for c in s_ if c.strip()]) for key, s_ in t.segs.items() if not key.startswith("G:")]
    threes, sevens = sum(1 for w in widths if w == 3), sum(1 for w in widths if w == 7)
    if how == "default" and threes > len(widths) / 2:
        columns = list(MERGED_LEGAL_COLUMNS)
    elif len(columns) == 3 and sevens > threes:
        columns = list(registry.T3_STANDARD_COLUMNS)
    if "legal_all" in columns:
        t.r.t3_merged_legal = True
        t.r.warnings.append("t3: 法人或其他组织 given as one column (legal_all)")
    t.columns = columns


def _decide_layout(t: T3Table) -> None:
    """2021 has three sub-rows under （六）其他处理, 2019 a single row with values."""
    if t.keys & {"other.no_correction", "other.unpaid_fee", "other.other"}:
        layout = "2021"
    elif "G:other" in t.keys:
        layout = "2019"
    else:
        layout = "2021"
        t.r.guessed.add("t3")
        t.r.warnings.append(f"t3: （六）其他处理 not found; layout taken as {layout}")
    t.r.layouts["t3"] = t.layout = layout
    t.rows = [row.key for row in registry.t3_rows(layout)]
    t.r.codes.extend(_codes(t.r, layout))


def _codes(r: Reading, layout: str) -> list[str]:
    """Table 3's cell codes in ``layout``: its rows by the columns it is printed with."""
    printed = set(registry.T3_STANDARD_COLUMNS) | ({"legal_all"} if r.t3_merged_legal else set())
    columns = [c.key for c in registry.T3_COLUMNS if c.key in printed]
    return [f"t3.{row.key}.{col}" for row in registry.t3_rows(layout) for col in columns]


def _place_labelled_rows(t: T3Table) -> None:
    row_segs = [t.segs[a.key] for a in t.anchors if not a.key.startswith("G:")]
    pad_first = padding_side(row_segs, t.n)
    pads = padding_by_length(row_segs, t.n)
    t.consumed = {j for below in t.taken.values() for j in below}
    ambiguous = ambiguous_rows(t.stream, t.anchors, t.segs, t.taken)
    for key, why in ambiguous.items():
        t.r.warnings.append(f"t3.{key}: {why}; not placed")
    for a in t.anchors:
        key = "other.all" if a.key == "G:other" and t.layout == "2019" else a.key
        if key.startswith("G:") or key in ambiguous:
            continue
        if not t.segs[a.key]:
            t.floating.append(key)
            continue
        _place_labelled_row(t, a, key, pad_first, pads)


def _place_labelled_row(
    t: T3Table, a: Anchor, key: str, pad_first: str, pads: dict[int, tuple[int, int] | str]
) -> None:
    seg, taken = t.segs[a.key], t.taken[a.key]
    spread = [j for j in taken if any(t.stream[j].norms)]
    values = sum(1 for c in seg if c.strip())
    if len(spread) >= 2 and values > t.n:
        # values below the label on several lines that do not make one row: a column-wise run
        # (pdftotext without -layout) or two rows interleaved; nothing says which value is whose
        t.r.warnings.append(
            f"t3.{key}: {values} values on {len(spread)} lines below the label where {t.n} were expected; not placed"
        )
        return
    f, joined = fit_or_join(t.stream, seg, taken, a, t.anchors, t.end, t.n, "natural_total", pad_first, pads)
    t.consumed.update(joined)
    if f.note:
        t.r.warnings.append(f"t3.{key}: {f.note}")
    if f.cells is None:
        return
    t.placed[key] = a.slot
    t.put_row(key, f.cells, ("position_inferred",) if f.inferred else ())


def read_t3(stream: list[Slot], r: Reading) -> tuple[int, int]:
    """Read table 3 into ``r``; returns the stream range it spans ((-1, -1) when there is none)."""
    anchors, start, end = find_t3(stream)
    if not anchors:
        return -1, -1
    t = _best_anchors(stream, anchors, r, start, end)
    _decide_columns(t)
    _decide_layout(t)
    _place_labelled_rows(t)
    place_beside_label_heads(t)
    place_group_runs(t)
    place_unlabelled(t)
    place_floating(t)
    r.t3_found = t.found
    return start, end


def missing_rows(r: Reading) -> list[str]:
    """Table 3's rows in its settled layout that were not read (none when there is no table 3)."""
    layout = r.layouts["t3"]
    return [row.key for row in registry.t3_rows(layout) if row.key not in r.t3_found] if layout else []


def take_layout(r: Reading, layout: str) -> None:
    """Table 3 laid out as ``layout`` (table 2's) when its own rows did not say which it is (no
    （六）其他处理 row was read: a seal over it, a table cut at the page's edge).  The two
    layouts differ only in those rows; none of them holds a value, so only their codes
    change.  Left as it is when one does (a row placed in form order)."""
    old, new = _codes(r, r.layouts["t3"] or "2021"), _codes(r, layout)
    if any(code in r.values for code in set(old) - set(new)):
        return
    at, dropped = r.codes.index(old[0]), set(old)
    r.codes = r.codes[:at] + new + [c for c in r.codes[at:] if c not in dropped]
    r.layouts["t3"] = layout
    r.warnings.append(f"t3: layout taken from table 2 ({layout})")
