"""The portals of altfarm, one builder per CMS family (portal-patterns §1), each with 年报 in the
title variants of §2.3, noise of §2.4 in the same lists, and a few obstacles of §3."""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
from dataclasses import dataclass
from urllib.parse import quote

from altfarm import docs
from altfarm.world import Host, Request, Response, Source, World


@dataclass
class Doc:
    """One list item: a report (``reason`` None) or noise (``reason`` says why)."""

    title: str
    unit: str
    published: str  # YYYY-MM-DD
    year: int | None = None
    reason: str | None = None
    attachment: str | None = None  # "pdf" / "docx": the report also (or only) comes as a file
    body_in_html: bool = True  # False: the body is 详见附件


def report(unit: str, year: int, variant: int, published: str, **kw) -> Doc:
    titles = [f"{unit}{year}年政府信息公开工作年度报告", f"{unit}{year}年度政府信息公开工作年度报告",
              f"{year}年政府信息公开工作年度报告", f"{unit}关于{year}年政府信息公开工作年度报告",
              f"{unit}{year}年政府信息公开工作年度报告（修订版）", f"{unit}{year}年政府信息公开工作报告",
              "政府信息公开工作年度报告"]
    return Doc(titles[variant], unit, published, year, **kw)


def noise(kind: str, unit: str, year: int, published: str) -> Doc:
    titles = {"网站年度报表": f"{unit}{year}年政府网站工作年度报表",
              "通知": f"关于做好{year}年政府信息公开工作年度报告编制发布工作的通知",
              "解读": f"{unit}{year}年政府信息公开工作年度报告解读",
              "图解": f"图解：{unit}{year}年政府信息公开工作年度报告",
              "一图读懂": f"一图读懂{unit}{year}年政府信息公开工作年度报告",
              "转载": f"交通运输部{year}年政府信息公开工作年度报告",
              "规范性文件": f"{unit}关于印发{year}年政务公开工作要点的通知",
              "法治政府": f"{unit}{year}年法治政府建设年度报告",
              "公共企事业": f"{unit}{year}年公共企事业单位信息公开工作年度报告"}
    return Doc(titles[kind], "交通运输部" if kind == "转载" else unit, published, year, reason=kind)


def hexid(*parts: object) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


def short(title: str, width: int = 18) -> str:
    """Lists truncate the visible text; the full title is in title="" (§0.5)."""
    return title if len(title) <= width else title[:width] + "…"


NAV = [("政府信息公开指南", "zfxxgkzn"), ("政府信息公开制度", "zfxxgkzd"), ("依申请公开", "ysqgk"), ("网站地图", "wzdt")]


class Site:
    """Shared plumbing of one portal: its host, nav chrome, detail pages and manifest entries."""

    def __init__(self, world: World, host: Host, agency: str, pager: str, entry: str) -> None:
        self.world, self.host, self.agency, self.pager = world, host, agency, pager
        self.base = f"http://{host.name}"
        self.world.sites.append({"agency": agency, "host": host.name, "entry": self.base + entry, "pager": pager})
        self.nav_html = ""
        for label, slug in NAV:
            path = f"/zfxxgk/{slug}/index.html"
            host.page(path, docs.simple_page(label, f"<p>{label}内容。</p>"))
            world.noise_item(self.base + path, site=agency, reason="导航", title=label)
            self.nav_html += f"<li><a href='{path}'>{label}</a></li>"
        self.nav_html = f"<div class='left-nav'><ul>{self.nav_html}</ul></div>"

    def list_page(self, path: str, title: str, items_html: str, pager_html: str, head: str = "") -> None:
        self.host.page(path, self.list_html(title, items_html, pager_html, head))

    def list_html(self, title: str, items_html: str, pager_html: str, head: str = "") -> str:
        return ("<!DOCTYPE html><html><head>"
                       f"<meta http-equiv='Content-Type' content='text/html; charset={self.host.declared}'>"
                       f"<meta name='SiteName' content='{self.agency}'><meta name='ColumnName' content='{title}'>{head}"
                       f"<title>{title}_{self.agency}</title></head><body>"
                       f"<div class='top'><a href='/'>首页</a></div>{self.nav_html}"
                       f"<div class='location'>当前位置：<a href='/'>首页</a> &gt; {title}</div>"
                f"{items_html}{pager_html}</body></html>")

    def publish(self, path: str, doc: Doc, *, list_url: str | None, container: str, files: list[tuple[str, bytes, str]] | None = None,
                attach_html: str = "", after_body: str = "", meta: bool = True, breadcrumb: str = "政府信息公开年报",
                index_no: str = "000000000/2024-00001", extra_head: str = "", on: Host | None = None) -> str:
        """Write a detail page (and its files) and record it in the manifest; returns its URL.
        ``files`` are (absolute path, bytes, content type); ``attach_html`` links them; ``on``
        puts the page on another host (a copy on the portal, §2.2 item 4)."""
        host = on or self.host
        url = f"http://{host.name}{path}"
        if doc.reason:
            body = docs.noise_body(doc.title)
            self.world.noise_item(url, site=self.agency, reason=doc.reason, title=doc.title, listed_on=list_url)
        else:
            body = docs.report_body(doc.unit, doc.year) if doc.body_in_html else "<p>详见附件。</p>"
            self.world.report(url, site=self.agency, kind="page", title=doc.title, year=doc.year, listed_on=list_url)
        text = docs.detail_page(site_name=self.agency, title=doc.title, unit=doc.unit, published=doc.published,
                                index_no=index_no, body=body + attach_html, container=container, meta=meta,
                                breadcrumb=breadcrumb, charset=host.declared, after_body=after_body, extra_head=extra_head)
        host.page(path, text)
        for file_path, data, ctype in files or []:
            host.file(file_path, data, ctype)
            self.world.report(f"http://{host.name}{file_path}", site=self.agency, kind="attachment", title=doc.title, year=doc.year,
                              listed_on=url)
        return url


