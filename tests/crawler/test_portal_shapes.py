"""Shapes of portal-patterns.md that an independently built farm may serve and that neither of
our farms does, crawled end to end from a small local world (one subprocess crawl):

* lists loaded by script (§3.7): a JSON label API paged by ``pageIndex`` (Anhui-style), a
  Hanweb ``search.jsp`` POST paged by ``currpage`` answering an HTML table with ``共N页``
  (§1.2), a JSONP answer;
* next-link pagers whose link reads ``[下一页]`` / ``下一页>`` or only has an ``onclick``;
* a ``javascript:void(0)`` menu item whose address is in its ``onclick`` (§3.6);
* a report link that answers a ``location.replace`` shell (§3.6);
* attachments at opaque addresses named only in the link text or ``download=`` (§3.8), and a
  list item that is the file itself;
* an aggregated index that names units only (§2.2 item 4);
* a pager whose parameter the site ignores (client state, §1.2 ``pageNum``): it must stop;
* an old template: an ``https://`` link to an http-only host (§3.5), the list in an <iframe>,
  its records in a JS array (older Hanweb ``InitData``, §1.2), and a 200 访问过于频繁 page
  the first time (§3.3): waited out, not taken for a block.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request
from twisted.python.failure import Failure

from crawler import families, obstacles
from crawler.families import guangdong
from crawler.middlewares import is_rate_ban
from crawler.pages import Page
from crawler.registry import load_sources
from crawler.scope import Scope, host_of
from crawler.spiders.annual_reports import AnnualReportSpider
from rawarchive import DataDir, read_fetch_log

sys.path.insert(0, str(Path(__file__).parent))
import crawlrun  # noqa: E402
import spiderunit  # noqa: E402
from minisite import HTML, html, pdf, report_page, serve  # noqa: E402

FAST = crawlrun.settings(crawlrun.QUICK, RETRY_BACKOFF_BASE=0.05, BAN_DEFAULT_PAUSE=0.2)
Answer = tuple[int, dict[str, str], bytes]


def title(unit: str, year: int = 2023) -> str:
    return f"{unit}{year}年政府信息公开工作年度报告"


class ShapesWorld:
    """Hosts answering the shapes above; ``answer`` is what minisite.serve calls."""

    def __init__(self) -> None:
        self.pages: dict[str, Answer] = {}
        self.reports: set[str] = set()
        self.files: set[str] = set()
        self.requests: list[tuple[str, str, bytes, dict[str, str]]] = []
        self.statuses: list[tuple[str, int]] = []
        self.validators = False
        self.lock = threading.Lock()
        self.dynamic: dict[str, Callable[[dict[str, list[str]], bytes], Answer]] = {}
        self.banned_once: set[str] = set()
        for build in (
            self._json_label,
            self._search_jsp,
            self._jsonp,
            self._pagers,
            self._shells_and_files,
            self._index,
            self._old_template,
            self._scripted,
        ):
            build()

    def report(self, url: str, unit: str, attachments: list[tuple[str, str]] | None = None) -> None:
        self.pages[url] = report_page(title(unit), attachments or [])
        self.reports.add(url)

    # -------------------------------------------------------------- hosts

    def _json_label(self) -> None:
        """Anhui-style: the column is a shell; its script loads /site/label/…?pageIndex=N (JSON)."""
        host = "http://www.jsonlist.gov.cn"
        self.pages[host + "/"] = html('<a href="/zfxxgk/">政府信息公开</a>', "甲县人民政府")
        self.pages[host + "/zfxxgk/"] = html('<a href="/zfxxgk/nb/index.html">政府信息公开年报</a>', "政府信息公开")
        shell = (
            "<div id='list'><?=el.title?></div><script>var siteId = '6596'; var pageIndex = 1;\n"
            "$.ajax({url: '/site/label/8888?IsAjax=1&dataType=JSON&labelName=publicInfoList&siteId=' + siteId"
            " + '&pageIndex=' + pageIndex + '&pageSize=2', type: 'get', dataType: 'json',"
            " success: function (d) { render(d); }});"
            "</script>"
        )
        self.pages[host + "/zfxxgk/nb/index.html"] = html(shell, "政府信息公开年报")
        units = [f"甲县第{n}局" for n in range(1, 6)]
        for n, unit in enumerate(units, 1):
            self.report(f"{host}/public/6596/{565412320 + n}.html", unit)
        batches = [units[i : i + 2] for i in range(0, len(units), 2)]

        def label(query: dict[str, list[str]], _body: bytes) -> Answer:
            if query.get("siteId") != ["6596"]:
                return 200, {"Content-Type": "application/json"}, b'{"data": {"data": []}}'
            number = int(query.get("pageIndex", ["1"])[0])
            batch = batches[number - 1] if 1 <= number <= len(batches) else []
            items = [
                {
                    "title": title(unit),
                    "link": f"/public/6596/{565412320 + units.index(unit) + 1}.html",
                    "date": "2024-01-26",
                }
                for unit in batch
            ]
            data = {"status": 1, "data": {"totalPage": len(batches), "pageIndex": number, "data": items}}
            return (
                200,
                {"Content-Type": "application/json;charset=UTF-8"},
                json.dumps(data, ensure_ascii=False).encode(),
            )

        self.dynamic[host + "/site/label/8888"] = label

    def _search_jsp(self) -> None:
        """Hanweb 信息公开 directory: POST search.jsp?…&currpage=N with the unit's form; HTML table."""
        host = "http://www.searchjsp.gov.cn"
        self.pages[host + "/"] = html('<a href="/col/col315154/index.html">政府信息公开年报</a>', "乙市人民政府")
        shell = (
            "<div id='div315154'></div><script>\n"
            "$.post('/module/xxgk/search.jsp?texttype=0&fbtime=-1&vc_title=&currpage=1&sortfield=,createdatetime:0',"
            " {infotypeId: 'A0202', jdid: '3', area: '002482429', divid: 'div315154', standardXxgk: 0},"
            " function (html) { $('#div315154').html(html); });</script>"
        )
        self.pages[host + "/col/col315154/index.html"] = html(shell, "政府信息公开年报")
        rows = []
        for n in range(1, 5):
            url = f"{host}/art/2024/1/{n}/art_315154_{41790 + n}.html"
            self.report(url, f"乙市第{n}局")
            rows.append(
                f"<tr class='tr_main_value_{'odd' if n % 2 else 'even'}'>"
                f"<td><a href='/art/2024/1/{n}/art_315154_{41790 + n}.html'"
                f" target='_blank' title='{title(f'乙市第{n}局')}'>{title(f'乙市第{n}局')[:12]}</a></td>"
                f"<td>2024-01-0{n}</td></tr>"
            )

        def search(query: dict[str, list[str]], body: bytes) -> Answer:
            form = parse_qs(body.decode())
            if form.get("area") != ["002482429"] or form.get("infotypeId") != ["A0202"]:
                return 200, dict(HTML), b"<table></table>"
            number = int(query["currpage"][0])
            chosen = rows[(number - 1) * 2 : number * 2]
            text = f"<table>{''.join(chosen)}</table><div>&nbsp;&nbsp;共2页&nbsp;</div>"
            return 200, dict(HTML), text.encode()

        self.dynamic[host + "/module/xxgk/search.jsp"] = search

    def _jsonp(self) -> None:
        """A category tree / list as JSONP (Hunan zTree style) from a shell column."""
        host = "http://www.jsonp.gov.cn"
        self.pages[host + "/"] = html('<a href="/xxgk/zfxxgknb/list.shtml">政府信息公开年度报告</a>', "丙县人民政府")
        shell = "<script>$.getJSON('/u/channel/list/bxian?callback=?&pageNo=1', function (d) { draw(d); });</script>"
        self.pages[host + "/xxgk/zfxxgknb/list.shtml"] = html(shell, "政府信息公开年度报告")
        items = []
        for n in range(1, 3):
            href = f"/bxian/c117630/202401/{n:032x}.shtml"
            self.report(host + href, f"丙县第{n}乡")
            items.append({"name": title(f"丙县第{n}乡"), "url": href})
        body = ("jQuery1234(" + json.dumps({"nodes": items}, ensure_ascii=False) + ");").encode()
        self.pages[host + "/u/channel/list/bxian"] = (200, {"Content-Type": "application/javascript"}, body)

    def _pagers(self) -> None:
        """Next links reading [下一页] / 下一页> / onclick-only; a ?pageNum pager the site ignores."""
        host = "http://www.nextlink.gov.cn"
        self.pages[host + "/"] = html(
            '<a href="javascript:void(0)" onclick="window.open(\'/zfxxgk/zfxxgknb/index.html\')">政府信息公开年报</a>'
            '<a href="/hw/">部门信息公开</a>',
            "丁市人民政府",
        )
        nexts = [
            '<a href="index_1.html">[下一页]</a>',
            '<a href="index_2.html">下一页&gt;</a>',
            '<a href="javascript:;" onclick="location.href=\'index_3.html\'">下一页 &gt;&gt;</a>',
            "",
        ]
        for number in range(4):
            url = f"{host}/zfxxgk/zfxxgknb/{'index' if number == 0 else f'index_{number}'}.html"
            article = f"/zfxxgk/zfxxgknb/202401/t2024012{number}_{700 + number}.html"
            self.report(host + article, f"丁市第{number}局")
            self.pages[url] = html(
                f"<ul><li><a href='{article}' title='{title(f'丁市第{number}局')}'>…</a></li></ul>"
                f"<div class='page'><a href='index.html'>首页</a>{nexts[number]}</div>",
                "政府信息公开年报",
            )
        # Hanweb-style column whose ?pageNum= is client state: every value answers the same list.
        self.pages[host + "/hw/"] = html('<a href="/col/col88/index.html?uid=7&pageNum=1">政府信息公开年报</a>', "部门")
        self.report(host + "/art/2024/1/9/art_88_1.html", "丁市水务局")
        self.pages[host + "/col/col88/index.html"] = html(
            f"<ul><li><a href='/art/2024/1/9/art_88_1.html'>{title('丁市水务局')}</a></li></ul>", "政府信息公开年报"
        )

    def _shells_and_files(self) -> None:
        """A report behind a location.replace shell; files at opaque addresses."""
        host = "http://www.opaque.gov.cn"
        self.pages[host + "/"] = html('<a href="/zfxxgk/zfxxgknb/">政府信息公开年报</a>', "戊区人民政府")
        shell = (
            f"<ul><li><a href='/xxgk/show-1024.html' title='{title('戊区统计局')}'>…</a></li>"
            f"<li><a href='/getfile?id=77' title='{title('戊区财政局')}'>{title('戊区财政局')}</a></li></ul>"
        )
        self.pages[host + "/zfxxgk/zfxxgknb/"] = html(shell, "政府信息公开年报")
        self.pages[host + "/xxgk/show-1024.html"] = (
            200,
            dict(HTML),
            b'<html><script>location.replace("/xxgk/2024/abcdef.html")</script></html>',
        )
        self.report(
            host + "/xxgk/2024/abcdef.html",
            "戊区统计局",
            [("/u/file/8f2a", "戊区统计局2023年年报.pdf"), ("/u/file/9c3b", "附件")],
        )
        # the second attachment is named only by download=
        status, headers, body = self.pages[host + "/xxgk/2024/abcdef.html"]
        self.pages[host + "/xxgk/2024/abcdef.html"] = (
            status,
            headers,
            body.replace(b'href="/u/file/9c3b"', b'href="/u/file/9c3b" download="nb.docx"'),
        )
        for path in ("/u/file/8f2a", "/u/file/9c3b", "/getfile"):
            self.pages[host + path] = pdf(path)
            self.files.add(host + path + ("?id=77" if path == "/getfile" else ""))

    def _index(self) -> None:
        """An aggregated index naming units only, linking their reports on other government hosts."""
        host = "http://www.index.gov.cn"
        self.pages[host + "/"] = html('<a href="/zwgk/xxgknb/">政府信息公开年报</a>', "己省人民政府")
        units = {
            "己省统计局": "http://tjj.ji-a.gov.cn/zwgk/nb/content/post_9470001.html",
            "己省财政厅": "http://czt.ji-b.gov.cn/xxgk/2024/c04_163476.shtml",
        }
        lis = "".join(f"<li><a href='{url}'>{unit}</a></li>" for unit, url in units.items())
        self.pages[host + "/zwgk/xxgknb/"] = html(
            f"<h2>2023年度</h2><ul>{lis}</ul><a href='/'>首页</a>", "政府信息公开年报"
        )
        for unit, url in units.items():
            self.report(url, unit)

    def _old_template(self) -> None:
        host = "http://www.oldtpl.gov.cn"
        self.pages[host + "/"] = html('<a href="https://www.oldtpl.gov.cn/xxgk/">政府信息公开</a>', "庚县人民政府")
        self.pages[host + "/xxgk/"] = html('<a href="/xxgk/nb/index.html">政府信息公开年报</a>', "政府信息公开")
        self.pages[host + "/xxgk/nb/index.html"] = html(
            '<iframe src="list.html" width="100%"></iframe>', "政府信息公开年报"
        )
        records = []
        for n in range(1, 4):
            path = f"/art/2014/1/{n}/art_5_{n}.html"
            self.report(host + path, f"庚县第{n}局")
            records.append(f'"<li><a href=\\"{path}\\" title=\\"{title(f"庚县第{n}局")}\\">{n}</a></li>"')
        script = (
            f"<script>var InitData12345 = [{', '.join(records)}];\n"
            f"$('#list').jpage({{dataStore: InitData12345, perPage: 15}});</script>"
        )
        self.pages[host + "/xxgk/nb/list.html"] = html(f"<div id='list'></div>{script}", "列表")
        self.banned_once.add(host + "/xxgk/nb/list.html")

    def _scripted(self) -> None:
        """Menus only in head.js (Henan, §3.7); a jpaas ``queryData`` pager (Zhejiang, §1.2); a
        column written by ``showJsContent.do`` (newer Hanweb ``art_<hex>``, §1.2)."""
        host = "http://www.scripted.gov.cn"
        self.pages[host + "/"] = html(
            '<div id="head"></div><script src="/js/head.js"></script><p>欢迎</p>', "壬市人民政府"
        )
        menu = (
            "document.cookie = 'zh_choose_1=s'; "
            "document.write('<ul><li><a href=\"/zwgk/\">政府信息公开</a></li></ul>');"
        )
        self.pages[host + "/js/head.js"] = (200, {"Content-Type": "application/javascript"}, menu.encode())
        self.pages[host + "/zwgk/"] = html(
            '<a href="/col/col1229214366/index.html">政府信息公开年报</a>'
            '<a href="/col/col1229214377/index.html">部门政府信息公开年报</a>',
            "政府信息公开",
        )
        pager = (
            "<div class='pagination' count='5' rows='2' pageNo='1' "
            "queryData=\"{'webId':'3185','pageId':'1229214366','tagId':'信息列表','tplSetId':'52d5b0a8'}\"></div>"
        )
        self.pages[host + "/col/col1229214366/index.html"] = html(f"<div id='list'></div>{pager}", "政府信息公开年报")
        units = [f"壬市第{n}局" for n in range(1, 6)]
        for n, unit in enumerate(units, 1):
            self.report(f"{host}/art/2024/1/{n}/art_1229214366_{n}.html", unit)

        def jpaas(query: dict[str, list[str]], _body: bytes) -> Answer:
            if query.get("pageId") != ["1229214366"] or query.get("parseType") != ["bulidstatic"]:
                return 200, {"Content-Type": "application/json"}, b'{"success": false}'
            number, rows = int(query["pageNo"][0]), int(query["rows"][0])
            chosen = list(enumerate(units, 1))[(number - 1) * rows : number * rows] or list(enumerate(units, 1))[:rows]
            lis = "".join(
                f"<li><a href='/art/2024/1/{n}/art_1229214366_{n}.html' title='{title(u)}'>{u}</a></li>"
                for n, u in chosen
            )
            return (
                200,
                {"Content-Type": "application/json"},
                json.dumps({"success": True, "data": {"html": lis}}, ensure_ascii=False).encode(),
            )

        self.dynamic[host + "/api-gateway/jpaas-publish-server/front/page/build/unit"] = jpaas
        self.pages[host + "/col/col1229214377/index.html"] = html(
            "<div id='list'><script src='/jact/front/datacall/showJsContent.do?iid=77'></script></div>",
            "部门政府信息公开年报",
        )
        writes = []
        for n in range(1, 3):
            path = f"/col/col1229214377/art/2024/art_{n:032x}.html"
            self.report(host + path, f"壬市第{n}街道")
            writes.append(
                f'document.write("<li><a href=\\"{path}\\" title=\\"{title(f"壬市第{n}街道")}\\">…</a></li>");'
            )
        self.pages[host + "/jact/front/datacall/showJsContent.do"] = (
            200,
            {"Content-Type": "application/javascript"},
            "\n".join(writes).encode(),
        )

    sources_csv = (
        "agency,url,family\n"
        "甲县人民政府,http://www.jsonlist.gov.cn/,\n"
        "乙市人民政府,http://www.searchjsp.gov.cn/,\n"
        "丙县人民政府,http://www.jsonp.gov.cn/,\n"
        "丁市人民政府,http://www.nextlink.gov.cn/,\n"
        "戊区人民政府,http://www.opaque.gov.cn/,\n"
        "己省人民政府,http://www.index.gov.cn/,\n"
        "庚县人民政府,http://www.oldtpl.gov.cn/,\n"
        "壬市人民政府,http://www.scripted.gov.cn/,\n"
    )

    def answer(self, method: str, url: str, body: bytes) -> Answer:
        parts = urlsplit(url)
        with self.lock:
            self.requests.append((method, url, body, {}))
        if parts.path == "/robots.txt":
            return 404, dict(HTML), b"not found"
        if url in self.banned_once:
            self.banned_once.discard(url)
            return 200, dict(HTML), "<html><body>访问过于频繁，请稍后再试</body></html>".encode()
        handler = self.dynamic.get(f"{parts.scheme}://{parts.netloc}{parts.path}")
        if handler is not None:
            return handler(parse_qs(parts.query), body)
        page = self.pages.get(url) or self.pages.get(f"{parts.scheme}://{parts.netloc}{parts.path}")
        if page is None:
            return 404, dict(HTML), "<html><body>页面不存在</body></html>".encode()
        return page


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ShapesWorld, list[dict]]]:
    world = ShapesWorld()
    server = serve(world)
    tmp = tmp_path_factory.mktemp("shapes")
    try:
        sources = tmp / "sources.csv"
        sources.write_text(world.sources_csv, encoding="utf-8")
        env = crawlrun.proxied(f"http://127.0.0.1:{server.server_port}", https=True)
        result = crawlrun.run(crawlrun.command(sources, tmp / "data", "S1", *FAST), env)
        assert result.returncode == 0, result.stderr[-3000:]
        yield world, read_fetch_log(DataDir(tmp / "data").fetch_log("S1"))
    finally:
        server.shutdown()
        server.server_close()


