"""pandoc's plain-text tables: the dashed rules (simple/multiline) and the +---+ borders (grid) give the
columns, so a blank cell keeps its place and a wrapped cell is one cell again."""

from __future__ import annotations

import json
from pathlib import Path

from parsers.document import Table
from parsers.formats.text import parse_text

RENDERINGS = Path(__file__).resolve().parent / "renderings"


def test_simple_table_keeps_blank_cells_in_place() -> None:
    # column starts at display columns 0, 12, 17, 22 (a CJK character is two columns wide)
    text = (
        "  ---------- ---- ---- ----\n  行政许可   3         7\n  行政处罚        5    \n  ---------- ---- ---- ----\n"
    )
    tables = [b for b in parse_text(text).blocks if isinstance(b, Table)]
    assert tables and tables[0].rows == [["行政许可", "3", "", "7"], ["行政处罚", "", "5", ""]]


def test_grid_table_rejoins_wrapped_cells() -> None:
    text = (
        "+-------------+------+------+\n"
        "| 其他对外管  | 0    |      |\n"
        "| 理服务事项  |      |      |\n"
        "+-------------+------+------+\n"
        "| 行政处罚    | 2    | 5    |\n"
        "+-------------+------+------+\n"
    )
    tables = [b for b in parse_text(text).blocks if isinstance(b, Table)]
    assert tables and tables[0].rows == [["其他对外管理服务事项", "0", ""], ["行政处罚", "2", "5"]]


def test_pandoc_rendering_of_a_2019_page_reads_blank_cells_by_column() -> None:
    from parsers import parse_file

    path = RENDERINGS / "pandoc-html-plain" / "shanghai_shizhengfu_bangongting_2019.txt"
    report = parse_file(path)
    expected = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
    for code in (
        "t2.other_services.decisions",
        "t2.procurement.amount",
        "t3.new.natural",
        "t3.new.legal",
        "t3.unavailable.not_held.commercial",
        "t3.total.total",
    ):
        assert report["cells"][code] == expected["cells"][code], code
