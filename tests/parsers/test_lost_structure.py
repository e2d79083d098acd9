"""Tables whose structure an extraction tool lost (format-spec §4.2): read what is certain, null the rest.

Each case is a rendering under tests/parsers/renderings/ (real tool output of a known document) and
checks one rule of the engine: a table read from what is left, placed only when the count is exact
and the identities hold (flagged ``position_inferred``), and otherwise null with a warning, never a
value taken from a neighbouring row.
"""

from __future__ import annotations

import json
from pathlib import Path

from parsers import parse_bytes, parse_file

RENDERINGS = Path(__file__).resolve().parent / "renderings"


def _parse(tool: str, name: str) -> tuple[dict, dict]:
    path = RENDERINGS / tool / name
    return parse_file(path), json.loads(path.with_name(name + ".expected.json").read_text(encoding="utf-8"))


def _cells(report: dict, prefix: str) -> dict:
    return {c: v for c, v in report["cells"].items() if c.startswith(prefix)}


def test_table_3_without_its_first_rows_is_read_from_the_first_specific_row() -> None:
    # catdoc loses the top of table 3 (本年新收 … 部分公开) in a text box
    report, expected = _parse("catdoc", "g01_2021_city.txt")
    assert report["layout"] == "2021"
    for row in ("denied.internal_affairs", "denied.process_info", "rejected.petition", "total", "carried_forward"):
        assert _cells(report, f"t3.{row}.") == _cells(expected, f"t3.{row}.")
    assert set(_cells(report, "t3.new.").values()) == {None}
    assert any("rows not found: new, carried_over, granted, partial" in w for w in report["warnings"])


def test_a_stray_phrase_does_not_start_table_3() -> None:
    text = "某某局2023年政府信息公开工作年度报告\n本年度没有属于国家秘密的申请 1\n其他 2\n"
    assert parse_bytes(text.encode(), filename="r.txt")["layouts"]["t3"] is None


def test_table_4_after_its_column_words_when_identities_hold() -> None:
    # antiword drops the nested header table: only 结果维持 … 复议后起诉 and 15 values are left
    report, expected = _parse("antiword", "g01_2021_city.txt")
    assert _cells(report, "t4.") == _cells(expected, "t4.")
    assert all(report["flags"][c] == ["position_inferred"] for c in _cells(report, "t4."))


def test_table_4_after_its_column_words_stays_null_when_an_identity_breaks() -> None:
    report, expected = _parse("antiword", "g09_2019_broken4.txt")  # the source's own 总计 is off
    assert set(_cells(report, "t4.").values()) == {None}
    assert any(w.startswith("t4: header cells lost") and "not placed" in w for w in report["warnings"])


def test_table_4_interleaved_with_its_header_words_is_not_guessed() -> None:
    # pdftotext without -layout: values and header words alternate in text-flow order
    report, _ = _parse("pdftotext", "g03_hybrid.txt")
    assert set(_cells(report, "t4.").values()) == {None}
    assert any("interleaved" in w and "not placed" in w for w in report["warnings"])


def test_two_rows_labels_on_one_line_are_not_placed() -> None:
    # a browser-printed PDF: "1.2.本机关不掌握相关政府信息" / "没有现成信息需要另行制作" / one row of values
    report, _ = _parse("browserpdf-pdftotext-layout", "g01_2021_city.txt")
    for row in ("unavailable.not_held", "unavailable.needs_creation", "rejected.duplicate", "rejected.publication"):
        assert set(_cells(report, f"t3.{row}.").values()) == {None}, row
        assert any(w.startswith(f"t3.{row}: two rows' labels on one line") for w in report["warnings"])


def test_values_between_two_labels_of_tall_rows_are_not_placed() -> None:
    # "1.申请人无正当理由逾期不补正…" (nothing) / "2.申请人逾期未按收费通知…" / values / "…申请 0 0 0 2 0 0 2"
    report, _ = _parse("browserpdf-pdftotext-layout", "g01_2021_city.txt")
    for row in ("other.no_correction", "other.unpaid_fee"):
        assert set(_cells(report, f"t3.{row}.").values()) == {None}, row


