"""Consistency checks: the registry (``registry.CHECKS``: id, titles, scope, soft, function) and their
functions by scope (``identities`` within a report, ``across_years`` between two years of an agency),
plus the plausibility warnings (``plausibility``).

``run_checks`` runs every check of scope ``report`` for the report JSON's ``checks``.
"""

from __future__ import annotations

from .identities import FormTables, Number
from .plausibility import plausibility
from .registry import CHECKS, SOFT_CHECKS, SOURCE_AGREEMENT, Check, checks_of


def run_checks(cells: dict[str, Number], t3_layout: str | None, merged_legal: bool, has_t4: bool) -> list[dict]:
    tables = FormTables(cells, t3_layout, merged_legal, has_t4)
    return [result for check in checks_of("report") for result in check.fn(tables)]  # type: ignore[misc]


__all__ = ["CHECKS", "SOFT_CHECKS", "SOURCE_AGREEMENT", "Check", "checks_of", "plausibility", "run_checks"]
