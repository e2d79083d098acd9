"""The seeds, varied the way real extractions of the same reports vary, still read right.

Each test builds its text from a seed file at test time (format-spec §4.2 and §4.3): the
same report through another tool gives CRLF line ends, full-width digits, NBSP padding, page
footers inside a table, spaces instead of tabs, labels wrapped at other points, units in
cells.  A variation may lose cells (null) where nobody could place them; it must never
produce a wrong value.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from parser_compare import differences
from parser_fixtures import SEEDS, seed_gold

from parsers import parse_bytes

SEED_IDS = [0, 1, 2, 3, 4]
CELL_PER_LINE = [0, 2, 3]  # one cell per line, tab-prefixed (the others are tab-separated rows)
TAB_ROWS = [1, 4]
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _seed_text(n: int) -> str:
    return (SEEDS / seed_gold(n)["file"]).read_text("utf-8")


def _parse(text: str) -> dict:
    return parse_bytes(text.encode("utf-8"), filename="perturbed.txt")


def _value_cells(text: str, f: Callable[[str], str]) -> str:
    """Apply f to every tab-delimited cell that is a bare number."""
    return "\n".join(
        "\t".join(f(c) if re.fullmatch(r"\s*\d+\s*", c) else c for c in line.split("\t")) if "\t" in line else line
        for line in text.split("\n")
    )


def _after_line(text: str, needle: str, insert: list[str]) -> str:
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if needle in line)
    return "\n".join(lines[: i + 1] + insert + lines[i + 1 :])


def _after_row(text: str, needle: str, insert: list[str]) -> str:
    """Insert after the blank-line-ended row (cell per line) that holds needle."""
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if needle in line)
    while lines[i].strip():
        i += 1
    return "\n".join(lines[:i] + insert + lines[i:])


def _title(text: str) -> str:
    return next(line.strip() for line in text.split("\n") if "年度报告" in line and len(line.strip()) < 50)


PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "full_width_digits": lambda t: t.translate(_FULL_WIDTH),
    "nbsp_padding": lambda t: _value_cells(t, lambda c: "\xa0" + c + "\xa0"),
    "ideographic_space_padding": lambda t: _value_cells(t, lambda c: "\u3000" + c),
    "count_units": lambda t: _value_cells(t, lambda c: c + "件"),
    "doubled_blank_lines": lambda t: t.replace("\n\n", "\n\n\n"),
    "half_width_brackets": lambda t: t.replace("（", "(").replace("）", ")"),
    "规范性文件_wording": lambda t: t.replace("行政规范性文件", "规范性文件"),
    "合计_for_总计": lambda t: t.replace("总计", "合计"),
    "dunhao_numbering": lambda t: re.sub(r"(?m)(^|\t)(\d)\.\s?", r"\1\2、", t),
    "leading_spaces": lambda t: "\n".join(("  " + line) if line.strip() else line for line in t.split("\n")),
    "tabs_as_spaces": lambda t: t.replace("\t", "    "),
    "page_footer_in_table_3": lambda t: _after_line(t, "保护第三方", ["", "第 3 页 共 9 页", ""]),
    "filler_before_table_3": lambda t: _after_line(
        t, "收到和处理政府信息公开申请情况", ["", "该部分以表格形式报告。表格如下:", ""]
    ),
    "truncated_headers": lambda t: t.replace("本年制发件数", "本年").replace("行政规范性文件", "行政规范性"),
    "spaced_headers": lambda t: t.replace("自然人", "自 然 人").replace("商业企业", "商业 企业"),
}


@pytest.mark.parametrize("name", list(PERTURBATIONS))
@pytest.mark.parametrize("n", SEED_IDS, ids=[f"seed{n:03d}" for n in SEED_IDS])
def test_perturbed_seed_matches_gold(n: int, name: str) -> None:
    report = _parse(PERTURBATIONS[name](_seed_text(n)))
    assert differences(report, seed_gold(n)) == []


@pytest.mark.parametrize("n", CELL_PER_LINE)
def test_placeholder_lines_dropped_or_doubled(n: int) -> None:
    text = _seed_text(n)
    for variant in (re.sub(r"\n\t\n", "\n", text), text.replace("\n\t\n", "\n\t\n\t\n")):
        assert differences(_parse(variant), seed_gold(n)) == []


@pytest.mark.parametrize("n", CELL_PER_LINE)
def test_label_tail_on_a_line_of_its_own_without_tabs(n: int) -> None:
    # "5.要求行政机关确认或重新" / "出具已获取信息" / values: with the tabs gone, nothing marks the tail
    report = _parse(_seed_text(n).replace("\t", "  "))
    assert differences(report, seed_gold(n)) == []
    assert report["raw"]["t3.rejected.confirmation.natural"] is not None


@pytest.mark.parametrize("n", CELL_PER_LINE)
def test_running_title_and_footer_between_a_label_and_its_values(n: int) -> None:
    text = _seed_text(n).replace("\t", "    ")
    text = _after_line(text, "保护第三方", [_title(text), "— 4 —"])
    assert differences(_parse(text), seed_gold(n)) == []


@pytest.mark.parametrize("n", CELL_PER_LINE)
def test_repeated_table_3_header_is_not_the_row_of_totals(n: int) -> None:
    # a PDF page break repeats the column headings (… 其他 总计) between a label and its values:
    # its 总计 must not take those values as t3.total
    text = _seed_text(n).replace("\t", "    ")
    header = "\t\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"
    report = _parse(_after_line(text, "保护第三方", [header]))
    assert differences(report, seed_gold(n)) == []
    text = _after_row(
        _seed_text(n),
        "保护第三方",
        ["", "\t自然人", "\t商业企业", "\t科研机构", "\t社会公益组织", "\t法律服务机构", "\t其他", "\t总计"],
    )
    assert differences(_parse(text), seed_gold(n)) == []


@pytest.mark.parametrize("n", TAB_ROWS)
def test_tab_rows_with_labels_wrapped_after_their_numbering(n: int) -> None:
    # "一、本年" / "新收政府信息公开申请数量\t\t0\t…": the wrapped head is heading-like but belongs to the row
    def wrap(cell: str) -> str:
        if len(cell) >= 8 and re.search(r"[\u4e00-\u9fff]", cell) and not re.search(r"\d{2,}", cell):
            return cell[:4] + "\n" + cell[4:]
        return cell

    text = "\n".join(
        "\t".join(wrap(c) for c in line.split("\t")) if "\t" in line else line for line in _seed_text(n).split("\n")
    )
    assert differences(_parse(text), seed_gold(n)) == []


@pytest.mark.parametrize("n", CELL_PER_LINE)
def test_count_units_on_untabbed_cell_lines(n: int) -> None:
    text = _value_cells(_seed_text(n), lambda c: c + "件").replace("\t", "    ")
    assert differences(_parse(text), seed_gold(n)) == []


@pytest.mark.parametrize("n", SEED_IDS)
def test_thousands_separators(n: int) -> None:
    gold = seed_gold(n)
    text = _value_cells(_seed_text(n), lambda c: f"{int(c) + 1000:,}")
    report = _parse(text)
    assert report["cells"] == {k: v + 1000 for k, v in gold["cells"].items()}


@pytest.mark.parametrize("n", TAB_ROWS)
def test_blank_total_column_in_ragged_tab_rows_is_never_shifted(n: int) -> None:
    # "一、…\t\t0\t0\t0\t0\t0\t0\t\t": with 总计 blank, the leading and the trailing empty field could each
    # be the padding; rows of other lengths cannot tell which, so such a row stays null, never shifted
    def blank_total(line: str) -> str:
        cells = line.split("\t")
        idx = [i for i, c in enumerate(cells) if re.fullmatch(r"\s*\d+\s*", c)]
        if len(idx) == 7 and idx == list(range(idx[0], idx[0] + 7)):
            cells[idx[6]] = ""
        return "\t".join(cells)

    report = _parse("\n".join(blank_total(line) for line in _seed_text(n).split("\n")))
    gold = seed_gold(n)["cells"]
    for code, value in report["cells"].items():
        if code.startswith("t3.") and code.endswith(".total"):
            assert value is None, code
        elif value is not None:
            assert value == gold[code], code
    assert sum(1 for c, v in report["cells"].items() if c.startswith("t3.") and v is not None) >= 100


def _layout_rows(text: str) -> str:
    """Cell-per-line rows as pdftotext -layout prints them: "label  0  0  0 …" on one line."""
    text = re.sub(r"\[bookmark:[^\]]*\]", "", text)
    out = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if sum(1 for line in lines if re.fullmatch(r"\d+", line)) >= 3:
            out.append("  ".join(lines))
        else:
            out.append(block)
    return "\n\n".join(out)


# a row of table 3 as pdftotext -layout prints it: the label, then its seven values
_LAYOUT_ROW = re.compile(r"^(?P<label>\S.*?\S)(?P<values>(?:\s{2,}\d+){7})\s*$")


def _wrapped_labels(n: int, min_length: int, wrap) -> str:  # wrap(label, values) -> lines
    out = []
    for line in _layout_rows(_seed_text(n)).split("\n"):
        m = _LAYOUT_ROW.match(line.strip())
        out += wrap(m.group("label"), m.group("values")) if m and len(m.group("label")) >= min_length else [line]
    return "\n".join(out)


def _assert_read_without_a_wrong_value(n: int, text: str, rows: tuple[str, ...], at_least: int) -> None:
    report = _parse(text)
    gold = seed_gold(n)["cells"]
    wrong = {c: v for c, v in report["cells"].items() if v is not None and v != gold[c]}
    assert wrong == {}
    for row_key in rows:
        assert report["cells"][f"t3.{row_key}.total"] == gold[f"t3.{row_key}.total"]
    assert sum(1 for v in report["cells"].values() if v is not None) >= at_least


@pytest.mark.parametrize("n", CELL_PER_LINE)
def test_values_on_the_first_line_of_a_wrapped_label(n: int) -> None:
    # "3. 要求提  0  0  0  0  0  0  0" / "供公开出版物": the label's tail, below, is what names the row
    text = _wrapped_labels(n, 12, lambda label, values: [label[: len(label) // 2] + values, label[len(label) // 2 :]])
    _assert_read_without_a_wrong_value(n, text, ("granted", "denied.state_secret", "unavailable.not_held"), 190)


@pytest.mark.parametrize("n", CELL_PER_LINE)
def test_label_over_three_lines_with_the_values_on_the_middle_one(n: int) -> None:
    # a tall cell through pdftotext -layout: "一、本年新" / "收政府信息  7  0 …  7" / "公开申请数量";
    # no piece names the row alone, so the pieces are read together
    def wrap(label: str, values: str) -> list[str]:
        third = len(label) // 3
        return [label[:third], label[third : 2 * third] + values, label[2 * third :]]

    _assert_read_without_a_wrong_value(n, _wrapped_labels(n, 15, wrap), ("new", "carried_over", "carried_forward"), 179)
