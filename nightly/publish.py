"""Build the database beside the published one and swap it in only when it is complete.

DATA_DIR/archive.db is what Datasette serves.  The build writes
DATA_DIR/archive.db.new; once that file passes an integrity check it is
fsynced and renamed over archive.db (`os.replace`, atomic on POSIX), and the
directory is fsynced so the rename survives a power cut.  A reader opening
archive.db sees either the old file or the new one, never a half-built one;
a reader that already has the old file open keeps reading the old inode.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rawarchive import DataDir, install_file


class BuildRejected(RuntimeError):
    """The freshly built database is not fit to publish."""


def published_path(data_dir: Path) -> Path:
    return DataDir(data_dir).database


def staging_path(data_dir: Path) -> Path:
    return DataDir(data_dir).staged_database


def discard_staging(data_dir: Path) -> bool:
    """Remove a staging database (and SQLite side files) a killed run left behind."""
    from archive.compact import compact_path, download_path

    staged = staging_path(data_dir)
    leftovers = [
        Path(str(db) + suffix) for db in (staged, compact_path(staged)) for suffix in ("", "-journal", "-wal", "-shm")
    ]
    leftovers.append(download_path(compact_path(staged)))
    # archive.build writes a hidden temp file beside --out before renaming it.
    leftovers += list(staged.parent.glob(f".{staged.name}.*"))
    removed = False
    for path in leftovers:
        if path.exists():
            path.unlink()
            removed = True
    return removed


def check_database(path: Path) -> dict[str, int]:
    """Open the file read-only, run SQLite's quick_check, return the row count of every table."""
    if not path.is_file() or path.stat().st_size == 0:
        raise BuildRejected(f"{path} is missing or empty")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BuildRejected(f"{path} does not open: {exc}") from exc
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BuildRejected(f"{path} fails quick_check: {verdict}")
        tables = [
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
        if not tables:
            raise BuildRejected(f"{path} has no tables")
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
    except sqlite3.DatabaseError as exc:
        raise BuildRejected(f"{path} is not a usable SQLite database: {exc}") from exc
    finally:
        db.close()


def swap_in(data_dir: Path) -> Path:
    """Atomically replace the published database with the staged one, the compact statistics
    database (archive.compact) first, then its download (``stats.db.gz``): each rename is atomic,
    and the pair is never the new full database beside old statistics."""
    from archive.compact import compact_path, download_path, write_download

    staged, published = staging_path(data_dir), published_path(data_dir)
    if compact_path(staged).is_file():
        check_database(compact_path(staged))
        published_download = download_path(compact_path(published))
        # compressed only when the statistics changed (the published download does not hold them)
        fresh = write_download(compact_path(staged), unless_held_by=published_download)
        install_file(compact_path(staged), compact_path(published))
        if fresh:
            install_file(download_path(compact_path(staged)), published_download)
    install_file(staged, published)
    return published
