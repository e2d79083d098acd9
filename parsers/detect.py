"""Sniff a document's format from its bytes (and, for OLE2, its file name)."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

_HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html|<head|<body|<meta\s|<table|<div|<p[\s>]|<br\s*/?>|<span",
                           re.IGNORECASE)


def detect_format(data: bytes, filename: str | None = None) -> str:
    """One of ``pdf``, ``docx``, ``doc``, ``wps``, ``html``, ``scan``, ``text``, ``zip`` or ``empty``."""
    if not data or not data.strip():
        return "empty"
    head = data[:8]
    name = (filename or "").lower()
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "wps" if name.endswith((".wps", ".wpt")) else "doc"
    if head.startswith(b"{\\rtf"):
        return "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")) or (
        head.startswith(b"RIFF") and data[8:12] == b"WEBP"
    ):
        return "scan"
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sample = decode_text(data[:8192])[:4096].encode("utf-8", "replace")
    if _HTML_MARKERS.search(sample) and not name.endswith((".txt", ".md")):
        return "html"
    if name.endswith((".html", ".htm", ".shtml", ".xhtml")):
        return "html"
    return "text"


def decode_text(data: bytes) -> str:
    """Decode text bytes: BOMs first, then strict UTF-8, then charset-normalizer (GB18030, Big5…)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("gb18030", errors="replace")
