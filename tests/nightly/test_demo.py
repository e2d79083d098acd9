"""`python -m nightly.demo`: the farm, the nightly pipeline and Datasette, end to end."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from archive import divisions
from farm import names
from farm.country import build_world
from farm.manifest import sources_rows
from nightly.demo import DEMO_MARKER
from rawarchive import DataDir

# a demo farm small enough to run in seconds that still has city, county, department and
# township units and the seeds' real reports
DEMO_SEED, DEMO_SIZE = 2026, 12


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "no_proxy")}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, farm_cache, kit) -> tuple[Path, subprocess.CompletedProcess]:
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    data_dir.mkdir()
    (data_dir / DEMO_MARKER).touch()
    (data_dir / "stale-from-last-demo").write_text("wiped at start")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "nightly.demo",
            "--no-serve",
            "--size",
            str(DEMO_SIZE),
            "--seed",
            str(DEMO_SEED),
            "--data-dir",
            str(data_dir),
            "--farm-cache",
            str(farm_cache),
        ],
        cwd=kit.root,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=400,
    )
    return data_dir, run


def test_demo_no_serve_builds_the_archive_from_a_fresh_data_dir_and_prints_counts(demo_run, kit) -> None:
    data_dir, run = demo_run
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert not (data_dir / "stale-from-last-demo").exists()
    assert "farm running:" in run.stdout and "crawling" in run.stdout
    counts = re.search(r"archive\.db: (.*)", run.stdout)
    assert counts, run.stdout
    reports = int(re.search(r"\breports (\d+)", counts.group(1)).group(1))
    assert reports > 0
    assert kit.db_rows(DataDir(data_dir).database, "SELECT count(*) FROM reports") == [(reports,)]


def test_demo_refuses_to_wipe_a_directory_it_did_not_make(tmp_path, kit) -> None:
    precious = tmp_path / "archive"
    precious.mkdir()
    DataDir(precious).database.write_bytes(b"someone's work")
    run = subprocess.run(
        [sys.executable, "-m", "nightly.demo", "--no-serve", "--data-dir", str(precious)],
        cwd=kit.root,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0 and "was not made by the demo" in run.stderr
    assert DataDir(precious).database.read_bytes() == b"someone's work"


def test_demo_serves_until_interrupted(demo_run, kit) -> None:
    data_dir, run = demo_run
    assert run.returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from nightly.demo import serve; "
            f"sys.exit(serve(Path({str(data_dir)!r}), {port}))",
        ],
        cwd=kit.root,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 90
        line = ""
        while "served at" not in line and time.monotonic() < deadline:
            line = server.stdout.readline()
            assert line or server.poll() is None, "the server exited"
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(url + "archive/reports.json?_shape=array&_size=1", timeout=30) as page:
            assert page.status == 200 and b'"id"' in page.read()
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


# The demo's archive places no simulated agency in a real province (each is placed in the simulated
# country's divisions, as its registry rows name them), gives every agency a level, and keeps each
# agency's code its city's row's.


@pytest.fixture(scope="module")
def demo(demo_run) -> sqlite3.Connection:
    data_dir, run = demo_run
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    db = sqlite3.connect(DataDir(data_dir).database)
    db.row_factory = sqlite3.Row
    return db


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    """The demo farm's sources.csv rows (the same rows ``farm serve`` writes)."""
    return [row for _, row in sources_rows(build_world(DEMO_SEED, DEMO_SIZE))]


def agencies(db: sqlite3.Connection) -> list[sqlite3.Row]:
    rows = db.execute("SELECT * FROM agencies").fetchall()
    assert rows
    return rows


def simulated(row: sqlite3.Row) -> bool:
    return (row["division_code"] or "")[:2] in names.PROVINCE_CODES


def test_no_report_of_a_simulated_agency_is_placed_in_a_real_province(demo, registry) -> None:
    real = {r["agency"] for r in registry if r["division_code"][:2] in divisions.PROVINCES}  # the seeds' hosts
    for row in agencies(demo):
        if row["name"] in real:
            assert row["province"] in divisions.PROVINCES.values(), row["name"]
            continue
        assert simulated(row), dict(row)
        # placed in the simulated country's own divisions, as its registry rows name them
        assert row["province"] and row["province"] not in divisions.PROVINCES.values(), dict(row)
        assert row["province_code"][:2] in names.PROVINCE_CODES, dict(row)
        assert row["province"] in {r["parent"].removesuffix("人民政府") for r in registry if r.get("parent")}, dict(row)
    in_real_provinces = ", ".join(f"'{p}'" for p in divisions.PROVINCES.values())
    placed = {
        r[0]
        for r in demo.execute(
            "SELECT r.agency FROM reports r JOIN agencies a ON a.name = r.agency "
            f"WHERE a.province IN ({in_real_provinces})"
        )
    }
    assert placed and placed <= real  # only the seeds' real reports are placed in a real province


def test_every_agency_has_a_level_and_registry_rows_keep_theirs(demo, registry) -> None:
    by_name = {r["agency"]: r for r in registry}
    kinds = set()
    for row in agencies(demo):
        assert row["level"] is not None, dict(row)
        kinds.add(row["level"])
        if row["name"] in by_name and row["level_basis"] == "registry":
            assert row["level"] == by_name[row["name"]]["level"], row["name"]
    assert {"township", "department"} <= kinds and kinds & {"city", "county"}


def test_names_and_codes_agree(demo, registry) -> None:
    # a simulated agency is named after its city, and carries the code of its city's government's row
    governments = {
        r["agency"].removesuffix("人民政府"): r["division_code"] for r in registry if r["level"] in ("city", "county")
    }
    for row in agencies(demo):
        if not simulated(row):
            continue
        city = max((c for c in governments if row["name"].startswith(c)), key=len, default=None)
        assert city is not None, row["name"]
        assert row["division_code"] == governments[city], dict(row)
        assert row["division_basis"] == "registry", dict(row)  # the name names no real division
    codes = {row["division_code"][:2] for row in agencies(demo) if simulated(row)}
    assert codes and not codes & set(divisions.PROVINCES)
