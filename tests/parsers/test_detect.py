"""Format sniffing and the front-end dispatch."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsers import parse_bytes
from parsers.charset import decode_text
from parsers.detect import detect_format
from parsers.formats import to_document


def _zip(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100


@pytest.mark.parametrize(
    ("data", "name", "fmt"),
    [
        (b"%PDF-1.7\n...", "a.bin", "pdf"),
        (_zip(["word/document.xml", "[Content_Types].xml"]), None, "docx"),
        (_zip(["xl/workbook.xml"]), "a.xlsx", "zip"),
        (OLE2, "report.doc", "doc"),
        (OLE2, "report.WPS", "wps"),
        (b"\x89PNG\r\n\x1a\n....", None, "scan"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", None, "html"),
        ("<div>政府信息公开</div>".encode("gb18030"), "page.shtml", "html"),
        ("某某局2023年政府信息公开工作年度报告\n".encode("gb18030"), "r.txt", "text"),
        (b"", "empty.txt", "empty"),
        (b"   \n ", None, "empty"),
    ],
)
def test_detect_format(data: bytes, name: str | None, fmt: str) -> None:
    assert detect_format(data, name) == fmt


def test_decode_text_encodings() -> None:
    text = "淄博市应急管理局2024年政府信息公开工作年度报告"
    for enc in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        assert decode_text(text.encode(enc)) == text


def test_unknown_format_is_an_error_object_not_a_crash() -> None:
    assert to_document("ofd", b"...").error == "no reader for format 'ofd'"
    report = parse_bytes(_zip(["xl/workbook.xml"]), filename="a.xlsx")
    assert report["error"] and report["cells"] == {} and report["format"] == "zip"