def _found(records: list[dict], kind: str, host: str) -> set[str]:
    return {r["url"] for r in records if r["kind"] == kind and f"//{host}" in r["url"]}


def _wanted(urls: set[str], host: str) -> set[str]:
    return {u for u in urls if f"//{host}" in u}


@pytest.mark.parametrize(
    "host", ["www.jsonlist.gov.cn", "www.searchjsp.gov.cn", "www.jsonp.gov.cn", "www.scripted.gov.cn"]
)
def test_lists_loaded_by_script_are_read_from_their_endpoint(
    crawled: tuple[ShapesWorld, list[dict]], host: str
) -> None:
    world, records = crawled
    assert _found(records, "report_page", host) == _wanted(world.reports, host)


def test_script_endpoints_are_asked_as_the_script_would(crawled: tuple[ShapesWorld, list[dict]]) -> None:
    world, _ = crawled
    labels = [parse_qs(urlsplit(u).query) for m, u, _, _ in world.requests if "/site/label/8888" in u]
    assert sorted(q["pageIndex"][0] for q in labels) == ["1", "2", "3"] and all(q["siteId"] == ["6596"] for q in labels)
    searches = [
        (m, parse_qs(urlsplit(u).query)["currpage"][0], parse_qs(b.decode()))
        for m, u, b, _ in world.requests
        if "search.jsp" in u
    ]
    assert sorted((m, page) for m, page, _ in searches) == [("POST", "1"), ("POST", "2")]  # 共2页: no third
    assert all(form["area"] == ["002482429"] for _, _, form in searches)


