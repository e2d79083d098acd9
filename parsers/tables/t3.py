"""TODO"""

from __future__ import annotations

from .. import cells as registry
from ..form.t3_rows import T3_GROUP_ROWS
from ..values import is_value_text
from .fitting import fit, padding_by_length, padding_side
from .reading import Anchor, Reading
from .stream import Slot, after_values, prev_nonempty, text_and_values, value_only
from .t3_find import find_t3, fit_or_join, segment
from .t3_labels import DOUBLED_NUMBERING, label_tail, match_t3


def t3_columns(stream: list[Slot], start: int) -> tuple[list[str], str]:
    """Columns of table 3 from the header rows above its first data row (labels may be cut: 商业企/业)."""
    header: list[str] = []
    for j in range(max(0, start - 6), start):
        header.extend(stream[j].norms)
    joined = "|".join(header)
    subcols = sum(w in joined for w in ("商业", "科研", "社会公", "法律服"))
    if "法人或其他组织" in joined and subcols == 0:
        return ["natural", "legal_all", "total"], "header"
    if subcols:
        return list(registry.T3_STANDARD_COLUMNS), "header"
    return list(registry.T3_STANDARD_COLUMNS), "default"


def ambiguous_rows(stream: list[Slot], anchors: list[Anchor], segs: dict[str, list[str]],
                    taken: dict[str, list[int]]) -> dict[str, str]:
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


def values_beside_label_head(stream: list[Slot], a: Anchor, key: str, anchors_at: dict[int, list[str]],
                              consumed: set[int], start: int, n: int) -> tuple[int, list[str]] | None:
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
    if above >= start and above not in anchors_at and len(stream[above].cells) == 1 and \
            label_tail(stream[above]) is False and not value_only(stream[above]) and \
            len(stream[above].norms[0]) <= 20 and match_t3(stream[above].norms[0], set(), None) is None:
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


