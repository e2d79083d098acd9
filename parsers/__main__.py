"""``python -m parsers FILE...``: one report JSON object per file.

Pretty-printed by default, one object per line with ``--jsonl``, always in
the order given.  A file that cannot be read as a report yields an object
with ``error`` set and the batch goes on; the exit status is non-zero when
some file failed.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import parse_file


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m parsers", description="Parse annual reports into report JSON.")
    ap.add_argument("files", nargs="+", metavar="FILE")
    ap.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    args = ap.parse_args(argv)
    failed = 0
    for path in args.files:
        report = parse_file(path)
        report["file"] = path
        if report.get("error"):
            failed += 1
        if args.jsonl:
            sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
