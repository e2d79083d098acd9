"""The portal farm: simulated Chinese government portals behind one HTTP forward proxy.

Tests and the demo use it instead of the real web (see farm/README.md)::

    import farm
    with farm.running(state_dir, seed=1, size=20) as f:
        os.environ["http_proxy"] = f.proxy_url          # or Scrapy's request.meta["proxy"]
        manifest = f.load_manifest()                      # ground truth (f.manifest is its path)
        rows = f.sources_csv                              # the crawler's registry
        f.advance_day()                                   # the next night

The farm runs in a subprocess (``python -m farm serve``) and is stopped on exit.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "http://farm.admin"


@dataclass
class FarmHandle:
    state_dir: Path
    port: int
    pid: int

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def manifest(self) -> Path:
        return self.state_dir / "manifest.json"

    @property
    def sources_csv(self) -> Path:
        return self.state_dir / "sources.csv"

    def load_manifest(self) -> dict:
        return json.loads(self.manifest.read_text(encoding="utf-8"))

    def summary(self) -> dict:
        """The manifest's "farm" section (seed, size, day, counts) without reading the whole manifest."""
        return json.loads((self.state_dir / "summary.json").read_text(encoding="utf-8"))

    def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        timeout: float = 30,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request through the farm's proxy: (status, headers with lower-case names, body)."""
        return fetch(self.port, url, method=method, headers=headers, body=body, timeout=timeout)

    def requests_per_host(self) -> dict[str, int]:
        """How many requests each host got so far, farm hosts and others (chrome hosts, unknown hosts).

        Read live from ``GET http://farm.admin/requests``; the same counts are written to
        ``STATE_DIR/requests.json`` when the farm stops.  Requests to farm.admin itself are not counted.
        """
        status, _, body = self.fetch(f"{ADMIN}/requests")
        if status != 200:
            raise RuntimeError(f"request counts failed: {status}")
        return json.loads(body)

    def advance_day(self) -> dict:
        """Move the farm to the next day; returns {"day", "new": [urls], "replaced": url, "gone": url}."""
        status, _, body = self.fetch(f"{ADMIN}/advance", method="POST", timeout=600)
        if status != 200:
            raise RuntimeError(f"advance failed: {status} {body[:200]!r}")
        return json.loads(body)


def fetch(
    port: int,
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        hdrs = {"Host": urlsplit(url).netloc, **(headers or {})}
        conn.request(method, url, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        conn.close()


def _command(
    state: Path,
    seed: int,
    size: int,
    port: int,
    obstacles: bool | None,
    slow_seconds: float,
    ban_seconds: float,
    cache_dir: str | os.PathLike | None,
    warm: bool,
) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "farm",
        "serve",
        "--port",
        str(port),
        "--seed",
        str(seed),
        "--size",
        str(size),
        "--state-dir",
        str(state),
        "--slow-seconds",
        str(slow_seconds),
        "--ban-seconds",
        str(ban_seconds),
    ]
    if obstacles is not None:
        cmd += ["--obstacles", "on" if obstacles else "off"]
    if cache_dir is not None:
        cmd += ["--cache-dir", str(cache_dir)]
    if warm:
        cmd.append("--warm")
    return cmd


def _wait_ready(proc: subprocess.Popen, ready: Path, timeout: float) -> dict:
    """The farm's farm.json once the process that was started wrote it."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"farm exited with {proc.returncode} before it was ready")
        if ready.exists():
            try:
                info = json.loads(ready.read_text())
            except ValueError:
                info = {}
            if info.get("pid") == proc.pid:
                return info
        if time.monotonic() > deadline:
            raise TimeoutError("farm did not start in time")
        time.sleep(0.05)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def running(
    state_dir: str | os.PathLike,
    *,
    seed: int = 1,
    size: int = 20,
    port: int = 0,
    obstacles: bool | None = None,
    slow_seconds: float = 60.0,
    ban_seconds: float = 60.0,
    cache_dir: str | os.PathLike | None = None,
    startup_timeout: float = 900.0,
    log: str | os.PathLike | None = None,
    warm: bool = False,
) -> Iterator[FarmHandle]:
    """Start ``python -m farm serve`` in a subprocess, wait until it is ready, stop it on exit."""
    state = Path(state_dir)
    state.mkdir(parents=True, exist_ok=True)
    ready = state / "farm.json"
    ready.unlink(missing_ok=True)
    cmd = _command(state, seed, size, port, obstacles, slow_seconds, ban_seconds, cache_dir, warm)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        env.pop(var, None)
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT if log else None)
    try:
        info = _wait_ready(proc, ready, startup_timeout)
        yield FarmHandle(state, int(info["port"]), proc.pid)
    finally:
        _stop(proc)
        if log:
            out.close()  # type: ignore[union-attr]


__all__ = ["FarmHandle", "fetch", "running"]
