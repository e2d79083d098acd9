"""The archive overview dashboard (datasette-dashboards): its filters and charts, and the outcome
groups of table 3 its outcome chart and the canned query of outcomes sum (``archive.metadata``).

Every figure is per report or beside the number of reports behind it: coverage differs from
year to year and province to province, so sums alone would mislead.
"""

from __future__ import annotations

from typing import Any

from archive import schema
from parsers import cells as registry

DB = "archive"

# dashboard filters (datasette-dashboards: a [[ … ]] part is dropped when its parameter is empty)
FILTERED = "WHERE 1 = 1 [[ AND province = :province ]] [[ AND level = :level ]] [[ AND year = cast(:year AS integer) ]]"


def _sum_cols(prefix: str) -> str:
    """SQL: the sum of every table-3 total of a group of outcome rows (from the registry)."""
    cols = [schema.wide_column(f"t3.{r.key}.total") for r in registry.T3_ROWS if r.key.startswith(prefix + ".")]
    return " + ".join(f"coalesce({c}, 0)" for c in cols)


OUTCOME_GROUPS = [
    ("granted", "予以公开", "coalesce(granted, 0)"),
    ("partial", "部分公开", "coalesce(partial, 0)"),
    ("denied", "不予公开", _sum_cols("denied")),
    ("unavailable", "无法提供", _sum_cols("unavailable")),
    ("rejected", "不予处理", _sum_cols("rejected")),
    ("other", "其他处理", _sum_cols("other")),
]


def _outcome_shares_sql() -> str:
    parts = [
        f"SELECT '{key}' AS outcome, '{zh}' AS label, sum({expr}) AS requests FROM report_t3_totals {FILTERED}"
        for key, zh, expr in OUTCOME_GROUPS
    ]
    return "\nUNION ALL\n".join(parts)


def _filters() -> dict[str, Any]:
    def select(column: str, name: str, order: str = "1") -> dict[str, Any]:
        return {
            "name": name,
            "type": "select",
            "db": DB,
            "query": f"SELECT DISTINCT {column} FROM reports WHERE {column} IS NOT NULL ORDER BY {order}",
        }

    return {
        "province": select("province", "省份 province"),
        "level": select("level", "层级 level"),
        "year": select("year", "年度 year", "1 DESC"),
    }


def dashboards() -> dict[str, Any]:
    return {
        "archive": {
            "title": "年报档案概览 · Archive overview",
            "description": "Per-report figures with the number of reports behind each (coverage differs from year "
            "to year and province to province: compare rates, not sums). Filter by province, level, year.",
            "filters": _filters(),
            "layout": [
                ["reports-count", "agencies-count", "failing-count"],
                ["requests-per-report", "requests-per-report", "coverage-by-year"],
                ["outcome-shares", "failure-by-layout", "reports-by-province"],
            ],
            "charts": {**_metrics(), **_charts_by_year(), **_charts_of_shares()},
        }
    }


_BAR = {"mark": {"type": "bar", "tooltip": True}}


def _metric(title: str, query: str) -> dict[str, Any]:
    return {"db": DB, "library": "metric", "display": {"field": "n"}, "title": title, "query": query}


def _chart(title: str, query: str, display: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "db": DB, "library": "vega-lite", "query": query, "display": display}


def _bars(x: dict[str, Any], y: dict[str, Any]) -> dict[str, Any]:
    return {**_BAR, "encoding": {"x": x, "y": y}}


def _metrics() -> dict[str, Any]:
    return {
        "reports-count": _metric("报告 · reports", f"SELECT count(*) AS n FROM reports {FILTERED}"),
        "agencies-count": _metric("机关 · agencies", f"SELECT count(DISTINCT agency) AS n FROM reports {FILTERED}"),
        "failing-count": _metric(
            "未通过核对 · failing an identity",
            f"SELECT count(*) AS n FROM reports {FILTERED} AND checks_status = 'fail'",
        ),
    }


def _charts_by_year() -> dict[str, Any]:
    def year() -> dict[str, str]:  # a fresh dict each time: YAML would print a shared one as an alias
        return {"field": "year", "type": "ordinal"}

    per_report = {
        "layer": [
            _bars(year(), {"field": "per_report", "type": "quantitative", "title": "new requests per report"}),
            {
                "mark": {"type": "text", "dy": -8},
                "encoding": {
                    "x": year(),
                    "y": {"field": "per_report", "type": "quantitative"},
                    "text": {"field": "reports", "type": "quantitative", "format": "d"},
                },
            },
        ]
    }
    return {
        "requests-per-report": _chart(
            "新收申请（按年度，每份报告平均；标注为报告数） · Requests received by year: new requests "
            "per report, labelled with the number of reports behind each year",
            "SELECT year, count(*) AS reports, round(1.0 * sum(new) / count(new), 1) AS per_report, "
            f"sum(new) AS requests FROM report_t3_totals {FILTERED} GROUP BY year ORDER BY year",
            per_report,
        ),
        "coverage-by-year": _chart(
            "各年度报告数（覆盖面） · Reports per year (coverage)",
            f"SELECT year, count(*) AS reports FROM reports {FILTERED} GROUP BY year ORDER BY year",
            _bars(year(), {"field": "reports", "type": "quantitative"}),
        ),
    }


def _charts_of_shares() -> dict[str, Any]:
    return {
        "outcome-shares": _chart(
            "办理结果构成 · Outcome shares",
            _outcome_shares_sql(),
            {
                "mark": {"type": "arc", "tooltip": True},
                "encoding": {
                    "theta": {"field": "requests", "type": "quantitative"},
                    "color": {"field": "label", "type": "nominal"},
                },
            },
        ),
        "failure-by-layout": _chart(
            "各版式核对未通过率（%） · Identity-failure rate by layout",
            "SELECT layout, count(*) AS reports, round(100.0 * sum(checks_status = 'fail') / count(*), 1) "
            f"AS fail_pct FROM reports {FILTERED} AND checks_status IN ('pass', 'fail') GROUP BY layout",
            _bars({"field": "layout", "type": "nominal"}, {"field": "fail_pct", "type": "quantitative"}),
        ),
        "reports-by-province": _chart(
            "各省报告数 · Reports by province",
            "SELECT coalesce(province, '（未知）') AS province, count(*) AS reports FROM reports "
            f"{FILTERED} GROUP BY 1 ORDER BY reports DESC",
            {
                **_BAR,
                "encoding": {
                    "y": {"field": "province", "type": "nominal", "sort": "-x"},
                    "x": {"field": "reports", "type": "quantitative"},
                },
            },
        ),
    }
