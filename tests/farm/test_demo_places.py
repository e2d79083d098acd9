"""The demo's archive (``python -m nightly.demo --no-serve``, its own farm) places no simulated agency
in a real province (each is placed in the simulated country's divisions, as its registry rows name
them), gives every agency a level, and keeps each agency's code its city's row's."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive import divisions
from farm import names
from farm.country import build_world
from farm.manifest import sources_rows
from nightly.demo import DEFAULT_SEED, DEFAULT_SIZE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> sqlite3.Connection:
    data = tmp_path_factory.mktemp("demo") / "data"
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "no_proxy")}
    argv = ["-m", "nightly.demo", "--no-serve", "--data-dir", str(data), "--farm-cache", str(cache_dir)]
    run = subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    db = sqlite3.connect(data / "archive.db")
    db.row_factory = sqlite3.Row
    return db


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    """The demo farm's sources.csv rows (the same rows ``farm serve`` writes)."""
    return [row for _, row in sources_rows(build_world(DEFAULT_SEED, DEFAULT_SIZE))]


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
