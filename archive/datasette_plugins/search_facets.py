"""Datasette plugin: the facets of a search result counted in one pass.

Datasette's column facet runs one ``GROUP BY`` per faceted column.  On the
plain table page each is an index scan and cheap; on a search result every
one of them walks the matching reports again (the search's ``rowid IN (…)``
list, then a row lookup per match), so five facets cost five walks: at
1,000,000 reports, a word in a fifth of them spent most of a second there.
This facet type groups by all its columns at once and sums the margins,
one walk for every facet, whenever the page is a search; otherwise it is
Datasette's own column facet.  The reports table's facets use it
(``archive.metadata``: ``{"column_one_pass": "province"}``…).

A search that matches more than ``NIANBAO_FACET_MAX_MATCHES`` reports
(default 300,000) gets its facets reported as timed out at once, as
Datasette reports a facet that runs past ``facet_time_limit_ms``: the walk
costs about a microsecond a match, so a word found in nearly every report
(公开, 信息) would hold the page for a second to give margins that say
little more than the unsearched table's.  Narrowing the search (another
term, a year, a province) brings them back.

A missing value is visible as such: the province, level, layout and check
facets carry ``nulls`` (how many rows have no value, and the ``__isnull`` link)
beside their values; the one-pass walk counts them on the way, the plain table
page with one count query.  The page (``templates/_facet_results.html``) lists
them as "（空）none", and the year facet in year order.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted, Results
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

DEFAULT_MAX_MATCHES = 300_000
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


class OnePassColumnFacet(ColumnFacet):
    type = "column_one_pass"

    def _searching(self) -> bool:
        return any(key == "_search" or key.startswith("_search_") for key in self.request.args)

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        self._nulls: dict[str, int] = {}
        results, timed_out = await self._facet_results()
        for result in results:
            result["type"] = (
                ColumnFacet.type
            )  # what it is to a reader: a column facet ("year", not "year (column_one_pass)")
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
        configs = self.get_configs()
        columns = [c["config"].get("column") or c["config"]["simple"] for c in configs]
        if len(columns) < 2 or not self._searching():
            return await super().facet_results()
        limit = int(os.environ.get("NIANBAO_FACET_MAX_MATCHES") or DEFAULT_MAX_MATCHES)
        if self.row_count is not None and self.row_count > limit:
            return [], columns
        names = [escape_sqlite(c) for c in columns]
        grouped = ", ".join(names)
        sql = f"select {grouped}, count(*) from ({self.sql}) group by {grouped}"
        try:
            rows = await self.ds.execute(
                self.database,
                sql,
                self.params,
                truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms") * len(columns),
            )
        except QueryInterrupted:
            return [], columns
        margins: list[Counter[Any]] = [Counter() for _ in columns]
        for row in rows.rows:
            count = row[len(columns)]
            for i, margin in enumerate(margins):
                if row[i] is not None:
                    margin[row[i]] += count
                else:
                    self._nulls[columns[i]] = self._nulls.get(columns[i], 0) + count
        self._nulls.update({c: self._nulls.get(c, 0) for c in columns})  # counted: no query needed
        size = self.get_facet_size() + 1
        answers = {
            name: Results(
                [{"value": v, "count": n} for v, n in sorted(margin.items(), key=_order)[:size]],
                False,
                [("value",), ("count",)],
            )
            for name, margin in zip(names, margins, strict=True)
        }
        ds = self.ds
        self.ds = _Answered(ds, answers)
        try:
            return await super().facet_results()
        finally:
            self.ds = ds


@hookimpl
def register_facet_classes():
    return [OnePassColumnFacet]
