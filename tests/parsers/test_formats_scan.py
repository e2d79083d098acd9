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
    assert "平顶山市湛河区曹镇乡人民政府" in text
    assert "2023年1月1日" in text and "政府信息公开" in text


def test_cid_garbage_text_layer_is_treated_as_a_scan(monkeypatch) -> None:
    import pdfplumber

    from parsers.formats import scan
    from parsers.formats.pdf import text_layer_quality

    path = FILES / "cid_garbage.pdf"
    with pdfplumber.open(path) as pdf:
        per_page, cid_share = text_layer_quality(pdf)
    assert per_page > 100 and cid_share > 0.9  # plenty of glyphs, none of them text
    # without tesseract on the machine the scan is still recognised and flagged
    monkeypatch.setattr(scan, "TESSERACT", "/nonexistent/tesseract")
    doc = to_document(path.read_bytes())
    assert doc.format == "scan"
    assert doc.error.startswith("needs_ocr:") and "(cid:N)" in doc.error
    assert not doc.tables()
