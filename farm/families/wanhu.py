"""万户 (Wanhu) ezEIP: ``/channels/<id>.html`` hubs and columns, ``_<n>`` pages, articles at
``/contents/<channel>/<id>.html``, uploads under ``/uploadfiles/<YYYYMM>/`` (portal-patterns §1.6)."""

from __future__ import annotations

import random
from datetime import date

from farm.families.base import NAV_SLUGS, Family
from farm.world import Column, Site


class Wanhu(Family):
    name = "wanhu"
    weight = 5
    server = "Microsoft-IIS/8.5"
    varied_disposition = True

    def draw_variant(self, v: dict, rng: random.Random, first: bool) -> None:
        v["hub"] = rng.randint(1000, 20000)
        v["chbase"] = rng.randint(1000, 20000)

    def platform_portal(self, v: dict) -> None:
        v["hub"] = v["chbase"]  # every id of the host is chbase + 13·n: hubs and columns never collide

    def platform_unit(self, unit: Site, portal: Site, abbr: str) -> None:
        unit.variant["hub"] = portal.variant["chbase"] + portal.next_id() * 13

    def hub_path(self, site: Site) -> str:
        return f"/channels/{site.variant['hub']}.html"

    def nav_path(self, site: Site, slug: str) -> str:
        return f"/channels/{site.variant['hub'] + 1 + NAV_SLUGS.index(slug)}.html"

    def column_id(self, site: Site, n: int, slug: str, parent: Column | None) -> str:
        return str(site.variant["chbase"] + n * 13)

    def page_path(self, col: Column, k: int) -> str:
        return f"/channels/{col.cid}.html" if k == 0 else f"/channels/{col.cid}_{k + 1}.html"

    def article_path(self, col: Column, d: date, aid: int) -> str:
        return f"/contents/{col.cid}/{aid}.html"

    def attachment_path(self, col: Column, d: date, aid: int, ext: str, n: int) -> str:
        return f"/uploadfiles/{d:%Y%m}/{aid}{n:02d}.{ext}"

    def disallowed_prefixes(self, site: Site) -> list[str]:
        return ["/channels/", "/contents/"]

    def pager(self, col: Column, k: int, n: int, total: int, link) -> str:
        parts = [link(0, "首页")]
        if k > 0:
            parts.append(link(k - 1, "上一页"))
        if k + 1 < n:
            parts.append(link(k + 1, "下一页"))
        parts.append(link(n - 1, "尾页"))
        return f'<div class="page"><span class="total">当前第 {k + 1}/{n} 页</span> {" ".join(parts)}</div>'

    def container(self, inner: str) -> str:
        return f'<div class="text articleBox">{inner}</div>'


FAMILY = Wanhu()
