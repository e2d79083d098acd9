"""End-to-end crawls (in a subprocess, through http_proxy) of the small multi-host world in
minisite.py: recall, noise, blocked hosts, no spam mirror, WARC, incremental re-crawl with
conditional requests, known URLs that vanished, and SIGKILL + resume."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from rawarchive import DataDir, read_fetch_log

sys.path.insert(0, str(Path(__file__).parent))
import crawlrun  # noqa: E402
from minisite import World, pdf, serve  # noqa: E402


@pytest.fixture
def world() -> Iterator[tuple[World, int]]:
    site = World()
    server = serve(site)
    yield site, server.server_port
    server.shutdown()
    server.server_close()


def crawl(
    data: Path, port: int, sources: Path, run_id: str, *extra: str, wait: bool = True
) -> subprocess.Popen | subprocess.CompletedProcess:
    argv = crawlrun.command(sources, data, run_id, *crawlrun.FAST, *extra)
    env = crawlrun.proxied(f"http://127.0.0.1:{port}", https=True)
    if not wait:
        return crawlrun.start(argv, env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return crawlrun.run(argv, env)


def urls(records: list[dict], kind: str) -> set[str]:
    return {r["url"] for r in records if r["kind"] == kind}


def test_crawl_finds_every_report_and_leaves_the_noise_out(world: tuple[World, int], tmp_path: Path) -> None:
    site, port = world
    sources = tmp_path / "sources.csv"
    sources.write_text(site.sources_csv, encoding="utf-8")
    result = crawl(tmp_path / "data", port, sources, "R1")
    assert result.returncode == 0, result.stderr[-3000:]
    records = read_fetch_log(DataDir(tmp_path / "data").fetch_log("R1"))
    assert urls(records, "report_page") == site.reports
    assert urls(records, "attachment") == site.files
    noise = {r["url"].rsplit("/", 1)[-1]: r["reason"] for r in records if r["kind"] == "noise"}
    assert "通知" in noise["t20240126_102.html"] and "网站" in noise["t20230120_104.html"]
    assert "t20180120_105.html" not in noise and "wap" in noise["t20240126_101_wap.html"]  # 2017 is a report year
    blocked = [r for r in records if r["kind"] == "blocked"]
    assert [r["source"] for r in blocked] == ["被封锁市人民政府"] and "412" in blocked[0]["reason"]
    assert not [u for _, u in site.requests if "spam-mirror" in u]
    assert not [u for _, u in site.requests if "/gkmlpt/api/" in u and "page=0" in u]
    # blobs are the bytes as served, named by their hash, logged with their context
    record = next(r for r in records if r["kind"] == "attachment" and "downfile.jsp" in r["url"])
    blob = DataDir(tmp_path / "data").blob(record["sha256"])
    assert blob.read_bytes() == site.pages[record["url"]][2]
    assert (
        record["page_url"].endswith(".html") and record["link_text"].endswith(".pdf") and record["family"] == "hanweb"
    )
    summary = json.loads(DataDir(tmp_path / "data").run_summary("R1").read_text())
    assert (
        summary["sources"]["示例区人民政府"]["reports"] == 150
        and summary["sources"]["被封锁市人民政府"]["blocked"] == 1
    )
    assert "示例省人民政府" in result.stdout
    warcs = DataDir(tmp_path / "data").warc_files("R1")
    check = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", *map(str, warcs)], capture_output=True, text=True
    )
    assert warcs and check.returncode == 0, check.stdout + check.stderr

    # The next night: unchanged pages answer 304, one attachment was replaced at the same URL,
    # one known report page has gone.
    replaced = next(iter(sorted(site.files)))
    site.pages[replaced] = pdf("replaced")
    gone = "http://www.trs-city.gov.cn/zwgk/zfxxgknb/202201/t20220120_106.html"
    del site.pages[gone]
    known = tmp_path / "known.jsonl"
    known.write_text(json.dumps({"url": gone, "source": "示例市人民政府", "kind": "report_page"}) + "\n")
    site.statuses.clear()
    result = crawl(tmp_path / "data", port, sources, "R2", "--known-urls", str(known))
    assert result.returncode == 0, result.stderr[-3000:]
    night = read_fetch_log(DataDir(tmp_path / "data").fetch_log("R2"))
    statuses = Counter(status for _, status in site.statuses)
    assert statuses[304] > 100 and statuses[200] < 40, statuses
    old = {r["url"]: r["sha256"] for r in records if r["kind"] == "attachment"}
    new = {r["url"]: r["sha256"] for r in night if r["kind"] == "attachment"}
    assert new[replaced] != old[replaced]
    assert [r["url"] for r in night if r["kind"] == "vanished"] == [gone]


def test_sigkill_halfway_then_resume_loses_and_duplicates_nothing(world: tuple[World, int], tmp_path: Path) -> None:
    site, port = world
    sources = tmp_path / "sources.csv"
    sources.write_text(site.sources_csv, encoding="utf-8")
    data = tmp_path / "data"
    slow = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY=0.03"]
    process = crawl(data, port, sources, "K1", *slow, wait=False)
    log = DataDir(data).fetch_log("K1")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(read_fetch_log(log)) < 60:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before = read_fetch_log(log)
    assert 60 <= len(before) < 170
    result = crawl(data, port, sources, "K1")
    assert result.returncode == 0, result.stderr[-3000:]
    after = read_fetch_log(log)
    assert after[: len(before)] == before
    assert urls(after, "report_page") == site.reports and urls(after, "attachment") == site.files
    keys = Counter((r["kind"], r["url"], r["sha256"]) for r in after)
    assert max(keys.values()) == 1, [k for k, n in keys.items() if n > 1]
    for record in after:
        if record["sha256"]:
            assert DataDir(data).blob(record["sha256"]).exists()


def test_two_redis_workers_share_one_run(world: tuple[World, int], tmp_path: Path) -> None:
    site, port = world
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        redis_port = probe.getsockname()[1]
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", redis_port)) == 0:
                    break
            time.sleep(0.05)
        sources = tmp_path / "sources.csv"
        sources.write_text(site.sources_csv, encoding="utf-8")
        data = tmp_path / "data"
        shared = [
            "--redis-url",
            f"redis://127.0.0.1:{redis_port}/0",
            "--idle-timeout",
            "2",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=1",
            "-s",
            "DOWNLOAD_DELAY=0.05",
        ]
        # The second worker joins a crawl in progress (as one started on another machine would):
        # started at the same instant, one worker's start requests are all the other's duplicates
        # and it may poll the shared queue only after the first has pulled it empty.
        workers = [crawl(data, port, sources, "RD", *shared, wait=False)]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not read_fetch_log(DataDir(data).fetch_log("RD")):
            time.sleep(0.05)
        workers.append(crawl(data, port, sources, "RD", *shared, wait=False))
        outputs = []
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            outputs.append(out.decode("utf-8", "replace")[-1500:] + err.decode("utf-8", "replace")[-1500:])
            assert worker.returncode == 0, outputs[-1]
        records = read_fetch_log(DataDir(data).fetch_log("RD"))
        assert urls(records, "report_page") == site.reports and urls(records, "attachment") == site.files
        keys = Counter((r["kind"], r["url"], r["sha256"]) for r in records if r["kind"] != "blocked")
        assert max(keys.values()) == 1
        # each worker wrote its own WARC: both fetched part of the shared queue
        warcs = DataDir(data).warc_files("RD")
        assert len(warcs) == 2 and all(w.stat().st_size > 1000 for w in warcs), outputs
    finally:
        redis.terminate()
        redis.wait(timeout=10)
