"""Datasette metadata for ``archive.db``, generated from the schema and the cell registry.

``python -m archive.metadata [--out metadata.yml|metadata.json]`` writes it;
``archive.serve`` generates it afresh on every start.  Every table and column
is described in Chinese and English (``archive.schema``); the wide tables'
columns and the ``report_cells`` description carry every cell label of
``parsers.cells``; canned queries are defined here, the dashboard in ``archive.dashboard``.
"""

from __future__ import annotations

import argparse
import json
import sys
from html import escape
from pathlib import Path
from typing import Any

from archive import readme_table, schema
from archive.dashboard import DB, OUTCOME_GROUPS, dashboards
from parsers import cells as registry

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
# The facet type that answers from counts already made (datasette_plugins/search_facets.py):
# the whole table's, held from start-up, and a search's, from its hits; it also counts missing values.
COUNTED_FACET = "column_counted"
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
    text = "x.text"
    join = f"\nLEFT JOIN [{schema.TEXT_TABLE}] x ON x.[{schema.TEXT_KEY}] = r.id"
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
        meta["facets"] = [{COUNTED_FACET: c} for c in FACETS[table.name]]
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
            "datasette-dashboards": dashboards(),
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
