"""More portals: Guangdong NFCMS lists, an Anhui-style ``pageIndex`` platform with a PDF viewer,
a Shaanxi ``N.html`` list behind a JS redirect with stub deep pages, and a Hanweb column page
that *is* the report (portal-patterns §1.4, §1.5, §1.1, §2.2 item 7, §3.6, §3.9)."""

from __future__ import annotations

from altfarm import docs
from altfarm.sites import Doc, Site, attachment_file, hexid, noise, paged, report, short, ymd
from altfarm.world import Request, Response, Source, World


def nfcms_department(world: World) -> None:
    """index.html, index_2.html, index_3.html (1-based after the first); protocol-relative hrefs;
    an ``mpost_`` mobile twin; one item on the city portal's host (an aggregated copy); a spam
    clone of a report linked from a detail page, which must never be fetched."""
    agency, unit = "汕江市统计局", "汕江市统计局"
    host = world.host("tjj.shanjiang.gov.cn")
    host.force_gzip = True  # gzip whatever the request asked (CNIPA, §3.1)
    portal = world.host("www.shanjiang.gov.cn")
    column = "/zwgk/xxgknb/"
    site = Site(world, host, agency, "nfcms", column + "index.html")
    world.sources.append(Source(agency, f"http://{host.name}{column}index.html", "", "department", "汕江市人民政府"))
    items: list[Doc | str] = [
        report(unit, 2025, 0, "2026-01-22", attachment="pdf"),
        "mpost",
        noise("解读", unit, 2025, "2026-01-23"),
        report(unit, 2024, 1, "2025-01-17"),
        "portal",
        noise("网站年度报表", "汕江市统计局网站", 2024, "2025-01-10"),
        report(unit, 2023, 0, "2024-01-25", attachment="pdf", body_in_html=False),
        report(unit, 2022, 3, "2023-01-19"),
        noise("通知", "汕江市政务服务数据管理局", 2022, "2022-12-15"),
    ]
    per_page = 4
    pages = paged(items, per_page)
    last = {"post": 0, "date": ""}  # the article listed before an mpost twin
    for number, chunk in enumerate(pages, 1):
        name = "index.html" if number == 1 else f"index_{number}.html"
        list_url = f"http://{host.name}{column}{name}"
        lis = ""
        for index, item in enumerate(chunk):
            if item == "mpost":
                lis += _mpost_item(world, site, unit, column, list_url, last)
            elif item == "portal":  # the report of 2024 of the 本级 government, listed from the portal (another host)
                doc = report("汕江市人民政府", 2024, 0, "2025-03-30")
                path = "/zwgk/zfxxgknb/content/post_9470001.html"
                url = site.publish(path, doc, list_url=list_url, container="div class='article-content'", on=portal)
                lis += (
                    f"<li><a href='{url}' title='{doc.title}'>{short(doc.title)}</a><span>{doc.published}</span></li>"
                )
            else:
                lis += _post_item(world, site, column, list_url, item, number, index, last)
        links = "<a href='index.html'>首页</a> " + (
            f"<a href='index_{number + 1}.html'>下一页</a> " if number < len(pages) else ""
        )
        site.list_page(
            column + name,
            "政府信息公开年报",
            f"<div class='list'><ul>{lis}</ul></div>",
            "<script>var NFCMS_SITE_ID=755001;</script>"
            f"<div class='page'>{links}<a href='index_{len(pages)}.html'>尾页</a> 共{len(pages)}页</div>",
        )


def _mpost_item(world: World, site: Site, unit: str, column: str, list_url: str, last: dict) -> str:
    """The mobile twin (mpost_) of the previous article, listed again."""
    host = site.host
    twin = f"{column}content/mpost_{last['post']}.html"
    prev = next(r for r in reversed(world.reports) if r["kind"] == "page")
    host.page(twin, docs.simple_page(prev["title"], docs.report_body(unit, prev["year"])))
    world.noise_item(
        f"http://{host.name}{twin}", site=site.agency, reason="mpost twin", title=prev["title"], listed_on=list_url
    )
    return (
        f"<li><a href='//{host.name}{twin}' title='{prev['title']}'>{short(prev['title'])}（移动版）</a>"
        f"<span>{last['date']}</span></li>"
    )


