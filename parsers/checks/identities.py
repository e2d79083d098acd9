"""The identities the form prints (spec checks 1–4), checked within one report.

Each function takes the report's ``FormTables`` and returns one result per scope (a column, a row,
a group).  A result ends as ``pass``, ``fail`` (with both sides and their difference) or
``not_assessable`` (an operand is null, listed in ``null``).  A failure is reported, never fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import cells as registry

Number = int | float | None

_GROUP_PREFIXES = ("granted", "partial", "denied.", "unavailable.", "rejected.", "other.")


@dataclass(frozen=True)
class FormTables:
    """What a report's checks read: its cells, table 3's layout and columns, whether table 4 was read."""

    cells: dict[str, Number]
    t3_layout: str | None
    merged_legal: bool
    has_t4: bool

    @property
    def t3_columns(self) -> list[str]:
        return ["natural", "legal_all", "total"] if self.merged_legal else list(registry.T3_STANDARD_COLUMNS)


def identity(check: str, scope: str, lhs_codes: list[str], rhs_codes: list[str], cells: dict[str, Number]) -> dict:
    """One identity ``sum(lhs) = sum(rhs)`` over cell codes, as a check result."""
    expr = f"{' + '.join(lhs_codes)} = {' + '.join(rhs_codes)}"
    operands = [cells.get(c) for c in lhs_codes + rhs_codes]
    if any(v is None for v in operands):
        missing = [c for c in lhs_codes + rhs_codes if cells.get(c) is None]
        return {
            "check": check,
            "scope": scope,
            "status": "not_assessable",
            "lhs": None,
            "rhs": None,
            "diff": None,
            "expr": expr,
            "null": missing,
        }
    lhs = sum(cells[c] for c in lhs_codes)  # type: ignore[misc]
    rhs = sum(cells[c] for c in rhs_codes)  # type: ignore[misc]
    status, diff = outcome(lhs, rhs)
    return {"check": check, "scope": scope, "status": status, "lhs": lhs, "rhs": rhs, "diff": diff, "expr": expr}


def outcome(lhs: Number, rhs: Number) -> tuple[str, Number]:
    """Both sides of an identity, assessed: pass when equal, else fail by their difference
    (a float difference rounded, so that sums of decimals compare as printed)."""
    if lhs is None or rhs is None:
        return "not_assessable", None
    diff = lhs - rhs
    if isinstance(diff, float):
        diff = round(diff, 6)
    return ("pass" if diff == 0 else "fail"), diff


def t3_balance(t: FormTables) -> list[dict]:
    """1. Table 3, every column: new + carried over = total handled + carried forward."""
    if not t.t3_layout:
        return []
    return [
        identity(
            "1",
            col,
            [f"t3.new.{col}", f"t3.carried_over.{col}"],
            [f"t3.total.{col}", f"t3.carried_forward.{col}"],
            t.cells,
        )
        for col in t.t3_columns
    ]


def t3_outcome_sum(t: FormTables) -> list[dict]:
    """2. Table 3, every column: total = sum of the outcome rows."""
    if not t.t3_layout:
        return []
    outcome_rows = [r.key for r in registry.t3_rows(t.t3_layout) if r.key.startswith(_GROUP_PREFIXES)]
    return [
        identity("2", col, [f"t3.total.{col}"], [f"t3.{r}.{col}" for r in outcome_rows], t.cells)
        for col in t.t3_columns
    ]


def t3_applicant_sum(t: FormTables) -> list[dict]:
    """3. Table 3, every row: total = sum of the applicant columns."""
    if not t.t3_layout:
        return []
    applicants = ["natural", "legal_all"] if t.merged_legal else list(registry.T3_APPLICANT_COLUMNS)
    return [
        identity("3", row.key, [f"t3.{row.key}.total"], [f"t3.{row.key}.{c}" for c in applicants], t.cells)
        for row in registry.t3_rows(t.t3_layout)
    ]


def t4_group_sum(t: FormTables) -> list[dict]:
    """4. Table 4, every group: total = upheld + corrected + other + pending."""
    if not t.has_t4:
        return []
    return [
        identity(
            "4",
            group,
            [f"t4.{group}.total"],
            [f"t4.{group}.{o}" for o in ("upheld", "corrected", "other", "pending")],
            t.cells,
        )
        for group, _, _ in registry.T4_GROUPS
    ]
