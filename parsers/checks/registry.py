"""The checks registry: every consistency check the archive records, in one list.

Each ``Check`` has its id (``report_checks.check_id``), its title in Chinese and English, its
scope, whether it is soft (a failure is reported but not counted as an error) and its function:

* scope ``report``: the identities one report's form prints; ``fn(FormTables) -> list[dict]``,
  run by ``parsers.checks.run_checks`` into the report JSON's ``checks``;
* scope ``across_years``: two reports of one agency, N and N-1; ``fn(cur, prev) -> Iterator[dict]``
  over ``YearTables``, run by ``archive.crosschecks.across_years``;
* scope ``documents``: the documents of one report against each other;
  ``fn(chosen, other) -> (status, compared, equal, differing, expr)`` over two parse results, run by
  ``archive.report_rows`` where it has them all.

A new check = its function in a module of this package + one ``Check`` row below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from . import across_years, documents, identities

Scope = Literal["report", "across_years", "documents"]


@dataclass(frozen=True)
class Check:
    id: str
    title_zh: str
    title_en: str
    scope: Scope
    soft: bool
    fn: Callable[..., Any]


SOURCE_AGREEMENT = "source_agreement"

CHECKS: list[Check] = [
    Check(
        "1",
        "表三各列：新收+上年结转=办理结果总计+结转下年度",
        "Table 3, every column: new + carried over = total handled + carried forward",
        "report",
        False,
        identities.t3_balance,
    ),
    Check(
        "2",
        "表三各列：总计=各办理结果之和",
        "Table 3, every column: total = sum of the outcome rows",
        "report",
        False,
        identities.t3_outcome_sum,
    ),
    Check(
        "3",
        "表三各行：总计=各申请人列之和",
        "Table 3, every row: total = sum of the applicant columns",
        "report",
        False,
        identities.t3_applicant_sum,
    ),
    Check(
        "4",
        "表四各组：总计=维持+纠正+其他+尚未审结",
        "Table 4, every group: total = upheld + corrected + other + pending",
        "report",
        False,
        identities.t4_group_sum,
    ),
    Check(
        "5",
        "跨年：本年上年结转=上年结转下年度",
        "Across years: carried over (N) = carried forward (N-1)",
        "across_years",
        False,
        across_years.carry_over,
    ),
    Check(
        "6",
        "跨年：现行有效件数(N)=现行有效件数(N-1)+本年制发-本年废止",
        "Across years: in force (N) = in force (N-1) + issued (N) - repealed (N)",
        "across_years",
        True,
        across_years.in_force,
    ),
    Check(
        SOURCE_AGREEMENT,
        "同一报告的页面与附件数值一致",
        "Page and attachment of the same report give the same cell values",
        "documents",
        False,
        documents.source_agreement,
    ),
]


def checks_of(scope: Scope) -> list[Check]:
    return [c for c in CHECKS if c.scope == scope]


SOFT_CHECKS = frozenset(c.id for c in CHECKS if c.soft)
