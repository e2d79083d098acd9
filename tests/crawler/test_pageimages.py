"""Flipbook report pages: which pictures the crawler fetches as a report's page images, and how
the spider asks for them and archives them.

The shapes are those real portals publish a scanned report in: TRS WCM's editor
(``<img src="./W0….jpg" oldsrc="W0….jpg">``, newer ones with ``data-width``/``data-height`` and
``…_ORIGIN.jpg`` names, one ``img_wrapper`` div per picture), lazy loading (``src`` a spinner,
the page in ``data-original``), and page-numbered exports (FlipHTML5/云展网 ``files/mobile/1.jpg``);
around them the chrome every portal has (a logo, the 党政机关 badge, a QR code, share icons).
"""

from __future__ import annotations

import sys
from pathlib import Path

from scrapy.http import HtmlResponse, Request, Response

from crawler.pageimages import MAX_PAGE_IMAGES, PAGE_IMAGE_MAXSIZE, is_image, page_image_urls
from crawler.pages import Page
from crawler.spiders.annual_reports import AnnualReportSpider
from parsers.formats import scan

sys.path.insert(0, str(Path(__file__).parent))
import spiderunit  # noqa: E402

URL = "http://www.xx.gov.cn/xxgk/zfxxgknb/202401/t20240126_1178155.html"
TITLE = "XX区统计局2023年政府信息公开工作年度报告"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
CHROME = (
    '<div class="header"><img src="/images/logo.png" alt="XX区人民政府"><a href="/">首页</a></div>'
    '<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a></div>'
)
FOOTER = (
    '<div class="footer"><p>主办单位：XX区人民政府办公室 网站标识码：1234567890 ICP备12345678号</p>'
    '<img src="/images/dzjg.png"><img src="/images/qrcode.jpg" alt="手机版"></div>'
)


def page(content: str, url: str = URL) -> Page:
    html = (
        f"<html><head><meta charset='utf-8'><title>{TITLE}</title><meta name='ArticleTitle' content='{TITLE}'>"
        f"</head><body>{CHROME}<h1>{TITLE}</h1><div id='zoom'>{content}</div>{FOOTER}</body></html>"
    )
    return Page(url=url, text=html)


def trs_pages(n: int) -> str:
    return "".join(
        f'<div class="img_wrapper"><img src="./W02024012661234567890{k}.jpg" alt="" appendix="true" '
        f'oldsrc="W02024012661234567890{k}.jpg" data-width="1240" data-height="1754"></div>'
        for k in range(1, n + 1)
    )


def test_trs_editor_page_images_are_fetched_in_order_and_the_chrome_is_not() -> None:
    content = (
        f'<div class="TRS_Editor">{trs_pages(3)}</div>'
        '<div class="share"><img src="/images/weixin.png"><img src="/images/print.gif" width="24"></div>'
        '<p><img src="./W020240126000000000009.jpg" width="32" height="32"></p>'
    )
    base = "http://www.xx.gov.cn/xxgk/zfxxgknb/202401/"
    assert page_image_urls(page(content)) == [f"{base}W02024012661234567890{k}.jpg" for k in (1, 2, 3)]


def test_lazy_loaded_pages_are_fetched_where_the_parser_reads_them() -> None:
    content = "".join(
        f'<p><img class="lazy" src="/images/loading.gif" data-original="/upload/2024/01/nb_{k}.jpg" '
        f'style="width: 800px"></p>'
        for k in (1, 2)
    )
    p = page(content)
    fetched = page_image_urls(p)
    assert fetched == [f"http://www.xx.gov.cn/upload/2024/01/nb_{k}.jpg" for k in (1, 2)]
    # the crawler fetches exactly the pictures the parser will look up, by the same absolute URL
    read = scan.page_image_urls(p.text.encode("utf-8"), URL)
    assert set(fetched) <= set(read) and "http://www.xx.gov.cn/images/loading.gif" not in read


