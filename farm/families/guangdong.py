"""Guangdong's NFCMS: ``/zwgk/xxgknb/`` columns paged ``index_<n>.html``, articles
``content/post_<id>.html`` with ``mpost_`` twins, absolute links, and the ``gkmlpt`` directory: a
script page whose categories and documents come from ``/gkmlpt/api/all/<cat>?sid=…&page=…``
(JSON, answered only to a same-site Referer; portal-patterns §1.4)."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from farm.families.base import EXT, MIME, Family, page_time
from farm.httpserver import Response
from farm.world import Column, Noise, Report, Site, rng_for

if TYPE_CHECKING:
    from farm.app import Farm
    from farm.httpserver import Request

CATEGORIES = ["通知公告", "政策文件", "规划计划", "人事信息"]
INDEX_PATHS = ("/gkmlpt/index", "/gkmlpt/index.html", "/gkmlpt/", "/gkmlpt/policy")
API = "/gkmlpt/api/all/"


def gkmlpt_url(site: Site, pid: int) -> str:
    return f"{site.origin}/gkmlpt/content/{pid // 1000000}/{pid // 1000}/post_{pid}.html"


class Guangdong(Family):
    name = "guangdong"
    weight = 8
    links = "absolute"
    api_obstacles = False  # keep the JSON API paths simple to benchmark
    noise_skips_id = True

    def draw_variant(self, v: dict, rng: random.Random, first: bool) -> None:
        v["sid"] = str(rng.randint(200001, 766001))
        v["postbase"] = rng.randint(5000000, 9000000)

    def hub_path(self, site: Site) -> str:
        return "/zwgk/index.html"

    def column_id(self, site: Site, n: int, slug: str, parent: Column | None) -> str:
        return "/zwgk/xxgknb/" if parent is None else f"/zwgk/xxgknb/{slug}/"

    def page_path(self, col: Column, k: int) -> str:
        return f"{col.cid}index.html" if k == 0 else f"{col.cid}index_{k + 1}.html"

    def article_path(self, col: Column, d: date, aid: int) -> str:
        return f"{col.cid}content/post_{aid}.html"

    def attachment_path(self, col: Column, d: date, aid: int, ext: str, n: int) -> str:
        att = 585000 + aid % 400000 + n
        return f"/attachment/{att % 8}/{att // 1000}/{att}/{aid}.{ext}"

    def article_id(self, site: Site) -> int:
        return site.variant["postbase"] + site.next_id() * 17

    def twins(self, rep: Report, site: Site) -> list[str]:
        return [rep.url.replace("/post_", "/mpost_"), gkmlpt_url(site, rep.article_id)]

    def disallowed_prefixes(self, site: Site) -> list[str]:
        return ["/zwgk/xxgknb/", "/gkmlpt/"]

    def pager(self, col: Column, k: int, n: int, total: int, link) -> str:
        nums = " ".join(link(j, str(j + 1)) if j != k else f"<span>{j + 1}</span>" for j in range(n))
        tail = (link(k + 1, "下一页") + " " + link(n - 1, "尾页")) if k + 1 < n else ""
        return f'<div class="page">{link(0, "首页")} {nums} {tail}</div>'

    def container(self, inner: str) -> str:
        return f'<div class="article-content news_cont_d_wrap">{inner}</div>'

    def attachment_block(self, links: list[str]) -> str:
        return '<div class="tyxxy_fj">附件：' + "<br>".join(links) + "</div>"

    def directory_links(self, site: Site) -> list[str]:
        return [f'<li><a href="{site.origin}/gkmlpt/index">政府信息公开目录</a></li>']

    def mobile_link(self, site: Site) -> tuple[str, str] | None:
        return ("mobile", "移动版")

    def article_meta(self, site: Site, article: dict) -> list[str]:
        return [f'<meta name="ArticleId" content="{article["id"]}">'] if article.get("id") else []

    def article_script(self, site: Site, article: dict) -> str:
        if not article.get("id"):
            return ""
        return f"<script>var NFCMS_SITE_ID={site.variant['sid']};var NFCMS_POST_ID={article['id']};</script>"

    # -------------------------------------------------------------- the gkmlpt directory
    def furnish(self, world, site: Site) -> None:
        """The gkmlpt directory: the 年报 category plus ordinary documents in four others."""
        rng = rng_for(world.seed, "gkmlpt", site.draw_key)
        base = rng.randint(20000, 90000)
        cats = [{"id": base, "name": "政府信息公开年报", "parent": 0, "jump_url": "", "children": []}]
        docs: list[tuple[int, Noise]] = []
        for i, name in enumerate(CATEGORIES):
            cid = base + 10 + i * 7
            cats.append({"id": cid, "name": name, "parent": 0, "jump_url": "", "children": []})
            for _ in range(rng.randint(15, 45)):
                d = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2500))
                pid = site.variant["postbase"] + site.next_id() * 17
                title = rng.choice(
                    ["关于印发{x}工作方案的通知", "{x}实施细则", "关于开展{x}专项行动的通知", "{x}规划（2021—2025年）"]
                ).format(x=rng.choice(["安全生产", "乡村振兴", "营商环境", "数字政府", "城市更新", "河湖治理"]))
                nz = Noise("other_document", title, d, site, url=gkmlpt_url(site, pid))
                nz.article_id = pid
                world.noise.append(nz)
                docs.append((cid, nz))
        site.variant["gk_cats"] = cats
        site.variant["gk_docs"] = docs

    def index_page(self, site: Site) -> str:
        config = {
            "SID": site.variant["sid"],
            "TREE": site.variant["gk_cats"],
            "SERVICE_AREA_ID": site.variant["sid"],
            "SITE_NAME": site.owner.name,
        }
        return (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f"<title>政府信息公开目录_{escape(site.owner.name)}</title>"
            f'</head><body><div id="app"></div><script>window._CONFIG = {json.dumps(config, ensure_ascii=False)};'
            f'</script><script src="/gkmlpt/static/js/app.js"></script></body></html>'
        )

    def dispatch(self, farm: Farm, site: Site, req: Request, routes: dict) -> Response | None:
        path = req.path
        if path in INDEX_PATHS:
            return Response(
                200,
                self.index_page(site).encode(),
                [("Content-Type", "text/html; charset=utf-8"), ("Server", self.server)],
            )
        if not path.startswith(API):
            return None
        headers = [("Content-Type", "application/json;charset=UTF-8"), ("Server", self.server)]
        if urlsplit(req.headers.get("referer", "")).netloc.lower() != site.host:
            return Response(403, b'{"code":403,"msg":"forbidden"}', headers)
        params = req.params
        try:
            cat = int(path.rsplit("/", 1)[1])
            page = max(1, int(params.get("page") or 1))  # page 0 and page 1 are the same batch
        except ValueError:
            return Response(400, b'{"code":400}', headers)
        by_cat = articles(farm, site)
        if params.get("sid") != site.variant["sid"] or cat not in by_cat:
            return Response(200, json.dumps({"classify": None, "total": 0, "articles": []}).encode(), headers)
        arts = by_cat[cat]
        name = next((c["name"] for c in site.variant["gk_cats"] if c["id"] == cat), "全部")
        data = {
            "classify": {"id": cat, "name": name, "post_count": len(arts)},
            "total": len(arts),
            "articles": arts[(page - 1) * 100 : page * 100],
        }
        return Response(200, json.dumps(data, ensure_ascii=False).encode(), headers)


def articles(farm: Farm, site: Site) -> dict[int, list[dict]]:
    """Category id -> articles (newest first) on the farm's day; category 0 is everything."""
    key = (site.host, "gk", farm.day)
    cached = farm.cache.get(key)
    if cached is not None:
        return cached[0]  # type: ignore[return-value]
    cats = site.variant["gk_cats"]
    nb = cats[0]["id"]
    out: dict[int, list[dict]] = {c["id"]: [] for c in cats}
    items: list[tuple[int, dict]] = []
    for rep in farm.site_reports.get(site.host, []):
        if rep.day <= farm.day and rep.body != "column":
            items.append(
                (
                    nb,
                    item(
                        site,
                        rep.article_id,
                        rep.title,
                        rep.published,
                        rep.index_no,
                        rep.duplicates[-1],
                        rep.url,
                        rep.attachments,
                    ),
                )
            )
    for col in site.columns:
        for e in col.entries:
            nz = e.noise
            if nz is not None and nz.site is site and e.day <= farm.day and nz.kind not in ("dead_link",):
                items.append((nb, item(site, nz.article_id, nz.title, nz.date, "", nz.url, nz.url, [])))
    for cid, nz in site.variant.get("gk_docs", []):
        items.append((cid, item(site, nz.article_id, nz.title, nz.date, "", nz.url, nz.url, [])))
    items.sort(key=lambda t: (t[1]["date"], t[1]["id"]), reverse=True)
    out[0] = [a for _, a in items]
    for cid, a in items:
        out[cid].append(a)
    farm.cache[key] = (out, "", 0.0)  # type: ignore[assignment]
    return out


def item(site: Site, pid: int, title: str, d: date, ident: str, url: str, post_url: str, atts) -> dict:
    """One article as the gkmlpt API lists it."""
    ts = int(page_time(d))
    return {
        "id": pid,
        "title": title,
        "document_number": "",
        "identifier": ident or f"114403006955506492/{d.year}-{pid % 100000:05d}",
        "publisher": site.owner.name,
        "keywords": "",
        "date": ts,
        "created_at": f"{d:%Y-%m-%d} 09:30:00",
        "display_publish_time": ts,
        "classify_main_name": "",
        "classify_genre_name": "",
        "classify_theme_name": "",
        "url": url,
        "post_url": post_url,
        "abstract": "",
        "relation": "[]",
        "is_expired": 0,
        "is_abolished": 0,
        "attachment": [
            {
                "id": 1650000 + i + pid % 9999,
                "name": a.filename,
                "type": EXT[a.fmt],
                "mime": MIME[EXT[a.fmt]],
                "size": "",
                "url": a.url,
            }
            for i, a in enumerate(atts)
        ],
    }


FAMILY = Guangdong()
