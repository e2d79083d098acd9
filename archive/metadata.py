"""Datasette metadata for ``archive.db``, generated from the schema and the cell registry.

``python -m archive.metadata [--out metadata.yml|metadata.json]`` writes it;
``archive.serve`` generates it afresh on every start.  Every table and column
is described in Chinese and English (``archive.schema``); the wide tables'
columns and the ``report_cells`` description carry every cell label of
``parsers.cells``; canned queries and dashboards are defined here.
"""

from __future__ import annotations

import argparse
import json
import sys
from html import escape
from pathlib import Path
from typing import Any

from archive import schema
from parsers import cells as registry

DB = "archive"
LICENSE = "Data: as published by the agencies (政府信息公开, public information); code: MIT"
SOURCE = "Agency portals of the People's Republic of China (政府信息公开工作年度报告)"

FACETS: dict[str, list[str]] = {
    "reports": ["province", "level", "year", "layout", "checks_status"],
    "report_checks": ["status", "check_id", "year", "layout"],
    "documents": ["kind", "format", "parse_status"],
    "agencies": ["province", "level"],
    "report_t3_totals": ["year", "province", "layout_t3"],
    "report_t2": ["year", "province", "layout_t2"],
    "report_t4": ["year", "province"],
    "fetches": ["kind", "run_id"],
    "report_timeliness": ["status", "year", "level"],
}
# Tables searched in full text: their facets are counted in one pass on a search result
# (datasette_plugins/search_facets.py); elsewhere they are Datasette's column facets.
ONE_PASS_FACETS = {"reports"}
SORT_DESC = {"reports": "year", "crawl_runs": "run_id", "report_t3_totals": "year"}


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
    parts = [f"SELECT '{key}' AS outcome, '{zh}' AS label, sum({expr}) AS requests FROM report_t3_totals"
             for key, zh, expr in OUTCOME_GROUPS]
    return "\nUNION ALL\n".join(parts)


def _outcome_sums() -> str:
    return ",\n  ".join(f"sum({expr}) AS [{key}]" for key, _, expr in OUTCOME_GROUPS)


def _t4_sums() -> str:
    cols = []
    for group, _, _ in registry.T4_GROUPS:
        for outcome, _, _ in registry.T4_OUTCOMES:
            cols.append(f"sum({group}_{outcome}) AS [{group}_{outcome}]")
        cols.append(f"round(100.0 * sum({group}_corrected) / nullif(sum({group}_total), 0), 1) AS [{group}_corrected_pct]")
    return ",\n  ".join(cols)


