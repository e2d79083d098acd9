"""`python -m nightly.run --sources CSV --data-dir DIR`: the scheduled nightly job.

1. take DATA_DIR/nightly.lock (a second run exits with EXIT_LOCKED);
2. crawl incrementally under a new run id, revisiting the report pages earlier
   runs found (`--known-urls`) so that vanished pages are logged;
3. count sources, requests, new / changed / vanished documents and record them
   in DATA_DIR/runs/<run_id>.json under "nightly";
4. build DATA_DIR/archive.db.new, check it, and swap it over archive.db;
5. print the summary (also DATA_DIR/logs/<run_id>.log) and exit non-zero when
   a scheduler should alert.

Killed at any point, the run leaves the published database and the raw
archive as they were (the crawler writes blobs and log lines atomically; the
database is only ever replaced by rename).  The next run discards the staged
file, and a crawl that never finished is absorbed into the next run's counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from identity import new_run_id
from nightly import publish, season
from nightly.accounting import Health, RunCounts, count_run, judge, read_sources, summary_text
from nightly.history import DocumentHistory, absorbed_run_ids, completed_run_ids, run_events, write_known_urls
from nightly.index import load_index
from nightly.lock import LockBusy, RunLock
from nightly.procs import child_env, python_module, run_child
from rawarchive import DataDir, read_run_summary, write_json_atomically

EXIT_OK = 0
EXIT_BAD_RUN = 1  # the pipeline ran, but the crawl looks broken: alert
EXIT_STAGE_FAILED = 3  # crawl or build failed; the previous database stays published
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock

# Fault injection for the kill tests: the run stops here (and waits to be killed).
HOLD_ENV = "NIANBAO_NIGHTLY_HOLD"


@dataclass
class Options:
    sources: Path
    data_dir: Path
    run_id: str | None = None
    min_report_ratio: float = 0.5
    only_due: bool = False
    redis_url: str | None = None
    idle_timeout: float = 60.0  # Redis mode: this worker waits longest, so the others are done when it counts
    crawler_args: list[str] = field(default_factory=list)
    today: dt.date | None = None


@dataclass
class _Night:
    """What tonight's run knows before it crawls."""

    history: DocumentHistory
    absorbed: list[str]
    previous: dict[str, Any] | None
    sources: list[dict[str, str]] = field(default_factory=list)
    sources_csv: Path | None = None  # None: nothing due tonight
    n_known: int = 0


@dataclass
class Outcome:
    exit_code: int
    run_id: str
    counts: RunCounts | None = None
    published: bool = False
    summary: str = ""
    tables: dict[str, int] = field(default_factory=dict)


