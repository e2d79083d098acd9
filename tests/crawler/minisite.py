"""A tiny multi-host portal world for crawler tests, served as an HTTP proxy (the crawler reaches
it through ``http_proxy`` like the real farm).  Each host is a dict path → (status, headers, body);
the server records every request so tests can assert what was (not) fetched.

Hosts: a TRS city portal (GBK pages with a lying header, 4-arg createPageHTML, noise, a wap
twin, a spam-mirror link), a Hanweb province (embedded <datastore>, dataproxy.jsp POST windows,
downfile.jsp attachments), a Guangdong district (gkmlpt JSON API, page 0 == page 1), a c-channel
county (6-arg page_div pager), and a host answering a 412 JS-cookie challenge.
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

Page = tuple[int, dict[str, str], bytes]

HTML = {"Content-Type": "text/html; charset=utf-8"}
PDF = {"Content-Type": "application/pdf"}


def html(
    body: str, title: str = "", meta: str = "", encoding: str = "utf-8", header_charset: str | None = None
) -> Page:
    text = (
        f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>{title}</title>{meta}</head>'
        f"<body>{body}</body></html>"
    )
    charset = header_charset or encoding
    return 200, {"Content-Type": f"text/html; charset={charset}"}, text.encode(encoding)


def report_page(title: str, attachments: list[tuple[str, str]], filler: int = 40) -> Page:
    files = "".join(f'<p><a href="{href}">{name}</a></p>' for href, name in attachments)
    body = (
        f'<h1>{title}</h1><div id="zoom"><div class="TRS_Editor"><p>一、总体情况</p>'
        + "<p>本年度我单位认真贯彻落实《中华人民共和国政府信息公开条例》。</p>" * filler
        + "<table><tr><td>信息内容</td><td>本年制发件数</td></tr>"
        f"<tr><td>规章</td><td>0</td></tr></table>{files}</div></div>"
    )
    return html(body, title, f'<meta name="ArticleTitle" content="{title}">')


def pdf(tag: str) -> Page:
    return 200, dict(PDF), b"%PDF-1.4\n% " + tag.encode() + b"\n%%EOF\n"


def _trs_city() -> tuple[dict[str, Page], set[str], set[str]]:
    host = "http://www.trs-city.gov.cn"
    pages: dict[str, Page] = {}
    reports: set[str] = set()
    files: set[str] = set()
    pages["/"] = html(
        '<a href="/zwgk/">政府信息公开</a><a href="/xwzx/">新闻中心</a>',
        "示例市人民政府",
        '<meta name="SiteName" content="示例市人民政府">',
    )
    pages["/xwzx/"] = html('<a href="/xwzx/1.html">新闻</a>', "新闻中心")
    pages["/zwgk/"] = html(
        '<a href="/zwgk/zfxxgkzn/">政府信息公开指南</a><a href="/zwgk/zfxxgknb/index.html">政府信息公开年报</a>',
        "政府信息公开",
    )
    pages["/zwgk/zfxxgkzn/"] = html("<p>指南</p>", "指南")
    items = [
        [
            ("./202401/t20240126_101.html", "示例市统计局2023年政府信息公开工作年度报告"),
            ("./202401/t20240126_102.html", "关于做好2023年政府信息公开工作年度报告编制发布工作的通知"),
            ("./202401/t20240126_101_wap.html", "示例市统计局2023年政府信息公开工作年度报告"),
            (
                "http://www.spam-mirror.com/zwgk/zfxxgknb/202401/t20240126_101.html",
                "示例市统计局2023年政府信息公开工作年度报告（镜像）",
            ),
        ],
        [
            ("./202301/t20230120_103.html", "示例市财政局2022年政府信息公开工作年度报告"),
            ("./202301/t20230120_104.html", "示例市2022年政府网站工作年度报表"),
        ],
        [
            ("./201801/t20180120_105.html", "示例市财政局2017年政府信息公开工作年度报告"),
            ("./202201/t20220120_106.html", "2021年政府信息公开工作年度报告"),
        ],
    ]
    for number, group in enumerate(items):
        lis = "".join(
            f'<li><a href="{href}" title="{title}">{title[:14]}…</a><span>2024-01-26</span></li>'
            for href, title in group
        )
        body = f'<div class="list"><ul>{lis}</ul></div><script>createPageHTML(4, {number}, "index", "html");</script>'
        # GBK body behind a header that says UTF-8 (portal-patterns §3.1).
        name = "index.html" if number == 0 else f"index_{number}.html"
        pages[f"/zwgk/zfxxgknb/{name}"] = html(body, "政府信息公开年报", encoding="gbk", header_charset="utf-8")
    # index_3 is a stub deep page (listed in the pager, never published): 404.
    # the 2017 report is a report too: the archive keeps every year (layout pre2019)
    for href, title in [items[0][0], items[1][0], items[2][0], items[2][1]]:
        path = "/zwgk/zfxxgknb/" + href[2:]
        attachment = path.rsplit("/", 1)[0] + "/P020240126000000000001.pdf" if "101" in href else None
        attachments = [("./P020240126000000000001.pdf", "年报全文.pdf")] if attachment else []
        pages[path] = report_page(title, attachments)
        reports.add(host + path)
        if attachment:
            pages[attachment] = pdf("trs-101")
            files.add(host + attachment)
    pages["/zwgk/zfxxgknb/202401/t20240126_101_wap.html"] = report_page(
        "示例市统计局2023年政府信息公开工作年度报告", []
    )
    pages["/zwgk/zfxxgknb/202401/t20240126_102.html"] = html("<p>通知</p>", "通知")
    pages["/zwgk/zfxxgknb/202301/t20230120_104.html"] = html("<p>报表</p>", "报表")
    return {host + p: v for p, v in pages.items()}, reports, files


def _hanweb_province() -> tuple[dict[str, Page], set[str], set[str]]:
    host = "http://www.hanweb-prov.gov.cn"
    pages: dict[str, Page] = {}
    reports: set[str] = set()
    files: set[str] = set()
    records = []
    for n in range(1, 8):
        path = f"/art/2024/1/{n}/art_100_{n}.html"
        title = f"示例省第{n}厅2023年政府信息公开工作年度报告"
        records.append(
            f'<record><![CDATA[<li><a href="{path}" title="{title}">{title}</a>'
            f"<span>2024-01-0{n}</span></li>]]></record>"
        )
        download = f"/module/download/downfile.jsp?classid=0&filename=abcdef{n:026d}.pdf"
        pages[path] = report_page(title, [(download, f"第{n}厅年报.pdf")])
        pages[download] = pdf(f"hanweb-{n}")
        reports.add(host + path)
        files.add(host + download)
    embedded = "".join(records[:3])
    column = (
        '<div id="4711"><script type="text/xml"><datastore><nextgroup>'
        '<![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1"></a>]]>'
        f"</nextgroup><recordset>{embedded}</recordset></datastore></script></div>"
        "<script>$('#4711').jpage({totalRecord:7, perPage:1, groupSize:3, proxyUrl:'/module/web/jpage/dataproxy.jsp',"
        " ajaxParam:{col:1, appid:1, webid:3, path:'/', columnid:100, unitid:'4711',"
        " webname:'示例省', permissiontype:0}});</script>"
    )
    pages["/"] = html('<a href="/col/col99/index.html">信息公开</a>', "示例省人民政府")
    pages["/col/col99/index.html"] = html('<a href="/col/col100/index.html">政府信息公开年度报告</a>', "信息公开")
    pages["/col/col100/index.html"] = html(
        column, "政府信息公开年度报告", '<meta name="ColumnName" content="政府信息公开年度报告">'
    )
    return {host + p: v for p, v in pages.items()}, reports, files


def _guangdong_district() -> tuple[dict[str, Page], set[str], set[str]]:
    host = "http://www.gd-district.gov.cn"
    pages: dict[str, Page] = {}
    reports: set[str] = set()
    files: set[str] = set()
    pages["/"] = html('<script>var NFCMS_SITE_ID=755041;</script><a href="/zwgk/">政务公开</a>', "示例区人民政府")
    pages["/zwgk/"] = html('<a href="/gkmlpt/index">政府信息公开目录</a>', "政务公开")
    pages["/gkmlpt/index"] = html(
        '<script>window._CONFIG = { SID: \'755041\', TREE: [{"id": 1, "name": "机构职能", "children": []},'
        ' {"id": 7, "name": "政府信息公开年报", "children": []}],\n SERVICE_AREA_ID: 1 };</script>',
        "gkmlpt",
    )
    articles = []
    for n in range(1, 151):
        post = 9000000 + n
        url = f"{host}/gkmlpt/content/9/9000/post_{post}.html"
        title = f"示例区第{n}局2023年政府信息公开工作年度报告"
        attachment = f"{host}/attachment/0/9/{post}/{post}.pdf" if n % 50 == 0 else None
        articles.append(
            {
                "id": post,
                "title": title,
                "url": url,
                "attachment": [{"name": "年报.pdf", "url": attachment}] if attachment else [],
            }
        )
        pages[url[len(host) :]] = report_page(title, [])
        reports.add(url)
        if attachment:
            pages[attachment[len(host) :]] = pdf(f"gd-{n}")
            files.add(attachment)
    batches = {0: articles[:100], 1: articles[:100], 2: articles[100:]}
    for number, batch in batches.items():
        body = json.dumps(
            {"classify": {"id": 7, "name": "政府信息公开年报", "post_count": 150}, "total": 150, "articles": batch},
            ensure_ascii=False,
        ).encode()
        pages[f"/gkmlpt/api/all/7?page={number}&sid=755041"] = (200, {"Content-Type": "application/json"}, body)
    return {host + p: v for p, v in pages.items()}, reports, files


def _cchannel_county() -> tuple[dict[str, Page], set[str], set[str]]:
    host = "http://www.cc-county.gov.cn"
    pages: dict[str, Page] = {}
    reports: set[str] = set()
    pages["/"] = html('<a href="/site/c100001/xlist.shtml">政府信息公开年报</a>', "示例县人民政府")
    for number in (1, 2):
        href = f"/site/c100001/2024{number:02d}/{number:032x}.shtml"
        title = f"示例县第{number}乡2023年政府信息公开工作年度报告"
        pages[href] = report_page(title, [])
        reports.add(host + href)
        body = (
            f'<ul><li><a href="{href}" title="{title}">{title}</a></li></ul><div id="page_div"></div>'
            f"<script>createPageHTML('page_div', 2, {number}, 'xlist', 'shtml', 2);</script>"
        )
        pages["/site/c100001/xlist.shtml" if number == 1 else "/site/c100001/xlist_2.shtml"] = html(body, "年报")
    return {host + p: v for p, v in pages.items()}, reports, set()


def _blocked() -> dict[str, Page]:
    challenge = b"<html><script>document.cookie='FSSBBIl1UgzbN7N80T=abc';location.reload();</script></html>"
    return {
        "http://www.blocked-city.gov.cn/": (
            412,
            {"Content-Type": "text/html", "Set-Cookie": "FSSBBIl1UgzbN7N80S=x"},
            challenge,
        )
    }


class World:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.reports: set[str] = set()
        self.files: set[str] = set()
        for builder in (_trs_city, _hanweb_province, _guangdong_district, _cchannel_county):
            pages, reports, files = builder()
            self.pages.update(pages)
            self.reports |= reports
            self.files |= files
        self.pages.update(_blocked())
        self.requests: list[tuple[str, str]] = []
        self.statuses: list[tuple[str, int]] = []
        self.validators = True
        self.lock = threading.Lock()

    sources_csv = (
        "agency,url,family\n"
        "示例市人民政府,http://www.trs-city.gov.cn/,\n"
        "示例省人民政府,http://www.hanweb-prov.gov.cn/,\n"
        "示例区人民政府,http://www.gd-district.gov.cn/,\n"
        "示例县人民政府,http://www.cc-county.gov.cn/,\n"
        "被封锁市人民政府,http://www.blocked-city.gov.cn/,\n"
    )

    def answer(self, method: str, url: str, body: bytes) -> Page:
        parts = urlsplit(url)
        with self.lock:
            self.requests.append((method, url))
        if parts.path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
        if parts.path == "/module/web/jpage/dataproxy.jsp" and method == "POST":
            query = parse_qs(parts.query)
            start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
            chosen = self._hanweb_records()[start - 1 : end]
            xml = "<datastore><recordset>" + "".join(chosen) + "</recordset></datastore>"
            return 200, {"Content-Type": "text/xml; charset=utf-8"}, xml.encode()
        page = self.pages.get(url) or self.pages.get(f"{parts.scheme}://{parts.netloc}{parts.path}")
        if page is None:
            return 404, dict(HTML), "<html><body>页面不存在</body></html>".encode()
        return page

    def _hanweb_records(self) -> list[str]:
        records = []
        for n in range(1, 8):
            path = f"/art/2024/1/{n}/art_100_{n}.html"
            title = f"示例省第{n}厅2023年政府信息公开工作年度报告"
            records.append(f'<record><![CDATA[<li><a href="{path}" title="{title}">{title}</a></li>]]></record>')
        return records


class Site(Protocol):
    """What ``serve`` needs of a world: its answers, validators switch, and request log."""

    validators: bool
    lock: threading.Lock
    statuses: list[tuple[str, int]]

    def answer(self, method: str, url: str, body: bytes) -> tuple[int, dict[str, str], bytes]: ...


class Server(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a crawl's concurrent connections overflow it while the
    # accepting thread waits its turn, the kernel drops the connection, and the client's retry a second
    # later shows here as a request a second late (a Crawl-delay gap measured at this server read 0.47 s)
    request_queue_size = 128


def serve(world: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = self.path if self.path.startswith("http") else f"http://{self.headers['Host']}{self.path}"
            status, headers, content = world.answer(self.command, url, body)
            etag = '"' + hashlib.sha256(content).hexdigest()[:16] + '"'
            if status == 200 and world.validators:
                headers = dict(headers, ETag=etag)
                if self.headers.get("If-None-Match") == etag:
                    status, content = 304, b""
            with world.lock:
                world.statuses.append((url, status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = _handle
        do_POST = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
