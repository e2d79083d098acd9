"""Table 3's rows that no label placed plainly: recovered only where nothing else can be meant.

Each pass runs after the labelled rows are placed (``t3.read_t3``) and writes a warning for what it
did: values beside a wrapped label's head, a run of values under a group cell whose sub-row labels
were lost, unlabelled value rows between labelled ones (only when their count is exact), and labels
with no cell at all (read as blank).  Rows whose values could be a neighbour's are never placed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..form.t3_rows import T3_GROUP_ROWS
from ..values import is_value_text
from .fitting import fit
from .reading import Anchor
from .stream import Slot, after_values, prev_nonempty, text_and_values, value_only
from .t3_labels import DOUBLED_NUMBERING, label_tail, match_t3

if TYPE_CHECKING:
    from .t3 import T3Table


def ambiguous_rows(
    stream: list[Slot], anchors: list[Anchor], segs: dict[str, list[str]], taken: dict[str, list[int]]
) -> dict[str, str]:
    """Rows whose values cannot be told from a neighbour's: row key → why.

    * two rows' labels on one line ("1.2.…" then the second label's text): the values below them may
      be either row's, and the other row's values sit somewhere else;
    * a label with nothing after it right before a label whose values are on the line below and whose
      text goes on after them with more values: the rows are taller than their values and the value
      rows may belong to either label.
    """
    out: dict[str, str] = {}
    rows = [a for a in anchors if not a.key.startswith("G:")]
    for k, a in enumerate(rows):
        m = DOUBLED_NUMBERING.search(stream[a.slot].norms[a.cell])
        own_line_values = bool(segs[a.key]) and not taken[a.key]
        if m and int(m.group(2)) == int(m.group(1)) + 1 and not own_line_values:
            out[a.key] = "two rows' labels on one line"
            if k + 1 < len(rows) and rows[k + 1].slot - a.slot <= 2:
                out[rows[k + 1].key] = "two rows' labels on one line"
    for k, (a, b) in enumerate(zip(rows, rows[1:], strict=False)):
        nxt = rows[k + 2].slot if k + 2 < len(rows) else len(stream)
        after = max(taken[b.key], default=b.slot) + 1
        # the tell: b's label goes on after those values, on a line of its own values ("处理 行政机关不再… 0 0 2")
        goes_on = after < nxt and after < len(stream) and text_and_values(stream[after])
        if not segs[a.key] and taken[b.key] and goes_on and b.key not in out:
            why = "values below the next row's label may be this row's"
            out.setdefault(a.key, why)
            out[b.key] = "values below the label may be the row above's"
    return out


def values_beside_label_head(
    stream: list[Slot], a: Anchor, key: str, anchors_at: dict[int, list[str]], consumed: set[int], start: int, n: int
) -> tuple[int, list[str]] | None:
    """The values of row ``key`` (its label at anchor a, with nothing after it) from the line above, when
    that line is the head of the same label with the row's values: returns the line and the cells.

    Only when the head's text matches no row of its own (a group cell may stand in front of it), the
    head with the label reads as this row, and the row above the head is complete (ends with its
    values): stacked labels whose values may be anyone's are never joined.
    """
    h = prev_nonempty(stream, a.slot)
    if h < start or h in consumed or any(not k.startswith("G:") for k in anchors_at.get(h, [])):
        return None
    head = stream[h]
    if head.from_table != stream[a.slot].from_table or not text_and_values(head):
        return None
    texts = [x for x in head.norms if x and not is_value_text(x)]
    first_value = next(i for i, x in enumerate(head.norms) if x and is_value_text(x))
    if any(x and not is_value_text(x) for x in head.norms[first_value:]):
        return None  # text after the values: not a label head and its row
    top, text = h, "".join(texts)
    above = prev_nonempty(stream, h)
    if (
        above >= start
        and above not in anchors_at
        and len(stream[above].cells) == 1
        and label_tail(stream[above]) is False
        and not value_only(stream[above])
        and len(stream[above].norms[0]) <= 20
        and match_t3(stream[above].norms[0], set(), None) is None
    ):
        top, text = above, stream[above].norms[0] + text  # the label's first line, then its middle with values
    head_key = match_t3(text, set(), None)
    if head_key is not None and not head_key.startswith("G:"):
        return None
    label = stream[a.slot].norms[a.cell]
    if match_t3(text + label, set(), "G:other" if key == "other.other" else None) != key:
        return None
    if not (after_values(stream, top) or any(k.startswith("G:") for k in anchors_at.get(top, []))):
        return None
    f = fit(head.cells[first_value:], n)
    if f.cells is None or f.inferred:
        return None
    return h, f.cells


def place_beside_label_heads(t: T3Table) -> None:
    """A label whose values sit on the line above, beside the head of the same label (pdftotext -layout
    puts a wrapped row's values on its first line: "3. 要求提  0 0 0 0 0 0 0" / "供公开出版物")."""
    anchors_at: dict[int, list[str]] = {}
    for b in t.all_anchors:
        anchors_at.setdefault(b.slot, []).append(b.key)
    for key in list(t.floating):
        if key in t.found or key not in t.rows or key not in t.best:  # (other.all is anchored as its group cell)
            continue
        got = values_beside_label_head(t.stream, t.best[key], key, anchors_at, t.consumed, t.start, t.n)
        if got is None:
            continue
        j, cells_ = got
        t.put_row(key, cells_)
        t.placed[key] = t.best[key].slot
        t.consumed.add(j)
        t.floating.remove(key)
        t.r.warnings.append(f"t3.{key}: values on the line of the label's first part; joined")


def place_group_runs(t: T3Table) -> None:
    """A run of values under a group cell whose sub-row labels were lost: by count, only when exact."""
    for group, sub in T3_GROUP_ROWS.items():
        sub = [s for s in sub if s in t.rows]
        missing = [s for s in sub if s not in t.found]
        if group not in t.keys or len(missing) != len(sub) or t.layout == "2019" and group == "G:other":
            continue
        seg = list(t.segs[group])
        vals = [c for c in seg if c.strip()]
        if len(seg) != len(sub) * t.n and len(vals) != len(sub) * t.n:
            continue
        use = seg if len(seg) == len(sub) * t.n else vals
        for k, row in enumerate(sub):
            t.put_row(row, use[k * t.n : (k + 1) * t.n], ("label_missing",))
            t.placed[row] = t.best[group].slot
        t.r.warnings.append(f"t3: {len(sub)} rows under {group[2:]} had no labels; placed by count")


def _unlabelled_rows(t: T3Table) -> list[tuple[int, list[str]]]:
    """Value rows without a label (a row whose label is only a fragment that matches nothing counts)."""
    unlabelled: list[tuple[int, list[str]]] = []
    anchor_slots = {a.slot for a in t.all_anchors}
    for j in range(t.start, t.end + 1):
        slot = t.stream[j]
        if j in t.consumed or j in anchor_slots or not any(n_ and is_value_text(n_) for n_ in slot.norms):
            continue
        if any(len(n_) > 20 for n_ in slot.norms if n_ and not is_value_text(n_)):
            continue
        f = fit(slot.cells, t.n)
        if f.cells is None or f.inferred:
            t.r.warnings.append(f"t3: stray cells {slot.cells!r} ignored")
            continue
        unlabelled.append((j, f.cells))
    return unlabelled


def place_unlabelled(t: T3Table) -> None:
    """Value rows without a label: placed in form order between the labelled rows around them,
    only when their number is exactly the number of rows missing there."""
    unlabelled = _unlabelled_rows(t)
    if not unlabelled:
        return
    rows = t.rows
    resolved = sorted((rows.index(k), t.placed[k]) for k in t.placed if k in rows)
    bounds = [(-1, t.start - 1), *resolved, (len(rows), t.end + 1)]
    for (fa, sa), (fb, sb) in zip(bounds, bounds[1:], strict=False):
        cand = [u for u in unlabelled if sa < u[0] < sb]
        if not cand:
            continue
        missing = [rows[x] for x in range(fa + 1, fb) if rows[x] not in t.found]
        if sb <= sa or len(cand) != len(missing):
            t.r.warnings.append(
                f"t3: {len(cand)} value rows without a label where {len(missing)} rows are missing; not placed"
            )
            continue
        for row, (_, cells_) in zip(missing, cand, strict=True):
            t.put_row(row, cells_, ("label_missing",))
        t.r.warnings.append(f"t3: rows {', '.join(missing)} had no labels; placed by form order")


def place_floating(t: T3Table) -> None:
    """A label with no cell at all after it: its cells were dropped as blank."""
    for key in t.floating:
        if key not in t.found and key in t.rows:
            t.put_row(key, [""] * t.n)
            t.r.warnings.append(f"t3.{key}: label without cells; read as blank")
