"""altfarm's portals of the other statically published families: c-channel, 万户 and 博达 VSB
(portal-patterns §1.2, §1.6, §1.7; TRS WCM is in ``trs_portals``)."""

from __future__ import annotations

import html

from altfarm import docs
from altfarm.sites import Doc, Site, attachment_file, hexid, noise, paged, report, short, ymd
from altfarm.world import Host, Response, Source, World


# ---------------------------------------------------------------- c-channel .shtml, 6-arg page_div pager
def cchannel_county(world: World) -> None:
    agency, unit = "沅溪县人民政府", "沅溪县人民政府"
    host = world.host("www.yuanxi.gov.cn")
    column = "/yuanxi/c101039/"
    site = Site(world, host, agency, "page_div", column + "xlist.shtml")
    world.sources.append(Source(agency, f"http://{host.name}{column}xlist.shtml", "431227", "county", "怀安市人民政府"))
    items = _yuanxi_items(unit)
    mirror = _big5_mirror(world, host, agency, column)
    per_page = 4
    pages = paged(items, per_page)
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
                files = [attachment_file(item, fpath, key)]
                after = (
                    f"<div class='fj'>相关附件：<span id='appendix'><a href='{fpath}'>{item.title}.pdf</a></span></div>"
                )
            site.publish(
                art,
                item,
                list_url=list_url,
                files=files,
                after_body=after,
                container="div id='UCAP-CONTENT'",
                index_no=f"431227-{y}-{int(key[:6], 16) % 1000:03d}",
            )
            lis += (
                f"<li><h4><a href='{art}' title='{item.title}'>{short(item.title, 22)}</a></h4>"
                f"<span class='date'>{item.published}</span></li>"
            )
        pager = (
            f"<div id='page_div'></div><script>createPageHTML('page_div', {len(pages)}, {number}, 'xlist', 'shtml', "
            f"{len(items)});</script>"
        )
        site.list_page(
            column + name,
            "政府信息公开年报",
            f"<div class='fanti'><a href='{mirror}xlist.shtml'>繁體</a></div><div class='list'><ul>{lis}</ul></div>",
            pager,
        )


def _big5_mirror(world: World, host: Host, agency: str, column: str) -> str:
    """The traditional-Chinese conversion proxy (§3.1): a big5 twin of the list and of two reports."""
    mirror = f"/gate/big5/{host.name}{column}"
    twins = [
        (f"{mirror}202601/{hexid(agency, 'big5', 1)}.shtml", "沅溪縣人民政府2025年政府信息公開工作年度報告"),
        (f"{mirror}202103/{hexid(agency, 'big5', 2)}.shtml", "沅溪縣人民政府2020年度政府信息公開工作年度報告"),
    ]
    for path, title in twins:
        host.file(
            path,
            docs.simple_page(title, "<p>一、總體情況</p>", charset="big5").encode("big5"),
            "text/html; charset=big5",
        )
        world.noise_item(f"http://{host.name}{path}", site=agency, reason="big5 mirror", title=title)
    host.file(
        f"{mirror}xlist.shtml",
        docs.simple_page(
            "政府信息公開年報",
            "<ul>"
            + "".join(f"<li><a href='{path}' title='{title}'>{title}</a></li>" for path, title in twins)
            + "</ul>",
            charset="big5",
        ).encode("big5"),
        "text/html; charset=big5",
    )
    return mirror


def _yuanxi_items(unit: str) -> list[Doc]:
    """The 年报 list, newest first: reports, noise, a department's covering letter."""
    return [
        report(unit, 2025, 0, "2026-01-13", attachment="pdf"),
        noise("一图读懂", unit, 2024, "2025-02-11"),
        report("高椅乡人民政府", 2024, 6, "2025-01-22"),
        report(unit, 2024, 4, "2025-04-18"),
        noise("网站年度报表", "沅溪县人民政府网站", 2024, "2025-01-15"),
        report(unit, 2022, 2, "2023-01-30", attachment="pdf", body_in_html=False),
        Doc("沅溪县卫生健康局关于报送2023年政府信息公开工作年度报告的函", "沅溪县卫生健康局", "2024-01-26", 2023),
        noise("法治政府", unit, 2023, "2024-03-15"),
        noise("通知", "怀安市人民政府办公室", 2022, "2022-12-01"),
        report(unit, 2020, 1, "2021-03-31"),
        report(unit, 2019, 0, "2020-03-20"),
    ]


