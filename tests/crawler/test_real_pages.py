"""Real portal pages, frozen with their provenance (real_pages/provenance.json), crawled as a new
user would: the page is served at its own address (every other address answers 404) and a crawl
is seeded with it.  What the crawl asks for is checked against what a person reading the page
wrote down: the reports it lists (pre-2019 ones too), its next page, its 年报 column, and
nothing on the hosts its header, menus and footer link to."""

from __future__ import annotations

import csv
import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from crawler.scope import base_domain, host_of

if TYPE_CHECKING:
    from crawler.pages import Page

sys.path.insert(0, str(Path(__file__).parent))
from minisite import serve  # noqa: E402
from test_crawl import crawl  # noqa: E402

FROZEN = Path(__file__).parent / "real_pages"
PAGES = json.loads((FROZEN / "provenance.json").read_text(encoding="utf-8"))


class OnePage:
    """Serves one frozen page at its address; records what the crawl asks for."""

    def __init__(self, url: str, body: bytes) -> None:
        self.url, self.body = url, body
        self.requests: list[tuple[str, str]] = []
        self.statuses: list[tuple[str, int]] = []
        self.validators = False
        self.lock = threading.Lock()

    def answer(self, method: str, url: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests.append((method, url))
        if url == self.url:
            return 200, {"Content-Type": "text/html"}, self.body  # the charset is the page's own <meta>
        return 404, {"Content-Type": "text/html; charset=utf-8"}, "<html><body>页面不存在</body></html>".encode()


@pytest.fixture(scope="module", params=[p["file"] for p in PAGES])
def crawled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict, OnePage]]:
    entry = next(p for p in PAGES if p["file"] == request.param)
    url = entry["expect"]["base_url"]  # the page's address (provenance "url" says where it was seen)
    site = OnePage(url, (FROZEN / entry["file"]).read_bytes())
    server = serve(site)
    tmp = tmp_path_factory.mktemp("real")
    sources = tmp / "sources.csv"
    with open(sources, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("agency", "url"), (entry["portal"], url)])
    result = crawl(tmp / "data", server.server_port, sources, "P1")
    assert result.returncode == 0, result.stderr[-3000:]
    yield entry, site
    server.shutdown()
    server.server_close()


def _asked(site: OnePage) -> set[str]:
    return {url for _, url in site.requests if not url.endswith("/robots.txt")}


def test_the_reports_a_real_list_links_are_asked_for(crawled) -> None:
    entry, site = crawled
    assert set(entry["expect"].get("report_links") or []) <= _asked(site)


def test_a_real_list_is_followed_to_its_next_page(crawled) -> None:
    entry, site = crawled
    if entry["expect"].get("report_links"):  # an annual-report list: its pages; a news list is no 年报 list
        assert entry["expect"]["next_page"] in _asked(site)


def test_the_annual_report_column_is_found(crawled) -> None:
    entry, site = crawled
    column = entry["expect"].get("nianbao_column_url")
    if column:
        assert {column, column.rstrip("/")} & _asked(site) or any(u.startswith(column) for u in _asked(site))


def test_no_host_of_the_chrome_is_asked(crawled) -> None:
    entry, site = crawled
    own = base_domain(host_of(site.url))
    foreign = {urlsplit(u).hostname for u in _asked(site)} - {
        h for h in {urlsplit(u).hostname for u in _asked(site)} if h == own or h.endswith("." + own)
    }
    assert not foreign, sorted(foreign)


def _frozen_page(entry: dict) -> Page:
    from crawler.pages import Page

    body = (FROZEN / entry["file"]).read_bytes()
    declared = re.search(rb"""charset=["']?([\w-]+)""", body[:3000])
    encoding = declared.group(1).decode().lower() if declared else "utf-8"
    return Page(
        entry["expect"]["base_url"],
        body.decode({"gb2312": "gb18030", "gbk": "gb18030"}.get(encoding, encoding), "replace"),
    )


@pytest.mark.parametrize("entry", PAGES, ids=[p["file"] for p in PAGES])
def test_a_real_pages_footer_is_chrome_and_its_reports_are_content(entry: dict) -> None:
    page = _frozen_page(entry)
    registrations = [link for link in page.links() if re.search(r"beian|conac", link.url)]
    assert registrations and all(link.chrome for link in registrations)  # ICP, 公安备案, 党政机关 marks
    reports = set(entry["expect"].get("report_links") or [])
    assert not [link.url for link in page.links() if link.url in reports and link.chrome]
