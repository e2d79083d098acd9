"""Datasette metadata for the compact statistics database ``stats.db`` (``archive.compact``):
its tables described from the same schema as ``archive.db``'s, and the canned queries of
``archive.metadata`` that read only what it holds."""

from __future__ import annotations

import re
from typing import Any

from archive import compact
from archive.metadata import QUERIES, _table_metadata

DB = "stats"
# what the compact database leaves out, as a canned query would name it
_ABSENT = re.compile(
    r"\b(documents|report_cells|report_texts|reports_fts|report_documents|fetches|crawl_runs|expr"
    r"|source_documents|warnings)\b"
)


def compact_metadata() -> dict[str, Any]:
    """The ``databases`` entry of the compact database, to merge into the served metadata."""
    tables = {}
    for table in compact.TABLES:
        meta = _table_metadata(table)
        meta.pop("fts_table", None)  # no text, no search index
        meta.pop("fts_pk", None)
        meta.pop("sort_desc", None)  # listed in key order: no ordering index here (archive.compact)
        tables[table.name] = meta
    return {
        DB: {
            "description": "年报统计库（精简版）· the compact statistics database: agencies, reports, every cell value "
            "of tables 2 and 4 and the totals of table 3 (one row per report), checks and timeliness; "
            "no text, no raw cell text, no provenance (those are in archive.db)",
            "tables": tables,
            "queries": {name: q for name, q in QUERIES.items() if not _ABSENT.search(q["sql"])},
        }
    }
