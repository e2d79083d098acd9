"""Excerpts of real pages (tests/parsers/files/) in the pipe renderings format-spec §4.2 item 7 lists.

Each file keeps the page's table text as the page's text extraction rendered it; the excerpts stop
inside table 3, so only the rows they hold are checked.
"""

from __future__ import annotations

from pathlib import Path

from parsers import parse_file

FILES = Path(__file__).resolve().parent / "files"

T2_ZERO = {
    "t2.rules.issued": 0,
    "t2.rules.repealed": 0,
    "t2.rules.in_force": 0,
    "t2.normative.issued": 0,
    "t2.normative.repealed": 0,
    "t2.normative.in_force": 0,
    "t2.licensing.decisions": 0,
    "t2.punishment.decisions": 0,
    "t2.coercion.decisions": 0,
    "t2.fees.amount": 0,
}


def _cells(name: str, prefix: tuple[str, ...]) -> dict:
    report = parse_file(FILES / name)
    assert report["layouts"]["t2"] == "2021" and report["layouts"]["t3"] == "2021"
    return {k: v for k, v in report["cells"].items() if k.startswith(prefix)}


def test_cell_per_line_with_closing_pipes_and_padding() -> None:
    # 长春 2023 style: "规章 |", "|" for an empty cell, "||"/"|||" colspan padding, no row marks
    cells = _cells("cell_pipes_changchun_2022_excerpt.txt", ("t2.", "t3.new.", "t3.granted."))
    assert {k: v for k, v in cells.items() if k.startswith("t2.")} == T2_ZERO
    assert cells["t3.new.natural"] == 56 and cells["t3.new.total"] == 56 and cells["t3.new.commercial"] is None
    assert cells["t3.granted.natural"] == 18 and cells["t3.granted.total"] is None


def test_line_break_after_every_pipe() -> None:
    # 汉阳 2022 style: a row's opening "|" alone on a line, padding after the last cell
    cells = _cells("split_pipes_hanyang_2022_excerpt.txt", ("t2.", "t3.new."))
    assert (cells["t2.rules.issued"], cells["t2.rules.repealed"], cells["t2.rules.in_force"]) == (0, 0, None)
    assert (cells["t2.normative.issued"], cells["t2.normative.repealed"], cells["t2.normative.in_force"]) == (5, 12, 8)
    assert cells["t3.new.natural"] == 8 and cells["t3.new.total"] == 8 and cells["t3.new.legal"] == 0


def test_pipe_rows_without_a_leading_pipe() -> None:
    # 杨凌 2022 style: "规章 | 0 | 0 | 0 |", "第二十条第(五)项 | |||"
    cells = _cells("pipe_rows_yangling_2022_excerpt.txt", ("t2.", "t3.new."))
    assert {k: v for k, v in cells.items() if k.startswith("t2.")} == T2_ZERO
    assert all(v == 0 for k, v in cells.items() if k.startswith("t3.new."))
