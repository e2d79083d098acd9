"""Document types in one table: format name, file extensions, MIME types, magic bytes, reader modules.

``parsers.detect`` sniffs a format by the signatures here (never by extension alone: an extension
only tells rows with the same magic apart, OLE2 DOC from WPS); ``parsers.formats`` imports the
reader modules listed here.  Everything else that names a document type reads this table too:
the crawler's links, onclick addresses and answer kinds (``crawler.links``, ``crawler.pages``,
``crawler.answers``, each with its own exceptions written as filters over the table), the HTML
reader's attachment links, the archived-copy plugin's served types and the farm's.

A new format = its reader ``parsers/formats/<name>.py`` (``to_document(data, filename, url)``) +
one ``DocType`` row here (+ tests).  A row without modules is a file the crawler fetches and
archives but no reader reads (yet): it parses as ``binary``.
"""

from __future__ import annotations

from dataclasses import dataclass

# a signature: every (offset, bytes) of it must match
Signature = tuple[tuple[int, bytes], ...]

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class DocType:
    format: str  # the report JSON's ``format``
    extensions: tuple[str, ...]  # lower case, no dot
    mime_types: tuple[str, ...]  # the first is the one served
    signatures: tuple[Signature, ...] = ()
    modules: tuple[str, ...] = ()  # parsers.formats modules that read it, tried in order
    zip_member: str | None = None  # for a ZIP signature: the member that makes it this format
    by_extension: bool = False  # the signature is shared: this row only when the name has its extension
    attachment: bool = True  # a link to such a file is a report's attachment, not a page

    def matches(self, data: bytes) -> bool:
        return any(all(data[o : o + len(b)] == b for o, b in sig) for sig in self.signatures)

    def named(self, filename: str | None) -> bool:
        return (filename or "").lower().endswith(tuple(f".{e}" for e in self.extensions))


# In sniffing order: among rows whose signature matches, the first whose extra condition holds wins.
DOCTYPES: list[DocType] = [
    DocType("pdf", ("pdf",), ("application/pdf", "application/x-pdf"), (((0, b"%PDF"),),), ("pdf",)),
    DocType(
        "docx",
        ("docx",),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
        (((0, ZIP),),),
        ("docx",),
        zip_member="word/document.xml",
    ),
    DocType("zip", ("zip",), ("application/zip", "application/x-zip-compressed", "application/x-zip"), (((0, ZIP),),)),
    # WPS is an OLE2 word-processor file: the DOC reader reads it (after a WPS reader, if one is written)
    DocType(
        "wps",
        ("wps", "wpt"),
        ("application/vnd.ms-works", "application/x-wps", "application/kswps", "application/wps"),
        (((0, OLE2),),),
        ("wps", "doc"),
        by_extension=True,
    ),
    DocType(
        "doc",
        ("doc", "rtf"),
        ("application/msword", "application/rtf", "text/rtf"),
        (((0, OLE2),), ((0, b"{\\rtf"),)),
        ("doc",),
    ),
    DocType(
        "scan",
        ("png", "jpg", "jpeg", "gif", "tif", "tiff", "bmp", "webp"),
        ("image/png", "image/jpeg", "image/gif", "image/tiff", "image/bmp", "image/webp"),
        (
            ((0, b"\x89PNG"),),
            ((0, b"\xff\xd8\xff"),),
            ((0, b"GIF8"),),
            ((0, b"II*\x00"),),
            ((0, b"MM\x00*"),),
            ((0, b"BM"),),
            ((0, b"RIFF"), (8, b"WEBP")),
        ),
        ("scan",),
        attachment=False,
    ),
    # no signature: told from each other by their text (parsers.detect)
    DocType(
        "html",
        ("html", "htm", "shtml", "xhtml"),
        ("text/html", "application/xhtml+xml"),
        (),
        ("html",),
        attachment=False,
    ),
    DocType("text", ("txt", "md"), ("text/plain",), (), ("text",)),
    # fetched and archived, read by no module
    DocType(
        "xls",
        ("xls", "xlsx", "et"),
        ("application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ),
    DocType("rar", ("rar",), ("application/x-rar", "application/vnd.rar", "application/x-rar-compressed")),
    DocType("7z", ("7z",), ("application/x-7z-compressed",)),
    DocType("ofd", ("ofd",), ("application/ofd",)),
    DocType("odt", ("odt",), ("application/vnd.oasis.opendocument.text",)),
    DocType("ceb", ("ceb",), ("application/ceb",)),
]
BY_FORMAT = {t.format: t for t in DOCTYPES}

# what servers send for any file they mean to be downloaded, whatever its format
DOWNLOAD_MIME_TYPES = (
    "application/octet-stream",
    "application/x-download",
    "application/force-download",
    "application/x-msdownload",
)


def modules_for(fmt: str) -> tuple[str, ...]:
    doctype = BY_FORMAT.get(fmt)
    return doctype.modules if doctype else ()


def extensions_of(*formats: str) -> tuple[str, ...]:
    return tuple(e for f in formats for e in BY_FORMAT[f].extensions)


def attachment_extensions() -> tuple[str, ...]:
    """The extensions of a link that is a document attachment (the crawler's links)."""
    return tuple(e for t in DOCTYPES if t.attachment for e in t.extensions)


def mime_type(fmt: str) -> str | None:
    """The MIME type a blob of this format is served with."""
    doctype = BY_FORMAT.get(fmt)
    return doctype.mime_types[0] if doctype and doctype.mime_types else None


def document_mime_types() -> tuple[str, ...]:
    """Every MIME type of a document file (not a page), and the generic download types."""
    return tuple(m for t in DOCTYPES if t.attachment for m in t.mime_types) + DOWNLOAD_MIME_TYPES
