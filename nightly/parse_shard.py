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
from pathlib import Path

from rawarchive import DOCUMENT_KINDS, RawArchive


def shard_of(sha256: str, shards: int) -> int:
    return int(sha256[:8], 16) % shards


def parse_shard_spec(spec: str) -> tuple[int, int]:
    index, _, total = spec.partition("/")
    i, n = int(index), int(total)
    if not 0 <= i < n:
        raise argparse.ArgumentTypeError(f"shard must be i/n with 0 <= i < n, not {spec!r}")
    return i, n


def shard_jobs(data_dir: Path, index: int, shards: int) -> list:
    """One ParseJob per archived document in the shard, the job ``archive.build`` makes of it: the
    document as ``collect_documents`` gathers it (its first fetch, every address it was archived
    under), its file name or its address's last segment, and for a flipbook report page its
    archived page images; so the shard fills the very cache entry the build reads."""
    from archive.assemble import collect_documents
    from archive.parsing import job_for, page_images

    raw = RawArchive(data_dir)
    lines = list(raw.fetch_lines())
    flipbooks = page_images(lines, raw.blob_path)
    mine = [ln for ln in lines if ln.kind in DOCUMENT_KINDS and ln.get("sha256")]
    mine = [ln for ln in mine if shard_of(ln.get("sha256"), shards) == index]
    jobs = []
    for doc in collect_documents(mine).values():
        blob = raw.blob_path(doc.sha256)
        if blob.is_file():
            jobs.append(job_for(doc, blob, flipbooks))
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
