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

bm25 reads every hit: about 1 µs a hit on short texts, 1.5–3 µs on real reports.  So the ranking
gets ``NIANBAO_RANK_TIME_LIMIT_MS`` (default 120 ms) and is not tried past
``NIANBAO_RANK_MAX_HITS`` hits (default 100,000); a search it cannot rank in that time is
listed by year instead, and the page says so.  A narrower search (another word, a province) ranks.

This plugin also routes the archive's other search statements as ``archive.search_plan``
says: the count of a search from the index alone, a broad search's page by a walk in its
order.  Everything else on the page is Datasette's: the filters, the facets (on the
unordered match set), the column choice.  Its "Next page" link, a keyset on the year, is
replaced by the next ranked page (``_rank_offset``).  The JSON and CSV of the same search
keep Datasette's order and paging (a keyset that streams every row exactly once).
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qs

from datasette import hookimpl
from datasette.database import QueryInterrupted, Results
from datasette.utils import path_with_replaced_args
from markupsafe import Markup

from archive.passages import highlighted, passage
from archive.search_plan import HITS_SQL, TABLE, is_search_count, page_limit, ranked_sql, walked_sql
from archive.served_search import held, search_hits

DB = "archive"
PATH = f"/{DB}/{TABLE}"
# the ranking's budget: bm25 reads every hit; past it, the page lists the hits by year and says so
DEFAULT_RANK_TIME_LIMIT_MS = 120
DEFAULT_RANK_MAX_HITS = 100_000  # more than the budget ranks on the machines measured: not tried


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


class _SearchStatements:
    """The archive's statements, with a search's page and count answered as ``archive.search_plan`` says."""

    def __init__(self, datasette: Any, execute: Any) -> None:
        self.datasette, self.execute = datasette, execute
        self.rank_max = int(os.environ.get("NIANBAO_RANK_MAX_HITS") or DEFAULT_RANK_MAX_HITS)
        self.rank_ms = int(os.environ.get("NIANBAO_RANK_TIME_LIMIT_MS") or DEFAULT_RANK_TIME_LIMIT_MS)

    async def hits(self, search: str) -> int:
        """How many reports the search matches, from the index alone, once (``served_search.SearchHits``)."""
        kept = search_hits(self.datasette, DB)
        count = kept.count(search)
        if count is None:
            count = (await self.execute(HITS_SQL, {"search": search})).first()[0]
            kept.keep_count(search, count)
        return count

    async def __call__(self, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Results:
        search = params.get("search") if isinstance(params, dict) else None
        if search is None:
            return await self.execute(sql, params, *args, **kwargs)
        if is_search_count(sql):
            return Results([(await self.hits(search),)], False, [("count(*)",)])
        if page_limit(sql) is None:
            return await self.execute(sql, params, *args, **kwargs)
        page = _PAGE.get()
        if page is not None and not page.tried:
            page.tried = True
            if await self.hits(search) <= self.rank_max:
                ranked = await self.ranked(page, sql, params, *args, **kwargs)
                if ranked is not None:
                    return ranked
        table = held(self.datasette, DB, TABLE)
        walked = walked_sql(sql, await self.hits(search), table.rows) if table is not None else None
        results = await self.execute(walked or sql, params, *args, **kwargs)
        if page is not None and not page.ranked and not page.passages:  # listed by year: passages all the same
            shown = results.rows[: (page_limit(sql) or 1) - 1]
            page.passages = await _passages(self.execute, [row["id"] for row in shown], page.search)
        return results

    async def ranked(self, page: RankedPage, sql: str, params: Any, *args: Any, **kwargs: Any) -> Results | None:
        """The page ranked by bm25 with its passages, or None when the ranking ran out of time."""
        try:
            budget = min(self.rank_ms, kwargs.get("custom_time_limit") or self.rank_ms)
            results = await self.execute(
                ranked_sql(sql, page.offset), params, *args, **{**kwargs, "custom_time_limit": budget}
            )
        except QueryInterrupted:  # too many hits to rank in time: Datasette's order, said so
            return None
        page.ranked = True
        limit = page_limit(sql) or 0
        page.size, page.more = limit - 1, len(results.rows) >= limit  # Datasette asks for one row more
        ids = [row["id"] for row in results.rows[: page.size]]
        page.passages = await _passages(self.execute, ids, page.search)
        return results


@hookimpl
def startup(datasette):
    """Route the archive's statements through ``_SearchStatements`` (the table page's SQL has no hook)."""
    if DB not in datasette.databases:
        return
    db = datasette.get_database(DB)
    db.execute = _SearchStatements(datasette, db.execute)


@hookimpl
def extra_template_vars(request, view_name, table, datasette):
    page = _PAGE.get()
    if view_name != "table" or table != TABLE or page is None or not page.tried:
        return {}
    if not page.ranked:
        return {"nianbao_rank_timed_out": True, "nianbao_passages": page.passages}
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