QUERIES: dict[str, dict[str, Any]] = {
    "search_reports": {
        "title": "全文检索（按相关度排序） · Full-text search, ranked by relevance (bm25)",
        "description": "Finds reports whose title or text contains every term (Chinese words of any length, "
                       "e.g. 消防, 复议, 2023年); the title weighs ten times the text.",
        # ranked inside the index first, so only the best 200 are joined to reports
        "sql": """WITH hits AS (
  SELECT rowid, bm25(reports_fts, 10.0, 1.0) AS score FROM reports_fts
  WHERE reports_fts MATCH escape_fts(:q) ORDER BY score LIMIT 200
)
SELECT r.id AS report, r.title, r.agency, r.year, r.province, r.layout, r.url, r.archived_copy,
  round(hits.score, 3) AS rank
FROM hits JOIN reports r ON r.rowid = hits.rowid
ORDER BY hits.score""",
    },
    "broken_identities": {
        "title": "未通过核对的报告 · Reports that break an identity",
        "description": "Every failed identity check (spec checks 1-5 and page/attachment agreement); "
                       "leave 'check' empty for all, or give a check id (1-5, source_agreement). "
                       "Soft check 6 is listed by the query in_force_differences.",
        "sql": """SELECT c.report, r.agency, r.year, r.layout, c.check_id, k.title_zh AS check_title, c.scope,
  c.lhs, c.rhs, c.diff, c.expr, r.url
FROM report_checks c JOIN reports r ON r.id = c.report JOIN checks k ON k.id = c.check_id
WHERE c.status = 'fail' AND c.soft = 0 AND (:check = '' OR c.check_id = :check)
ORDER BY r.year DESC, c.report, c.check_id, c.scope""",
    },
    "in_force_differences": {
        "title": "现行有效件数跨年差异 · Regulations in force: year-on-year differences (soft check 6)",
        "sql": """SELECT c.report, r.agency, r.year, c.scope, c.lhs AS in_force, c.rhs AS expected, c.diff, c.expr
FROM report_checks c JOIN reports r ON r.id = c.report
WHERE c.check_id = '6' AND c.status = 'fail'
ORDER BY abs(c.diff) DESC""",
    },
    "requests_by_year_province": {
        "title": "各年度各省申请数量及办理结果 · Requests received and outcomes by year and province",
        "sql": f"""SELECT year, province, count(*) AS reports,
  sum(new) AS new_requests, sum(carried_over) AS carried_over, sum(total) AS handled,
  {_outcome_sums()},
  sum(carried_forward) AS carried_forward
FROM report_t3_totals
GROUP BY year, province
ORDER BY year DESC, new_requests DESC""",
    },
    "refusal_reasons": {
        "title": "不予公开理由 · Refusal reasons (denied.* totals) by year",
        "sql": """SELECT r.year, c.code, l.label_zh, l.label_en, sum(c.value) AS requests, count(c.value) AS reports
FROM report_cells c JOIN reports r ON r.id = c.report JOIN cells l ON l.code = c.code
WHERE c.code GLOB 't3.denied.*.total'
GROUP BY r.year, c.code
ORDER BY r.year DESC, requests DESC""",
    },
    "review_litigation_outcomes": {
        "title": "行政复议、行政诉讼结果 · Reconsideration and litigation outcomes by year",
        "sql": f"""SELECT year, count(*) AS reports,
  {_t4_sums()}
FROM report_t4
GROUP BY year
ORDER BY year DESC""",
    },
    "missing_reports": {
        "title": "缺失年度报告的机关 · Agencies whose report is missing for a year",
        "description": "Years between an agency's first report and the latest year in the archive with no "
                       "report of that agency; give a year to see only that year.",
        "sql": """WITH RECURSIVE years(y) AS (
  SELECT min(year) FROM reports UNION ALL SELECT y + 1 FROM years WHERE y < (SELECT max(year) FROM reports)
)
SELECT a.name AS agency, years.y AS year, a.province, a.level, a.last_year AS latest_report, a.source_url
FROM agencies a JOIN years ON years.y BETWEEN a.first_year AND (SELECT max(year) FROM reports)
WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.agency = a.name AND r.year = years.y)
  AND (:year = '' OR years.y = cast(:year AS integer))
ORDER BY a.name, years.y""",
    },
    "identity_failure_rate_by_layout": {
        "title": "各版式核对未通过率 · Identity-failure rate by layout",
        "sql": """SELECT layout, count(*) AS reports, sum(checks_status = 'fail') AS failing,
  round(100.0 * sum(checks_status = 'fail') / count(*), 1) AS fail_pct
FROM reports WHERE checks_status IN ('pass', 'fail')
GROUP BY layout ORDER BY reports DESC""",
    },
}


def _dashboards() -> dict[str, Any]:
    bar = {"mark": {"type": "bar", "tooltip": True}}
    return {
        "archive": {
            "title": "年报档案概览 · Archive overview",
            "description": "Reports, requests and outcomes across the archive",
            "layout": [["reports-count", "agencies-count", "failing-count"],
                       ["requests-by-year", "requests-by-year", "outcome-shares"],
                       ["failure-by-layout", "reports-by-province", "reports-by-province"]],
            "charts": {
                "reports-count": {"title": "报告 · reports", "db": DB, "library": "metric",
                                  "query": "SELECT count(*) AS n FROM reports", "display": {"field": "n"}},
                "agencies-count": {"title": "机关 · agencies", "db": DB, "library": "metric",
                                   "query": "SELECT count(*) AS n FROM agencies", "display": {"field": "n"}},
                "failing-count": {"title": "未通过核对 · failing an identity", "db": DB, "library": "metric",
                                  "query": "SELECT count(*) AS n FROM reports WHERE checks_status = 'fail'",
                                  "display": {"field": "n"}},
                "requests-by-year": {
                    "title": "新收申请（按年度） · Requests received by year", "db": DB, "library": "vega-lite",
                    "query": "SELECT year, sum(new) AS requests FROM report_t3_totals GROUP BY year ORDER BY year",
                    "display": {**bar, "encoding": {"x": {"field": "year", "type": "ordinal"},
                                                    "y": {"field": "requests", "type": "quantitative"}}},
                },
                "outcome-shares": {
                    "title": "办理结果构成 · Outcome shares", "db": DB, "library": "vega-lite",
                    "query": _outcome_shares_sql(),
                    "display": {"mark": {"type": "arc", "tooltip": True},
                                "encoding": {"theta": {"field": "requests", "type": "quantitative"},
                                             "color": {"field": "label", "type": "nominal"}}},
                },
                "failure-by-layout": {
                    "title": "各版式核对未通过率（%） · Identity-failure rate by layout", "db": DB,
                    "library": "vega-lite", "query": QUERIES["identity_failure_rate_by_layout"]["sql"],
                    "display": {**bar, "encoding": {"x": {"field": "layout", "type": "nominal"},
                                                    "y": {"field": "fail_pct", "type": "quantitative"}}},
                },
                "reports-by-province": {
                    "title": "各省报告数 · Reports by province", "db": DB, "library": "vega-lite",
                    "query": "SELECT coalesce(province, '（未知）') AS province, count(*) AS reports FROM reports "
                             "GROUP BY 1 ORDER BY reports DESC",
                    "display": {**bar, "encoding": {"y": {"field": "province", "type": "nominal", "sort": "-x"},
                                                    "x": {"field": "reports", "type": "quantitative"}}},
                },
            },
        }
    }


