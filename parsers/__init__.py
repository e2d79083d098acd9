"""Pure parsers: a document's bytes → the report JSON of DESIGN.md.

``parse_bytes`` sniffs the format (``parsers.detect``), lets the format's
front-end (``parsers.formats.<fmt>``) build a ``Document``, and reads the
statutory tables, metadata and sections from that.  No network, no Scrapy.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

__all__ = ["parse_bytes", "parse_file"]


def parse_bytes(data: bytes, filename: str | None = None, url: str | None = None,
                images: Mapping[str, bytes] | None = None) -> dict:
    """``images``: for an HTML page whose report is page images (a flipbook), the bytes
    of its images by absolute URL; they are read by OCR when the page has no table."""
    from .detect import detect_format
    from .formats import to_document
    from .report import build_report, empty_report

    name = filename or url
    fmt = detect_format(data, filename or url)
    if fmt == "empty":
        return empty_report(name, "text", "empty file")
    if fmt == "zip":
        return empty_report(name, "zip", "a zip archive that is not a DOCX document")
    try:
        doc = to_document(fmt, data, filename=filename, url=url)
    except Exception as exc:  # a corrupt or encrypted file must not stop a batch
        return empty_report(name, fmt, f"cannot read {fmt}: {type(exc).__name__}: {exc}")
    if not doc.format:
        doc.format = fmt
    if images and fmt == "html":
        from .formats.scan import with_page_images

        doc = with_page_images(doc, data, images, url)
    try:
        report = build_report(doc, name)
    except Exception as exc:  # the engine must never crash a batch; say why instead
        return empty_report(name, doc.format, f"parser failure: {type(exc).__name__}: {exc}")
    if report["error"] is None and report["layout"] != "needs_ocr" and not report["cells"] and not doc.text().strip():
        report["error"] = "no text in the document"
    return report


def parse_file(path: str | Path) -> dict:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        from .report import empty_report

        return empty_report(str(path), "text", f"cannot read file: {exc.strerror or exc}")
    return parse_bytes(data, filename=p.name)
