"""`python -m nightly.demo`: the farm, the nightly pipeline and Datasette, end to end."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nightly.demo import DEMO_MARKER
from rawarchive import DataDir


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
            "3",
            "--seed",
            "3",
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
