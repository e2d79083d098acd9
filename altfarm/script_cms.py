"""altfarm's portals whose lists a script loads: Hanweb's jpage and dataproxy.jsp, Guangdong's
gkmlpt directory and its JSON API (portal-patterns §1.3, §1.4)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import quote

from altfarm import docs
from altfarm.sites import Doc, Site, attachment_bytes, hexid, noise, report, short, ymd
from altfarm.world import Host, Request, Response, Source, World


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
    host.page(
        "/",
        docs.simple_page(
            agency,
            "<ul class='nav'><li><a href='/'>首页</a></li><li><a href='/col/col1000/index.html'>新闻中心</a></li>"
            "<li><a href='/col/col1001/index.html'>政府信息公开</a></li></ul>",
        ),
    )
    host.page("/col/col1000/index.html", docs.simple_page("新闻中心", "<p>暂无</p>"))
    host.page(
        "/col/col1001/index.html",
        docs.simple_page(
            "政府信息公开",
            "<ul><li><a href='/col/col1002/index.html'>政府信息公开指南</a></li>"
            "<li><a href='/col/col282/index.html'>政府信息公开年报</a></li></ul>",
        ),
    )
    host.page("/col/col1002/index.html", docs.simple_page("政府信息公开指南", "<p>指南</p>"))
    world.noise_item(f"http://{host.name}/col/col1002/index.html", site=agency, reason="导航", title="政府信息公开指南")
    items = [
        report(unit, 2025, 0, "2026-01-16", attachment="pdf"),
        noise("通知", "淮南市人民政府办公室", 2025, "2025-12-05"),
        report(unit, 2024, 1, "2025-03-31", attachment="pdf", body_in_html=False),
        noise("图解", unit, 2024, "2025-04-01"),
        report("清河区卫生健康委员会", 2024, 3, "2025-01-24", attachment="docx", body_in_html=False),
        noise("网站年度报表", "清河区人民政府网站", 2024, "2025-01-20"),
        report(unit, 2023, 1, "2024-03-29"),
        noise("解读", unit, 2023, "2024-03-30"),
        report("清河区发展和改革局", 2023, 0, "2024-01-22"),
        report(unit, 2022, 2, "2023-03-30"),
        report(unit, 2016, 0, "2017-03-31"),
    ]
    list_url = f"http://{host.name}/col/col282/index.html"
    records = [_hanweb_article(site, agency, item, number, list_url) for number, item in enumerate(items)]
    records.insert(2, _annual_report_module(site, unit, list_url))
    _jpage(site, records)


def _record(url: str, title: str, published: str) -> str:
    return (
        f'<record><![CDATA[<li><a href="{url}" title="{title}" target="_blank">{short(title)}</a>'
        f"<span>{published}</span></li>]]></record>"
    )


def _hanweb_article(site: Site, agency: str, item: Doc, number: int, list_url: str) -> str:
    """An article, its attachment behind downfile.jsp, and its <record> in the list."""
    host = site.host
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
    site.publish(
        art,
        item,
        list_url=list_url,
        files=files,
        attach_html=attach,
        container="div class='main-txt'",
        index_no=f"014416330/{y}-{number + 1:05d}",
    )
    for link, _, _ in files:  # served by the downfile.jsp handler, not as a static route
        host.routes.pop(link, None)
    return _record(art, item.title, item.published)


def _annual_report_module(site: Site, unit: str, list_url: str) -> str:
    """One report is a per-unit module page keyed by query (§1.2 xxgkAnnualReport.jsp, fbtime = report year)."""
    host = site.host
    module = "/module/xxgk/xxgkAnnualReport.jsp"
    key = f"{module}?area=320812000&fbtime=2021&showType=2"
    doc = report(unit, 2021, 0, "2022-03-30")
    site.publish(key, doc, list_url=list_url, container="div class='main-txt'", index_no="014416330/2022-00031")

    def annual_report(request: Request) -> Response:
        if request.query.get("area") == "320812000" and request.query.get("fbtime") == "2021":
            return host.routes[key]
        return Response(
            200,
            docs.simple_page("政府信息公开年报", "<p>暂无数据</p>").encode(),
            {"Content-Type": "text/html; charset=utf-8"},
        )

    host.handlers[module] = annual_report
    return _record(key.replace("&", "&amp;"), doc.title, doc.published)


def _jpage(site: Site, records: list[str]) -> None:
    """The list page with the first group embedded, and dataproxy.jsp's GET answers for the others."""
    host = site.host
    per_group, params = (
        4,
        "appid=1&webid=3&path=/&columnid=282&unitid=123456&webname=%E6%B8%85%E6%B2%B3&permissiontype=0",
    )

    def datastore(group: int) -> str:
        chunk = records[group * per_group : (group + 1) * per_group]
        more = (group + 1) * per_group < len(records)
        nextgroup = f'<a href="/module/web/jpage/dataproxy.jsp?page={group + 1}&{params}"></a>' if more else ""
        return (
            f"<datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>"
            f"<recordset>{''.join(chunk)}</recordset></datastore>"
        )

    site.list_page(
        "/col/col282/index.html",
        "政府信息公开年报",
        f"<div id='123456'><script type='text/xml'>{datastore(0)}</script></div>",
        f"<script>$('#123456').jpage({{totalRecord:{len(records)}, perPage:2, groupSize:2, "
        "proxyUrl:'/module/web/jpage/dataproxy.jsp', ajaxParam:{col:1, appid:1, webid:3, path:'/', "
        "columnid:282, unitid:'123456', webname:'清河', permissiontype:0}});</script>",
        head="<meta name='ColId' content='282'>",
    )

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
        return Response(
            200, stored.body, {**stored.headers, "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
        )

    return serve


# ---------------------------------------------------------------- Guangdong gkmlpt
def gkmlpt_district(world: World) -> None:
    agency, unit = "枫溪区人民政府", "枫溪区人民政府"
    host = world.host("www.fengxi.gov.cn")
    site = Site(world, host, agency, "gkmlpt", "/gkmlpt/index")
    world.sources.append(Source(agency, f"http://{host.name}/gkmlpt/index", "440515", "county", "汕江市人民政府"))
    sid, size = "755041", 3
    tree = [
        {
            "id": 20760,
            "name": "政策文件",
            "parent": 0,
            "jump_url": "",
            "children": [{"id": 20761, "name": "规范性文件", "parent": 20760, "jump_url": "", "children": []}],
        },
        {
            "id": 20765,
            "name": "政府信息公开年报",
            "parent": 0,
            "jump_url": "",
            "children": [
                {"id": 20766, "name": "本级政府年报", "parent": 20765, "jump_url": "", "children": []},
                {"id": 20767, "name": "部门年报", "parent": 20765, "jump_url": "", "children": []},
            ],
        },
    ]
    cats = {
        20761: [noise("规范性文件", unit, 2024, "2024-03-01"), noise("规范性文件", unit, 2023, "2023-02-20")],
        20766: [
            report(unit, 2023, 1, "2024-03-28", attachment="pdf"),
            noise("解读", unit, 2023, "2024-03-29"),
            report(unit, 2022, 0, "2023-03-30"),
            report(unit, 2021, 2, "2022-03-25"),
        ],
        20767: [
            report("枫溪区教育局", 2024, 0, "2025-01-20"),
            report("枫溪区民政局", 2024, 3, "2025-01-23", attachment="docx", body_in_html=False),
            report("枫溪区司法局", 2019, 5, "2020-01-15"),
        ],
    }
    articles: dict[int, list[dict]] = {}
    post = 9103540
    for cat, items in cats.items():
        for item in items:
            post += 17
            articles.setdefault(cat, []).append(_gkmlpt_article(site, item, cat, post))
    children = {20760: [20761], 20765: [20766, 20767], 0: [20761, 20766, 20767]}
    # a JS object literal as the template writes it (§1.4): bare keys, single-quoted strings
    tree_js = re.sub(r'"(\w+)":', r"\1:", json.dumps(tree, ensure_ascii=False)).replace('"', "'")
    host.page(
        "/gkmlpt/index",
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开目录</title>"
        f"<script>window._CONFIG = {{ SID: '{sid}', TREE: {tree_js}, SERVICE_AREA_ID: 1 }};</script></head>"
        "<body><div id='app'></div><script src='/gkmlpt/static/js/app.js'></script></body></html>",
    )

    api = _gkmlpt_api(tree, articles, children, size)
    for cat in [0, 20760, 20761, 20765, 20766, 20767]:
        host.handlers[f"/gkmlpt/api/all/{cat}"] = api


def _gkmlpt_article(site: Site, item: Doc, cat: int, post: int) -> dict:
    """A post page, its attachment, and the post as the API lists it."""
    host = site.host
    path = f"/gkmlpt/content/{post // 1000000}/{post // 1000}/post_{post}.html"
    attachments, files, attach = [], [], ""
    if item.attachment:
        attach_id = 1658591 + post % 1000
        fpath = f"/attachment/{attach_id // 1000000}/{attach_id // 1000}/{attach_id}/{post}.{item.attachment}"
        data, ctype = attachment_bytes(item, str(post))
        files = [(fpath, data, ctype)]
        attachments = [
            {
                "id": attach_id,
                "name": f"{item.title}.{item.attachment}",
                "type": item.attachment,
                "mime": ctype,
                "size": str(len(data)),
                "url": f"http://{host.name}{fpath}",
            }
        ]
        if item.body_in_html:  # the Vue page renders the list; PDF-only posts show it only in the JSON
            attach = f"<div class='attachment'><a href='{fpath}'>{item.title}.pdf</a></div>"
    y, m, d = ymd(item.published)
    url = site.publish(
        path,
        item,
        list_url=f"http://{host.name}/gkmlpt/api/all/{cat}",
        files=files,
        attach_html=attach,
        container="div class='article-content'",
        index_no=f"11440515MB2C{post}/{y}-{post % 100000:05d}",
        meta=False,
    )
    stamp = int(datetime(int(y), int(m), int(d), 9).timestamp())
    return {
        "id": post,
        "title": item.title,
        "publisher": item.unit,
        "date": stamp,
        "display_publish_time": stamp,
        "identifier": f"11440515MB2C/{y}-{post % 100000:05d}",
        "url": url,
        "post_url": url,
        "attachment": attachments,
    }


def _gkmlpt_api(tree: list[dict], articles: dict[int, list[dict]], children: dict[int, list[int]], size: int):
    """The JSON API's answer: a category's (and its children's) posts, newest first, ``size`` a page."""

    def api(request: Request) -> Response:
        try:
            cat, page = int(request.path.rsplit("/", 1)[1]), int(request.query.get("page", "1"))
        except ValueError:
            return Response(400, b"{}", {"Content-Type": "application/json"})
        posts = [a for c in children.get(cat, [cat]) for a in articles.get(c, [])]
        posts.sort(key=lambda a: -a["date"])
        start = (max(page, 1) - 1) * size  # page 0 and page 1 are the same batch (§1.4)
        name = next((c["name"] for t in tree for c in [t, *t["children"]] if c["id"] == cat), "全部")
        body = {
            "classify": {"id": cat, "name": name, "post_count": len(posts)},
            "total": len(posts),
            "articles": posts[start : start + size],
        }
        return Response(
            200, json.dumps(body, ensure_ascii=False).encode(), {"Content-Type": "application/json; charset=utf-8"}
        )

    return api
