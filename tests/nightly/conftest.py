"""A small portal farm shared by the nightly tests, and helpers to run nightly.run in a subprocess."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import farm
from rawarchive import DataDir

ROOT = Path(__file__).resolve().parents[2]
# seed 3 / size 3: 12 reports on 2 hosts (HTML pages, DOCX and PDF attachments), one new report on day 1.
FARM_SEED, FARM_SIZE = 3, 3
# The crawler's politeness delays are for real portals; the farm is local.
FAST_CRAWL = ["--crawl-setting", "DOWNLOAD_DELAY=0", "--crawl-setting", "AUTOTHROTTLE_ENABLED=False"]


@pytest.fixture(scope="session")
def farm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rendered PDF/DOC documents, shared by every farm of the session (LibreOffice is slow to start)."""
    return tmp_path_factory.mktemp("farm-cache")


@pytest.fixture(scope="module")
def portals(tmp_path_factory: pytest.TempPathFactory, farm_cache: Path) -> Iterator[farm.FarmHandle]:
    state = tmp_path_factory.mktemp("farm")
    with farm.running(state, seed=FARM_SEED, size=FARM_SIZE, obstacles=False, cache_dir=farm_cache) as handle:
        yield handle


class RunIds:
    """Run ids in the future of every earlier run (ids sort by time), chosen by the test."""

    def __init__(self) -> None:
        self.next = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def __call__(self) -> str:
        self.next += dt.timedelta(seconds=1)
        return self.next.strftime("%Y%m%dT%H%M%SZ")


@pytest.fixture(scope="module")
def run_ids() -> RunIds:
    return RunIds()


def nightly_argv(portals: farm.FarmHandle, data_dir: Path, run_id: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "nightly.run",
        "--sources",
        str(portals.sources_csv),
        "--data-dir",
        str(data_dir),
        "--run-id",
        run_id,
        *FAST_CRAWL,
        *extra,
    ]


def farm_env(portals: farm.FarmHandle, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "https_proxy")}
    return {**env, "http_proxy": portals.proxy_url, **extra}


def run_nightly(portals: farm.FarmHandle, data_dir: Path, run_id: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        nightly_argv(portals, data_dir, run_id, *extra),
        cwd=ROOT,
        env=farm_env(portals),
        capture_output=True,
        text=True,
        timeout=300,
    )


def nightly_record(data_dir: Path, run_id: str) -> dict:
    return json.loads(DataDir(data_dir).run_summary(run_id).read_text(encoding="utf-8"))["nightly"]


def fetch_events(data_dir: Path) -> list[dict]:
    events = []
    for path in DataDir(data_dir).fetch_logs():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    events.append(json.loads(line))
                except ValueError:
                    pass  # a torn last line
    return events


def db_rows(db_path: Path, sql: str, *params: object) -> list[tuple]:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def blobs_intact(data_dir: Path) -> int:
    """Every blob's name is the SHA-256 of its bytes; returns how many there are."""
    # A crawler killed mid-write may leave a hidden temp file; never a partial file under a SHA-256 name.
    blobs = [p for p in DataDir(data_dir).blobs.rglob("*") if p.is_file() and not p.name.startswith(".")]
    for blob in blobs:
        assert file_sha256(blob) == blob.name, f"damaged blob {blob}"
    return len(blobs)


class Kit:
    """The helpers above, for test modules (conftest is not importable under --import-mode=importlib)."""

    nightly_argv = staticmethod(nightly_argv)
    farm_env = staticmethod(farm_env)
    run_nightly = staticmethod(run_nightly)
    nightly_record = staticmethod(nightly_record)
    fetch_events = staticmethod(fetch_events)
    db_rows = staticmethod(db_rows)
    file_sha256 = staticmethod(file_sha256)
    blobs_intact = staticmethod(blobs_intact)
    root = ROOT


@pytest.fixture(scope="session")
def kit() -> type[Kit]:
    return Kit
