"""Two crawler workers share one run through a real redis-server and archive every report once."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from warcio.archiveiterator import ArchiveIterator

from rawarchive import DataDir

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(tmp_path),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def warc_document_responses(path: Path) -> list[str]:
    with open(path, "rb") as handle:
        return [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(handle)
            if r.rec_type == "response" and r.http_headers.get_statuscode() == "200"
        ]


def test_two_workers_share_one_run_and_archive_every_report_exactly_once(portals, redis_url, tmp_path, run_ids, kit):
    data_dir, run_id = tmp_path / "data", run_ids()
    # A worker takes as many requests from Redis as it may have in flight (CONCURRENT_REQUESTS), and an idle
    # worker looks at the queue on Scrapy's 5-second heartbeat.  On a farm of two hosts and a few dozen URLs the
    # first worker would take everything; one request in flight each, with a short delay, leaves work queued
    # long enough for a second worker that starts a few seconds late on a loaded machine.
    settings = ["DOWNLOAD_DELAY=0.25", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=1"]
    # As docs/operations.md sets it up: the nightly job runs one worker (it waits longest on an empty queue,
    # then counts, parses, builds and publishes), another machine runs a bare crawler worker.
    nightly = [
        *kit.nightly_argv(portals, data_dir, run_id),
        "--redis-url",
        redis_url,
        "--idle-timeout",
        "9",
        *(arg for setting in settings for arg in ("--crawl-setting", setting)),
    ]
    worker = [
        sys.executable,
        "-m",
        "crawler.run",
        "--sources",
        str(portals.sources_csv),
        "--data-dir",
        str(data_dir),
        "--run-id",
        run_id,
        "--redis-url",
        redis_url,
        "--idle-timeout",
        "6",
        "--quiet",
        *(arg for setting in settings for arg in ("-s", setting)),
    ]
    workers = [
        subprocess.Popen(
            argv, cwd=kit.root, env=kit.farm_env(portals), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for argv in (nightly, worker)
    ]
    outputs = [w.communicate(timeout=240)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    events = [e for e in kit.fetch_events(data_dir) if e["run_id"] == run_id]
    archived = Counter(e["url"] for e in events if e["kind"] in ("report_page", "attachment") and e.get("sha256"))
    assert archived and max(archived.values()) == 1, [u for u, n in archived.items() if n > 1]

    manifest = portals.load_manifest()
    for report in manifest["reports"]:
        if report["reachable"]:
            urls = {report["page_url"], *(a["url"] for a in report["attachments"])}
            assert urls & set(archived), f"{report['id']} not archived ({sorted(urls)})"

    # Both workers fetched part of it (each writes its own WARC), and no document was downloaded twice.
    warcs = DataDir(data_dir).warc_files(run_id)
    assert len(warcs) == 2, f"one worker fetched nothing: {outputs}"
    fetched = [warc_document_responses(w) for w in warcs]
    pages = [{u for u in f if not u.endswith("/robots.txt")} for f in fetched]
    assert pages[0] and pages[1], f"one worker did no work: {outputs}"
    assert not pages[0] & pages[1], "a page was downloaded by both workers"
    documents = set(archived)
    assert (pages[0] | pages[1]) & documents == documents

    # The nightly job counted the whole shared run and published it.
    record = kit.nightly_record(data_dir, run_id)
    assert record["published"] and record["new_reports"] == len(documents)
    db_documents = {u for (u,) in kit.db_rows(DataDir(data_dir).database, "SELECT url FROM documents")}
    assert db_documents == documents
