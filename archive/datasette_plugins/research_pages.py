"""Datasette plugin: the pages a researcher reads -- a report, an agency, how to cite.

* ``/-/report/<agency>/<year>``: the report as the statutory form (``report.html``);
* ``/-/agency/<agency>``: the agency's place, every year since 2008, key figures side by side;
* ``/-/about``: licence, sources, how to cite, build date.

Cells named ``report`` (any table or canned query) link to the report page, a
report's title to its report page (its id still leads to Datasette's row page,
whose template links the report page too), and ``agency`` cells to the agency page.
Every page gets the demo banner when the archive is the demo's (``NIANBAO_DEMO``).
"""

from __future__ import annotations

import os
import re
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from archive import views
from archive.passages import highlighted
from archive.provenance import provenance

DB = "archive"
_REPORT_ID = re.compile(r"^.+/\d{4}$")


def demo() -> bool:
    return os.environ.get("NIANBAO_DEMO") == "1"


def report_href(rid: str) -> str:
    return "/-/report/" + quote(rid)


def agency_href(name: str) -> str:
    return "/-/agency/" + quote(name, safe="")


def _built(datasette) -> str | None:
    path = datasette.get_database(DB).path
    if not path or not Path(path).exists():
        return None
    return datetime.fromtimestamp(Path(path).stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")


async def report_page(datasette, request):
    db = datasette.get_database(DB)
    rid = unquote(request.url_vars["rid"])  # routes match the raw (percent-encoded) path
    view = await views.report_view(db, rid)
    if view is None:
        return Response.html(f"<h1>No report {escape(rid)}</h1>", status=404)
    kind, text = provenance(view["report"]["agency"], view["report"]["year"], demo())
    base = datasette.absolute_url(request, "/")
    context = {
        **view,
        "r": view["report"],
        "provenance_kind": kind,
        "provenance": text,
        "stable_url": base.rstrip("/") + "/-/report/" + rid,
        "report_href": report_href,
        "agency_href": agency_href,
        "marker_labels": MARKERS,
        "view_link": views.view_link,
        "row_href": datasette.urls.row(DB, "reports", tilde_encode(rid)),
    }
    return Response.html(await datasette.render_template("report.html", context, request=request))


async def agency_page(datasette, request):
    db = datasette.get_database(DB)
    name = unquote(request.url_vars["name"])
    view = await views.agency_view(db, name)
    if view is None:
        return Response.html(f"<h1>No agency {escape(name)}</h1>", status=404)
    context = {**view, "report_href": report_href, "agency_href": agency_href}
    return Response.html(await datasette.render_template("agency.html", context, request=request))


async def about_page(datasette, request):
    context = {"built": _built(datasette), "demo": demo()}
    return Response.html(await datasette.render_template("about.html", context, request=request))


MARKERS = {
    "blank": "空白 blank",
    "dash": "－ dash",
    "slash": "／ slash",
    "wu": "无 none",
    "na": "不适用 n/a",
    "text": "文字 text",
    "out_of_range": "超出范围 out of range",
    "ocr_unreadable": "OCR不清 unreadable",
}


@hookimpl
def register_routes():
    return [
        (r"^/-/report/(?P<rid>.+/\d{4})$", report_page),
        (r"^/-/agency/(?P<name>[^/]+)$", agency_page),
        (r"^/-/about$", about_page),
    ]


# Datasette 0.65's render_cell gets no request: the query being shown is kept per request here.
_SEARCHED: ContextVar[str] = ContextVar("nianbao_searched", default="")


def remember_search(app):
    async def wrapped(scope, receive, send):
        if scope.get("type") == "http":
            args = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            _SEARCHED.set((args.get("q") or args.get("_search") or [""])[0])
        await app(scope, receive, send)

    return wrapped


@hookimpl
def asgi_wrapper():
    return remember_search


@hookimpl
def render_cell(row, value, column, table):
    if not isinstance(value, str):
        return None
    if column == "passage":
        return highlighted(value, _SEARCHED.get())
    if table == "reports" and column == "title" and "id" in row.keys():
        return Markup(f'<a href="{escape(report_href(row["id"]))}">{escape(value)}</a>')
    if column == "report" and _REPORT_ID.match(value):
        return Markup(f'<a href="{escape(report_href(value))}">{escape(value)}</a>')
    if column == "agency" and table in {"reports", "report_t2", "report_t3_totals", "report_t4", "report_timeliness"}:
        return Markup(f'<a href="{escape(agency_href(value))}">{escape(value)}</a>')
    if table == "agencies" and column == "name":
        return Markup(f'<a href="{escape(agency_href(value))}">{escape(value)}</a>')
    return None


@hookimpl
def extra_template_vars(datasette):
    return {"nianbao_demo": demo(), "nianbao_built": _built(datasette)}