def test_decorated_and_onclick_pagers_and_menu_items(crawled: tuple[ShapesWorld, list[dict]]) -> None:
    world, records = crawled
    host = "www.nextlink.gov.cn"
    assert _found(records, "report_page", host) == _wanted(world.reports, host)
    ignored = [u for _, u, _, _ in world.requests if "/col/col88/" in u]
    assert len(ignored) <= 3, ignored  # the ignored ?pageNum= pager stops at the first repeat


def test_js_shells_and_opaque_files(crawled: tuple[ShapesWorld, list[dict]]) -> None:
    world, records = crawled
    host = "www.opaque.gov.cn"
    assert _found(records, "report_page", host) == _wanted(world.reports, host)
    assert _found(records, "attachment", host) == _wanted(world.files, host)
    names = {
        r["url"].rsplit("/", 1)[-1]: r["filename"]
        for r in records
        if r["kind"] == "attachment" and f"//{host}" in r["url"]
    }
    assert names["8f2a"] == "戊区统计局2023年年报.pdf"
    assert "/xxgk/show-1024.html" not in {
        urlsplit(r["url"]).path for r in records if r["kind"] == "report_page"
    }  # the shell is no report


def test_an_index_naming_units_only_leads_to_their_reports(crawled: tuple[ShapesWorld, list[dict]]) -> None:
    world, records = crawled
    wanted = {u for u in world.reports if "ji-a" in u or "ji-b" in u}
    assert {r["url"] for r in records if r["kind"] == "report_page"} >= wanted


