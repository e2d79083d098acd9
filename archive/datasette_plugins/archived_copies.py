"""Datasette plugin: serve the archived bytes of every document, viewable in the browser, and link them.

``/-/blob/<sha256>`` answers with the blob from ``DATA_DIR/blobs`` exactly as the
agency's server sent it, under the type the bytes are (magic bytes: a PDF is a
PDF whatever the server said, so the browser shows it inline; else the fetch
log's type) and its original file name (``Content-Disposition: inline``).

``/-/view/<sha256>`` is where a reader opens an archived copy: an HTML page is
shown under a banner (archived copy of which URL, fetched when, links to the
live page and to the bytes as received), with its links to attachments that
were archived too pointing at their archived copies and its other relative
links at the live site (they mean nothing here); any other document
redirects to its bytes.  ``archived_copy`` cells link there.

A scraped page is sandboxed (``Content-Security-Policy: sandbox``): its scripts
never run on this site's origin.
"""

from __future__ import annotations

import html
import mimetypes
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from datasette import hookimpl
from datasette.utils.asgi import AsgiFileDownload, Response
from markupsafe import Markup, escape

from archive.views import view_link
from parsers.charset import decode_html
from parsers.doctypes import OLE2, ZIP, mime_type
from rawarchive import blob_path

_BLOB = re.compile(r"^/-/blob/([0-9a-f]{64})$")
_MAGIC = [
    (b"%PDF-", mime_type("pdf")),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
]
_LINK = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_BODY = re.compile(r"<body\b[^>]*>", re.I)
_HTML_HINT = re.compile(rb"<(!doctype html|html|head|body)\b", re.I)
HEADERS = {
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=31536000, immutable",  # content-addressed: never changes
}


def _blobs_dir(datasette) -> Path | None:
    config = datasette.plugin_config("nianbao") or {}
    value = config.get("blobs_dir")
    return Path(value) if value else None


def content_type(head: bytes, logged: str | None, fmt: str | None, filename: str | None) -> str:
    """The type the bytes are: magic bytes first, then the format the parser read, the logged header, the name."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith((ZIP, OLE2)) and _format_type(fmt):
        return _format_type(fmt)
    if head.startswith(ZIP):
        return mime_type("zip")
    if logged and not logged.startswith(("application/octet-stream", "binary/")):
        return logged
    if _HTML_HINT.search(head[:2048]):
        return "text/html"
    return _format_type(fmt) or (mimetypes.guess_type(filename)[0] if filename else None) or "application/octet-stream"


def _format_type(fmt: str | None) -> str | None:
    """The MIME type of a parsed format (parsers.doctypes).  A ``scan`` is an image-only PDF or a
    picture; pictures were told by their magic bytes before this, so a scan left over is served as
    the PDF it most often is."""
    return mime_type("pdf" if fmt == "scan" else fmt) if fmt else None


def file_name(filename: str | None, url: str | None) -> str | None:
    """The original file name: from Content-Disposition or the link, else the URL's last path segment."""
    if filename:
        return filename
    name = PurePosixPath(unquote(urlsplit(url or "").path)).name
    return name or None


def _banner(row: dict, raw_href: str) -> str:
    url, at = row["url"] or "", row["fetched_at"] or "?"
    link = f'<a href="{html.escape(url)}" rel="nofollow" style="color:#fff">{html.escape(url)}</a>'
    return (
        '<div style="all:initial;display:block;background:#1f4e79;color:#fff;font:14px/1.5 sans-serif;'
        'padding:.5em 1em;position:relative;z-index:2147483647">'
        f"存档副本 · Archived copy of {link}, fetched {html.escape(at)} (UTC) by the nianbao archive. "
        f'<a href="{html.escape(url)}" rel="nofollow" style="color:#fff">Live page</a> · '
        f'<a href="{html.escape(raw_href)}" style="color:#fff">bytes as received</a></div>'
    )


def _relative_web_link(raw: str) -> bool:
    return bool(raw) and not raw.startswith("#") and ":" not in raw.split("/", 1)[0]