def attachment_bytes(doc: Doc, key: str) -> tuple[bytes, str]:
    if doc.attachment == "docx":
        return docs.docx_bytes([doc.title, *docs.SECTIONS, key]), docs.DOCX
    if doc.attachment in {"doc", "wps"}:  # old binary Word / WPS: an OLE2 header is enough, nothing parses it here
        ctype = "application/msword" if doc.attachment == "doc" else "application/octet-stream"
        return docs.OLE2 + f"{doc.year} {key}".encode() + bytes(512), ctype
    if doc.attachment == "zip":
        return docs.zip_bytes({f"{doc.year}.pdf": docs.pdf_bytes(f"annual report {doc.year} {key}")}), "application/zip"
    return docs.pdf_bytes(f"annual report {doc.year} {key}"), docs.PDF


def ymd(published: str) -> tuple[str, str, str]:
    y, m, d = published.split("-")
    return y, m, d


# ---------------------------------------------------------------- TRS WCM, <table> rows, .htm, var countPage
def trs_table_county(world: World) -> None:
    """Home → 政府信息公开 → 政府信息公开年报; rows in a <table> with [YYYY-MM-DD]; .htm files;
    ``var countPage = 3; var currentPage = 0;`` before createPageHTML; page 2 is index_1.htm;
    _wap twins, a repost of a ministry's report, P0….pdf attachments beside the article."""
    agency, unit = "青水县人民政府", "青水县人民政府"
    host = world.host("www.qingshui.gov.cn")
    site = Site(world, host, agency, "trs4", "/")
    world.sources.append(Source(agency, "http://www.qingshui.gov.cn/", "520625", "county", "黔中市人民政府"))
    host.page("/", docs.simple_page(agency, "<div class='nav'><a href='/'>首页</a> <a href='/zwdt/'>政务动态</a> "
                                    "<a href='/zfxxgk/'>政府信息公开</a> <a href='/hdjl/'>互动交流</a></div>"))
    host.routes["/index.html"] = host.routes["/"]
    host.page("/zwdt/", docs.simple_page("政务动态", "<ul><li><a href='/zwdt/202401/t20240102_1.htm'>县长调研春耕</a></li></ul>"))
    host.page("/zfxxgk/", docs.simple_page("政府信息公开", "<ul>" + "".join(
        f"<li><a href='./{slug}/index.html'>{label}</a></li>" for label, slug in NAV[:3])
        + "<li><a href='./fdzdgknr/index.htm'>法定主动公开内容</a></li><li><a href='./gknb/index.htm'>政府信息公开年报</a></li></ul>"))
    host.page("/zfxxgk/fdzdgknr/index.htm", docs.simple_page("法定主动公开内容", "<p>机构职能</p>"))
    items = [report(unit, 2025, 0, "2026-01-20", attachment="pdf"), "wap",
             noise("通知", "黔中市人民政府办公室", 2025, "2025-12-10"),
             report(unit, 2024, 1, "2025-03-28"), "wap",
             noise("转载", "", 2023, "2024-02-01"),
             report(unit, 2023, 3, "2024-01-26", attachment="docx", body_in_html=False),
             noise("网站年度报表", "青水县人民政府网站", 2023, "2024-01-18"),
             report(unit, 2022, 5, "2023-01-29"), report(unit, 2021, 0, "2022-03-15", attachment="pdf"),
             report(unit, 2020, 4, "2021-04-02"), report(unit, 2016, 0, "2017-03-30")]
    per_page, column = 5, "/zfxxgk/gknb/"
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    last_url = prev_date = ""
    for number, chunk in enumerate(pages):
        name = "index.htm" if number == 0 else f"index_{number}.htm"
        list_url = f"http://{host.name}{column}{name}"
        rows = ""
        for index, item in enumerate(chunk):
            if item == "wap":  # the mobile twin of the previous article, listed again (Chongqing, §1.1)
                wap = last_url.replace(".htm", "_wap.htm")
                path = wap.split(host.name, 1)[1]
                prev = world.reports[-1] if world.reports[-1]["kind"] == "page" else world.reports[-2]
                host.page(path, docs.simple_page(prev["title"], docs.report_body(unit, prev["year"]), head="<meta name='viewport' content='width=device-width'>"))
                world.noise_item(wap, site=agency, reason="_wap twin", title=prev["title"], listed_on=list_url)
                rows += f"<tr><td><a href='./{wap.rsplit(column, 1)[1]}' title='{prev['title']}'>{short(prev['title'])}</a></td><td>[{prev_date}]</td></tr>"
                continue
            y, m, d = ymd(item.published)
            art = f"{y}{m}/t{y}{m}{d}_{1178100 + number * 10 + index}.htm"
            files, attach = [], ""
            if item.attachment:
                name_cn = f"{item.title}.{item.attachment}"
                p0 = f"P0{y}{m}{d}{int(hexid(art), 16) % 10**12:012d}.{item.attachment}"
                data, ctype = attachment_bytes(item, art)
                files = [(f"{column}{y}{m}/{p0}", data, ctype)]
                attach = (f"<p>附件：<a appendix='true' needdownload='true' href='./{p0}' title='{name_cn}' "
                          f"download='{name_cn}'>{name_cn}</a></p>")
            last_url = site.publish(column + art, item, list_url=list_url, files=files, attach_html=attach,
                                    container="div id='zoom' class='trs_editor_view TRS_UEDITOR trs_paper_default trs_web'",
                                    index_no=f"{hexid(unit)[:9]}/{y}-{index + 1:05d}", meta=index % 3 != 2)
            prev_date = item.published
            rows += f"<tr><td><a href='./{art}' target='_blank' title='{item.title}'>{short(item.title)}</a></td><td>[{item.published}]</td></tr>"
        pager = (f"<div class='page'><script>var countPage = {len(pages)}; var currentPage = {number};"
                 f"createPageHTML(countPage, currentPage, \"index\", \"htm\");</script></div>")
        site.list_page(column + name, "政府信息公开年报", f"<table class='list-table'>{rows}</table>", pager)


