"""The run lock (real processes) and the atomic publish (real SQLite files)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nightly import publish
from nightly.lock import LockBusy, RunLock
from nightly.run import EXIT_LOCKED

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from pathlib import Path
from nightly.lock import RunLock
RunLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(120)
"""


def _hold_lock(data_dir: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_second_run_is_refused_while_the_lock_is_held_and_admitted_after_the_holder_dies(tmp_path: Path) -> None:
    sources = tmp_path / "sources.csv"
    sources.write_text("agency,url\n某市人民政府,http://example.invalid/\n", encoding="utf-8")
    holder = _hold_lock(tmp_path)
    try:
        refused = subprocess.run(
            [sys.executable, "-m", "nightly.run", "--sources", str(sources), "--data-dir", str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert refused.returncode == EXIT_LOCKED
        assert "held by another nightly run" in refused.stderr and f"pid {holder.pid}" in refused.stderr
        with pytest.raises(LockBusy):
            RunLock(tmp_path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The kernel dropped the dead holder's lock: no stale lock file to clean up by hand.
    with RunLock(tmp_path):
        pass


def _make_db(path: Path, rows: list[str]) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE reports (id TEXT PRIMARY KEY)")
    db.executemany("INSERT INTO reports VALUES (?)", [(r,) for r in rows])
    db.commit()
    db.close()


def test_swap_replaces_the_published_database_atomically_while_a_reader_keeps_the_old_one(tmp_path: Path) -> None:
    _make_db(publish.published_path(tmp_path), ["a/2023"])
    reader = sqlite3.connect(f"file:{publish.published_path(tmp_path)}?immutable=1", uri=True)
    assert reader.execute("SELECT count(*) FROM reports").fetchone() == (1,)

    _make_db(publish.staging_path(tmp_path), ["a/2023", "b/2023"])
    assert publish.check_database(publish.staging_path(tmp_path)) == {"reports": 2}
    inode_before = os.stat(publish.published_path(tmp_path)).st_ino
    publish.swap_in(tmp_path)

    assert not publish.staging_path(tmp_path).exists()
    assert os.stat(publish.published_path(tmp_path)).st_ino != inode_before
    # An open reader keeps its file; a new one sees the new database, complete.
    assert reader.execute("SELECT count(*) FROM reports").fetchone() == (1,)
    fresh = sqlite3.connect(publish.published_path(tmp_path))
    assert fresh.execute("SELECT count(*) FROM reports").fetchone() == (2,)


def test_a_truncated_or_empty_build_is_rejected_and_a_leftover_staging_file_discarded(tmp_path: Path) -> None:
    staged = publish.staging_path(tmp_path)
    _make_db(staged, [f"agency{i}/2023" for i in range(2000)])
    data = staged.read_bytes()
    staged.write_bytes(data[: len(data) // 2])  # what a build killed mid-write could leave
    with pytest.raises(publish.BuildRejected):
        publish.check_database(staged)
    staged.write_bytes(b"")
    with pytest.raises(publish.BuildRejected):
        publish.check_database(staged)
    assert publish.discard_staging(tmp_path) and not staged.exists()


def test_lock_is_released_on_exit_of_the_context(tmp_path: Path) -> None:
    with RunLock(tmp_path):
        with pytest.raises(LockBusy):
            RunLock(tmp_path).acquire()
    started = time.monotonic()
    with RunLock(tmp_path):
        assert time.monotonic() - started < 1
