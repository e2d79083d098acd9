"""``python -m crawler.run --sources CSV --data-dir DIR [--run-id ID] [--known-urls FILE]
[--redis-url URL] [--only AGENCY...]``: one crawl run (one CrawlerProcess in this process).

Writes ``DATA_DIR/{blobs,fetches,warc,jobs,httpcache,runs}`` (DESIGN.md) and prints a summary
per source.  Exit status 0 when the crawl ran, even with per-source errors; 2 when it could not
run (no registry, unreachable Redis, bad arguments).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import shutil
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler import titles
from crawler.registry import RegistryError, Source, load_sources
from identity import new_run_id
from rawarchive import DataDir, read_fetch_log, write_atomically

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

SUMMARY_COLUMNS = ("reports", "documents", "noise", "errors", "blocked", "vanished")
# Keys of runs/<run_id>.json this command owns; any other key (the nightly job's "nightly") is
# someone else's and survives every rewrite.
OWNED_KEYS = ("run_id", "checks", "started_at", "finished_at", "finish_reason", "sources", "processes", "stats")


def summarise(records: list[dict[str, Any]], agencies: list[str]) -> dict[str, dict[str, int]]:
    """Per-source counts from the fetch log (so a resumed run and Redis workers add up)."""
    counts: dict[str, dict[str, int]] = {a: dict.fromkeys(SUMMARY_COLUMNS, 0) for a in agencies}
    documents: dict[str, set[tuple[str, str]]] = defaultdict(set)
    reports: dict[str, set[str]] = defaultdict(set)
    for record in records:
        source = record.get("source") or "?"
        row = counts.setdefault(source, dict.fromkeys(SUMMARY_COLUMNS, 0))
        kind = record.get("kind")
        if record.get("sha256"):
            documents[source].add((record.get("url") or "", record["sha256"]))
        if kind == "report_page" or (kind == "attachment" and record.get("page_url") == record.get("list_url")):
            reports[source].add(record.get("url") or "")
        elif kind == "noise":
            row["noise"] += 1
        elif kind == "error":
            row["errors"] += 1
        elif kind == "blocked":
            row["blocked"] += 1
        elif kind == "vanished":
            row["vanished"] += 1
    for source, row in counts.items():
        row["documents"] = len(documents[source])
        row["reports"] = len(reports[source])
    return counts


def first_reasons(records: list[dict[str, Any]], kind: str) -> dict[str, str]:
    """Per source, the reason of its first ``kind`` line (why it failed, who blocked it)."""
    reasons: dict[str, str] = {}
    for record in records:
        if record.get("kind") == kind and record.get("source"):
            reasons.setdefault(record["source"], record.get("reason") or kind)
    return reasons


def source_status(
    row: dict[str, int], progress: dict[str, Any], error: str | None, blocked: str | None
) -> tuple[str, str]:
    """``ok`` | ``blocked`` | ``failed`` | ``empty`` and why, from the source's counts, the first
    error and blocked reasons of the fetch log, and what the spiders saw (pages, column reached)."""
    if row["reports"] or row["documents"]:
        return "ok", f"{row['reports']} reports, {row['documents']} documents"
    if row["vanished"]:
        return "ok", f"{row['vanished']} known pages vanished, no report listed"
    if row["blocked"]:
        return "blocked", blocked or "blocked"
    column = progress.get("column_url")
    if column:
        return "empty", f"annual-report column reached ({column}) but it lists no report"
    if error:
        return "failed", error
    if progress.get("pages"):
        return "failed", f"no 年报 column found ({progress['pages']} pages read)"
    return "failed", "nothing fetched (no answer from the source)"


def with_status(
    counts: dict[str, dict[str, int]], records: list[dict[str, Any]], progress: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    errors, blocks = first_reasons(records, "error"), first_reasons(records, "blocked")
    rows: dict[str, dict[str, Any]] = {}
    for source, row in counts.items():
        seen = progress.get(source) or {}
        status, reason = source_status(row, seen, errors.get(source), blocks.get(source))
        rows[source] = {
            **row,
            "status": status,
            "reason": reason,
            "column_url": seen.get("column_url"),
            "pages": int(seen.get("pages") or 0),
        }
    return rows


def merged_progress(spider_progress: dict[str, dict[str, Any]], earlier: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """This process's per-source progress joined with what earlier processes of the run wrote
    (a resumed run, other Redis workers): pages add up, the first column reached is kept."""
    merged: dict[str, dict[str, Any]] = {}
    for source in set(spider_progress) | set(earlier):
        mine = spider_progress.get(source) or {}
        theirs = earlier.get(source) if isinstance(earlier.get(source), dict) else {}
        merged[source] = {
            "pages": int(mine.get("pages") or 0) + int(theirs.get("pages") or 0),
            "column_url": theirs.get("column_url") or mine.get("column_url"),
        }
    return merged


def write_summary(run_file: Path, build: Any) -> dict[str, Any]:
    """Rewrite runs/<run_id>.json under a lock: ``build(current)`` gets what the file holds *now*
    (another worker or the nightly job may have written since this process started) and returns
    the keys this command owns; every other key is kept as it is."""
    lock_path = run_file.with_suffix(".json.lock")
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = json.loads(run_file.read_text()) if run_file.exists() else {}
        except ValueError:
            current = {}
        summary = {**current, **build(current)}
        write_atomically(run_file, json.dumps(summary, ensure_ascii=False, indent=2))
    return summary


def close_checks(counts: dict[str, dict[str, int]], stats: dict[str, Any]) -> dict[str, Any]:
    """Every production crawl is also a test run (style P11): what a reviewer should look at."""
    silent = sorted(s for s, row in counts.items() if row["reports"] == 0 and row["blocked"] == 0)
    requests = int(stats.get("downloader/request_count") or 0)
    errors = sum(row["errors"] for row in counts.values())
    return {
        "finished_cleanly": stats.get("finish_reason") == "finished",
        "sources_without_reports": silent,
        "sources_blocked": sorted(s for s, row in counts.items() if row["blocked"]),
        "error_lines_per_request": round(errors / requests, 4) if requests else None,
    }


def format_table(counts: dict[str, dict[str, int]]) -> str:
    width = max([len("source")] + [len(s) for s in counts]) + 2
    lines = ["source".ljust(width) + "".join(c.rjust(11) for c in SUMMARY_COLUMNS)]
    for source, row in sorted(counts.items()):
        lines.append(source.ljust(width) + "".join(str(row[c]).rjust(11) for c in SUMMARY_COLUMNS))
    totals = {c: sum(r[c] for r in counts.values()) for c in SUMMARY_COLUMNS}
    lines.append("total".ljust(width) + "".join(str(totals[c]).rjust(11) for c in SUMMARY_COLUMNS))
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sources", required=True, help="registry CSV (agency,url[,division_code,level,parent,family])"
    )
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--run-id", default=None, help="resume or join this run (default: UTC now)")
    parser.add_argument("--known-urls", default=None, help='JSON lines {"url","source","kind"} to revisit')
    parser.add_argument("--redis-url", default=None, help="share the queue and duplicate filter through Redis")
    parser.add_argument(
        "--only", nargs="+", default=None, metavar="AGENCY", help="crawl only these agencies (or hosts)"
    )
    parser.add_argument(
        "--min-year",
        type=int,
        default=titles.DEFAULT_MIN_YEAR,
        help=f"oldest report year kept (default {titles.DEFAULT_MIN_YEAR}: every year)",
    )
    parser.add_argument("--idle-timeout", type=float, default=30.0, help="Redis mode: seconds a worker waits for work")
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="override a Scrapy setting"
    )
    parser.add_argument("--quiet", action="store_true", help="Scrapy log at WARNING")
    return parser.parse_args(argv)


def build_settings(args: argparse.Namespace, run_id: str) -> Settings:
    from scrapy.settings import Settings

    from crawler.redis_idle import RedisIdleWait

    data_dir = DataDir(args.data_dir.resolve())
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("DATA_DIR", str(data_dir.root), priority="cmdline")
    settings.set("RUN_ID", run_id, priority="cmdline")
    settings.set("HTTPCACHE_DIR", str(data_dir.httpcache), priority="cmdline")
    settings.set("WARC_DIR", str(data_dir.warc), priority="cmdline")
    if args.redis_url:
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", priority="cmdline")
        settings.set("DUPEFILTER_CLASS", "crawler.dupefilter.RedisDupeFilter", priority="cmdline")
        settings.set("REDIS_URL", args.redis_url, priority="cmdline")
        settings.set("SCHEDULER_PERSIST", True, priority="cmdline")
        settings.set("SCHEDULER_FLUSH_ON_START", False, priority="cmdline")
        settings.set("SCHEDULER_QUEUE_KEY", f"{run_id}:requests", priority="cmdline")
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"{run_id}:dupefilter", priority="cmdline")
        settings.set("SCHEDULER_IDLE_BEFORE_CLOSE", 1, priority="cmdline")
        settings.set("REDIS_IDLE_TIMEOUT", args.idle_timeout, priority="cmdline")
        settings.set_in_component_priority_dict("EXTENSIONS", RedisIdleWait, 500)
    else:
        settings.set("JOBDIR", str(data_dir.job(run_id)), priority="cmdline")
    if args.quiet:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    for item in args.set:
        name, _, value = item.partition("=")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def _check_redis(url: str, run_id: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.ping()
    # Yesterday's keys must not make tonight skip everything: keys are per run and expire.
    for key in (f"{run_id}:requests", f"{run_id}:dupefilter"):
        if client.exists(key):
            client.expire(key, 3 * 86400)


def _expire_redis(url: str, run_id: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in (f"{run_id}:requests", f"{run_id}:dupefilter"):
        client.expire(key, 2 * 86400)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_id = args.run_id or new_run_id()
    try:
        sources = load_sources(args.sources, args.only)
    except (RegistryError, OSError, UnicodeDecodeError) as error:
        print(f"crawler.run: {error}", file=sys.stderr)
        return 2
    if not sources:
        print("crawler.run: no sources to crawl", file=sys.stderr)
        return 2
    data_dir = DataDir(args.data_dir.resolve())
    data_dir.make_crawl_dirs()
    if args.redis_url:
        try:
            _check_redis(args.redis_url, run_id)
        except Exception as error:  # any connection problem means the run cannot happen
            print(f"crawler.run: Redis at {args.redis_url} unreachable: {error}", file=sys.stderr)
            return 2
    running = _mark_running(data_dir, run_id, resumable=not args.redis_url)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    crawler = _crawl(args, run_id)
    running.unlink(missing_ok=True)
    if args.redis_url:
        _expire_redis(args.redis_url, run_id)
    _report(data_dir, run_id, sources, crawler, started)
    return 0


def _mark_running(data_dir: DataDir, run_id: str, resumable: bool) -> Path:
    """The run's ``.running`` marker in its job directory, there while a process crawls."""
    job_dir = data_dir.job(run_id)
    running = job_dir / ".running"
    if running.exists() and resumable:
        # The last process of this run died without closing its queue (SIGKILL, power loss):
        # its on-disk queue cannot be trusted.  Start the walk again; the fetch log keeps what
        # was archived and de-duplicates, and the HTTP cache makes the re-walk cheap.
        shutil.rmtree(job_dir / "requests.queue", ignore_errors=True)
        print(f"crawler.run: run {run_id} was not stopped cleanly; walking its sources again", file=sys.stderr)
    job_dir.mkdir(parents=True, exist_ok=True)
    running.touch()
    return running