# ---------------------------------------------------------------- 万户 channels/<id>_N.html
def wanhu_county(world: World) -> None:
    agency, unit = "罗山县人民政府", "罗山县人民政府"
    host = world.host("www.luoshanx.gov.cn")
    channel = 12693
    site = Site(world, host, agency, "wanhu", f"/channels/{channel}.html")
    world.sources.append(
        Source(agency, f"http://{host.name}/channels/{channel}.html", "411521", "county", "信中市人民政府")
    )
    items = _luoshan_items(unit)
    per_page = 4
    pages = paged(items, per_page)
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
                files = [attachment_file(item, fpath, art)]
                attach = f"<p><a href='{fpath}'>{item.title}.{item.attachment}</a></p>"
            site.publish(
                art,
                item,
                list_url=list_url,
                files=files,
                attach_html=attach,
                container="div class='text'",
                index_no=f"005452110-00000-{item.published[:4]}-{doc_id % 100000:05d}",
            )
            lis += (
                f"<li><a href='{art}' target='_blank'>{html.escape(item.title)}<span>{item.published}</span></a></li>"
            )
        first, last = f"{channel}.html", f"{channel}_{len(pages)}.html"
        nav = f"<a href='{first}'>首页</a>"
        if number > 1:
            nav += f" <a href='{first if number == 2 else f'{channel}_{number - 1}.html'}'>上一页</a>"
        if number < len(pages):
            nav += f" <a href='{channel}_{number + 1}.html'>下一页</a>"
        nav += f" <a href='{last}'>尾页</a>"
        site.list_page(
            f"/channels/{name}",
            "政府信息公开年报",
            f"<div class='channel-fr'><ul>{lis}</ul></div>",
            f"<div class='page'><span class='total'>当前第 {number}/{len(pages)} 页</span> {nav}</div>",
        )
        if number == 2:  # the header says UTF-8, the bytes (and the <meta>) are GBK (§3.1)
            listed = host.routes[f"/channels/{name}"]
            listed.body = listed.body.decode().replace("charset=utf-8", "charset=gbk").encode("gbk")


def _luoshan_items(unit: str) -> list[Doc]:
    """The 年报 list, newest first."""
    return [
        report(unit, 2024, 0, "2025-03-25"),
        report("罗山县财政局", 2024, 0, "2025-01-26", attachment="docx", body_in_html=False),
        noise("公共企事业", "罗山县供水公司", 2024, "2025-02-10"),
        noise("解读", unit, 2024, "2025-03-26"),
        noise("通知", "信中市人民政府办公室", 2024, "2024-12-11"),
        noise("网站年度报表", "罗山县人民政府网站", 2023, "2024-01-17"),
        report(unit, 2023, 1, "2024-03-22"),
        report(unit, 2022, 4, "2023-05-10"),
        report(unit, 2021, 0, "2022-03-18", attachment="doc"),
        report(unit, 2019, 3, "2020-03-12", attachment="wps", body_in_html=False),
        report(unit, 2016, 0, "2017-03-15"),
    ]


# ---------------------------------------------------------------- 博达 VSB: meta-refresh shell, next-link-only pager
def vsb_county(world: World) -> None:
    agency, unit = "镇源县人民政府", "镇源县人民政府"
    host = world.host("www.zhenyuanx.gov.cn")
    site = Site(world, host, agency, "next-link", "/xxgk/")
    world.sources.append(Source(agency, f"http://{host.name}/xxgk/", "522625", "county", "黔东市人民政府"))
    host.page(
        "/xxgk/", "<html><head><meta http-equiv='refresh' content='0;url=/xxgk/ndbg.htm'></head><body></body></html>"
    )
    host.routes["/robots.txt"] = Response(200, b"User-agent: *\nDisallow: /system/\n", {"Content-Type": "text/plain"})
    items = [
        report(unit, 2025, 0, "2026-01-21"),
        noise("一图读懂", unit, 2025, "2026-01-22"),
        noise("网站年度报表", "镇源县人民政府网站", 2025, "2026-01-15"),
        report("镇源县水利局", 2024, 0, "2025-01-27", attachment="pdf", body_in_html=False),
        report(unit, 2024, 1, "2025-03-20"),
        report(unit, 2023, 0, "2024-03-21"),
        noise("通知", "黔东市人民政府办公室", 2023, "2023-12-08"),
        report(unit, 2021, 5, "2022-03-24"),
        report(unit, 2020, 0, "2021-03-19"),
    ]
    per_page = 4
    pages = paged(items, per_page)
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
                files = [attachment_file(item, fpath, art)]
                attach = f"<p>附件【<a href='{fpath}'>{item.title}.pdf</a>】</p>"
            site.publish(
                art,
                item,
                list_url=list_url,
                files=files,
                attach_html=attach,
                container="div class='v_news_content'",
                index_no=f"{hexid(unit)[:9]}/{item.published[:4]}-000{index}",
            )
            y, m, d = ymd(item.published)
            rel = ("../.." if path.count("/") == 3 else "..") + art  # relative hrefs climbing out of the column
            lis += f"<li><a href='{rel}' title='{item.title}'>{short(item.title)}</a><em>{y}/{m}/{d}</em></li>"
        links = ""
        if number > 0:
            links += f"<a href='{'../ndbg.htm' if number == 1 else f'{total - number + 1}.htm'}'>上一页</a> "
        if number < total - 1:
            links += f"<a href='{'ndbg/' if number == 0 else ''}{total - number - 1}.htm'>下一页</a>"
        site.list_page(
            path, "政府信息公开年报", f"<ul class='list'>{lis}</ul>", f"<div class='pb_sys_common'>{links}</div>"
        )
        if number == 0:
            host.routes[path].body = b"\xef\xbb\xbf" + host.routes[path].body  # a UTF-8 BOM (§3.1)