def _post_item(
    world: World, site: Site, column: str, list_url: str, item: Doc, number: int, index: int, last: dict
) -> str:
    """An NFCMS post (its attachment, on the first page a spam clone linked from it) and its list item."""
    host = site.host
    last["post"] = post = 9469010 + number * 10 + index
    art = f"{column}content/post_{post}.html"
    files, after = [], ""
    if item.attachment:
        attach_id = 585885 + index
        fpath = f"/attachment/0/{attach_id // 1000}/{attach_id}/{post}.pdf"
        files = [attachment_file(item, fpath, art)]
        after = f"<div class='tyxxy_fj'>附件：<a href='{fpath}'>{item.title}.pdf</a></div>"
    if number == 1 and index == 0:  # a spam clone of this page on a gambling domain (§3.9)
        clone = f"http://www.365betzf.com{art}"
        world.noise_item(clone, site=site.agency, reason="spam clone", title=item.title, listed_on=None)
        after += f"<div class='xglj'>相关链接：<a href='{clone}'>{item.title}</a></div>"
    site.publish(
        art,
        item,
        list_url=list_url,
        files=files,
        after_body=after,
        container="div class='tyxxy_main'",
        index_no=f"11440500007{post}/{item.published[:4]}-{index:05d}",
        extra_head=f"<meta name='ArticleId' content='{post}'>",
    )
    last["date"] = item.published
    return (
        f"<li><a href='//{host.name}{art}' title='{item.title}'>{short(item.title)}</a>"
        f"<span>{item.published}</span></li>"
    )


def anhui_county(world: World) -> None:
    """``/public/column/<site>?type=4&catId=…&action=list&pageIndex=N`` (1-based), rows of
    ``table.r_xh_b``; one report shown through a pdf.js viewer whose file is only in ``?file=``."""
    agency, unit = "舒乡县人民政府", "舒乡县人民政府"
    host = world.host("www.shuxiang.gov.cn")
    entry = "/public/column/6596?type=4&catId=7052&action=list&nav=3"
    site = Site(world, host, agency, "pageIndex", entry)
    world.sources.append(Source(agency, f"http://{host.name}{entry}", "341523", "county", "六合市人民政府"))
    items = _shuxiang_items(unit)
    per_page = 4
    pages = paged(items, per_page)
    bodies: dict[int, str] = {}
    for number, chunk in enumerate(pages, 1):
        list_url = f"http://{host.name}{entry}&pageIndex={number}"
        rows = ""
        for index, item in enumerate(chunk):
            doc_id = 565412321 + number * 10 + index
            art = f"/public/6596/{doc_id}.html"
            files, attach = [], ""
            if item.attachment == "pdf":  # the viewer hides the file's URL in its query string (§3.8)
                fpath = f"/group1/M00/02/3A/{hexid(art)[:22]}.pdf"
                files = [attachment_file(item, fpath, art)]
                attach = f"<iframe src='/static/pdfjs/web/viewer.html?file={fpath}' width='100%' height='800'></iframe>"
            elif item.attachment:  # Anhui 2024 "含 docx 全文下载"
                fpath = f"/group1/M00/02/3B/{hexid(art)[:22]}.docx"
                files = [attachment_file(item, fpath, art)]
                attach = f"<p class='fj'><a href='{fpath}' title='{item.title}.docx'>全文下载</a></p>"
            site.publish(
                art,
                item,
                list_url=list_url,
                files=files,
                attach_html=attach,
                container="div class='wzcon j-fontContent'",
                index_no=f"11341523003{doc_id % 10000}/{item.published[:4]}-{index:05d}",
                extra_head=f"<meta name='HtmlGenerateTime' content='{item.published} 10:00:00'>",
            )
            rows += (
                f"<tr><td><div class='title'><a href='{art}' title='{item.title}'>{short(item.title)}</a></div></td>"
                f"<td><span>{item.published}</span></td></tr>"
            )
        pager = "".join(
            f"<a href='?type=4&amp;catId=7052&amp;action=list&amp;nav=3&amp;pageIndex={k}'>{k}</a> "
            for k in range(1, len(pages) + 1)
        )
        bodies[number] = (
            f"<table class='r_xh_b'>{rows}</table><div class='pagination'>{pager}"
            f"<span>共{len(items)}条 {len(pages)}页</span></div>"
        )
    host.page("/static/pdfjs/web/viewer.html", docs.simple_page("PDF.js viewer", "<div id='viewerContainer'></div>"))

    def column(request: Request) -> Response:
        try:
            number = int(request.query.get("pageIndex", "1") or 1)
        except ValueError:
            number = 1
        text = site.list_html("政府信息公开年报", bodies.get(number, "<table class='r_xh_b'></table>"), "")
        return Response(200, text.encode(), {"Content-Type": "text/html; charset=utf-8"})

    host.handlers["/public/column/6596"] = column


