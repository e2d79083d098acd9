"""How much a single document may cost the parser, and the checks that keep it there.

A crawled file is untrusted: it may be a decompression bomb (a PDF stream, a DOCX
member), a page too large to render, an HTML tree nested beyond any page a CMS
writes, or a number no database can store.  Every such bound lives here, so the
format front-ends call one function and a reader finds every number in one place.
Time and total memory are bounded one level up, by running each document in a
child process (``parsers.isolation``).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

MiB = 1024 * 1024

# Anything the crawler archives (DOWNLOAD_MAXSIZE 200 MiB) is parsed; beyond that it is no report.
MAX_INPUT_BYTES = 256 * MiB
# One DOCX/ZIP member, and all members together, once inflated (python-docx loads every part).
MAX_ZIP_MEMBER_BYTES = 64 * MiB
MAX_ZIP_TOTAL_BYTES = 256 * MiB
# One PDF stream once inflated: a content stream of a real report is a few MB, a 600 dpi
# RGB page image about 100 MB.
MAX_PDF_STREAM_BYTES = 160 * MiB
# Pixels of one rendered page for OCR: A4 at 200 dpi is 3.9 Mpx; a poster-sized or 200-inch
# page is scaled down to this, never rendered at full size (parsers/formats/scan.py).
MAX_PAGE_PIXELS = 8_000_000
# An image larger than this is not decoded at all (a decompression bomb).
MAX_SOURCE_PIXELS = 200_000_000
# Characters of a document's text: the longest real reports run to a few hundred thousand;
# the engine's time grows with the text (about 1.5 s per million characters).
MAX_TEXT_CHARS = 3_000_000
# Element nesting of an HTML page: CMS pages stay under 60; the walkers recurse per level.
MAX_HTML_DEPTH = 300
# Per document, enforced by parsers.isolation: wall-clock seconds and address space.
DOCUMENT_SECONDS = 110.0
DOCUMENT_MEMORY_BYTES = 1400 * MiB  # 1.47 GB: under a 1.5 GB budget per document
# SQLite stores integers as signed 64-bit: a larger count is kept as text.
MAX_INTEGER = 2**63 - 1


class LimitExceeded(Exception):
    """The document exceeds one of the bounds above; the message says which, for a person."""


def check_zip(data: bytes) -> None:
    """Refuse a ZIP package whose members inflate beyond the bounds (sizes from the central
    directory: ``zipfile`` stops reading a member at its declared size, so they cannot lie)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = 0
        for info in archive.infolist():
            if info.file_size > MAX_ZIP_MEMBER_BYTES:
                raise LimitExceeded(
                    f"decompression bomb: member {info.filename} inflates to "
                    f"{info.file_size // MiB} MiB (limit {MAX_ZIP_MEMBER_BYTES // MiB} MiB)"
                )
            total += info.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            raise LimitExceeded(
                f"decompression bomb: members inflate to {total // MiB} MiB in all "
                f"(limit {MAX_ZIP_TOTAL_BYTES // MiB} MiB)"
            )


_STREAM_START = re.compile(rb"stream\r?\n")
_CHUNK = 1 * MiB


def check_pdf_streams(data: bytes) -> None:
    """Refuse a PDF with a Flate stream that inflates beyond ``MAX_PDF_STREAM_BYTES``.

    pdfminer inflates a stream whole, in one call; so each stream is inflated here first,
    chunk by chunk with the output dropped, to learn its size in bounded memory.  A stream
    that is not zlib data (JPEG, CCITT, plain) fails on its first bytes and is skipped."""
    for match in _STREAM_START.finditer(data):
        start = match.end()
        if data[start : start + 1] not in (b"\x78", b"\x08", b"\x18", b"\x28", b"\x38", b"\x48", b"\x58", b"\x68"):
            continue  # no zlib header (CMF byte with deflate): not a Flate stream
        inflater = zlib.decompressobj()
        size, pos = 0, start
        try:
            while not inflater.eof and pos < len(data):
                chunk = inflater.decompress(data[pos : pos + 64 * 1024], _CHUNK)
                pos += 64 * 1024
                size += len(chunk)
                while inflater.unconsumed_tail and size <= MAX_PDF_STREAM_BYTES:
                    size += len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
                if size > MAX_PDF_STREAM_BYTES:
                    raise LimitExceeded(
                        f"decompression bomb: a PDF stream at byte {start} inflates beyond "
                        f"{MAX_PDF_STREAM_BYTES // MiB} MiB"
                    )
        except zlib.error:
            continue


def html_depth_exceeded(root) -> bool:  # type: ignore[no-untyped-def]
    """True when the element tree nests deeper than ``MAX_HTML_DEPTH`` (walked without recursion)."""
    from lxml import etree

    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_HTML_DEPTH:
            return True
    return False