class NightlyRun:
    def __init__(self, options: Options, say: Callable[[str], None] = print) -> None:
        self.o = options
        self.data_dir = options.data_dir.resolve()
        self.layout = DataDir(self.data_dir)
        self.say = say
        self.run_id = options.run_id or new_run_id()
        self.timings: dict[str, float] = {}
        self.log_path = self.layout.log(f"{self.run_id}.log")
        self.lock_fd: int | None = None

    # -- bookkeeping -------------------------------------------------------------------
    def stage(self, name: str) -> None:
        write_json_atomically(
            self.layout.nightly_state,
            {"run_id": self.run_id, "stage": name, "pid": os.getpid(), "at": dt.datetime.now(dt.UTC).isoformat()},
        )
        if os.environ.get(HOLD_ENV) == name:
            self.layout.nightly_hold(name).touch()
            while True:  # wait to be killed
                time.sleep(3600)

    def note(self, text: str) -> None:
        self.say(text)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(text + "\n")

    def timed(self, name: str, started: float) -> None:
        self.timings[name] = time.monotonic() - started

    # -- stages --------------------------------------------------------------------------
    def crawl(self, sources_csv: Path, known_urls: Path) -> int:
        argv = python_module(
            "crawler.run",
            "--sources",
            str(sources_csv),
            "--data-dir",
            str(self.data_dir),
            "--run-id",
            self.run_id,
            "--known-urls",
            str(known_urls),
        )
        if self.o.redis_url:
            argv += ["--redis-url", self.o.redis_url, "--idle-timeout", str(self.o.idle_timeout)]
        argv += self.o.crawler_args
        log_file = self.layout.fetch_log(self.run_id)
        seen = {"offset": 0, "lines": 0, "shown": -1}

        def progress() -> None:
            # Count only the lines appended since the last tick: the log of a national crawl is long.
            try:
                with open(log_file, "rb") as log:
                    log.seek(seen["offset"])
                    chunk = log.read()
            except FileNotFoundError:
                chunk = b""
            seen["offset"] += len(chunk)
            seen["lines"] += chunk.count(b"\n")
            if seen["lines"] != seen["shown"]:
                self.say(f"  crawling… {seen['lines']} documents and events logged")
                seen["shown"] = seen["lines"]

        return run_child(
            argv,
            log_path=self.layout.log(f"{self.run_id}.crawl.log"),
            env=child_env(),
            pass_fds=[self.lock_fd] if self.lock_fd is not None else [],
            on_tick=progress,
        )

    def parse(self) -> int:
        argv = python_module("nightly.parse_shard", "--data-dir", str(self.data_dir), "--shard", "0/1")
        return run_child(
            argv,
            log_path=self.layout.log(f"{self.run_id}.build.log"),
            env=child_env(),
            pass_fds=[self.lock_fd] if self.lock_fd is not None else [],
            on_tick=lambda: self.say("  parsing…"),
            tick_seconds=10,
        )

    def build(self) -> int:
        argv = python_module(
            "archive.build", "--data-dir", str(self.data_dir), "--out", str(publish.staging_path(self.data_dir))
        )
        return run_child(
            argv,
            log_path=self.layout.log(f"{self.run_id}.build.log"),
            env=child_env(),
            pass_fds=[self.lock_fd] if self.lock_fd is not None else [],
            on_tick=lambda: self.say("  building…"),
            tick_seconds=10,
        )

    # -- the run ---------------------------------------------------------------------------
    def run(self) -> Outcome:
        try:
            lock = RunLock(self.data_dir).acquire()
        except LockBusy as busy:
            print(f"nightly: not starting: {busy}", file=sys.stderr, flush=True)
            return Outcome(EXIT_LOCKED, self.run_id)
        self.lock_fd = lock.fd
        try:
            return self._run_locked()
        except Exception as exc:  # a scheduler needs an exit code and a message, not only a traceback
            self.note(f"nightly run {self.run_id} FAILED: {type(exc).__name__}: {exc}")
            with open(self.log_path, "a", encoding="utf-8") as log:
                traceback.print_exc(file=log)
            return Outcome(EXIT_STAGE_FAILED, self.run_id, summary=str(exc))
        finally:
            lock.release()

    def _run_locked(self) -> Outcome:
        night = self._prepare()
        if night.sources_csv is None:
            self.note("  nothing to crawl tonight; the published database stays as it is")
            self.stage("done")
            return Outcome(EXIT_OK, self.run_id, summary="nothing due")
        known_urls = self.layout.nightly_file(f"{self.run_id}.known-urls.jsonl")
        night.n_known = write_known_urls(known_urls, night.history)
        self.note(f"  crawling {len(night.sources)} sources; revisiting {night.n_known} known report pages")

        self.stage("crawl")
        started = time.monotonic()
        crawl_exit = self.crawl(night.sources_csv, known_urls)
        self.timed("crawl", started)
        crawl_summary = read_run_summary(self.data_dir, self.run_id)
        if crawl_exit != 0 or crawl_summary is None:
            self.note(
                f"  crawl FAILED (exit {crawl_exit}; see logs/{self.run_id}.crawl.log)"
                "; the published database is unchanged"
            )
            return Outcome(EXIT_STAGE_FAILED, self.run_id, summary=f"crawl failed (exit {crawl_exit})")

        self.stage("account")
        counts, health, record = self._account(night, crawl_summary)
        self._parse_and_date(night.sources)
        published, tables = self._build_and_publish()
        record.update(published=published, timings=dict(self.timings), tables=tables)
        self._record(read_run_summary(self.data_dir, self.run_id) or crawl_summary, record)
        self.stage("done")

        text = summary_text(counts, health, published, self.timings)
        if tables:
            text += "\n  tables     " + ", ".join(f"{t} {n}" for t, n in tables.items())
        self.note(text)
        code = EXIT_STAGE_FAILED if not published else (EXIT_OK if health.ok else EXIT_BAD_RUN)
        return Outcome(code, self.run_id, counts, published, text, tables)

    def _prepare(self) -> _Night:
        """Discard a half-built database, read what earlier runs left, choose tonight's sources."""
        d = self.data_dir
        self.note(f"nightly run {self.run_id} on {d}")
        if publish.discard_staging(d):
            self.note("  discarded a half-built database left by an interrupted run")
        self.stage("prepare")
        last_completed = (completed_run_ids(d, before=self.run_id) or [None])[-1]
        night = _Night(
            history=load_index(d, self.run_id).history,
            absorbed=absorbed_run_ids(d, self.run_id),
            previous=read_run_summary(d, last_completed) if last_completed else None,
        )
        if night.absorbed:
            self.note(
                f"  unfinished earlier crawl(s) {', '.join(night.absorbed)}: their documents are counted in this run"
            )
        if night.previous and "nightly" in night.previous and not night.previous["nightly"].get("published"):
            self.note(f"  run {last_completed} did not publish its database: this run publishes it")
        night.sources = read_sources(self.o.sources)
        night.sources_csv = self.o.sources
        if self.o.only_due:
            self._only_due(night)
        return night

    def _only_due(self, night: _Night) -> None:
        """Narrow tonight's sources to those the season calendar says are due (none: no crawl)."""
        today = self.o.today or dt.datetime.now(dt.UTC).date()
        due = season.due_sources(self.data_dir, night.sources, today)
        sources_csv = self.layout.nightly_file(f"{self.run_id}.sources.csv")
        season.write_sources_csv(sources_csv, due, self.o.sources)
        self.note(f"  season: {len(due)} of {len(night.sources)} sources are due tonight")
        night.sources, night.sources_csv = due, sources_csv if due else None

    def _account(self, night: _Night, crawl_summary: dict[str, Any]) -> tuple[RunCounts, Health, dict[str, Any]]:
        """Count the run (absorbed unfinished crawls included), judge it, and record both."""
        d = self.data_dir
        events = [e for r in night.absorbed for e in run_events(d, r)] + run_events(d, self.run_id)
        counts = count_run(self.run_id, events, night.history, night.sources, crawl_summary)
        health = judge(counts, (night.previous or {}).get("nightly"), self.o.min_report_ratio)
        record: dict[str, Any] = {
            **counts.as_dict(),
            "ok": health.ok,
            "problems": health.problems,
            "absorbed_runs": night.absorbed,
            "known_urls": night.n_known,
            "published": None,
            "timings": dict(self.timings),
        }
        self._record(crawl_summary, record)
        return counts, health, record

    def _parse_and_date(self, sources: list[dict[str, str]]) -> None:
        """Parse what is new into the build's parse cache first: the season file then knows
        tonight's reports' printed dates, and the build finds everything parsed."""
        self.stage("parse")
        started = time.monotonic()
        parse_exit = self.parse()
        self.timed("parse", started)
        if parse_exit != 0:
            self.note(f"  parsing FAILED (exit {parse_exit}); the build parses what is missing")
        try:
            season.write_season_file(self.data_dir, self.o.today or dt.datetime.now(dt.UTC).date(), sources)
        except Exception as exc:  # the calendar is a by-product: it must not stop the publication
            self.note(f"  season file not updated: {type(exc).__name__}: {exc}")

    def _build_and_publish(self) -> tuple[bool, dict[str, int]]:
        """Build beside the published database, check it, swap it in; (published?, table counts)."""
        self.stage("build")
        started = time.monotonic()
        build_exit = self.build()
        self.timed("build", started)
        if build_exit != 0:
            self.note(
                f"  build FAILED (exit {build_exit}; see logs/{self.run_id}.build.log)"
                "; the published database is unchanged"
            )
            return False, {}
        try:
            tables = publish.check_database(publish.staging_path(self.data_dir))
            self.stage("swap")
            publish.swap_in(self.data_dir)
            return True, tables
        except publish.BuildRejected as rejected:
            self.note(f"  built database REJECTED: {rejected}; the published database is unchanged")
            return False, {}

    def _record(self, crawl_summary: dict[str, Any], record: dict[str, Any]) -> None:
        write_json_atomically(self.layout.run_summary(self.run_id), {**crawl_summary, "nightly": record})