# ---------------------------------------------------------------- TRS .shtml, year sub-columns, 本级/部门/乡镇, GBK
def trs_years_city(world: World) -> None:
    """Column → year sub-columns (folders by *publish* year) → 本级/部门/乡镇 lists; GBK bytes
    declared gb2312 with a GBK-only character (堃); one list page answers 500 once."""
    agency = "白河市人民政府"
    host = world.host("www.baihe.gov.cn", encoding="gbk", declared="gb2312")
    column = "/zwgk/zfxxgknb/"
    site = Site(world, host, agency, "trs4-years", column + "index.shtml")
    world.sources.append(Source(agency, f"http://{host.name}{column}index.shtml", "410800", "city", "河中省人民政府"))
    tree = {
        "2024n": ("2024年", {"szf": [report(agency, 2023, 1, "2024-03-27", attachment="pdf"),
                                     noise("网站年度报表", "白河市人民政府门户网站", 2023, "2024-01-20")],
                             "bm": [report("白河市统计局", 2023, 0, "2024-01-15"), noise("解读", "白河市统计局", 2023, "2024-01-16"),
                                    report("白河市教育局", 2023, 3, "2024-01-25"), report("白河市医疗保障局", 2023, 2, "2024-01-30")],
                             "xzjd": [report("堃山镇人民政府", 2023, 0, "2024-01-29")]}),
        "2023n": ("2023年", {"szf": [report(agency, 2022, 0, "2023-03-30", attachment="docx", body_in_html=False)],
                             "bm": [report("白河市财政局", 2022, 5, "2023-01-31")],
                             "xzjd": [report("堃山镇人民政府", 2022, 1, "2023-02-10")]}),
        "2022nyq": ("2022年及以前", {"": [report(agency, 2021, 0, "2022-03-29"), noise("通知", "白河市政务公开办", 2021, "2021-12-20"),
                                         report(agency, 2020, 0, "2021-03-26"), report(agency, 2016, 0, "2017-03-28")]}),
    }
    labels = {"szf": "本级政府", "bm": "部门", "xzjd": "乡镇（街道）"}
    site.list_page(column + "index.shtml", "政府信息公开年报", "<div class='sub-col'>" + "".join(
        f"<a href='./{folder}/index.shtml'>{label}</a> " for folder, (label, _) in tree.items()) + "</div>", "")
    counter = 3271100
    for folder, (year_label, splits) in tree.items():
        if "" not in splits:
            site.list_page(f"{column}{folder}/index.shtml", f"{year_label}政府信息公开年报", "<ul class='sub-col'>" + "".join(
                f"<li><a href='./{key}/index.shtml'>{labels[key]}</a></li>" for key in splits) + "</ul>", "")
        for key, items in splits.items():
            directory = f"{column}{folder}/{key + '/' if key else ''}"
            per_page = 3
            pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
            for number, chunk in enumerate(pages):
                name = "index.shtml" if number == 0 else f"index_{number}.shtml"
                list_url = f"http://{host.name}{directory}{name}"
                lis = ""
                for item in chunk:
                    counter += 1
                    y, m, d = ymd(item.published)
                    art = f"{y}{m}/t{y}{m}{d}_{counter}.shtml"
                    files, attach = [], ""
                    if item.attachment:
                        p0 = f"P0{y}{m}{d}{counter:012d}.{item.attachment}"
                        data, ctype = attachment_bytes(item, art)
                        files = [(f"{directory}{y}{m}/{p0}", data, ctype)]
                        attach = f"<p>附件：<a href='./{p0}'>{item.title}.{item.attachment}</a></p>"
                    site.publish(directory + art, item, list_url=list_url, files=files, attach_html=attach,
                                 container="div class='TRS_Editor'", index_no=f"11410800MB0{counter}/{y}-00{counter % 1000}",
                                 breadcrumb=f"政府信息公开年报 &gt; {year_label} &gt; {labels.get(key, '')}")
                    lis += f"<li><a href='./{art}' title='{item.title}'>{short(item.title)}</a><span>{item.published}</span></li>"
                pager = f"<div class='page'><script>createPageHTML({len(pages)}, {number}, \"index\", \"shtml\");</script></div>"
                site.list_page(directory + name, labels.get(key, year_label), f"<div class='list'><ul>{lis}</ul></div>", pager)
    flaky = f"{column}2024n/bm/index_1.shtml"  # 500 once, then fine (a retry must get it)
    good, lock, served = host.routes[flaky], threading.Lock(), []

    def once_broken(request: Request) -> Response:
        with lock:
            served.append(1)
            if len(served) == 1:
                return Response(500, b"<html><body>500 Internal Server Error</body></html>", {"Content-Type": "text/html"})
        return good
    host.handlers[flaky] = once_broken


