"""Every text rendering of the tables real extractions produce reads to the same cells."""

from __future__ import annotations

import pytest
from parser_compare import differences
from parser_fixtures import (
    full_report,
    render_bars,
    render_cell_pipes,
    render_cells_per_line,
    render_markdown,
    render_pipes,
    render_spaces,
    render_split_pipes,
    render_tabs,
    seed_gold,
    seed_text,
    synthetic_values,
)

from parsers import parse_bytes
from parsers.document import Table
from parsers.formats.text import parse_text

RENDERINGS = {
    "pipes": render_pipes,
    "markdown": render_markdown,
    "bars": render_bars,
    "tabs": render_tabs,
    "cells_per_line": render_cells_per_line,
    "spaces": render_spaces,
    "cell_pipes": render_cell_pipes,
    "split_pipes": render_split_pipes,
}


def _values(layout: str) -> dict:
    return dict(seed_gold(0)["cells"]) if layout == "2021" else synthetic_values("2019")


@pytest.mark.parametrize("layout", ["2021", "2019"])
@pytest.mark.parametrize("rendering", list(RENDERINGS))
def test_rendering_reads_every_cell(rendering: str, layout: str) -> None:
    values = _values(layout)
    text = full_report(RENDERINGS[rendering], layout, values)
    report = parse_bytes(text.encode("utf-8"), filename="report.txt")
    expected = {"agency": "某某市某某局", "year": 2023, "published": "2024-01-20", "layout": layout, "cells": values}
    assert differences(report, expected) == []


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_text_encodings(encoding: str) -> None:
    report = parse_bytes(seed_text(4).encode(encoding), filename="r.txt")
    assert differences(report, seed_gold(4)) == []


def _tables(text: str) -> list[Table]:
    return parse_text(text).tables()


def test_cell_wrapped_across_a_blank_line_stays_in_its_row() -> None:
    # seed 002: "4.无正当理由大量反复\n\n申请" is one cell
    text = (
        "\t\n\t\n\t4.无正当理由大量反复\n\n申请\n\t0\n\t1\n\n"
        "\t5.要求行政机关确认或重\n新出具已获取信息\n\t2\n\n后文。\n"
    )
    rows = _tables(text)[0].rows
    assert rows[0] == ["", "", "4.无正当理由大量反复\n申请", "0", "1"]
    assert rows[1] == ["5.要求行政机关确认或重\n新出具已获取信息", "2"]


def test_value_lines_and_headings_end_a_table() -> None:
    doc = parse_text("\t行政许可\n\t838\n五、存在的主要问题及改进情况\n正文。\n")
    assert doc.tables()[0].rows == [["行政许可", "838"]]
    assert doc.paragraphs() == ["五、存在的主要问题及改进情况", "正文。"]


def test_debris_and_markdown_headings_are_dropped() -> None:
    doc = parse_text("#### 四、政府信息公开行政复议\n\t[bookmark: _Hlk66973412]一、本年新收\n\t\u3000\u30007\n")
    assert doc.paragraphs() == ["四、政府信息公开行政复议"]
    assert doc.tables()[0].rows == [["一、本年新收", "7"]]


def test_pipe_padding_and_markdown_separators() -> None:
    rows = _tables("| 行政许可 | 9 ||||\n|---|---|\n| 行政处罚 | 6 |\n")[0].rows
    assert rows == [["行政许可", "9", "", "", ""], ["行政处罚", "6"]]


def test_every_bar_on_its_own_line() -> None:
    rows = _tables("|\n规章\n|\n0\n|\n1\n|\n|\n行政规范性文件\n|\n2\n|\n")[0].rows
    assert rows == [["规章", "0", "1"], ["行政规范性文件", "2"]]


def test_tab_rows_with_a_wrapped_label() -> None:
    rows = _tables("a\t1\t2\n5.要求行政机关确认或重新\n出具已获取信息\t\t0\t0\n")[0].rows
    assert rows[1] == ["5.要求行政机关确认或重新\n出具已获取信息", "", "0", "0"]


@pytest.mark.parametrize("rendering", ["pipes", "markdown", "cells_per_line", "cell_pipes", "split_pipes", "bars"])
def test_blank_cells_stay_blank(rendering: str) -> None:
    # Shanghai 2019: zeros left blank, including the total column of every outcome row
    values: dict = dict(synthetic_values("2019", seed=21))
    for code in list(values):
        if code.startswith("t3.") and (
            values[code] == 0
            or (
                code.endswith(".total")
                and not code.startswith(("t3.new.", "t3.carried_over.", "t3.total.", "t3.carried_forward."))
            )
        ):
            values[code] = ""
    text = full_report(RENDERINGS[rendering], "2019", values)
    report = parse_bytes(text.encode("utf-8"), filename="report.txt")
    expected = {k: (None if v == "" else v) for k, v in values.items()}
    assert differences(report, {"layout": "2019", "cells": expected}) == []
    assert all(report["markers"][k] == "blank" for k, v in expected.items() if v is None)


def test_browser_inner_text_cells_between_tab_lines() -> None:
    # chromium innerText: a lone tab line between two cells, an empty cell as a line of NBSP,
    # two or more blank lines between rows
    def row(*cells: str) -> str:
        return "\n\n\t\n\n".join(cells)

    body = "\n\n\n\n".join(
        [
            row("信息内容", "本年处理决定数量"),
            row("行政许可", "5"),
            row("一、本年新收政府信息公开申请数量", "26", "\xa0", "\xa0", "\xa0", "\xa0", "\xa0", "26"),
            row("二、上年结转政府信息公开申请数量", "0", "\xa0", "\xa0", "\xa0", "\xa0", "\xa0", "0"),
        ]
    )
    rows = [r for t in parse_text(body + "\n\n五、存在的主要问题\n").tables() for r in t.rows]
    assert rows[1] == ["行政许可", "5"]
    assert rows[2] == ["一、本年新收政府信息公开申请数量", "26", "", "", "", "", "", "26"]
    assert len(rows) == 4


def test_markdown_escapes_links_and_emphasis() -> None:
    doc = parse_text("**一、总体情况**\n当前位置：[首页](/) > 年报\n\\+6\n2\\.重复申请\n")
    assert doc.paragraphs() == ["一、总体情况", "当前位置：首页 > 年报", "+6", "2.重复申请"]
