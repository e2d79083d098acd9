"""PDF front-end at the Document level: ruled tables, tables over page breaks, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber

from parsers.formats.html import to_document as html_document
from parsers.formats.pdf import to_document

HERE = Path(__file__).resolve().parent
FILES = HERE / "files" / "formats"
GENERATED = HERE / "corpus" / "generated"


def _squeeze(rows: list[list[str]]) -> list[list[str]]:
    """PDF cells wrap long labels over lines: compare without whitespace."""
    return [[re.sub(r"\s+", "", c) for c in row] for row in rows]


def test_table_over_two_pages_is_one_table() -> None:
    path = GENERATED / "g01_2021_city.pdf"
    with pdfplumber.open(path) as pdf:  # the fixture really splits table 3 over pages 1 and 2
        fragments = [len(p.find_tables()) for p in pdf.pages]
    assert fragments[0] >= 2 and fragments[1] >= 1
    doc = to_document(path.read_bytes())
    t3 = doc.tables()[1]
    assert len(t3.rows) == 3 + 25  # header block once (it is repeated on page 2), 25 data rows
    assert t3.origin == "pdf:page1"
    assert _squeeze([t.rows for t in doc.tables()][1]) == _squeeze(
        html_document((GENERATED / "g01_2021_city.html").read_bytes()).tables()[1].rows
    )


def test_every_generated_pdf_matches_its_html_tables() -> None:
    for pdf_path in sorted(GENERATED.glob("*.pdf")):
        if pdf_path.name.endswith(".scan.pdf"):
            continue
        got = [_squeeze(t.rows) for t in to_document(pdf_path.read_bytes()).tables()]
        want = [_squeeze(t.rows) for t in html_document(pdf_path.with_suffix(".html").read_bytes()).tables()]
        assert got == want, pdf_path.name


def test_paragraphs_in_order_without_page_numbers() -> None:
    doc = to_document((GENERATED / "s000_seed.pdf").read_bytes())
    paras = doc.paragraphs()
    assert re.sub(r"\s", "", paras[0]) == "淄博市应急管理局2024年政府信息公开工作年度报告"
    headings = [p for p in paras if re.match(r"^[一二三四五六]、", p)]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert not any(re.fullmatch(r"\d+", p.strip()) for p in paras)  # footer page numbers dropped
    # wrapped lines of one paragraph are joined again
    assert any(p.startswith("本报告根据") and p.endswith("）。") for p in paras)


def test_encrypted_pdf_needs_a_password() -> None:
    doc = to_document((FILES / "encrypted.pdf").read_bytes())
    assert doc.error and doc.error.startswith("encrypted")
    assert not doc.blocks


def test_corrupt_pdf_is_an_error() -> None:
    doc = to_document((FILES / "corrupt.pdf").read_bytes())
    assert doc.error and doc.error.startswith("corrupt")
    assert to_document(b"%PDF-1.7\n").error.startswith("corrupt")


def test_running_header_and_page_numbers_dropped() -> None:
    path = FILES / "running_header.pdf"
    with pdfplumber.open(path) as pdf:  # the header is printed on every page
        assert all("某市交通运输局政务公开" in (p.extract_text() or "") for p in pdf.pages)
        assert len(pdf.pages) >= 2
    doc = to_document(path.read_bytes())
    assert not any("某市交通运输局政务公开" in p for p in doc.paragraphs())
    assert re.sub(r"\s", "", doc.paragraphs()[0]) == "某市交通运输局2023年政府信息公开工作年度报告"
    assert len(doc.tables()) == 3


def test_page_breaks_inside_tables_at_awkward_rows() -> None:
    """Table 3 broken after its spanning 一、/二、 rows (a fragment with a sparser grid),
    table 2 broken between its 第二十条 blocks: each comes out as one table, equal to
    the DOCX the PDF was made from."""
    from parsers.formats.docx import to_document as docx_document

    for name in ("page_break_t3", "page_break_t2"):
        pdf_path = FILES / f"{name}.pdf"
        with pdfplumber.open(pdf_path) as pdf:
            per_page = [len(p.find_tables()) for p in pdf.pages]
        assert sum(per_page) > 3, name  # some table really is split over two pages
        got = [_squeeze(t.rows) for t in to_document(pdf_path.read_bytes()).tables()]
        want = [_squeeze(t.rows) for t in docx_document((FILES / f"{name}.docx").read_bytes()).tables()]
        assert got == want, name
