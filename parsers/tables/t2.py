"""Table 2 (proactive disclosure): the row labels of the form (``parsers.form.t2_rows``), the layout
from the header's signature, and each row's values; a row the form does not have is kept as
``t2.ext.<slug>.*``."""

from __future__ import annotations

from .. import cells as registry
from ..form.t2_rows import T2_PATTERNS
from ..values import is_value_text
from .fitting import fit
from .labels import T2_SIGNALS_2019, T2_SIGNALS_2021, strip_numbering
from .reading import Anchor, Reading, kind_of
from .stream import Slot, is_label, is_prose
from .t2_columnwise import amount_unit, read_t2_blocks_without_rows, read_t2_columnwise
from .t3_find import segment


def _t2_anchors(region: list[Slot]) -> list[Anchor]:
    found: list[Anchor] = []
    for i, slot in enumerate(region):
        if is_prose(slot) or (not slot.from_table and len(slot.cells) == 1 and len(slot.norms[0]) > 30):
            continue
        for ci, n in enumerate(slot.norms):
            if not is_label(n):
                continue
            body = strip_numbering(n)
            key = next((k for k, rx in T2_PATTERNS if rx.search(body)), None)
            if key:
                found.append(Anchor(key, i, ci))
    return found


def _best_anchors(region: list[Slot], found: list[Anchor]) -> dict[str, tuple[Anchor, list[str]]]:
    """A label seen more than once (a sub-heading in the prose, then the table row): keep the one whose
    row carries the most values; on a tie the one inside a table, then the first."""
    best: dict[str, tuple[tuple[int, int, int], Anchor, list[str]]] = {}
    for k, a in enumerate(found):
        seg = segment(region, found, k, len(region) - 1)[0]
        score = (sum(1 for c in seg if c.strip() and is_value_text(c)), int(region[a.slot].from_table), -k)
        if a.key not in best or score > best[a.key][0]:
            best[a.key] = (score, a, seg)
    return {key: (b[1], b[2]) for key, b in best.items()}


def _t2_layout(header: str, segs: dict[str, list[str]], t3_layout: str | None, r: Reading) -> str:
    """The layout by the header's signature words; else by the width of 行政许可, else table 3's."""
    s21 = sum(w in header for w in T2_SIGNALS_2021)
    s19 = sum(w in header for w in T2_SIGNALS_2019)
    if "other_services" in segs or "procurement" in segs:
        s19 += 1
    if s21 > s19:
        return "2021"
    if s19 > s21:
        return "2019"
    lic = [c for c in segs.get("licensing", []) if c.strip()]
    layout = "2019" if len(lic) >= 3 else (t3_layout or "2021")
    if len(lic) < 3:
        r.guessed.add("t2")
    r.warnings.append(f"t2: no header signature; layout taken as {layout}")
    return layout


def _read_extra_row(label: str, key: str, seg: list[str], by_row: dict[str, list[str]], r: Reading) -> None:
    """A row the form does not have (a province's extra row, or a row of the other layout): t2.ext.*."""
    slug = key.split(":")[-1]
    cols = [c.split(".")[-1] for c in by_row["rules"]] if key.startswith("ext:") else ["decisions"]
    f = fit(seg, len(cols))
    if f.cells is None:
        f = fit(seg, 1)
        cols = cols[-1:]
    if f.cells is None:
        r.warnings.append(f"t2: extra row {label!r} not read: {f.note}")
        return
    for col, text in zip(cols, f.cells, strict=True):
        code = f"t2.ext.{slug}.{col}"
        r.put(code, text, "count")
        r.codes.append(code)
        r.ext_labels[code] = label.strip()
    r.warnings.append(f"t2: extra row {label.strip()!r} kept as t2.ext.{slug}.*")


def _read_form_row(key: str, seg: list[str], row_codes: list[str], header: str, r: Reading) -> None:
    f = fit(seg, len(row_codes), "first")
    if f.note:
        r.warnings.append(f"t2.{key}: {f.note}")
    if f.cells is None:
        return
    for code, text in zip(row_codes, f.cells, strict=True):
        r.put(
            code,
            text,
            kind_of(code),
            unit=amount_unit(code, header),
            extra_flags=("position_inferred",) if f.inferred else (),
        )


def read_t2(stream: list[Slot], r: Reading, stop: int, t3_layout: str | None) -> None:
    """Read table 2 (before table 3's first row, when there is one) into ``r``."""
    region = stream[:stop] if stop >= 0 else stream
    best = _best_anchors(region, _t2_anchors(region))
    anchors = sorted((b[0] for b in best.values()), key=lambda a: (a.slot, a.cell))
    seen = set(best)
    if len([a for a in anchors if not a.key.startswith("ext:")]) < 2:
        read_t2_blocks_without_rows(region, r, seen)
        return
    first = min(a.slot for a in anchors)
    header = "|".join(n for slot in region[max(0, first - 3) :] for n in slot.norms if is_label(n))
    segs = {key: b[1] for key, b in best.items()}
    layout = _t2_layout(header, segs, t3_layout, r)
    r.layouts["t2"] = layout
    codes = registry.codes_for(layout, 2)
    r.codes.extend(codes)
    by_row: dict[str, list[str]] = {}
    for code in codes:
        by_row.setdefault(code.split(".")[1], []).append(code)
    for a in anchors:
        if a.key.startswith("ext:") or a.key not in by_row:
            _read_extra_row(stream[a.slot].cells[a.cell], a.key, segs[a.key], by_row, r)
        else:
            _read_form_row(a.key, segs[a.key], by_row[a.key], header, r)
    if all(r.values[c].value is None for c in codes if c in r.values):
        if read_t2_columnwise(region, r, seen, layout):
            return
    missing = [row for row in by_row if row not in seen]
    if missing:
        r.warnings.append(f"t2: rows not found: {', '.join(missing)}")
