"""HTML front-end at the Document level: decoding, body detection, table grids, metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.cells import T3_APPLICANT_COLUMNS, t3_rows
from parsers.charset import decode_html
from parsers.formats.html import to_document

HERE = Path(__file__).resolve().parent
FILES = HERE / "files" / "formats"
GENERATED = HERE / "corpus" / "generated"
REAL = HERE / "corpus" / "real"


def _read(name: str):
    return to_document((FILES / name).read_bytes(), filename=name)


@pytest.mark.parametrize(
    "name", ["gbk_declared_utf8.html", "gb2312_with_gbk_chars.html", "gbk_no_charset.html", "utf8_declared_gbk.html"]
)
def test_lying_or_missing_charset_decodes(name: str) -> None:
    doc = _read(name)
    # 镕 and 堃 are GBK-only: a gb2312 decoder would fail or substitute them
    assert doc.meta["title"] == "镕堃县统计局2023年政府信息公开工作年度报告"
    assert "\ufffd" not in doc.text()
    assert "镕堃县统计局办公室" in doc.text()
    assert len(doc.tables()) == 3


def test_gbk_bytes_under_utf8_label_are_read_as_gb18030() -> None:
    text, enc = decode_html("<meta charset='utf-8'><p>政府信息公开工作年度报告</p>".encode("gbk"))
    assert enc == "gb18030"
    assert "政府信息公开工作年度报告" in text


def test_utf8_with_a_broken_byte_stays_utf8() -> None:
    unit = "<p>政府信息公开工作年度报告</p>".encode()
    text, enc = decode_html(unit * 10 + b"\xe6\x94" + unit * 10)  # a character cut in two
    assert enc == "utf-8"
    assert text.count("政府信息公开工作年度报告") == 20


def test_table3_grid_rows_and_cells() -> None:
    """Each merged cell once, where it starts: the 3x3 note cell, the rowspan group cells."""
    expected = json.loads((GENERATED / "g01_2021_city.html.expected.json").read_text(encoding="utf-8"))
    doc = to_document((GENERATED / "g01_2021_city.html").read_bytes())
    t3 = doc.tables()[1]
    assert t3.rows[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
    assert t3.rows[1] == ["自然人", "法人或其他组织", "总计"]
    assert t3.rows[2] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    rows = t3_rows("2021")
    assert len(t3.rows) == 3 + len(rows)
    assert t3.rows[5][:2] == ["三、本年度办理结果", "（一）予以公开"]  # rowspan=22 cell starts here
    assert t3.rows[7][:2] == ["（三）不予公开", "1.属于国家秘密"]
    assert t3.rows[8][0] == "2.其他法律行政法规禁止公开"  # group cells do not repeat
    for row, spec in zip(t3.rows[3:], rows, strict=True):
        values = [expected["cells"][f"t3.{spec.key}.{c}"] for c in T3_APPLICANT_COLUMNS + ["total"]]
        assert row[-7:] == [str(v) for v in values]


def test_table4_three_row_header() -> None:
    doc = to_document((GENERATED / "g01_2021_city.html").read_bytes())
    t4 = doc.tables()[2]
    assert [len(r) for r in t4.rows] == [2, 7, 10, 15]


def test_blank_cells_from_nbsp_stay_empty() -> None:
    doc = to_document((GENERATED / "g04_blank_zeros.html").read_bytes())
    t3 = doc.tables()[1]
    assert any(row[-7:] == [""] * 7 for row in t3.rows)
    # "word" variant: <p class=MsoNormal> inside every cell gives no stray line breaks
    assert all("\n" not in c for row in t3.rows[3:] for c in row[-7:])


def test_page_metadata_and_chrome_left_out() -> None:
    doc = to_document((GENERATED / "g02_2019_district.html").read_bytes())
    assert doc.meta["title"] == "上海市黄浦区财政局2019年政府信息公开工作年度报告"
    assert (
        doc.meta["published"]
        == json.loads((GENERATED / "g02_2019_district.html.expected.json").read_text(encoding="utf-8"))["published"]
    )
    assert doc.meta["publisher"] == "上海市黄浦区财政局"
    text = doc.text()
    assert "首页" not in text and "网站标识码" not in text and "相关链接" not in text
    assert text.startswith("上海市黄浦区财政局2019年政府信息公开工作年度报告")


def test_nested_layout_table_and_cell_paragraphs() -> None:
    doc = _read("nested_layout.html")
    assert doc.paragraphs()[:2] == ["某县财政局2023年政府信息公开工作年度报告", "发布时间：2024-01-22"]
    assert doc.meta["published"] == "2024-01-22"
    (table,) = doc.tables()
    assert table.rows == [
        ["信息内容", "本年\n处理决定数量"],
        ["上半年", "下半年"],
        ["行政许可", "", "12"],
        ["说明", "注1\n含网上办理"],
    ]


def test_largest_text_block_without_known_container() -> None:
    doc = _read("no_container.html")
    assert doc.paragraphs()[0] == "一、总体情况"
    assert "通知公告" not in doc.text() and "版权所有" not in doc.text()
    assert doc.tables()[0].rows == [["信息内容", "本年处理决定数量"], ["行政处罚", "3"]]
    assert any("no known body container" in w for w in doc.warnings)


def test_attachment_only_body_is_a_warning_not_an_error() -> None:
    doc = _read("attachment_only.html")
    assert doc.error is None
    assert not doc.tables()
    assert any("详见附件" in w for w in doc.warnings)
    assert doc.meta["attachments"].endswith(".pdf")


def _real_pages_with_tables() -> list[Path]:
    out = []
    for path in sorted(REAL.glob("*.htm*")):
        exp = Path(f"{path}.expected.json")
        if exp.exists() and json.loads(exp.read_text(encoding="utf-8")).get("layout") in ("2021", "2019", "hybrid"):
            out.append(path)
    return out


@pytest.mark.parametrize("path", _real_pages_with_tables(), ids=lambda p: p.name)
def test_real_pages_give_their_tables(path: Path) -> None:
    """Real portal pages: the body is found and table 4's values come out in reading order."""
    expected = json.loads(Path(f"{path}.expected.json").read_text(encoding="utf-8"))
    doc = to_document(path.read_bytes(), filename=path.name)
    assert doc.error is None
    assert doc.meta.get("title")
    tables = doc.tables()
    assert any("申请人情况" in "".join(row) for t in tables for row in t.rows)
    start = next(i for i, t in enumerate(tables) if any("行政复议" in c for row in t.rows for c in row))
    cells = [c.strip() for t in tables[start:] for row in t.rows for c in row]
    values = [
        expected["cells"][f"t4.{g}.{o}"]
        for g in ("review", "suit_direct", "suit_after_review")
        for o in ("upheld", "corrected", "other", "pending", "total")
    ]
    it = iter(cells)
    assert all(str(v) in it for v in values if v is not None)  # an in-order subsequence
