"""Synthetic annual reports: consistent cell values plus the prose around them.

Fast and deterministic (one ``random.Random`` seeded from agency, year and
seed), because the portal farm calls it for thousands of agencies.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from parsers.cells import T3_APPLICANT_COLUMNS, T4_GROUPS, T4_OUTCOMES, codes_for, t3_rows

# Null markers as printed, and the marker name the parser reports for them.
MARKER_TEXT = {"blank": "", "slash": "/", "dash": "-", "wu": "无"}

LAYOUTS = {
    "2021": {"t2": "2021", "t3": "2021", "t4": "standard"},
    "2019": {"t2": "2019", "t3": "2019", "t4": "standard"},
    # a 2019-style table 2 kept beside a 2021 table 3 (format-spec §3: seen in 2022-2023 reports)
    "hybrid": {"t2": "2019", "t3": "2021", "t4": "standard"},
}


def _rng(agency: str, year: int, seed: int) -> random.Random:
    digest = hashlib.blake2b(f"{agency}|{year}|{seed}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def report_codes(layouts: dict[str, str]) -> list[str]:
    """Every code a report with these per-table layouts carries, in form order."""
    return codes_for(layouts["t2"], 2) + codes_for(layouts["t3"], 3) + codes_for("2021", 4)


def _small(rng: random.Random, scale: int, p_zero: float) -> int:
    if rng.random() < p_zero:
        return 0
    return rng.randint(1, max(1, scale))


def normative_documents(agency: str, year: int) -> tuple[int, int, int]:
    """(issued, repealed, in force) of an agency's normative documents in a year.

    Keyed by agency and year only and chained from 2020, so that in force (N) =
    in force (N-1) + issued (N) - repealed (N) (cross-year check 6) holds in every
    synthetic archive whichever seed renders a year.
    """
    in_force = random.Random(f"normative|{agency}").randint(5, 30)
    issued = repealed = 0
    for y in range(2021, year + 1):
        r = random.Random(f"normative|{agency}|{y}")
        issued, repealed = r.randint(0, 6), r.randint(0, 3)
        repealed = min(repealed, in_force + issued)
        in_force += issued - repealed
    return issued, repealed, in_force


def _t2_values(
    rng: random.Random, t2_layout: str, scale: int, zero: bool, normative: tuple[int, int, int] = (0, 0, 0)
) -> dict[str, int | float]:
    big = 0 if zero else scale * 40
    if t2_layout == "2021":
        return {
            "t2.rules.issued": 0,
            "t2.rules.repealed": 0,
            "t2.rules.in_force": 0,
            "t2.normative.issued": normative[0],
            "t2.normative.repealed": normative[1],
            "t2.normative.in_force": normative[2],
            "t2.licensing.decisions": rng.randint(0, big * 5) if big else 0,
            "t2.punishment.decisions": rng.randint(0, big) if big else 0,
            "t2.coercion.decisions": rng.randint(0, max(1, big // 10)) if big else 0,
            "t2.fees.amount": round(rng.uniform(0, 60), 2) if rng.random() < 0.4 else 0,
        }
    v: dict[str, int | float] = {}
    for row in ("rules", "normative"):
        made = rng.randint(0, 8) if row == "normative" else 0
        v[f"t2.{row}.made"] = made
        v[f"t2.{row}.published"] = made
        v[f"t2.{row}.total_published"] = made + rng.randint(0, 40)
    for row in ("licensing", "other_services", "punishment", "coercion"):
        v[f"t2.{row}.prev_count"] = rng.randint(0, 120)
        v[f"t2.{row}.change"] = rng.randint(-6, 6)
        v[f"t2.{row}.decisions"] = rng.randint(0, big * 3) if big else 0
    v["t2.fees.prev_count"] = rng.randint(0, 5)
    v["t2.fees.change"] = rng.randint(-2, 1)
    v["t2.procurement.count"] = rng.randint(0, 20)
    v["t2.procurement.amount"] = round(rng.uniform(0, 500), 2) if v["t2.procurement.count"] else 0
    return v


def carried_forward_natural(agency: str, year: int) -> int:
    """Requests an agency carries into year+1, the same whichever seed renders the year.

    Keyed by agency and year only, so that year N's 上年结转 equals year N-1's
    结转下年度 (cross-year check 5) in every synthetic archive.
    """
    return random.Random(f"carry|{agency}|{year}").randint(0, 3)


def _t3_values(
    rng: random.Random, t3_layout: str, scale: int, zero: bool, carry: tuple[int, int] | None = None
) -> dict[str, int]:
    rows = [r.key for r in t3_rows(t3_layout)]
    outcome_rows = [k for k in rows if k not in ("new", "carried_over", "total", "carried_forward")]
    # the outcomes most requests end in; the rest stay mostly zero
    common = {
        "granted",
        "partial",
        "unavailable.not_held",
        "rejected.petition",
        "rejected.duplicate",
        "other.other",
        "other.all",
        "denied.process_info",
        "unavailable.needs_creation",
    }
    v: dict[str, int] = {}
    for col in T3_APPLICANT_COLUMNS:
        active = not zero and (col == "natural" or rng.random() < 0.35)
        total = 0
        for row in outcome_rows:
            n = 0
            if active:
                n = _small(rng, scale, 0.45) if row in common else _small(rng, 2, 0.92)
            v[f"t3.{row}.{col}"] = n
            total += n
        carried_over = rng.randint(0, min(total, 3)) if active else 0
        carried_forward = rng.randint(0, 3) if active else 0
        if carry is not None:
            # natural persons chain across years; the other columns carry nothing
            carried_over, carried_forward = carry if col == "natural" else (0, 0)
            if col == "natural" and total < carried_over:
                # a carried-over request is handled this year: it needs an outcome
                v["t3.granted.natural"] += carried_over - total
                total = carried_over
        v[f"t3.total.{col}"] = total
        v[f"t3.carried_over.{col}"] = carried_over
        v[f"t3.carried_forward.{col}"] = carried_forward
        v[f"t3.new.{col}"] = total + carried_forward - carried_over
    for row in rows:
        v[f"t3.{row}.total"] = sum(v[f"t3.{row}.{c}"] for c in T3_APPLICANT_COLUMNS)
    return v


def _t4_values(rng: random.Random, scale: int, zero: bool) -> dict[str, int]:
    v: dict[str, int] = {}
    for g, _, _ in T4_GROUPS:
        parts = [0 if zero or rng.random() < 0.6 else rng.randint(1, max(1, scale // 3)) for _ in range(4)]
        for (o, _, _), n in zip(T4_OUTCOMES[:4], parts, strict=True):
            v[f"t4.{g}.{o}"] = n
        v[f"t4.{g}.total"] = sum(parts)
    return v


def fmt_value(code: str, value: int | float | None) -> str:
    """The value as a report prints it (signed increments keep their sign)."""
    if value is None:
        return ""
    if code.endswith(".change") and value > 0:
        return f"+{value}"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _apply_nulls(cells: dict, raw: dict, nulls: str, layouts: dict[str, str]) -> list[str]:
    """Print some cells with a null marker; the truth for them becomes null."""
    kind, _, scope = nulls.partition(":")
    marker = MARKER_TEXT[kind]
    if scope == "t2rules":
        targets = [c for c in cells if c.startswith("t2.rules.")]
    elif scope == "t4":
        targets = [c for c in cells if c.startswith("t4.") and cells[c] == 0]
    elif scope == "coercion":
        targets = [c for c in cells if c.startswith("t2.coercion.")]
    else:  # zeros of table 3 (Shanghai 2019 leaves most zeros blank, totals included)
        targets = [c for c in cells if c.startswith("t3.") and cells[c] == 0]
    for c in targets:
        cells[c] = None
        raw[c] = marker
    return targets


def _published(rng: random.Random, year: int) -> str:
    return (date(year + 1, 1, 5) + timedelta(days=rng.randint(0, 70))).isoformat()


def synth_report(
    agency: str,
    year: int,
    *,
    layout: str = "2021",
    seed: int = 0,
    published: str | None = None,
    zero: bool = False,
    broken: str | None = None,
    nulls: str | None = None,
    yuan: bool = False,
    scale: int = 6,
) -> dict:
    """A consistent synthetic report (see the package docstring for the keys)."""
    from docgen.prose import sections_for, title_for

    rng = _rng(agency, year, seed)
    layouts = dict(LAYOUTS[layout])
    cells: dict[str, int | float | None] = {}
    cells.update(_t2_values(rng, layouts["t2"], scale, zero, normative_documents(agency, year)))
    carry = None if zero else (carried_forward_natural(agency, year - 1), carried_forward_natural(agency, year))
    cells.update(_t3_values(rng, layouts["t3"], scale, zero, carry))
    cells.update(_t4_values(rng, scale, zero))
    cells = {c: cells[c] for c in report_codes(layouts)}
    notes: list[str] = []
    printed: dict[str, str] = {}  # cells printed other than their plain value

    if yuan:
        notes.append(_in_yuan(rng, cells, printed, layouts))
    if broken:
        notes.append(_break_identity(cells, broken))
    markers: dict[str, str] = {}
    if nulls:
        kind = nulls.partition(":")[0]
        for c in _apply_nulls(cells, printed, nulls, layouts):
            markers[c] = kind
        notes.append(f"Null markers ({nulls}) in {len(markers)} cells.")
    raw = {c: printed.get(c, fmt_value(c, v)) for c, v in cells.items()}

    report_layout = "hybrid" if layouts["t2"] != layouts["t3"] else layouts["t2"]
    return {
        "agency": agency,
        "year": year,
        "published": published or _published(rng, year),
        "layout": report_layout,
        "layouts": layouts,
        "title": title_for(agency, year),
        "cells": cells,
        "raw": raw,
        "markers": markers,
        "sections": sections_for(agency, year, cells, rng),
        "notes": " ".join(notes),
        "seed": seed,
    }


def _in_yuan(rng: random.Random, cells: dict, printed: dict[str, str], layouts: dict) -> str:
    """Print the fees (or procurement) amount in 元 instead of 万元; returns the note."""
    code = "t2.fees.amount" if layouts["t2"] == "2021" else "t2.procurement.amount"
    yuan_amount = rng.randint(1, 90) * 1000 + rng.choice([0, 500])
    cells[code] = yuan_amount / 10000
    printed[code] = f"{yuan_amount}元"
    return f"{code} is printed in 元 ({printed[code]}); the value is in 万元."


def _break_identity(cells: dict, broken: str) -> str:
    """Shift a total so the named identity fails, like seed 002 (its 总计 is 9, every outcome 0)."""
    if broken == "2":
        for c in ("t3.total.natural", "t3.total.total"):
            cells[c] = int(cells[c] or 0) + 9
        return "Breaks identity 2 (and 1) in the natural and total columns: (七)总计 is 9 too high."
    if broken == "3":
        cells["t3.new.total"] = int(cells["t3.new.total"] or 0) + 2
        return "Breaks identity 3 in row new (and 1 in the total column): its total is 2 too high."
    if broken == "4":
        cells["t4.review.total"] = int(cells["t4.review.total"] or 0) + 1
        return "Breaks identity 4 in group review: its total is 1 too high."
    raise ValueError(f"unknown identity {broken!r}")


def report_from_cells(
    agency: str,
    year: int,
    cells: dict,
    *,
    layout: str = "2021",
    published: str | None = None,
    notes: str = "",
    seed: int = 0,
) -> dict:
    """A report around given cell values (e.g. a seed's gold JSON), with synthetic prose."""
    from docgen.prose import sections_for, title_for

    layouts = dict(LAYOUTS[layout])
    codes = report_codes(layouts)
    full = {c: cells.get(c) for c in codes}
    return {
        "agency": agency,
        "year": year,
        "published": published,
        "layout": layout,
        "layouts": layouts,
        "title": title_for(agency, year),
        "cells": full,
        "raw": {c: fmt_value(c, v) for c, v in full.items()},
        "markers": {c: "blank" for c, v in full.items() if v is None},
        "sections": sections_for(agency, year, full, _rng(agency, year, seed)),
        "notes": notes,
        "seed": seed,
    }
