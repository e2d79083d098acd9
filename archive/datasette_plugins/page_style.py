"""Datasette plugin: a little CSS so a researcher sees the data first.

Datasette 0.65 prints every column description above a table's rows; the
reports table has thirty of them, which pushed the rows below the fold.
They are kept (they are the data dictionary) but set in narrow columns.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response

STYLE_URL = "/-/nianbao.css"
STYLE = """
dl.column-descriptions { columns: 3 18em; column-gap: 2em; font-size: 0.78rem; line-height: 1.3;
                         border-left: 3px solid #ddd; padding-left: 0.8em; margin: 0.5em 0 1em; }
dl.column-descriptions dt { break-after: avoid; margin-top: 0.2em; }
dl.column-descriptions dd { break-before: avoid; margin: 0 0 0.2em 0.8em; color: #555; }
.demo-banner { background: #fde2e2; border-bottom: 2px solid #c33; margin: 0; padding: .4em 1em; }
td.col-passage { min-width: 24em; } \
.table-reports td.col-title { min-width: 18em; } td.col-passage mark { background: #ffe066; }
"""


async def _style(request):
    return Response(STYLE, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})


@hookimpl
def register_routes():
    return [(r"^/-/nianbao\.css$", _style)]


@hookimpl
def extra_css_urls():
    return [STYLE_URL]
