"""Datasette plugin: the published databases as files a researcher carries away.

* ``/-/downloads/stats.db.gz``: the compact statistics database (``archive.compact``), gzipped by
  the build beside ``stats.db``, sent as an attachment;
* ``/archive.db``: the full database, Datasette's own download of an immutable database.

The about page (``about.html``) lists both with their sizes (``nianbao_downloads``).
"""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import AsgiFileDownload, Response

from archive.compact import compact_path, download_path

DB = "archive"
COMPACT_DOWNLOAD = "/-/downloads/stats.db.gz"


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def _full(datasette) -> Path | None:
    if DB not in datasette.databases or not datasette.get_database(DB).path:
        return None
    return Path(datasette.get_database(DB).path)


def compact_download(datasette) -> Path | None:
    full = _full(datasette)
    path = download_path(compact_path(full)) if full is not None else None
    return path if path is not None and path.is_file() else None


def downloads(datasette) -> list[dict[str, str]]:
    """The files offered, each with its address, size and what it holds."""
    out = []
    full = _full(datasette)
    if full is not None and full.is_file():
        out.append(
            {
                "name": full.name,
                "href": f"/{DB}.db",
                "size": human_size(full.stat().st_size),
                "what": "全库 · the full database: text and sections, every cell with its printed text and "
                "marker, documents and fetch provenance",
            }
        )
    compact = compact_download(datasette)
    if compact is not None:
        out.append(
            {
                "name": compact.name,
                "href": COMPACT_DOWNLOAD,
                "size": human_size(compact.stat().st_size),
                "what": "统计库 · the compact statistics database, gzipped: agencies, reports, the wide "
                "per-table tables, checks and timeliness; no text, no raw cell text",
            }
        )
    return out


async def compact_database(datasette, request):
    path = compact_download(datasette)
    if path is None:
        return Response.text("stats.db.gz has not been built", status=404)
    return AsgiFileDownload(
        path, filename=path.name, content_type="application/gzip", headers={"Cache-Control": "max-age=3600"}
    )


@hookimpl
def register_routes():
    return [(r"^/-/downloads/stats\.db\.gz$", compact_database)]


@hookimpl
def extra_template_vars(template, datasette):
    return {"nianbao_downloads": downloads(datasette)} if template == "about.html" else {}
