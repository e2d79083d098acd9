"""End-to-end on the portal farm (farm/README.md): crawl a small farm through its proxy, kill the
crawl with SIGKILL halfway, resume it, and measure against the farm's manifest; then let the farm
advance one day and re-crawl incrementally (a replaced attachment, a report page that is gone)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import farm
from crawler.farmcheck import check
from rawarchive import DataDir, read_fetch_log

sys.path.insert(0, str(Path(__file__).parent))
import crawlrun  # noqa: E402

CACHE = crawlrun.ROOT / "tests" / "artifacts" / "farm-cache"  # rendered attachments, reused between runs
# Polite enough for the farm's rate-ban hosts (≤ 5 requests a second per host), fast enough for CI.
SETTINGS = crawlrun.settings(crawlrun.POLITE, RANDOMIZE_DOWNLOAD_DELAY=False)


def crawl(
    handle: farm.FarmHandle, data: Path, run_id: str, *extra: str, wait: bool = True
) -> subprocess.CompletedProcess[str] | subprocess.Popen[bytes]:
    argv = crawlrun.command(handle.sources_csv, data, run_id, *SETTINGS, *extra)
    env = crawlrun.proxied(handle.proxy_url)
    if not wait:
        return crawlrun.start(argv, env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return crawlrun.run(argv, env, timeout=240)


@pytest.mark.slow
def test_farm_recall_precision_blocking_and_resume_after_sigkill(tmp_path: Path) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    data = tmp_path / "data"
    with farm.running(
        tmp_path / "farm", seed=1, size=16, obstacles=True, slow_seconds=3, ban_seconds=10, cache_dir=CACHE
    ) as handle:
        manifest = handle.load_manifest()
        log = DataDir(data).fetch_log("F1")
        process = crawl(handle, data, "F1", wait=False)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(read_fetch_log(log)) < 50:
            time.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        before = read_fetch_log(log)
        assert 50 <= len(before)

        result = crawl(handle, data, "F1")
        assert result.returncode == 0, result.stderr[-3000:]
        after = read_fetch_log(log)
        assert after[: len(before)] == before  # nothing archived was lost
        keys = Counter((r["kind"], r["url"], r["sha256"], r["source"]) for r in after)
        assert max(keys.values()) == 1  # nor written twice
        measured = check(manifest, log)
        print(json.dumps({k: v for k, v in measured.items() if not isinstance(v, list)}, ensure_ascii=False))
        assert measured["recall"] >= 0.99, measured["missed_reports"]
        assert measured["attachment_recall"] >= 0.99, measured["missed_attachments"]
        assert measured["noise_rate"] <= 0.01, measured["noise_taken"]
        assert not measured["unknown_pages"]
        assert not measured["unreported_blocks"]
        for record in after:
            if record["sha256"]:
                assert DataDir(data).blob(record["sha256"]).is_file()

        # The next day: new reports, one attachment replaced at the same URL, one page gone.
        day = handle.advance_day()
        known = tmp_path / "known.jsonl"
        known.write_text(
            "".join(
                json.dumps({"url": r["url"], "source": r["source"], "kind": r["kind"]}, ensure_ascii=False) + "\n"
                for r in after
                if r["kind"] == "report_page"
            ),
            encoding="utf-8",
        )
        result = crawl(handle, data, "F2", "--known-urls", str(known))
        assert result.returncode == 0, result.stderr[-3000:]
        night = read_fetch_log(DataDir(data).fetch_log("F2"))
        yesterday = {r["url"]: r["sha256"] for r in after if r["kind"] == "attachment"}
        tonight = {r["url"]: r["sha256"] for r in night if r["kind"] == "attachment"}
        if day.get("replaced") and day["replaced"] in yesterday:
            assert tonight[day["replaced"]] != yesterday[day["replaced"]]
        if day.get("gone") and any(r["url"] == day["gone"] for r in after if r["kind"] == "report_page"):
            assert day["gone"] in {r["url"] for r in night if r["kind"] == "vanished"}
        found = {r["url"] for r in night if r["kind"] == "report_page"}
        reachable = {r["page_url"] for r in handle.load_manifest()["reports"] if r["reachable"]}
        new = [u for u in day.get("new") or [] if u in reachable]
        assert sum(u in found for u in new) >= 0.99 * len(new)
        summary = json.loads(DataDir(data).run_summary("F2").read_text())
        assert summary["finish_reason"] == "finished"
        assert summary["stats"].get("httpcache/revalidate", 0) > 0  # conditional requests, not full downloads
