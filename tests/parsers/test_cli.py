"""``python -m parsers``: one JSON object per file, errors reported, the batch goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from parser_fixtures import SEEDS, seed_gold

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parsers", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_jsonl_keeps_order_and_reports_a_corrupt_file(tmp_path: Path) -> None:
    corrupt = tmp_path / "broken.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n\x00\x01 not really a pdf")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    seeds = [str(SEEDS / seed_gold(n)["file"]) for n in (0, 2)]
    proc = _run("--jsonl", seeds[0], str(corrupt), str(empty), seeds[1], str(tmp_path / "missing.txt"))
    assert proc.returncode != 0
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [x["file"] for x in lines] == [seeds[0], str(corrupt), str(empty), seeds[1], str(tmp_path / "missing.txt")]
    assert lines[0]["error"] is None and lines[0]["agency"] == "淄博市应急管理局"
    assert lines[1]["error"] and lines[2]["error"] == "empty file" and lines[4]["error"]
    assert lines[3]["cells"]["t3.total.total"] == 9


def test_pretty_output_and_zero_exit_when_all_read() -> None:
    proc = _run(*(str(SEEDS / seed_gold(n)["file"]) for n in range(5)))
    assert proc.returncode == 0, proc.stderr
    decoder = json.JSONDecoder()
    text, pos, reports = proc.stdout, 0, []
    while pos < len(text.rstrip()):
        obj, pos = decoder.raw_decode(text, pos)
        reports.append(obj)
        while pos < len(text) and text[pos].isspace():
            pos += 1
    assert [r["year"] for r in reports] == [2024, 2024, 2024, 2021, 2023]
    assert "\n " in proc.stdout  # indented
    keys = {
        "file",
        "format",
        "title",
        "agency",
        "year",
        "published",
        "layout",
        "layouts",
        "cells",
        "raw",
        "markers",
        "checks",
        "sections",
        "warnings",
        "error",
    }
    assert keys <= set(reports[0])
