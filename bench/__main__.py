"""`python -m bench [parsers|ocr|ocr_real|ocr_shapes|accuracy|crawl|archive|archive_scale ...]`: \
run the benchmarks, each printing its figures.

Each module exposes `run() -> None`.  A failing benchmark is reported and
the others still run; the exit status says whether all of them ran.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback

BENCHMARKS = ["parsers", "ocr", "ocr_real", "ocr_shapes", "accuracy", "crawl", "archive", "archive_scale"]


def main(argv: list[str]) -> int:
    names = argv or BENCHMARKS
    failed: list[str] = []
    for name in names:
        print(f"\n=== bench.{name} ===", flush=True)
        started = time.perf_counter()
        try:
            importlib.import_module(f"bench.{name}").run()
        except Exception:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            failed.append(name)
        print(f"(bench.{name}: {time.perf_counter() - started:.1f} s)", flush=True)
    if failed:
        print(f"\nbenchmarks that failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
