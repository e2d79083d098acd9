"""Datasette plugin: a table page shows the columns a reader scans, unless asked for others.

Datasette 0.65 has no metadata option to hide columns by default; its ``_col``
and ``_nocol`` arguments choose them per request.  For the tables named in the
plugin configuration (``nianbao.default_columns`` in ``archive.metadata``), an
HTML table page requested without ``_col``/``_nocol`` is answered as if it had
been asked for those columns: the row identifiers, the report's facts and its
links, not its long text.  Sorting, facets and search links keep the choice;
``?_nocol=`` with any column shows the others; JSON and CSV are untouched.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode

from datasette import hookimpl


def _with_default_columns(scope, tables: dict[str, list[str]]):
    if scope.get("type") != "http":
        return scope
    path = scope.get("path", "")
    parts = path.strip("/").split("/")
    # the full database's tables only: the compact stats.db has a narrower reports table of its own
    if len(parts) != 2 or parts[0] != "archive" or parts[1] not in tables:
        return scope
    pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if any(key in ("_col", "_nocol") for key, _ in pairs):
        return scope
    query = urlencode([*pairs, *(("_col", c) for c in tables[parts[1]])], quote_via=quote)
    return {**scope, "query_string": query.encode("latin-1")}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            tables = ((datasette.plugin_config("nianbao") or {}).get("default_columns")) or {}
            await app(_with_default_columns(scope, tables), receive, send)

        return wrapped

    return wrap
