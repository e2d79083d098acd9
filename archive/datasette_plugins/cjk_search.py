"""Datasette plugin: Chinese search on the per-character index (archive.search).

Datasette's own ``escape_fts`` quotes each whitespace-separated term, so a
Chinese query arrives as one token that the unigram index never holds.  This
registers ``escape_fts`` again with the query spaced out per CJK character.
It must run after Datasette's built-in registration, hence ``trylast=True``
(without it the built-in one wins and 消防 finds nothing).
"""

from __future__ import annotations

from datasette import hookimpl

from archive.search import fts_query


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