# ---------------------------------------------------------------- c-channel .shtml, 6-arg page_div pager
def cchannel_county(world: World) -> None:
    agency, unit = "沅溪县人民政府", "沅溪县人民政府"
    host = world.host("www.yuanxi.gov.cn")
    column = "/yuanxi/c101039/"
    site = Site(world, host, agency, "page_div", column + "xlist.shtml")
    world.sources.append(Source(agency, f"http://{host.name}{column}xlist.shtml", "431227", "county", "怀安市人民政府"))
    items = [report(unit, 2025, 0, "2026-01-13", attachment="pdf"), noise("一图读懂", unit, 2024, "2025-02-11"),
             report("高椅乡人民政府", 2024, 6, "2025-01-22"), report(unit, 2024, 4, "2025-04-18"),
             noise("网站年度报表", "沅溪县人民政府网站", 2024, "2025-01-15"), report(unit, 2022, 2, "2023-01-30", attachment="pdf", body_in_html=False),
             Doc("沅溪县卫生健康局关于报送2023年政府信息公开工作年度报告的函", "沅溪县卫生健康局", "2024-01-26", 2023),
             noise("法治政府", unit, 2023, "2024-03-15"),
             noise("通知", "怀安市人民政府办公室", 2022, "2022-12-01"), report(unit, 2020, 1, "2021-03-31"),
             report(unit, 2019, 0, "2020-03-20")]
    # the traditional-Chinese conversion proxy (§3.1): a big5 twin of the list and of two reports
    mirror = f"/gate/big5/{host.name}{column}"
    twins = [(f"{mirror}202601/{hexid(agency, 'big5', 1)}.shtml", "沅溪縣人民政府2025年政府信息公開工作年度報告"),
             (f"{mirror}202103/{hexid(agency, 'big5', 2)}.shtml", "沅溪縣人民政府2020年度政府信息公開工作年度報告")]
    for path, title in twins:
        host.file(path, docs.simple_page(title, "<p>一、總體情況</p>", charset="big5").encode("big5"), "text/html; charset=big5")
        world.noise_item(f"http://{host.name}{path}", site=agency, reason="big5 mirror", title=title)
    host.file(f"{mirror}xlist.shtml", docs.simple_page("政府信息公開年報", "<ul>" + "".join(
        f"<li><a href='{path}' title='{title}'>{title}</a></li>" for path, title in twins) + "</ul>", charset="big5").encode("big5"),
        "text/html; charset=big5")
    per_page = 4
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    for number, chunk in enumerate(pages, 1):
        name = "xlist.shtml" if number == 1 else f"xlist_{number}.shtml"
        list_url = f"http://{host.name}{column}{name}"
        lis = ""
        for item in chunk:
            y, m, _ = ymd(item.published)
            key = hexid(agency, item.title)
            art = f"{column}{y}{m}/{key}.shtml"
            files, after = [], ""
            if item.attachment:  # attachment list outside the body, in span#appendix (§1.1)
                fpath = f"/uploadfiles/yuanxi/{y}/{m}/{key[:20]}.{item.attachment}"
                files = [(fpath, *attachment_bytes(item, key))]
                after = f"<div class='fj'>相关附件：<span id='appendix'><a href='{fpath}'>{item.title}.pdf</a></span></div>"
            site.publish(art, item, list_url=list_url, files=files, after_body=after, container="div id='UCAP-CONTENT'",
                         index_no=f"431227-{y}-{int(key[:6], 16) % 1000:03d}")
            lis += f"<li><h4><a href='{art}' title='{item.title}'>{short(item.title, 22)}</a></h4><span class='date'>{item.published}</span></li>"
        pager = (f"<div id='page_div'></div><script>createPageHTML('page_div', {len(pages)}, {number}, 'xlist', 'shtml', "
                 f"{len(items)});</script>")
        site.list_page(column + name, "政府信息公开年报", f"<div class='fanti'><a href='{mirror}xlist.shtml'>繁體</a></div>"
                       f"<div class='list'><ul>{lis}</ul></div>", pager)


