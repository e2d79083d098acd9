"""altfarm's TRS WCM portals: a county with <table> rows and .htm pages, a city with year folders
and 本级/部门/乡镇 lists in GBK (portal-patterns §1.1)."""

from __future__ import annotations

import threading

from altfarm import docs
from altfarm.sites import NAV, Doc, Site, attachment_bytes, hexid, noise, paged, report, short, ymd
from altfarm.world import Host, Request, Response, Source, World


# ---------------------------------------------------------------- TRS WCM, <table> rows, .htm, var countPage
def trs_table_county(world: World) -> None:
    """Home → 政府信息公开 → 政府信息公开年报; rows in a <table> with [YYYY-MM-DD]; .htm files;
    ``var countPage = 3; var currentPage = 0;`` before createPageHTML; page 2 is index_1.htm;
    _wap twins, a repost of a ministry's report, P0….pdf attachments beside the article."""
    agency, unit = "青水县人民政府", "青水县人民政府"
    host = world.host("www.qingshui.gov.cn")
    site = Site(world, host, agency, "trs4", "/")
    world.sources.append(Source(agency, "http://www.qingshui.gov.cn/", "520625", "county", "黔中市人民政府"))
    _qingshui_front(host, agency)
    items = _qingshui_items(unit)
    per_page, column = 5, "/zfxxgk/gknb/"
    pages = paged(items, per_page)
    last = {"url": "", "date": ""}  # the article listed before a _wap twin
    for number, chunk in enumerate(pages):
        name = "index.htm" if number == 0 else f"index_{number}.htm"
        list_url = f"http://{host.name}{column}{name}"
        rows = ""
        for index, item in enumerate(chunk):
            if item == "wap":
                rows += _wap_row(world, site, unit, column, list_url, last)
            else:
                rows += _table_row(site, unit, column, list_url, item, number, index, last)
        pager = (
            f"<div class='page'><script>var countPage = {len(pages)}; var currentPage = {number};"
            f'createPageHTML(countPage, currentPage, "index", "htm");</script></div>'
        )
        site.list_page(column + name, "政府信息公开年报", f"<table class='list-table'>{rows}</table>", pager)


def _qingshui_front(host: Host, agency: str) -> None:
    """Home, 政务动态, 政府信息公开 and its 法定主动公开内容 page."""
    host.page(
        "/",
        docs.simple_page(
            agency,
            "<div class='nav'><a href='/'>首页</a> <a href='/zwdt/'>政务动态</a> "
            "<a href='/zfxxgk/'>政府信息公开</a> <a href='/hdjl/'>互动交流</a></div>",
        ),
    )
    host.routes["/index.html"] = host.routes["/"]
    host.page(
        "/zwdt/",
        docs.simple_page("政务动态", "<ul><li><a href='/zwdt/202401/t20240102_1.htm'>县长调研春耕</a></li></ul>"),
    )
    host.page(
        "/zfxxgk/",
        docs.simple_page(
            "政府信息公开",
            "<ul>"
            + "".join(f"<li><a href='./{slug}/index.html'>{label}</a></li>" for label, slug in NAV[:3])
            + "<li><a href='./fdzdgknr/index.htm'>法定主动公开内容</a></li>"
            "<li><a href='./gknb/index.htm'>政府信息公开年报</a></li></ul>",
        ),
    )
    host.page("/zfxxgk/fdzdgknr/index.htm", docs.simple_page("法定主动公开内容", "<p>机构职能</p>"))


def _qingshui_items(unit: str) -> list[Doc | str]:
    """The 年报 list, newest first; "wap" lists the previous article's mobile twin again."""
    return [
        report(unit, 2025, 0, "2026-01-20", attachment="pdf"),
        "wap",
        noise("通知", "黔中市人民政府办公室", 2025, "2025-12-10"),
        report(unit, 2024, 1, "2025-03-28"),
        "wap",
        noise("转载", "", 2023, "2024-02-01"),
        report(unit, 2023, 3, "2024-01-26", attachment="docx", body_in_html=False),
        noise("网站年度报表", "青水县人民政府网站", 2023, "2024-01-18"),
        report(unit, 2022, 5, "2023-01-29"),
        report(unit, 2021, 0, "2022-03-15", attachment="pdf"),
        report(unit, 2020, 4, "2021-04-02"),
        report(unit, 2016, 0, "2017-03-30"),
    ]


