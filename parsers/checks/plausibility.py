"""Plausibility warnings (format-spec §5 C6 item 7): values the form allows but a body cannot mean.

They are warnings in the report's ``warnings``, never check results and never fixes.
"""

from __future__ import annotations

import re

from .. import cells as registry
from .identities import Number

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
