"""What the search plugins of one Datasette process share: counts held per served database, hits per request.

The plugins (``archive/datasette_plugins``) are loaded by path, each its own module, so what
they share lives here.  Everything held is keyed by the Datasette instance (a test process
serves several) and is right for its life: the served databases are immutable.

* **Held counts**: for every faceted table of an immutable database, each facet column's
  values over the whole table, counted once at start-up (as Datasette's inspect file holds
  the row counts), so the unfiltered table page never walks its rows again; for a table
  searched in full text, its facet columns themselves (``archive.facet_columns``), so a
  search's facets are counted from its hits' rowids.
* **The request's hits**: a search's number of hits and their rowids, read from the index
  once per request and used by the page, the count and the facets.
"""

from __future__ import annotations

import sqlite3
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from datasette.utils import escape_sqlite

from archive.facet_columns import ColumnCounts, FacetColumns


@dataclass
class HeldTable:
    rows: int
    counts: dict[str, ColumnCounts]  # each facet column over the whole table
    columns: FacetColumns | None = None  # a searched table's facet columns, per row


@dataclass
class RequestHits:
    """One request's searches: hits counted, and rowids read, once each."""

    counts: dict[str, int] = field(default_factory=dict)
    rowids: dict[str, np.ndarray] = field(default_factory=dict)


_HELD: WeakKeyDictionary[Any, dict[tuple[str, str], HeldTable]] = WeakKeyDictionary()
REQUEST_HITS: ContextVar[RequestHits | None] = ContextVar("nianbao_request_hits", default=None)


def held(datasette: Any, database: str, table: str) -> HeldTable | None:
    return _HELD.get(datasette, {}).get((database, table))


def hold(datasette: Any, database: str, table: str, entry: HeldTable) -> None:
    _HELD.setdefault(datasette, {})[(database, table)] = entry


def count_table(conn: sqlite3.Connection, table: str, columns: list[str], searched: bool) -> HeldTable:
    """A table's facet counts (and, if it is searched, its facet columns), read once."""
    if searched:
        facet_columns = FacetColumns.load(conn, table, columns)
        if facet_columns is not None:
            return HeldTable(len(facet_columns.rowids), facet_columns.count_all(), facet_columns)
    (rows,) = conn.execute(f"select count(*) from {escape_sqlite(table)}").fetchone()
    counts = {}
    for column in columns:
        name = escape_sqlite(column)
        grouped = conn.execute(f"select {name}, count(*) from {escape_sqlite(table)} group by {name}").fetchall()
        nulls = sum(n for v, n in grouped if v is None)
        counts[column] = ColumnCounts([(v, n) for v, n in grouped if v is not None], nulls)
    return HeldTable(rows, counts)