def _wap_row(world: World, site: Site, unit: str, column: str, list_url: str, last: dict) -> str:
    """The mobile twin of the previous article, listed again (Chongqing, §1.1)."""
    host = site.host
    wap = last["url"].replace(".htm", "_wap.htm")
    path = wap.split(host.name, 1)[1]
    prev = world.reports[-1] if world.reports[-1]["kind"] == "page" else world.reports[-2]
    host.page(
        path,
        docs.simple_page(
            prev["title"],
            docs.report_body(unit, prev["year"]),
            head="<meta name='viewport' content='width=device-width'>",
        ),
    )
    world.noise_item(wap, site=site.agency, reason="_wap twin", title=prev["title"], listed_on=list_url)
    return (
        f"<tr><td><a href='./{wap.rsplit(column, 1)[1]}' title='{prev['title']}'>{short(prev['title'])}</a></td>"
        f"<td>[{last['date']}]</td></tr>"
    )


def _table_row(
    site: Site, unit: str, column: str, list_url: str, item: Doc, number: int, index: int, last: dict
) -> str:
    """An article (with its P0… attachment beside it) and its row in the list."""
    y, m, d = ymd(item.published)
    art = f"{y}{m}/t{y}{m}{d}_{1178100 + number * 10 + index}.htm"
    files, attach = [], ""
    if item.attachment:
        name_cn = f"{item.title}.{item.attachment}"
        p0 = f"P0{y}{m}{d}{int(hexid(art), 16) % 10**12:012d}.{item.attachment}"
        data, ctype = attachment_bytes(item, art)
        files = [(f"{column}{y}{m}/{p0}", data, ctype)]
        attach = (
            f"<p>附件：<a appendix='true' needdownload='true' href='./{p0}' title='{name_cn}' "
            f"download='{name_cn}'>{name_cn}</a></p>"
        )
    last["url"] = site.publish(
        column + art,
        item,
        list_url=list_url,
        files=files,
        attach_html=attach,
        container="div id='zoom' class='trs_editor_view TRS_UEDITOR trs_paper_default trs_web'",
        index_no=f"{hexid(unit)[:9]}/{y}-{index + 1:05d}",
        meta=index % 3 != 2,
    )
    last["date"] = item.published
    return (
        f"<tr><td><a href='./{art}' target='_blank' title='{item.title}'>{short(item.title)}</a></td>"
        f"<td>[{item.published}]</td></tr>"
    )


# ---------------------------------------------------------------- TRS .shtml, year sub-columns, 本级/部门/乡镇, GBK
def trs_years_city(world: World) -> None:
    """Column → year sub-columns (folders by *publish* year) → 本级/部门/乡镇 lists; GBK bytes
    declared gb2312 with a GBK-only character (堃); one list page answers 500 once."""
    agency = "白河市人民政府"
    host = world.host("www.baihe.gov.cn", encoding="gbk", declared="gb2312")
    column = "/zwgk/zfxxgknb/"
    site = Site(world, host, agency, "trs4-years", column + "index.shtml")
    world.sources.append(Source(agency, f"http://{host.name}{column}index.shtml", "410800", "city", "河中省人民政府"))
    tree = _baihe_tree(agency)
    site.list_page(
        column + "index.shtml",
        "政府信息公开年报",
        "<div class='sub-col'>"
        + "".join(f"<a href='./{folder}/index.shtml'>{label}</a> " for folder, (label, _) in tree.items())
        + "</div>",
        "",
    )
    counter = 3271100
    for folder, (year_label, splits) in tree.items():
        if "" not in splits:
            site.list_page(
                f"{column}{folder}/index.shtml",
                f"{year_label}政府信息公开年报",
                "<ul class='sub-col'>"
                + "".join(f"<li><a href='./{key}/index.shtml'>{YEARS_LABELS[key]}</a></li>" for key in splits)
                + "</ul>",
                "",
            )
        for key, items in splits.items():
            counter = _trs_years_list(
                site, f"{column}{folder}/{key + '/' if key else ''}", key, year_label, items, counter
            )
    _broken_once(host, f"{column}2024n/bm/index_1.shtml")  # 500 once, then fine (a retry must get it)


