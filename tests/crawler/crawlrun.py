"""``crawler.run`` in a subprocess, through a test proxy, as the end-to-end crawl tests run it:
the settings that make a test crawl quick (or polite, for the portal farm), the proxy environment
and the command line, written once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings(base: dict[str, object], **values: object) -> list[str]:
    """``-s NAME=value`` for each of ``base``'s settings as ``values`` change or add to them, then ``--quiet``."""
    args = [arg for name, value in {**base, **values}.items() for arg in ("-s", f"{name}={value}")]
    return [*args, "--quiet"]


QUICK = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
FAST = settings(QUICK, RETRY_BACKOFF_BASE=0.05)
# the portal farm's pace: one request at a time per host, a quarter second apart, short timeouts
POLITE = {
    "DOWNLOAD_DELAY": 0.25,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 2,
    "RETRY_BACKOFF_BASE": 0.3,
}


def proxied(proxy_url: str, *, https: bool = False) -> dict[str, str]:
    """The environment with every request (``https`` ones too if asked) sent to ``proxy_url``."""
    env = dict(os.environ, http_proxy=proxy_url)
    if https:
        env["https_proxy"] = proxy_url
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    return env


def command(sources: Path, data: Path, run_id: str, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "crawler.run",
        "--sources",
        str(sources),
        "--data-dir",
        str(data),
        "--run-id",
        run_id,
        *args,
    ]


def run(argv: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def start(argv: list[str], env: dict[str, str], **streams: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(argv, cwd=ROOT, env=env, **streams)
