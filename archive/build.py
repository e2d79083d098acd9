"""``python -m archive.build --data-dir DIR``: parse what is new in the raw archive and build ``DIR/archive.db``.

1. read the fetch logs (``DIR/fetches/*.jsonl``) and run summaries (``DIR/runs``);
2. parse every archived report page and attachment not in the parse cache,
   in worker processes (``--workers``);
3. write a new database into a temporary file -- this process is the only
   writer -- and rename it over ``--out`` (default ``DIR/archive.db``).  When
   the new file is byte-identical to the existing one, the existing one is
   left untouched (same inode and mtime): an unchanged archive changes nothing.

Everything is derived from ``DIR`` alone, offline; the parse cache under
``DIR/parsed`` only saves time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from archive import readme_table, schema
from archive.assemble import Doc, apply_parse, collect_documents, source_agreement
from archive.crosschecks import YearTables, across_years
from archive.divisions import place_of
from archive.parsing import ParseCache, ParseJob, images_of, page_images, parse_missing, parser_version
from archive.runs import crawl_run_rows
from archive.search import spaced
from identity import assign_reports, normalise_agency, split_report_id
from parsers import cells as registry
from parsers.isolation import DEFAULT_BOUNDS, Bounds
from parsers.limits import DOCUMENT_MEMORY_BYTES, DOCUMENT_SECONDS, MiB
from rawarchive import DataDir, FetchLine, RawArchive, install_file

log = logging.getLogger("archive.build")

SECTION_KEYS = [k for k, _, _ in schema.SECTIONS]
_CROSS_YEAR_CODES = {f"t3.carried_over.{c}" for c in (col.key for col in registry.T3_COLUMNS)} | {
    f"t3.carried_forward.{c}" for c in (col.key for col in registry.T3_COLUMNS)
} | {f"t2.{r}.{c}" for r in ("rules", "normative") for c in ("issued", "repealed", "in_force")}


@dataclass
class BuildStats:
    documents: int = 0
    parsed: int = 0
    cached: int = 0
    reports: int = 0
    seconds: float = 0.0
    changed: bool = True
    out: Path | None = None

    def line(self) -> str:
        state = "written" if self.changed else "unchanged"
        return (f"{self.out}: {state}; {self.documents} documents ({self.parsed} parsed, {self.cached} from cache), "
                f"{self.reports} reports, {self.seconds:.1f} s")


def blob_link(sha256: str | None) -> str | None:
    return f"/-/blob/{sha256}" if sha256 else None


def _text_of(result: dict[str, Any]) -> str:
    """The report's text: the parser's ``text`` if it gives one, else its sections joined."""
    text = result.get("text")
    if isinstance(text, str) and text.strip():
        return text
    sections = result.get("sections") or {}
    return "\n\n".join(str(sections.get(k) or "") for k in SECTION_KEYS if sections.get(k)).strip()


class Builder:
    def __init__(self, data_dir: Path, workers: int, bounds: Bounds = DEFAULT_BOUNDS) -> None:
        self.raw = RawArchive(data_dir)
        self.workers = workers
        self.bounds = bounds
        self.version = parser_version()
        self.cache = ParseCache(data_dir, self.version)

    # ------------------------------------------------------------------ reading and parsing
    def load(self) -> tuple[list[FetchLine], dict[str, Doc], BuildStats]:
        stats = BuildStats()
        lines = list(self.raw.fetch_lines())
        docs = collect_documents(lines)
        flipbooks = page_images(lines, self.raw.blob_path)  # a report page's page images, read with it
        jobs = []
        for doc in docs.values():
            blob = self.raw.blob_path(doc.sha256)
            if blob.is_file():
                images = images_of(doc.urls, flipbooks) if doc.kind == "report_page" else ()
                jobs.append(ParseJob(doc.sha256, blob, doc.filename or _basename(doc.where), doc.where, images))
            else:
                log.warning("blob %s missing (listed in the fetch log): not parsed", doc.sha256)
        started = time.perf_counter()
        stats.parsed = parse_missing(jobs, self.cache, self.workers,
                                     progress=lambda n, total: _progress("parsed", n, total), bounds=self.bounds)
        if stats.parsed:
            log.info("parsed %d documents in %.1f s", stats.parsed, time.perf_counter() - started)
        damaged, jobs_by_sha = [], {j.sha256: j for j in jobs}
        for doc in docs.values():
            doc.has_blob = doc.sha256 in jobs_by_sha
            result = self.cache.get(doc.sha256) if doc.has_blob else None
            if doc.has_blob and result is None:  # a damaged cache entry (removed by get) or a dead worker
                damaged.append(jobs_by_sha[doc.sha256])
            apply_parse(doc, result)
        if damaged:
            stats.parsed += parse_missing(damaged, self.cache, self.workers, bounds=self.bounds)
            for job in damaged:
                apply_parse(docs[job.sha256], self.cache.get(job.sha256))
        stats.documents = len(docs)
        stats.cached = sum(1 for d in docs.values() if d.parse_status != "not_parsed") - stats.parsed
        return lines, docs, stats

    # ------------------------------------------------------------------ writing
    def write(self, path: Path, lines: list[FetchLine], docs: dict[str, Doc]) -> int:
        reports = assign_reports(docs)
        agencies = self._agencies(docs, reports)
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA journal_mode=OFF")  # a temporary file: a crash discards it anyway
        db.execute("PRAGMA synchronous=OFF")
        schema.create_tables(db.conn)
        with db.conn:
            _insert(db, "cells", schema.cell_rows())
            _insert(db, "checks", schema.check_rows())
            readme_table.write(db.conn)  # the file explains itself (issue 11)
            _insert(db, "agencies", agencies.values())
            _insert(db, "documents", (self._document_row(d) for d in sorted(docs.values(), key=lambda d: d.sha256)))
            year_tables = self._write_reports(db, reports, agencies)
            _insert(db, "report_checks", self._with_report_fields(db, across_years(year_tables)))
            _insert(db, "fetches", (_fetch_row(ln) for ln in sorted(lines, key=lambda ln: (ln.run_id, ln.line_no))))
            _insert(db, "crawl_runs", crawl_run_rows(lines, self.raw.run_summaries()))
            self._timeliness(db)
            db.conn.create_function("cjk_spaced", 1, spaced, deterministic=True)
            db.execute(f"INSERT INTO [{schema.FTS_TABLE}] (rowid, title, text) "
                       "SELECT rowid, cjk_spaced(coalesce(title, '')), cjk_spaced(coalesce(text, '')) FROM reports ORDER BY rowid")
            db.execute(f"INSERT INTO [{schema.FTS_TABLE}] ([{schema.FTS_TABLE}]) VALUES ('optimize')")
            db.execute("""
                UPDATE reports SET
                  checks_failed = (SELECT count(*) FROM report_checks c
                                   WHERE c.report = reports.id AND c.status = 'fail' AND c.soft = 0),
                  checks_status = CASE
                    WHEN EXISTS (SELECT 1 FROM report_checks c WHERE c.report = reports.id AND c.status = 'fail' AND c.soft = 0)
                      THEN 'fail'
                    WHEN EXISTS (SELECT 1 FROM report_checks c WHERE c.report = reports.id AND c.status = 'pass')
                      THEN 'pass'
                    ELSE 'not_assessable' END
            """)
            schema.create_indexes(db.conn)
        db.execute("ANALYZE")
        db.close()
        return len(reports)

    def _agencies(self, docs: dict[str, Doc], reports: dict[str, list[Doc]]) -> dict[str, dict[str, Any]]:
        """One row per agency with a report: registry fields from the source its reports were found under."""
        years: dict[str, list[int]] = defaultdict(list)
        members: dict[str, list[Doc]] = defaultdict(list)
        for rid, rdocs in reports.items():
            agency, year = split_report_id(rid)
            years[agency].append(year)
            members[agency] += rdocs
        out: dict[str, dict[str, Any]] = {}
        for agency in sorted(years):
            own = [d for d in members[agency] if normalise_agency(d.source) == agency]
            pool = own or members[agency]
            source = Counter(d.source for d in pool if d.source).most_common(1)
            source_name = source[0][0] if source else None
            codes = Counter(d.division_code for d in pool if d.division_code).most_common()
            code = min(c for c, n in codes if n == codes[0][1]) if codes else None
            level = next((d.level for d in sorted(own, key=lambda d: d.sha256) if d.level), None)
            out[agency] = {
                "name": agency, **place_of(agency, code, level).columns(), "source": source_name,
                "source_url": next((d.source_url for d in pool if d.source == source_name and d.source_url), None),
                "first_year": min(years[agency]), "last_year": max(years[agency]), "reports": len(years[agency]),
            }
        return out

    def _document_row(self, doc: Doc) -> dict[str, Any]:
        return {
            "sha256": doc.sha256, "kind": doc.kind, "url": doc.url, "final_url": doc.final_url,
            "fetched_at": doc.fetched_at, "last_fetched_at": doc.last_fetched_at, "fetches": doc.fetches,
            "source": doc.source, "source_url": doc.source_url, "list_url": doc.list_url, "page_url": doc.page_url,
            "link_text": doc.link_text, "filename": doc.filename, "content_type": doc.content_type,
            "http_status": doc.http_status, "family": doc.family, "size": doc.size, "format": doc.format,
            "parse_status": doc.parse_status, "parse_error": doc.parse_error,
            "parser_version": self.version if doc.parse_status != "not_parsed" else None,
            "title": doc.title, "agency": doc.agency, "year": doc.year, "published": doc.published,
            "layout": doc.layout, "read_by": doc.read_by, "cells_reported": doc.cells_reported, "report": doc.report,
            "superseded_by": doc.superseded_by, "vanished_at": doc.vanished_at,
            "archived_copy": blob_link(doc.sha256) if doc.has_blob else None,
        }

    def _write_reports(self, db: sqlite_utils.Database, reports: dict[str, list[Doc]],
                       agencies: dict[str, dict[str, Any]]) -> list[YearTables]:
        year_tables: list[YearTables] = []
        batches: dict[str, list[dict[str, Any]]] = defaultdict(list)

        def flush(force: bool = False) -> None:
            for table, rows in batches.items():
                if rows and (force or len(rows) >= 5000):
                    _insert(db, table, rows)
                    rows.clear()

        for rid, members in reports.items():  # sorted by id: the implicit rowid is stable
            chosen = members[0]
            result = self.cache.get(chosen.sha256) or {}
            agency, year = split_report_id(rid)
            place = agencies[agency]
            layouts = result.get("layouts") or {}
            cells = result.get("cells") or {}
            texts = [(_text_of(result), chosen)] + [(_text_of(self.cache.get(d.sha256) or {}), d) for d in members[1:]]
            text = texts[0][0] or max((t for t, _ in texts), key=len, default="")
            page = next((d for d in members if d.kind == "report_page"), None)
            common = {"agency": agency, "year": year, "province": place["province"], "level": place["level"]}
            batches["reports"].append({
                "id": rid, **common,
                "title": chosen.title or next((d.title for d in members if d.title), None) or chosen.link_text,
                "published": chosen.published or min((d.published for d in members if d.published), default=None),
                "layout": chosen.layout, "layout_t2": layouts.get("t2"), "layout_t3": layouts.get("t3"),
                "layout_t4": layouts.get("t4"),
                "needs_ocr": int(chosen.layout == "needs_ocr" or chosen.format == "scan"), "read_by": chosen.read_by,
                "city_code": place["city_code"],
                "url": (page.where if page else None) or chosen.page_url or chosen.where,
                "document_url": chosen.where, "source_document": chosen.sha256,
                "archived_copy": blob_link(chosen.sha256) if chosen.has_blob else None,
                "source_documents": json.dumps([d.sha256 for d in members]),
                "cells_reported": chosen.cells_reported, "checks_failed": 0, "checks_status": None,
                "warnings": json.dumps(result.get("warnings") or [], ensure_ascii=False),
                "vanished_at": max(d.vanished_at for d in members) if all(d.vanished_at for d in members) else None,
                "text": text or None,
                **{f"section_{k}": (result.get("sections") or {}).get(k) or None for k in SECTION_KEYS},
            })
            for i, d in enumerate(members):
                batches["report_documents"].append({
                    "report": rid, "document": d.sha256, "role": "chosen" if i == 0 else "alternative",
                    "kind": d.kind, "format": d.format, "url": d.where, "cells_reported": d.cells_reported,
                    "archived_copy": blob_link(d.sha256) if d.has_blob else None,
                })
            raw, markers, flags = result.get("raw") or {}, result.get("markers") or {}, result.get("flags") or {}
            for code in sorted(cells, key=_code_order):
                if code not in registry.CELLS:
                    log.warning("%s: cell code %s is not in the registry, not stored", rid, code)
                    continue
                batches["report_cells"].append({
                    "report": rid, "code": code, "table_no": registry.CELLS[code].table,
                    "value": cells[code], "raw": raw.get(code), "marker": markers.get(code),
                    "flag": ",".join(flags.get(code) or []) or None,
                })
            check_common = {"soft": 0, "year": int(year), "layout": chosen.layout, "province": place["province"]}
            seen: set[tuple[str, str]] = set()
            for check in result.get("checks") or []:
                key = (str(check.get("check")), str(check.get("scope") or ""))
                if key in seen:
                    continue
                seen.add(key)
                batches["report_checks"].append({
                    "report": rid, "check_id": key[0], "scope": key[1], "status": check.get("status"),
                    "lhs": check.get("lhs"), "rhs": check.get("rhs"), "diff": check.get("diff"),
                    "expr": check.get("expr"), **check_common,
                })
            for other in members[1:]:
                if other.parse_status != "ok":
                    continue
                status, _compared, _equal, differing, expr = source_agreement(result, self.cache.get(other.sha256) or {})
                if status == "not_assessable" and not chosen.cells_reported:
                    continue  # neither gives cells: nothing to agree on
                batches["report_checks"].append({
                    "report": rid, "check_id": schema.SOURCE_AGREEMENT, "scope": other.sha256, "status": status,
                    "lhs": chosen.cells_reported, "rhs": other.cells_reported, "diff": differing if status != "not_assessable" else None,
                    "expr": expr, **check_common,
                })
            for table, key, codes in (
                ("report_t2", "t2", schema.t2_codes()),
                ("report_t3_totals", "t3", schema.t3_total_codes()),
                ("report_t4", "t4", schema.t4_codes()),
            ):
                if layouts.get(key):
                    batches[table].append({"report": rid, **common, f"layout_{key}": layouts[key],
                                           **{schema.wide_column(c): cells.get(c) for c in codes}})
            year_tables.append(YearTables(rid, agency, int(year), layouts.get("t2"), layouts.get("t3"),
                                          {c: v for c, v in cells.items() if c in _CROSS_YEAR_CODES}))
            flush()
        flush(force=True)
        return year_tables

    def _with_report_fields(self, db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        fields = {r["id"]: r for r in db.query("SELECT id, year, layout, province FROM reports")}
        for row in rows:
            f = fields[row["report"]]
            yield {**row, "soft": int(row["check_id"] in schema.SOFT_CHECKS),
                   "year": f["year"], "layout": f["layout"], "province": f["province"]}

    def _timeliness(self, db: sqlite_utils.Database) -> None:
        """DIR/season.json (written by the nightly job), when present, as table report_timeliness."""
        path = self.raw.layout.season
        if not path.is_file():
            return
        try:
            rows = json.loads(path.read_text(encoding="utf-8")).get("report_timeliness") or []
        except ValueError:
            log.warning("%s unreadable: no report_timeliness table", path)
            return
        columns = schema.REPORT_TIMELINESS.column_names
        keyed = {(str(r.get("source")), str(r.get("agency")), r.get("year")): r for r in rows if isinstance(r, dict)}
        _insert(db, "report_timeliness", ({c: keyed[k].get(c) for c in columns} for k in sorted(keyed, key=str)))


def _code_order(code: str) -> tuple[int, str]:
    order = _CODE_ORDER.get(code)
    return (order, "") if order is not None else (len(_CODE_ORDER), code)


_CODE_ORDER = {code: i for i, code in enumerate(registry.CELLS)}


def _basename(url: str | None) -> str | None:
    if not url:
        return None
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return name or None


_TABLES = {t.name: t for t in schema.TABLES}


def _insert(db: sqlite_utils.Database, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Plain executemany in the schema's column order (sqlite-utils' insert_all spends most of
    a build type-checking every value; the columns are already declared)."""
    columns = _TABLES[table].column_names
    sql = (f"INSERT INTO [{table}] (" + ", ".join(f"[{c}]" for c in columns) + ") VALUES ("
           + ", ".join("?" * len(columns)) + ")")
    db.conn.executemany(sql, ([row.get(c) for c in columns] for row in rows))


