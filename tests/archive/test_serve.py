"""archive.serve as a real server (subprocess on a free port), through Datasette's JSON API."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import sqlite3
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

import pytest
from datasette.utils import tilde_encode

from rawarchive import DataDir

pytestmark = pytest.mark.slow


def get(base: str, path: str, **params) -> tuple[int, dict, bytes]:
    url = base + urllib.parse.quote(path) + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_json(base: str, path: str, **params):
    status, _, body = get(base, path, **params)
    assert status == 200, body[:500]
    return json.loads(body)


def query(db, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def reports_containing(db, word: str) -> set[str]:
    return {
        rid
        for rid, title, text in query(
            db, "select r.id, r.title, t.text from reports r join report_texts t on t.report = r.id"
        )
        if word in "".join(unicodedata.normalize("NFKC", f"{title or ''}{text or ''}").split())
    }


@pytest.mark.parametrize("word", ["消防", "复议"])
def test_search_box_finds_exactly_the_reports_that_contain_a_two_character_word(server, archive_dir, word):
    db = DataDir(archive_dir[0]).database
    data = get_json(server, "/archive/reports.json", _search=word, _shape="array", _col="title", _size="max")
    expected = reports_containing(db, word)
    assert expected and {r["id"] for r in data} == expected
    ranked = get_json(server, "/archive/search_reports.json", q=word, _shape="array")
    assert {r["report"] for r in ranked} == expected
    assert [r["rank"] for r in ranked] == sorted(r["rank"] for r in ranked)  # bm25: best (lowest) first


def test_facets_follow_the_fixture(server, archive_dir):
    db = DataDir(archive_dir[0]).database
    data = get_json(server, "/archive/reports.json", _size="0")
    facets = {name: {(f["value"], f["count"]) for f in r["results"]} for name, r in data["facet_results"].items()}
    assert set(facets) == {"province", "level", "year", "layout", "checks_status"}
    # 淄博 2023 + 2024, 张店消防 2024, 台儿庄 2021, 淄博市场监管 2024
    assert ("山东省", 5) in facets["province"] and ("河南省", 1) in facets["province"]
    assert ("宁夏回族自治区", 1) in facets["province"]
    assert facets["year"] == set(query(db, "select year, count(*) from reports group by year"))
    assert facets["checks_status"] == set(query(db, "select checks_status, count(*) from reports group by 1"))
    failing = get_json(server, "/archive/reports.json", checks_status="fail", _shape="array", _col="title")
    assert {"淄博市张店区消防救援大队/2024", "淄博市应急管理局/2024", "淄博市市场监督管理局/2024"} <= {
        r["id"] for r in failing
    }


@pytest.mark.parametrize("word", ["复议", "局"])
def test_facets_of_a_search_count_the_matching_reports(server, archive_dir, word):
    # the reports table's facets are counted in one pass on a search (datasette_plugins/search_facets.py)
    db = DataDir(archive_dir[0]).database
    matching = reports_containing(db, word)
    data = get_json(server, "/archive/reports.json", _search=word, _size="0")
    assert data["filtered_table_rows_count"] == len(matching)
    rows = query(db, "select id, province, level, year, layout, checks_status from reports")
    for i, name in enumerate(["province", "level", "year", "layout", "checks_status"], start=1):
        expected: dict = {}
        for row in rows:
            if row[0] in matching and row[i] is not None:
                expected[row[i]] = expected.get(row[i], 0) + 1
        got = data["facet_results"][name]["results"]
        assert {(f["value"], f["count"]) for f in got} == set(expected.items()), name
        assert [f["count"] for f in got] == sorted((f["count"] for f in got), reverse=True)
        for facet in got:  # each value's link narrows the search to it
            query_string = urllib.parse.parse_qs(urllib.parse.urlsplit(facet["toggle_url"]).query)
            assert query_string["_search"] == [word] and query_string[name] == [str(facet["value"])]


def test_facets_of_a_search_too_broad_are_reported_timed_out_not_computed(server, archive_dir, serve_archive):
    db = DataDir(archive_dir[0]).database
    broad, narrow = "局", "消防"
    assert len(reports_containing(db, broad)) > 3 >= len(reports_containing(db, narrow)) > 0
    notice = "These facets timed out: province, level, year, layout, checks_status"
    with serve_archive(archive_dir[0], NIANBAO_FACET_MAX_MATCHES="3") as capped:
        _, _, page = get(capped, "/archive/reports", _search=broad)
        assert notice in page.decode()
        data = get_json(capped, "/archive/reports.json", _search=broad, _size="0")
        assert data["facet_results"] == {} and data["filtered_table_rows_count"] == len(reports_containing(db, broad))
        assert set(get_json(capped, "/archive/reports.json", _search=narrow, _size="0")["facet_results"]) == {
            "province",
            "level",
            "year",
            "layout",
            "checks_status",
        }
    _, _, page = get(server, "/archive/reports", _search=broad)  # under the default cap: computed
    assert "facets timed out" not in page.decode()


def test_a_search_too_broad_to_rank_is_listed_by_year_as_datasette_lists_it(archive_dir, serve_archive):
    # more hits than NIANBAO_RANK_MAX_HITS: the page is Datasette's order (newest year first), found by walking
    # that order (archive.search_plan.walked_sql) when the word is in a twentieth or more of the reports
    db = DataDir(archive_dir[0]).database
    broad = "局"
    matching = reports_containing(db, broad)
    year_of = dict(query(db, "select id, year from reports"))
    assert len(matching) >= 0.05 * len(year_of)
    with serve_archive(archive_dir[0], NIANBAO_RANK_MAX_HITS="1") as capped:
        _, _, page = get(capped, "/archive/reports", _search=broad, _size="5")
        assert "listed by year" in page.decode() and "Ranked by relevance" not in page.decode()
        assert len(re.findall(r'<td class="col-passage">[^<]*<mark>', page.decode())) == 5  # each with its passage
        data = get_json(capped, "/archive/reports.json", _search=broad, _size="5", _shape="objects")
    shown = [r["id"] for r in data["rows"]]
    assert len(shown) == 5 and set(shown) <= matching and data["filtered_table_rows_count"] == len(matching)
    years = [year_of[rid] for rid in shown]
    assert years == sorted(years, reverse=True)
    assert {rid for rid in matching if year_of[rid] > years[-1]} <= set(shown)  # nothing newer left out
    ids = re.findall(r'<td class="col-id type-pk"><a href="/archive/reports/([^"]+)"', page.decode())
    assert [urllib.parse.unquote(i.replace("~", "%")) for i in ids] == shown


def test_the_facets_of_a_search_with_another_filter_count_its_reports(server, archive_dir):
    db = DataDir(archive_dir[0]).database
    word = "局"
    (year,) = query(db, "select year from reports group by year order by count(*) desc limit 1")[0]
    data = get_json(server, "/archive/reports.json", _search=word, year=str(year), _size="0")
    matching = reports_containing(db, word)
    rows = [r for r in query(db, "select id, province, level from reports where year = ?", year) if r[0] in matching]
    assert data["filtered_table_rows_count"] == len(rows)
    for i, name in enumerate(["province", "level"], start=1):
        expected: dict = {}
        for row in rows:
            if row[i] is not None:
                expected[row[i]] = expected.get(row[i], 0) + 1
        assert {(f["value"], f["count"]) for f in data["facet_results"][name]["results"]} == set(expected.items())


def test_canned_queries(server, archive_dir):
    db, facts = DataDir(archive_dir[0]).database, archive_dir[1]
    broken = get_json(server, "/archive/broken_identities.json", check="5", _shape="array")
    assert {(r["report"], r["scope"], r["diff"]) for r in broken} == {
        ("淄博市应急管理局/2024", "natural", -2),
        ("淄博市应急管理局/2024", "total", -2),
    }

    by_year = get_json(server, "/archive/requests_by_year_province.json", _shape="array")
    [shandong_2024] = [r for r in by_year if r["year"] == 2024 and r["province"] == "山东省"]
    gold = facts["gold"]
    assert shandong_2024["new_requests"] == (
        gold["000_1956a86f1af00c4d"]["cells"]["t3.new.total"]
        + gold["002_4082593c9dc40e76"]["cells"]["t3.new.total"]
        + facts["pair"]["cells"]["t3.new.total"]
    )
    assert shandong_2024["reports"] == 3

    refusals = get_json(server, "/archive/refusal_reasons.json", _shape="array")
    assert {r["code"] for r in refusals} <= {
        f"t3.{r}.total"
        for r in (
            "denied.state_secret",
            "denied.prohibited_by_law",
            "denied.three_safeties",
            "denied.third_party",
            "denied.internal_affairs",
            "denied.process_info",
            "denied.enforcement_file",
            "denied.inquiry",
        )
    }
    assert (
        sum(r["requests"] or 0 for r in refusals)
        == query(db, "select sum(value) from report_cells where code glob 't3.denied.*.total'")[0][0]
    )

    outcomes = get_json(server, "/archive/review_litigation_outcomes.json", _shape="array")
    assert sum(r["review_total"] or 0 for r in outcomes) == query(db, "select sum(review_total) from report_t4")[0][0]

    missing = {
        (r["agency"], r["year"]) for r in get_json(server, "/archive/missing_reports.json", year="", _shape="array")
    }
    assert {("枣庄市台儿庄区应急管理局", 2022), ("枣庄市台儿庄区应急管理局", 2023)} <= missing
    assert not {("淄博市应急管理局", 2023), ("淄博市应急管理局", 2024)} & missing
    only_2022 = get_json(server, "/archive/missing_reports.json", year="2022", _shape="array")
    assert only_2022 and {r["year"] for r in only_2022} == {2022}

    rates = get_json(server, "/archive/identity_failure_rate_by_layout.json", _shape="array")
    assert (
        sum(r["failing"] for r in rates) == query(db, "select count(*) from reports where checks_status = 'fail'")[0][0]
    )


def test_whole_database_downloads_byte_identical(server, archive_dir):
    status, headers, body = get(server, "/archive.db")
    assert status == 200
    assert hashlib.sha256(body).digest() == hashlib.sha256(DataDir(archive_dir[0]).database.read_bytes()).digest()


def test_blob_route_serves_the_archived_bytes(server, archive_dir):
    data_dir, facts = archive_dir
    for sha, ctype in (
        (facts["pair_attachment"], "application/vnd.openxmlformats-officedocument"),
        (facts["pair_page"], "text/html"),
    ):
        status, headers, body = get(server, f"/-/blob/{sha}")
        assert status == 200 and headers["content-type"].startswith(ctype)
        assert body == DataDir(data_dir).blob(sha).read_bytes()
        assert headers["content-security-policy"] == "sandbox"
    assert get(server, "/-/blob/" + "0" * 64)[0] == 404


def test_report_page_links_original_and_archived_copies(server, archive_dir):
    facts = archive_dir[1]
    rid = f"{facts['pair_agency']}/2024"
    status, _, body = get(server, f"/archive/reports/{tilde_encode(rid)}")
    html = body.decode()
    assert status == 200
    assert f'href="/-/blob/{facts["pair_attachment"]}"' in html
    assert "http://scjg.zibo.example/xxgk/nb/2025/art_1.html" in html
    status, _, body = get(server, "/archive/report_documents", report=rid)
    assert f'href="/-/blob/{facts["pair_page"]}"' in body.decode()


def test_dashboard_and_search_all(server):
    status, _, body = get(server, "/-/dashboards/archive")
    assert status == 200 and "Requests received by year" in body.decode()
    status, _, body = get(server, "/-/search", q="消防")
    assert status == 200 and '"table": "reports"' in body.decode()
    settings = get_json(server, "/-/settings.json")
    assert settings["suggest_facets"] is False and settings["allow_download"] is True


def test_the_server_is_reached_directly_whatever_http_proxy_says(archive_dir, serve_archive, monkeypatch):
    # the demo crawls through the farm's proxy and serves after the farm has stopped
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{closed.getsockname()[1]}"
    monkeypatch.setenv("http_proxy", dead_proxy)
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    started = time.monotonic()
    with serve_archive(archive_dir[0]) as base:
        assert time.monotonic() - started < 25
        assert base.startswith("http://127.0.0.1:")
