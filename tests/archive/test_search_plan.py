"""What answers a search's statements at scale (archive.search_plan, archive.facet_columns): the same rows as
Datasette's own statements, checked on a real SQLite file."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from archive.facet_columns import FacetColumns, hit_rowids
from archive.search_plan import (
    HIT_ROWIDS_SQL,
    SEARCH_CLAUSE,
    WALK_MIN_SHARE,
    is_search_count,
    only_searched,
    page_limit,
    ranked_sql,
    walked_sql,
)

PAGE = f"select id, title, year from reports where {SEARCH_CLAUSE} order by year desc, id limit 51"
FILTERED = (
    f'select id, title, year from reports where "province" = :p0 and {SEARCH_CLAUSE} order by year desc, id limit 51'
)


@pytest.fixture
def reports() -> sqlite3.Connection:
    """120 reports; 防 in every third, 议 in all; a province missing in every seventh."""
    conn = sqlite3.connect(":memory:")
    conn.execute("create table reports (id text primary key, title text, year integer, province text, level text)")
    conn.execute("create index reports_year on reports (year desc, id)")
    conn.execute("create virtual table reports_fts using fts5(title, text)")
    conn.create_function("escape_fts", 1, lambda q: f'"{q}"')
    for i in range(120):
        province = None if i % 7 == 0 else ["山东省", "河南省", "四川省"][i % 3]
        conn.execute(
            "insert into reports (rowid, id, title, year, province, level) values (?, ?, ?, ?, ?, ?)",
            (i + 1, f"a{i % 11}/{2010 + i % 13}-{i}", f"报告 {i}", 2010 + i % 13, province, ["县", "市"][i % 2]),
        )
        text = "议 " * (1 + i % 5) + ("防 " if i % 3 == 0 else "")
        conn.execute("insert into reports_fts (rowid, title, text) values (?, ?, ?)", (i + 1, f"报告 {i}", text))
    return conn


def rows(conn: sqlite3.Connection, sql: str, **params) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def test_only_datasettes_count_of_the_search_alone_is_the_index_count():
    assert is_search_count(f"select count(*) from reports where {SEARCH_CLAUSE} ")
    assert not is_search_count(f'select count(*) from reports where "year" = :p0 and {SEARCH_CLAUSE} ')
    assert page_limit(PAGE) == 51 and page_limit("select * from reports order by year desc limit 51") is None
    assert only_searched(f"select id, year from reports where {SEARCH_CLAUSE} ")
    assert not only_searched(f'select id, year from reports where "year" = :p0 and {SEARCH_CLAUSE} ')


@pytest.mark.parametrize("word", ["防", "议"])
def test_a_broad_search_walked_in_the_pages_order_gives_datasettes_page(reports, word):
    hits = rows(reports, "select count(*) from reports_fts where reports_fts match escape_fts(:search)", search=word)[0]
    walked = walked_sql(PAGE, hits[0], 120)
    assert walked is not None and SEARCH_CLAUSE not in walked  # both words are in more than 5% of the reports
    assert rows(reports, walked, search=word) == rows(reports, PAGE, search=word)


def test_a_narrow_or_filtered_search_keeps_datasettes_statement():
    assert walked_sql(PAGE, int(WALK_MIN_SHARE * 1000) - 1, 1000) is None
    assert walked_sql(FILTERED, 1000, 1000) is None  # another filter may keep most reports out of the walk
    assert walked_sql(PAGE, 0, 0) is None


@pytest.mark.parametrize("offset", [0, 3, 50])
def test_the_ranked_page_cut_on_the_score_equals_ranking_every_hit(reports, offset):
    # 议 is in every report with a few repeat counts: many ties on the score, decided by id
    every = rows(
        reports,
        "select r.id, r.title, r.year from reports_fts f join reports r on r.rowid = f.rowid "
        "where reports_fts match escape_fts(:search) order by bm25(reports_fts, 10.0, 1.0), r.id",
        search="议",
    )
    page = PAGE.replace("limit 51", "limit 4")
    assert rows(reports, ranked_sql(page, offset), search="议") == every[offset : offset + 4]
    filtered = FILTERED.replace("limit 51", "limit 4")
    expected = [
        r for r in every if rows(reports, "select province from reports where id = :id", id=r[0]) == [("河南省",)]
    ]
    assert rows(reports, ranked_sql(filtered, offset), search="议", p0="河南省") == expected[offset : offset + 4]


def test_facet_columns_count_the_hits_as_group_by_does(reports):
    columns = FacetColumns.load(reports, "reports", ["province", "level", "year"])
    assert columns is not None
    rowids = hit_rowids(reports, HIT_ROWIDS_SQL, {"search": "防"})
    assert len(rowids) == 40 and rowids.dtype == np.int64
    counted = columns.count(rowids)
    for column in ["province", "level", "year"]:
        grouped = rows(
            reports,
            f"select {column}, count(*) from reports where {SEARCH_CLAUSE} group by {column}",
            search="防",
        )
        assert sorted(counted[column].values) == sorted((v, n) for v, n in grouped if v is not None)
        assert counted[column].nulls == sum(n for v, n in grouped if v is None)
    assert counted["province"].nulls > 0  # a missing value is counted as such
    whole = columns.count_all()
    assert sum(n for _, n in whole["year"].values) == 120
    assert len(hit_rowids(reports, HIT_ROWIDS_SQL, {"search": "无"})) == 0


def test_searches_hits_are_kept_within_their_bound_least_recent_out_first():
    from archive.served_search import SearchHits

    kept = SearchHits(max_bytes=2 * 8_000)  # two searches of 1,000 rowids
    for word in ["a", "b"]:
        kept.keep_rowids(word, np.arange(1000, dtype=np.int64))
        kept.keep_count(word, 1000)
    assert kept.hit_rowids("a") is not None  # asked again: now the most recent
    kept.keep_rowids("c", np.arange(1000, dtype=np.int64))
    assert kept.hit_rowids("b") is None and kept.hit_rowids("a") is not None and kept.hit_rowids("c") is not None
    kept.keep_rowids("huge", np.arange(10_000, dtype=np.int64))  # over the bound alone: kept, the others go
    assert list(kept.rowids) == ["huge"] and kept.count("b") == 1000
