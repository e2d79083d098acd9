"""`python -m nightly.demo [--port P] [--no-serve]`: the whole job on the simulated portal farm.

Starts a small farm (a few dozen agencies across the CMS families, reports as
HTML pages and PDF/DOCX/DOC attachments), runs the nightly pipeline on it
from an empty DATA_DIR (./data/demo, wiped first), then serves the published
database with Datasette until Ctrl-C.  `--no-serve` stops after the build and
prints the counts (tests, CI).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from nightly.procs import child_env
from nightly.publish import published_path
from nightly.run import EXIT_OK, NightlyRun, Options, Outcome
from rawarchive import DataDir

DEMO_MARKER = ".nianbao-demo"
DEFAULT_SIZE = 30
DEFAULT_SEED = 2026


def say(text: str) -> None:
    print(text, flush=True)


def fresh_data_dir(path: Path) -> Path:
    """Empty the demo's DATA_DIR, but only a directory the demo made (never someone's real archive)."""
    path = path.resolve()
    if path.exists() and any(path.iterdir()):
        if not (path / DEMO_MARKER).exists():
            raise SystemExit(f"{path} is not empty and was not made by the demo; choose another --data-dir")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / DEMO_MARKER).write_text("made by python -m nightly.demo; wiped at each demo start\n")
    return path


def database_counts(db_path: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'"
            )
        ]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
    finally:
        db.close()


def serve(data_dir: Path, port: int) -> int:
    """Serve DATA_DIR/archive.db with archive.serve until Ctrl-C."""
    from archive.serve import serving

    # Ctrl-C must stop it even when started from a background job, which inherits SIGINT ignored
    # (and Python then installs no KeyboardInterrupt handler of its own).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        # NIANBAO_DEMO: every page carries the "simulated portals" banner (archive.serve also sees the marker)
        with serving(data_dir, port, env={**child_env(), "NIANBAO_DEMO": "1"}) as server:
            say(f"\nThe archive is served at {server.url}/  (Ctrl-C to stop)")
            say(f"Its data lives in {data_dir}; the next demo run wipes and replaces it.")
            return server.process.wait()
    except RuntimeError as error:
        say(str(error))
        return 1
    except KeyboardInterrupt:
        say("stopped")
        return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m nightly.demo", description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=8001)
    p.add_argument("--data-dir", type=Path, default=Path("data/demo"))
    p.add_argument("--size", type=int, default=DEFAULT_SIZE, help=f"agencies in the farm (default {DEFAULT_SIZE})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument(
        "--farm-cache",
        type=Path,
        default=Path("data/farm-cache"),
        help="rendered PDF/DOC documents of the farm, kept between demos (LibreOffice is slow)",
    )
    p.add_argument("--no-serve", action="store_true", help="exit after the build, printing the counts")
    return p.parse_args(argv)


@contextlib.contextmanager
def through_proxy(proxy_url: str) -> Iterator[None]:
    """The crawler reaches the farm's invented hostnames through the farm's proxy (for this run
    only: the proxy is gone once the farm stops)."""
    proxy_names = ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY")
    saved = {name: os.environ.get(name) for name in proxy_names}
    os.environ["http_proxy"] = os.environ["HTTP_PROXY"] = proxy_url
    for name in ("no_proxy", "NO_PROXY"):
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_on_farm(args: argparse.Namespace, data_dir: Path) -> Outcome:
    """Start the farm, and run the nightly job on it."""
    import farm  # the simulated portals: test and demo infrastructure only

    with tempfile.TemporaryDirectory(prefix="nianbao-farm-") as state_dir:
        args.farm_cache.mkdir(parents=True, exist_ok=True)
        say("  starting the farm (rendering its PDF and Word documents the first time takes a minute or two)…")
        # slow_seconds: the farm's deliberately slow hosts answer after a second, not a minute, in the demo.
        with farm.running(
            Path(state_dir), seed=args.seed, size=args.size, cache_dir=args.farm_cache, slow_seconds=1.0
        ) as portals:
            manifest = portals.load_manifest()["farm"]["counts"]
            say(
                f"  farm running: {manifest['hosts']} hosts, {manifest['reports']} reports "
                f"({manifest['reachable']} reachable by a polite crawler), {manifest['noise']} noise pages"
            )
            say(f"  farm running behind proxy {portals.proxy_url}")
            # Polite to the farm as to a real portal, but not a second per request: its rate limit bans
            # a client after 5 requests within a second on one host; 0.3 s keeps clear of it.
            fast = ["DOWNLOAD_DELAY=0.3", "AUTOTHROTTLE_START_DELAY=0.3"]
            options = Options(
                sources=Path(portals.sources_csv),
                data_dir=data_dir,
                min_report_ratio=0.0,
                crawler_args=[a for setting in fast for a in ("-s", setting)],
            )
            with through_proxy(portals.proxy_url):
                return NightlyRun(options, say=say).run()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    data_dir = fresh_data_dir(args.data_dir)
    say(f"nianbao demo: a simulated portal farm of about {args.size} agencies → {data_dir}")
    outcome = run_on_farm(args, data_dir)
    say(f"\ndemo pipeline finished in {time.monotonic() - started:.0f} s (exit {outcome.exit_code})")
    db = published_path(data_dir)
    if not db.exists():
        say("no database was published; see the logs in " + str(DataDir(data_dir).logs))
        return outcome.exit_code or 1
    counts = database_counts(db)
    say("archive.db: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    if args.no_serve:
        return EXIT_OK if outcome.published else outcome.exit_code
    return serve(data_dir, args.port)


if __name__ == "__main__":
    sys.exit(main())