def test_nothing_but_reports_is_archived_as_one(crawled: tuple[ShapesWorld, list[dict]]) -> None:
    world, records = crawled
    assert {r["url"] for r in records if r["kind"] == "report_page"} == world.reports
    assert {r["url"] for r in records if r["kind"] == "attachment"} == world.files


def test_an_old_template_behind_https_links_frames_js_records_and_a_ban_page(
    crawled: tuple[ShapesWorld, list[dict]],
) -> None:
    world, records = crawled
    host = "www.oldtpl.gov.cn"
    assert _found(records, "report_page", host) == _wanted(world.reports, host)
    assert not [r for r in records if r["kind"] in ("blocked", "error") and f"//{host}" in (r["url"] or "")], [
        (r["url"], r["reason"]) for r in records if r["kind"] == "error"
    ]
    assert (
        len([u for _, u, _, _ in world.requests if u.endswith("/xxgk/nb/list.html")]) == 2
    )  # banned, waited, asked again


def test_gkmlpt_annual_category_with_sub_categories_asks_each() -> None:
    config = (
        "window._CONFIG = {SID: '755041', TREE: [{id: 1, name: '政府信息公开年报', children: ["
        "{id: 11, name: '2024年度', children: []}, {id: 12, name: '部门', children: [{id: 121, name: '区统计局'}]}]},"
        " {id: 2, name: '政策文件', children: []}]};"
    )
    page = Page("http://www.fx.gov.cn/gkmlpt/index", f"<html><body><script>{config}</script></body></html>")
    asked = [urlsplit(r.url).path.rsplit("/", 1)[1] for r in guangdong.next_pages(page)]
    assert asked == ["1", "11", "12", "121"]


