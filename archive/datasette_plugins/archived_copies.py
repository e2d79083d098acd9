"""Datasette plugin: serve the archived bytes of every document, and link them.

``/-/blob/<sha256>`` answers with the blob from ``DATA_DIR/blobs`` exactly as
the agency's server sent it, with the Content-Type it was served with.  A
scraped HTML page is shown sandboxed (``Content-Security-Policy: sandbox``):
its scripts never run on this site's origin.  ``archived_copy`` cells render
as links to it.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import AsgiFileDownload, Response
from markupsafe import Markup, escape

from rawarchive import blob_path

_BLOB = re.compile(r"^/-/blob/([0-9a-f]{64})$")
_FORMAT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
    "html": "text/html",
    "text": "text/plain",
}


def _blobs_dir(datasette) -> Path | None:
    config = datasette.plugin_config("nianbao") or {}
    value = config.get("blobs_dir")
    return Path(value) if value else None


async def serve_blob(datasette, request):
    sha256 = request.url_vars["sha256"]
    root = _blobs_dir(datasette)
    path = blob_path(root, sha256) if root else None
    if path is None or not path.is_file():
        return Response.text("not in the archive", status=404)
    db = datasette.get_database()
    row = (await db.execute(
        "select content_type, filename, format from documents where sha256 = ?", [sha256])).first()
    content_type, filename, fmt = (row["content_type"], row["filename"], row["format"]) if row else (None, None, None)
    content_type = content_type or _FORMAT_TYPES.get(fmt or "") or (
        mimetypes.guess_type(filename)[0] if filename else None) or "application/octet-stream"
    headers = {
        "Content-Security-Policy": "sandbox",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "public, max-age=31536000, immutable",  # content-addressed: never changes
        "ETag": f'"{sha256}"',
    }
    if filename:
        headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return AsgiFileDownload(path, content_type=content_type, headers=headers)


@hookimpl
def register_routes():
    return [(r"^/-/blob/(?P<sha256>[0-9a-f]{64})$", serve_blob)]


@hookimpl
def render_cell(value, column, datasette):
    if column != "archived_copy" or not isinstance(value, str):
        return None
    match = _BLOB.match(value)
    if not match:
        return None
    href = datasette.urls.path(value)
    return Markup(f'<a href="{escape(href)}">存档副本 archived copy</a>')
