"""Hanweb JCMS: ``/col/col<id>/index.html`` columns whose list is one page that the ``jpage``
script pages through ``/module/web/jpage/dataproxy.jsp`` (XML ``<datastore>`` of ``<record>``s,
answered only to a same-site Referer), articles at ``/art/<y>/<m>/<d>/art_<col>_<id>.html``,
attachments behind ``downfile.jsp?filename=…`` (portal-patterns §1.3)."""

from __future__ import annotations

import random
from datetime import date
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from farm.families.base import NAV_SLUGS, Family
from farm.httpserver import Response
from farm.world import Column, Entry, Site, hexid

if TYPE_CHECKING:
    from farm.app import Farm
    from farm.httpserver import Request

PROXY = "/module/web/jpage/dataproxy.jsp"
DOWNFILE = "/module/download/downfile.jsp"


class Hanweb(Family):
    name = "hanweb"
    weight = 20
    server = "JCMS"
    one_page_lists = True
    hub_label = "政府信息公开年度报告"
    varied_disposition = True

    def draw_variant(self, v: dict, rng: random.Random, first: bool) -> None:
        v["hub"] = 1000 + rng.randint(0, 8000)
        v["colbase"] = rng.randint(10000, 300000)
        v["webid"] = rng.randint(1, 400)
        v["per_page"] = 5 if first else rng.choice([10, 15, 20])
        v["group"] = 3

    def placement(self, placement: str, rng: random.Random) -> str:
        if placement == "by_year" and rng.random() < 0.5:
            return "by_unit"
        return placement

    def column_report(self, rng: random.Random, flags: dict) -> bool:
        return not flags.get("column_report") or rng.random() < 0.15

    def hub_path(self, site: Site) -> str:
        return f"/col/col{site.variant['hub']}/index.html"

    def nav_path(self, site: Site, slug: str) -> str:
        return f"/col/col{site.variant['hub'] + 1 + NAV_SLUGS.index(slug)}/index.html"

    def column_id(self, site: Site, n: int, slug: str, parent: Column | None) -> str:
        return str(site.variant["colbase"] + n * 3)

    def page_path(self, col: Column, k: int) -> str:
        return f"/col/col{col.cid}/index.html"

    def article_path(self, col: Column, d: date, aid: int) -> str:
        return f"/art/{d.year}/{d.month}/{d.day}/art_{col.cid}_{aid}.html"

    def attachment_path(self, col: Column, d: date, aid: int, ext: str, n: int) -> str:
        return f"{DOWNFILE}?classid=0&filename={hexid(col.site.host, aid, n)}.{ext}"

    def backing_url(self, site: Site, path: str) -> str | None:
        name = path.rsplit("filename=", 1)[1]
        return f"{site.origin}/jcms_files/jcms1/web{site.variant['webid']}/site/attach/0/{name}"

    def disallowed_prefixes(self, site: Site) -> list[str]:
        return ["/col/", "/art/"]

    def protocol_relative(self, netloc: str) -> bool:
        return netloc.endswith(".gov.cn") and len(netloc) % 3 == 0

    def container(self, inner: str) -> str:
        return f'<div id="zoom" class="main-txt">{inner}</div>'

    def attachment_type(self, ext: str) -> str:
        return "application/octet-stream"

    # -------------------------------------------------------------- the jpage list
    def record(self, site: Site, page: str, e: Entry) -> str:
        return (
            f'<li><a href="{escape(self.href(site, page, e.url))}" title="{escape(e.title)}" target="_blank">'
            f"{escape(e.title[:24])}</a><span>{e.date:%Y-%m-%d}</span></li>"
        )

    def scripted_list(self, col: Column, entries: list, page: str) -> str | None:
        site = col.site
        v = site.variant
        per, group = col.per_page, v["group"]
        first = entries[: per * group]
        unit = int(col.cid) + 7
        webname = quote(site.owner.name)
        records = "\n".join(f"<record><![CDATA[{self.record(site, page, e)}]]></record>" for e in first)
        nextgroup = (
            f'<a href="{PROXY}?page=1&appid=1&webid={v["webid"]}&path=/'
            f'&columnid={col.cid}&unitid={unit}&webname={webname}&permissiontype=0"></a>'
        )
        return (
            f'<div id="{unit}"><script type="text/xml"><datastore>\n'
            f"<nextgroup><![CDATA[{nextgroup}]]></nextgroup>\n<recordset>\n{records}\n</recordset>"
            f"</datastore></script></div>\n"
            f"<script>$('#{unit}').jpage({{totalRecord:{len(entries)}, perPage:{per}, groupSize:{group}, "
            f"proxyUrl:'{PROXY}', ajaxParam:{{col:1, appid:1, webid:{v['webid']}, "
            f"path:'/', columnid:{col.cid}, unitid:'{unit}', webname:'{site.owner.name}', permissiontype:0}}}});"
            f"</script>"
        )

    def datastore(self, col: Column, entries: list[Entry], page: str, start: int, end: int) -> str:
        chunk = entries[max(0, start - 1) : max(0, end)]
        records = "\n".join(f"<record><![CDATA[{self.record(col.site, page, e)}]]></record>" for e in chunk)
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>{len(entries)}</totalrecord>\n'
            f"<recordset>\n{records}\n</recordset>\n</datastore>"
        )

    # -------------------------------------------------------------- serving
    def column_routes(self, col: Column, routes: dict[str, tuple]) -> bool:
        routes[f"colid:{col.cid}"] = ("colid", col)
        return True

    def dispatch(self, farm: Farm, site: Site, req: Request, routes: dict) -> Response | None:
        if req.path == PROXY:
            return self.dataproxy(farm, site, req, routes)
        if req.path == DOWNFILE:
            route = routes.get("downfile:" + req.params.get("filename", ""))
            return farm.serve(site, req, route) if route else farm.not_found(site)
        return None

    def dataproxy(self, farm: Farm, site: Site, req: Request, routes: dict) -> Response:
        ref = urlsplit(req.headers.get("referer", "")).netloc.lower()
        headers = [("Content-Type", "text/xml;charset=UTF-8"), ("Server", self.server)]
        if ref != site.host:
            return Response(200, b"", headers)  # no same-site Referer: an empty answer, like the real proxy
        params = req.params
        route = routes.get("colid:" + params.get("columnid", ""))
        if route is None:
            return Response(200, b"", headers)
        col: Column = route[1]
        try:
            if "startrecord" in params:
                start, end = int(params["startrecord"]), int(params.get("endrecord") or 0)
            else:
                per = int(params.get("perpage") or col.per_page) * site.variant["group"]
                page = max(1, int(params.get("page") or 1))
                start, end = (page - 1) * per + 1, page * per
        except ValueError:
            return Response(200, b"", headers)
        entries = farm.renderer.visible(col, farm.day)
        page_url = farm.renderer.column_url(col, 0)
        return Response(200, self.datastore(col, entries, page_url, start, end).encode("utf-8"), headers)


FAMILY = Hanweb()
