"""Real portal behaviours the family modules must handle however a site spells them (frozen
pages, portal-patterns §1 and §2.2): pager calls written with variables and any extension, both
createPageHTML signatures, Hanweb's two dataproxy forms, column pages that are the report,
pdf.js viewers, gkmlpt configs as JSON or JS, and pages a family claims but cannot read."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse

from crawler import families, links
from crawler.families import FamilyError, createpage, guangdong, hanweb
from crawler.families.base import GKMLPT_API, HANWEB_PROXY
from crawler.pages import Page
from crawler.spiders.annual_reports import AnnualReportSpider

sys.path.insert(0, str(Path(__file__).parent))
import spiderunit  # noqa: E402


def html_page(url: str, body: str) -> Page:
    return Page.from_response(
        HtmlResponse(
            url, body=body.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"}, request=Request(url)
        )
    )


def xml_page(url: str, body: str) -> Page:
    return Page.from_response(
        XmlResponse(
            url, body=body.encode("utf-8"), headers={"Content-Type": "text/xml; charset=UTF-8"}, request=Request(url)
        )
    )


def list_html(items: str, script: str, title: str = "政府信息公开年报") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<div class='list'><ul>{items}</ul></div>{script}</body></html>"
    )


TRS_ITEMS = (
    "<li><a href='./202401/t20240126_1178155.htm' title='XX县统计局2023年政府信息公开工作年度报告'>XX县统计局…</a>"
    "<span>2024-01-26</span></li>"
)

# ---------------------------------------------------------------- 1. createPageHTML, any spelling


@pytest.mark.parametrize(
    ("script", "url", "expected"),
    [
        # variables assigned before the call, extension "htm" (the call's 4th argument, not .html)
        (
            "<script>var countPage = 3; var currentPage = 0;\n"
            'createPageHTML(countPage, currentPage, "index", "htm");</script>',
            "http://www.qs.gov.cn/zfxxgk/gknb/index.htm",
            {"index_1.htm", "index_2.htm"},
        ),
        # the same on the second page, with a trailing comment on the count and .shtml
        (
            "<script>var countPage = 3//共多少页\nvar currentPage = 1;\n"
            "createPageHTML(countPage, currentPage, 'index', 'shtml');</script>",
            "http://www.bh.gov.cn/zwgk/nb/index_1.shtml",
            {"index_2.shtml"},
        ),
        # literals, .html, and the pager's own definition on the page (not a call)
        (
            "<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}\n"
            'createPageHTML(4, 0, "index", "html");</script>',
            "http://www.xx.gov.cn/xxgk/zfxxgknb/index.html",
            {"index_1.html", "index_2.html"},
        ),
        # the 6-argument signature with variables and parseInt
        (
            "<div id='page_div'></div><script>var pageCount = parseInt('3'); var cur = 1; var box = 'page_div';\n"
            "createPageHTML(box, pageCount, cur, 'xlist', 'shtml', 11);</script>",
            "http://www.yx.gov.cn/yx/c100321/xlist.shtml",
            {"xlist_1.shtml", "xlist_2.shtml"},
        ),
        # the 6-argument signature on its last page: nothing further
        (
            "<div id='page_div'></div><script>createPageHTML('page_div', 3, 3, 'xlist', 'shtml', 11);</script>",
            "http://www.yx.gov.cn/yx/c100321/xlist_3.shtml",
            set(),
        ),
    ],
)
def test_create_page_html_arguments_are_resolved_in_both_signatures(script: str, url: str, expected: set[str]) -> None:
    page = html_page(url, list_html(TRS_ITEMS, script))
    family = families.detect(page)
    names = {r.url.rsplit("/", 1)[1] for r in families.next_pages(page, family)}
    assert names == expected


def test_variables_pager_is_recognised_as_trs_and_page_call_reads_it() -> None:
    script = (
        "<script>var countPage = 3; var currentPage = 0;\n"
        'createPageHTML(countPage, currentPage, "index", "htm");</script>'
    )
    page = html_page("http://www.qs.gov.cn/zfxxgk/gknb/index.htm", list_html(TRS_ITEMS, script))
    assert families.detect(page) == "trs"
    assert createpage.page_call(page.text) == createpage.PageCall(3, 0, "index", "htm", one_based=False)


def test_an_unreadable_pager_is_an_error_not_silence() -> None:
    script = "<script>createPageHTML(getCount(), window.cur, 'index', 'html');</script>"
    page = html_page("http://www.xx.gov.cn/xxgk/zfxxgknb/index.html", list_html(TRS_ITEMS, script))
    with pytest.raises(FamilyError, match="cannot be resolved"):
        families.next_pages(page, "trs")
    # …unless the generic next-link pager still finds the way on
    with_next = html_page(page.url, list_html(TRS_ITEMS, script + "<a href='index_1.html'>下一页</a>"))
    assert [r.url for r in families.next_pages(with_next, "trs")] == ["http://www.xx.gov.cn/xxgk/zfxxgknb/index_1.html"]


# ---------------------------------------------------------------- 2. Hanweb jpage: GET <nextgroup> and POST windows

NEXT = (
    "/module/web/jpage/dataproxy.jsp?page={n}&amp;appid=1&amp;webid=3&amp;path=/&amp;columnid=282"
    "&amp;unitid=123456&amp;webname=%E6%B8%85%E6%B2%B3&amp;permissiontype=0"
)


def record(n: int, title: str) -> str:
    return (
        f'<record><![CDATA[<li><a href="/art/2025/1/{n}/art_282_{41790 + n}.html" title="{title}" target="_blank">'
        f"{title[:10]}</a><span>2025-01-0{n}</span></li>]]></record>"
    )


def datastore(records: list[str], next_page: int | None) -> str:
    nextgroup = f'<a href="{NEXT.format(n=next_page)}"></a>' if next_page is not None else ""
    return (
        f"<datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>"
        f"<recordset>{''.join(records)}</recordset></datastore>"
    )


COLUMN = "http://www.qhq.gov.cn/col/col282/index.html"
COLUMN_HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开年报</title>"
    "<meta name='ColId' content='282'></head><body>"
    "<div id='123456'><script type='text/xml'>"
    + datastore(
        [
            record(1, "清河区人民政府2024年政府信息公开工作年度报告"),
            record(2, "清河区人民政府2023年政府信息公开工作年度报告"),
        ],
        1,
    )
    + "</script></div><script>$('#123456').jpage({totalRecord:9, perPage:2, groupSize:1, "
    "proxyUrl:'/module/web/jpage/dataproxy.jsp', ajaxParam:{col:1, appid:1, webid:3, path:'/', columnid:282, "
    "unitid:'123456', webname:'清河', permissiontype:0}});</script></body></html>"
)


def test_hanweb_column_asks_both_dataproxy_forms() -> None:
    column = html_page(COLUMN, COLUMN_HTML)
    requests = families.next_pages(column, "hanweb")
    assert all(r.kind == HANWEB_PROXY and r.headers["Referer"] == COLUMN for r in requests)
    gets = [r for r in requests if r.method == "GET"]
    posts = [r for r in requests if r.method == "POST"]
    # GET: the <nextgroup> link with page=1…groups (deployments count the embedded group as 0 or 1)
    assert [parse_qs(urlsplit(r.url).query)["page"] for r in gets] == [["1"], ["2"], ["3"], ["4"], ["5"]]
    assert all(parse_qs(urlsplit(r.url).query)["unitid"] == ["123456"] for r in gets)
    # POST: windows after the two embedded records, the jpage ajaxParam as the form
    windows = [
        (parse_qs(urlsplit(r.url).query)["startrecord"][0], parse_qs(urlsplit(r.url).query)["endrecord"][0])
        for r in posts
    ]
    assert windows == [("3", "4"), ("5", "6"), ("7", "8"), ("9", "9")]
    assert "columnid=282" in posts[0].body and "unitid=123456" in posts[0].body


def test_hanweb_column_with_only_a_nextgroup_follows_it() -> None:
    body = COLUMN_HTML.split("<script>$(")[0] + "</body></html>"
    requests = families.next_pages(html_page(COLUMN, body), "hanweb")
    assert [(r.method, parse_qs(urlsplit(r.url).query)["page"]) for r in requests] == [("GET", ["1"])]


def test_hanweb_proxy_answers_follow_their_nextgroup_and_stop_when_empty() -> None:
    url = (
        "http://www.qhq.gov.cn/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=282&unitid=123456"
    )
    answer = xml_page(url, datastore([record(3, "清河区发展和改革局2023年政府信息公开工作年度报告")], 2))
    assert [link.text for link in families.item_links(answer, "hanweb")] == [
        "清河区发展和改革局2023年政府信息公开工作年度报告"
    ]
    requests = families.next_pages(answer, "hanweb")
    # only the answer's own <nextgroup>, no generic ?page=N+1 guess
    assert [(r.method, parse_qs(urlsplit(r.url).query)["page"]) for r in requests] == [("GET", ["2"])]
    empty = xml_page(
        "http://www.qhq.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=4&perpage=2",
        "<datastore></datastore>",
    )
    assert families.item_links(empty, "hanweb") == [] and families.next_pages(empty, "hanweb") == []


def _spider(tmp_path: Path, agency: str, url: str) -> AnnualReportSpider:
    return spiderunit.spider(tmp_path, f"{agency},{url},")


def _meta(agency: str, **meta: object) -> dict:
    return spiderunit.meta(agency, **meta)


def test_hanweb_deployment_that_answers_posts_empty_is_read_through_get(tmp_path: Path) -> None:
    """The spider, fed the answers of a deployment whose POST form is empty and whose GET form
    works, reaches every record."""
    agency = "清河区人民政府"
    crawl = _spider(tmp_path, agency, "http://www.qhq.gov.cn/")
    column = list(
        crawl.parse(HtmlResponse(COLUMN, body=COLUMN_HTML.encode(), request=Request(COLUMN, meta=_meta(agency))))
    )
    proxies = [r for r in column if isinstance(r, Request) and r.meta["kind"] == HANWEB_PROXY]
    assert {r.method for r in proxies} == {"GET", "POST"}
    reports = set()
    for request in proxies:
        query = parse_qs(urlsplit(request.url).query)
        if request.method == "POST":
            body = "<datastore></datastore>"  # this deployment's POST answer
        else:
            n = int(query["page"][0])
            body = datastore(
                [record(2 + n, f"清河区第{n}局2023年政府信息公开工作年度报告")] if n <= 3 else [],
                n + 1 if n < 3 else None,
            )
        answer = XmlResponse(request.url, body=body.encode(), request=request)
        reports |= {r.url for r in crawl.parse(answer) if isinstance(r, Request) and r.meta["role"] == "report"}
    assert reports == {f"http://www.qhq.gov.cn/art/2025/1/{2 + n}/art_282_{41792 + n}.html" for n in (1, 2, 3)}


# ---------------------------------------------------------------- 3. a column page that is the report

REPORT_BODY = "".join(
    f"<p><strong>{heading}</strong></p><p>本机关认真贯彻落实政府信息公开工作要求。</p><table><tr><td>本年新收政府信息公开申请数量</td><td>{n}</td></tr></table>"
    for n, heading in enumerate(
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
    )
)


def test_a_column_page_whose_body_is_the_report_is_one() -> None:
    page = html_page(
        "http://jtyst.xx.gov.cn/col/col90231/index.html",
        "<html><head><meta name='ColumnName' content='政府信息公开年报'>"
        "<meta name='ArticleTitle' content='XX市交通运输局2024年度政府信息公开工作年度报告'>"
        "<title>政府信息公开年报</title></head>"
        "<body><div class='location'>首页 &gt; 政府信息公开年报</div>"
        f"<div class='bt-box-main'>{REPORT_BODY}</div></body></html>",
    )
    assert page.visible_text_length() < 800  # short, yet a report: its body has the statutory sections
    assert links.column_page_is_report(page, 2019)
    # the same with the title only in <h1> / <title>, and undated
    undated = html_page(
        page.url,
        f"<html><head><title>政府信息公开工作年度报告</title></head><body><h1>政府信息公开工作年度报告</h1>"
        f"{REPORT_BODY}</body></html>",
    )
    assert links.column_page_is_report(undated, 2019)


def test_an_empty_year_column_titled_like_a_report_is_not_one() -> None:
    empty = html_page(
        "http://www.xx.gov.cn/zfxxgk/zfxxgknb/2024/index.html",
        "<html><head><title>2024年政府信息公开工作年度报告</title></head><body><h1>2024年政府信息公开工作年度报告</h1>"
        "<p>暂无信息</p><ul><li><a href='/zfxxgk/zfxxgkzn/'>政府信息公开指南</a></li></ul></body></html>",
    )
    assert not links.column_page_is_report(empty, 2019)
    notice = html_page(
        "http://www.xx.gov.cn/zfxxgk/tz/index.html",
        f"<html><head><title>关于做好2024年政府信息公开工作年度报告编制发布工作的通知</title></head><body>{REPORT_BODY}</body></html>",
    )
    assert not links.column_page_is_report(notice, 2019)


# ---------------------------------------------------------------- 4. pdf.js viewers

VIEWER = "/static/pdfjs/web/viewer.html?file=/group1/M00/02/3A/38ca0335c9f425e46ebd81.pdf"


def test_a_viewer_page_stands_for_its_document() -> None:
    report = html_page(
        "http://www.sx.gov.cn/public/6596/565412333.html",
        "<html><head><title>舒乡县城关镇人民政府2024年政府信息公开工作年度报告</title></head><body>"
        f"<div class='wzcon'><iframe src='{VIEWER}' width='100%'></iframe>"
        "<iframe src='/static/pdfjs/web/viewer.html?file=%2Fupload%2F2024%2Fnb.pdf#page=2'></iframe>"
        "<a href='/web/viewer.html?file=/api/file/778'>在线预览</a></div></body></html>",
    )
    found = [link.url for link in links.attachment_links(report)]
    assert sorted(found) == [
        "http://www.sx.gov.cn/api/file/778",
        "http://www.sx.gov.cn/group1/M00/02/3A/38ca0335c9f425e46ebd81.pdf",
        "http://www.sx.gov.cn/upload/2024/nb.pdf",
    ]  # the files, never a viewer page
    listing = html_page(
        "http://www.sx.gov.cn/public/column/6596?type=4&pageIndex=1",
        list_html(f"<li><a href='{VIEWER}' title='舒乡县2024年政府信息公开工作年度报告'>舒乡县…</a></li>", ""),
    )
    assert [link.url for link in families.item_links(listing, "anhui")][
        0
    ] == "http://www.sx.gov.cn/group1/M00/02/3A/38ca0335c9f425e46ebd81.pdf"
    assert links.document_behind_viewer("http://www.sx.gov.cn/login.html?url=/index.html") is None


# ---------------------------------------------------------------- 5. gkmlpt _CONFIG, JSON or JS

JS_CONFIG = (
    "window._CONFIG = { SID: '755041', TREE: [ {id: 20765, name: '政策文件', parent: 0, jump_url: '', children: "
    "[{id: 20790, name: '政府信息公开年报', parent: 20765, children: []}]} ], SERVICE_AREA_ID: 1, DETAIL: {} };"
)
JSON_CONFIG = (
    'window._CONFIG = {"SID": "755041", "TREE": [{"id": 20765, "name": "政策文件", "parent": 0, "jump_url": "", '
    '"children": [{"id": 20790, "name": "政府信息公开年报", "parent": 20765, "children": []}]}], "SERVICE_AREA_ID": 1};'
)


@pytest.mark.parametrize("config", [JS_CONFIG, JSON_CONFIG], ids=["js-literal", "quoted-json"])
def test_gkmlpt_config_is_read_as_json_or_js(config: str) -> None:
    index = html_page(
        "http://www.fx.gov.cn/gkmlpt/index", f"<html><body><div id='app'></div><script>{config}</script></body></html>"
    )
    assert families.detect(index) == "guangdong"
    requests = families.next_pages(index, "guangdong")
    assert [r.url for r in requests] == ["http://www.fx.gov.cn/gkmlpt/api/all/20790?page=1&sid=755041"]
    assert requests[0].kind == GKMLPT_API


def test_gkmlpt_without_sid_or_annual_category_is_an_error_line(tmp_path: Path) -> None:
    no_sid = html_page(
        "http://www.fx.gov.cn/gkmlpt/index", "<html><body><script>window._CONFIG = {TREE: []};</script></body></html>"
    )
    with pytest.raises(FamilyError, match="SID"):
        guangdong.next_pages(no_sid)
    body = JSON_CONFIG.replace("政府信息公开年报", "规范性文件")
    agency = "丰溪区人民政府"
    crawl = _spider(tmp_path, agency, "http://www.fx.gov.cn/")
    url = "http://www.fx.gov.cn/gkmlpt/index"
    response = HtmlResponse(
        url,
        body=f"<html><body><script>{body}</script></body></html>".encode(),
        request=Request(url, meta=_meta(agency, role="nav", hops=1)),
    )
    errors = [r for r in crawl.parse(response) if isinstance(r, dict) and r["kind"] == "error"]
    assert len(errors) == 1 and "no 年报 category" in errors[0]["reason"] and "规范性文件" in errors[0]["reason"]
    assert errors[0]["url"] == url


def test_answers_a_family_cannot_read_are_errors_with_the_reason(tmp_path: Path) -> None:
    agency = "丰溪区人民政府"
    crawl = _spider(tmp_path, agency, "http://www.fx.gov.cn/")
    url = "http://www.fx.gov.cn/gkmlpt/api/all/20790?page=1&sid=755041"
    request = Request(url, meta=_meta(agency, kind=GKMLPT_API, family="guangdong"))
    answer = TextResponse(
        url, body=b'{"code": 500, "msg": "busy"}', headers={"Content-Type": "application/json"}, request=request
    )
    errors = [r for r in crawl.parse(answer) if isinstance(r, dict) and r["kind"] == "error"]
    assert len(errors) == 1 and "without an articles list" in errors[0]["reason"]
    broken = xml_page(
        "http://www.qhq.gov.cn/module/web/jpage/dataproxy.jsp?page=1", "<datastore><record/><record/></datastore>"
    )
    with pytest.raises(FamilyError, match="could not be read"):
        families.item_links(broken, "hanweb")


def test_hanweb_and_gkmlpt_answers_are_not_html_lists() -> None:
    answer = TextResponse(
        "http://www.fx.gov.cn/gkmlpt/api/all/20790?page=1&sid=755041",
        body=b'{"total": 1, "articles": []}',
        headers={"Content-Type": "application/json"},
    )
    assert guangdong.next_pages(Page.from_response(answer)) == []
    assert hanweb.is_proxy_answer(
        xml_page("http://x.gov.cn/module/web/jpage/dataproxy.jsp?page=1", "<datastore></datastore>")
    )
    assert not hanweb.is_proxy_answer(html_page(COLUMN, COLUMN_HTML))
