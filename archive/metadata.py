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

from archive import readme_table, schema
from parsers import cells as registry

DB = "archive"
LICENSE = "Reports: public government information (《政府信息公开条例》); code and derived data: MIT"
LICENSE_URL = "https://opensource.org/license/mit"
SOURCE = "Agency portals of the People's Republic of China (政府信息公开工作年度报告)"
SOURCE_URL = "https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm"  # the Regulations, Art. 49-50
# Report and agency pages are for search engines; facet, search, sort and export URLs are endless and costly.
ROBOTS = """User-agent: *
Allow: /$
Allow: /-/report/
Allow: /-/agency/
Allow: /-/about
Disallow: /*?
Disallow: /*.json
Disallow: /*.csv
Disallow: /-/blob/
Disallow: /archive.db
Disallow: /-/downloads/
Allow: /archive/reports$
Allow: /archive/agencies$
Disallow: /archive/
"""

FACETS: dict[str, list[str]] = {
    "reports": ["province", "level", "year", "layout", "checks_status"],
    "report_checks": ["status", "check_id", "year", "layout"],
    "documents": ["kind", "format", "parse_status"],
    "agencies": ["province", "level", "division_basis"],
    "report_t3_totals": ["year", "province", "layout_t3"],
    "report_t2": ["year", "province", "layout_t2"],
    "report_t4": ["year", "province"],
    "fetches": ["kind", "run_id"],
    "report_timeliness": ["status", "year", "level"],
}
# Tables searched in full text: their facets are counted in one pass on a search result
# (datasette_plugins/search_facets.py); elsewhere they are Datasette's column facets.
ONE_PASS_FACETS = {"reports", "agencies"}  # (the one-pass type also counts the rows with no value)
# What a table page shows unless asked (datasette_plugins/default_columns.py): no full text, no JSON lists.
DEFAULT_COLUMNS: dict[str, list[str]] = {
    "reports": [
        "title",
        "agency",
        "year",
        "published",
        "province",
        "level",
        "layout",
        "read_by",
        "cells_reported",
        "checks_status",
        "checks_failed",
        "url",
        "archived_copy",
    ],
    "documents": [
        "kind",
        "format",
        "title",
        "agency",
        "year",
        "url",
        "fetched_at",
        "size",
        "parse_status",
        "report",
        "archived_copy",
    ],
}
SORT_DESC = {"reports": "year", "crawl_runs": "run_id", "report_t3_totals": "year"}


# dashboard filters (datasette-dashboards: a [[ … ]] part is dropped when its parameter is empty)
_FILTERED = (
    "WHERE 1 = 1 [[ AND province = :province ]] [[ AND level = :level ]] [[ AND year = cast(:year AS integer) ]]"
)


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
        f"SELECT '{key}' AS outcome, '{zh}' AS label, sum({expr}) AS requests FROM report_t3_totals {_FILTERED}"
        for key, zh, expr in OUTCOME_GROUPS
    ]
    return "\nUNION ALL\n".join(parts)


def _outcome_sums() -> str:
    return ",\n  ".join(f"sum({expr}) AS [{key}]" for key, _, expr in OUTCOME_GROUPS)


def _t4_sums() -> str:
    cols = []
    for group, _, _ in registry.T4_GROUPS:
        for outcome, _, _ in registry.T4_OUTCOMES:
            cols.append(f"sum({group}_{outcome}) AS [{group}_{outcome}]")
        cols.append(
            f"round(100.0 * sum({group}_corrected) / nullif(sum({group}_total), 0), 1) AS [{group}_corrected_pct]"
        )
    return ",\n  ".join(cols)


QUERIES_DIR = Path(__file__).resolve().parent / "queries"
# Text and sections live in ``report_texts`` (key ``report``) when the schema has that side table, else in reports.
TEXT_TABLE, TEXT_KEY = (
    ("report_texts", "report") if any(t.name == "report_texts" for t in schema.TABLES) else ("reports", "id")
)


def load_queries(directory: Path = QUERIES_DIR) -> dict[str, dict[str, Any]]:
    """Canned queries, one ``<name>.sql`` file each: ``-- title:`` and ``-- description:`` lines, then the SQL."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.sql")):
        query: dict[str, Any] = {}
        sql = []
        for line in path.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.removeprefix("-- ").partition(": ")
            if line.startswith("-- ") and sep and key in ("title", "description") and not sql:
                query[key] = value.strip()
            else:
                sql.append(line)
        query["sql"] = "\n".join(sql).strip()
        out[path.stem] = query
    return out


def _search_sql() -> str:
    text = "r.text" if TEXT_TABLE == "reports" else "x.text"
    join = "" if TEXT_TABLE == "reports" else f"\nLEFT JOIN [{TEXT_TABLE}] x ON x.[{TEXT_KEY}] = r.id"
    # the passage: the first place the query occurs as typed (a word or a phrase), with its surroundings
    return f"""WITH hits AS (
  SELECT rowid, bm25(reports_fts, 10.0, 1.0) AS score FROM reports_fts
  WHERE reports_fts MATCH escape_fts(:q) ORDER BY score LIMIT 200
)
SELECT r.id AS report, r.title, r.agency, r.year, r.province, r.layout,
  CASE WHEN instr({text}, :q) > 0 THEN substr({text}, max(1, instr({text}, :q) - 50), 110 + length(:q)) END AS passage,
  r.url, r.archived_copy, round(hits.score, 3) AS rank
