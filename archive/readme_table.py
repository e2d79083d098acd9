"""The ``_readme`` table inside ``archive.db``: the file explains itself without Datasette.

One row per table (what it holds, its key) and a few rows on how to search the
reports with any SQLite client.  The full-text index holds Chinese text as
overlapping character pairs (``archive.search``), so a plain ``MATCH '消防救援'``
finds nothing: the rows below give the pair query, and a ``LIKE`` that needs no
index at all.
"""

from __future__ import annotations

from typing import Any

from archive import schema
from archive.search import fts_query

TABLE = schema.Table(
    "_readme",
    "说明（本数据库各表及检索方法）",
    "Read me: what each table holds, and how to search without Datasette",
    [
        schema.C("name", "TEXT", "表名或主题", "table name, or a how-to topic"),
        schema.C("kind", "TEXT", "类型", "table, or howto"),
        schema.C("zh", "TEXT", "中文说明", "what it is, in Chinese"),
        schema.C("en", "TEXT", "英文说明", "what it is, in English"),
        schema.C("example_sql", "TEXT", "示例SQL", "a query to run in any SQLite client"),
    ],
    ["name"],
)


def howto_rows() -> list[dict[str, Any]]:
    table, key = schema.TEXT_TABLE, schema.TEXT_KEY
    phrase = fts_query("消防救援")
    return [
        {
            "name": "search: plain Chinese, no index",
            "kind": "howto",
            "zh": "任意SQLite客户端：用 LIKE 检索正文中的中文词语（较慢，但无需特殊处理）",
            "en": "Any SQLite client: find a Chinese word in the text with LIKE "
            "(a full scan, but needs nothing special)",
            "example_sql": f"SELECT r.id, r.title FROM reports r JOIN [{table}] t ON t.[{key}] = r.id "
            "WHERE t.text LIKE '%消防救援%' ORDER BY r.year DESC",
        },
        {
            "name": "search: full-text index",
            "kind": "howto",
            "zh": '全文索引按相邻两字（二元组）存储：把检索词写成其二元组短语，如 消防救援 → "消防 防救 救援"',
            "en": "The full-text index (reports_fts) holds overlapping character pairs: "
            "write a Chinese word as the phrase "
            'of its pairs (消防救援 -> "消防 防救 救援"); a two-character word is one pair; rank with bm25',
            "example_sql": "SELECT r.id, r.title, bm25(reports_fts, 10.0, 1.0) AS score FROM reports_fts "
            f"JOIN reports r ON r.rowid = reports_fts.rowid WHERE reports_fts MATCH '{phrase}' ORDER BY score",
        },
        {
            "name": "cells of a report",
            "kind": "howto",
            "zh": "一份报告的全部单元格（按表、代码）",
            "en": "Every cell of one report, with the form's labels (report id = <agency>/<year>)",
            "example_sql": "SELECT c.code, l.label_zh, l.label_en, c.value, c.raw, c.marker FROM report_cells c "
            "JOIN cells l ON l.code = c.code WHERE c.report = '淄博市应急管理局/2024' ORDER BY c.table_no",
        },
    ]


def rows() -> list[dict[str, Any]]:
    out = [
        {
            "name": t.name,
            "kind": "table",
            "zh": t.zh,
            "en": f"{t.en}; key: {', '.join(t.pk)}",
            "example_sql": f"SELECT * FROM [{t.name}] LIMIT 10",
        }
        for t in [*schema.TABLES, TABLE]
    ]
    out.append(
        {
            "name": schema.FTS_TABLE,
            "kind": "table",
            "zh": "全文索引（二元组）",
            "en": "full-text index (FTS5) over title and text as character pairs; see the search rows",
            "example_sql": None,
        }
    )
    return out + howto_rows()


def write(conn) -> None:  # conn: sqlite3.Connection
    conn.execute(TABLE.ddl())
    conn.executemany(
        "INSERT INTO [_readme] (name, kind, zh, en, example_sql) VALUES (?, ?, ?, ?, ?)",
        [(r["name"], r["kind"], r["zh"], r["en"], r["example_sql"]) for r in rows()],
    )
