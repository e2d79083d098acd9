"""Hostile inputs (hostile_corpus.py): one JSON object per input, in bounded time and memory,
and an error for everything that is not a report.

The corpus is generated into a temporary directory.  The batch goes through
``python -m parsers`` (each file in a bounded child); the fast inputs are also
parsed one by one in this process, where only the parser's own checks bound them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_corpus import Hostile, corpus, write_corpus

from parsers import parse_file
from parsers.isolation import Bounds, run_bounded
from parsers.limits import MiB

ROOT = Path(__file__).resolve().parents[2]
PEAK_RSS_LIMIT_MIB = 1430  # 1.5 GB
FAST = [item for item in corpus() if not item.slow]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_corpus(root)
    return root


def _meets(item: Hostile, report: dict) -> bool:
    error = report.get("error")
    if item.expect == "report":
        return error is None
    if item.expect == "error":
        return bool(error)
    return bool(error) and item.expect.lower() in error.lower()


def test_corpus_is_large_and_varied() -> None:
    items = corpus()
    assert len(items) >= 100
    assert len({item.name for item in items}) == len(items)
    assert sum(item.expect != "report" for item in items) >= 100


def test_one_batch_gives_one_line_per_input_in_order_within_bounds(hostile_dir: Path) -> None:
    items = corpus()
    paths = [str(hostile_dir / item.name) for item in items]
    # a wrapper process, so the peak RSS measured is this batch's children only
    measure = (
        "import json, resource, subprocess, sys, time; t = time.monotonic(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True); "
        "sys.stdout.buffer.write(p.stdout); "
        "print(json.dumps({'rc': p.returncode, 'seconds': time.monotonic() - t, "
        "'peak_mib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}))"
    )
    cmd = [
        sys.executable,
        "-c",
        measure,
        sys.executable,
        "-m",
        "parsers",
        "--jsonl",
        "--workers",
        "2",
        "--timeout",
        "60",
        *paths,
    ]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300)
    *report_lines, summary_line = proc.stdout.decode("utf-8").split("\n")[:-1]
    summary = json.loads(summary_line)
    reports = [json.loads(line) for line in report_lines]  # split on "\n" only: text may hold U+2028
    # in the given order; a name that is not UTF-8 comes back with "?" for its bad bytes
    assert [r["file"] for r in reports] == [p.encode("utf-8", "replace").decode("utf-8") for p in paths]
    missed = [
        (item.name, item.expect, r["error"]) for item, r in zip(items, reports, strict=True) if not _meets(item, r)
    ]
    assert not missed
    assert summary["rc"] == 1  # some inputs failed, as they must
    assert summary["peak_mib"] <= PEAK_RSS_LIMIT_MIB, summary


@pytest.mark.parametrize("item", FAST, ids=[item.name for item in FAST])
def test_each_input_alone_in_process(hostile_dir: Path, item: Hostile) -> None:
    started = time.monotonic()
    report = parse_file(hostile_dir / item.name)
    assert _meets(item, report), (item.expect, report["error"])
    assert set(report) >= {"file", "format", "layout", "cells", "error", "text"}
    json.dumps(report, ensure_ascii=False)  # one JSON object, whatever came in
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("out_of_range_cell.txt", "99999999999999999999999999999"),
        ("cell_of_5000_digits.txt", "9" * 5000),
        ("cell_of_long_decimal.txt", "9" * 30 + ".5"),
    ],
)
def test_out_of_range_number_is_kept_as_text_with_a_marker(hostile_dir: Path, name: str, printed: str) -> None:
    report = parse_file(hostile_dir / name)
    codes = [c for c, m in report["markers"].items() if m == "out_of_range"]
    assert codes, report["markers"]
    assert all(report["cells"][c] is None and report["raw"][c] == printed for c in codes)
    assert all(abs(v) < 2**63 for v in report["cells"].values() if isinstance(v, int))
    json.loads(json.dumps(report, allow_nan=False))  # strict JSON: no Infinity


def test_a_text_node_over_10_mb_is_read_not_dropped(hostile_dir: Path) -> None:
    report = parse_file(hostile_dir / "text_node_over_10MB.html")
    assert report["error"] is None
    assert "本年度收到政府信息公开申请5件" in report["text"]


# --- the bounded child itself: a hang, a memory hog and a crash each cost one outcome


def _sleep_forever() -> None:
    while True:
        time.sleep(1)


def _swallow_memory() -> int:
    hog = bytearray(4096 * MiB)
    return len(hog)


def _crash() -> None:
    os.abort()


def _fine(n: int) -> dict:
    return {"n": n}


def test_a_hang_a_memory_hog_and_a_crash_cost_one_outcome_each() -> None:
    tasks = [
        ("hang", _sleep_forever, ()),
        ("memory", _swallow_memory, ()),
        ("crash", _crash, ()),
        ("fine", _fine, (7,)),
    ]
    started = time.monotonic()
    outcomes = dict(
        run_bounded(tasks, workers=2, bounds=Bounds(seconds=2, memory_bytes=512 * MiB), start_method="fork")
    )
    assert time.monotonic() - started < 10
    assert outcomes["hang"].failure.startswith("timed out")
    assert outcomes["memory"].failure.startswith("out of memory")
    assert "crashed (SIGABRT)" in outcomes["crash"].failure
    assert outcomes["fine"].result == {"n": 7} and outcomes["fine"].failure is None
