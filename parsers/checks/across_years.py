"""Checks across two reports of one agency, year N and N-1 (spec checks 5 and 6).

5. ``t3.carried_over.<col>`` of year N = ``t3.carried_forward.<col>`` of N-1.
6. 2021 layout: ``t2.<rules|normative>.in_force`` of N = ``in_force`` of N-1
   + ``issued`` of N - ``repealed`` of N.  Soft: revisions and clean-ups break
   it legitimately, so its difference is reported, never counted as an error.

Each function takes the pair (N, N-1) and yields rows of ``report_checks`` on the year-N report.
A pair is checked only when both years' tables were read; a null operand makes the check not
assessable.  ``archive.crosschecks`` pairs the years and runs every check of this scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import cells as registry
from .identities import outcome

T3_COLUMNS = [c.key for c in registry.T3_COLUMNS]


@dataclass(frozen=True)
class YearTables:
    report: str
    agency: str
    year: int
    layout_t2: str | None
    layout_t3: str | None
    cells: dict[str, Any]


def _row(report: str, check: str, scope: str, lhs: Any, rhs: Any, expr: str) -> dict[str, Any]:
    status, diff = outcome(lhs, rhs)
    return {
        "report": report,
        "check_id": check,
        "scope": scope,
        "status": status,
        "lhs": lhs,
        "rhs": rhs,
        "diff": diff,
        "expr": expr,
    }


def carry_over(cur: YearTables, prev: YearTables) -> Iterator[dict[str, Any]]:
    """5. Carried over (N) = carried forward (N-1), every column of table 3."""
    if not (cur.layout_t3 and prev.layout_t3):
        return
    for col in T3_COLUMNS:
        now, before = f"t3.carried_over.{col}", f"t3.carried_forward.{col}"
        if now not in cur.cells and before not in prev.cells:
            continue  # a column neither table has (legal_all, usually)
        lhs, rhs = cur.cells.get(now), prev.cells.get(before)
        yield _row(cur.report, "5", col, lhs, rhs, f"{now}({cur.year})={lhs} vs {before}({prev.year})={rhs}")


def in_force(cur: YearTables, prev: YearTables) -> Iterator[dict[str, Any]]:
    """6. In force (N) = in force (N-1) + issued (N) - repealed (N), 规章 and 规范性文件 (2021 layout)."""
    if cur.layout_t2 != "2021" or prev.layout_t2 != "2021":
        return
    for row in ("rules", "normative"):
        lhs = cur.cells.get(f"t2.{row}.in_force")
        before = prev.cells.get(f"t2.{row}.in_force")
        issued, repealed = cur.cells.get(f"t2.{row}.issued"), cur.cells.get(f"t2.{row}.repealed")
        rhs = None if None in (before, issued, repealed) else before + issued - repealed
        yield _row(
            cur.report,
            "6",
            row,
            lhs,
            rhs,
            f"in_force({cur.year})={lhs} vs in_force({prev.year})={before} + issued={issued} - repealed={repealed}",
        )
