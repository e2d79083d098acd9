"""A researcher reads the archive in headless Chromium (Debian's /usr/bin/chromium), as a demo site.

The archive is the fixture archive of ``conftest.make_data_dir`` plus a third crawl run that
found 淄博市市场监督管理局's 2023 report as a page (real-shaped TRS page, generated corpus) linking
its PDF, served as ``application/octet-stream`` the way many portals serve attachments.
Screenshots are kept in ``tests/artifacts/``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from rawarchive import DataDir
from tests.archive.conftest import PAIR_AGENCY, RUN3, ArchiveWriter

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "tests" / "parsers" / "corpus" / "generated"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PAGE_URL = "http://scjg.zibo.example/xxgk/nb/2024/art_2.html"
PDF_URL = "http://scjg.zibo.example/xxgk/nb/2024/P020240115000000000001.pdf"
SEED_REPORT = "淄博市应急管理局/2024"
AGENCY = PAIR_AGENCY
REAL_REPORTS = Path(__file__).parent / "real_reports"
REAL_URL = "https://www.shanghai.gov.cn/nw2319/nw12344/u26aw63279.html"
REAL_REPORT = "上海市人民政府办公厅/2019"
# Table 3 of the real report as printed (typed from the source): every cell with a number; every
# other cell of the 2019 form is blank on the page (&nbsp;).
PRINTED_T3 = {
    "t3.new.natural": "821", "t3.new.commercial": "35", "t3.new.legal": "2", "t3.new.other_org": "1",
    "t3.new.total": "859", "t3.carried_over.natural": "18", "t3.carried_over.total": "18",
    "t3.granted.natural": "258", "t3.granted.commercial": "12", "t3.granted.legal": "1", "t3.granted.other_org": "1",
    "t3.partial.natural": "3", "t3.denied.state_secret.natural": "14", "t3.denied.internal_affairs.natural": "5",
    "t3.denied.process_info.natural": "3", "t3.denied.process_info.commercial": "1",
    "t3.denied.inquiry.natural": "10", "t3.denied.inquiry.commercial": "2",
    "t3.unavailable.not_held.natural": "252", "t3.unavailable.not_held.commercial": "12",
    "t3.unavailable.not_held.legal": "1", "t3.unavailable.needs_creation.natural": "44",
    "t3.unavailable.needs_creation.commercial": "3", "t3.unavailable.unclear.natural": "25",
    "t3.rejected.petition.natural": "148", "t3.rejected.petition.commercial": "1",
    "t3.rejected.duplicate.natural": "5", "t3.rejected.duplicate.commercial": "4",
    "t3.total.natural": "767", "t3.total.commercial": "35", "t3.total.legal": "2", "t3.total.other_org": "1",
    "t3.total.total": "805", "t3.carried_forward.natural": "72", "t3.carried_forward.total": "72",
}  # fmt: skip
PDF_REPORT = "淄博市市场监督管理局/2023"


@pytest.fixture(scope="module")
def researcher_archive(archive_dir, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    from archive.build import build

    root = tmp_path_factory.mktemp("researcher") / "data"
    shutil.copytree(archive_dir[0], root)
    facts = dict(archive_dir[1])
    w = ArchiveWriter(root)
    w.log(
        RUN3,
        "report_page",
        AGENCY,
        PAGE_URL,
        data=(GENERATED / "g01_2021_city.attachment.html").read_bytes(),
        content_type="text/html; charset=utf-8",
        at="2026-11-15T02:00:00Z",
        link_text="2023年政府信息公开工作年度报告",
    )
    facts["pdf_sha"] = w.log(
        RUN3,
        "attachment",
        AGENCY,
        PDF_URL,
        data=(GENERATED / "g01_2021_city.pdf").read_bytes(),
        content_type="application/octet-stream",
        at="2026-11-15T02:00:05Z",
        page_url=PAGE_URL,
        link_text="附件：2023年年报.pdf",
    )
    w.log(  # a real report the project did not make (tests/archive/real_reports/provenance.json)
        RUN3,
        "report_page",
        "上海市人民政府办公厅",
        REAL_URL,
        data=(REAL_REPORTS / "shanghai_bgt_2019.html").read_bytes(),
        content_type="text/html; charset=utf-8",
        at="2026-11-15T02:01:00Z",
        source_url="https://www.shanghai.gov.cn/nw2319/",
        list_url="https://www.shanghai.gov.cn/nw2319/index.html",
        division_code="310000",
        level="department",
        link_text="2019年上海市人民政府办公厅政府信息公开工作年度报告",
    )
    w.close()
    build(root, workers=2)
    return root, facts


@pytest.fixture(scope="module")
def site(researcher_archive, serve_archive):
    ARTIFACTS.mkdir(exist_ok=True)
    with serve_archive(researcher_archive[0], NIANBAO_DEMO="1") as base:
        yield base


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def query(root: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(DataDir(root).database)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with direct.open(url, timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def path(*parts: str) -> str:
    return "/".join(urllib.parse.quote(p, safe="") for p in parts)


def test_a_researcher_opens_a_report_and_reads_its_table_3_as_printed(site, researcher_archive, page):
    from parsers import cells as registry

    root, facts = researcher_archive
    gold = facts["gold"]["000_1956a86f1af00c4d"]["cells"]
    page.goto(site + "/archive/reports?_search=" + urllib.parse.quote("淄博市应急管理局"))
    page.locator("td.col-title a", has_text="淄博市应急管理局2024年").first.click()  # a title opens the report
    page.wait_for_selector("table.form.t3")
    page.screenshot(path=str(ARTIFACTS / "researcher-report.png"), full_page=True)
    assert "/-/report/" in page.url and page.locator("h1").inner_text().startswith("淄博市应急管理局2024年")
    row_heads = [t.strip() for t in page.locator("table.form.t3 tbody th[scope=row]").all_inner_texts()]
    assert row_heads == [r.label_zh for r in registry.t3_rows("2021")]  # the form's rows, in the form's order
    shown = {}
    for cell in page.locator("table.form.t3 td[data-code]").all():
        link = cell.locator("a")
        shown[cell.get_attribute("data-code")] = link.inner_text().strip() if link.count() else ""
    printed = {code: str(value) for code, value in gold.items() if code.startswith("t3.")}
    assert {c: v for c, v in shown.items() if c in printed} == printed
    assert "real report: seed 000_1956a86f1af00c4d" in page.content()
    # the checks show both sides and the difference: check 5 fails by -2 against 2023
    check5 = page.locator("table.checks tr", has_text="natural").filter(has_text="fail").first.inner_text()
    assert re.search(r"\b0\s+2\s+-2\b", check5)
    assert page.locator("a[rel=prev]").inner_text().strip() == "← 2023"
    status, _, body = fetch(site + "/-/report/" + path(*SEED_REPORT.split("/")))
    assert status == 200 and len(body) <= 250_000


def test_a_researcher_reads_a_real_reports_table_3_as_printed(site, page):
    """A real report the project did not make: its numbers as printed, its blank cells shown as blank."""
    from parsers import cells as registry

    page.goto(site + "/-/report/" + path(*REAL_REPORT.split("/")))
    page.wait_for_selector("table.form.t3")
    page.screenshot(path=str(ARTIFACTS / "researcher-real-report.png"), full_page=True)
    assert page.locator("h1").inner_text().startswith("2019年上海市人民政府办公厅")
    row_heads = [t.strip() for t in page.locator("table.form.t3 tbody th[scope=row]").all_inner_texts()]
    assert row_heads == [r.label_zh for r in registry.t3_rows("2019")]
    numbers, blanks = {}, set()
    for cell in page.locator("table.form.t3 td[data-code]").all():
        code, shown = cell.get_attribute("data-code"), cell.locator("a").inner_text().strip()
        if shown:
            numbers[code] = shown
        elif "null" in (cell.get_attribute("class") or "") and cell.locator(".marker").inner_text() == "空白 blank":
            blanks.add(code)
    assert numbers == PRINTED_T3
    # the checks its blanks leave unassessable are folded away; the assessed ones are shown
    assert page.locator("table.checks").first.is_visible() and "pass" in page.locator("table.checks").first.inner_text()
    assert not page.locator("details.unassessed table.checks").is_visible()
    assert len(blanks) == len(registry.codes_for("2019", table=3)) - len(PRINTED_T3)
    status, _, body = fetch(site + "/-/report/" + path(*REAL_REPORT.split("/")))
    assert status == 200 and len(body) <= 250_000


def test_a_number_leads_to_the_archived_original_shown_in_the_browser(site, researcher_archive, page):
    root, facts = researcher_archive
    page.goto(site + "/-/report/" + path(*PDF_REPORT.split("/")))
    page.wait_for_selector("table.form.t3")
    number = page.locator('table.form.t3 td[data-code="t3.new.total"] a')
    assert number.inner_text().strip() == str(
        query(root, "select value from report_cells where report = ? and code = 't3.new.total'", PDF_REPORT)[0][0]
    )
    href = number.get_attribute("href")
    assert href == f"/-/view/{facts['pdf_sha']}"  # opens the archived copy: a PDF is its bytes
    # the PDF, logged as application/octet-stream, is served as a PDF to be shown inline, under its own name
    with page.expect_response(lambda r: "/-/blob/" in r.url) as answer:
        try:
            number.click()
            page.wait_for_load_state()
        except Exception:  # noqa: BLE001 - a headless browser may abort the navigation once its PDF viewer takes over
            pass
    headers = answer.value.headers
    assert headers["content-type"] == "application/pdf"
    assert (
        headers["content-disposition"].startswith("inline;")
        and "P020240115000000000001.pdf" in headers["content-disposition"]
    )
    page.screenshot(path=str(ARTIFACTS / "researcher-original-pdf.png"))

    # the report page it came from: archived, under a banner, its attachment link pointing at the archived PDF
    [(page_sha,)] = query(root, "select sha256 from documents where url = ?", PAGE_URL)
    page.goto(site + f"/-/view/{page_sha}")
    page.screenshot(path=str(ARTIFACTS / "researcher-original-html.png"), full_page=True)
    banner = page.get_by_text("Archived copy of").first.inner_text()
    assert PAGE_URL in banner and "2026-11-15T02:00:00Z" in banner
    assert page.locator(f'a[href$="/-/view/{facts["pdf_sha"]}"]').count() == 1
    assert page.locator(f'a[href="{PAGE_URL}"]').count() >= 1  # the live page


def test_a_researcher_compares_one_agencys_years(site, researcher_archive, page):
    root, _ = researcher_archive
    agency = "淄博市市场监督管理局"
    page.goto(site + "/-/agency/" + path(agency))
    page.wait_for_selector("table.figures")
    page.screenshot(path=str(ARTIFACTS / "researcher-agency.png"), full_page=True)
    heads = [h.strip() for h in page.locator("table.figures thead th").all_inner_texts()][1:]
    assert heads == ["2023", "2024"]
    new_row = page.locator("table.figures tbody tr", has_text="本年新收申请").locator("td").all_inner_texts()
    expected = [
        str(v) for (v,) in query(root, "select new from report_t3_totals where agency = ? order by year", agency)
    ]
    assert [v.strip() for v in new_row] == expected
    years = page.locator("table.years tbody tr")
    [(last,)] = query(root, "select max(year) from reports")
    assert years.count() == last - 2008 + 1  # every year since 2008, each with its report or marked missing
    assert "缺失" in page.locator("table.years tbody tr", has_text="2015").inner_text()
    assert "山东省" in page.locator("p.hierarchy").inner_text()


def test_a_researcher_lists_the_agencies_of_a_province_missing_a_year(site, researcher_archive, page):
    root, _ = researcher_archive
    page.goto(site + "/archive/missing_reports?" + urllib.parse.urlencode({"province": "山东省", "year": "2022"}))
    page.wait_for_selector("table.rows-and-columns")
    page.screenshot(path=str(ARTIFACTS / "researcher-missing.png"), full_page=True)
    listed = {t.strip() for t in page.locator("td.col-agency").all_inner_texts()}
    expected = {
        a
        for (a,) in query(
            root,
            """select name from agencies where province = '山东省' and first_year <= 2022
        and name not in (select agency from reports where year = 2022)""",
        )
    }
    assert listed == expected and "枣庄市台儿庄区应急管理局" in listed
    assert "淄博市应急管理局" not in listed  # its first report is 2023


def test_a_researcher_searches_a_two_character_word_and_reads_the_passages(site, researcher_archive, page):
    root, _ = researcher_archive
    page.goto(site + "/archive/search_reports?q=" + urllib.parse.quote("消防"))
    page.wait_for_selector("table.rows-and-columns tbody tr")
    page.screenshot(path=str(ARTIFACTS / "researcher-search.png"), full_page=True)
    reports = [t.strip() for t in page.locator("td.col-report").all_inner_texts()]
    containing = {
        rid
        for rid, text in query(
            root,
            "select r.id, coalesce(r.title, '') || coalesce(t.text, '')"
            " from reports r join report_texts t on t.report = r.id",
        )
        if "消防" in "".join(text.split())
    }
    assert set(reports) == containing
    marks = page.locator("td.col-passage mark").all_inner_texts()
    assert marks and set(marks) == {"消防"}
    assert page.locator("td.col-passage").count() == len(reports)
    assert "匹配段落" in page.locator("th.col-passage").inner_text()  # the Chinese name beside the column's


def test_a_researcher_searches_the_reports_table_and_reads_ranked_passages_beside_facets(
    site, researcher_archive, page
):
    from archive.search import fts_query

    root, _ = researcher_archive
    page.goto(site + "/archive/reports?_search=" + urllib.parse.quote("消防"))
    page.wait_for_selector("table.rows-and-columns tbody tr")
    page.screenshot(path=str(ARTIFACTS / "researcher-table-search.png"), full_page=True)
    ranked = [
        rid
        for (rid,) in query(
            root,
            "select r.id from reports_fts f join reports r on r.rowid = f.rowid where reports_fts match ? "
            "order by bm25(reports_fts, 10.0, 1.0), r.id",
            fts_query("消防"),
        )
    ]
    shown = [t.strip() for t in page.locator("td.col-id").all_inner_texts()]
    assert len(ranked) >= 2 and shown == ranked  # in relevance order, as the index ranks them
    occurrences = {
        rid: "".join((title + text).split()).count("消防")
        for rid, title, text in query(root, "select report, coalesce(title, ''), coalesce(text, '') from report_texts")
    }
    assert occurrences[shown[0]] == max(occurrences[r] for r in shown)  # the report that says it most comes first
    marks = page.locator("td.col-passage mark").all_inner_texts()
    assert marks and set(marks) == {"消防"}
    assert page.locator("td.col-passage").count() == len(shown)
    assert "匹配段落" in page.locator("th.col-passage").inner_text()
    assert page.locator(".facet-info").count() >= 4 and page.locator("#facet-year").count() == 1
    _, _, body = fetch(site + "/archive/reports?_size=50&_search=" + urllib.parse.quote("公开"))
    assert len(body) <= 150_000 and body.count(b'<td class="col-passage">') > 2


def test_results_download_as_csv_that_excel_opens(site, page):
    page.goto(site + "/archive/search_reports?q=" + urllib.parse.quote("消防"))
    link = page.get_by_role("link", name="CSV", exact=True).first
    link.evaluate("a => { a.href += '&_dl=1' }")  # as a file (Content-Disposition: attachment), not shown
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    (ARTIFACTS / "researcher-search.csv").write_bytes(data)
    # Excel takes a file starting with a UTF-8 byte-order mark as UTF-8 (without one: the ANSI code page, GBK)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows and list(rows[0])[0] == "report" and all("消防" in r["passage"] for r in rows if r["passage"])


def test_the_demo_says_it_is_a_demo_and_which_reports_are_real(site):
    for where in [
        "/",
        "/archive",
        "/archive/reports",
        "/-/report/" + path("淄博市应急管理局", "2023"),
        "/-/dashboards/archive",
        "/-/about",
    ]:
        _, _, body = fetch(site + where)
        assert "simulated portals" in body.decode(), where
    _, _, synthetic = fetch(site + "/-/report/" + path("淄博市应急管理局", "2023"))
    assert "synthetic: made up by the simulated portal farm" in synthetic.decode()


def test_publishing_conventions(site):
    _, headers, _ = fetch(site + "/archive/reports.json")
    assert headers.get("access-control-allow-origin") == "*"
    _, _, robots = fetch(site + "/robots.txt")
    lines = robots.decode().splitlines()
    assert "Allow: /-/report/" in lines and "Disallow: /*?" in lines
    _, _, home = fetch(site + "/")
    assert "https://opensource.org/license/mit" in home.decode() and "/-/about" in home.decode()
    for table in ("report_cells", "reports", "documents"):
        _, _, body = fetch(site + f"/archive/{table}?_size=50")
        assert len(body) <= 150_000, table
    _, _, reports = fetch(site + "/archive/reports?_size=50")
    assert 'data-column="title"' in reports.decode() and 'data-column="text"' not in reports.decode()


def test_agencies_of_one_region_and_level_compared_and_the_dashboard_filtered(site, researcher_archive):
    root, _ = researcher_archive
    args = urllib.parse.urlencode({"province": "山东省", "level": "department", "year": "2024", "_shape": "array"})
    _, _, body = fetch(site + "/archive/compare_agencies.json?" + args)
    rows = json.loads(body)
    expected = query(
        root,
        """select t.report, t.new from report_t3_totals t join agencies a on a.name = t.agency
        where a.province = '山东省' and a.level = 'department' and t.year = 2024""",
    )
    assert expected and {(r["report"], r["new_requests"]) for r in rows} == set(expected)
    status, _, page = fetch(site + "/-/dashboards/archive?" + urllib.parse.urlencode({"province": "山东省"}))
    assert status == 200 and "Requests received by year" in page.decode() and "山东省" in page.decode()


# ----------------------------------------------------------------- the same on portals the team never saw


@pytest.fixture(scope="module")
def altfarm_site(tmp_path_factory: pytest.TempPathFactory, serve_archive):
    """altfarm (written apart from farm/) crawled as a black box, built, and served."""
    import os
    import subprocess
    import sys

    from altfarm import AltFarm
    from archive.build import build

    out = tmp_path_factory.mktemp("altfarm-archive")
    data = out / "data"
    with AltFarm(out / "farm") as farm:
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "https_proxy")}
        env.update(http_proxy=farm.proxy_url, HTTP_PROXY=farm.proxy_url)
        fast = [
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=8",
            "-s",
            "DOWNLOAD_TIMEOUT=5",
            "-s",
            "RETRY_BACKOFF_BASE=0.05",
            "--quiet",
        ]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "crawler.run",
                "--sources",
                str(farm.sources_csv),
                "--data-dir",
                str(data),
                "--run-id",
                "20261128T050000Z",
                *fast,
            ],
            cwd=REPO,
            env=env,
            check=True,
            timeout=240,
        )
    build(data, workers=2)
    with serve_archive(data) as base:
        yield base, data


def test_every_report_of_an_unseen_farm_reads_as_its_form(altfarm_site):
    from parsers import cells as registry

    base, data = altfarm_site
    reports = query(data, "select id, layout_t3 from reports where layout_t3 is not null")
    assert len(reports) >= 20
    for rid, layout in reports:
        status, _, body = fetch(base + "/-/report/" + path(*rid.rsplit("/", 1)))
        page = body.decode()
        assert status == 200 and len(body) <= 250_000, rid
        t3 = page[page.index('<table class="form t3">') :]
        heads = re.findall(r'<th scope="row" title="[^"]*">([^<]*)</th>', t3[: t3.index("</table>")])
        assert heads == [r.label_zh for r in registry.t3_rows(layout)], rid
        for code, value in query(
            data, "select code, value from report_cells where report = ? and value is not null and table_no = 3", rid
        ):
            shown = re.search(
                rf'data-code="{re.escape(code)}">(?:<span class="col">[^<]*</span>)?<a href="[^"]*">([^<]*)<', t3
            )
            assert shown and shown.group(1) == str(value), (rid, code)
    for (agency,) in query(data, "select name from agencies"):
        assert fetch(base + "/-/agency/" + path(agency))[0] == 200, agency


def test_an_unseen_farm_is_searched_listed_and_downloaded(altfarm_site):
    base, data = altfarm_site
    [(province,)] = query(
        data, "select province from agencies where province is not null group by 1 order by count(*) desc limit 1"
    )
    [(last,)] = query(data, "select max(year) from reports")
    missing = json.loads(
        fetch(
            base
            + "/archive/missing_reports.json?"
            + urllib.parse.urlencode({"province": province, "year": str(last), "_shape": "array"})
        )[2]
    )
    expected = query(
        data,
        "select name from agencies where province = ? and first_year <= ? and name not in "
        "(select agency from reports where year = ?)",
        province,
        last,
        last,
    )
    assert {r["agency"] for r in missing} == {a for (a,) in expected}
    body = fetch(base + "/archive/search_reports.csv?" + urllib.parse.urlencode({"q": "复议", "_size": "max"}))[2]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert body.startswith(b"\xef\xbb\xbf") and rows
    assert all("复议" in r["passage"] for r in rows if r["passage"])