# ---------------------------------------------------------------- Hanweb: <datastore> + GET dataproxy.jsp?page=N
def hanweb_district(world: World) -> None:
    """Home → 政府信息公开 (/col/col1001/) → 年报 (/col/col282/): the first group of records is
    embedded as <datastore> XML, further groups come from the GET form of dataproxy.jsp
    (``page=N``; the embedded group's <nextgroup> says page=1).  This deployment answers POSTs
    with an empty datastore (the failure mode of §1.2).  Attachments go through
    downfile.jsp?classid=0&filename=<32hex>.pdf, the Chinese name only in the link text."""
    agency, unit = "清河区人民政府", "清河区人民政府"
    host = world.host("www.qinghequ.gov.cn")
    site = Site(world, host, agency, "hanweb", "/")
    world.sources.append(Source(agency, f"http://{host.name}/", "320812", "county", "淮南市人民政府"))
    host.page("/", docs.simple_page(agency, "<ul class='nav'><li><a href='/'>首页</a></li><li><a href='/col/col1000/index.html'>新闻中心</a></li>"
                                    "<li><a href='/col/col1001/index.html'>政府信息公开</a></li></ul>"))
    host.page("/col/col1000/index.html", docs.simple_page("新闻中心", "<p>暂无</p>"))
    host.page("/col/col1001/index.html", docs.simple_page("政府信息公开", "<ul><li><a href='/col/col1002/index.html'>政府信息公开指南</a></li>"
                                                          "<li><a href='/col/col282/index.html'>政府信息公开年报</a></li></ul>"))
    host.page("/col/col1002/index.html", docs.simple_page("政府信息公开指南", "<p>指南</p>"))
    world.noise_item(f"http://{host.name}/col/col1002/index.html", site=agency, reason="导航", title="政府信息公开指南")
    items = [report(unit, 2025, 0, "2026-01-16", attachment="pdf"), noise("通知", "淮南市人民政府办公室", 2025, "2025-12-05"),
             report(unit, 2024, 1, "2025-03-31", attachment="pdf", body_in_html=False), noise("图解", unit, 2024, "2025-04-01"),
             report("清河区卫生健康委员会", 2024, 3, "2025-01-24", attachment="docx", body_in_html=False),
             noise("网站年度报表", "清河区人民政府网站", 2024, "2025-01-20"),
             report(unit, 2023, 1, "2024-03-29"), noise("解读", unit, 2023, "2024-03-30"), report("清河区发展和改革局", 2023, 0, "2024-01-22"),
             report(unit, 2022, 2, "2023-03-30"), report(unit, 2016, 0, "2017-03-31")]
    records = []
    list_url = f"http://{host.name}/col/col282/index.html"
    for number, item in enumerate(items):
        y, m, d = ymd(item.published)
        art = f"/art/{y}/{int(m)}/{int(d)}/art_282_{41790 + number}.html"
        files, attach = [], ""
        if item.attachment:
            key = hexid(agency, item.title)
            store = f"/jcms_files/jcms1/web3/site/attach/0/{key}.{item.attachment}"
            link = f"/module/download/downfile.jsp?classid=0&filename={key}.{item.attachment}"
            data, ctype = attachment_bytes(item, key)
            host.file(store, data, ctype)
            name_cn = f"{item.title}.{item.attachment}"
            host.handlers.setdefault("/module/download/downfile.jsp", downfile(host))
            files = [(link, data, ctype)]
            attach = f"<p>附件：<a href='{link}'>{name_cn}</a></p>"
        site.publish(art, item, list_url=list_url, files=files, attach_html=attach, container="div class='main-txt'",
                     index_no=f"014416330/{y}-{number + 1:05d}")
        for link, _, _ in files:  # served by the downfile.jsp handler, not as a static route
            host.routes.pop(link, None)
        records.append(f"<record><![CDATA[<li><a href=\"{art}\" title=\"{item.title}\" target=\"_blank\">{short(item.title)}</a>"
                       f"<span>{item.published}</span></li>]]></record>")
    # one report is a per-unit module page keyed by query (§1.2 xxgkAnnualReport.jsp, fbtime = report year)
    module = "/module/xxgk/xxgkAnnualReport.jsp"
    key = f"{module}?area=320812000&fbtime=2021&showType=2"
    doc = report(unit, 2021, 0, "2022-03-30")
    site.publish(key, doc, list_url=list_url, container="div class='main-txt'", index_no="014416330/2022-00031")
    records.insert(2, f"<record><![CDATA[<li><a href=\"{key.replace('&', '&amp;')}\" title=\"{doc.title}\" target=\"_blank\">"
                      f"{short(doc.title)}</a><span>{doc.published}</span></li>]]></record>")

    def annual_report(request: Request) -> Response:
        if request.query.get("area") == "320812000" and request.query.get("fbtime") == "2021":
            return host.routes[key]
        return Response(200, docs.simple_page("政府信息公开年报", "<p>暂无数据</p>").encode(), {"Content-Type": "text/html; charset=utf-8"})
    host.handlers[module] = annual_report
    per_group, params = 4, "appid=1&webid=3&path=/&columnid=282&unitid=123456&webname=%E6%B8%85%E6%B2%B3&permissiontype=0"

    def datastore(group: int) -> str:
        chunk = records[group * per_group:(group + 1) * per_group]
        more = (group + 1) * per_group < len(records)
        nextgroup = f"<a href=\"/module/web/jpage/dataproxy.jsp?page={group + 1}&{params}\"></a>" if more else ""
        return (f"<datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup><recordset>{''.join(chunk)}</recordset></datastore>")

    site.list_page("/col/col282/index.html", "政府信息公开年报",
                   f"<div id='123456'><script type='text/xml'>{datastore(0)}</script></div>",
                   f"<script>$('#123456').jpage({{totalRecord:{len(records)}, perPage:2, groupSize:2, "
                   "proxyUrl:'/module/web/jpage/dataproxy.jsp', ajaxParam:{col:1, appid:1, webid:3, path:'/', "
                   "columnid:282, unitid:'123456', webname:'清河', permissiontype:0}});</script>",
                   head="<meta name='ColId' content='282'>")

    def dataproxy(request: Request) -> Response:
        xml = "<datastore></datastore>"
        if request.method == "GET" and request.query.get("columnid") == "282":
            try:
                xml = datastore(int(request.query.get("page", "0")))
            except ValueError:
                pass
        return Response(200, xml.encode(), {"Content-Type": "text/xml; charset=UTF-8"})
    host.handlers["/module/web/jpage/dataproxy.jsp"] = dataproxy


