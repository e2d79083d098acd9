"""Crawl benchmark: pages per second and peak memory of ``crawler.run`` on a 1,000-agency portal
farm, beside what ``scrapy bench`` reaches on the same machine in the same run.

``python -m bench.crawl [--size 1000] [--seconds N]`` (default: crawl the whole farm
and also report recall and precision against its manifest).  Environment: ``BENCH_FARM_SIZE``,
``BENCH_CRAWL_SECONDS``, ``FARM_CACHE_DIR`` (rendered attachments, reused between runs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rawarchive import DataDir, read_fetch_log

if TYPE_CHECKING:
    from farm import FarmHandle

ROOT = Path(__file__).resolve().parents[1]
# As polite as the farm's rate-ban hosts demand (≤ 5 requests/s per host), many hosts at once.
CRAWL_SETTINGS = [
    "-s",
    "DOWNLOAD_DELAY=0.25",
    "-s",
    "RANDOMIZE_DOWNLOAD_DELAY=False",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=64",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    "-s",
    "DOWNLOAD_TIMEOUT=5",
    "-s",
    "RETRY_TIMES=2",
    "-s",
    "RETRY_BACKOFF_BASE=0.5",
    "-s",
    "LOG_LEVEL=WARNING",
]


def _child_main(argv: list[str]) -> int:
    """Run one command in this process and report its peak RSS (kB) on stderr."""
    kind, rest = argv[0], argv[1:]
    code = 0
    try:
        if kind == "crawl":
            from crawler.run import main

            code = main(rest)
        else:
            from scrapy.cmdline import execute

            sys.argv = ["scrapy", *rest]
            try:
                execute()
            except SystemExit as stop:
                code = int(stop.code or 0)
    finally:
        print(f"BENCH_MAXRSS_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr, flush=True)
    return code


def _spawn(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "bench.crawl", "--child", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    match = re.search(r"BENCH_MAXRSS_KB (\d+)", result.stderr)
    return result, elapsed, int(match.group(1)) if match else 0


def scrapy_bench(seconds: int = 10) -> dict[str, float]:
    """``scrapy bench`` (its own local server and link-following spider), outside our project."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as empty:  # no scrapy.cfg here: Scrapy's defaults, not ours
        result, elapsed, rss = _spawn(
            ["bench", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"], Path(empty), env
        )
    pages = re.search(r"'response_received_count': (\d+)", result.stderr)
    spent = re.search(r"'elapsed_time_seconds': ([\d.]+)", result.stderr)
    count = int(pages.group(1)) if pages else 0
    seconds_spent = float(spent.group(1)) if spent else elapsed
    return {
        "pages": count,
        "seconds": seconds_spent,
        "pages_per_second": count / seconds_spent if seconds_spent else 0.0,
        "peak_rss_mb": rss / 1024,
    }


def _farm_cache() -> Path:
    """Rendered farm attachments, reused between runs (FARM_CACHE_DIR)."""
    cache = Path(os.environ.get("FARM_CACHE_DIR") or Path(tempfile.gettempdir()) / "nianbao-farm-cache")
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def _through(handle: FarmHandle) -> dict[str, str]:
    """The environment of a crawl that reaches the farm through its proxy (and nothing else)."""
    env = dict(os.environ, http_proxy=handle.proxy_url, PYTHONPATH=str(ROOT))
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    return env


def crawl_farm(size: int, seconds: int, work: Path) -> dict[str, object]:
    import farm
    from crawler.farmcheck import check

    cache = _farm_cache()
    with farm.running(
        work / "farm", seed=1, size=size, obstacles=True, slow_seconds=6, ban_seconds=30, cache_dir=cache
    ) as handle:
        env = _through(handle)
        limit = ["-s", f"CLOSESPIDER_TIMEOUT={seconds}"] if seconds else []
        data = DataDir(work / "data")
        result, elapsed, rss = _spawn(
            [
                "crawl",
                "--sources",
                str(handle.sources_csv),
                "--data-dir",
                str(data.root),
                "--run-id",
                "BENCH",
                *CRAWL_SETTINGS,
                *limit,
            ],
            ROOT,
            env,
        )
        if result.returncode != 0:
            raise RuntimeError(f"crawler.run failed: {result.stderr[-2000:]}")
        summary = json.loads(data.run_summary("BENCH").read_text())
        stats = summary["stats"]
        pages = int(stats.get("response_received_count", 0))
        spent = float(stats.get("elapsed_time_seconds") or elapsed)
        figures: dict[str, object] = {
            "farm_agencies": size,
            "hosts": len(handle.load_manifest()["hosts"]),
            "pages": pages,
            "seconds": round(spent, 1),
            "pages_per_second": pages / spent if spent else 0.0,
            "peak_rss_mb": rss / 1024,
            "fetch_log_lines": len(read_fetch_log(data.fetch_log("BENCH"))),
        }
        if not seconds:
            measured = check(handle.load_manifest(), data.fetch_log("BENCH"))
            figures.update({k: v for k, v in measured.items() if not isinstance(v, list)})
            figures["missed_reports"] = measured["missed_reports"][:10]
            figures["noise_taken"] = measured["noise_taken"][:10]
            figures["unreported_blocks"] = measured["unreported_blocks"]
        return figures


# The national night (issue 9): about 3,200 government portal hosts carrying 100,000+ agencies.
NATIONAL_AGENCIES = 100_000
NATIONAL_HOSTS = 3_200
PRODUCTION_DELAY = 1.0  # crawler/settings.py DOWNLOAD_DELAY: one request a second per host, never less
PROJECTION_SIZES = (200, 600)


def _farm_point(size: int, work: Path) -> dict[str, float]:
    """One measured point: a whole crawl of a ``size``-agency farm (with its city platforms):
    requests per host as the farm counted them, and the crawl process's CPU time."""
    import farm

    cache = _farm_cache()
    with farm.running(work / f"farm-{size}", seed=1, size=size, obstacles=False, cache_dir=cache) as handle:
        env = _through(handle)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result, elapsed, _ = _spawn(
            [
                "crawl",
                "--sources",
                str(handle.sources_csv),
                "--data-dir",
                str(work / f"data-{size}"),
                "--run-id",
                "NIGHT",
                *CRAWL_SETTINGS,
            ],
            ROOT,
            env,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            raise RuntimeError(f"crawler.run failed: {result.stderr[-2000:]}")
        per_host = handle.requests_per_host()
        manifest = handle.load_manifest()
    with open(handle.sources_csv, encoding="utf-8") as rows:
        agencies = sum(1 for _ in rows) - 1
    platforms = {host: len(info.get("units") or []) for host, info in manifest["hosts"].items() if info.get("platform")}
    # the platform host with the most units (ties: the one asked most)
    busiest = (
        max(platforms, key=lambda host: (platforms[host], per_host.get(host, 0)))
        if platforms
        else max(per_host, key=per_host.get)
    )
    requests = sum(per_host.values())
    return {
        "agencies": agencies,
        "hosts": len(per_host),
        "requests": requests,
        "seconds": elapsed,
        "cpu_seconds": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "platform_agencies": platforms.get(busiest, 0),
        "platform_requests": per_host.get(busiest, 0),
    }


def national_night(sizes: tuple[int, ...] = PROJECTION_SIZES) -> dict[str, float]:
    """Requests and hours of a national night, projected from measured growth on farms of the
    national shape (many agencies per host, city platforms), scaled down."""
    with tempfile.TemporaryDirectory(prefix="bench-night-") as work:
        points = [_farm_point(size, Path(work)) for size in sizes]
    for point in points:
        print(
            f"  farm of {point['agencies']} agencies on {point['hosts']} hosts: {point['requests']} requests "
            f"({point['requests'] / point['agencies']:.1f} per agency), {point['cpu_seconds']:.0f} CPU s; busiest "
            f"platform: {point['platform_agencies']} agencies, {point['platform_requests']} requests"
        )
    first, last = points[0], points[-1]
    per_agency = (last["requests"] - first["requests"]) / (last["agencies"] - first["agencies"])  # measured growth
    fixed = first["requests"] - per_agency * first["agencies"]
    requests = fixed + per_agency * NATIONAL_AGENCIES
    cpu_per_request = sum(p["cpu_seconds"] for p in points) / sum(p["requests"] for p in points)
    # the platforms' own cost per agency, the highest measured (a platform's units share its one host)
    per_platform_agency = max(
        (p["platform_requests"] / p["platform_agencies"] for p in points if p["platform_agencies"]), default=per_agency
    )
    mean_host_agencies = NATIONAL_AGENCIES / NATIONAL_HOSTS
    figures = {
        "requests_per_agency": per_agency,
        "national_requests": requests,
        "cpu_hours_one_core": requests * cpu_per_request / 3600,
        # politeness: a host gets one request per PRODUCTION_DELAY, so its own queue sets the night's floor
        "mean_host_hours": mean_host_agencies * per_platform_agency * PRODUCTION_DELAY / 3600,
        "platform_300_hours": 300 * per_platform_agency * PRODUCTION_DELAY / 3600,
    }
    print(
        f"national night ({NATIONAL_AGENCIES:,} agencies on {NATIONAL_HOSTS:,} hosts), from the growth between "
        f"{first['agencies']} and {last['agencies']} agencies: {per_agency:.1f} requests per agency, "
        f"{requests:,.0f} requests; crawler CPU {figures['cpu_hours_one_core']:.1f} h on one core "
        f"({cpu_per_request * 1000:.1f} ms a request); at {PRODUCTION_DELAY:.0f} request/s per host, a host of "
        f"{mean_host_agencies:.0f} agencies (the mean) takes {figures['mean_host_hours']:.2f} h and a 300-agency "
        f"platform {figures['platform_300_hours']:.2f} h: the night is the longer of the busiest host's queue and the "
        "CPU hours divided by the cores given to the crawl"
    )
    return figures


THROUGHPUT_SIZE = 300
THROUGHPUT_SECONDS = 30
# The per-page work, not the politeness: no delay, several requests per host, no obstacles.
UNTHROTTLED = ["-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "CONCURRENT_REQUESTS=64"]


def throughput(size: int = THROUGHPUT_SIZE, seconds: int = THROUGHPUT_SECONDS) -> dict[str, float]:
    """Pages a second the crawler's per-page work allows (read, judge, archive with WARC and
    fsync), on a farm with no delay, beside ``scrapy bench`` run just before and just after."""
    import farm

    cache = _farm_cache()
    before = scrapy_bench(seconds)
    with (
        tempfile.TemporaryDirectory(prefix="bench-throughput-") as work,
        farm.running(Path(work) / "farm", seed=2, size=size, obstacles=False, cache_dir=cache) as handle,
    ):
        env = _through(handle)
        result, elapsed, rss = _spawn(
            [
                "crawl",
                "--sources",
                str(handle.sources_csv),
                "--data-dir",
                str(Path(work) / "data"),
                "--run-id",
                "SPEED",
                *CRAWL_SETTINGS,
                *UNTHROTTLED,
                "-s",
                f"CLOSESPIDER_TIMEOUT={seconds}",
            ],
            ROOT,
            env,
        )
        stats = json.loads((Path(work) / "data" / "runs" / "SPEED.json").read_text())["stats"]
    after = scrapy_bench(seconds)
    pages = int(stats.get("response_received_count", 0))
    spent = float(stats.get("elapsed_time_seconds") or elapsed)
    baseline = (before["pages_per_second"] + after["pages_per_second"]) / 2
    ours = pages / spent if spent else 0.0
    print(
        f"per-page work: the crawler read {pages} pages in {spent:.1f} s = {ours:.1f} pages/s (no delay, farm of "
        f"{size} agencies, peak RSS {rss / 1024:.0f} MB); scrapy bench {before['pages_per_second']:.1f} before and "
        f"{after['pages_per_second']:.1f} after; ratio {ours / baseline if baseline else float('nan'):.2f}"
    )
    return {
        "pages_per_second": ours,
        "scrapy_bench_pages_per_second": baseline,
        "ratio": ours / baseline if baseline else float("nan"),
    }


def run(size: int | None = None, seconds: int | None = None) -> None:
    size = size or int(os.environ.get("BENCH_FARM_SIZE", "1000"))
    seconds = int(os.environ.get("BENCH_CRAWL_SECONDS", "0")) if seconds is None else seconds
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as work:
        ours = crawl_farm(size, seconds, Path(work))
    print(
        f"polite crawl of a {size}-agency farm ({ours['hosts']} hosts, obstacles on, ≤ 4 requests/s per host): "
        f"{ours['pages']} pages in {ours['seconds']} s = {ours['pages_per_second']:.1f} pages/s (the busiest host's "
        f"queue sets the time), peak RSS {ours['peak_rss_mb']:.0f} MB"
    )
    extra = {k: v for k, v in ours.items() if k not in ("pages", "seconds", "pages_per_second", "peak_rss_mb", "hosts")}
    print(json.dumps(extra, ensure_ascii=False))
    throughput()
    national_night()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return _child_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench.crawl", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=None, help="farm agencies (default 1000)")
    parser.add_argument("--seconds", type=int, default=None, help="stop the crawl after this long (0 = whole farm)")
    args = parser.parse_args(argv)
    run(args.size, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
