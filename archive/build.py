"""``python -m archive.build --data-dir DIR``: parse what is new in the raw archive and build
``DIR/archive.db`` (the full database) and ``DIR/stats.db`` (the compact statistics database).

1. read the fetch logs (``DIR/fetches/*.jsonl``) and run summaries (``DIR/runs``);
2. parse every archived report page and attachment not in the parse cache,
   in worker processes (``--workers``);
3. write the database into a temporary file -- this process is the only writer -- and
   rename it over ``--out`` (default ``DIR/archive.db``), then the compact one beside it
   (``archive.compact``).  Two ways:

   * **increment** (the default when an earlier build of the same schema and parser version
     exists: ``--base``, else ``--out``, else ``DIR/archive.db``): a copy of it brought up to
     date, only the reports whose documents changed rewritten (``archive.increment``);
   * **full** (``--full``, or no usable earlier build): every table written afresh.  When
     the new file is byte-identical to the existing one, the existing one is left untouched
     (same inode and mtime): an unchanged archive changes nothing.  So does an increment
     that finds nothing to write.

Everything is derived from ``DIR`` alone, offline; the parse cache under
``DIR/parsed`` and the earlier build only save time.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive import compact, dbwrite, readme_table, schema
from archive.assemble import Doc, apply_parse, collect_documents
from archive.crosschecks import across_years
from archive.document_rows import PARSE_FIELDS, agency_rows, document_row, fetch_row, restore_parse
from archive.increment import Delta, apply_increment
from archive.parsing import ParseCache, job_for, page_images, parse_missing, parser_version
from archive.report_rows import blob_link, text_of
from archive.runs import crawl_run_rows
from identity import assign_reports
from parsers.isolation import DEFAULT_BOUNDS, Bounds
from parsers.limits import DOCUMENT_MEMORY_BYTES, DOCUMENT_SECONDS, MiB
from rawarchive import DataDir, FetchLine, RawArchive, install_file

log = logging.getLogger("archive.build")

__all__ = ["BuildStats", "Builder", "blob_link", "build", "text_of"]


@dataclass
class BuildStats:
    documents: int = 0
    parsed: int = 0
    cached: int = 0
    reports: int = 0
    seconds: float = 0.0
    changed: bool = True
    out: Path | None = None
    mode: str = "full"  # or "increment"
    rewritten: int = 0  # reports written (all of them in a full build)

    def line(self) -> str:
        state = "written" if self.changed else "unchanged"
        how = f"increment: {self.rewritten} reports rewritten" if self.mode == "increment" else "full build"
        return (
            f"{self.out}: {state} ({how}); "
            f"{self.documents} documents ({self.parsed} parsed, {self.cached} from cache), "
            f"{self.reports} reports, {self.seconds:.1f} s"
        )


def schema_version() -> int:
    """A number for the DDL of both databases (``PRAGMA user_version``): an earlier build of another
    shape is never the base of an increment."""
    ddl = "\n".join([t.ddl() for t in schema.TABLES] + [schema.FTS_DDL] + [t.ddl() for t in compact.TABLES])
    return int(hashlib.sha256(ddl.encode("utf-8")).hexdigest()[:7], 16)


class Builder:
    def __init__(self, data_dir: Path, workers: int, bounds: Bounds = DEFAULT_BOUNDS) -> None:
        self.raw = RawArchive(data_dir)
        self.workers = workers
        self.bounds = bounds
        self.version = parser_version()
        self.cache = ParseCache(data_dir, self.version)

    # ------------------------------------------------------------------ reading and parsing
    def load(
        self, known: dict[str, dict[str, Any]] | None = None
    ) -> tuple[list[FetchLine], dict[str, Doc], BuildStats]:
        """Fetch lines and documents, every document parsed; a document in ``known`` (sha256 -> its
        documents row of an earlier build, same parser version) takes its parse fields from there."""
        known = known or {}
        stats = BuildStats()
        lines = list(self.raw.fetch_lines())
        docs = collect_documents(lines)
        flipbooks = page_images(lines, self.raw.blob_path)  # a report page's page images, read with it
        jobs = {}
        for doc in docs.values():
            blob = self.raw.blob_path(doc.sha256)
            if blob.is_file():
                jobs[doc.sha256] = job_for(doc, blob, flipbooks)
            else:
                log.warning("blob %s missing (listed in the fetch log): not parsed", doc.sha256)
        # a page with page images is read with them: the earlier build's row may predate them
        known = {sha: row for sha, row in known.items() if sha in jobs and not jobs[sha].images}
        todo = [job for sha, job in jobs.items() if sha not in known]
        started = time.perf_counter()
        stats.parsed = parse_missing(
            todo, self.cache, self.workers, progress=lambda n, total: _progress("parsed", n, total), bounds=self.bounds
        )
        if stats.parsed:
            log.info("parsed %d documents in %.1f s", stats.parsed, time.perf_counter() - started)
        damaged = []
        for doc in docs.values():
            doc.has_blob = doc.sha256 in jobs
            if doc.has_blob and doc.sha256 in known:
                restore_parse(doc, known[doc.sha256])
                continue
            result = self.cache.get(doc.sha256) if doc.has_blob else None
            if doc.has_blob and result is None:  # a damaged cache entry (removed by get) or a dead worker
                damaged.append(jobs[doc.sha256])
            apply_parse(doc, result)
        if damaged:
            stats.parsed += parse_missing(damaged, self.cache, self.workers, bounds=self.bounds)
            for job in damaged:
                apply_parse(docs[job.sha256], self.cache.get(job.sha256))
        stats.documents = len(docs)
        stats.cached = sum(1 for d in docs.values() if d.parse_status != "not_parsed") - stats.parsed
        return lines, docs, stats

    def timeliness_rows(self) -> list[dict[str, Any]] | None:
        """DIR/season.json (written by the nightly job), when present, as rows of report_timeliness."""
        path = self.raw.layout.season
        if not path.is_file():
            return None
        try:
            rows = json.loads(path.read_text(encoding="utf-8")).get("report_timeliness") or []
        except ValueError:
            log.warning("%s unreadable: no report_timeliness table", path)
            return None
        columns = schema.REPORT_TIMELINESS.column_names
        keyed = {(str(r.get("source")), str(r.get("agency")), r.get("year")): r for r in rows if isinstance(r, dict)}
        return [{c: keyed[k].get(c) for c in columns} for k in sorted(keyed, key=str)]

    # ------------------------------------------------------------------ writing
    def write(self, path: Path, lines: list[FetchLine], docs: dict[str, Doc]) -> int:
        """A new full database at ``path``; return the number of reports."""
        reports = assign_reports(docs)
        places = agency_rows(docs, reports)
        conn = _connect(path)
        try:
            schema.create_tables(conn)
            with conn:
                dbwrite.insert(conn, "cells", schema.cell_rows())
                dbwrite.insert(conn, "checks", schema.check_rows())
                readme_table.write(conn)  # the file explains itself (issue 11)
                dbwrite.insert(conn, "agencies", places.values())
                dbwrite.insert(
                    conn,
                    "documents",
                    (document_row(d, self.version) for d in sorted(docs.values(), key=lambda d: d.sha256)),
                )
                year_tables = dbwrite.insert_reports(conn, reports, places, self.cache.get, self.version)
                dbwrite.insert(conn, "report_checks", dbwrite.with_report_fields(conn, across_years(year_tables)))
                dbwrite.insert(
                    conn, "fetches", (fetch_row(ln) for ln in sorted(lines, key=lambda ln: (ln.run_id, ln.line_no)))
                )
                dbwrite.insert(conn, "crawl_runs", crawl_run_rows(lines, self.raw.run_summaries()))
                dbwrite.insert(conn, "report_timeliness", self.timeliness_rows() or [])
                dbwrite.index_texts(conn)
                conn.execute(f"INSERT INTO [{schema.FTS_TABLE}] ([{schema.FTS_TABLE}]) VALUES ('optimize')")
                dbwrite.summarise_checks(conn)
                schema.create_indexes(conn)
                conn.execute(f"PRAGMA user_version = {schema_version()}")
            conn.execute("ANALYZE")
        finally:
            conn.close()
        return len(reports)

    def update(self, path: Path, lines: list[FetchLine], docs: dict[str, Doc]) -> Delta:
        """Bring the copy of an earlier build at ``path`` up to date (``archive.increment``)."""
        conn = _connect(path)
        try:
            return apply_increment(
                conn, lines, docs, self.cache.get, self.version, self.raw.run_summaries(), self.timeliness_rows() or []
            )
        finally:
            conn.close()


def known_documents(base: Path | None, version: str) -> dict[str, dict[str, Any]] | None:
    """The documents rows of an earlier build usable as an increment's base, or None."""
    if base is None or not base.is_file() or not compact.compact_path(base).is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != schema_version():
                return None
            columns = ", ".join(("sha256", *PARSE_FIELDS))
            rows = conn.execute(f"SELECT {columns} FROM documents WHERE parser_version = ?", (version,))
            return {r["sha256"]: dict(r) for r in rows}
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        log.warning("%s is no base for an increment (%s): full build", base, error)
        return None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.isolation_level = ""  # transactions by `with conn`
    conn.execute("PRAGMA journal_mode=OFF")  # a temporary file: a crash discards it anyway
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    return conn