def _baihe_tree(agency: str) -> dict[str, tuple[str, dict[str, list[Doc]]]]:
    """Year folders (by publish year) → 本级/部门/乡镇 lists, newest first."""
    return {
        "2024n": (
            "2024年",
            {
                "szf": [
                    report(agency, 2023, 1, "2024-03-27", attachment="pdf"),
                    noise("网站年度报表", "白河市人民政府门户网站", 2023, "2024-01-20"),
                ],
                "bm": [
                    report("白河市统计局", 2023, 0, "2024-01-15"),
                    noise("解读", "白河市统计局", 2023, "2024-01-16"),
                    report("白河市教育局", 2023, 3, "2024-01-25"),
                    report("白河市医疗保障局", 2023, 2, "2024-01-30"),
                ],
                "xzjd": [report("堃山镇人民政府", 2023, 0, "2024-01-29")],
            },
        ),
        "2023n": (
            "2023年",
            {
                "szf": [report(agency, 2022, 0, "2023-03-30", attachment="docx", body_in_html=False)],
                "bm": [report("白河市财政局", 2022, 5, "2023-01-31")],
                "xzjd": [report("堃山镇人民政府", 2022, 1, "2023-02-10")],
            },
        ),
        "2022nyq": (
            "2022年及以前",
            {
                "": [
                    report(agency, 2021, 0, "2022-03-29"),
                    noise("通知", "白河市政务公开办", 2021, "2021-12-20"),
                    report(agency, 2020, 0, "2021-03-26"),
                    report(agency, 2016, 0, "2017-03-28"),
                ]
            },
        ),
    }


YEARS_LABELS = {"szf": "本级政府", "bm": "部门", "xzjd": "乡镇（街道）"}


def _trs_years_list(site: Site, directory: str, key: str, year_label: str, items: list[Doc], counter: int) -> int:
    """One 本级/部门/乡镇 list of a year folder, three items a page; returns the last article id."""
    per_page = 3
    pages = paged(items, per_page)
    for number, chunk in enumerate(pages):
        name = "index.shtml" if number == 0 else f"index_{number}.shtml"
        list_url = f"http://{site.host.name}{directory}{name}"
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
            site.publish(
                directory + art,
                item,
                list_url=list_url,
                files=files,
                attach_html=attach,
                container="div class='TRS_Editor'",
                index_no=f"11410800MB0{counter}/{y}-00{counter % 1000}",
                breadcrumb=f"政府信息公开年报 &gt; {year_label} &gt; {YEARS_LABELS.get(key, '')}",
            )
            lis += (
                f"<li><a href='./{art}' title='{item.title}'>{short(item.title)}</a><span>{item.published}</span></li>"
            )
        pager = f'<div class=\'page\'><script>createPageHTML({len(pages)}, {number}, "index", "shtml");</script></div>'
        site.list_page(
            directory + name, YEARS_LABELS.get(key, year_label), f"<div class='list'><ul>{lis}</ul></div>", pager
        )
    return counter


def _broken_once(host: Host, path: str) -> None:
    """The page answers 500 once, then as it should."""
    good, lock, served = host.routes[path], threading.Lock(), []

    def once_broken(request: Request) -> Response:
        with lock:
            served.append(1)
            if len(served) == 1:
                return Response(
                    500, b"<html><body>500 Internal Server Error</body></html>", {"Content-Type": "text/html"}
                )
        return good

    host.handlers[path] = once_broken
