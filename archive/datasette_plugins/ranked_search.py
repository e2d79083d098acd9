"""Datasette plugin: the reports table's search page ranked by relevance, each hit with its passage.

Datasette 0.65's table page orders a search like any listing, by a column (here the year,
``sort_desc`` in ``archive.metadata``): it has no order by relevance (its issue #268, "Mechanism
for ranking results from SQLite full-text search", is open) and no hook for the order of its
SQL.  So on the HTML page of ``/archive/reports?_search=…`` -- asked for without ``_sort``,
``_sort_desc`` or ``_next`` -- this plugin rewrites the one statement that fills the page
(recognised by its shape, ``select <columns> from reports where … order by … limit n``, and by
Datasette's own search clause in it):

* the hits are ranked in the index by bm25 (title ten times the text, as the canned
  ``search_reports``), the page is the best ``n`` after ``_rank_offset``;
* the page's rows only -- never the whole match set -- get a ``passage`` column: the text
  around the first place a search term occurs (``report_texts``, by the shared rowid), which
  ``research_pages`` highlights.

Everything else on the page is Datasette's: the filters, the count, the facets (on the
unordered match set), the column choice.  Its "Next page" link, a keyset on the year, is
replaced by the next ranked page (``_rank_offset``).  The JSON and CSV of the same search
keep Datasette's order and paging (a keyset that streams every row exactly once).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qs

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import path_with_replaced_args
from markupsafe import Markup

from archive.passages import highlighted, passage

DB, TABLE, FTS = "archive", "reports", "reports_fts"
PATH = f"/{DB}/{TABLE}"
# Datasette 0.65's search clause (datasette/filters.py, fts_pk rowid), exactly as it writes it
SEARCH_CLAUSE = f"rowid in (select rowid from {FTS} where {FTS} match escape_fts(:search))"
_PAGE_SQL = re.compile(
    rf"^select (?P<columns>[^()]+?) from {TABLE} where (?P<where>.+) order by [^()]+? limit (?P<limit>\d+)$", re.S
)


class RankedPage:
    """The ranked search page being answered: what it asked, and whether more ranked hits follow."""

    # (a plain class: Datasette loads this module by path, outside sys.modules, where dataclass fails)
    def __init__(self, search: str, offset: int) -> None:
        self.search, self.offset = search, offset
        self.size = 0  # rows shown
        self.more = False
        self.tried = False  # the page's statement was met (later ones, counts and facets, are Datasette's)
        self.ranked = False  # and ranked in time
        self.passages: dict[str, Markup] = {}  # report id -> its passage, the page's rows only


_PAGE: ContextVar[RankedPage | None] = ContextVar("nianbao_ranked_page", default=None)


def ranked_page(path: str, query_string: str) -> RankedPage | None:
    """The request as a ranked search page, or None when it is anything else."""
    if path != PATH:
        return None
    args = parse_qs(query_string, keep_blank_values=True)
    search = (args.get("_search") or [""])[0].strip()
    if not search or any(k in args for k in ("_sort", "_sort_desc", "_next")):
        return None
    offset = (args.get("_rank_offset") or ["0"])[0]
    return RankedPage(search, int(offset) if offset.isdigit() else 0)


def ranked_sql(sql: str, offset: int) -> str | None:
    """The table page's statement ranked by relevance (bm25 over the hits), or None if it is another."""
    match = _PAGE_SQL.match(sql.strip())
    if not match or SEARCH_CLAUSE not in match["where"]:
        return None
    where = match["where"].replace(SEARCH_CLAUSE, "1", 1)
    return f"""with hits(hit_rowid, relevance) as (
  select rowid, bm25({FTS}, 10.0, 1.0) from {FTS} where {FTS} match escape_fts(:search)
)
select {match["columns"]} from hits join {TABLE} on {TABLE}.rowid = hits.hit_rowid
where {where} order by hits.relevance, {TABLE}.id limit {match["limit"]} offset {offset}"""


async def _passages(execute: Any, ids: list[str], search: str) -> dict[str, Markup]:
    """The passages of the page's reports (their texts only, ``report_texts``)."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = await execute(f"select report, text from report_texts where report in ({marks})", ids)
    return {rid: highlighted(p, search) for rid, text in rows.rows if (p := passage(text, search))}


def _remember_page(app):
    async def wrapped(scope, receive, send):
        if scope.get("type") == "http":
            _PAGE.set(ranked_page(scope.get("path", ""), scope.get("query_string", b"").decode("latin-1")))
        await app(scope, receive, send)

    return wrapped


@hookimpl
def asgi_wrapper():
    return _remember_page


@hookimpl
def startup(datasette):
    """Route the archive's statements through ``ranked_execute`` (the table page's SQL has no hook)."""
    if DB not in datasette.databases:
        return
    db = datasette.get_database(DB)
    execute = db.execute

    async def ranked_execute(sql: str, params: Any = None, *args: Any, **kwargs: Any):
        page = _PAGE.get()
        rewritten = ranked_sql(sql, page.offset) if page is not None and not page.tried else None
        if rewritten is None:
            return await execute(sql, params, *args, **kwargs)
        page.tried = True
        try:
            results = await execute(rewritten, params, *args, **kwargs)
        except QueryInterrupted:  # too many hits to rank within sql_time_limit_ms: Datasette's order, said so
            return await execute(sql, params, *args, **kwargs)
        page.ranked = True
        limit = int(_PAGE_SQL.match(sql.strip())["limit"])
        page.size, page.more = limit - 1, len(results.rows) >= limit  # Datasette asks for one row more
        page.passages = await _passages(execute, [row["id"] for row in results.rows[: page.size]], page.search)
        return results

    db.execute = ranked_execute


@hookimpl
def extra_template_vars(request, view_name, table, datasette):
    page = _PAGE.get()
    if view_name != "table" or table != TABLE or page is None or not page.tried:
        return {}
    if not page.ranked:
        return {"nianbao_rank_timed_out": True}
    next_url = None
    if page.more:
        path = path_with_replaced_args(request, {"_rank_offset": str(page.offset + page.size)})
        next_url = datasette.absolute_url(request, datasette.urls.path(path))
    return {
        "next_url": next_url,
        "sort": None,
        "sort_desc": None,
        "human_description_en": f'search matches "{page.search}", ranked by relevance (bm25)',
        "nianbao_passages": page.passages,
    }
