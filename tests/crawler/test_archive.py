"""The raw archive's guarantees: content-addressed blobs, a fetch log that survives a torn
last line and writes nothing twice, and correct decoding of mislabelled Chinese pages."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from scrapy.http import HtmlResponse, Request

from crawler.obstacles import block_reason, is_soft_404, vanish_reason
from crawler.pages import Page
from rawarchive import BlobStore, DataDir, FetchLog, read_fetch_log


def test_blobs_are_named_by_sha256_and_written_once(tmp_path: Path) -> None:
    store = BlobStore(DataDir(tmp_path).blobs)
    sha = store.put(b"%PDF-1.4 report")
    assert sha == hashlib.sha256(b"%PDF-1.4 report").hexdigest()
    path = DataDir(tmp_path).blob(sha)
    assert path.read_bytes() == b"%PDF-1.4 report"
    assert store.put(b"%PDF-1.4 report") == sha
    assert not list(DataDir(tmp_path).blobs.rglob(".tmp-*"))


def test_fetch_log_cuts_a_torn_line_and_deduplicates_on_resume(tmp_path: Path) -> None:
    path = DataDir(tmp_path).fetch_log("R")
    log = FetchLog(path)
    assert log.append({"kind": "report_page", "url": "http://a/1", "sha256": "aa"})
    assert not log.append({"kind": "report_page", "url": "http://a/1", "sha256": "aa"})
    assert log.append({"kind": "attachment", "url": "http://a/1", "sha256": "bb"})  # replaced file: new blob
    log.close()
    with open(path, "ab") as handle:  # a kill in the middle of a write
        handle.write(b'{"kind": "noise", "url": "http://a/')
    resumed = FetchLog(path)
    assert not resumed.append({"kind": "report_page", "url": "http://a/1", "sha256": "aa"})
    assert resumed.append({"kind": "noise", "url": "http://a/2", "sha256": None, "reason": "通知"})
    resumed.close()
    lines = path.read_bytes().splitlines()
    assert all(json.loads(line) for line in lines)
    assert [r["url"] for r in read_fetch_log(path)] == ["http://a/1", "http://a/1", "http://a/2"]


def _page(
    body: bytes, headers: dict[str, str] | None = None, status: int = 200, url: str = "http://x.gov.cn/a/b.html"
) -> Page:
    return Page.from_response(HtmlResponse(url, body=body, headers=headers or {}, status=status, request=Request(url)))


def test_gbk_body_behind_a_utf8_header_is_decoded() -> None:
    body = (
        '<html><head><meta charset="gbk"><title>政府信息公开年报</title></head>'
        "<body><h1>镕堃2023年政府信息公开工作年度报告</h1></body></html>"
    )
    page = _page(body.encode("gbk"), {"Content-Type": "text/html; charset=utf-8"})
    assert "政府信息公开工作年度报告" in page.title and "镕堃" in page.title


def test_utf8_body_behind_a_gbk_header_is_decoded() -> None:
    body = "<html><head><title>x</title></head><body><h1>示例县2023年政府信息公开工作年度报告</h1></body></html>"
    page = _page(body.encode("utf-8"), {"Content-Type": "text/html; charset=GBK"})
    assert page.title == "示例县2023年政府信息公开工作年度报告"


def test_challenges_bans_and_soft_404s() -> None:
    challenge = _page(b"<script>document.cookie='a=b';location.reload()</script>", {"Set-Cookie": "x=y"}, status=412)
    assert "412" in (block_reason(challenge) or "")
    captcha = _page('<html><body><div class="puzzle-vcode">请稍候…</div></body></html>'.encode())
    assert block_reason(captcha) == "CAPTCHA page"
    ban = _page("<html><body>访问过于频繁，请稍后再试</body></html>".encode())
    assert block_reason(ban) == "ban page"
    assert block_reason(_page("<html><body><h1>报告</h1></body></html>".encode())) is None
    missing = _page("<html><body>对不起，您访问的页面不存在</body></html>".encode())
    assert is_soft_404(missing) and vanish_reason(missing, missing.url)
    home = _page(b"<html><body>home</body></html>", url="http://x.gov.cn/index.html")
    assert vanish_reason(home, "http://x.gov.cn/zfxxgknb/t1.html") == "redirects to the home page"


def test_warc_status_lines_carry_the_standard_reason_phrase() -> None:
    from crawler.warc import status_line

    assert [status_line(s) for s in (200, 304, 412, 429, 451)] == [
        "200 OK",
        "304 Not Modified",
        "412 Precondition Failed",
        "429 Too Many Requests",
        "451 Unavailable For Legal Reasons",
    ]
    assert status_line(522) == "522 Unknown"  # a CDN's own status: no RFC names it
