"""`python -m nightly.parse_shard --data-dir DIR --shard i/n`: fill the parse cache for one shard of the blobs.

Parsing is the costly part of a build; spreading it over n machines means
each one parses the archived documents whose SHA-256 falls in its shard into
the parse cache (archive.parsing.ParseCache), and one machine then runs
archive.build, which finds everything parsed.  A blob's shard is
int(sha256[:8], 16) % n: even (SHA-256 is uniform) and stable across nights.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from rawarchive import DOCUMENT_KINDS, FetchLine, RawArchive


def shard_of(sha256: str, shards: int) -> int:
    return int(sha256[:8], 16) % shards


def parse_shard_spec(spec: str) -> tuple[int, int]:
    index, _, total = spec.partition("/")
    i, n = int(index), int(total)
    if not 0 <= i < n:
        raise argparse.ArgumentTypeError(f"shard must be i/n with 0 <= i < n, not {spec!r}")
    return i, n


def shard_jobs(data_dir: Path, index: int, shards: int) -> list:
    """One ParseJob per archived document in the shard (its first fetch-log line names it).  A
    flipbook report page comes with its archived page images, found as ``archive.build`` finds
    them (every address the page was archived under), so the job's cache key is the build's."""
    from archive.parsing import ParseJob, images_of, page_images

    raw = RawArchive(data_dir)
    lines = sorted(raw.fetch_lines(), key=lambda ln: (ln.get("fetched_at") or "", ln.run_id, ln.line_no))
    flipbooks = page_images(lines, raw.blob_path)
    first: dict[str, FetchLine] = {}
    urls: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        sha = line.get("sha256")
        if line.kind not in DOCUMENT_KINDS or not sha or shard_of(sha, shards) != index:
            continue
        first.setdefault(sha, line)
        urls[sha] |= {line.get("url"), line.get("final_url")} - {None}
    jobs = []
    for sha, line in first.items():
        blob = raw.blob_path(sha)
        if blob.is_file():
            images = images_of(urls[sha], flipbooks) if line.kind == "report_page" else ()
            jobs.append(ParseJob(sha, blob, line.get("filename"), line.get("final_url") or line.get("url"), images))
    return jobs


def main(argv: list[str] | None = None) -> int:
    from archive.parsing import ParseCache, parse_missing, parser_version

    p = argparse.ArgumentParser(prog="python -m nightly.parse_shard", description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--shard", type=parse_shard_spec, required=True, help="i/n: this machine's shard, 0 <= i < n")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = p.parse_args(argv)
    index, shards = a.shard
    started = time.monotonic()
    jobs = shard_jobs(a.data_dir, index, shards)
    cache = ParseCache(a.data_dir, parser_version())
    parsed = parse_missing(jobs, cache, a.workers)
    print(
        f"shard {index}/{shards}: {len(jobs)} documents, {parsed} parsed now, {len(jobs) - parsed} already cached "
        f"({time.monotonic() - started:.1f} s, cache {cache.root})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