FROM hits JOIN reports r ON r.rowid = hits.rowid{join}
ORDER BY hits.score"""


# Canned queries whose SQL is generated (from the cell registry or the schema); every other one is a
# file in archive/queries/ -- the place to add a new one.
GENERATED_QUERIES: dict[str, dict[str, Any]] = {
    "search_reports": {
        "title": "全文检索（按相关度排序） · Full-text search, ranked by relevance (bm25)",
        "description": "Finds reports whose title or text contains every term (Chinese words of any length, "
        "e.g. 消防, 复议, 2023年); the title weighs ten times the text; the passage shows where "
        "the query occurs as typed.",
        # ranked inside the index first, so only the best 200 are joined to reports
        "sql": _search_sql(),
    },
    "requests_by_year_province": {
        "title": "各年度各省申请数量及办理结果 · Requests received and outcomes by year and province",
        "description": "Sums over the reports read: compare years only with the number of reports beside them "
        "(coverage differs from year to year); per_report is new requests per report.",
        "sql": f"""SELECT year, province, count(*) AS reports,
  sum(new) AS new_requests, round(1.0 * sum(new) / count(new), 1) AS per_report,
  sum(carried_over) AS carried_over, sum(total) AS handled,
  {_outcome_sums()},
  sum(carried_forward) AS carried_forward
FROM report_t3_totals
GROUP BY year, province
ORDER BY year DESC, new_requests DESC""",
    },
    "review_litigation_outcomes": {
        "title": "行政复议、行政诉讼结果 · Reconsideration and litigation outcomes by year",
        "sql": f"""SELECT year, count(*) AS reports,
  {_t4_sums()}