def annotate_html(data: bytes, ctype: str, row: dict, archived: dict[str, str], raw_href: str) -> tuple[bytes, str]:
    """The page with the banner after ``<body>`` and its archived attachments' links pointing here."""
    text, charset = decode_html(data, ctype)  # the one charset policy: declared charsets may lie
    base = row["final_url"] or row["url"] or ""

    def relink(match: re.Match) -> str:
        raw = html.unescape(match.group(3).strip())
        target = urljoin(base, raw)
        # an archived attachment opens here; any other link leads to the live site, not to this one
        local = archived.get(target)
        if local is None and match.group(1).lower().startswith("href") and _relative_web_link(raw):
            local = target
        return f"{match.group(1)}{match.group(2)}{html.escape(local)}{match.group(2)}" if local else match.group(0)

    text = _LINK.sub(relink, text)
    banner = _banner(row, raw_href)
    body = _BODY.search(text)
    text = text[: body.end()] + banner + text[body.end() :] if body else banner + text
    return text.encode(charset, errors="xmlcharrefreplace"), charset


async def _archived_attachments(db, row: dict, absolute) -> dict[str, str]:
    urls = [u for u in (row["url"], row["final_url"]) if u]
    if not urls:
        return {}
    marks = ", ".join("?" for _ in urls)
    found = await db.execute(
        f"select url, final_url, archived_copy from documents where page_url in ({marks})"
        " and archived_copy is not null",
        urls,
    )
    out: dict[str, str] = {}
    for r in found.rows:
        for u in (r["url"], r["final_url"]):
            if u:
                out[u] = absolute(r["archived_copy"])
    return out


async def _document(datasette, sha256: str) -> tuple[Path | None, dict[str, Any], bool]:
    """(blob path or None, its documents row, whether the archive knows the document)."""
    root = _blobs_dir(datasette)
    path = blob_path(root, sha256) if root else None
    fields = ["content_type", "filename", "format", "url", "final_url", "fetched_at"]
    found = (
        await datasette.get_database().execute(f"select {', '.join(fields)} from documents where sha256 = ?", [sha256])
    ).first()
    row = dict(zip(fields, tuple(found) if found else [None] * len(fields), strict=True))
    return (path if path is not None and path.is_file() else None), row, found is not None


def _headers(sha256: str, row: dict[str, Any]) -> dict[str, str]:
    headers = {**HEADERS, "ETag": f'"{sha256}"'}
    name = file_name(row["filename"], row["url"])
    if name:
        headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    return headers


def _sniffed(path: Path, row: dict[str, Any]) -> str:
    with path.open("rb") as f:
        head = f.read(4096)
    return content_type(head, row["content_type"], row["format"], row["filename"])


async def serve_blob(datasette, request):
    """The bytes exactly as received, under the type they are."""
    sha256 = request.url_vars["sha256"]
    path, row, _ = await _document(datasette, sha256)
    if path is None:
        return Response.text("not in the archive", status=404)
    return AsgiFileDownload(path, content_type=_sniffed(path, row), headers=_headers(sha256, row))


async def view_blob(datasette, request):
    """An archived HTML page under its banner; any other document is its bytes (``/-/blob/``)."""
    sha256 = request.url_vars["sha256"]
    path, row, known = await _document(datasette, sha256)
    if path is None:
        return Response.text("not in the archive", status=404)
    ctype = _sniffed(path, row)
    if not (ctype.startswith("text/html") and known):
        return Response.redirect(f"/-/blob/{sha256}")
    archived = await _archived_attachments(
        datasette.get_database(), row, lambda p: datasette.absolute_url(request, view_link(p))
    )
    body, charset = annotate_html(path.read_bytes(), ctype, row, archived, f"/-/blob/{sha256}")
    headers = {**_headers(sha256, row), "ETag": f'"{sha256}-view"'}
    return Response(body, content_type=f"text/html; charset={charset}", headers=headers)


@hookimpl
def register_routes():
    return [(r"^/-/blob/(?P<sha256>[0-9a-f]{64})$", serve_blob), (r"^/-/view/(?P<sha256>[0-9a-f]{64})$", view_blob)]


@hookimpl
def render_cell(value, column, datasette):
    if column != "archived_copy" or not isinstance(value, str):
        return None
    match = _BLOB.match(value)
    if not match:
        return None
    # the bytes as received, and the reader's view (an HTML page under its banner; else the same bytes)
    blob, view = datasette.urls.path(value), datasette.urls.path(view_link(value))
    return Markup(f'<a href="{escape(blob)}">存档副本 archived copy</a> · <a href="{escape(view)}">查看 view</a>')
