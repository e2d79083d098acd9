"""Many agencies on one host, pages in full site chrome, every report year, Crawl-delay: a crawl
(in a subprocess, through http_proxy) of cityplatform.py's city, where the government and 20
departments share one host and each is its own registry row."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.store import read_log

sys.path.insert(0, str(Path(__file__).parent))
from cityplatform import CHROME_HOSTS, CITY, MENU_PATHS, SLOW, CityPlatform  # noqa: E402
from minisite import serve  # noqa: E402
from test_crawl import crawl  # noqa: E402


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CityPlatform, list[dict], dict]]:
    city = CityPlatform()
    server = serve(city)
    tmp = tmp_path_factory.mktemp("city")
    sources = tmp / "sources.csv"
    sources.write_text(city.sources_csv, encoding="utf-8")
    result = crawl(tmp / "data", server.server_port, sources, "C1")
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads((tmp / "data" / "runs" / "C1.json").read_text(encoding="utf-8"))
    yield city, read_log(tmp / "data" / "fetches" / "C1.jsonl"), summary
    server.shutdown()
    server.server_close()


def test_every_agency_on_a_shared_host_finds_all_its_reports(crawled) -> None:
    city, records, summary = crawled
    assert len({urlsplit(url).netloc for _, url in city.registry}) == 2 and len(city.registry) == 22
    found = {r["url"] for r in records if r["kind"] == "report_page"}
    assert found == set(city.reports)
    assert not [r["source"] for r in summary["sources"].values() if r["status"] != "ok"], summary["sources"]


def test_each_report_is_archived_once_under_its_own_agency(crawled) -> None:
    city, records, _ = crawled
    pages = [r for r in records if r["kind"] == "report_page"]
    assert len(pages) == len({r["url"] for r in pages})
    wrong = [(r["url"], r["source"]) for r in pages if r["source"] != city.reports[r["url"]]]
    assert not wrong


def test_chrome_leads_nowhere(crawled) -> None:
    city, records, _ = crawled
    hosts = {urlsplit(url).hostname for _, url in city.requests}
    assert hosts == {urlsplit(CITY).hostname, urlsplit(SLOW).hostname}
    assert not hosts & CHROME_HOSTS
    asked = {urlsplit(url).path for _, url in city.requests}
    assert not asked & MENU_PATHS
    assert not [r for r in records if r["kind"] == "error"], [(r["url"], r["reason"]) for r in records if r["kind"] == "error"]


def test_reports_before_2019_are_reports(crawled) -> None:
    city, records, _ = crawled
    years = {r.get("year") for r in records if r["kind"] == "report_page"}
    assert {2009, 2015, 2018} <= years
    assert not [r for r in records if r["kind"] == "noise" and "before" in (r["reason"] or "")]


def test_robots_crawl_delay_is_honoured(crawled) -> None:
    city, _, _ = crawled
    slow = urlsplit(SLOW).hostname
    times = [t for t, host in city.times if host == slow]
    assert len(times) >= 4  # robots.txt, the list, three reports
    gaps = [b - a for a, b in zip(times[1:], times[2:], strict=False)]  # after robots.txt is read
    assert min(gaps) >= 1.2, gaps  # 1.5 s asked; arrival times jitter (the test runs with DOWNLOAD_DELAY=0)
