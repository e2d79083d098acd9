"""Family recognition and pagination on frozen pages (tests/crawler/files)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler import families, links
from crawler.families import guangdong, hanweb
from crawler.families.base import GKMLPT_API, HANWEB_PROXY
from crawler.pages import Page

FILES = Path(__file__).parent / "files"


def page(name: str, url: str) -> Page:
    body = (FILES / name).read_bytes()
    cls = TextResponse if name.endswith(".json") else HtmlResponse
    headers = {"Content-Type": "application/json"} if name.endswith(".json") else {}
    return Page.from_response(cls(url, body=body, headers=headers, request=Request(url)))


@pytest.mark.parametrize(
    ("name", "url", "family"),
    [
        ("trs_list.html", "http://www.xx.gov.cn/xxgk/zfxxgknb/index.html", "trs"),
        ("cchannel_list.html", "http://www.huitong.gov.cn/huitong/c117630/xlist.shtml", "cchannel"),
        ("hanweb_column.html", "http://jtyst.xx.gov.cn/col/col282/index.html", "hanweb"),
        ("gkmlpt_index.html", "http://www.ps.gov.cn/gkmlpt/index", "guangdong"),
        ("anhui_list.html", "http://www.xx.gov.cn/public/column/1681?type=4&catId=7&action=list", "anhui"),
        ("wanhu_list.html", "http://czj.pds.gov.cn/channels/12693.html", "wanhu"),
        ("generic_next.html", "http://www.xx.gov.cn/xxgk/zfxxgknb/1.html", "generic"),
    ],
)
def test_family_is_recognised_from_the_page_itself(name: str, url: str, family: str) -> None:
    assert families.detect(page(name, url)) == family
    # a wrong hint does not override clear fingerprints
    if family != "generic":
        assert families.detect(page(name, url), hint="wanhu" if family != "wanhu" else "trs") == family


def test_trs_first_page_asks_for_both_second_page_spellings() -> None:
    urls = {
        r.url for r in families.next_pages(page("trs_list.html", "http://www.xx.gov.cn/zfxxgknb/index.html"), "trs")
    }
    assert urls == {"http://www.xx.gov.cn/zfxxgknb/index_1.html", "http://www.xx.gov.cn/zfxxgknb/index_2.html"}


def test_trs_list_links_prefer_the_title_attribute() -> None:
    found = families.item_links(page("trs_list.html", "http://www.xx.gov.cn/xxgk/zfxxgknb/index.html"), "trs")
    assert found[0].text == "XX区统计局2023年政府信息公开工作年度报告"
    assert found[1].url == "http://www.xx.gov.cn/xxgk/zfxxgknb/202301/t20230129_6158314.html"


def test_cchannel_six_argument_pager() -> None:
    urls = {
        r.url
        for r in families.next_pages(
            page("cchannel_list.html", "http://h.gov.cn/huitong/c117630/xlist_2.shtml"), "cchannel"
        )
    }
    assert "http://h.gov.cn/huitong/c117630/xlist_4.shtml" in urls


def test_hanweb_reads_embedded_records_and_posts_the_remaining_windows() -> None:
    column = page("hanweb_column.html", "http://jtyst.xx.gov.cn/col/col282/index.html")
    titles = [link.text for link in hanweb.item_links(column)]
    assert titles[0] == "XX省交通运输厅2023年政府信息公开工作年度报告" and len(titles) == 2
    requests = families.next_pages(column, "hanweb")
    # the POST windows the jpage plugin sends (the GET form of <nextgroup> is asked as well)
    proxy = [r for r in requests if r.kind == HANWEB_PROXY and r.method == "POST"]
    windows = [
        (parse_qs(urlsplit(r.url).query)["startrecord"][0], parse_qs(urlsplit(r.url).query)["endrecord"][0])
        for r in proxy
    ]
    assert windows == [("3", "47"), ("48", "92"), ("93", "100")]
    assert all(r.method == "POST" and r.headers["Referer"] == column.url for r in proxy)
    assert "columnid=282" in proxy[0].body and "unitid=123456" in proxy[0].body


def test_gkmlpt_index_finds_the_annual_report_category_and_skips_page_zero() -> None:
    index = page("gkmlpt_index.html", "http://www.ps.gov.cn/gkmlpt/index")
    requests = guangdong.next_pages(index)
    assert [r.url for r in requests] == ["http://www.ps.gov.cn/gkmlpt/api/all/20790?page=1&sid=755041"]
    assert requests[0].kind == GKMLPT_API


def test_gkmlpt_api_pages_and_attachments() -> None:
    api = page("gkmlpt_api.json", "http://www.ps.gov.cn/gkmlpt/api/all/20790?page=1&sid=755041")
    assert [r.url for r in guangdong.next_pages(api)] == ["http://www.ps.gov.cn/gkmlpt/api/all/20790?page=2&sid=755041"]
    last = page("gkmlpt_api.json", "http://www.ps.gov.cn/gkmlpt/api/all/20790?page=3&sid=755041")
    assert guangdong.next_pages(last) == []
    assert guangdong.item_links(api)[0].text == "XX区水务局2023年政府信息公开工作年度报告"
    files = guangdong.api_attachments(api)
    assert list(files.values())[0][0].url.endswith("12541123.docx")


def test_anhui_page_index_and_wanhu_channel_pages() -> None:
    anhui = page("anhui_list.html", "http://www.xx.gov.cn/public/column/1681?type=4&catId=7&action=list&pageIndex=2")
    assert "pageIndex=3" in families.next_pages(anhui, "anhui")[0].url
    wanhu = page("wanhu_list.html", "http://czj.pds.gov.cn/channels/12693.html")
    assert [r.url for r in families.next_pages(wanhu, "wanhu")] == ["http://czj.pds.gov.cn/channels/12693_2.html"]
    last = page("wanhu_list.html", "http://czj.pds.gov.cn/channels/12693_3.html")
    assert families.next_pages(last, "wanhu") == []


def test_generic_next_link_pager() -> None:
    generic = page("generic_next.html", "http://www.xx.gov.cn/xxgk/zfxxgknb/1.html")
    assert [r.url for r in families.next_pages(generic, "generic")] == ["http://www.xx.gov.cn/xxgk/zfxxgknb/2.html"]


def test_report_page_attachments_of_every_kind() -> None:
    report = page("report_page.html", "http://www.xx.gov.cn/xxgk/zfxxgknb/202401/t20240126_1178155.html")
    found = {link.url: link.text for link in links.attachment_links(report)}
    assert found["http://www.xx.gov.cn/xxgk/zfxxgknb/202401/P020240126612345678901.pdf"] == "2023年年报.pdf"
    assert (
        "http://www.xx.gov.cn/module/download/downfile.jsp?classid=0&filename=0123456789abcdef0123456789abcdef.docx"
        in found
    )
    assert "http://www.xx.gov.cn/upload/2024/report.pdf" in found  # iframe viewer.html?file=
    assert "http://www.xx.gov.cn/files/2024/tables.xls" in found  # onclick downloadFile(...)
