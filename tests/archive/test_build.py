"""archive.build on the fixture archive (conftest.py): what lands in archive.db, and re-runs."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from archive.build import build
from parsers import cells as registry
from rawarchive import DataDir


def rows(db: Path, sql: str, *params) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_seed_is_a_report_with_its_gold_cells(archive_dir):
    data_dir, facts = archive_dir
    db = DataDir(data_dir).database
    assert len(facts["gold"]) == 5
    for stem, g in facts["gold"].items():
        rid = f"{g['agency']}/{g['year']}"
        [report] = rows(db, "select * from reports where id = ?", rid)
        assert report["layout"] == g["layout"] and report["year"] == g["year"]
        cells = {r["code"]: r["value"] for r in rows(db, "select code, value from report_cells where report = ?", rid)}
        assert cells == g["cells"], stem
        [text] = rows(db, "select text from report_texts where report = ?", rid)
        assert report["province"] is not None and text["text"]


def test_schema_follows_the_cell_registry(archive_dir):
    db = DataDir(archive_dir[0]).database
    codes = [r["code"] for r in rows(db, "select code from cells order by rowid")]
    assert codes == list(registry.CELLS)
    t3_cols = [r["name"] for r in rows(db, "select name from pragma_table_info('report_t3_totals')")]
    assert [c for c in t3_cols if c not in ("report", "agency", "year", "province", "level", "layout_t3")] == [
        r.key.replace(".", "_") for r in registry.T3_ROWS
    ]
    # every stored cell code is a registry code, reachable by join
    orphans = rows(
        db, "select count(*) n from report_cells c left join cells l on l.code = c.code where l.code is null"
    )
    assert orphans[0]["n"] == 0
    # a broken identity is a fail, not a fix: seed 002's total is 9 while every outcome is 0
    fail = rows(
        db,
        "select lhs, rhs, diff from report_checks where report = ? and check_id = '2' and scope = 'total'",
        "淄博市张店区消防救援大队/2024",
    )
    assert fail == [{"lhs": 9, "rhs": 0, "diff": 9}]


def test_wide_tables_one_row_per_report(archive_dir):
    db = DataDir(archive_dir[0]).database
    g = archive_dir[1]["gold"]["000_1956a86f1af00c4d"]
    [t3] = rows(db, "select * from report_t3_totals where report = '淄博市应急管理局/2024'")
    assert t3["new"] == g["cells"]["t3.new.total"] and t3["granted"] == g["cells"]["t3.granted.total"]
    [t2] = rows(db, "select * from report_t2 where report = '淄博市应急管理局/2024'")
    assert t2["normative_in_force"] == g["cells"]["t2.normative.in_force"] and t2["rules_made"] is None
    [t4] = rows(db, "select * from report_t4 where report = '淄博市应急管理局/2024'")
    assert t4["review_total"] == g["cells"]["t4.review.total"]
    n_reports = rows(db, "select count(*) n from reports where layout_t3 is not null")[0]["n"]
    assert rows(db, "select count(*) n from report_t3_totals")[0]["n"] == n_reports


def test_page_and_attachment_both_kept_attachment_chosen_disagreement_recorded(archive_dir):
    data_dir, facts = archive_dir
    db = DataDir(data_dir).database
    rid = f"{facts['pair_agency']}/2024"
    docs = {
        r["document"]: r["role"] for r in rows(db, "select document, role from report_documents where report = ?", rid)
    }
    assert docs == {facts["pair_attachment"]: "chosen", facts["pair_page"]: "alternative"}
    [report] = rows(db, "select * from reports where id = ?", rid)
    assert report["source_document"] == facts["pair_attachment"]
    assert report["url"].endswith("/art_1.html")  # the report page, for people
    assert report["archived_copy"] == f"/-/blob/{facts['pair_attachment']}"
    [check] = rows(db, "select * from report_checks where report = ? and check_id = 'source_agreement'", rid)
    assert check["status"] == "fail" and check["scope"] == facts["pair_page"] and check["diff"] == 1
    assert "t3.granted.natural" in check["expr"]
    value = rows(db, "select value from report_cells where report = ? and code = 't3.granted.natural'", rid)
    assert value == [{"value": facts["pair"]["cells"]["t3.granted.natural"]}]  # the attachment's value


def test_checks_across_years(archive_dir):
    db = DataDir(archive_dir[0]).database
    got = {
        (r["check_id"], r["scope"]): (r["status"], r["diff"], r["soft"])
        for r in rows(
            db, "select * from report_checks where report = '淄博市应急管理局/2024' and check_id in ('5', '6')"
        )
    }
    assert got[("5", "natural")] == ("fail", -2, 0)
    assert got[("5", "total")] == ("fail", -2, 0)
    assert got[("5", "commercial")] == ("pass", 0, 0)
    assert got[("6", "normative")] == ("pass", 0, 1)
    assert got[("6", "rules")] == ("fail", -5, 1)
    # the earliest year has no predecessor: no cross-year rows
    assert (
        rows(
            db, "select count(*) n from report_checks where report = '淄博市应急管理局/2023' and check_id in ('5','6')"
        )[0]["n"]
        == 0
    )
    [r] = rows(db, "select checks_status, checks_failed from reports where id = '淄博市应急管理局/2024'")
    assert r == {"checks_status": "fail", "checks_failed": 2}  # soft check 6 not counted


def test_runs_fetches_vanished_and_agencies(archive_dir):
    data_dir, facts = archive_dir
    db = DataDir(data_dir).database
    run1, run2 = facts["runs"]
    runs = {r["run_id"]: r for r in rows(db, "select * from crawl_runs")}
    assert set(runs) == {run1, run2}
    assert runs[run1]["sources_blocked"] == 1 and runs[run1]["requests"] == 42 and runs[run1]["errors"] == 1
    assert json.loads(runs[run1]["summary"])["stats"]["downloader/request_count"] == 42
    # run 2 has no summary (killed): counted from its log, whose torn last line is ignored
    assert runs[run2]["summary"] is None and runs[run2]["vanished_reports"] == 1 and runs[run2]["new_reports"] == 0
    assert rows(db, "select count(*) n from fetches where run_id = ?", run2)[0]["n"] == 2
    [seed0] = rows(
        db,
        "select fetches, fetched_at, last_fetched_at from documents where url = ?",
        facts["seed_urls"]["000_1956a86f1af00c4d"],
    )
    assert seed0["fetches"] == 2 and seed0["last_fetched_at"] > seed0["fetched_at"]
    [gone] = rows(db, "select vanished_at from reports where id = '枣庄市台儿庄区应急管理局/2021'")
    assert gone["vanished_at"] == "2026-11-08T02:01:00Z"
    [zibo] = rows(db, "select * from agencies where name = '淄博市应急管理局'")
    assert (zibo["province"], zibo["city_code"], zibo["level"], zibo["first_year"], zibo["last_year"]) == (
        "山东省",
        "370300",
        "department",
        2023,
        2024,
    )
    assert rows(db, "select count(*) n from documents where kind = 'noise'")[0]["n"] == 0
    timeliness = rows(db, "select agency, year, status, appeared from report_timeliness order by agency")
    assert timeliness == [
        {"agency": "某县人民政府", "year": 2025, "status": "missing", "appeared": 0},
        {"agency": "淄博市应急管理局", "year": 2024, "status": "on_time", "appeared": 1},
    ]


def test_rebuild_parses_nothing_and_changes_nothing(archive_dir):
    data_dir, facts = archive_dir
    db = DataDir(data_dir).database
    assert facts["first_build"].parsed == facts["first_build"].documents > 0
    # the build just before (in case the parser changed since the session's first build) ...
    build(data_dir, workers=2)
    before, stat = sha(db), db.stat()
    again = build(data_dir, workers=2)
    # ... and the one that must do nothing
    assert again.parsed == 0 and again.cached == again.documents and not again.changed
    assert sha(db) == before and db.stat().st_mtime_ns == stat.st_mtime_ns and db.stat().st_ino == stat.st_ino


def test_damaged_cache_entry_is_parsed_again(archive_dir, tmp_path):
    data_dir, facts = archive_dir
    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    [entry] = list((copy / "parsed").glob(f"*/{facts['pair_page'][:2]}/{facts['pair_page']}.json"))
    entry.write_text('{"cells": {"t3.new', encoding="utf-8")  # e.g. a disk filled up mid-write by hand
    stats = build(
        copy, workers=1, full=True
    )  # a full build reads every cache entry (an increment: only the changed reports')
    assert stats.parsed == 1
    assert sha(DataDir(copy).database) == sha(DataDir(data_dir).database)


def test_rebuild_from_the_raw_archive_alone_is_identical(archive_dir, tmp_path):
    data_dir, _ = archive_dir
    fresh = tmp_path / "copy"
    source, copy = DataDir(data_dir), DataDir(fresh)
    for part in ("blobs", "fetches", "runs"):  # the raw archive, without the parse cache
        shutil.copytree(getattr(source, part), getattr(copy, part))
    shutil.copy(DataDir(data_dir).season, DataDir(fresh).season)
    stats = build(fresh, out=fresh / "elsewhere.db", workers=1)
    assert stats.parsed == stats.documents  # no cache: everything parsed again
    assert sha(fresh / "elsewhere.db") == sha(DataDir(data_dir).database)
    assert not list(fresh.glob(".*.tmp"))  # the temporary file was renamed, nothing left behind