def test_page_numbered_export_on_the_sites_cdn_is_fetched_another_site_is_not() -> None:
    content = (
        "".join(f'<img src="http://img.xx.gov.cn/book/nb2023/files/mobile/{k}.jpg">' for k in (1, 2))
        + '<img src="http://www.tracker.example.com/files/mobile/3.jpg">'
        + '<img src="http://www.xx.gov.cn/counter.jsp?id=7">'
    )
    assert page_image_urls(page(content)) == [
        "http://img.xx.gov.cn/book/nb2023/files/mobile/1.jpg",
        "http://img.xx.gov.cn/book/nb2023/files/mobile/2.jpg",
    ]


def test_a_page_that_prints_its_tables_fetches_no_picture() -> None:
    content = (
        "<p>一、总体情况</p><p><img src='./W020240126123456789012.jpg'></p>"
        "<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>申请人情况</td><td>自然人</td></tr></table>"
    )
    assert page_image_urls(page(content)) == []


def test_at_most_the_bound_of_page_images_per_page() -> None:
    content = "".join(f"<p><img src='/upload/nb/page{k}.png'></p>" for k in range(1, MAX_PAGE_IMAGES + 21))
    urls = page_image_urls(page(content))
    assert len(urls) == MAX_PAGE_IMAGES and urls[-1].endswith(f"/page{MAX_PAGE_IMAGES}.png")


def test_pictures_are_told_by_their_bytes() -> None:
    assert is_image(JPEG) and is_image(b"\x89PNG\r\n\x1a\n....") and is_image(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    assert not is_image(b"<html><body>404</body></html>") and not is_image(b"%PDF-1.4")


# ----------------------------------------------------------------------------- the spider


def spider(tmp_path: Path) -> AnnualReportSpider:
    return spiderunit.spider(tmp_path, "XX区人民政府,http://www.xx.gov.cn/,trs")


def respond(url: str, body: bytes, headers: dict[str, str] | None = None, **meta: object) -> Response:
    request = Request(url, meta=spiderunit.meta(**{"role": "report", **meta}))
    if body.startswith(b"<"):
        return HtmlResponse(url, body=body, request=request, headers=headers)
    return Response(url, body=body, request=request, headers=headers, status=200)


def test_flipbook_report_page_is_archived_and_asks_for_its_page_images(tmp_path: Path) -> None:
    html = page(f'<div class="TRS_Editor">{trs_pages(2)}</div>').text.encode("utf-8")
    out = list(spider(tmp_path).parse(respond(URL, html, link_text=TITLE)))
    assert [r["kind"] for r in out if isinstance(r, dict)] == ["report_page"]
    images = [r for r in out if isinstance(r, Request) and r.meta["role"] == "page_image"]
    assert [r.url.rsplit("/", 1)[-1] for r in images] == ["W020240126612345678901.jpg", "W020240126612345678902.jpg"]
    assert all(r.meta["page_url"] == URL and r.meta["download_maxsize"] == PAGE_IMAGE_MAXSIZE for r in images)


def test_a_page_image_is_archived_as_received_and_a_soft_404_is_an_error(tmp_path: Path) -> None:
    crawl = spider(tmp_path)
    image_url = "http://www.xx.gov.cn/xxgk/zfxxgknb/202401/W020240126612345678901.jpg"
    meta = {"role": "page_image", "page_url": URL, "hops": 3}
    [line] = crawl.parse(respond(image_url, JPEG, {"Content-Type": "application/octet-stream"}, **meta))
    assert line["kind"] == "page_image" and line["_body"] == JPEG and line["page_url"] == URL
    gone = b"<html><body>\xe9\xa1\xb5\xe9\x9d\xa2\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8</body></html>"
    [line] = crawl.parse(respond(image_url, gone, {"Content-Type": "image/jpeg"}, **meta))
    assert line["kind"] == "error" and "not a picture" in line["reason"] and "_body" not in line
    [line] = crawl.parse(
        Response(image_url, status=404, request=Request(image_url, meta=respond(image_url, JPEG, **meta).meta))
    )
    assert line["kind"] == "error" and line["reason"] == "HTTP 404"