def downfile(host: Host):
    def serve(request: Request) -> Response:
        name = request.query.get("filename", "")
        stored = host.routes.get(f"/jcms_files/jcms1/web3/site/attach/0/{name}")
        if not stored:
            return Response(404, b"file not found", {"Content-Type": "text/plain"})
        return Response(200, stored.body, {**stored.headers, "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
    return serve


# ---------------------------------------------------------------- Guangdong gkmlpt
def gkmlpt_district(world: World) -> None:
    agency, unit = "枫溪区人民政府", "枫溪区人民政府"
    host = world.host("www.fengxi.gov.cn")
    site = Site(world, host, agency, "gkmlpt", "/gkmlpt/index")
    world.sources.append(Source(agency, f"http://{host.name}/gkmlpt/index", "440515", "county", "汕江市人民政府"))
    sid, size = "755041", 3
    tree = [{"id": 20760, "name": "政策文件", "parent": 0, "jump_url": "",
             "children": [{"id": 20761, "name": "规范性文件", "parent": 20760, "jump_url": "", "children": []}]},
            {"id": 20765, "name": "政府信息公开年报", "parent": 0, "jump_url": "",
             "children": [{"id": 20766, "name": "本级政府年报", "parent": 20765, "jump_url": "", "children": []},
                          {"id": 20767, "name": "部门年报", "parent": 20765, "jump_url": "", "children": []}]}]
    cats = {20761: [noise("规范性文件", unit, 2024, "2024-03-01"), noise("规范性文件", unit, 2023, "2023-02-20")],
            20766: [report(unit, 2023, 1, "2024-03-28", attachment="pdf"), noise("解读", unit, 2023, "2024-03-29"),
                    report(unit, 2022, 0, "2023-03-30"), report(unit, 2021, 2, "2022-03-25")],
            20767: [report("枫溪区教育局", 2024, 0, "2025-01-20"),
                    report("枫溪区民政局", 2024, 3, "2025-01-23", attachment="docx", body_in_html=False),
                    report("枫溪区司法局", 2019, 5, "2020-01-15")]}
    articles: dict[int, list[dict]] = {}
    post = 9103540
    for cat, items in cats.items():
        for item in items:
            post += 17
            path = f"/gkmlpt/content/{post // 1000000}/{post // 1000}/post_{post}.html"
            attachments, files, attach = [], [], ""
            if item.attachment:
                attach_id = 1658591 + post % 1000
                fpath = f"/attachment/{attach_id // 1000000}/{attach_id // 1000}/{attach_id}/{post}.{item.attachment}"
                data, ctype = attachment_bytes(item, str(post))
                files = [(fpath, data, ctype)]
                attachments = [{"id": attach_id, "name": f"{item.title}.{item.attachment}", "type": item.attachment,
                                "mime": ctype, "size": str(len(data)), "url": f"http://{host.name}{fpath}"}]
                if item.body_in_html:  # the Vue page renders the list; PDF-only posts show it only in the JSON
                    attach = f"<div class='attachment'><a href='{fpath}'>{item.title}.pdf</a></div>"
            y, m, d = ymd(item.published)
            url = site.publish(path, item, list_url=f"http://{host.name}/gkmlpt/api/all/{cat}", files=files, attach_html=attach,
                               container="div class='article-content'", index_no=f"11440515MB2C{post}/{y}-{post % 100000:05d}",
                               meta=False)
            stamp = int(__import__("datetime").datetime(int(y), int(m), int(d), 9).timestamp())
            articles.setdefault(cat, []).append({"id": post, "title": item.title, "publisher": item.unit, "date": stamp,
                                                 "display_publish_time": stamp, "identifier": f"11440515MB2C/{y}-{post % 100000:05d}",
                                                 "url": url, "post_url": url, "attachment": attachments})
    children = {20760: [20761], 20765: [20766, 20767], 0: [20761, 20766, 20767]}
    # a JS object literal as the template writes it (§1.4): bare keys, single-quoted strings
    tree_js = re.sub(r'"(\w+)":', r"\1:", json.dumps(tree, ensure_ascii=False)).replace('"', "'")
    host.page("/gkmlpt/index", "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开目录</title>"
              f"<script>window._CONFIG = {{ SID: '{sid}', TREE: {tree_js}, SERVICE_AREA_ID: 1 }};</script></head>"
              "<body><div id='app'></div><script src='/gkmlpt/static/js/app.js'></script></body></html>")

    def api(request: Request) -> Response:
        try:
            cat, page = int(request.path.rsplit("/", 1)[1]), int(request.query.get("page", "1"))
        except ValueError:
            return Response(400, b"{}", {"Content-Type": "application/json"})
        posts = [a for c in children.get(cat, [cat]) for a in articles.get(c, [])]
        posts.sort(key=lambda a: -a["date"])
        start = (max(page, 1) - 1) * size  # page 0 and page 1 are the same batch (§1.4)
        name = next((c["name"] for t in tree for c in [t, *t["children"]] if c["id"] == cat), "全部")
        body = {"classify": {"id": cat, "name": name, "post_count": len(posts)}, "total": len(posts),
                "articles": posts[start:start + size]}
        return Response(200, json.dumps(body, ensure_ascii=False).encode(), {"Content-Type": "application/json; charset=utf-8"})
    for cat in [0, 20760, 20761, 20765, 20766, 20767]:
        host.handlers[f"/gkmlpt/api/all/{cat}"] = api


# ---------------------------------------------------------------- 万户 channels/<id>_N.html
def wanhu_county(world: World) -> None:
    agency, unit = "罗山县人民政府", "罗山县人民政府"
    host = world.host("www.luoshanx.gov.cn")
    channel = 12693
    site = Site(world, host, agency, "wanhu", f"/channels/{channel}.html")
    world.sources.append(Source(agency, f"http://{host.name}/channels/{channel}.html", "411521", "county", "信中市人民政府"))
    items = [report(unit, 2024, 0, "2025-03-25"), report("罗山县财政局", 2024, 0, "2025-01-26", attachment="docx", body_in_html=False),
             noise("公共企事业", "罗山县供水公司", 2024, "2025-02-10"),
             noise("解读", unit, 2024, "2025-03-26"), noise("通知", "信中市人民政府办公室", 2024, "2024-12-11"),
             noise("网站年度报表", "罗山县人民政府网站", 2023, "2024-01-17"), report(unit, 2023, 1, "2024-03-22"),
             report(unit, 2022, 4, "2023-05-10"), report(unit, 2021, 0, "2022-03-18", attachment="doc"),
             report(unit, 2019, 3, "2020-03-12", attachment="wps", body_in_html=False),
             report(unit, 2016, 0, "2017-03-15")]
    per_page = 4
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    for number, chunk in enumerate(pages, 1):
        name = f"{channel}.html" if number == 1 else f"{channel}_{number}.html"
        list_url = f"http://{host.name}/channels/{name}"
        lis = ""
        for index, item in enumerate(chunk):
            doc_id = 400181 + number * 10 + index
            art = f"/contents/{channel}/{doc_id}.html"
            files, attach = [], ""
            if item.attachment:
                y, m, d = ymd(item.published)
                fpath = f"/uploadfile/{y}/{m}{d}/{y}{m}{d}09351{doc_id}.{item.attachment}"
                files = [(fpath, *attachment_bytes(item, art))]
                attach = f"<p><a href='{fpath}'>{item.title}.{item.attachment}</a></p>"
            site.publish(art, item, list_url=list_url, files=files, attach_html=attach, container="div class='text'",
                         index_no=f"005452110-00000-{item.published[:4]}-{doc_id % 100000:05d}")
            lis += f"<li><a href='{art}' target='_blank'>{html.escape(item.title)}<span>{item.published}</span></a></li>"
        first, last = f"{channel}.html", f"{channel}_{len(pages)}.html"
        nav = f"<a href='{first}'>首页</a>"
        if number > 1:
            nav += f" <a href='{first if number == 2 else f'{channel}_{number - 1}.html'}'>上一页</a>"
        if number < len(pages):
            nav += f" <a href='{channel}_{number + 1}.html'>下一页</a>"
        nav += f" <a href='{last}'>尾页</a>"
        site.list_page(f"/channels/{name}", "政府信息公开年报", f"<div class='channel-fr'><ul>{lis}</ul></div>",
                       f"<div class='page'><span class='total'>当前第 {number}/{len(pages)} 页</span> {nav}</div>")
        if number == 2:  # the header says UTF-8, the bytes (and the <meta>) are GBK (§3.1)
            listed = host.routes[f"/channels/{name}"]
            listed.body = listed.body.decode().replace("charset=utf-8", "charset=gbk").encode("gbk")


# ---------------------------------------------------------------- 博达 VSB: meta-refresh shell, next-link-only pager
def vsb_county(world: World) -> None:
    agency, unit = "镇源县人民政府", "镇源县人民政府"
    host = world.host("www.zhenyuanx.gov.cn")
    site = Site(world, host, agency, "next-link", "/xxgk/")
    world.sources.append(Source(agency, f"http://{host.name}/xxgk/", "522625", "county", "黔东市人民政府"))
    host.page("/xxgk/", "<html><head><meta http-equiv='refresh' content='0;url=/xxgk/ndbg.htm'></head><body></body></html>")
    host.routes["/robots.txt"] = Response(200, b"User-agent: *\nDisallow: /system/\n", {"Content-Type": "text/plain"})
    items = [report(unit, 2025, 0, "2026-01-21"), noise("一图读懂", unit, 2025, "2026-01-22"),
             noise("网站年度报表", "镇源县人民政府网站", 2025, "2026-01-15"), report("镇源县水利局", 2024, 0, "2025-01-27", attachment="pdf", body_in_html=False),
             report(unit, 2024, 1, "2025-03-20"), report(unit, 2023, 0, "2024-03-21"), noise("通知", "黔东市人民政府办公室", 2023, "2023-12-08"),
             report(unit, 2021, 5, "2022-03-24"), report(unit, 2020, 0, "2021-03-19")]
    per_page = 4
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    total = len(pages)
    # VSB numbers deeper pages downwards: ndbg.htm, ndbg/{total-1}.htm, …, ndbg/1.htm
    paths = ["/xxgk/ndbg.htm"] + [f"/xxgk/ndbg/{total - k}.htm" for k in range(1, total)]
    for number, chunk in enumerate(pages):
        path = paths[number]
        list_url = f"http://{host.name}{path}"
        lis = ""
        for index, item in enumerate(chunk):
            art = f"/info/11972/{976112 + number * 10 + index}.htm"
            files, attach = [], ""
            if item.attachment:
                fpath = f"/__local/{hexid(art)[:1].upper()}/{hexid(art)[1:3].upper()}/{hexid(art)[3:35].upper()}.pdf"
                files = [(fpath, *attachment_bytes(item, art))]
                attach = f"<p>附件【<a href='{fpath}'>{item.title}.pdf</a>】</p>"
            site.publish(art, item, list_url=list_url, files=files, attach_html=attach, container="div class='v_news_content'",
                         index_no=f"{hexid(unit)[:9]}/{item.published[:4]}-000{index}")
            y, m, d = ymd(item.published)
            rel = ("../.." if path.count("/") == 3 else "..") + art  # relative hrefs climbing out of the column
            lis += f"<li><a href='{rel}' title='{item.title}'>{short(item.title)}</a><em>{y}/{m}/{d}</em></li>"
        links = ""
        if number > 0:
            links += f"<a href='{'../ndbg.htm' if number == 1 else f'{total - number + 1}.htm'}'>上一页</a> "
        if number < total - 1:
            links += f"<a href='{'ndbg/' if number == 0 else ''}{total - number - 1}.htm'>下一页</a>"
        site.list_page(path, "政府信息公开年报", f"<ul class='list'>{lis}</ul>", f"<div class='pb_sys_common'>{links}</div>")
        if number == 0:
            host.routes[path].body = b"\xef\xbb\xbf" + host.routes[path].body  # a UTF-8 BOM (§3.1)


# ---------------------------------------------------------------- obstacles: 412 challenge, robots Disallow: /
def challenged_county(world: World) -> None:
    """Every path answers 412 with an obfuscated JS cookie challenge (瑞数-style, §3.2)."""
    agency = "红原县人民政府"
    host = world.host("www.hongyuanx.gov.cn")
    world.sources.append(Source(agency, f"http://{host.name}/zwgk/zfxxgknb/", "513233", "county", "阿坝州人民政府"))
    world.sites.append({"agency": agency, "host": host.name, "entry": f"http://{host.name}/zwgk/zfxxgknb/", "pager": "blocked"})
    world.blocked_hosts.append(host.name)
    challenge = (b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'></head><body>"
                 b"<script>var _$ts=window['$_ts'];if(!_$ts)_$ts={};_$ts.nsd=84176;_$ts.cd='qqlErrAlqEqjrrAlDGGmcqGh';"
                 b"</script><script src='/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js' r='m'></script></body></html>")

    def challenged(request: Request) -> Response:
        return Response(412, challenge, {"Content-Type": "text/html", "Set-Cookie": "FSSBBIl1UgzbN7N80S=Zx9Q3; Path=/; HttpOnly"})
    host.serve = challenged  # type: ignore[method-assign]


def robots_district(world: World) -> None:
    """robots.txt says ``Disallow: /``; the reports exist but a polite crawler must not fetch them."""
    agency = "顺平区人民政府"
    host = world.host("www.shunpingq.gov.cn")
    world.sources.append(Source(agency, f"http://{host.name}/zfxxgk/zfxxgknb/index.html", "130636", "county", "保中市人民政府"))
    world.sites.append({"agency": agency, "host": host.name, "entry": f"http://{host.name}/zfxxgk/zfxxgknb/index.html", "pager": "robots"})
    world.robots_hosts.append(host.name)
    host.routes["/robots.txt"] = Response(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"})
    host.page("/zfxxgk/zfxxgknb/index.html", docs.simple_page("政府信息公开年报",
              "<ul><li><a href='./202401/t20240122_1.html'>顺平区人民政府2023年政府信息公开工作年度报告</a></li></ul>"))
    host.page("/zfxxgk/zfxxgknb/202401/t20240122_1.html", docs.simple_page("顺平区人民政府2023年政府信息公开工作年度报告",
                                                                          docs.report_body(agency, 2023)))


def cookie_shell_city(world: World) -> None:
    """A ~380-byte shell that sets ``C3VK`` by script and reloads (§3.2); a client without JS loops."""
    shell = (b"<html><head><meta charset='utf-8'></head><body><script>var x=\"8f3a1c7d20e4\";"
             b"document.cookie=\"C3VK=\"+x+\"; path=/; max-age=300\";window.location.reload();</script></body></html>")
    fenced_host(world, "怀安市人民政府", "www.huaianx.gov.cn", "/zwgk/xxgk/zfxxgknb/", Response(200, shell, {"Content-Type": "text/html; charset=utf-8"}))


def slider_captcha_city(world: World) -> None:
    """A slider-CAPTCHA interstitial answered with 200 (Ningxia, §3.2)."""
    page = ("<html><head><meta charset='utf-8'><title>请稍候…</title></head><body><div class='puzzle-vcode'>"
            "<p>请稍候…</p><p>拖动下方滑块完成拼图</p><canvas id='puzzle'></canvas></div>"
            "<script>window._$ts=window._$ts||[];_$ts.push('" + "a9" * 2000 + "');</script></body></html>")
    fenced_host(world, "黔中市人民政府", "www.qianzhongx.gov.cn", "/zwgk/zfxxgk/zfxxgknb/",
                Response(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"}))


def fenced_host(world: World, agency: str, name: str, path: str, answer: Response) -> None:
    host = world.host(name)
    world.sources.append(Source(agency, f"http://{name}{path}", "", "city", ""))
    world.sites.append({"agency": agency, "host": name, "entry": f"http://{name}{path}", "pager": "blocked"})
    world.blocked_hosts.append(name)
    host.serve = lambda request: answer  # type: ignore[method-assign]


BUILDERS = [trs_table_county, trs_years_city, cchannel_county, hanweb_district, gkmlpt_district, wanhu_county,
            vsb_county, challenged_county, robots_district, cookie_shell_city, slider_captcha_city]
