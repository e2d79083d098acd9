"""Datasette plugin: the facets of the archive's tables, counted without walking their rows again.

Datasette's column facet runs one ``GROUP BY`` per faceted column over the page's rows.
At national scale that walk is the page's cost, so this facet type (every metadata facet,
``archive.metadata``) answers from what is already counted, and is Datasette's own column
facet only where nothing is:

* **the unfiltered table page**: each column's counts over the whole table, held from
  start-up (``archive.served_search``): the served databases are immutable;
* **a search of a searched table with no other filter**: counted from the hits' rowids on
  the facet columns held in memory (``archive.facet_columns``): 20 ms for 200,000 hits
  where the walk took 300 ms;
* **any other search**: one walk for every facet (a ``GROUP BY`` of all the columns at
  once, its margins summed) instead of one walk a facet.

A search that matches more than ``NIANBAO_FACET_MAX_MATCHES`` reports (default 500,000)
gets its facets reported as timed out at once, as Datasette reports a facet that runs past
``facet_time_limit_ms``: margins of a word found in every report say little more than the
unsearched table's.  Narrowing the search (another term, a year, a province) brings them back.

A missing value is visible as such: the province, level, layout and check facets carry
``nulls`` (how many rows have no value, and the ``__isnull`` link) beside their values.  The
page (``templates/_facet_results.html``) lists them as "（空）none", and the year facet in
year order.
"""

from __future__ import annotations

import os
import re
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted, Results
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from archive.facet_columns import ColumnCounts, hit_rowids
from archive.metadata import COUNTED_FACET
from archive.search_plan import HIT_ROWIDS_SQL, only_searched
from archive.served_search import HeldTable, count_table, held, hold, search_hits

DEFAULT_MAX_MATCHES = 500_000
NULL_COUNTED = {"province", "level", "layout", "checks_status"}  # a missing value is shown as such

# the per-column query ColumnFacet.facet_results sends (datasette 0.65): "select [col] as value, …"
_FACET_SQL = re.compile(r"^\s*select\s+(.+?)\s+as value, count\(\*\) as count from \(", re.S)


def _order(item: tuple[Any, int]) -> tuple[int, int, Any]:
    value, count = item
    # SQLite's order: numbers before text (order by count desc, value)
    return (-count, 0 if isinstance(value, (int, float)) else 1, value)


class _Answered:
    """The Datasette instance, except that a facet query already answered is not sent again."""

    def __init__(self, ds: Any, answers: dict[str, Results]) -> None:
        self._ds = ds
        self._answers = answers

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ds, name)

    async def execute(self, database: str, sql: str, *args: Any, **kwargs: Any) -> Results:
        match = _FACET_SQL.match(sql)
        if match and match.group(1) in self._answers:
            return self._answers[match.group(1)]
        return await self._ds.execute(database, sql, *args, **kwargs)


