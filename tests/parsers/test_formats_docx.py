"""DOCX front-end at the Document level: merged cells once, body order, nested tables."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document as open_docx

from parsers.formats.docx import to_document
from parsers.formats.html import to_document as html_document

HERE = Path(__file__).resolve().parent
FILES = HERE / "files" / "formats"
GENERATED = HERE / "corpus" / "generated"


def test_python_docx_repeats_merged_cells_but_the_document_does_not() -> None:
    data = (FILES / "merged.docx").read_bytes()
    import io

    raw = open_docx(io.BytesIO(data)).tables[1]
    # python-docx's grid repeats the 3x3 note cell at nine positions
    assert raw.cell(0, 0).text == raw.cell(2, 2).text != ""
    t3 = to_document(data).tables()[1]
    assert t3.rows[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
    assert t3.rows[1] == ["自然人", "法人或其他组织", "总计"]
    # 2019 layout: (六)其他处理 is one row spanning both label columns
    assert ["（六）其他处理"] == [c for c in t3.rows[-3] if not c.isdigit()]


def test_docx_tables_equal_the_html_rendering() -> None:
    """The same report through Word merges and through HTML spans gives the same Document tables."""
    for name in ("g01_2021_city", "g03_hybrid", "g04_blank_zeros", "s002_seed"):
        from_docx = to_document((GENERATED / f"{name}.docx").read_bytes()).tables()
        from_html = html_document((GENERATED / f"{name}.html").read_bytes()).tables()
        assert [t.rows for t in from_docx] == [t.rows for t in from_html], name


def test_body_order_wrapper_and_nested_tables() -> None:
    doc = to_document((FILES / "nested.docx").read_bytes())
    kinds = ["table" if not isinstance(b, str) else b for b in doc.blocks]
    assert kinds == [
        "某区司法局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度主动公开政府信息45条。",
        "table",
        "二、其他",
        "以上为本年度报告。",
        "table",
    ]
    first, second = doc.tables()
    # vertical merge continuation dropped, horizontal merge once
    assert first.rows == [["信息内容", "本年处理决定数量"], ["上半年", "下半年"], ["行政处罚", "4", "5"]]
    # a table nested in a data cell becomes that cell's text
    assert second.rows == [["附注", "注1 含网上办理"]]


def test_expected_values_in_docx_table2() -> None:
    expected = json.loads((GENERATED / "g08_yuan_fees.docx.expected.json").read_text(encoding="utf-8"))
    t2 = to_document((GENERATED / "g08_yuan_fees.docx").read_bytes()).tables()[0]
    assert t2.rows[-1][0] == "行政事业性收费"
    assert t2.rows[-1][1].endswith("元")
    assert float(t2.rows[-1][1][:-1]) / 10000 == expected["cells"]["t2.fees.amount"]


def test_corrupt_docx_is_an_error() -> None:
    data = (FILES / "merged.docx").read_bytes()
    doc = to_document(data[:2000])
    assert doc.error and doc.error.startswith("corrupt DOCX")
