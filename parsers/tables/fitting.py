"""Fitting the cells after a label to the n value positions of its row (format-spec §4.2): padding
at the ends, merged cells repeated, blank cells dropped; every inference flagged."""

from __future__ import annotations

from dataclasses import dataclass

from ..values import clean, is_value_text, parse_value


@dataclass
class Fit:
    cells: list[str] | None
    inferred: bool = False
    note: str = ""


def _value_cells(seg: list[str]) -> list[str]:
    """The cells that can take a value position: values, null markers and blanks (not notes or units)."""
    return [c for c in seg if not c.strip() or is_value_text(c)]


def _strip_ends(s: list[str], n: int, first: str) -> list[str]:
    t = list(s)
    for side in (first, "leading" if first == "trailing" else "trailing"):
        idx = -1 if side == "trailing" else 0
        while len(t) > n and not t[idx].strip():
            t.pop(idx)
    return t


def _fit_both_ends(s: list[str], n: int, pads: dict[int, tuple[int, int] | str]) -> Fit | str:
    """A row longer than n with blanks at both ends ("", 6 values, "", ""): padding in front and a blank
    总计, or the other way.  The rows of the same length tell (a Fit), or the side to strip first."""
    ref = pads.get(len(s))
    if (
        isinstance(ref, tuple)
        and len(s) - ref[0] - ref[1] == n
        and not any(c.strip() for c in s[: ref[0]] + s[len(s) - ref[1] :])
    ):
        return Fit(s[ref[0] : len(s) - ref[1]])
    if not isinstance(ref, str):
        return Fit(
            None,
            note=f"{len(s)} cells where {n} were expected, blank at both ends; cannot tell padding from blank cells",
        )
    return ref


def _fit_too_many(s: list[str], n: int, dropped: str | None) -> Fit:
    filled = [c for c in s if c.strip()]
    # a merged cell repeated in every grid column it spans (python-docx): collapse the repeats
    collapsed = [c for i, c in enumerate(filled) if i == 0 or clean(c) != clean(filled[i - 1])]
    if len(collapsed) == n and len(filled) > n:
        return Fit(collapsed, False, f"{len(filled)} values where {n} were expected; repeated cells collapsed")
    # a few cells too many: a colspan label's placeholders in front; twice as many or more is two rows
    # (or a column-wise run) and no choice of n of them is safe
    if n <= len(filled) < 2 * n:
        return Fit(filled[-n:], True, f"{len(filled)} values where {n} were expected; took the last {n}")
    if dropped == "natural_total" and len(filled) == 2 and s[0].strip() and s[-1].strip():
        return Fit(
            [s[0], *[""] * (n - 2), s[-1]],
            True,
            f"{len(s)} cells where {n} were expected, values only at both ends; read as natural and total",
        )
    return Fit(None, note=f"{len(s)} cells where {n} were expected; cannot place the blanks")


def _fit_too_few(s: list[str], n: int, dropped: str | None) -> Fit:
    """Fewer cells than positions: blank cells were dropped."""
    filled = [c for c in s if c.strip()]
    if not filled:
        return Fit([""] * n, note="" if s else "no cells after the label; read as blank")
    if dropped == "natural_total" and len(filled) == 2 and parse_value(filled[0]).value == parse_value(filled[1]).value:
        return Fit(
            [filled[0], *[""] * (n - 2), filled[1]],
            True,
            f"2 values where {n} were expected; read as natural and total (blank cells dropped)",
        )
    if dropped == "first" and len(filled) == 1 and len(s) <= 1:
        return Fit(
            [filled[0]] + [""] * (n - 1),
            True,
            f"1 value where {n} were expected; placed in the first column (blank cells dropped)",
        )
    return Fit(None, note=f"{len(filled)} values where {n} were expected; not placed")


def fit(
    seg: list[str],
    n: int,
    dropped: str | None = None,
    pad_first: str = "trailing",
    pads: dict[int, tuple[int, int] | str] | None = None,
) -> Fit:
    """Fit the cells after a label to the n value positions of the row.

    ``dropped`` says how a row whose blank cells vanished may be recovered, always flagged:
    ``"natural_total"`` (table 3: two equal values are 自然人 and 总计), ``"first"`` (table 2:
    a lone value sits in the first column), None (never).

    ``pads`` (segment length → how the table pads rows of that length, ``padding_by_length``)
    makes a row with blanks at both ends safe: which of them is padding and which a blank cell is
    read from the rows of the same length, else the row is not placed.

    A row with a cell OCR could not read (marker ``ocr_unreadable``) is placed only when its cells
    fit exactly: such a cell may be a label as well as a value.
    """
    s = _value_cells(seg)
    if len(s) == n:
        return Fit(s)
    if any(parse_value(c).marker == "ocr_unreadable" for c in s):
        # a cell OCR could not read may be a value, a label's piece or a rule's stroke: no
        # blank around it can be told for padding, nor any cell dropped, without a guess
        return Fit(None, note=f"{len(s)} cells where {n} were expected, some unreadable by OCR; not placed")
    if pads is not None and len(s) > n and _strip_ends(s, n, "trailing") != _strip_ends(s, n, "leading"):
        both = _fit_both_ends(s, n, pads)
        if isinstance(both, Fit):
            return both
        pad_first = both
    # padding cells (merged-cell placeholders, colspans) at the ends: strip the side the table
    # pads first (``pad_first``), then the other
    s = _strip_ends(s, n, pad_first)
    if len(s) == n:
        return Fit(s)
    return _fit_too_many(s, n, dropped) if len(s) > n else _fit_too_few(s, n, dropped)


def padding_side(segs: list[list[str]], n: int) -> str:
    """Which end of this table's rows carries padding, by the rows that show it unambiguously.

    A row longer than n whose last cell holds a value is padded in front (a colspan label);
    a row that is still n long once its trailing blanks go and ends in a value is padded behind.
    """
    front = behind = 0
    for seg in segs:
        s = _value_cells(seg)
        if len(s) <= n:
            continue
        if s[-1].strip():
            front += 1
            continue
        t = list(s)
        while t and not t[-1].strip():
            t.pop()
        if len(t) >= n and t[-1].strip():
            behind += 1
    return "leading" if front > behind else "trailing"


def padding_by_length(segs: list[list[str]], n: int) -> dict[int, tuple[int, int] | str]:
    """Segment length → how this table pads its rows of that length.

    From the complete rows (n values, no blank among them) of that length: the blank cells in
    front and behind, when they all agree; else from the rows of that length with a value at one
    end and blanks at the other: the padded end ("leading"/"trailing"), when they all agree.
    Rows of another length prove nothing (a label spanning two columns pads differently).
    """
    complete: dict[int, set[tuple[int, int]]] = {}
    sides: dict[int, set[str]] = {}
    for seg in segs:
        s = _value_cells(seg)
        filled = [i for i, c in enumerate(s) if c.strip()]
        if len(s) <= n or not filled:
            continue
        if len(filled) == n and filled[-1] - filled[0] == n - 1:
            complete.setdefault(len(s), set()).add((filled[0], len(s) - 1 - filled[-1]))
        elif s[-1].strip() and not s[0].strip():
            sides.setdefault(len(s), set()).add("leading")
        elif s[0].strip() and not s[-1].strip():
            sides.setdefault(len(s), set()).add("trailing")
    out: dict[int, tuple[int, int] | str] = {k: next(iter(v)) for k, v in sides.items() if len(v) == 1}
    out.update({k: next(iter(v)) for k, v in complete.items() if len(v) == 1})
    return out