# ---------------------------------------------------------------- the same mechanisms on frozen answers


def _spider(tmp_path: Path) -> AnnualReportSpider:
    return spiderunit.spider(tmp_path, "辛市人民政府,http://www.xin.gov.cn/,")


def _meta(**meta: object) -> dict:
    return spiderunit.meta("辛市人民政府", **meta)


def test_a_year_page_listing_a_whole_city_is_a_hub_not_a_report(tmp_path: Path) -> None:
    units = [f"辛市第{n}委员会办公室" for n in range(120)]
    lis = "".join(
        f"<li><a href='/nb/202501/t20250120_{n}.html'>{title(unit)}</a><span>2025-01-2{n % 10}</span></li>"
        for n, unit in enumerate(units)
    )
    url = "http://www.xin.gov.cn/gongkai/gknb/202503/t20250331_4050078.html"
    body = (
        f"<html><head><title>{title('辛市', 2024)}</title></head>"
        f"<body><h1>{title('辛市', 2024)}</h1><ul>{lis}</ul></body></html>"
    )
    response = HtmlResponse(
        url, body=body.encode(), request=Request(url, meta=_meta(role="report", link_text=title("辛市", 2024)))
    )
    out = list(_spider(tmp_path).parse(response))
    assert not [r for r in out if isinstance(r, dict) and r["kind"] == "report_page"]
    assert len([r for r in out if isinstance(r, Request) and r.meta["role"] == "report"]) == 120


