"""Checks of scope ``documents``: the documents of one report against each other.

The archive runs them where it has every document of a report (``archive.report_rows``).
"""

from __future__ import annotations

from typing import Any


def source_agreement(chosen: dict[str, Any], other: dict[str, Any]) -> tuple[str, int, int, int, str]:
    """Compare two parses of one report cell by cell: (status, compared, equal, differing, expr)."""
    a, b = chosen.get("cells") or {}, other.get("cells") or {}
    shared = sorted(set(a) & set(b))
    compared = [c for c in shared if a[c] is not None or b[c] is not None]
    differing = [c for c in compared if a[c] != b[c]]
    if not any(v is not None for v in b.values()):
        return "not_assessable", 0, 0, 0, "the other document gives no cells"
    status = "fail" if differing else "pass"
    expr = "; ".join(f"{c}: {a[c]}≠{b[c]}" for c in differing[:20])
    if len(differing) > 20:
        expr += f"; … {len(differing) - 20} more"
    return status, len(compared), len(compared) - len(differing), len(differing), expr or "all shared cells equal"