def _fetch_row(line: FetchLine) -> dict[str, Any]:
    g = line.get
    return {
        "run_id": line.run_id, "line_no": line.line_no, "kind": line.kind, "source": g("source"), "url": g("url"),
        "final_url": g("final_url"), "status": g("status"), "fetched_at": g("fetched_at"), "sha256": g("sha256"),
        "size": g("size"), "content_type": g("content_type"), "list_url": g("list_url"), "page_url": g("page_url"),
        "link_text": g("link_text"), "family": g("family"), "reason": g("reason"),
    }


def _progress(what: str, n: int, total: int) -> None:
    if n == total or n % 100 == 0:
        log.info("%s %d/%d", what, n, total)


def _same_bytes(a: Path, b: Path) -> bool:
    if not (a.is_file() and b.is_file()) or a.stat().st_size != b.stat().st_size:
        return False
    return _sha256(a) == _sha256(b)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build(data_dir: Path, out: Path | None = None, workers: int | None = None, bounds: Bounds = DEFAULT_BOUNDS) -> BuildStats:
    data_dir = Path(data_dir)
    out = Path(out) if out else DataDir(data_dir).database
    started = time.perf_counter()
    builder = Builder(data_dir, workers or os.cpu_count() or 1, bounds)
    lines, docs, stats = builder.load()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # sqlite-utils creates the file itself
        stats.reports = builder.write(tmp, lines, docs)
        if _same_bytes(tmp, out):
            stats.changed = False
            tmp.unlink()
        else:
            install_file(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    stats.out = out
    stats.seconds = time.perf_counter() - started
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m archive.build", description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", type=Path, required=True, help="the raw archive (blobs, fetches, runs)")
    p.add_argument("--workers", type=int, default=None, help="parser processes (default: one per CPU)")
    p.add_argument("--out", type=Path, default=None, help="database to write (default: DATA_DIR/archive.db)")
    p.add_argument("--doc-seconds", type=float, default=DOCUMENT_SECONDS,
                   help="wall-clock limit per document; beyond it the document is an error row")
    p.add_argument("--doc-memory-mib", type=int, default=DOCUMENT_MEMORY_BYTES // MiB,
                   help="address-space limit per document, in MiB")
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(name)s: %(message)s")
    if not DataDir(args.data_dir).fetches.is_dir():
        print(f"{args.data_dir}: no fetches/ directory; is this a DATA_DIR?", file=sys.stderr)
        return 2
    stats = build(args.data_dir, args.out, args.workers, Bounds(args.doc_seconds, args.doc_memory_mib * MiB))
    print(stats.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
