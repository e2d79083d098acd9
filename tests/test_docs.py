"""The documentation is kept equal to the code (in the manner of sqlite-utils' tests/test_docs.py):
DESIGN.md's key tables against what the code produces, README's command table against the Makefile."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import parsers
from rawarchive import FETCH_RECORD_KEYS

ROOT = Path(__file__).resolve().parent.parent
DESIGN = (ROOT / "DESIGN.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def table_after(text: str, heading: str) -> list[list[str]]:
    """The rows (cells as text) of the first Markdown table after a line starting with ``heading``."""
    start = next(i for i, line in enumerate(text.splitlines()) if line.startswith(heading))
    rows: list[list[str]] = []
    for line in text.splitlines()[start + 1 :]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                rows.append(cells)
        elif rows:
            break
    return rows[1:]  # without the header row


def keys_in(cell: str) -> list[str]:
    """`url`, `final_url` → ["url", "final_url"]."""
    return re.findall(r"`([^`]+)`", cell)


def test_report_json_table_is_what_parse_bytes_returns() -> None:
    rows = table_after(DESIGN, "## The report JSON")
    documented = {key for row in rows for key in keys_in(row[0])}
    optional = {key for row in rows if "only when" in row[-1] for key in keys_in(row[0])}
    seed = sorted((ROOT / "tests" / "seeds").glob("*.txt"))[0]
    report = parsers.parse_bytes(seed.read_bytes(), filename=seed.name)
    assert set(report) <= documented
    assert documented - set(report) <= optional
    failed = parsers.parse_bytes(b"\x00\x01 not a report", filename="x.bin")
    assert set(failed) <= documented


def test_fetch_record_table_is_the_typed_fetch_record() -> None:
    rows = table_after(DESIGN, "A fetch-log line")
    documented = [key for row in rows for key in keys_in(row[0])]
    assert sorted(documented) == sorted(FETCH_RECORD_KEYS)
    assert len(documented) == len(set(documented))


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9_-]*):", MAKEFILE, re.MULTILINE))


def readme_targets() -> set[str]:
    rows = table_after(README, "## The commands")
    return {m.group(1) for row in rows if (m := re.match(r"`make ([a-z][a-z0-9_-]*)", row[0]))}


@pytest.mark.parametrize("target", sorted(make_targets()))
def test_make_target_is_in_readme(target: str) -> None:
    assert target in readme_targets()


def test_readme_names_only_make_targets() -> None:
    assert readme_targets() <= make_targets()


def test_where_a_change_goes_names_files_that_exist() -> None:
    """DESIGN.md's "Where a change goes": every named file or folder exists (templates aside),
    and no change needs more than three files."""
    rows = table_after(DESIGN, "## Where a change goes")
    assert len(rows) >= 6
    for change, files in rows:
        paths = [p for p in keys_in(files) if "/" in p or p.endswith((".py", ".csv"))]
        assert paths, change
        assert len({p for p in paths if "<" in p or p.endswith((".py", ".csv", ".sql"))}) <= 3, change
        for path in paths:
            if "<" in path:  # a template: its folder exists
                path = path.rsplit("/", 1)[0]
            assert (ROOT / path).exists(), f"{change}: {path}"
