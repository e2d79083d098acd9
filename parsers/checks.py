"""The identities the form prints (spec checks 1–4) and plausibility warnings.

Each identity ends as ``pass``, ``fail`` (with both sides and their
difference) or ``not_assessable`` (an operand is null).  A failure is
reported, never fixed.
"""

from __future__ import annotations

import re

from . import cells as registry

Number = int | float | None

_GROUP_PREFIXES = ("granted", "partial", "denied.", "unavailable.", "rejected.", "other.")


def _check(check: str, scope: str, lhs_codes: list[str], rhs_codes: list[str], cells: dict[str, Number]) -> dict:
    expr = f"{' + '.join(lhs_codes)} = {' + '.join(rhs_codes)}"
    operands = [cells.get(c) for c in lhs_codes + rhs_codes]
    if any(v is None for v in operands):
        missing = [c for c in lhs_codes + rhs_codes if cells.get(c) is None]
        return {"check": check, "scope": scope, "status": "not_assessable", "lhs": None, "rhs": None,
                "diff": None, "expr": expr, "null": missing}
    lhs = sum(cells[c] for c in lhs_codes)  # type: ignore[misc]
    rhs = sum(cells[c] for c in rhs_codes)  # type: ignore[misc]
    diff = lhs - rhs
    if isinstance(diff, float):
        diff = round(diff, 6)
    return {"check": check, "scope": scope, "status": "pass" if diff == 0 else "fail",
            "lhs": lhs, "rhs": rhs, "diff": diff, "expr": expr}


def run_checks(cells: dict[str, Number], t3_layout: str | None, merged_legal: bool, has_t4: bool) -> list[dict]:
    out: list[dict] = []
    if t3_layout:
        columns = ["natural", "legal_all", "total"] if merged_legal else list(registry.T3_STANDARD_COLUMNS)
        outcome_rows = [r.key for r in registry.t3_rows(t3_layout) if r.key.startswith(_GROUP_PREFIXES)]
        for col in columns:
            out.append(_check("1", col, [f"t3.new.{col}", f"t3.carried_over.{col}"],
                              [f"t3.total.{col}", f"t3.carried_forward.{col}"], cells))
        for col in columns:
            out.append(_check("2", col, [f"t3.total.{col}"], [f"t3.{r}.{col}" for r in outcome_rows], cells))
        applicants = ["natural", "legal_all"] if merged_legal else list(registry.T3_APPLICANT_COLUMNS)
        for row in registry.t3_rows(t3_layout):
            out.append(_check("3", row.key, [f"t3.{row.key}.total"], [f"t3.{row.key}.{c}" for c in applicants],
                              cells))
    if has_t4:
        for group, _, _ in registry.T4_GROUPS:
            out.append(_check("4", group, [f"t4.{group}.total"],
                              [f"t4.{group}.{o}" for o in ("upheld", "corrected", "other", "pending")], cells))
    return out


_TOWNSHIP = re.compile(r"(镇|乡|街道|街道办事处|苏木|村)(人民政府)?$")


def plausibility(cells: dict[str, Number], agency: str | None) -> list[str]:
    """Warnings, not failures (format-spec §5 C6 item 7)."""
    warnings: list[str] = []
    if agency and _TOWNSHIP.search(agency):
        for code in ("t2.rules.issued", "t2.rules.in_force", "t2.rules.made", "t2.rules.total_published"):
            v = cells.get(code)
            if isinstance(v, int | float) and v > 0:
                warnings.append(f"implausible: {code} = {v} for a township or street body, which cannot make 规章")
    fee = cells.get("t2.fees.amount")
    if isinstance(fee, int | float) and fee > 10**6:
        warnings.append(f"implausible: t2.fees.amount = {fee} 万元")
    for code, v in cells.items():
        cell = registry.CELLS.get(code)
        kind = cell.kind if cell else "count"
        if kind == "count" and isinstance(v, int | float) and v < 0:
            warnings.append(f"implausible: negative count {code} = {v}")
    return warnings
