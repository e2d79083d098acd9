"""Scanned PDFs: detected by the missing text layer, OCR text kept, tables marked needs_ocr."""

from __future__ import annotations

import re
from pathlib import Path

from parsers.formats.pdf import to_document

FILES = Path(__file__).resolve().parent / "files" / "formats"


def test_image_only_pdf_goes_to_ocr_and_is_flagged() -> None:
    doc = to_document((FILES / "scan_page.pdf").read_bytes())
    assert doc.format == "scan"
    assert doc.error and doc.error.startswith("needs_ocr:")
    assert not doc.tables()  # never an empty table that looks like data
    text = re.sub(r"\s", "", doc.text())
    # the prose survives OCR: title and the statistical period, for search and metadata
    assert "政府信息公开工作年度报告" in text
    assert "2023年1月1日" in text
