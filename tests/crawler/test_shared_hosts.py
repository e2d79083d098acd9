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

import farm
from crawler.farmcheck import check
from rawarchive import DataDir, read_fetch_log

sys.path.insert(0, str(Path(__file__).parent))
from cityplatform import CHROME_HOSTS, CITY, MENU_PATHS, SLOW, CityPlatform  # noqa: E402
from minisite import serve  # noqa: E402
from test_crawl import crawl  # noqa: E402
from test_farm import CACHE  # noqa: E402
from test_farm import crawl as farm_crawl  # noqa: E402


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CityPlatform, list[dict], dict]]:
    city = CityPlatform()
    server = serve(city)
    tmp = tmp_path_factory.mktemp("city")
    sources = tmp / "sources.csv"
    sources.write_text(city.sources_csv, encoding="utf-8")
    result = crawl(tmp / "data", server.server_port, sources, "C1")
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(DataDir(tmp / "data").run_summary("C1").read_text(encoding="utf-8"))
    yield city, read_fetch_log(DataDir(tmp / "data").fetch_log("C1")), summary
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
    assert not [r for r in records if r["kind"] == "error"], [
        (r["url"], r["reason"]) for r in records if r["kind"] == "error"
    ]


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


# ---------------------------------------------------------------- the same on the portal farm's city platforms


@pytest.mark.slow
def test_farm_platforms_every_unit_its_reports_and_no_chrome_host(tmp_path: Path) -> None:
    """seed 3, size 60: three city platforms (path-style TRS, flat 万户 and Anhui ids) of 6–8
    agencies on one host each, beside ordinary portals; every page in site chrome."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with farm.running(tmp_path / "farm", seed=3, size=60, obstacles=False, cache_dir=CACHE) as handle:
        manifest = handle.load_manifest()
        result = farm_crawl(
            handle, tmp_path / "data", "S1", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"
        )
        assert result.returncode == 0, result.stderr[-3000:]
        asked = handle.requests_per_host()
    log = DataDir(tmp_path / "data").fetch_log("S1")
    measured = check(manifest, log)
    assert measured["recall"] >= 0.99, measured["missed_reports"]
    assert measured["noise_rate"] <= 0.01, measured["noise_taken"]
    assert not set(asked) & set(manifest["chrome_hosts"])
    assert set(asked) <= set(manifest["hosts"]), sorted(set(asked) - set(manifest["hosts"]))
    platforms = {host for host, info in manifest["hosts"].items() if info.get("platform")}
    assert len(platforms) == 3
    owner = {r["page_url"]: r["source_agency"] for r in manifest["reports"] if r["host"] in platforms}
    records = [r for r in read_fetch_log(log) if r["kind"] == "report_page" and r["url"] in owner]
    assert len(records) >= 0.99 * len(owner)
    assert not [(r["url"], r["source"]) for r in records if r["source"] != owner[r["url"]]]
    summary = json.loads(DataDir(tmp_path / "data").run_summary("S1").read_text(encoding="utf-8"))
    units = {u["agency"] for host in platforms for u in manifest["hosts"][host]["units"]}
    assert not {a: s["reason"] for a, s in summary["sources"].items() if a in units and s["status"] != "ok"}
