"""The compact database as a download researchers carry: stats.db.gz written by the build, served, opened."""

from __future__ import annotations

import asyncio
import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest

from archive.compact import compact_path, download_path, write_download
from rawarchive import DataDir


def test_the_build_writes_a_deterministic_gzip_of_the_compact_database(archive_dir, tmp_path):
    stats = compact_path(DataDir(archive_dir[0]).database)
    built = download_path(stats)
    assert built.is_file() and gzip.decompress(built.read_bytes()) == stats.read_bytes()
    copy = tmp_path / "stats.db"
    shutil.copyfile(stats, copy)
    assert write_download(copy)
    assert download_path(copy).read_bytes() == built.read_bytes()  # no time in it: same database, same bytes
    before = download_path(copy).stat().st_mtime_ns
    assert not write_download(copy) and download_path(copy).stat().st_mtime_ns == before  # unchanged: untouched
    conn = sqlite3.connect(copy)
    conn.execute("create table more (x)")
    conn.commit()
    conn.close()
    assert write_download(copy)  # changed: written again, and it holds the new bytes
    assert gzip.decompress(download_path(copy).read_bytes()) == copy.read_bytes()
    assert not list(tmp_path.glob(".stats.db.gz.*"))  # no temporary file left beside it


@pytest.fixture(scope="module")
def client(archive_dir):
    from datasette.app import Datasette

    from archive.compact_metadata import compact_metadata
    from archive.metadata import build_metadata
    from archive.serve import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR

    settings = {k: int(v) if v.isdigit() else v for k, v in SETTINGS.items()}
    database = DataDir(archive_dir[0]).database
    metadata = build_metadata()
    metadata["databases"].update(compact_metadata())  # both databases, as archive.serve serves them
    ds = Datasette(
        [],
        immutables=[str(database), str(compact_path(database))],
        metadata=metadata,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
        settings=settings,
    )
    return lambda path: asyncio.run(ds.client.get(path))


def test_a_researcher_downloads_the_compact_database_and_opens_it(client, tmp_path):
    about = client("/-/about").text
    assert 'href="/-/downloads/stats.db.gz"' in about and 'href="/archive.db"' in about
    assert " KB)" in about or " MB)" in about  # with their sizes
    response = client("/-/downloads/stats.db.gz")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="stats.db.gz"'
    path: Path = tmp_path / "stats.db"
    path.write_bytes(gzip.decompress(response.content))
    conn = sqlite3.connect(path)
    try:
        tables = {t for (t,) in conn.execute("select name from sqlite_master where type = 'table'")}
        assert {"agencies", "reports", "report_t2", "report_t3_totals", "report_t4", "report_checks"} <= tables
        assert not tables & {"report_texts", "report_cells", "documents", "fetches", "report_builds"}
        assert not [t for t in tables if t.startswith("reports_fts")]
        columns = {c for (c,) in conn.execute("select name from pragma_table_info('reports')")}
        assert not columns & {"text", "warnings", "source_documents"}
        assert conn.execute("select count(*) from reports").fetchone()[0] > 0
    finally:
        conn.close()
    assert client("/stats/reports").status_code == 200  # its own reports table, its own columns
    full = client("/archive.db")
    assert full.status_code == 200 and full.content.startswith(b"SQLite format 3\x00")


def test_the_build_bookkeeping_is_hidden_but_kept(client, archive_dir):
    listed = client("/archive.json").json()
    hidden = {t["name"] for t in listed["tables"] if t["hidden"]}
    assert "report_builds" in hidden
    conn = sqlite3.connect(DataDir(archive_dir[0]).database)
    assert conn.execute("select count(*) from report_builds").fetchone()[0] > 0
    conn.close()


def test_the_nightly_publish_swaps_the_download_in_only_when_the_statistics_changed(archive_dir, tmp_path):
    from nightly import publish

    built = DataDir(archive_dir[0]).database
    published_download = download_path(compact_path(publish.published_path(tmp_path)))

    def stage() -> None:
        shutil.copyfile(built, publish.staging_path(tmp_path))
        shutil.copyfile(compact_path(built), compact_path(publish.staging_path(tmp_path)))

    stage()
    publish.swap_in(tmp_path)
    assert gzip.decompress(published_download.read_bytes()) == compact_path(built).read_bytes()
    before = published_download.stat().st_mtime_ns
    stage()  # the same statistics again: the download is not compressed nor replaced
    publish.swap_in(tmp_path)
    assert published_download.stat().st_mtime_ns == before
    assert not download_path(compact_path(publish.staging_path(tmp_path))).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.db", "stats.db", "stats.db.gz"]