def test_a_report_at_a_column_like_address_whose_body_is_only_its_file(tmp_path: Path) -> None:
    url = "http://www.xin.gov.cn/web/zwgkx/zfxxgk1/2024/1706152361234/index.shtml"
    body = (
        f"<html><head><meta name='ArticleTitle' content='{title('辛市统计局')}'></head>"
        f"<body><h1>{title('辛市统计局')}</h1>"
        "<p>详见附件。</p><a href='/uploads/2024/01/nb.pdf'>附件下载</a></body></html>"
    )
    response = HtmlResponse(url, body=body.encode(), request=Request(url, meta=_meta(link_text=title("辛市统计局"))))
    out = list(_spider(tmp_path).parse(response))
    assert [r["url"] for r in out if isinstance(r, dict) and r["kind"] == "report_page"] == [url]
    assert [r.url for r in out if isinstance(r, Request) and r.meta["role"] == "attachment"] == [
        "http://www.xin.gov.cn/uploads/2024/01/nb.pdf"
    ]


def test_a_redirect_loop_is_a_block_and_https_falls_back_to_http(tmp_path: Path) -> None:
    crawl = _spider(tmp_path)
    loop = Request("http://www.xin.gov.cn/zwgk/", meta=_meta(role="nav"))
    failure = Failure(IgnoreRequest("max redirections reached"))
    failure.request = loop
    out = list(crawl.failed(failure))
    assert [(r["kind"], "redirect loop" in r["reason"]) for r in out] == [("blocked", True)]
    secure = Request("https://www.xin.gov.cn/zwgk/", meta=_meta(role="nav"))
    refused = Failure(ConnectionRefusedError("TLS handshake failed"))
    refused.request = secure
    retried = list(crawl.failed(refused))
    assert [r.url for r in retried] == ["http://www.xin.gov.cn/zwgk/"] and retried[0].meta["http_fallback"]
    again = Failure(ConnectionRefusedError("refused"))
    again.request = retried[0].replace(url="https://www.xin.gov.cn/zwgk/")
    assert [r["kind"] for r in crawl.failed(again)] == ["error"]  # once only


