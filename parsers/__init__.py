"""Pure parsers: a document's bytes → the report JSON of DESIGN.md.

``parse_bytes`` sniffs the format (``parsers.detect``), lets the format's
front-end (``parsers.formats.<fmt>``) build a ``Document``, and reads the
statutory tables, metadata and sections from that.  No network, no Scrapy.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

__all__ = ["parse_bytes", "parse_file"]


def parse_bytes(
    data: bytes, filename: str | None = None, url: str | None = None, images: Mapping[str, bytes] | None = None
) -> dict:
    """``images``: for an HTML page whose report is page images (a flipbook), the bytes
    of its images by absolute URL; they are read by OCR when the page has no table."""
    return encodable(_parse_bytes(data, filename, url, images))


def encodable(report: dict) -> dict:
    """The report with every string encodable as UTF-8: a lone surrogate (a PDF's ToUnicode map
    can yield one, so can a file name that is not UTF-8) becomes "?", so that writing the JSON
    -- to stdout, to the parse cache, to SQLite -- cannot fail."""
    import json

    text = json.dumps(report, ensure_ascii=False)
    clean = text.encode("utf-8", "replace").decode("utf-8")
    return report if clean == text else json.loads(clean)


def _refusal(data: bytes, filename: str | None, url: str | None) -> tuple[str, str | None]:
    """The sniffed format, and why the bytes are no document at all (None when they may be one)."""
    from .detect import detect_format, not_a_document
    from .limits import MAX_INPUT_BYTES, MiB

    if len(data) > MAX_INPUT_BYTES:
        return "binary", f"file too large: {len(data) // MiB} MiB (limit {MAX_INPUT_BYTES // MiB} MiB)"
    fmt = detect_format(data, filename or url)
    if fmt == "empty":
        return "text", "empty file"
    if fmt == "zip":
        return "zip", "a zip archive that is not a DOCX document"
    if fmt == "binary":
        what = not_a_document(data) or "binary data of no document format (no known file header, not text)"
        return "binary", f"not a document: {what}"
    return fmt, None


def _document(
    fmt: str, data: bytes, filename: str | None, url: str | None, images: Mapping[str, bytes] | None
) -> Document | str:
    """The format's reader's Document, or why it could not be read."""
    from .formats import to_document

    try:
        doc = to_document(fmt, data, filename=filename, url=url)
    except MemoryError:
        return f"cannot read {fmt}: out of memory"
    except Exception as exc:  # a corrupt or encrypted file must not stop a batch
        return f"cannot read {fmt}: {type(exc).__name__}: {exc}"
    if not doc.format:
        doc.format = fmt
    if images and fmt == "html":
        from .formats.scan import with_page_images

        doc = with_page_images(doc, data, images, url)
    return doc


def _not_a_report(doc: Document) -> str | None:
    """Why a readable document is no report: too much text, garbage behind a valid header, an error page."""
    from .limits import MAX_TEXT_CHARS
    from .reportness import not_a_report_reason

    if doc.error is not None and not doc.error.startswith("needs_ocr"):
        return None
    length = len(doc.text())
    if length > MAX_TEXT_CHARS:
        return f"text too long for a report: {length:,} characters (limit {MAX_TEXT_CHARS:,})"
    return not_a_report_reason(doc)


def _parse_bytes(data: bytes, filename: str | None, url: str | None, images: Mapping[str, bytes] | None) -> dict:
    from .report import build_report, empty_report

    name = filename or url
    fmt, refused = _refusal(data, filename, url)
    if refused:
        return empty_report(name, fmt, refused)
    doc = _document(fmt, data, filename, url, images)
    if isinstance(doc, str):
        return empty_report(name, fmt, doc)
    reason = _not_a_report(doc)
    if reason:
        return empty_report(name, doc.format, reason)
    try:
        report = build_report(doc, name)
    except Exception as exc:  # the engine must never crash a batch; say why instead
        return empty_report(name, doc.format, f"parser failure: {type(exc).__name__}: {exc}")
    if report["error"] is None and not report["cells"] and not doc.text().strip():
        if report["layout"] != "needs_ocr":
            report["error"] = "no text in the document"
        elif "not installed" not in (doc.error or ""):
            report["error"] = "no text: OCR found none on the page images (blank pages, or no report)"
    return report


def read_capped(path: str | Path) -> bytes:
    """A regular file's bytes, at most ``MAX_INPUT_BYTES``.  A FIFO, a device or a directory is
    refused before it is opened (opening a FIFO blocks; /dev/zero never ends)."""
    from .limits import MAX_INPUT_BYTES, LimitExceeded, MiB

    info = os.stat(path)  # follows symlinks: a link to /dev/zero is the device
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a directory"
            if stat.S_ISDIR(info.st_mode)
            else "a named pipe (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "not a regular file"
        )
        raise LimitExceeded(f"not a regular file: {kind}")
    if info.st_size > MAX_INPUT_BYTES:
        raise LimitExceeded(f"file too large: {info.st_size // MiB} MiB (limit {MAX_INPUT_BYTES // MiB} MiB)")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: a file swapped for a FIFO since stat
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise LimitExceeded("not a regular file")
        data = handle.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise LimitExceeded(f"file too large: more than {MAX_INPUT_BYTES // MiB} MiB")
    return data


def parse_file(path: str | Path) -> dict:
    from .limits import LimitExceeded
    from .report import empty_report

    p = Path(path)
    try:
        data = read_capped(p)
    except LimitExceeded as exc:
        return encodable(empty_report(str(path), "text", f"cannot read file: {exc}"))
    except OSError as exc:
        return encodable(empty_report(str(path), "text", f"cannot read file: {exc.strerror or exc}"))
    return parse_bytes(data, filename=p.name)
