"""``python -m archive.serve --data-dir DIR --port P``: publish ``DIR/archive.db`` with Datasette.

Read-only and immutable (``-i`` with an inspect file: counts are computed
once, no locking, and ``/archive.db`` can be downloaded whole), facet
suggestions off (they dominate page time on big tables), metadata generated
from the schema and the cell registry (``archive.metadata``), and the
project's plugins (``archive/datasette_plugins``: Chinese search, archived
copies at ``/-/blob/<sha256>``).  Writes nothing into DIR: the metadata and
the inspect file live in a temporary directory removed on exit.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rawarchive import DataDir

REPO = Path(__file__).resolve().parents[1]
PLUGINS_DIR = Path(__file__).resolve().parent / "datasette_plugins"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
DEMO_MARKER = ".nianbao-demo"  # written by nightly.demo into the DATA_DIR it makes

SETTINGS = {
    "suggest_facets": "off",
    "allow_download": "on",
    "truncate_cells_html": "120",  # report texts are long; the row page shows them whole
    "sql_time_limit_ms": "3000",
    "facet_time_limit_ms": "500",
    "default_page_size": "50",
}


def datasette_args(db: Path, workdir: Path, host: str, port: int) -> list[str]:
    """Write the metadata and inspect file into ``workdir``; return ``datasette serve`` arguments."""
    from datasette.cli import cli

    from archive.compact import compact_path
    from archive.compact_metadata import compact_metadata
    from archive.metadata import build_metadata

    # the compact statistics database beside the full one (archive.compact), when built
    dbs = [db] + [p for p in [compact_path(db)] if p.is_file()]
    meta = build_metadata()
    if len(dbs) > 1:
        meta["databases"].update(compact_metadata())
    metadata = workdir / "metadata.json"
    metadata.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    inspect = workdir / "inspect.json"
    cli.main(["inspect", *map(str, dbs), "--inspect-file", str(inspect)], prog_name="datasette", standalone_mode=False)
    args = [
        "serve",
        *[a for p in dbs for a in ("-i", str(p))],
        "--inspect-file",
        str(inspect),
        "--metadata",
        str(metadata),
        "--plugins-dir",
        str(PLUGINS_DIR),
        "--template-dir",
        str(TEMPLATES_DIR),
        "--cors",  # the JSON API is public: any page may fetch it
        "--host",
        host,
        "--port",
        str(port),
    ]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    return args


@dataclass(frozen=True)
class Served:
    url: str  # base address, without a trailing slash
    process: subprocess.Popen


@contextlib.contextmanager
def serving(
    data_dir: Path,
    port: int,
    *,
    log: Path | None = None,
    env: dict[str, str] | None = None,
    startup_timeout: float = 60,
) -> Iterator[Served]:
    """``python -m archive.serve`` as a child process for the length of the block, yielded once it
    answers HTTP; stopped (SIGTERM, then SIGKILL) on the way out.  Its output goes to ``log``
    (a file: a pipe nobody reads would block it) or to ours."""
    out = log.open("w") if log is not None else None
    process = subprocess.Popen(
        [sys.executable, "-m", "archive.serve", "--data-dir", str(data_dir), "--port", str(port)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT if out is not None else None,
    )
    url = f"http://127.0.0.1:{port}"
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through $http_proxy
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                direct.open(url + "/-/versions.json", timeout=2).close()
                break
            except OSError as error:
                if process.poll() is not None or time.monotonic() > deadline:
                    detail = log.read_text(encoding="utf-8", errors="replace") if log is not None else ""
                    raise RuntimeError(
                        f"archive.serve did not start (exit status {process.poll()})\n{detail}"
                    ) from error
                time.sleep(0.2)
        yield Served(url, process)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if out is not None:
            out.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m archive.serve", description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--port", type=int, default=8001)
    p.add_argument("--host", default="127.0.0.1")
    args = p.parse_args(argv)
    db = DataDir(args.data_dir).database.resolve()
    if not db.is_file():
        print(f"{db} does not exist: run `make build DATA_DIR={args.data_dir}` first", file=sys.stderr)
        return 2
    # The plugins import `archive` and read the blob directory from the environment (metadata: $env).
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ["NIANBAO_BLOBS_DIR"] = str(DataDir(db.parent).blobs)
    if (db.parent / DEMO_MARKER).exists():
        os.environ.setdefault("NIANBAO_DEMO", "1")  # every page says the portals are simulated
    from datasette.cli import cli

    workdir = Path(tempfile.mkdtemp(prefix="nianbao-serve-"))
    try:
        serve_args = datasette_args(db, workdir, args.host, args.port)
        print(f"Serving {db}\nOpen http://{args.host}:{args.port}/archive  (Ctrl-C to stop)", flush=True)
        # uvicorn shuts down on SIGTERM and then re-raises the signal to the handler it found:
        # make that one exit normally, so the finally below removes the temporary directory.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        cli.main(serve_args, prog_name="datasette", standalone_mode=False)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