FROM report_t4
GROUP BY year
ORDER BY year DESC""",
    },
}
# the SQL is one click away ("show"): a reader sees the parameters and the rows first
QUERIES: dict[str, dict[str, Any]] = {
    name: {**q, "hide_sql": True} for name, q in sorted({**load_queries(), **GENERATED_QUERIES}.items())
}


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


def _dashboards() -> dict[str, Any]:
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
            "charts": _charts(),
        }
    }


def _charts() -> dict[str, Any]:
    bar = {"mark": {"type": "bar", "tooltip": True}}
    metric = {"db": DB, "library": "metric", "display": {"field": "n"}}
    return {
        "reports-count": {
            **metric,
            "title": "报告 · reports",
            "query": f"SELECT count(*) AS n FROM reports {_FILTERED}",
        },
        "agencies-count": {
            **metric,
            "title": "机关 · agencies",
            "query": f"SELECT count(DISTINCT agency) AS n FROM reports {_FILTERED}",
        },
        "failing-count": {
            **metric,
            "title": "未通过核对 · failing an identity",
            "query": f"SELECT count(*) AS n FROM reports {_FILTERED} AND checks_status = 'fail'",
        },
        "requests-per-report": {
            "title": "新收申请（按年度，每份报告平均；标注为报告数） · Requests received by year: new requests "
            "per report, labelled with the number of reports behind each year",
            "db": DB,
            "library": "vega-lite",
            "query": "SELECT year, count(*) AS reports, round(1.0 * sum(new) / count(new), 1) AS per_report, "
            f"sum(new) AS requests FROM report_t3_totals {_FILTERED} GROUP BY year ORDER BY year",
            "display": {
                "layer": [
                    {
                        **bar,
                        "encoding": {
                            "x": {"field": "year", "type": "ordinal"},
                            "y": {
                                "field": "per_report",
                                "type": "quantitative",
                                "title": "new requests per report",
                            },
                        },
                    },
                    {
                        "mark": {"type": "text", "dy": -8},
                        "encoding": {
                            "x": {"field": "year", "type": "ordinal"},
                            "y": {"field": "per_report", "type": "quantitative"},
                            "text": {"field": "reports", "type": "quantitative", "format": "d"},
                        },
                    },
                ]
            },
        },
        "coverage-by-year": {
            "title": "各年度报告数（覆盖面） · Reports per year (coverage)",
            "db": DB,
            "library": "vega-lite",
            "query": f"SELECT year, count(*) AS reports FROM reports {_FILTERED} GROUP BY year ORDER BY year",
            "display": {
                **bar,
                "encoding": {
                    "x": {"field": "year", "type": "ordinal"},
                    "y": {"field": "reports", "type": "quantitative"},
                },
            },
        },
        "outcome-shares": {
            "title": "办理结果构成 · Outcome shares",
            "db": DB,
            "library": "vega-lite",
            "query": _outcome_shares_sql(),
            "display": {
                "mark": {"type": "arc", "tooltip": True},
                "encoding": {
                    "theta": {"field": "requests", "type": "quantitative"},
                    "color": {"field": "label", "type": "nominal"},
                },
            },
        },
        "failure-by-layout": {
            "title": "各版式核对未通过率（%） · Identity-failure rate by layout",
            "db": DB,
            "library": "vega-lite",
            "query": "SELECT layout, count(*) AS reports, round(100.0 * sum(checks_status = 'fail') / count(*), 1) "
            f"AS fail_pct FROM reports {_FILTERED} AND checks_status IN ('pass', 'fail') GROUP BY layout",
            "display": {
                **bar,
                "encoding": {
                    "x": {"field": "layout", "type": "nominal"},
                    "y": {"field": "fail_pct", "type": "quantitative"},
                },
            },
        },
        "reports-by-province": {
            "title": "各省报告数 · Reports by province",
            "db": DB,
            "library": "vega-lite",
            "query": "SELECT coalesce(province, '（未知）') AS province, count(*) AS reports FROM reports "
            f"{_FILTERED} GROUP BY 1 ORDER BY reports DESC",
            "display": {
                **bar,
                "encoding": {
                    "y": {"field": "province", "type": "nominal", "sort": "-x"},
                    "x": {"field": "reports", "type": "quantitative"},
                },
            },
        },
    }


def _cell_list_html() -> str:
    rows = "".join(
        f"<tr><td><code>{escape(c.code)}</code></td><td>{escape(c.label_zh)}</td><td>{escape(c.label_en)}</td>"
        f"<td>{escape('/'.join(c.layouts))}</td></tr>"
        for c in registry.CELLS.values()
    )
    return (
        "<details><summary>全部单元格代码 · every cell code</summary><table><tr><th>code</th><th>中文</th>"
        f"<th>English</th><th>layouts</th></tr>{rows}</table></details>"
    )


def _table_metadata(table: schema.Table) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "description": f"{table.zh} · {table.en}",
        "columns": {c.name: f"{c.zh} · {c.en}" for c in table.columns},
    }
    if table.name in FACETS:
        meta["facets"] = (
            [{"column_one_pass": c} for c in FACETS[table.name]]
            if table.name in ONE_PASS_FACETS
            else FACETS[table.name]
        )
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
    tables["report_builds"] = {**tables.get("report_builds", {}), "hidden": True}  # build bookkeeping, kept in the file
    tables[readme_table.TABLE.name] = _table_metadata(readme_table.TABLE)
    return {
        "title": "政府信息公开工作年度报告档案 · nianbao: China's government information disclosure annual reports",
        "description_html": (
            "<p>每个机关每年一份政府信息公开工作年度报告：原文存档、三张法定统计表逐格解析、勾稽关系核对。</p>"
            "<p>One report per agency and year: every document archived as published, every cell of the three "
            'statutory tables parsed under a stable code (table <a href="/archive/cells">cells</a>), every '
            'identity the form prescribes checked (<a href="/archive/report_checks">report_checks</a>). '
            'Search reports in Chinese on <a href="/archive/reports">reports</a> or with the '
            '<a href="/archive/search_reports">ranked search</a>; charts on <a href="/-/dashboards/archive">the '
            'dashboard</a>; the whole database is one SQLite file: <a href="/archive.db">archive.db</a> (its '
            "<code>_readme</code> table says how to use it without Datasette).</p>"
            "<p>A report's title opens its page: the three tables as the printed form, each number linked to the "
            "archived document it was read from, the checks, sections and sources. An agency's name opens its years "
            'since 2008. Compare the <a href="/archive/compare_agencies">agencies of one region and level</a>, list '
            'the <a href="/archive/missing_reports">agencies missing a year</a>; '
            '<a href="/-/about">how to cite</a>.</p>'
        ),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "about": "关于与引用 · about and how to cite",
        "about_url": "/-/about",
        "databases": {
            DB: {
                "description": "年报档案 · the annual-report archive (rebuilt from the raw archive by archive.build)",
                "tables": tables,
                "queries": QUERIES,
            }
        },
        "plugins": {
            "nianbao": {"blobs_dir": {"$env": blobs_env}, "default_columns": DEFAULT_COLUMNS},
            "datasette-dashboards": _dashboards(),
            "datasette-block-robots": {"literal": ROBOTS},
        },
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m archive.metadata", description="Write Datasette metadata (YAML or JSON)."
    )
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
