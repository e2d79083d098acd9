"""TODO"""

from __future__ import annotations

from .. import cells as registry
from ..form.t2_rows import T2_PATTERNS
from ..values import is_value_text
from .fitting import fit
from .labels import T2_SIGNALS_2019, T2_SIGNALS_2021, strip_numbering
from .reading import Anchor, Reading, kind_of
from .stream import Slot, is_label, is_prose
from .t2_columnwise import read_t2_blocks_without_rows, read_t2_columnwise, t2_unit
from .t3_find import segment


def read_t2(stream: list[Slot], r: Reading, stop: int, t3_layout: str | None) -> None:
    region = stream[:stop] if stop >= 0 else stream
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
    # a label seen more than once (a sub-heading in the prose, then the table row): keep the one whose
    # row carries the most values; on a tie the one inside a table, then the first
    best: dict[str, tuple[tuple[int, int, int], Anchor, list[str]]] = {}
    for k, a in enumerate(found):
        seg = segment(region, found, k, len(region) - 1)[0]
        score = (sum(1 for c in seg if c.strip() and is_value_text(c)), int(region[a.slot].from_table), -k)
        if a.key not in best or score > best[a.key][0]:
            best[a.key] = (score, a, seg)
    anchors = sorted((b[1] for b in best.values()), key=lambda a: (a.slot, a.cell))
    seen = set(best)
    core = [a for a in anchors if not a.key.startswith("ext:")]
    if len(core) < 2:
        read_t2_blocks_without_rows(region, r, seen)
        return
    first = min(a.slot for a in anchors)
    header_cells = []
    for slot in region[max(0, first - 3):]:
        header_cells.extend(n for n in slot.norms if is_label(n))
    header = "|".join(header_cells)
    s21 = sum(w in header for w in T2_SIGNALS_2021)
    s19 = sum(w in header for w in T2_SIGNALS_2019)
    if "other_services" in seen or "procurement" in seen:
        s19 += 1
    segs = {key: b[2] for key, b in best.items()}
    if s21 > s19:
        layout = "2021"
    elif s19 > s21:
        layout = "2019"
    else:
        lic = [c for c in segs.get("licensing", []) if c.strip()]
        layout = "2019" if len(lic) >= 3 else (t3_layout or "2021")
        r.warnings.append(f"t2: no header signature; layout taken as {layout}")
    r.layouts["t2"] = layout
    codes = registry.codes_for(layout, 2)
    r.codes.extend(codes)
    by_row: dict[str, list[str]] = {}
    for code in codes:
        by_row.setdefault(code.split(".")[1], []).append(code)
    for a in anchors:
        seg = segs[a.key]
        if a.key.startswith("ext:") or a.key not in by_row:
            slug = a.key.split(":")[-1]
            cols = [c.split(".")[-1] for c in by_row["rules"]] if a.key.startswith("ext:") else ["decisions"]
            f = fit(seg, len(cols))
            if f.cells is None:
                f = fit(seg, 1)
                cols = cols[-1:]
            label = stream[a.slot].cells[a.cell]
            if f.cells is None:
                r.warnings.append(f"t2: extra row {label!r} not read: {f.note}")
                continue
            for col, text in zip(cols, f.cells, strict=True):
                code = f"t2.ext.{slug}.{col}"
                r.put(code, text, "count")
                r.codes.append(code)
                r.ext_labels[code] = label.strip()
            r.warnings.append(f"t2: extra row {label.strip()!r} kept as t2.ext.{slug}.*")
            continue
        row_codes = by_row[a.key]
        f = fit(seg, len(row_codes), "first")
        if f.note:
            r.warnings.append(f"t2.{a.key}: {f.note}")
        if f.cells is None:
            continue
        for code, text in zip(row_codes, f.cells, strict=True):
            unit = None
            if code == "t2.fees.amount":
                unit = t2_unit(header, "收费金额") or "万元"
            elif code == "t2.procurement.amount":
                unit = t2_unit(header, "采购总金额")
            r.put(code, text, kind_of(code), unit=unit,
                  extra_flags=("position_inferred",) if f.inferred else ())
    if all(r.values[c].value is None for c in codes if c in r.values):
        if read_t2_columnwise(region, r, seen, layout):
            return
    missing = [row for row in by_row if row not in seen]
    if missing:
        r.warnings.append(f"t2: rows not found: {', '.join(missing)}")