def test_a_200_ban_page_is_waited_out_and_a_refusal_page_is_a_block() -> None:
    ban = HtmlResponse(
        "http://www.xin.gov.cn/x", status=200, body="<html><body>访问过于频繁，请稍后再试</body></html>".encode("gbk")
    )
    assert is_rate_ban(ban)
    assert not is_rate_ban(
        HtmlResponse("http://www.xin.gov.cn/y", body="<html><body>政府信息公开</body></html>".encode())
    )
    refusal = Page("http://www.xin.gov.cn/", "<html><body>不合法的参数</body></html>")
    assert obstacles.block_reason(refusal) == "ban page"


def test_json_answers_of_any_shape_and_directory_pagers() -> None:
    feed = Page(
        "http://www.xin.gov.cn/zhengce/zuixin/ZUIXIN.json",
        json.dumps(
            [
                {
                    "TITLE": title("辛市统计局"),
                    "URL": "/zhengce/202401/content_6946880.htm",
                    "DOCRELPUBTIME": "2024-01-26",
                }
            ],
            ensure_ascii=False,
        ),
    )
    assert [(link.url, link.text) for link in families.answer_links(feed)] == [
        ("http://www.xin.gov.cn/zhengce/202401/content_6946880.htm", title("辛市统计局"))
    ]
    jpaas = Page(
        "http://www.xin.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit?pageNo=1",
        json.dumps(
            {"success": True, "data": {"html": f"<li><a href='/art/2024/1/2/art_1_2.html'>{title('辛市')}</a></li>"}},
            ensure_ascii=False,
        ),
    )
    assert [link.url for link in families.answer_links(jpaas)] == ["http://www.xin.gov.cn/art/2024/1/2/art_1_2.html"]
    directory = Page(
        "http://jyj.xin.gov.cn/zfxxgk/zfxxgknb/",
        "<html><body><ul><li><a href='1906985018193408001.html'>x</a></li></ul>"
        "<script>var total = parseInt('5');</script></body></html>",
    )
    assert [r.url for r in families.next_pages(directory, "generic")] == [
        "http://jyj.xin.gov.cn/zfxxgk/zfxxgknb/2.html"
    ]
    dotted = Page("http://www.xin.gov.cn/a/", "<a href='http://www.xin.gov.cn./zwgk/'>政务公开</a>")
    assert [link.url for link in dotted.links()] == ["http://www.xin.gov.cn/zwgk/"]


