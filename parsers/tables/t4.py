"""Table 4 (administrative reconsideration and litigation): 15 values after its header, in form
order; read in reading order only when the three 总计 identities hold."""

from __future__ import annotations

from .. import cells as registry
from ..values import is_value_text, parse_value
from .fitting import fit
from .labels import T4_HEADER_WORDS
from .reading import Reading
from .stream import Slot

_T4_GROUP_ORDER = [(g, o) for g, _, _ in registry.T4_GROUPS for o, _, _ in registry.T4_OUTCOMES]


def _t4_header(n: str) -> bool:
    return (
        any(w in n for w in ("行政复议", "行政诉讼", "复议后起诉", "直接起诉"))
        or n in T4_HEADER_WORDS
        or (all(ch in "结果维持纠正其他尚未审结总计合" for ch in n))
    )


def _t4_start(stream: list[Slot], begin: int) -> tuple[int | None, bool]:
    """The row of 行政复议's header cell; else the row after the section heading (from_heading)."""
    for i in range(max(begin, 0), len(stream)):
        if any(n.startswith("行政复议") and len(n) <= 8 for n in stream[i].norms) and (
            stream[i].from_table
            or len(stream[i].cells) > 1
            or any("行政诉讼" in n for s in stream[i : i + 8] for n in s.norms)
        ):
            return i, False
    # the header cells broken into pieces ("行" / "政复议"): start after the section heading
    for i in range(max(begin, 0), len(stream)):
        n = stream[i].norms[0] if stream[i].norms else ""
        if len(stream[i].cells) == 1 and "行政复议" in n and "诉讼" in n and len(n) <= 40:
            return i + 1, True
    return None, False


def _t4_values(stream: list[Slot], start: int) -> tuple[list[str], bool]:
    """The value cells below the header, and whether header words came again after values.

    Header rows give nothing (their empties are merged-cell placeholders); a row gives the
    value cells after its last header cell, when it has any value at all.  Header words after
    values mean a column-wise rendering (pdftotext without -layout): the values are interleaved.
    """
    values: list[str] = []
    interleaved = False
    for j in range(start, min(len(stream), start + 60)):
        slot = stream[j]
        texts = [n for n in slot.norms if n and not is_value_text(n) and not _t4_header(n)]
        if any(len(t) > 12 for t in texts):
            break
        if values and any(n and not is_value_text(n) for n in slot.norms):
            interleaved = True
        h = max((ci for ci, n in enumerate(slot.norms) if n and not is_value_text(n)), default=-1)
        tail = [
            (c, n) for c, n in zip(slot.cells[h + 1 :], slot.norms[h + 1 :], strict=True) if not n or is_value_text(n)
        ]
        if any(n for _, n in tail) or (values and h < 0 and tail and not slot.from_table):
            values.extend(c for c, _ in tail)  # (a lone blank line between values is an empty cell)
        if len(values) >= 15:
            break
    return values, interleaved


def _place_t4(values: list[str], interleaved: bool, codes: list[str], r: Reading) -> None:
    f = fit(values, 15)
    if f.note:
        r.warnings.append(f"t4: {f.note}")
    if f.cells is None:
        return
    inferred = f.inferred
    if interleaved:
        # the values came between header words: their order is the text flow's, not the table's
        if f.inferred or not _t4_identities_hold([parse_value(c).value for c in f.cells]):
            r.warnings.append(
                "t4: values interleaved with the header words and the 总计 identities do not hold; not placed"
            )
            return
        inferred = True
        r.warnings.append(
            "t4: values interleaved with the header words; placed in reading order (the 总计 identities hold)"
        )
    for code, text in zip(codes, f.cells, strict=True):
        r.put(code, text, "count", extra_flags=("position_inferred",) if inferred else ())


def read_t4(stream: list[Slot], r: Reading, begin: int) -> None:
    """Read table 4 (after table 3's last row, when there is one) into ``r``."""
    start, from_heading = _t4_start(stream, begin)
    if start is None:
        _read_t4_after_column_words(stream, r, begin)
        return
    values, interleaved = _t4_values(stream, start)
    if from_heading and len([v for v in values if v.strip()]) < 15:
        return  # only the section heading: no table 4 here
    r.layouts["t4"] = "standard"
    codes = [f"t4.{g}.{o}" for g, o in _T4_GROUP_ORDER]
    r.codes.extend(codes)
    if not values:
        r.warnings.append("t4: header found but no values")
        return
    _place_t4(values, interleaved, codes, r)


_T4_COLUMN_WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结")


def _t4_identities_hold(values: list[int | float | None]) -> bool:
    """Each group's 总计 is the sum of its four outcomes (format-spec §2.5)."""
    for g in range(3):
        group = values[g * 5 : g * 5 + 5]
        if any(v is None for v in group) or sum(group[:4]) != group[4]:  # type: ignore[arg-type]
            return False
    return True


def _values_after_column_words(stream: list[Slot], start: int) -> list[str]:
    """The value cells from row start on, up to the first text that is no header word."""
    values: list[str] = []
    for j in range(start, min(len(stream), start + 12)):
        for n, c in zip(stream[j].norms, stream[j].cells, strict=True):
            if not n or _t4_header(n):
                continue
            if not is_value_text(n):
                return values
            values.append(c)
    return values


def _read_t4_after_column_words(stream: list[Slot], r: Reading, begin: int) -> None:
    """Table 4 whose 行政复议/行政诉讼 header cells were lost (antiword drops a nested header table).

    What is left is the column words (结果维持 … 总计, 未经复议直接起诉, 复议后起诉) and, after them, the
    values in reading order.  Blank cells cannot be told from header placeholders there, so the values
    are placed only when there are exactly 15 and the three 总计 identities hold; flagged
    ``position_inferred``.  Otherwise the table stays null with a warning.
    """
    start = None
    for i in range(max(begin, 0), len(stream)):
        words = sum(1 for n in stream[i].norms if n in _T4_COLUMN_WORDS)
        if words >= 3 and any(w in n for n in stream[i].norms for w in ("直接起诉", "复议后起诉", "总计")):
            start = i
            break
    if start is None:
        return
    values = _values_after_column_words(stream, start)
    codes = [f"t4.{g}.{o}" for g, o in _T4_GROUP_ORDER]
    r.layouts["t4"] = "standard"
    r.codes.extend(codes)
    parsed = [parse_value(v).value for v in values]
    if len(values) != 15 or not _t4_identities_hold(parsed):
        r.warnings.append(
            f"t4: header cells lost; {len(values)} values after the column words, not placed "
            "(placed only when there are 15 and the 总计 identities hold)"
        )
        return
    for code, text in zip(codes, values, strict=True):
        r.put(code, text, "count", extra_flags=("position_inferred",))
    r.warnings.append("t4: header cells lost; 15 values placed in reading order (the 总计 identities hold)")
