"""The nightly increment and the compact statistics database, on the fixture archive.

A night adds documents to a copy of the fixture's DATA_DIR: another year of an agency that
already has one (its neighbour's cross-year checks change), a new agency, and a new version
of a report page at its old URL.  The increment must rewrite exactly those reports, and its
result must equal a full build of the same raw archive, table by table, in both databases.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from archive import compact, schema
from archive.build import build
from archive.search import fts_query
from rawarchive import DataDir
from tests.archive.conftest import RUN3, SEED_PLACES, SEEDS, ArchiveWriter, gold

NEW_AGENCY = "某市教育局"


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _table(db: Path, table: schema.Table) -> list[tuple]:
    columns = ", ".join(f"[{c}]" for c in table.column_names)
    return _rows(db, f"SELECT {columns} FROM [{table.name}] ORDER BY {', '.join(f'[{k}]' for k in table.pk)}")


def _search(db: Path, word: str) -> set[str]:
    """As Datasette searches the reports table (metadata fts_table, fts_pk rowid)."""
    return {
        rid
        for (rid,) in _rows(
            db,
            "SELECT id FROM reports WHERE rowid IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)",
            fts_query(word),
        )
    }


def _a_night(data_dir: Path) -> set[str]:
    """Documents of a new crawl run; return the reports they make or change."""
    import docgen

    seeds = sorted(p.stem for p in SEEDS.glob("0*.txt"))
    zibo, changed = gold(seeds[0]), gold(seeds[1])
    w = ArchiveWriter(data_dir)
    r2022 = docgen.synth_report(zibo["agency"], 2022, seed=3, published="2023-01-20")
    w.log(
        RUN3,
        "report_page",
        zibo["agency"],
        "http://yjj.zibo.example/xxgk/nb/2022.txt",
        data=docgen.render_text(r2022, style="cells").encode("utf-8"),
        content_type="text/plain; charset=utf-8",
        at="2026-11-15T02:00:00Z",
        filename="2022.txt",
    )
    school = docgen.synth_report(NEW_AGENCY, 2024, seed=11, published="2025-01-15")
    w.log(
        RUN3,
        "report_page",
        NEW_AGENCY,
        "http://jyj.example/xxgk/nb/2024.txt",
        data=(docgen.render_text(school, style="tabs") + "\n校园安全隐患排查\n").encode("utf-8"),
        content_type="text/plain; charset=utf-8",
        at="2026-11-15T02:01:00Z",
        filename="2024.txt",
    )
    # a new version of seed 1 at its old URL: the old bytes are superseded
    url = f"{SEED_PLACES[changed['agency']][2]}/xxgk/nb/{seeds[1]}.txt"
    w.log(
        RUN3,
        "report_page",
        changed["agency"],
        url,
        data=(SEEDS / f"{seeds[1]}.txt").read_bytes() + "\n（2026年11月更新）\n".encode(),
        content_type="text/plain; charset=utf-8",
        at="2026-11-15T02:02:00Z",
        filename=f"{seeds[1]}.txt",
    )
    w.close()
    return {f"{zibo['agency']}/2022", f"{NEW_AGENCY}/2024", f"{changed['agency']}/{changed['year']}"}


def test_increment_rewrites_only_what_changed_and_equals_a_full_build(archive_dir, tmp_path):
    data_dir, _ = archive_dir
    night = tmp_path / "night"
    shutil.copytree(data_dir, night)
    db = DataDir(night).database
    before = dict(_rows(db, "SELECT id, rowid FROM reports"))
    expected = _a_night(night)

    stats = build(night, workers=1)
    assert stats.mode == "increment" and stats.changed and stats.rewritten == len(expected)
    after = dict(_rows(db, "SELECT id, rowid FROM reports"))
    # an unchanged report keeps its rowid (not written again); a written one gets a new one
    assert {rid for rid in after if before.get(rid) != after[rid]} == expected
    assert set(before) <= set(after) and len(after) == len(before) + 2
    zibo_2023 = next(r for r in after if r.endswith("应急管理局/2023"))
    assert {c for (c,) in _rows(db, "SELECT DISTINCT check_id FROM report_checks WHERE report = ?", zibo_2023)} >= {
        "5",
        "6",
    }

    full = tmp_path / "full" / "archive.db"
    full.parent.mkdir()
    assert build(night, out=full, workers=1, full=True).mode == "full"
    for table in schema.TABLES:
        assert _table(db, table) == _table(full, table), table.name
    for table in compact.TABLES:
        assert _table(compact.compact_path(db), table) == _table(compact.compact_path(full), table), table.name
    for word in ("校园安全", "消防", "更新", "行政复议", "政府信息"):
        assert _search(db, word) == _search(full, word), word
    assert _search(db, "校园安全") == {f"{NEW_AGENCY}/2024"}

    again = build(night, workers=1)  # nothing new: nothing written
    assert again.mode == "increment" and not again.changed and again.rewritten == 0


def test_compact_database_holds_statistics_without_text_or_raw_cells(archive_dir):
    data_dir, _ = archive_dir
    full = DataDir(data_dir).database
    stats = compact.compact_path(full)
    assert stats == data_dir / "stats.db" and stats.is_file()
    tables = {
        n for (n,) in _rows(stats, "SELECT name FROM sqlite_master WHERE type = 'table'") if not n.startswith("sqlite_")
    }
    assert tables == set(compact.COMPACT_TABLES)
    assert not tables & {"report_texts", "reports_fts", "report_cells", "documents", "fetches", "report_builds"}
    columns = {(t, c) for t in tables for (c,) in _rows(stats, f"SELECT name FROM pragma_table_info('{t}')")}
    assert not {c for _, c in columns} & {
        "text",
        "raw",
        "marker",
        "expr",
        *(f"section_{k}" for k, _, _ in schema.SECTIONS),
    }
    # the same reports and wide-table values as the full database
    assert _rows(stats, "SELECT id, year, layout, checks_status FROM reports ORDER BY id") == _rows(
        full, "SELECT id, year, layout, checks_status FROM reports ORDER BY id"
    )
    t3 = ", ".join(next(t for t in compact.TABLES if t.name == "report_t3_totals").column_names)
    assert _rows(stats, f"SELECT {t3} FROM report_t3_totals ORDER BY report") == _rows(
        full, f"SELECT {t3} FROM report_t3_totals ORDER BY report"
    )
    assert len(t3.split(", ")) > 20
    # the checks that are not a pass, each as in the full database
    assert _rows(stats, "SELECT report, check_id, scope, status, diff FROM report_checks ORDER BY 1, 2, 3") == _rows(
        full, "SELECT report, check_id, scope, status, diff FROM report_checks WHERE status <> 'pass' ORDER BY 1, 2, 3"
    )
    assert _rows(stats, "SELECT count(*) FROM report_checks WHERE status = 'fail'")[0][0] > 0


def test_text_lives_in_the_side_table_and_is_searched_there(archive_dir):
    data_dir, _ = archive_dir
    db = DataDir(data_dir).database
    report_columns = {c for (c,) in _rows(db, "SELECT name FROM pragma_table_info('reports')")}
    assert "text" not in report_columns and not any(c.startswith("section_") for c in report_columns)
    # one text row per report, on the same rowid (the search index's key)
    assert (
        _rows(db, "SELECT count(*) FROM reports r JOIN report_texts t ON t.rowid = r.rowid AND t.report = r.id")
        == _rows(db, "SELECT count(*) FROM reports")
        == _rows(db, "SELECT count(*) FROM report_texts")
    )
    hits = _search(db, "消防")
    texts = {
        rid
        for rid, title, text in _rows(
            db, "SELECT r.id, r.title, t.text FROM reports r JOIN report_texts t ON t.report = r.id"
        )
        if "消防" in "".join(f"{title or ''}{text or ''}".split())
    }
    assert hits == texts and hits
