"""Sniff a document's format from its bytes (and, for OLE2, its file name)."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from .charset import decode_text
from .doctypes import BY_FORMAT, DOCTYPES

_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html|<head|<body|<meta\s|<table|<div|<p[\s>]|<br\s*/?>|<span", re.IGNORECASE
)


# Formats that are never a report, by their magic bytes: named in the error a person reads.
NOT_DOCUMENTS: tuple[tuple[bytes, str], ...] = (
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\x00\x00\x00\x1cftyp", "a video"),
    (b"\x00\x00\x00\x20ftyp", "a video"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# Bytes that plain text never holds (C0 controls but tab, LF, FF, CR and ESC; DEL).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_CONTROL_TABLE = bytes.maketrans(_CONTROL, b"\x00" * len(_CONTROL))


def binary_share(sample: bytes) -> float:
    """The share of control bytes in a sample: text has none, random or compressed bytes about 12 %."""
    if not sample:
        return 0.0
    return sample.translate(_CONTROL_TABLE).count(0) / len(sample)


def not_a_document(data: bytes) -> str | None:
    """What the bytes are, when their magic or their bytes say they are no document at all."""
    for magic, what in NOT_DOCUMENTS:
        if data.startswith(magic):
            if len(magic) <= 3 and binary_share(data[:8192]) <= 0.01:
                continue  # a short magic at the start of plain text ("MZ…", "ID3…") is text
            return what
    if data[:2] in (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda") and binary_share(data[:8192]) > 0.01:
        return "zlib-compressed data"
    return None


def _zip_members(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return set(z.namelist())
    except zipfile.BadZipFile:
        return None


def _by_signature(data: bytes, filename: str | None) -> str | None:
    """The first row of the table whose signature matches and whose extra condition holds."""
    for doctype in DOCTYPES:
        if not doctype.matches(data):
            continue
        if doctype.zip_member:
            members = _zip_members(data)
            if members is None:
                return "zip"  # a ZIP signature over a broken archive
            if doctype.zip_member not in members:
                continue
        if doctype.by_extension and not doctype.named(filename):
            continue
        return doctype.format
    return None


def _markup_or_text(data: bytes, filename: str | None) -> str:
    """Bytes of no signature: ``html`` or ``text`` by their markup (and the name), else ``binary``."""
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sample = decode_text(data[:8192])[:4096].encode("utf-8", "replace")
    elif not_a_document(data) or binary_share(data[:65536]) > 0.01:
        return "binary"
    if _HTML_MARKERS.search(sample) and not BY_FORMAT["text"].named(filename):
        return "html"
    if BY_FORMAT["html"].named(filename):
        return "html"
    return "text"


def is_pdf(data: bytes) -> bool:
    """A PDF, which may carry junk before its header (a BOM, an HTTP header left in the body)."""
    head = data[:1024]
    return head.lstrip().startswith(b"%PDF") or b"%PDF-" in head


def detect_format(data: bytes, filename: str | None = None) -> str:
    """A format of ``parsers.doctypes`` (``pdf``, ``docx``, ``doc``, ``wps``, ``html``, ``scan``,
    ``text``, ``zip``), ``binary`` (bytes of no document format) or ``empty``."""
    if not data or not data.strip():
        return "empty"
    if is_pdf(data):
        return "pdf"
    return _by_signature(data, filename) or _markup_or_text(data, filename)