def _cell_list_html() -> str:
    rows = "".join(
        f"<tr><td><code>{escape(c.code)}</code></td><td>{escape(c.label_zh)}</td><td>{escape(c.label_en)}</td>"
        f"<td>{escape('/'.join(c.layouts))}</td></tr>"
        for c in registry.CELLS.values()
    )
    return ("<details><summary>全部单元格代码 · every cell code</summary><table><tr><th>code</th><th>中文</th>"
            f"<th>English</th><th>layouts</th></tr>{rows}</table></details>")


def _table_metadata(table: schema.Table) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "description": f"{table.zh} · {table.en}",
        "columns": {c.name: f"{c.zh} · {c.en}" for c in table.columns},
    }
    if table.name in FACETS:
        meta["facets"] = ([{"column_one_pass": c} for c in FACETS[table.name]] if table.name in ONE_PASS_FACETS
                          else FACETS[table.name])
    if table.name in SORT_DESC:
        meta["sort_desc"] = SORT_DESC[table.name]
    if table.label_column:
        meta["label_column"] = table.label_column
    if table.name == "report_cells":
        meta["description_html"] = f"<p>{escape(meta['description'])}</p>{_cell_list_html()}"
    if table.name == "reports":
        meta["fts_table"] = schema.FTS_TABLE
        meta["fts_pk"] = "rowid"
    return meta


def build_metadata(blobs_env: str = "NIANBAO_BLOBS_DIR") -> dict[str, Any]:
    tables = {t.name: _table_metadata(t) for t in schema.TABLES}
    tables[schema.FTS_TABLE] = {"hidden": True}
    return {
        "title": "政府信息公开工作年度报告档案 · nianbao: China's government information disclosure annual reports",
        "description_html": (
            "<p>每个机关每年一份政府信息公开工作年度报告：原文存档、三张法定统计表逐格解析、勾稽关系核对。</p>"
            "<p>One report per agency and year: every document archived as published, every cell of the three "
            "statutory tables parsed under a stable code (table <a href=\"/archive/cells\">cells</a>), every "
            "identity the form prescribes checked (<a href=\"/archive/report_checks\">report_checks</a>). "
            "Search reports in Chinese on <a href=\"/archive/reports\">reports</a> or with the "
            "<a href=\"/archive/search_reports\">ranked search</a>; charts on <a href=\"/-/dashboards/archive\">the "
            "dashboard</a>; the whole database is one SQLite file: <a href=\"/archive.db\">archive.db</a>.</p>"
        ),
        "license": LICENSE,
        "source": SOURCE,
        "about": "nianbao",
        "databases": {
            DB: {
                "description": "年报档案 · the annual-report archive (rebuilt from the raw archive by archive.build)",
                "tables": tables,
                "queries": QUERIES,
            }
        },
        "plugins": {
            "nianbao": {"blobs_dir": {"$env": blobs_env}},
            "datasette-dashboards": _dashboards(),
            "datasette-block-robots": {"allow_only_index": True},
        },
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m archive.metadata", description="Write Datasette metadata (YAML or JSON).")
    p.add_argument("--out", type=Path, help="metadata.yml or metadata.json (default: YAML on stdout)")
    args = p.parse_args(argv)
    meta = build_metadata()
    if args.out and args.out.suffix == ".json":
        text = json.dumps(meta, ensure_ascii=False, indent=2)
    else:
        import yaml

        text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=120)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
