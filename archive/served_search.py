"""What the search plugins of one Datasette process share: counts held per served database, hits per request.

The plugins (``archive/datasette_plugins``) are loaded by path, each its own module, so what
they share lives here.  Everything held is keyed by the Datasette instance (a test process
serves several) and is right for its life: the served databases are immutable.

* **Held counts**: for every faceted table of an immutable database, each facet column's
  values over the whole table, counted once at start-up (as Datasette's inspect file holds
  the row counts), so the unfiltered table page never walks its rows again; for a table
  searched in full text, its facet columns themselves (``archive.facet_columns``), so a
  search's facets are counted from its hits' rowids.
* **Searches' hits**: a search's number of hits and their rowids, read from the index once
  and used by the page, the count and the facets, then kept for the searches that follow:
  the next page of a search, or a facet clicked on it, asks the same search again.  The
  rowids kept are bounded (``NIANBAO_SEARCH_CACHE_MB``, default 64 MB: four searches that
  match every report of a national archive); the least recently asked go first.  With
  ``NIANBAO_SEARCH_CACHE_MB=0`` nothing is kept: the benchmarks time every search as a first one.
"""

from __future__ import annotations

import os
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
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


class SearchHits:
    """Hits of the searches of one served database: counts, and rowids within a bound, least recent out first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.counts: OrderedDict[str, int] = OrderedDict()
        self.rowids: OrderedDict[str, np.ndarray] = OrderedDict()

    def count(self, search: str) -> int | None:
        if search in self.counts:
            self.counts.move_to_end(search)
        return self.counts.get(search)

    def keep_count(self, search: str, count: int) -> None:
        if not self.max_bytes:  # nothing kept (the benchmarks time every search as a first one)
            return
        self.counts[search] = count
        while len(self.counts) > MAX_COUNTS:
            self.counts.popitem(last=False)

    def hit_rowids(self, search: str) -> np.ndarray | None:
        if search in self.rowids:
            self.rowids.move_to_end(search)
        return self.rowids.get(search)

    def keep_rowids(self, search: str, rowids: np.ndarray) -> None:
        if not self.max_bytes:
            return
        self.rowids[search] = rowids
        while sum(r.nbytes for r in self.rowids.values()) > self.max_bytes and len(self.rowids) > 1:
            self.rowids.popitem(last=False)


MAX_COUNTS = 100_000
_HELD: WeakKeyDictionary[Any, dict[tuple[str, str], HeldTable]] = WeakKeyDictionary()
_HITS: WeakKeyDictionary[Any, dict[str, SearchHits]] = WeakKeyDictionary()


def search_hits(datasette: Any, database: str) -> SearchHits:
    """The searches' hits kept for a served database (immutable: a search's hits never change)."""
    kept = _HITS.setdefault(datasette, {})
    if database not in kept:
        kept[database] = SearchHits(int(os.environ.get("NIANBAO_SEARCH_CACHE_MB") or 64) * 1_000_000)
    return kept[database]


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
