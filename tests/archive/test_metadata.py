"""The Datasette metadata describes every table and column, from the cell registry, and its queries run."""

from __future__ import annotations

import html
import re
import sqlite3

import pytest

from archive.metadata import build_metadata
from archive.search import fts_query
from parsers import cells as registry
from rawarchive import DataDir


@pytest.fixture(scope="module")
def db_meta():
    return build_metadata()["databases"]["archive"]


def test_every_table_and_column_described_in_chinese_and_english(archive_dir, db_meta):
    conn = sqlite3.connect(DataDir(archive_dir[0]).database)
    tables = [
        t
        for (t,) in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'reports_fts%' "
            "and name not like 'sqlite_%'"
        )
    ]
    assert {
        "agencies",
        "documents",
        "reports",
        "report_cells",
        "cells",
        "report_checks",
        "crawl_runs",
        "report_t2",
        "report_t3_totals",
        "report_t4",
        "fetches",
    } <= set(tables)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for table in tables:
        meta = db_meta["tables"][table]
        assert cjk.search(meta["description"]) and re.search(r"[A-Za-z]{3}", meta["description"])
        for (column,) in conn.execute(f"select name from pragma_table_info('{table}')"):
            text = meta["columns"][column]
            assert cjk.search(text) and re.search(r"[A-Za-z]{3}", text), (table, column)
        for facet in meta.get("facets", []):
            column = facet if isinstance(facet, str) else next(iter(facet.values()))
            assert column in meta["columns"]
    conn.close()


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [html.unescape(value)] if isinstance(value, str) else []


def test_every_cell_label_of_the_registry_is_in_the_metadata(db_meta):
    text = "\n".join(_strings(db_meta))
    for cell in registry.CELLS.values():
        assert cell.code in text and cell.label_zh in text and cell.label_en in text, cell.code


def test_search_is_wired_to_the_index(db_meta):
    reports = db_meta["tables"]["reports"]
    assert reports["fts_table"] == "reports_fts" and reports["fts_pk"] == "rowid"
    assert "bm25" in db_meta["queries"]["search_reports"]["sql"]


def test_every_canned_query_runs(archive_dir, db_meta):
    conn = sqlite3.connect(DataDir(archive_dir[0]).database)
    conn.create_function("escape_fts", 1, fts_query)
    for name, q in db_meta["queries"].items():
        params = {p: ("复议" if p == "q" else "") for p in re.findall(r":(\w+)", q["sql"])}
        rows = conn.execute(q["sql"], params).fetchall()
        assert rows, name  # the fixture gives every query something to show
    conn.close()