class CountedColumnFacet(ColumnFacet):
    type = COUNTED_FACET

    def _searching(self) -> bool:
        return any(key == "_search" or key.startswith("_search_") for key in self.request.args)

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        self._nulls: dict[str, int] = {}
        results, timed_out = await self._facet_results()
        for result in results:
            # what it is to a reader: a column facet ("year", not "year (column_counted)")
            result["type"] = ColumnFacet.type
            if result["name"] in NULL_COUNTED:
                await self._add_null_count(result)
        return results, timed_out

    async def _add_null_count(self, result: dict[str, Any]) -> None:
        """A missing value is visible as such: the facet lists how many rows have none (``col__isnull=1``)."""
        column = result["name"]
        count = self._nulls.get(column)
        if count is None:
            try:
                rows = await self.ds.execute(
                    self.database,
                    f"select count(*) from ({self.sql}) where {escape_sqlite(column)} is null",
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                return
            count = rows.first()[0]
        if not count:
            return
        arg = f"{column}__isnull"
        selected = self.request.args.get(arg) == "1"
        path = (
            path_with_removed_args(self.request, {arg: "1"})
            if selected
            else path_with_added_args(self.request, {arg: "1"})
        )
        # beside the values, not among them: the JSON's results stay the values a column holds
        result["nulls"] = {
            "count": count,
            "selected": selected,
            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
        }

    async def _facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        columns = [c["config"].get("column") or c["config"]["simple"] for c in self.get_configs()]
        searching = self._searching()
        limit = int(os.environ.get("NIANBAO_FACET_MAX_MATCHES") or DEFAULT_MAX_MATCHES)
        if searching and self.row_count is not None and self.row_count > limit:
            return [], columns
        try:
            counted = await self._counted(columns, searching)
        except QueryInterrupted:
            return [], columns
        if counted is None:
            return await super().facet_results()
        return await self._answer(counted)

    async def _counted(self, columns: list[str], searching: bool) -> dict[str, ColumnCounts] | None:
        """Each column's counts for this page's rows, when they can be had without a walk a column."""
        entry = held(self.ds, self.database, self.table)
        if entry is not None and not self.params and _unfiltered(self.sql, self.table):
            return _pick(entry.counts, columns)
        if not searching or len(columns) < 2:
            return None
        if entry is not None and entry.columns is not None and only_searched(self.sql):
            return _pick(entry.columns.count(await self._hit_rowids()), columns)
        return await self._one_walk(columns)

    async def _hit_rowids(self) -> Any:
        search = self.params["search"]
        kept = search_hits(self.ds, self.database)
        rowids = kept.hit_rowids(search)
        if rowids is None:
            db = self.ds.get_database(self.database)
            rowids = await db.execute_fn(lambda conn: hit_rowids(conn, HIT_ROWIDS_SQL, {"search": search}))
            kept.keep_rowids(search, rowids)
        return rowids

    async def _one_walk(self, columns: list[str]) -> dict[str, ColumnCounts]:
        """Every column counted in one ``GROUP BY`` of them all, its margins summed."""
        names = [escape_sqlite(c) for c in columns]
        grouped = ", ".join(names)
        rows = await self.ds.execute(
            self.database,
            f"select {grouped}, count(*) from ({self.sql}) group by {grouped}",
            self.params,
            truncate=False,
            custom_time_limit=self.ds.setting("facet_time_limit_ms") * len(columns),
        )
        margins: list[dict[Any, int]] = [{} for _ in columns]
        nulls = [0 for _ in columns]
        for row in rows.rows:
            count = row[len(columns)]
            for i, margin in enumerate(margins):
                if row[i] is None:
                    nulls[i] += count
                else:
                    margin[row[i]] = margin.get(row[i], 0) + count
        return {c: ColumnCounts(list(m.items()), n) for c, m, n in zip(columns, margins, nulls, strict=True)}

    async def _answer(self, counted: dict[str, ColumnCounts]) -> tuple[list[dict[str, Any]], list[str]]:
        """Datasette's own facet results, its per-column queries answered from ``counted``."""
        self._nulls.update({column: counts.nulls for column, counts in counted.items()})
        size = self.get_facet_size() + 1
        answers = {
            escape_sqlite(column): Results(
                [{"value": v, "count": n} for v, n in sorted(counts.values, key=_order)[:size]],
                False,
                [("value",), ("count",)],
            )
            for column, counts in counted.items()
        }
        ds = self.ds
        self.ds = _Answered(ds, answers)
        try:
            return await super().facet_results()
        finally:
            self.ds = ds


def _unfiltered(sql: str, table: str) -> bool:
    """The facet's base statement is the whole table (``select … from <table>``, no where clause)."""
    return sql.rstrip().endswith(f" from {escape_sqlite(table)}")


def _pick(counts: dict[str, ColumnCounts], columns: list[str]) -> dict[str, ColumnCounts] | None:
    return {c: counts[c] for c in columns} if all(c in counts for c in columns) else None


def _faceted_tables(datasette: Any, database: str, tables: list[str]) -> dict[str, tuple[list[str], bool]]:
    """The tables whose metadata facets are this type: their columns, and whether the table is searched."""
    faceted = {}
    for table in tables:
        facets = datasette.metadata("facets", database=database, table=table) or []
        columns = [f[COUNTED_FACET] for f in facets if isinstance(f, dict) and COUNTED_FACET in f]
        if columns:
            faceted[table] = (columns, bool(datasette.metadata("fts_table", database=database, table=table)))
    return faceted


@hookimpl
def startup(datasette):
    """Count every faceted table of the immutable databases once, before the first page asks."""

    async def count_all() -> None:
        for name, db in datasette.databases.items():
            if db.is_mutable:
                continue
            tables = _faceted_tables(datasette, name, await db.table_names())
            for table, (columns, searched) in tables.items():
                entry: HeldTable = await db.execute_fn(
                    lambda conn, t=table, c=columns, s=searched: count_table(conn, t, c, s)
                )
                hold(datasette, name, table, entry)

    return count_all


@hookimpl
def register_facet_classes():
    return [CountedColumnFacet]
