"""Parsing archived documents in worker processes, with a cache on disk.

The cache holds one JSON file per (blob SHA-256, parser version) under
``DATA_DIR/parsed/<parser_version>/<aa>/<sha256>.json``.  The parser version
is a hash of the ``parsers`` package's source, so any change to a parser or to
the cell registry re-parses everything, and an unchanged parser parses
nothing twice.  The cache is only an accelerator: deleting it gives the same
database, parsed again.

Workers only read blobs and return report JSON; the single writer of SQLite
is the build's main process.  Each document is parsed in its own child process,
bounded in time and memory (``parsers.isolation``): a document that hangs,
swallows memory or crashes its C library costs one error row, never the run.
That error is cached like any result, so the next build retries the document
only when the parser changed (a new parser version is a new cache).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parsers.isolation import DEFAULT_BOUNDS, Bounds, run_bounded
from rawarchive import DataDir, write_atomically

log = logging.getLogger(__name__)


def parser_version() -> str:
    """A short hash of every source file of the ``parsers`` package and of ``identity`` (which
    reads the years the parser prints), and the package's declared version, if any."""
    import identity
    import parsers

    root = Path(parsers.__file__).resolve().parent
    h = hashlib.sha256(str(getattr(parsers, "__version__", "")).encode())
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    h.update(b"identity.py\0" + Path(identity.__file__).read_bytes() + b"\0")
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class ParseJob:
    sha256: str
    blob: Path
    filename: str | None
    url: str | None


class ParseCache:
    def __init__(self, data_dir: Path, version: str) -> None:
        self.version = version
        self.layout = DataDir(data_dir)
        self.root = self.layout.parsed(version)

    def path(self, sha256: str) -> Path:
        return self.layout.parsed_entry(self.version, sha256)

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def get(self, sha256: str) -> dict[str, Any] | None:
        try:
            return json.loads(self.path(sha256).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except ValueError:  # a damaged entry: removed, so the next build parses the document again
            log.warning("parse cache entry %s unreadable: removed, parsed again by the next build", self.path(sha256))
            self.path(sha256).unlink(missing_ok=True)
            return None

    def put(self, sha256: str, result: dict[str, Any]) -> None:
        # A cache entry need not survive a power cut (a damaged one is parsed again): no fsync.
        write_atomically(self.path(sha256), json.dumps(result, ensure_ascii=False, sort_keys=True), fsync=False)


def parse_one(job: ParseJob) -> dict[str, Any]:
    """Run the parser on one blob (in a worker).  A parser exception becomes the result's ``error``."""
    import parsers

    try:
        data = parsers.read_capped(job.blob)
        result = parsers.parse_bytes(data, filename=job.filename, url=job.url)
    except Exception as e:  # a bad document must not stop the build; it is recorded, not hidden
        return {"file": job.filename or job.url, "error": f"parser raised {type(e).__name__}: {e}"}
    # through JSON once, so a fresh parse and a cached one are the same object
    return json.loads(json.dumps(result, ensure_ascii=False))


def parse_missing(
    jobs: Iterable[ParseJob],
    cache: ParseCache,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
    bounds: Bounds = DEFAULT_BOUNDS,
) -> int:
    """Parse every job whose result is not cached, ``workers`` bounded children at a time;
    return how many were parsed.  A child that is killed (time, memory, a crash) leaves an
    error result, cached like any other."""
    todo = {j.sha256: j for j in jobs if not cache.has(j.sha256)}
    if not todo:
        return 0
    done = 0
    tasks = ((job.sha256, parse_one, (job,)) for job in todo.values())
    for sha256, outcome in run_bounded(tasks, workers, bounds):
        job = todo[sha256]
        if outcome.failure is not None:
            log.error("parsing %s (%s) failed: %s", sha256, job.filename or job.url, outcome.failure)
            result: dict[str, Any] = {"file": job.filename or job.url, "error": outcome.failure}
        else:
            result = outcome.result
        cache.put(sha256, result)
        done += 1
        if progress:
            progress(done, len(todo))
    return done
