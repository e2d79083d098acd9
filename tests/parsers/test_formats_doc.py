"""DOC/WPS front-end: LibreOffice conversion (one small file), antiword fallback."""

from __future__ import annotations

import re
from pathlib import Path

from parsers.formats import doc as doc_reader
from parsers.formats.docx import to_document as docx_document

GENERATED = Path(__file__).resolve().parent / "corpus" / "generated"


def test_doc_through_libreoffice_keeps_merged_tables() -> None:
    data = (GENERATED / "g05_slash_yuan.doc").read_bytes()
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: a real binary .doc
    doc = doc_reader.to_document(data, filename="report.wps")
    assert doc.error is None and doc.format == "wps"
    want = docx_document((GENERATED / "g05_slash_yuan.docx").read_bytes())
    assert [t.rows for t in doc.tables()] == [t.rows for t in want.tables()]
    assert doc.paragraphs() == want.paragraphs()


def test_antiword_fallback_reads_text_and_table_rows() -> None:
    data = (GENERATED / "g05_slash_yuan.doc").read_bytes()
    doc = doc_reader.antiword_document(data)
    assert doc.error is None
    assert re.sub(r"\s", "", doc.paragraphs()[0]) == "北京市通州区统计局2019年政府信息公开工作年度报告"
    t2 = doc.tables()[0]
    assert ["规章", "/", "/", "/"] in t2.rows


def test_libreoffice_failure_falls_back_to_antiword(monkeypatch) -> None:
    # the converter is absent (SOFFICE unset): the DOC is still read, with a warning
    monkeypatch.setattr(doc_reader, "SOFFICE", None)
    doc = doc_reader.to_document((GENERATED / "g05_slash_yuan.doc").read_bytes(), filename="x.doc")
    assert doc.error is None
    assert any("antiword" in w for w in doc.warnings)
    assert doc.tables()


def test_garbage_doc_is_an_error() -> None:
    doc = doc_reader.to_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, filename="x.doc")
    assert doc.error