def test_a_column_wise_run_below_a_label_is_not_cut_to_size() -> None:
    # pdftotext without -layout: after （七）总计 come the columns' values, dozens of them
    report, _ = _parse("pdftotext", "g01_2021_city.txt")
    assert set(_cells(report, "t3.total.").values()) == {None}
    assert any(w.startswith("t3.total:") and "not placed" in w for w in report["warnings"])


def test_doubled_numbering_with_values_on_each_line_is_read() -> None:
    # the same rendering of another document keeps each row's values on its own label line: no ambiguity
    report, expected = _parse("browserpdf-pdftotext-layout", "g05_slash_yuan.txt")
    for row in ("unavailable.not_held", "unavailable.needs_creation", "rejected.duplicate"):
        assert _cells(report, f"t3.{row}.") == _cells(expected, f"t3.{row}.")


def test_text_decoded_with_the_wrong_charset_is_flagged() -> None:
    # bs4 given a GBK page without its charset: every Chinese character became U+FFFD
    report, _ = _parse("bs4-text", "g02_2019_district.txt")
    assert report["agency"] is None
    assert any("replacement characters" in w for w in report["warnings"])


def test_table_2_printed_column_by_column_is_placed_by_header_and_row_count() -> None:
    # pdftotext without -layout: 规章 / 行政规范性文件 … then "本年制发件数 0 1", "本年处理决定数量 1545", …
    report, expected = _parse("pdftotext", "g01_2021_city.txt")
    assert _cells(report, "t2.") == _cells(expected, "t2.")
    assert all(report["flags"][c] == ["position_inferred"] for c in _cells(report, "t2."))


def test_table_2_of_2019_printed_by_blocks_of_two_columns_is_placed_row_by_row() -> None:
    # "上一年项目数量 本年增/减 81 +6 77 0": 行政许可 81 +6, 其他对外管理服务事项 77 0
    report, expected = _parse("pdftotext", "g02_2019_district.txt")
    assert report["layouts"]["t2"] == "2019"
    assert _cells(report, "t2.") == _cells(expected, "t2.")


def test_table_2_block_with_a_signed_value_outside_the_change_column_is_not_placed() -> None:
    text = (
        "二、主动公开政府信息情况\n信息内容\n规章\n规范性文件\n第二十条第（一）项\n本年新制作数量\n本年新公开数量\n"
        "0\n+2\n1\n1\n对外公开总数量\n9\n6\n第二十条第（五）项\n上一年项目数量\n本年增/减\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    report = parse_bytes(text.encode(), filename="r.txt")
    assert report["cells"]["t2.rules.made"] is None and report["cells"]["t2.normative.published"] is None
    assert (report["cells"]["t2.rules.total_published"], report["cells"]["t2.normative.total_published"]) == (9, 6)
    assert any("本年新制作数量/本年新公开数量" in w and "not placed" in w for w in report["warnings"])


def test_table_2_column_with_the_wrong_count_is_not_placed() -> None:
    text = (
        "二、主动公开政府信息情况\n信息内容\n规章\n行政规范性文件\n第二十条第（一）项\n本年制发件数\n0\n1\n"
        "本年废止件数\n3\n现行有效件数\n0\n16\n三、收到和处理政府信息公开申请情况\n"
    )
    report = parse_bytes(text.encode(), filename="r.txt")
    assert (report["cells"]["t2.rules.issued"], report["cells"]["t2.normative.issued"]) == (0, 1)
    assert (report["cells"]["t2.rules.repealed"], report["cells"]["t2.normative.repealed"]) == (None, None)
    assert any("本年废止件数" in w and "not placed" in w for w in report["warnings"])


def test_a_money_cell_on_its_own_line_is_not_joined_to_its_label() -> None:
    # bs4 get_text: "行政事业性收费" / "21000元" between blank lines, in a 万元 column
    report, expected = _parse("bs4-text", "g08_yuan_fees.txt")
    assert report["cells"]["t2.fees.amount"] == expected["cells"]["t2.fees.amount"] == 2.1
    assert "unit_converted" in report["flags"]["t2.fees.amount"]
