"""The reports table's search page ranked by relevance, each hit with its passage (datasette_plugins/ranked_search.py).

Served in-process (Datasette's own test client, the project's metadata, plugins and templates)
on the fixture archive; the order is checked against a direct bm25 query on the archive file.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import urllib.parse
from pathlib import Path

import pytest

from archive.datasette_plugins.ranked_search import highlighted, passage, ranked_page
from archive.search import fts_query
from archive.search_plan import SEARCH_CLAUSE, ranked_sql
from rawarchive import DataDir

# one statement as Datasette 0.65's table page writes it (a province filter, the search, the metadata's sort)
PAGE_SQL = f'select id, title, year from reports where "province" = :p0 and {SEARCH_CLAUSE} order by year desc limit 51'


def test_only_the_html_search_page_without_an_order_of_its_own_is_ranked():
    page = ranked_page("/archive/reports", "_search=%E6%B6%88%E9%98%B2&_rank_offset=50")
    assert page is not None and (page.search, page.offset) == ("消防", 50)
    assert ranked_page("/archive/reports.json", "_search=x") is None
    assert ranked_page("/archive/reports", "_search=x&_sort=year") is None
    assert ranked_page("/archive/reports", "_search=x&_next=2023,abc") is None
    assert ranked_page("/archive/reports", "year=2023") is None


def test_the_page_statement_is_ordered_by_bm25_and_keeps_its_filters():
    sql = ranked_sql(PAGE_SQL, 50)
    assert sql is not None
    assert "bm25(reports_fts, 10.0, 1.0)" in sql and '"province" = :p0' in sql
    assert sql.rstrip().endswith("order by hits.relevance, reports.id limit 51 offset 50")
    assert SEARCH_CLAUSE not in sql  # the join to the hits replaces it: the index is read once
    # the count and the facets are not the page's statement
    assert ranked_sql(f"select count(*) from reports where {SEARCH_CLAUSE}", 0) is None
    facet = f"select year as value, count(*) as count from (select id, year from reports where {SEARCH_CLAUSE}) "
    assert ranked_sql(facet + "group by year order by count desc, value limit 31", 0) is None


def test_a_passage_is_found_across_a_line_break_and_marked():
    text = "一、总体情况\n" + "甲" * 80 + "开展消\n防安全月活动" + "乙" * 80
    found = passage(text, "消防")
    assert found is not None and "消防安全月" in found and len(found) < 130
    assert str(highlighted(found, "消防")).count("<mark>消防</mark>") == 1
    assert passage("只在标题里", "消防") is None and passage(None, "消防") is None
    assert "&lt;b&gt;" in str(highlighted("<b>消防</b>", "消防"))  # the text is escaped


@pytest.fixture(scope="module")
def client(archive_dir):
    from datasette.app import Datasette

    from archive.metadata import build_metadata
    from archive.serve import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR

    settings = {k: int(v) if v.isdigit() else v for k, v in SETTINGS.items()}
    ds = Datasette(
        [str(DataDir(archive_dir[0]).database)],
        metadata=build_metadata(),
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
        settings=settings,
    )

    def get(path: str) -> str:
        response = asyncio.run(ds.client.get(path))
        assert response.status_code == 200, path
        return response.text

    return get


def bm25_order(root: Path, word: str) -> list[str]:
    conn = sqlite3.connect(DataDir(root).database)
    try:
        rows = conn.execute(
            "select r.id from reports_fts f join reports r on r.rowid = f.rowid where reports_fts match ? "
            "order by bm25(reports_fts, 10.0, 1.0), r.id",
            (fts_query(word),),
        ).fetchall()
    finally:
        conn.close()
    return [rid for (rid,) in rows]


def shown_ids(html: str) -> list[str]:
    links = re.findall(r'<td class="col-id type-pk"><a href="/archive/reports/([^"]+)"', html)
    return [urllib.parse.unquote(link.replace("~", "%")) for link in links]


def test_the_table_search_is_ranked_with_passages_and_facets(client, archive_dir):
    expected = bm25_order(archive_dir[0], "复议")
    assert len(expected) > 3
    html = client("/archive/reports?_search=" + urllib.parse.quote("复议"))
    assert shown_ids(html) == expected
    passages = re.findall(r'<td class="col-passage">(.*?)</td>', html, re.S)
    assert len(passages) == len(expected) and all("<mark>复议</mark>" in p for p in passages if p)
    assert 'id="facet-year"' in html and 'id="facet-province"' in html
    assert "ranked by relevance" in html


def test_ranked_pages_follow_one_another(client, archive_dir):
    expected = bm25_order(archive_dir[0], "复议")
    seen: list[str] = []
    path = "/archive/reports?_size=2&_search=" + urllib.parse.quote("复议")
    while path:
        html = client(path)
        seen += shown_ids(html)
        found = re.search(
            r'<a href="(?:http://localhost)?(/archive/reports\?[^"]*_rank_offset=\d+[^"]*)">Next page', html
        )
        path = found.group(1).replace("&amp;", "&") if found else None
    assert seen == expected


def test_a_search_sorted_by_a_column_stays_datasettes(client):
    html = client("/archive/reports?_sort=year&_search=" + urllib.parse.quote("复议"))
    assert 'class="col-passage"' not in html and "Ranked by relevance (bm25" not in html
