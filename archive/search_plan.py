"""The statements a search of the reports table sends, and what answers each one at national scale.

Datasette 0.65 answers ``/archive/reports?_search=…`` with three kinds of statement, all over
its search clause ``rowid in (select rowid from reports_fts where … match …)``: the page
(``… order by year desc limit 51``), the count, and the facets.  Each one builds the whole
set of hits and then looks up every hit's report row: at 1,000,000 reports a word found in
a fifth of them costs about 150 ms a statement, a word found in all of them 400 ms.  The
index alone counts its hits in a few milliseconds (it reads only its posting list), so:

* **the count** of a search with no other filter is the index's count of its hits: every
  row of ``reports_fts`` is a report (same rowid, ``archive.ddl``), so the two are equal;
* **the page** of a broad search is found by walking the reports in the page's own order
  and asking the index about each one (``exists … and reports_fts.rowid = reports.rowid``,
  a seek in the posting list): when a twentieth or more of the reports match, 51 hits are
  found within about a thousand rows.  A narrow search keeps Datasette's statement, which
  is cheap there and which the walk would not be (it would read the whole order index);
* **the ranked page** (``ranked_sql``) reads the index once with bm25 and joins the hits;
* **the facets** are counted from the hits' rowids (``archive.facet_columns``).

Every statement here returns what Datasette's own would: only the work differs.
"""

from __future__ import annotations

import re

TABLE, FTS = "reports", "reports_fts"
# Datasette 0.65's search clause (datasette/filters.py, fts_pk rowid), exactly as it writes it
SEARCH_CLAUSE = f"rowid in (select rowid from {FTS} where {FTS} match escape_fts(:search))"
HITS_SQL = f"select count(*) from {FTS} where {FTS} match escape_fts(:search)"
HIT_ROWIDS_SQL = f"select rowid from {FTS} where {FTS} match escape_fts(:search)"
_EXISTS_CLAUSE = f"exists (select 1 from {FTS} where {FTS} match escape_fts(:search) and {FTS}.rowid = {TABLE}.rowid)"
_PAGE_SQL = re.compile(
    rf"^select (?P<columns>[^()]+?) from {TABLE} where (?P<where>.+) order by [^()]+? limit (?P<limit>\d+)$", re.S
)
# the share of matching reports from which walking the page's order finds a page sooner than the hit set
WALK_MIN_SHARE = 0.05


def page_limit(sql: str) -> int | None:
    """The ``limit`` of a search page statement (one row more than the page), or None for another statement."""
    match = _PAGE_SQL.match(sql.strip())
    return int(match["limit"]) if match and SEARCH_CLAUSE in match["where"] else None


def ranked_sql(sql: str, offset: int) -> str | None:
    """The table page's statement ranked by relevance (bm25 over the hits), or None if it is another.

    With no other filter, only the hits scoring at least the page's last one are joined to
    their reports (a cut on the score, ties kept, so the order by score and id is unchanged):
    joining every hit for its id cost a row lookup per hit."""
    match = _PAGE_SQL.match(sql.strip())
    if not match or SEARCH_CLAUSE not in match["where"]:
        return None
    where = match["where"].replace(SEARCH_CLAUSE, "1", 1)
    limit = int(match["limit"])
    hits = f"""with hits(hit_rowid, relevance) as materialized (
  select rowid, bm25({FTS}, 10.0, 1.0) from {FTS} where {FTS} match escape_fts(:search)
)"""
    if where.strip() == "1":
        where = f"""hits.relevance <= coalesce(
  (select relevance from hits order by relevance limit 1 offset {offset + limit - 1}), hits.relevance)"""
    return f"""{hits}
select {match["columns"]} from hits join {TABLE} on {TABLE}.rowid = hits.hit_rowid
where {where} order by hits.relevance, {TABLE}.id limit {limit} offset {offset}"""


def walked_sql(sql: str, hits: int, reports: int) -> str | None:
    """A broad search's page statement as a walk in the page's order, or None where that would not pay.

    Only for the search alone (another filter may keep most reports out of the walk) and only
    when at least ``WALK_MIN_SHARE`` of the reports match."""
    match = _PAGE_SQL.match(sql.strip())
    if not match or match["where"].strip() != SEARCH_CLAUSE or not reports or hits < WALK_MIN_SHARE * reports:
        return None
    return sql.strip().replace(SEARCH_CLAUSE, _EXISTS_CLAUSE, 1)


def is_search_count(sql: str) -> bool:
    """Datasette's count of a search with no other filter (``select count(*) from reports where <search>``)."""
    return sql.strip() == f"select count(*) from {TABLE} where {SEARCH_CLAUSE}"


def only_searched(sql: str) -> bool:
    """A facet's base statement (``select … from reports where …``) is the search and nothing else."""
    return sql.rstrip().endswith(f" from {TABLE} where {SEARCH_CLAUSE}")
