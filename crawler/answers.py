"""What kind of answer a response is (a page, a file) and the file name it gives, from its headers
and first bytes: the spider routes by these, never by the link it followed alone."""

from __future__ import annotations

from email.message import Message
from email.utils import collapse_rfc2231_value
from urllib.parse import unquote

from scrapy.http import Response

from crawler import links
from parsers.doctypes import BY_FORMAT, DOCTYPES, document_mime_types

_HTML_TYPES = BY_FORMAT["html"].mime_types
# Crawler policy beyond the document table: any vendor type (``application/vnd.…``: office and
# e-document formats the table does not list yet) and any picture (a scanned report served as an
# image) is a file to archive, never a page to navigate.
_FILE_TYPE_PREFIXES = ("application/vnd.", "image/")
# ...but a column link answering ``text/plain`` has sent an error page or a JSON answer under the
# wrong type far more often than a report: a ``.txt`` report is known by its link, not its type.
_NOT_FILE_TYPES = frozenset({"text/plain"})
_DOCUMENT_TYPES = tuple(t for t in document_mime_types() if t not in _NOT_FILE_TYPES) + _FILE_TYPE_PREFIXES
# a file whose first bytes are a document type's signature (PDF, ZIP/DOCX, OLE2 DOC/WPS, RTF)
_ATTACHMENT_TYPES = tuple(t for t in DOCTYPES if t.attachment)
# Bare ``filename=`` values arrive as raw bytes in the portal's own encoding (no RFC 2231 label).
_RAW_NAME_ENCODINGS = ("utf-8", "gb18030")


def content_type(response: Response) -> str:
    return response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0].strip().lower()


def is_html(response: Response) -> bool:
    kind = content_type(response)
    if kind:
        return kind.startswith(_HTML_TYPES)
    return response.body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


def is_document(response: Response) -> bool:
    """A file answer (PDF, office, archive, or anything sent as an attachment), not a list page,
    JSON or XML answer."""
    disposition = response.headers.get(b"Content-Disposition", b"").decode("latin-1").lower()
    return (
        disposition.startswith("attachment")
        or content_type(response).startswith(_DOCUMENT_TYPES)
        or any(t.matches(response.body) for t in _ATTACHMENT_TYPES)
    )


def disposition_filename(header: bytes) -> str | None:
    """The file name of a ``Content-Disposition`` header: its RFC 2231/5987 ``filename*=`` when
    given (it wins over a plain ``filename=``), else the plain name, whose raw bytes are UTF-8 or
    GBK and may be percent-encoded."""
    message = Message()
    message["Content-Disposition"] = header.decode("latin-1")
    names = [value for key, value in message.get_params([], header="content-disposition") if key.lower() == "filename"]
    for value in names:
        if isinstance(value, tuple):  # RFC 2231: (charset, language, text)
            return collapse_rfc2231_value(value)
    for value in names:
        raw = value.encode("latin-1", "replace")
        for encoding in _RAW_NAME_ENCODINGS:
            try:
                return unquote(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
    return None


def filename(response: Response, link_text: str | None) -> str | None:
    """The file's name: from ``Content-Disposition``, else the link's text when it reads as one."""
    header = response.headers.get(b"Content-Disposition", b"")
    name = disposition_filename(header) if header else None
    if name:
        return name
    if link_text and links.is_document_url("x/" + link_text.strip()):
        return link_text.strip()
    return None
