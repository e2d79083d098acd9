"""A person searches the reports in Chinese, in headless Chromium (Debian's /usr/bin/chromium)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from rawarchive import DataDir

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_search_page_shows_the_matching_report_titles(server, archive_dir, browser):
    db = DataDir(archive_dir[0]).database
    conn = sqlite3.connect(db)
    titles = {
        t
        for (t,) in conn.execute(
            "select reports.title from reports join report_texts t on t.report = reports.id "
            "where reports.title like '%消防%' or t.text like '%消防%'"
        )
    }
    others = {
        t
        for (t,) in conn.execute(
            "select reports.title from reports join report_texts t on t.report = reports.id "
            "where reports.title not like '%消防%' and t.text not like '%消防%'"
        )
    }
    conn.close()
    assert titles and others

    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(server + "/archive/reports", wait_until="domcontentloaded")
        box = page.locator("input[name=_search]")
        box.fill("消防")
        box.press("Enter")
        page.wait_for_url("**_search=*")
        page.wait_for_selector("table.rows-and-columns tbody tr")
        page.screenshot(path=str(ARTIFACTS / "archive-search.png"), full_page=True)
        shown = page.locator("table.rows-and-columns tbody td.col-title").all_inner_texts()
        summary = page.locator("h3").first.inner_text()
        facet_heads = page.locator(".facet-info strong").all_inner_texts()
    finally:
        page.close()
    assert {t.strip() for t in shown} == titles
    assert f"{len(titles)} row" in summary and "消防" in summary
    # the facets of the search, headed by the column's name alone
    # (name, then the number of values: "year 2", never "year (column_one_pass) 2")
    heads = [re.fullmatch(r"(\w+) >?\d+", " ".join(h.split())) for h in facet_heads]
    assert all(heads) and {h.group(1) for h in heads} == {"province", "level", "year", "layout", "checks_status"}
