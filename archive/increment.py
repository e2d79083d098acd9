"""The nightly increment: bring a copy of last night's ``archive.db`` up to date with the raw archive,
rewriting only what changed.

A report is rewritten when its *fingerprint* (``archive.report_rows.fingerprint``: its
documents as the documents table lists them, its agency's place, the parser version) differs
from the one stored in ``report_builds``; reports no longer in the archive are removed.  For
every agency with a rewritten or removed report the cross-year checks (5, 6) of all its years
are recomputed, reading the unchanged neighbours' cells back from ``report_cells``.  The other
tables are compared row by row with what the raw archive gives and only differing rows are
written; a crawl run's fetch lines are written when the run is new or has grown.  The parse
cache is read only for the reports written; every other document's parse fields come from the
``documents`` table (same parser version), so nothing is parsed or read twice.

The result equals a full build of the same raw archive table by table (tests/archive/
test_increment.py), except the rowid of a rewritten report (a new one: the next free).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from archive import dbwrite, schema
from archive.assemble import Doc
from archive.crosschecks import across_years
from archive.document_rows import agency_rows, document_row, fetch_row
from archive.report_rows import CROSS_YEAR_CHECKS, PER_REPORT_TABLES, ParseOf, fingerprint
from archive.runs import crawl_run_rows
from identity import assign_reports, split_report_id
from rawarchive import FetchLine


@dataclass
class Delta:
    """What an increment wrote: report ids rewritten and removed, other rows written or deleted."""

    written: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    # every report whose rows changed: written, removed, and the agencies' other years (cross-year checks)
    touched: set[str] = field(default_factory=set)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.written or self.removed or any(self.rows.values()))

    def count(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n


def apply_increment(
    conn: sqlite3.Connection,
    lines: list[FetchLine],
    docs: dict[str, Doc],
    parse_of: ParseOf,
    version: str,
    run_summaries: Any,
    timeliness: list[dict[str, Any]],
) -> Delta:
    """Bring the database open on ``conn`` (a copy of an earlier build) up to date; one transaction."""
    delta = Delta()
    reports = assign_reports(docs)
    places = agency_rows(docs, reports)
    with conn:
        _sync_rows(conn, schema.DOCUMENTS, (document_row(d, version) for d in docs.values()), delta)
        _sync_rows(conn, schema.AGENCIES, places.values(), delta)
        stored = dict(conn.execute("SELECT report, fingerprint FROM report_builds"))
        delta.written = {
            rid
            for rid, members in reports.items()
            if stored.get(rid) != fingerprint(rid, members, places[split_report_id(rid)[0]], version)
        }
        delta.removed = set(stored) - set(reports)
        _drop_reports(conn, sorted(delta.written | delta.removed))
        next_rowid = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM reports").fetchone()[0]
        dbwrite.insert_reports(conn, {r: reports[r] for r in delta.written}, places, parse_of, version, next_rowid)
        dbwrite.in_chunks(
            conn,
            "report IN ({marks})",
            sorted(delta.written),
            run=lambda where, keys: dbwrite.index_texts(conn, where, keys),
        )
        rechecked = _recheck_agencies(conn, {split_report_id(r)[0] for r in delta.written | delta.removed})
        delta.touched = delta.written | delta.removed | set(rechecked)
        _sync_fetches(conn, lines, delta)
        _sync_rows(conn, schema.CRAWL_RUNS, crawl_run_rows(lines, run_summaries), delta)
        _sync_rows(conn, schema.REPORT_TIMELINESS, timeliness, delta)
    return delta


def _drop_reports(conn: sqlite3.Connection, rids: list[str]) -> None:
    """Every row of these reports, the search index's first (it needs the indexed values back)."""
    dbwrite.in_chunks(
        conn, "report IN ({marks})", rids, run=lambda where, keys: dbwrite.index_texts(conn, where, keys, delete=True)
    )
    for table in PER_REPORT_TABLES:
        dbwrite.in_chunks(conn, f"DELETE FROM [{table}] WHERE report IN ({{marks}})", rids)
    dbwrite.in_chunks(conn, "DELETE FROM reports WHERE id IN ({marks})", rids)


def _recheck_agencies(conn: sqlite3.Connection, agencies: set[str]) -> list[str]:
    """Checks 5 and 6 of every year of these agencies again, and their reports' check summaries;
    return those reports."""
    rids = [r for a in sorted(agencies) for (r,) in conn.execute("SELECT id FROM reports WHERE agency = ?", (a,))]
    marks = ", ".join("?" * len(CROSS_YEAR_CHECKS))
    dbwrite.in_chunks(
        conn,
        f"DELETE FROM report_checks WHERE check_id IN ({marks}) AND report IN ({{marks}})",
        rids,
        run=lambda sql, keys: conn.execute(sql, (*CROSS_YEAR_CHECKS, *keys)),
    )
    rows = across_years(dbwrite.stored_year_tables(conn, agencies))
    dbwrite.insert(conn, "report_checks", dbwrite.with_report_fields(conn, rows))
    dbwrite.in_chunks(
        conn, "id IN ({marks})", rids, run=lambda where, keys: dbwrite.summarise_checks(conn, where, keys)
    )
    return rids


def _sync_rows(conn: sqlite3.Connection, table: schema.Table, rows: Iterable[dict[str, Any]], delta: Delta) -> None:
    """Make the table hold exactly these rows: write the new and differing ones, delete the rest."""
    columns = table.column_names
    key_at = [columns.index(k) for k in table.pk]
    stored = {
        tuple(r[i] for i in key_at): tuple(r)
        for r in conn.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table.name}]")
    }
    fresh = {}
    for row in rows:
        values = tuple(row.get(c) for c in columns)
        fresh[tuple(values[i] for i in key_at)] = values
    gone = [k for k in stored if k not in fresh]
    new = [v for k, v in fresh.items() if stored.get(k) != v]
    where = " AND ".join(f"[{k}] = ?" for k in table.pk)
    conn.executemany(f"DELETE FROM [{table.name}] WHERE {where}", gone + [tuple(v[i] for i in key_at) for v in new])
    conn.executemany(dbwrite.insert_sql(table.name)[1], new)  # none of these tables has an explicit rowid
    delta.count(table.name, len(gone) + len(new))


def _sync_fetches(conn: sqlite3.Connection, lines: list[FetchLine], delta: Delta) -> None:
    """A crawl run's fetch lines, written again when the run is new or its log has grown."""
    by_run: dict[str, list[FetchLine]] = {}
    for line in lines:
        by_run.setdefault(line.run_id, []).append(line)
    stored = dict(conn.execute("SELECT run_id, count(*) FROM fetches GROUP BY run_id"))
    for run_id in sorted(set(stored) - set(by_run)):
        conn.execute("DELETE FROM fetches WHERE run_id = ?", (run_id,))
        delta.count("fetches", stored[run_id])
    for run_id, run_lines in sorted(by_run.items()):
        if stored.get(run_id) == len(run_lines):
            continue
        conn.execute("DELETE FROM fetches WHERE run_id = ?", (run_id,))
        dbwrite.insert(conn, "fetches", (fetch_row(ln) for ln in sorted(run_lines, key=lambda ln: ln.line_no)))
        delta.count("fetches", len(run_lines))