def _shuxiang_items(unit: str) -> list[Doc]:
    """The 年报 list, newest first."""
    return [
        report(unit, 2025, 0, "2026-01-27"),
        noise("一图读懂", unit, 2025, "2026-01-28"),
        report("舒乡县城关镇人民政府", 2024, 1, "2025-01-21", attachment="pdf"),
        report(unit, 2024, 0, "2025-03-26", attachment="docx"),
        noise("通知", "六合市政务公开办公室", 2024, "2024-12-02"),
        report(unit, 2023, 5, "2024-03-28"),
        report("舒乡县民政局", 2023, 3, "2024-01-26"),
        report(unit, 2016, 0, "2017-03-10"),
        report(unit, 2019, 0, "2020-03-30"),
    ]


def shaanxi_department(world: World) -> None:
    """A JS ``location.replace`` shell in front of ``1.html``, ``2.html``…; the total is in
    ``parseInt('5')`` but only 3 pages are published (the deep ones 404, §1.1 "stub deep pages");
    snowflake-id articles; a GBK-less page whose charset is only in <meta> (no header charset)."""
    agency, unit = "延川县教育局", "延川县教育局"
    host = world.host("jyj.yanchuanx.gov.cn")
    column = "/zfxxgk/zfxxgknb/"
    site = Site(world, host, agency, "N.html", column)
    world.sources.append(Source(agency, f"http://{host.name}{column}", "", "department", "延川县人民政府"))
    host.page(column, "<html><head><script>window.location.replace('1.html');</script></head><body></body></html>")
    items = [
        report(unit, 2025, 0, "2026-01-19"),
        report(unit, 2024, 0, "2025-01-20", attachment="pdf", body_in_html=False),
        noise("图解", unit, 2024, "2025-01-21"),
        report(unit, 2023, 2, "2024-01-24"),
        report(unit, 2022, 1, "2023-01-18"),
        noise("网站年度报表", "延川县教育局网站", 2022, "2023-01-12"),
        report(unit, 2020, 0, "2021-01-28", attachment="zip", body_in_html=False),
    ]
    per_page = 3
    pages = paged(items, per_page)
    for number, chunk in enumerate(pages, 1):
        list_url = f"http://{host.name}{column}{number}.html"
        lis = ""
        for index, item in enumerate(chunk):
            art = f"{column}{1906985018193408001 + number * 1000 + index}.html"
            files, attach = [], ""
            if item.attachment:
                fpath = f"/upload/file/{item.published[:4]}/{1906985018193500000 + index}.{item.attachment}"
                files = [attachment_file(item, fpath, art)]
                attach = f"<p>附件：<a href='{fpath}' download>{item.title}.{item.attachment}</a></p>"
            site.publish(
                art,
                item,
                list_url=list_url,
                files=files,
                attach_html=attach,
                container="div class='article-con'",
                index_no=f"61062500{number}/{item.published[:4]}-{index:05d}",
                meta=False,
            )
            if item.attachment == "zip":  # a raw GBK filename in Content-Disposition (§3.8)
                raw = f'attachment; filename="{item.title}.zip"'.encode("gbk").decode("latin-1")
                host.routes[fpath].headers["Content-Disposition"] = raw
            y, m, d = ymd(item.published)
            lis += f"<li><a href='{art}' title='{item.title}'>{short(item.title)}</a><span>{y}-\n{m}-\n{d}</span></li>"
        site.list_page(
            f"{column}{number}.html",
            "政府信息公开年报",
            f"<div class='m-lst'><ul>{lis}</ul></div>",
            f"<script>var total = parseInt('5'); var cur = {number};</script><div id='pager'></div>",
        )
        response = host.routes[f"{column}{number}.html"]
        response.headers["Content-Type"] = "text/html"  # charset only in <meta> (§3.1)


def hanweb_column_is_report(world: World) -> None:
    """The column page's body *is* the 2024 report (Jiangsu 交通运输厅 col90231, §2.2 item 7)."""
    agency = "淮南市交通运输局"
    host = world.host("jtj.huainanx.gov.cn")
    path = "/col/col90231/index.html"
    site = Site(world, host, agency, "column-is-report", path)
    world.sources.append(Source(agency, f"http://{host.name}{path}", "", "department", "淮南市人民政府"))
    doc = report(agency, 2024, 1, "2025-01-23")
    site.publish(
        path,
        doc,
        list_url=None,
        container="div class='bt-box-main'",
        index_no="014416330/2025-00012",
        extra_head="<meta name='ColId' content='90231'>",
    )


BUILDERS = [nfcms_department, anhui_county, shaanxi_department, hanweb_column_is_report]
