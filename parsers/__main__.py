"""``python -m parsers FILE...``: one report JSON object per file.

Pretty-printed by default, one object per line with ``--jsonl``, always in
the order given.  A file that cannot be read as a report yields an object
with ``error`` set and the batch goes on; the exit status is non-zero when
some file failed.  Each file is parsed in a child process bounded in time and
memory (``parsers.isolation``): a hostile file costs its own line, never the batch.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import encodable
from .isolation import Bounds, parse_file_task, report_of, run_bounded
from .limits import DOCUMENT_MEMORY_BYTES, DOCUMENT_SECONDS, MiB


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parsers", description="Parse annual reports into report JSON.")
    ap.add_argument("files", nargs="+", metavar="FILE")
    ap.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    ap.add_argument("--workers", type=int, default=1, help="files parsed at once (output stays in order)")
    ap.add_argument("--timeout", type=float, default=DOCUMENT_SECONDS, help="seconds per file before it is killed")
    ap.add_argument("--memory-mib", type=int, default=DOCUMENT_MEMORY_BYTES // MiB, help="address space per file")
    args = ap.parse_args(argv)
    bounds = Bounds(seconds=args.timeout, memory_bytes=args.memory_mib * MiB)
    tasks = ((i, parse_file_task, (path,)) for i, path in enumerate(args.files))
    failed, waiting, next_out = 0, {}, 0
    for index, outcome in run_bounded(tasks, args.workers, bounds, start_method="fork"):
        waiting[index] = report_of(args.files[index], outcome)
        while next_out in waiting:  # in the order given, whatever order the children end in
            report = waiting.pop(next_out)
            report["file"] = args.files[next_out]
            report = encodable(report)  # a file name that is not UTF-8 must not stop the batch
            next_out += 1
            if report.get("error"):
                failed += 1
            indent = None if args.jsonl else 1
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=indent) + "\n")
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
