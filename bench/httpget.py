"""What the archive benchmarks share to time a served archive: a free local port and a timed GET."""

from __future__ import annotations

import socket
import statistics
import time
import urllib.error
import urllib.request

# every search timed as a first one: the server keeps no search's hits (archive.served_search)
NOTHING_KEPT = {"NIANBAO_SEARCH_CACHE_MB": "0"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_get(url: str, repeats: int) -> tuple[float, float, int, bytes]:
    """(first, median of the repeats) in ms, the HTTP status and the last body."""
    times, status, body = [], 0, b""
    for _ in range(repeats + 1):
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=120) as r:
                body = r.read()
                status = r.status
        except urllib.error.HTTPError as e:  # e.g. 400: the query hit sql_time_limit_ms
            body = e.read()
            status = e.code
        times.append((time.perf_counter() - t) * 1000)
    return times[0], statistics.median(times[1:]), status, body
