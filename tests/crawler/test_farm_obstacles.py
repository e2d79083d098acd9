"""A small farm with every blocking obstacle switched on (412 challenge, robots refusals, a
rate-ban host): the crawler keeps its recall, reports each blocking host once, and rides out a
rate ban by waiting for Retry-After instead of giving the host up."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import farm
from crawler.farmcheck import check
from rawarchive import DataDir, read_fetch_log

sys.path.insert(0, str(Path(__file__).parent))
import crawlrun  # noqa: E402

CACHE = crawlrun.ROOT / "tests" / "artifacts" / "farm-cache"
# Polite (≤ 4 requests a second per host, never a burst), fast enough for CI.
POLITE = crawlrun.settings(crawlrun.POLITE)


def crawl(handle: farm.FarmHandle, data: Path, run_id: str, *extra: str) -> subprocess.CompletedProcess:
    argv = crawlrun.command(handle.sources_csv, data, run_id, *extra)
    return crawlrun.run(argv, crawlrun.proxied(handle.proxy_url), timeout=240)


@pytest.fixture(scope="module")
def obstacle_farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[farm.FarmHandle]:
    CACHE.mkdir(parents=True, exist_ok=True)
    state = tmp_path_factory.mktemp("obstacle-farm")
    with farm.running(state, seed=1, size=20, obstacles=True, slow_seconds=3, ban_seconds=2, cache_dir=CACHE) as handle:
        handle.data = handle.load_manifest()
        yield handle


def hosts_with(manifest: dict, obstacle: str) -> list[str]:
    return [h for h, info in manifest["hosts"].items() if obstacle in info["obstacles"]]


def test_small_farm_with_obstacles_recall_noise_and_every_block_reported(obstacle_farm, tmp_path: Path) -> None:
    manifest = obstacle_farm.data
    # the small farm carries the blocking obstacles too (not only charsets and redirects)
    assert hosts_with(manifest, "challenge_412") and hosts_with(manifest, "rate_ban")
    assert hosts_with(manifest, "robots_disallow_column") or hosts_with(manifest, "robots_disallow_all")
    data = tmp_path / "data"
    result = crawl(obstacle_farm, data, "O1", *POLITE)
    assert result.returncode == 0, result.stderr[-3000:]
    measured = check(manifest, DataDir(data).fetch_log("O1"))
    print(json.dumps({k: v for k, v in measured.items() if not isinstance(v, list)}, ensure_ascii=False))
    assert measured["should_block"]
    assert measured["recall"] >= 0.99, measured["missed_reports"]
    assert measured["attachment_recall"] >= 0.99, measured["missed_attachments"]
    assert measured["noise_rate"] <= 0.01, measured["noise_taken"]
    assert not measured["unknown_pages"]
    assert not measured["unreported_blocks"]

    summary = json.loads(DataDir(data).run_summary("O1").read_text())
    # a polite crawl is never banned, so the rate-ban host is an ordinary, complete source
    assert not summary["stats"].get("ban/paused")
    for host in hosts_with(manifest, "challenge_412"):
        agency = manifest["hosts"][host]["agency"]
        if agency in summary["sources"] and summary["sources"][agency]["reports"] == 0:
            assert summary["sources"][agency]["status"] == "blocked", summary["sources"][agency]
            assert "412" in summary["sources"][agency]["reason"]
    for host in hosts_with(manifest, "rate_ban"):
        agency = manifest["hosts"][host]["agency"]
        if agency in summary["sources"]:
            assert summary["sources"][agency]["status"] == "ok", summary["sources"][agency]
    assert {row["status"] for row in summary["sources"].values()} <= {"ok", "blocked", "empty", "failed"}


def test_a_rate_ban_is_waited_out_not_given_up(obstacle_farm, tmp_path: Path) -> None:
    manifest = obstacle_farm.data
    host = hosts_with(manifest, "rate_ban")[0]
    agency = manifest["hosts"][host]["agency"]
    wanted = {r["page_url"] for r in manifest["reports"] if r["host"] == host and r["reachable"]}
    assert wanted
    data = tmp_path / "data"
    # Deliberately too fast for the host (bursts of far more than 5 requests a second).
    hasty = [
        "-s",
        "DOWNLOAD_DELAY=0.01",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=4",
        "-s",
        "RETRY_BACKOFF_BASE=0.1",
        "--quiet",
    ]
    result = crawl(obstacle_farm, data, "B1", "--only", agency, *hasty)
    assert result.returncode == 0, result.stderr[-3000:]
    records = read_fetch_log(DataDir(data).fetch_log("B1"))
    summary = json.loads(DataDir(data).run_summary("B1").read_text())
    assert summary["stats"].get("ban/paused", 0) > 0  # it was banned, and waited
    assert not [r for r in records if r["kind"] == "blocked"]
    found = {r["url"] for r in records if r["kind"] == "report_page"}
    assert wanted <= found, sorted(wanted - found)
    assert summary["sources"][agency]["status"] == "ok"
