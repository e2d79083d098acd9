"""A nightly run SIGKILLed at any point (crawl, parse, build, swap) \
leaves the published database and the raw archive intact,
an overlapping run is refused, and the next run completes the work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from nightly.run import EXIT_LOCKED, EXIT_OK, HOLD_ENV
from rawarchive import DataDir


def wait_for(condition: Callable[[], bool], timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def child_running(pid: int, module: str) -> int | None:
    return next((c for c in children(pid) if module in cmdline(c)), None)


def stage_of(data_dir: Path) -> str | None:
    try:
        return json.loads(DataDir(data_dir).nightly_state.read_text())["stage"]
    except (FileNotFoundError, ValueError):
        return None


class Snapshot:
    """What must survive a kill: the published database and the raw archive of finished runs."""

    def __init__(self, data_dir: Path, kit) -> None:
        self.db = kit.file_sha256(DataDir(data_dir).database)
        self.reports = kit.db_rows(DataDir(data_dir).database, "SELECT id, source_document FROM reports ORDER BY id")
        self.logs = {p.name: kit.file_sha256(p) for p in DataDir(data_dir).fetch_logs()}

    def check(self, data_dir: Path, kit) -> None:
        assert kit.file_sha256(DataDir(data_dir).database) == self.db, "the published database changed"
        assert kit.db_rows(DataDir(data_dir).database, "PRAGMA quick_check") == [("ok",)]
        for name, digest in self.logs.items():
            assert kit.file_sha256(DataDir(data_dir).fetches / name) == digest, f"fetch log {name} changed"
        kit.blobs_intact(data_dir)


@pytest.fixture
def published(portals, run_ids, tmp_path, kit) -> Path:
    data_dir = tmp_path / "data"
    run = kit.run_nightly(portals, data_dir, run_ids())
    assert run.returncode == EXIT_OK, run.stdout + run.stderr
    return data_dir


def start(portals, data_dir: Path, run_id: str, kit, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        kit.nightly_argv(portals, data_dir, run_id),
        cwd=kit.root,
        env=kit.farm_env(portals, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill(run: subprocess.Popen) -> list[int]:
    """SIGKILL the nightly process alone (as the OOM killer would); return the children it had."""
    kids = children(run.pid)
    run.send_signal(signal.SIGKILL)
    run.wait()
    return kids


def test_kills_during_crawl_during_build_and_before_the_swap_then_recovery(published, portals, run_ids, kit) -> None:
    data_dir = published
    before = Snapshot(data_dir, kit)

    # 1. During the crawl: the crawler has logged documents when the run dies.
    crawl_killed = run_ids()
    run = start(portals, data_dir, crawl_killed, kit)
    log = DataDir(data_dir).fetch_log(crawl_killed)
    wait_for(lambda: log.exists() and log.stat().st_size > 0, what="the crawl to log documents")
    crawler = child_running(run.pid, "crawler.run")
    kill(run)
    assert crawler is not None
    wait_for(lambda: not alive(crawler), timeout=10, what="the orphaned crawler to die with its parent")
    before.check(data_dir, kit)
    assert not DataDir(data_dir).run_summary(crawl_killed).exists()

    # 2. While parsing into the parse cache, before the build.
    parse_killed = run_ids()
    run = start(portals, data_dir, parse_killed, kit)
    wait_for(
        lambda: child_running(run.pid, "nightly.parse_shard") is not None or run.poll() is not None,
        what="the parse to start",
    )
    parser = child_running(run.pid, "nightly.parse_shard")
    kill(run)
    assert parser is not None, "the run ended before its parse could be killed"
    wait_for(lambda: not alive(parser), timeout=10, what="the orphaned parser to die with its parent")
    before.check(data_dir, kit)

    # 3. During the build: the build process is running when the run dies.
    build_killed = run_ids()
    run = start(portals, data_dir, build_killed, kit)
    wait_for(
        lambda: child_running(run.pid, "archive.build") is not None or run.poll() is not None, what="the build to start"
    )
    builder = child_running(run.pid, "archive.build")
    kill(run)
    assert builder is not None, "the run ended before its build could be killed"
    wait_for(lambda: not alive(builder), timeout=10, what="the orphaned build to die with its parent")
    before.check(data_dir, kit)

    # 4. Just before the swap: the new database is built and checked, not yet renamed.
    run = start(portals, data_dir, run_ids(), kit, **{HOLD_ENV: "swap"})
    wait_for(lambda: DataDir(data_dir).nightly_hold("swap").exists(), what="the run to reach the swap")
    assert stage_of(data_dir) == "swap" and DataDir(data_dir).staged_database.is_file()
    # ... where an overlapping run is refused by the lock.
    overlap = kit.run_nightly(portals, data_dir, run_ids())
    assert overlap.returncode == EXIT_LOCKED and "held by another nightly run" in overlap.stderr
    kill(run)
    before.check(data_dir, kit)
    DataDir(data_dir).nightly_hold("swap").unlink()

    # The next run cleans up, absorbs the unfinished crawl and publishes the same archive.
    recovery = run_ids()
    done = kit.run_nightly(portals, data_dir, recovery)
    assert done.returncode == EXIT_OK, done.stdout + done.stderr
    assert "discarded a half-built database" in done.stdout
    assert not DataDir(data_dir).staged_database.exists()
    # The unfinished crawl's documents were counted by the next run whose crawl finished.
    assert kit.nightly_record(data_dir, parse_killed)["absorbed_runs"] == [crawl_killed]
    assert kit.nightly_record(data_dir, build_killed)["absorbed_runs"] == []
    assert "did not publish its database" in done.stdout
    db = DataDir(data_dir).database
    assert kit.db_rows(db, "SELECT id, source_document FROM reports ORDER BY id") == before.reports
    archived = {
        e["sha256"]
        for e in kit.fetch_events(data_dir)
        if e["kind"] in ("report_page", "attachment") and e.get("sha256")
    }
    assert {sha for (sha,) in kit.db_rows(db, "SELECT sha256 FROM documents")} == archived
    assert recovery in {r for (r,) in kit.db_rows(db, "SELECT run_id FROM crawl_runs")}
    assert os.environ.get(HOLD_ENV) is None
