"""The compact statistics database (``stats.db``): what a researcher needs to count and compare,
in a download that stays well under 1 GB at national scale (docs/national-scale.md).

It is a projection of the full ``archive.db``, written by the same build from the same rows:
agencies, reports (without text and document provenance), the wide per-table tables (every
cell value of tables 2 and 4, the total column of table 3), the check registry and results
(without the evaluated formula text; the rows that are not a pass), timeliness and the cell
registry.  Left out, in the full database only: the
text and sections (``report_texts`` and the search index), ``report_cells`` (raw cell text,
markers, and table 3 by applicant type), documents, fetch provenance and build bookkeeping.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
import shutil
import sqlite3
import struct
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from archive import dbwrite, schema
from rawarchive import install_file

# table -> columns the compact database leaves out (in the full database)
# (the wide tables' agency and level are the report's: reports has them, one join away)
_PER_REPORT_COPIES = ("agency", "level")
COMPACT_TABLES: dict[str, tuple[str, ...]] = {
    "agencies": (),
    "reports": ("source_documents", "warnings", "document_url", "source_document", "archived_copy"),
    "cells": (),
    "checks": (),
    "report_checks": ("expr",),
    "report_t2": _PER_REPORT_COPIES,
    "report_t3_totals": _PER_REPORT_COPIES,
    "report_t4": _PER_REPORT_COPIES,
    "report_timeliness": (),
}
# written whole every time: small, and not keyed by report
_WHOLE = ("agencies", "cells", "checks", "report_timeliness")
_PER_REPORT = ("report_checks", "report_t2", "report_t3_totals", "report_t4")


def compact_path(full: Path) -> Path:
    """``archive.db`` -> ``stats.db``, ``archive.db.new`` -> ``stats.db.new``; any other name gets ``-stats``."""
    full = Path(full)
    if full.name.startswith("archive.db"):
        return full.with_name("stats.db" + full.name[len("archive.db") :])
    return full.with_name(f"{full.stem}-stats{full.suffix}")


def download_path(compact: Path) -> Path:
    """``stats.db`` -> ``stats.db.gz``: the compact database as researchers download it."""
    return Path(compact).with_name(Path(compact).name + ".gz")


_CHUNK = 1 << 20


def _crc_and_size(path: Path) -> tuple[int, int]:
    crc, size = 0, 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
    return crc, size


def _holds(download: Path, compact: Path) -> bool:
    """Does the gzip file hold these bytes?  Its trailer names them: CRC-32 and length (mod 2**32)."""
    if not download.is_file() or download.stat().st_size < 18:
        return False
    with download.open("rb") as f:
        f.seek(-8, os.SEEK_END)
        crc, size = struct.unpack("<II", f.read(8))
    own_crc, own_size = _crc_and_size(compact)
    return (crc, size) == (own_crc, own_size & 0xFFFFFFFF)


def write_download(compact: Path, *, unless_held_by: Path | None = None) -> bool:
    """Write ``stats.db.gz`` beside ``stats.db`` unless ``unless_held_by`` (default: that file) already
    holds these bytes; return whether it wrote.

    Deterministic (no time, the name ``stats.db`` in the header: the same database gives the same
    bytes, so a mirror or a checksum sees a change only when there is one) and atomic (a temporary
    file beside it, renamed over it: a download never reads a half-written file)."""
    compact = Path(compact)
    if not compact.is_file():
        return False
    target = download_path(compact)
    if _holds(unless_held_by or target, compact):
        return False
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    staged = Path(name)
    try:
        with os.fdopen(fd, "wb") as raw, compact.open("rb") as source:
            with gzip.GzipFile(filename="stats.db", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as out:
                shutil.copyfileobj(source, out, _CHUNK)
        staged.chmod(0o644)
        install_file(staged, target)
    finally:
        staged.unlink(missing_ok=True)
    return True


# report_checks keeps the rows that are not a pass (a pass is counted in reports.checks_status):
# at ~40 checks a report, every row with its long report id would outweigh the rest of the database
_ROWS: dict[str, str] = {"report_checks": "status <> 'pass'"}
_DESCRIPTIONS: dict[str, str] = {
    "report_checks": "Every check that failed or could not be assessed, on every report (the passes: "
    "reports.checks_status here, every row in archive.db)",
}
# indexes the compact tables keep (the full database's others serve its bigger pages)
# and no (year desc, id) ordering index: here a listing is in id order (its key index), and a
# facet's count reads a small index of the one column (an entry is the value and a rowid)
_INDEXES: dict[str, list[list[str]]] = {
    "report_checks": [["check_id"], ["status", "year"]],
    "reports": [["year"], ["province", "year"], ["level"], ["layout"], ["checks_status"], ["agency", "year"]],
    **{
        t: [["year"], ["province", "year"], [layout]]
        for t, layout in (("report_t2", "layout_t2"), ("report_t3_totals", "layout_t3"), ("report_t4", "layout_t4"))
    },
}


def compact_table(table: schema.Table) -> schema.Table:
    """The table as the compact database declares it: fewer columns, keys only to tables it holds."""
    dropped = COMPACT_TABLES[table.name]
    # rowid tables all: an index entry then ends in a rowid of a few bytes, not in the long report id
    # (WITHOUT ROWID stores the key once but repeats it in every index: larger here)
    return dataclasses.replace(
        table,
        without_rowid=False,
        en=_DESCRIPTIONS.get(table.name, table.en),
        columns=[c for c in table.columns if c.name not in dropped],
        foreign_keys=[fk for fk in table.foreign_keys if fk[1] in COMPACT_TABLES and fk[0] not in dropped],
        indexes=_INDEXES.get(table.name)
        or [ix for ix in table.indexes if not {c.split(" ")[0] for c in ix} & set(dropped)],
    )


TABLES = [compact_table(t) for t in schema.TABLES if t.name in COMPACT_TABLES]


def create(path: Path, full: Path) -> None:
    """Write a new compact database at ``path`` from the full database ``full``."""
    conn = _open(path, full)
    try:
        for table in TABLES:
            conn.execute(table.ddl())
        with conn:
            for table in TABLES:
                _copy(conn, table)
        for table in TABLES:
            for stmt in table.index_ddl():
                conn.execute(stmt)
        conn.execute("ANALYZE")
    finally:
        conn.close()


def update(path: Path, full: Path, reports: Sequence[str]) -> None:
    """Bring a copy of an earlier compact database up to date with ``full``: the rows of these
    reports again (the increment's written, removed and cross-year rechecked ones), and the
    small whole tables again."""
    conn = _open(path, full)
    try:
        with conn:
            by_name = {t.name: t for t in TABLES}
            for name in _WHOLE:
                conn.execute(f"DELETE FROM [{name}]")
                _copy(conn, by_name[name])
            for name in _PER_REPORT:
                dbwrite.in_chunks(conn, f"DELETE FROM [{name}] WHERE report IN ({{marks}})", reports)
                dbwrite.in_chunks(
                    conn,
                    "report IN ({marks})",
                    reports,
                    run=lambda where, keys, t=by_name[name]: _copy(conn, t, where, keys),
                )
            dbwrite.in_chunks(conn, "DELETE FROM reports WHERE id IN ({marks})", reports)
            dbwrite.in_chunks(
                conn, "id IN ({marks})", reports, run=lambda where, keys: _copy(conn, by_name["reports"], where, keys)
            )
    finally:
        conn.close()


def _open(path: Path, full: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.isolation_level = ""  # transactions by `with conn`
    conn.execute("PRAGMA journal_mode=OFF")  # a temporary file: a crash discards it anyway
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("ATTACH DATABASE ? AS full", (str(full),))  # read only by this module
    return conn


def _copy(conn: sqlite3.Connection, table: schema.Table, where: str = "1", params: Sequence[str] = ()) -> None:
    columns = ", ".join(f"[{c}]" for c in table.column_names)
    order = ", ".join(f"[{k}]" for k in table.pk)
    rows = _ROWS.get(table.name, "1")
    conn.execute(
        f"INSERT INTO main.[{table.name}] ({columns}) SELECT {columns} FROM full.[{table.name}] "
        f"WHERE ({where}) AND {rows} ORDER BY {order}",
        params,
    )
