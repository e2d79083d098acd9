"""Writing reports into ``archive.db``: the statements a full build and a nightly increment share.

The one writer is ``archive.build``; these functions take its open connection."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from archive import schema
from archive.assemble import Doc
from archive.crosschecks import YearTables
from archive.report_rows import CROSS_YEAR_CODES, ParseOf, report_rows
from archive.search import spaced
from identity import split_report_id

_TABLES = {t.name: t for t in schema.TABLES}
# reports and report_texts carry their rowid explicitly: the search index is keyed by it
_ROWID_TABLES = {"reports", "report_texts"}
BATCH = 5000


def insert_sql(table: str) -> tuple[list[str], str]:
    """The columns an INSERT into ``table`` names, in the schema's order (the rowid first where it is
    explicit), and the statement with a placeholder for each."""
    columns = _TABLES[table].column_names
    if table in _ROWID_TABLES:
        columns = ["rowid", *columns]
    names, marks = ", ".join(f"[{c}]" for c in columns), ", ".join("?" * len(columns))
    return columns, f"INSERT INTO [{table}] ({names}) VALUES ({marks})"


def insert(conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Plain executemany in the schema's column order (sqlite-utils' insert_all spends most of
    a build type-checking every value; the columns are already declared)."""
    columns, sql = insert_sql(table)
    conn.executemany(sql, ([row.get(c) for c in columns] for row in rows))


def insert_reports(
    conn: sqlite3.Connection,
    reports: dict[str, list[Doc]],
    places: dict[str, dict[str, Any]],
    parse_of: ParseOf,
    version: str,
    next_rowid: int = 1,
) -> list[YearTables]:
    """Write every row of the given reports (in id order, rowids from ``next_rowid`` on);
    return their cells for the cross-year checks."""
    year_tables: list[YearTables] = []
    batches: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rowid, (rid, members) in enumerate(sorted(reports.items()), start=next_rowid):
        rows, tables = report_rows(rid, members, places[split_report_id(rid)[0]], parse_of, version)
        rows["reports"][0]["rowid"] = rows["report_texts"][0]["rowid"] = rowid
        for table, table_rows in rows.items():
            batches[table] += table_rows
        year_tables.append(tables)
        if len(batches["report_cells"]) >= BATCH * 20 or len(batches["reports"]) >= BATCH:
            _flush(conn, batches)
    _flush(conn, batches)
    return year_tables


def _flush(conn: sqlite3.Connection, batches: dict[str, list[dict[str, Any]]]) -> None:
    for table, rows in batches.items():
        insert(conn, table, rows)
        rows.clear()


def index_texts(
    conn: sqlite3.Connection, where: str = "1", params: Sequence[Any] = (), *, delete: bool = False
) -> None:
    """Add report_texts rows to the search index (or, ``delete``, take them out: FTS5 needs the
    indexed values back to remove them, and the index holds the *spaced* text)."""
    conn.create_function("cjk_spaced", 1, spaced, deterministic=True)
    command = f"[{schema.FTS_TABLE}], " if delete else ""
    value = "'delete', " if delete else ""
    conn.execute(
        f"INSERT INTO [{schema.FTS_TABLE}] ({command}rowid, title, text) "
        f"SELECT {value}rowid, cjk_spaced(coalesce(title, '')), cjk_spaced(coalesce(text, '')) "
        f"FROM report_texts WHERE {where} ORDER BY rowid",
        params,
    )


def with_report_fields(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Cross-year check rows with the report's year, layout and province (as the parser's checks carry)."""
    last: tuple[str, tuple[Any, ...]] = ("", ())
    for row in rows:  # a report's checks come together: one lookup per report
        if row["report"] != last[0]:
            last = (
                row["report"],
                conn.execute("SELECT year, layout, province FROM reports WHERE id = ?", (row["report"],)).fetchone(),
            )
        year, layout, province = last[1]
        yield {
            **row,
            "soft": int(row["check_id"] in schema.SOFT_CHECKS),
            "year": year,
            "layout": layout,
            "province": province,
        }


def summarise_checks(conn: sqlite3.Connection, where: str = "1", params: Sequence[Any] = ()) -> None:
    """reports.checks_failed and checks_status from report_checks (soft checks not counted)."""
    conn.execute(
        f"""
        UPDATE reports SET
          checks_failed = (SELECT count(*) FROM report_checks c
                           WHERE c.report = reports.id AND c.status = 'fail' AND c.soft = 0),
          checks_status = CASE
            WHEN EXISTS (SELECT 1 FROM report_checks c WHERE c.report = reports.id AND c.status = 'fail' AND c.soft = 0)
              THEN 'fail'
            WHEN EXISTS (SELECT 1 FROM report_checks c WHERE c.report = reports.id AND c.status = 'pass')
              THEN 'pass'
            ELSE 'not_assessable' END
        WHERE {where}""",
        params,
    )


def stored_year_tables(conn: sqlite3.Connection, agencies: Iterable[str]) -> list[YearTables]:
    """The cross-year inputs of every stored report of these agencies, read back from the database."""
    out = []
    codes = sorted(CROSS_YEAR_CODES)
    marks = ", ".join("?" * len(codes))
    for agency in sorted(set(agencies)):
        for rid, year, t2, t3 in conn.execute(
            "SELECT id, year, layout_t2, layout_t3 FROM reports WHERE agency = ? ORDER BY id", (agency,)
        ).fetchall():
            cells = dict(
                conn.execute(
                    f"SELECT code, value FROM report_cells WHERE report = ? AND code IN ({marks})", (rid, *codes)
                ).fetchall()
            )
            out.append(YearTables(rid, agency, int(year), t2, t3, cells))
    return out


def in_chunks(conn: sqlite3.Connection, sql: str, keys: Sequence[str], run: Callable[..., Any] | None = None) -> None:
    """Run ``sql`` (with ``{marks}`` for a list of placeholders) over ``keys`` in chunks of 500."""
    run = run or conn.execute
    for i in range(0, len(keys), 500):
        chunk = list(keys[i : i + 500])
        run(sql.format(marks=", ".join("?" * len(chunk))), chunk)