def _crawl(args: argparse.Namespace, run_id: str) -> Crawler:
    """One CrawlerProcess running the spider to its end; the crawler, for its stats and progress."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.annual_reports import AnnualReportSpider

    process = CrawlerProcess(build_settings(args, run_id), install_root_handler=True)
    crawler = process.create_crawler(AnnualReportSpider)
    process.crawl(
        crawler,
        sources=str(Path(args.sources).resolve()),
        run_id=run_id,
        only="|".join(args.only) if args.only else None,
        known_urls=args.known_urls,
        min_year=args.min_year,
        redis_mode=bool(args.redis_url),
    )
    process.start()
    return crawler


def _report(data_dir: DataDir, run_id: str, sources: list[Source], crawler: Crawler, started: str) -> None:
    """Write the run's summary (joined with what earlier processes of the run wrote) and print it."""
    run_file = data_dir.run_summary(run_id)
    stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in (crawler.stats.get_stats() or {}).items()}
    records = read_fetch_log(data_dir.fetch_log(run_id))
    counts = summarise(records, [s.agency for s in sources])
    spider_progress: dict[str, dict[str, Any]] = getattr(crawler.spider, "progress", {}) or {}

    def owned(current: dict[str, Any]) -> dict[str, Any]:
        earlier = {
            name: {k: row.get(k) for k in ("pages", "column_url")}
            for name, row in (current.get("sources") or {}).items()
            if isinstance(row, dict)
        }
        return {
            "run_id": run_id,
            "checks": close_checks(counts, stats),
            "started_at": current.get("started_at") or started,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "finish_reason": stats.get("finish_reason"),
            "sources": with_status(counts, records, merged_progress(spider_progress, earlier)),
            "processes": int(current.get("processes") or 0) + 1,
            "stats": {k: v for k, v in stats.items() if isinstance(v, (int, float, str, bool)) or v is None},
        }

    summary = write_summary(run_file, owned)
    print(format_table(counts))
    for source, row in sorted(summary["sources"].items()):
        if row.get("status") != "ok":
            print(f"{row.get('status')}: {source}: {row.get('reason')}")
    print(f"run {run_id}: fetch log {data_dir.fetch_log(run_id)}, summary {run_file}")


if __name__ == "__main__":
    sys.exit(main())
