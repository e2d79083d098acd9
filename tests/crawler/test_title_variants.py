"""Title variants of real portals the farm does not serve (portal-patterns.md §0.5, §2.3):
list titles cut with … (the full title only in the page's ArticleTitle / <h1>), cover letters
(…关于报送2023年政府信息公开工作年度报告的函), a report with neither unit nor year, and big5
mirrors.  Titles alone, then the spider's callbacks on frozen responses."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.spiders.annual_reports import AnnualReportSpider
from crawler.titles import classify, is_truncated, mentions_disclosure, repost_reason
from identity import title_agency

sys.path.insert(0, str(Path(__file__).parent))
import spiderunit  # noqa: E402


@pytest.mark.parametrize(
    "text",
    [
        "XX市城市管理局2023年政府信息公开工作…",
        "XX市城市管理局2023年政府信…",
        "XX市城市管理局2023年政府...",
        "XX市人民政府办公室2023年度政...",
        "XX市人民政府办公室2023年政务信息公…",
    ],
)
def test_cut_list_titles_are_candidates(text: str) -> None:
    assert is_truncated(text) and mentions_disclosure(text)
    assert not classify(text).is_report  # not a report by its text: the page must say


@pytest.mark.parametrize(
    "text", ["XX县2023年国民经济和社会发展统计…", "关于印发XX市2023年工作要点…", "XX局2023年度工作总结…"]
)
def test_other_cut_titles_are_not_candidates(text: str) -> None:
    assert not mentions_disclosure(text)


def test_cover_letter_unitless_and_big5_titles() -> None:
    letter = classify("XX市卫生健康委员会关于报送2023年政府信息公开工作年度报告的函")
    assert letter.is_report and letter.year == 2023
    assert title_agency("XX市卫生健康委员会关于报送2023年政府信息公开工作年度报告的函") == "XX市卫生健康委员会"
    # a ministry's cover letter on a county bureau's site is still a repost
    assert repost_reason("交通运输部关于报送2023年政府信息公开工作年度报告的函", "XX县交通运输局")
    bare = classify("政府信息公开工作年度报告")
    assert bare.is_report and bare.year is None
    for big5 in ("政府信息公開工作年度報告", "XX市人民政府2023年政府信息公開工作年度報告"):
        verdict = classify(big5)
        assert verdict.kind == "noise" and "big5" in (verdict.reason or "")


# ------------------------------------------------------------------ the spider


def spider(tmp_path: Path) -> AnnualReportSpider:
    return spiderunit.spider(tmp_path, "XX区人民政府,http://www.xx.gov.cn/,")


def respond(url: str, html: str, **meta: object) -> HtmlResponse:
    request = Request(url, meta=spiderunit.meta(**meta))
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8", request=request)


LIST = """<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>
<h2>政府信息公开年报</h2><ul class="list">
<li><a href="./202401/t20240126_1.html">XX区城市管理局2023年政府信…</a><span>2024-01-26</span></li>
<li><a href="./202401/t20240120_2.html">XX区财政局关于报送2023年政府信息公开工作年度报告的函</a>\
<span>2024-01-20</span></li>
<li><a href="./202401/t20240118_3.html">政府信息公开工作年度报告</a><span>2024-01-18</span></li>
<li><a href="./202401/t20240117_4.html">XX区人民政府2023年政府信息公開工作年度報告</a><span>2024-01-17</span></li>
</ul></body></html>"""


def test_list_of_variants(tmp_path: Path) -> None:
    out = list(spider(tmp_path).parse(respond("http://www.xx.gov.cn/zwgk/nb/index.html", LIST)))
    requests = {r.url.rsplit("/", 1)[-1]: r.meta["role"] for r in out if isinstance(r, Request)}
    assert requests["t20240126_1.html"] == "report"  # cut: fetched, the page decides
    assert requests["t20240120_2.html"] == "report"  # the cover letter carries the report
    assert requests["t20240118_3.html"] == "report"  # neither unit nor year
    noise = {r["url"].rsplit("/", 1)[-1]: r["reason"] for r in out if isinstance(r, dict) and r["kind"] == "noise"}
    assert "big5" in noise["t20240117_4.html"] and "t20240117_4.html" not in requests


def report_html(article_title: str | None, h1: str, body: str = "") -> str:
    meta = f'<meta name="ArticleTitle" content="{article_title}">' if article_title else ""
    filler = "<p>本年度我单位认真贯彻落实《中华人民共和国政府信息公开条例》。</p>" * 30
    return (
        f'<html><head><meta charset="utf-8"><title>XX区人民政府</title>{meta}</head><body>'
        f'<h1 class="title">{h1}</h1><div id="zoom">{filler}{body}</div></body></html>'
    )


def test_cut_title_is_completed_from_the_page(tmp_path: Path) -> None:
    url = "http://www.xx.gov.cn/zwgk/nb/202401/t20240126_1.html"
    crawl = spider(tmp_path)
    out = list(
        crawl.parse(
            respond(
                url,
                report_html(None, "XX区城市管理局2023年政府信息公开工作年度报告"),
                role="report",
                link_text="XX区城市管理局2023年政府信…",
            )
        )
    )
    page = next(r for r in out if isinstance(r, dict) and r["kind"] == "report_page")
    assert page["year"] == 2023 and page["title"] == "XX区城市管理局2023年政府信息公开工作年度报告"
    # ArticleTitle wins over a shortened <h1>
    out = list(
        crawl.parse(
            respond(
                url.replace("_1", "_5"),
                report_html("XX区民政局2022年政府信息公开工作年度报告", "XX区民政局2022年…"),
                role="report",
                link_text="XX区民政局2022年政府信…",
            )
        )
    )
    page = next(r for r in out if isinstance(r, dict) and r["kind"] == "report_page")
    assert page["year"] == 2022
    # a cut title whose page turns out to be the interpretation is noise, not a report
    out = list(
        crawl.parse(
            respond(
                url.replace("_1", "_6"),
                report_html("XX区2023年政府信息公开工作年度报告解读", "解读"),
                role="report",
                link_text="XX区2023年政府信息公开工作年度报告解…",
            )
        )
    )
    assert [r["kind"] for r in out if isinstance(r, dict)] == ["noise"]


def test_undated_column_page_that_is_the_report(tmp_path: Path) -> None:
    sections = "".join(
        f"<h3>{s}</h3><p>情况说明。</p>"
        for s in (
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        )
    )
    html = (
        '<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
        '<div class="nav"><a href="/">首页</a></div><h2>政府信息公开年报</h2><h1>政府信息公开工作年度报告</h1>'
        + "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。</p>" * 40
        + sections
        + "</body></html>"
    )
    url = "http://www.xx.gov.cn/col/col113459/index.html"
    out = list(spider(tmp_path).parse(respond(url, html, role="list")))
    pages = [r for r in out if isinstance(r, dict) and r["kind"] == "report_page"]
    assert [p["url"] for p in pages] == [url] and pages[0]["year"] is None
    # the same column heading over a short list with no report is not taken for one
    empty = html.split("<h1>")[0] + "<p>暂无信息</p></body></html>"
    out = list(spider(tmp_path).parse(respond(url, empty, role="list")))
    assert not [r for r in out if isinstance(r, dict) and r["kind"] == "report_page"]