def test_a_pager_of_javascript_calls_is_followed_from_its_script() -> None:
    script = "<script>function goPage(n) { location.href = '?cat=4&pageNo=' + n; }</script>"
    first = Page(
        "http://www.xin.gov.cn/xxgk/nb/list.jsp?cat=4",
        "<ul><li><a href='/a/1.html'>x</a></li></ul>"
        f"<div>共3页 <a href='javascript:goPage(2)'>下一页</a></div>{script}",
    )
    # page one has no parameter yet; sites count from 0 or 1, so both are asked
    assert [parse_qs(urlsplit(r.url).query)["pageNo"] for r in families.next_pages(first, "generic")] == [["1"], ["2"]]
    last = Page("http://www.xin.gov.cn/xxgk/nb/list.jsp?cat=4&pageNo=3", f"<div>共3页</div>{script}")
    assert families.next_pages(last, "generic") == []
    inline = Page(
        "http://www.xin.gov.cn/xxgk/nb/", "<a href=\"javascript:location.href='list.jsp?pageNo=2'\">下一页 »</a>"
    )
    assert [r.url for r in families.next_pages(inline, "generic")] == [
        "http://www.xin.gov.cn/xxgk/nb/list.jsp?pageNo=2"
    ]


def test_a_datastore_answer_of_a_load_more_endpoint_is_read() -> None:
    answer = Page(
        "http://www.xin.gov.cn/module/web/jpage/morecolumndataproxy.jsp?page=2&columnid=9",
        f"<datastore><recordset><record><![CDATA[<li><a href='/art/2024/1/2/art_9_2.html'>{title('辛市')}</a></li>]]>"
        "</record></recordset></datastore>",
    )
    assert [link.url for link in families.answer_links(answer)] == ["http://www.xin.gov.cn/art/2024/1/2/art_9_2.html"]
    shell = Page(
        "http://www.xin.gov.cn/col/col9/index.html",
        "<script>$('#more').click(function () { $.get('/module/web/jpage/morecolumndataproxy.jsp?page=' + page"
        " + '&columnid=9'); });</script>",
    )
    assert [r.url for r in families.next_pages(shell, "hanweb")] == [
        "http://www.xin.gov.cn/module/web/jpage/morecolumndataproxy.jsp?page=1&columnid=9"
    ]


def test_year_switchers_image_maps_and_javascript_menu_items_are_links() -> None:
    page = Page(
        "http://www.xin.gov.cn/zfxxgknb/index.html",
        "<select onchange='window.location.href=this.value'><option value=''>请选择</option>"
        "<option value='2023/index.html'>2023年</option><option value='/zfxxgknb/2022/'>2022年</option></select>"
        "<map><area href='/zwgk/' alt='政务公开'></map>"
        "<a href='javascript:void(0)' data-url='/zfxxgk/bmnb/'>部门年报</a>"
        "<a href='javascript:void(0)' onclick=\"alert('建设中')\">乡镇年报</a>",
    )
    assert [(link.url.rsplit(".gov.cn", 1)[1], link.text) for link in page.links()] == [
        ("/zwgk/", "政务公开"),
        ("/zfxxgk/bmnb/", "部门年报"),
        ("/zfxxgknb/2023/index.html", "2023年"),
        ("/zfxxgknb/2022/", "2022年"),
    ]


def test_bare_ip_and_port_hosts_are_in_scope_and_clones_are_not(tmp_path: Path) -> None:
    sources = tmp_path / "sources.csv"
    sources.write_text(
        "agency,url,family\n某县人民政府,http://61.150.65.235/zfxxgk/,\n某区水利局,http://122.137.242.24:8080/pub/,\n",
        encoding="utf-8",
    )
    registry = load_sources(sources)
    scope = Scope(registry, registry)
    county, bureau = registry
    assert scope.home_scope(county, host_of("http://61.150.65.235/zfxxgk/zfxxgknb/1.html"))
    assert scope.home_scope(bureau, host_of("http://122.137.242.24:8080/pub/ndbg/201708/t20170809_257176.html"))
    assert not scope.home_scope(county, host_of("http://122.137.242.24:8080/pub/"))  # the other row's host
    assert scope.list_scope(county, host_of("http://61.150.66.235/zfxxgk/zfxxgknb/"))  # an index's link to another IP
    assert not scope.list_scope(county, host_of("http://www.365betzf.com/zfxxgk/zfxxgknb/1.html"))


def test_clickable_list_rows_are_links() -> None:
    page = Page(
        "http://www.xin.gov.cn/xxgk/nb/index.html",
        f"<table><tr onclick=\"window.open('/xxgk/nb/202401/t20240126_1.html')\"><td>{title('辛市统计局')}</td>"
        "<td>2024-01-26</td></tr></table>",
    )
    assert [(link.url, link.text) for link in page.links()] == [
        ("http://www.xin.gov.cn/xxgk/nb/202401/t20240126_1.html", f"{title('辛市统计局')} 2024-01-26")
    ]
