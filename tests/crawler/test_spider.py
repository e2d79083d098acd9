"""Callbacks of the spider on frozen responses: what a list page and a report page yield."""

from __future__ import annotations

import sys
from pathlib import Path

from scrapy.http import HtmlResponse, Request

from crawler.spiders.annual_reports import AnnualReportSpider

sys.path.insert(0, str(Path(__file__).parent))
import spiderunit  # noqa: E402

FILES = Path(__file__).parent / "files"


def spider(tmp_path: Path) -> AnnualReportSpider:
    return spiderunit.spider(
        tmp_path, "XX区人民政府,http://www.xx.gov.cn/,trs", "其他市人民政府,http://www.other.gov.cn/,"
    )


def respond(name: str, url: str, **meta: object) -> HtmlResponse:
    request = Request(url, meta=spiderunit.meta(**meta))
    return HtmlResponse(url, body=(FILES / name).read_bytes(), request=request)


def test_list_page_yields_reports_noise_and_its_next_pages(tmp_path: Path) -> None:
    out = list(spider(tmp_path).parse(respond("trs_list.html", "http://www.xx.gov.cn/xxgk/zfxxgknb/index.html")))
    requests = {r.url: r.meta["role"] for r in out if isinstance(r, Request)}
    items = [r for r in out if isinstance(r, dict) and r["kind"] != "page"]
    # the list page itself is a line too (every answer is), its bytes in the WARC
    assert [r["url"] for r in out if isinstance(r, dict) and r["kind"] == "page"] == [
        "http://www.xx.gov.cn/xxgk/zfxxgknb/index.html"
    ]
    assert requests["http://www.xx.gov.cn/xxgk/zfxxgknb/202401/t20240126_1178155.html"] == "report"
    assert requests["http://www.xx.gov.cn/xxgk/zfxxgknb/index_1.html"] == "list"
    assert [(i["kind"], i["reason"]) for i in items] == [("noise", "website annual report (网站年度报表)")]
    assert items[0]["source"] == "XX区人民政府" and items[0]["list_url"].endswith("/index.html")


def test_report_page_is_archived_with_its_attachments(tmp_path: Path) -> None:
    url = "http://www.xx.gov.cn/xxgk/zfxxgknb/202401/t20240126_1178155.html"
    response = respond("report_page.html", url, role="report", link_text="XX区统计局2023年政府信息公开工作年度报告")
    out = list(spider(tmp_path).parse(response))
    page = next(r for r in out if isinstance(r, dict) and r["kind"] == "report_page")
    assert page["_body"] == response.body and page["year"] == 2023 and page["url"] == url
    attachments = {r.url for r in out if isinstance(r, Request) and r.meta["role"] == "attachment"}
    assert "http://www.xx.gov.cn/xxgk/zfxxgknb/202401/P020240126612345678901.pdf" in attachments
    noise = [r for r in out if isinstance(r, dict) and r["kind"] == "noise"]
    assert noise and "问答解读" in noise[0]["link_text"]  # the Q&A attachment is an interpretation, not the report


def test_a_challenge_blocks_the_host_and_every_challenge_answer_is_a_line(tmp_path: Path) -> None:
    crawl = spider(tmp_path)
    request = Request(
        "http://www.xx.gov.cn/zwgk/", meta={"source": "XX区人民政府", "role": "nav", "hops": 1, "kind": "list"}
    )
    challenge = HtmlResponse(
        "http://www.xx.gov.cn/zwgk/",
        status=412,
        body=b"<script>document.cookie='a=1';location.reload()</script>",
        headers={"Set-Cookie": "FSSBBIl1UgzbN7N80S=x"},
        request=request,
    )
    first = list(crawl.parse(challenge))
    assert [r["kind"] for r in first] == ["blocked"] and "412" in first[0]["reason"]
    # every response that arrives is a line (the fetch log keeps one per URL and kind)
    again = list(crawl.parse(challenge))
    assert [r["kind"] for r in again] == ["blocked"] and "host already blocked" in again[0]["reason"]
    assert "www.xx.gov.cn" in crawl.blocked_hosts


def test_run_refuses_to_start_without_a_registry_or_redis(tmp_path: Path) -> None:
    from crawler.run import main

    assert main(["--sources", str(tmp_path / "missing.csv"), "--data-dir", str(tmp_path / "data")]) == 2
    sources = tmp_path / "sources.csv"
    sources.write_text("agency,url\nXX区人民政府,http://www.xx.gov.cn/\n", encoding="utf-8")
    assert (
        main(["--sources", str(sources), "--data-dir", str(tmp_path / "data"), "--redis-url", "redis://127.0.0.1:1/0"])
        == 2
    )


def test_summary_counts_per_source() -> None:
    from crawler.run import summarise

    records = [
        {"kind": "report_page", "source": "A", "url": "u1", "sha256": "s1"},
        {"kind": "attachment", "source": "A", "url": "f1", "sha256": "s2", "page_url": "u1", "list_url": "l"},
        {"kind": "attachment", "source": "A", "url": "f2", "sha256": "s3", "page_url": "l", "list_url": "l"},
        {"kind": "noise", "source": "A", "url": "n1", "sha256": None},
        {"kind": "blocked", "source": "B", "url": "b", "sha256": None},
    ]
    counts = summarise(records, ["A", "B", "C"])
    assert counts["A"] == {"reports": 2, "documents": 3, "noise": 1, "errors": 0, "blocked": 0, "vanished": 0}
    assert counts["B"]["blocked"] == 1 and counts["C"]["reports"] == 0