def parse_args(argv: list[str] | None) -> Options:
    p = argparse.ArgumentParser(prog="python -m nightly.run", description=__doc__.split("\n")[0])
    p.add_argument("--sources", type=Path, required=True, help="registry CSV (agency,url,…)")
    p.add_argument("--data-dir", type=Path, required=True, help="the raw archive; archive.db is published here")
    p.add_argument("--run-id", help="default: the UTC start time YYYYMMDDTHHMMSSZ")
    p.add_argument(
        "--min-report-ratio",
        type=float,
        default=0.5,
        help="alert when fewer report pages than this share of the last run's are seen (default 0.5)",
    )
    p.add_argument(
        "--only-due",
        action="store_true",
        help="crawl only the sources the season calendar says are due (see nightly.season)",
    )
    p.add_argument("--redis-url", help="share the crawl with other workers (scrapy-redis)")
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=60.0,
        help="with --redis-url: seconds this worker waits on an empty queue before counting (default 60)",
    )
    p.add_argument(
        "--crawl-setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for the crawler (repeatable), e.g. DOWNLOAD_DELAY=0.5",
    )
    p.add_argument("--today", type=dt.date.fromisoformat, help="the date for the season calendar (default: today, UTC)")
    a = p.parse_args(argv)
    return Options(
        sources=a.sources,
        data_dir=a.data_dir,
        run_id=a.run_id,
        min_report_ratio=a.min_report_ratio,
        only_due=a.only_due,
        redis_url=a.redis_url,
        idle_timeout=a.idle_timeout,
        today=a.today,
        crawler_args=[arg for setting in a.crawl_setting for arg in ("-s", setting)],
    )


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    outcome = NightlyRun(options, say=lambda s: print(s, flush=True)).run()
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
