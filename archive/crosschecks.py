"""Checks across reports of one agency (spec checks 5 and 6): the registry's ``across_years`` checks.

The checks themselves (their ids, titles, softness and functions) are rows of ``parsers.checks.CHECKS``;
this module pairs each report with its agency's report of the year before and runs every check of
that scope on the pair.  Each result is a row of ``report_checks`` on the year-N report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from parsers.checks import checks_of
from parsers.checks.across_years import YearTables

__all__ = ["YearTables", "across_years"]


def across_years(tables: list[YearTables]) -> Iterator[dict[str, Any]]:
    """Checks 5 and 6 for every report whose agency also has a report for the year before."""
    by_key = {(t.agency, t.year): t for t in tables}
    pair_checks = checks_of("across_years")
    for cur in sorted(tables, key=lambda t: t.report):
        prev = by_key.get((cur.agency, cur.year - 1))
        if prev is None:
            continue
        for check in pair_checks:
            yield from check.fn(cur, prev)  # type: ignore[misc]
