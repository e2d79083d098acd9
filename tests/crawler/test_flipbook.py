"""A flipbook report end to end: a county portal publishes a scanned report as page images on its
report page (lazily loaded, amid a logo and a QR code); the real spider crawls it in a subprocess,
archives the page and its images, and ``archive.build`` reads the report's cells from them by OCR.

The scan is made at test time (``docgen.scans``) from the corpus's rendered PDF of a real seed
report: its last page (table 4 and the signature), so the OCR stays one page.  Night 1 the images
answer 404: the page alone has no numbers.  Night 2 brings them: the page is parsed again (the
parse cache key names the images) and every table-4 cell is the gold value or null marked
``ocr_unreadable``, never a wrong number.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.build import build
from docgen.scans import Degradation, flipbook, scanned_pages
from rawarchive import DataDir, read_fetch_log

sys.path.insert(0, str(Path(__file__).parent))
from minisite import HTML, Page, html, serve  # noqa: E402
from test_crawl import crawl  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "parsers" / "corpus" / "generated"
HOST = "http://www.flip-county.gov.cn"
COLUMN = f"{HOST}/xxgk/ndbg/"
REPORT = f"{COLUMN}202501/t20250126_1.html"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


class FlipbookCounty:
    """One county column with one report, whose page shows the report as page images."""

    def __init__(self, gold: dict) -> None:
        import threading

        self.title = gold["title"]
        pages = scanned_pages((CORPUS / "s001_seed.pdf").read_bytes(), Degradation(seal=None), seed=5)[1:]
        page_html, self.images = flipbook(pages, self.title, base=f"{COLUMN}202501/")
        self.report_html = _lazy_with_chrome(page_html.decode("utf-8")).encode("utf-8")
        self.images_served = False
        self.requests: list[str] = []
        self.statuses: list[tuple[str, int]] = []
        self.validators = True
        self.lock = threading.Lock()
        self.sources_csv = f"agency,url,family\n{gold['agency']},{COLUMN},\n"

    def answer(self, method: str, url: str, body: bytes) -> Page:
        with self.lock:
            self.requests.append(url)
        if url.endswith("/robots.txt"):
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\n"
        if url in (COLUMN, COLUMN + "index.html"):
            item = (
                f'<li><a href="./202501/t20250126_1.html" title="{self.title}">{self.title}</a>'
                "<span>2025-01-26</span></li>"
            )
            return html(f'<div class="list"><ul>{item}</ul></div>', "政府信息公开年报")
        if url == REPORT:
            return 200, dict(HTML), self.report_html
        if url in self.images and self.images_served:
            return 200, {"Content-Type": "image/jpeg"}, self.images[url]
        if url.endswith((".gif", ".png")):
            return 200, {"Content-Type": "image/gif"}, GIF
        return 404, dict(HTML), "<html><body>页面不存在</body></html>".encode()


def _lazy_with_chrome(page: str) -> str:
    """The generated flipbook as a portal serves it: a header with the logo, a footer with the
    QR code and the 党政机关 badge, and each page lazily loaded behind a spinner."""
    header = '<div class="header"><img src="/images/logo.png" alt="县政府"><a href="/">首页</a></div>'
    footer = (
        '<div class="footer">主办单位：县政府办公室 <img src="/images/qrcode.png" alt="手机版">'
        '<img src="/images/dzjg.png"></div>'
    )
    page = page.replace('<img src="files/', '<img class="lazy" src="/images/loading.gif" data-original="files/')
    return page.replace("<body>", "<body>" + header).replace("</body>", footer + "</body>")


@pytest.fixture
def county() -> Iterator[tuple[FlipbookCounty, int, dict]]:
    gold = json.loads((CORPUS / "s001_seed.pdf.expected.json").read_text(encoding="utf-8"))
    site = FlipbookCounty(gold)
    server = serve(site)
    yield site, server.server_port, gold
    server.shutdown()
    server.server_close()


def _report(db: Path) -> tuple[dict, dict[str, tuple]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    [report] = [dict(r) for r in conn.execute("SELECT * FROM reports")]
    cells = {r["code"]: (r["value"], r["marker"]) for r in conn.execute("SELECT * FROM report_cells")}
    conn.close()
    return report, cells


def test_flipbook_report_is_crawled_archived_and_read_by_ocr(
    county: tuple[FlipbookCounty, int, dict], tmp_path: Path
) -> None:
    site, port, gold = county
    sources, data = tmp_path / "sources.csv", tmp_path / "data"
    sources.write_text(site.sources_csv, encoding="utf-8")
    # night 1: the images answer 404, the page alone says no number
    result = crawl(data, port, sources, "20260101T000000Z")
    assert result.returncode == 0, result.stderr[-3000:]
    build(data, workers=1)
    report, cells = _report(DataDir(data).database)
    assert report["read_by"] == "text" and not any(value is not None for value, _ in cells.values())
    # night 2: the images are there; they are archived as received, with the page that shows them
    site.images_served = True
    result = crawl(data, port, sources, "20260102T000000Z")
    assert result.returncode == 0, result.stderr[-3000:]
    lines = read_fetch_log(DataDir(data).fetch_log("20260102T000000Z"))
    archived = {r["url"]: r for r in lines if r["kind"] == "page_image"}
    assert set(archived) == set(site.images)
    for url, line in archived.items():
        assert line["page_url"] == REPORT and DataDir(data).blob(line["sha256"]).read_bytes() == site.images[url]
    # the spinner, the logo, the QR code and the badge were never asked for
    assert not [u for u in site.requests if "/images/" in u]
    stats = build(data, workers=1)
    assert stats.parsed >= 1  # the page again, now with its images
    report, cells = _report(DataDir(data).database)
    assert report["read_by"] == "ocr" and (report["agency"], report["year"]) == (gold["agency"], gold["year"])
    t4 = {code: value for code, value in gold["cells"].items() if code.startswith("t4.")}
    wrong = {c: (cells[c][0], v) for c, v in gold["cells"].items() if c in cells and cells[c][0] not in (None, v)}
    assert not wrong, f"values published wrong: {wrong}"
    unread = {c: cells[c][1] for c, v in t4.items() if v is not None and cells[c][0] is None}
    assert all(marker == "ocr_unreadable" for marker in unread.values()), unread
    assert len(unread) <= 0.1 * len(t4), f"{len(unread)}/{len(t4)} table-4 cells unread"