def _progress(what: str, n: int, total: int) -> None:
    if n == total or n % 100 == 0:
        log.info("%s %d/%d", what, n, total)


def _same_bytes(a: Path, b: Path) -> bool:
    return a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)


def _temp_beside(out: Path) -> Path:
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    return Path(name)


def _install_pair(tmp: Path, out: Path, *, unchanged: bool) -> bool:
    """Rename the new full and compact databases over ``out`` and its compact path, the compact one
    first (a reader of the pair sees the new statistics with the old or the new full file, never
    the reverse); an unchanged pair leaves both files untouched.  Return whether it wrote."""
    pairs = [(compact.compact_path(tmp), compact.compact_path(out)), (tmp, out)]
    if unchanged or all(_same_bytes(new, old) for new, old in pairs):
        return False
    for new, old in pairs:
        install_file(new, old)
    return True


def build(
    data_dir: Path,
    out: Path | None = None,
    workers: int | None = None,
    bounds: Bounds = DEFAULT_BOUNDS,
    base: Path | None = None,
    full: bool = False,
) -> BuildStats:
    data_dir = Path(data_dir)
    out = Path(out) if out else DataDir(data_dir).database
    started = time.perf_counter()
    builder = Builder(data_dir, workers or os.cpu_count() or 1, bounds)
    if base is None:
        base = next((p for p in (out, DataDir(data_dir).database) if p.is_file()), None)
    known = None if full else known_documents(base, builder.version)
    lines, docs, stats = builder.load(known)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_beside(out)
    tmp_compact = compact.compact_path(tmp)
    try:
        if known is not None and base is not None:
            stats.mode = "increment"
            tmp.unlink()  # a new file with the usual mode, not mkstemp's 0600
            shutil.copyfile(base, tmp)  # copy_file_range: a reflink where the file system shares blocks
            shutil.copyfile(compact.compact_path(base), tmp_compact)
            delta = builder.update(tmp, lines, docs)
            compact.update(tmp_compact, tmp, sorted(delta.touched))
            stats.rewritten = len(delta.written)
            unchanged = delta.empty and base == out
        else:
            tmp.unlink()  # sqlite3 creates the file itself
            builder.write(tmp, lines, docs)
            compact.create(tmp_compact, tmp)
            unchanged = False
        stats.reports = _count(tmp, "reports")
        stats.rewritten = stats.rewritten if stats.mode == "increment" else stats.reports
        stats.changed = _install_pair(tmp, out, unchanged=unchanged)
        if out == DataDir(data_dir).database:  # the published pair (the nightly's publish.swap_in does its own)
            compact.write_download(compact.compact_path(out))  # stats.db.gz, when stats.db changed
    finally:
        tmp.unlink(missing_ok=True)
        tmp_compact.unlink(missing_ok=True)
    stats.out = out
    stats.seconds = time.perf_counter() - started
    return stats


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m archive.build", description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", type=Path, required=True, help="the raw archive (blobs, fetches, runs)")
    p.add_argument("--workers", type=int, default=None, help="parser processes (default: one per CPU)")
    p.add_argument("--out", type=Path, default=None, help="database to write (default: DATA_DIR/archive.db)")
    p.add_argument(
        "--base",
        type=Path,
        default=None,
        help="earlier build to bring up to date (default: --out if it exists, else DATA_DIR/archive.db)",
    )
    p.add_argument("--full", action="store_true", help="write every table afresh, even when an earlier build exists")
    p.add_argument(
        "--doc-seconds",
        type=float,
        default=DOCUMENT_SECONDS,
        help="wall-clock limit per document; beyond it the document is an error row",
    )
    p.add_argument(
        "--doc-memory-mib",
        type=int,
        default=DOCUMENT_MEMORY_BYTES // MiB,
        help="address-space limit per document, in MiB",
    )
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(name)s: %(message)s")
    if not DataDir(args.data_dir).fetches.is_dir():
        print(f"{args.data_dir}: no fetches/ directory; is this a DATA_DIR?", file=sys.stderr)
        return 2
    stats = build(
        args.data_dir,
        args.out,
        args.workers,
        Bounds(args.doc_seconds, args.doc_memory_mib * MiB),
        base=args.base,
        full=args.full,
    )
    print(stats.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
