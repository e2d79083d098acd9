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

A flipbook report page (a report published as page images, ``crawler.pageimages``) is parsed
with its archived page images (``page_image`` lines whose ``page_url`` is the page), handed to
the parser by absolute URL; its cache key names the images too, so the night that brings a
page's images parses the page again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parsers.isolation import DEFAULT_BOUNDS, Bounds, run_bounded

if TYPE_CHECKING:
    from archive.assemble import Doc
from parsers.limits import MiB
from rawarchive import PART_KINDS, DataDir, FetchLine, write_atomically

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


# The page images of one page read together at most: past it, the rest are not handed over
# (a flipbook of 80 pages of 2 MB is 160 MB; the parse is bounded at 1400 MiB).
MAX_PAGE_IMAGE_BYTES = 400 * MiB

PageImages = tuple[tuple[str, Path], ...]  # (absolute image URL, its blob), by URL


@dataclass(frozen=True)
class ParseJob:
    sha256: str
    blob: Path
    filename: str | None
    url: str | None
    images: PageImages = ()  # a flipbook report page's archived page images

    @property
    def key(self) -> str:
        """The parse cache's key: the document's SHA-256, followed for a page with page images
        by a hash of their URLs and contents (blobs are named by their SHA-256)."""
        if not self.images:
            return self.sha256
        listing = "".join(f"{url}\0{blob.name}\n" for url, blob in self.images)
        return f"{self.sha256}-{hashlib.sha256(listing.encode()).hexdigest()[:16]}"


def job_for(doc: Doc, blob: Path, flipbooks: dict[str, dict[str, Path]]) -> ParseJob:
    """The one parse job of an archived document, as ``archive.build`` and the scale-out shards
    (``nightly.parse_shard``) both make it, so either fills the cache entry the other reads: its
    file name (from the fetch log, else its address's last segment), its address, and for a
    flipbook report page its archived page images."""
    name = doc.filename or _last_segment(doc.where)
    images = images_of(doc.urls, flipbooks) if doc.kind == "report_page" else ()
    return ParseJob(doc.sha256, blob, name, doc.where, images)


def _last_segment(url: str | None) -> str | None:
    if not url:
        return None
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or None


def page_images(lines: Iterable[FetchLine], blob_of: Callable[[str], Path]) -> dict[str, dict[str, Path]]:
    """Every flipbook report page's archived page images: page URL → {image URL: blob}, the latest
    bytes of each image (by fetch time) whose blob is on disk, under its URL as asked and as
    answered (after redirects)."""
    found: dict[str, dict[str, Path]] = defaultdict(dict)
    parts = [ln for ln in lines if ln.kind in PART_KINDS and ln.get("sha256") and ln.get("page_url")]
    for line in sorted(parts, key=lambda ln: (ln.get("fetched_at") or "", ln.run_id, ln.line_no)):
        page = line.get("page_url")
        blob = blob_of(line.get("sha256"))
        if blob.is_file():
            for url in {line.get("url"), line.get("final_url")} - {None}:
                found[page][url] = blob
    return found


def images_of(page_urls: Iterable[str], found: dict[str, dict[str, Path]]) -> PageImages:
    """The page images shown by a page archived under any of ``page_urls``, by URL."""
    images: dict[str, Path] = {}
    for url in sorted(page_urls):
        images.update(found.get(url, {}))
    return tuple(sorted(images.items()))


class ParseCache:
    def __init__(self, data_dir: Path, version: str) -> None:
        self.version = version
        self.layout = DataDir(data_dir)
        self.root = self.layout.parsed(version)
        # a document's SHA-256 → its job's key, for the documents parsed with page images
        self.keys: dict[str, str] = {}

    def remember(self, job: ParseJob) -> None:
        """From now on a document's SHA-256 names its job's entry (its page images included)."""
        if job.key != job.sha256:
            self.keys[job.sha256] = job.key

    def path(self, key: str) -> Path:
        """``key``: a ``ParseJob.key``, or a document's SHA-256 (its remembered job's entry)."""
        return self.layout.parsed_entry(self.version, self.keys.get(key, key))

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
        images = _read_images(job.images)
        result = parsers.parse_bytes(data, filename=job.filename, url=job.url, images=images or None)
    except Exception as e:  # a bad document must not stop the build; it is recorded, not hidden
        return {"file": job.filename or job.url, "error": f"parser raised {type(e).__name__}: {e}"}
    # through JSON once, so a fresh parse and a cached one are the same object
    return json.loads(json.dumps(result, ensure_ascii=False))


def _read_images(images: PageImages) -> dict[str, bytes]:
    """The page images' bytes by URL, up to ``MAX_PAGE_IMAGE_BYTES`` together."""
    import parsers

    out: dict[str, bytes] = {}
    total = 0
    for url, blob in images:
        total += blob.stat().st_size
        if total > MAX_PAGE_IMAGE_BYTES:
            log.warning("page images past %d MiB: the rest of the page's are not read", MAX_PAGE_IMAGE_BYTES // MiB)
            break
        out[url] = parsers.read_capped(blob)
    return out


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
    todo = {}
    for job in jobs:
        cache.remember(job)
        if not cache.has(job.key):
            todo[job.sha256] = job
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
        cache.put(job.key, result)
        done += 1
        if progress:
            progress(done, len(todo))
    return done