def read_t3(stream: list[Slot], r: Reading) -> tuple[int, int]:
    anchors, start, end = find_t3(stream)
    if not anchors:
        return -1, -1
    all_anchors = list(anchors)
    columns, how = t3_columns(stream, start)
    # a key anchored more than once (a heading, a stray header row, then the real row): keep the anchor
    # whose row carries the most values, the first one on a tie
    segs: dict[str, list[str]] = {}
    taken: dict[str, list[int]] = {}
    best: dict[str, Anchor] = {}
    for k, a in enumerate(anchors):
        seg, below = segment(stream, anchors, k, end)
        filled = sum(1 for c in seg if c.strip() and is_value_text(c))
        if a.key not in segs or filled > sum(1 for c in segs[a.key] if c.strip() and is_value_text(c)):
            segs[a.key], taken[a.key], best[a.key] = seg, below, a
    anchors = sorted(best.values(), key=lambda a: (a.slot, a.cell))
    # the rows' widths decide when the header is silent, and overrule a header that was cut to pieces
    widths = [len([c for c in s_ if c.strip()]) for key, s_ in segs.items() if not key.startswith("G:")]
    threes, sevens = sum(1 for w in widths if w == 3), sum(1 for w in widths if w == 7)
    if how == "default" and threes > len(widths) / 2:
        columns = ["natural", "legal_all", "total"]
    elif len(columns) == 3 and sevens > threes:
        columns = list(registry.T3_STANDARD_COLUMNS)
    if "legal_all" in columns:
        r.t3_merged_legal = True
        r.warnings.append("t3: 法人或其他组织 given as one column (legal_all)")
    keys = {a.key for a in anchors}
    row_segs = [segs[a.key] for a in anchors if not a.key.startswith("G:")]
    pad_first = padding_side(row_segs, len(columns))
    pads = padding_by_length(row_segs, len(columns))
    # layout: 2021 has three sub-rows under （六）其他处理, 2019 a single row with values
    if keys & {"other.no_correction", "other.unpaid_fee", "other.other"}:
        layout = "2021"
    elif "G:other" in keys:
        layout = "2019"
    else:
        layout = "2021"
        r.warnings.append(f"t3: （六）其他处理 not found; layout taken as {layout}")
    r.layouts["t3"] = layout
    n = len(columns)
    rows = [row.key for row in registry.t3_rows(layout)]
    all_cols = list(registry.T3_STANDARD_COLUMNS) + (["legal_all"] if r.t3_merged_legal else [])
    for row in rows:
        for col in [c.key for c in registry.T3_COLUMNS if c.key in all_cols]:
            r.codes.append(f"t3.{row}.{col}")
    found: set[str] = set()
    placed: dict[str, int] = {}  # row key → stream index of its values
    floating: list[str] = []  # labels with nothing after them
    consumed = {j for below in taken.values() for j in below}
    ambiguous = ambiguous_rows(stream, anchors, segs, taken)
    for key, why in ambiguous.items():
        r.warnings.append(f"t3.{key}: {why}; not placed")
    for a in anchors:
        key = a.key
        if key == "G:other" and layout == "2019":
            key = "other.all"
        if key.startswith("G:") or key in ambiguous:
            continue
        if not segs[a.key]:
            floating.append(key)
            continue
        spread = [j for j in taken[a.key] if any(stream[j].norms)]
        if len(spread) >= 2 and sum(1 for c in segs[a.key] if c.strip()) > n:
            # values below the label on several lines that do not make one row: a column-wise run
            # (pdftotext without -layout) or two rows interleaved; nothing says which value is whose
            r.warnings.append(f"t3.{key}: {sum(1 for c in segs[a.key] if c.strip())} values on {len(spread)} lines "
                              f"below the label where {n} were expected; not placed")
            continue
        f, joined = fit_or_join(stream, segs[a.key], taken[a.key], a, anchors, end, n, "natural_total", pad_first,
                                 pads)
        consumed.update(joined)
        if f.note:
            r.warnings.append(f"t3.{key}: {f.note}")
        if f.cells is None:
            continue
        found.add(key)
        placed[key] = a.slot
        for col, text in zip(columns, f.cells, strict=True):
            r.put(f"t3.{key}.{col}", text, "count", extra_flags=("position_inferred",) if f.inferred else ())
    # a label whose values sit on the line above, beside the head of the same label (pdftotext -layout
    # puts a wrapped row's values on its first line: "3. 要求提  0 0 0 0 0 0 0" / "供公开出版物")
    anchors_at: dict[int, list[str]] = {}
    for b in all_anchors:
        anchors_at.setdefault(b.slot, []).append(b.key)
    for key in list(floating):
        if key in found or key not in rows or key not in best:  # (other.all is anchored as its group cell)
            continue
        got = values_beside_label_head(stream, best[key], key, anchors_at, consumed, start, n)
        if got is None:
            continue
        j, cells_ = got
        for col, text in zip(columns, cells_, strict=True):
            r.put(f"t3.{key}.{col}", text, "count")
        found.add(key)
        placed[key] = best[key].slot
        consumed.add(j)
        floating.remove(key)
        r.warnings.append(f"t3.{key}: values on the line of the label's first part; joined")
    # a run of values under a group cell whose sub-row labels were lost: by count, only when exact
    for group, sub in T3_GROUP_ROWS.items():
        sub = [s for s in sub if s in rows]
        missing = [s for s in sub if s not in found]
        if group not in keys or len(missing) != len(sub) or layout == "2019" and group == "G:other":
            continue
        seg = list(segs[group])
        vals = [c for c in seg if c.strip()]
        if len(seg) == len(sub) * n or len(vals) == len(sub) * n:
            use = seg if len(seg) == len(sub) * n else vals
            for k, row in enumerate(sub):
                for col, text in zip(columns, use[k * n:(k + 1) * n], strict=True):
                    r.put(f"t3.{row}.{col}", text, "count", extra_flags=("label_missing",))
                found.add(row)
                placed[row] = best[group].slot
            r.warnings.append(f"t3: {len(sub)} rows under {group[2:]} had no labels; placed by count")
    # value rows without a label: placed in form order between the labelled rows around them,
    # only when their number is exactly the number of rows missing there
    # (a row whose label is only a fragment that matches nothing counts as unlabelled)
    unlabelled: list[tuple[int, list[str]]] = []
    anchor_slots = {a.slot for a in all_anchors}
    for j in range(start, end + 1):
        slot = stream[j]
        if j in consumed or j in anchor_slots or not any(n_ and is_value_text(n_) for n_ in slot.norms):
            continue
        if any(len(n_) > 20 for n_ in slot.norms if n_ and not is_value_text(n_)):
            continue
        f = fit(slot.cells, n)
        if f.cells is None or f.inferred:
            r.warnings.append(f"t3: stray cells {slot.cells!r} ignored")
            continue
        unlabelled.append((j, f.cells))
    if unlabelled:
        resolved = sorted((rows.index(k), placed[k]) for k in placed if k in rows)
        bounds = [(-1, start - 1), *resolved, (len(rows), end + 1)]
        for (fa, sa), (fb, sb) in zip(bounds, bounds[1:], strict=False):
            cand = [u for u in unlabelled if sa < u[0] < sb]
            if not cand:
                continue
            missing = [rows[x] for x in range(fa + 1, fb) if rows[x] not in found]
            if sb <= sa or len(cand) != len(missing):
                r.warnings.append(f"t3: {len(cand)} value rows without a label where {len(missing)} rows are "
                                  "missing; not placed")
                continue
            for row, (_, cells_) in zip(missing, cand, strict=True):
                for col, text in zip(columns, cells_, strict=True):
                    r.put(f"t3.{row}.{col}", text, "count", extra_flags=("label_missing",))
                found.add(row)
            r.warnings.append(f"t3: rows {', '.join(missing)} had no labels; placed by form order")
    # a label with no cell at all after it: its cells were dropped as blank
    for key in floating:
        if key not in found and key in rows:
            for col in columns:
                r.put(f"t3.{key}.{col}", "", "count")
            found.add(key)
            r.warnings.append(f"t3.{key}: label without cells; read as blank")
    missing_rows = [row for row in rows if row not in found]
    if missing_rows:
        r.warnings.append(f"t3: rows not found: {', '.join(missing_rows)}")
    return start, end
