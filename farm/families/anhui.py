"""The Anhui provincial platform: every unit has a siteId; hubs at ``/site/tpl/<id>``, lists and
guide pages at ``/public/column/<siteId>?type=…&catId=…&action=list`` (one path, pages by query),
articles at ``/public/<siteId>/<id>.html`` (portal-patterns §1.5)."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from farm.families.base import NAV_PAGES, NAV_SLUGS, Family
from farm.world import Column, Site, hexid

if TYPE_CHECKING:
    from farm.app import Farm
    from farm.httpserver import Request, Response


class Anhui(Family):
    name = "anhui"
    weight = 7
    server = "nginx/1.20.1"
    cache_by_target = True
    varied_disposition = True
    noise_skips_id = True

    def draw_variant(self, v: dict, rng: random.Random, first: bool) -> None:
        v["site_id"] = rng.randint(1000, 60000)
        v["tpl"] = rng.randint(1000, 9000)
        v["catbase"] = rng.randint(100000, 900000)
        v["list_tpl"] = rng.choice(["ul", "table"])

    def platform_unit(self, unit: Site, portal: Site, abbr: str) -> None:
        # its own siteId and template id on the shared host
        unit.variant["site_id"] = portal.variant["site_id"] + portal.next_id() * 7
        unit.variant["tpl"] = portal.variant["tpl"] + portal.next_id() * 3

    def hub_path(self, site: Site) -> str:
        return f"/site/tpl/{site.variant['tpl']}"

    def nav_path(self, site: Site, slug: str) -> str:
        return f"/public/column/{site.variant['site_id']}?type={2 + NAV_SLUGS.index(slug)}&action=list&nav=3"

    def column_id(self, site: Site, n: int, slug: str, parent: Column | None) -> str:
        return str(site.variant["catbase"] + n * 11)

    def page_path(self, col: Column, k: int) -> str:
        base = f"/public/column/{col.site.variant['site_id']}?type=4&catId={col.cid}&action=list&nav=3"
        return base if k == 0 else f"{base}&pageIndex={k + 1}"

    def article_path(self, col: Column, d: date, aid: int) -> str:
        return f"/public/{col.site.variant['site_id']}/{aid}.html"

    def attachment_path(self, col: Column, d: date, aid: int, ext: str, n: int) -> str:
        return f"/public/upload/{col.site.variant['site_id']}/{d:%Y%m}/{hexid(col.site.host, aid, n)}.{ext}"

    def article_id(self, site: Site) -> int:
        return 560000000 + site.variant["abase"] + site.next_id() * 7

    def disallowed_prefixes(self, site: Site) -> list[str]:
        return ["/public/"]

    def pager(self, col: Column, k: int, n: int, total: int, link) -> str:
        parts = [link(0, "首页")]
        if k > 0:
            parts.append(link(k - 1, "上一页"))
        if k + 1 < n:
            parts.append(link(k + 1, "下一页"))
        parts.append(link(n - 1, "尾页"))
        return f'<div class="pagination">{" ".join(parts)} <span>共{total}条 共{n}页</span></div>'

    def container(self, inner: str) -> str:
        return f'<div class="wzcon fontContent j-fontContent">{inner}</div>'

    def nav_route_key(self, site: Site, slug: str) -> str | None:
        # guide pages are /public/column/<siteId>?type=N: answered by ``dispatch``, not by path
        return None if site.platform is not None else f"nav:{slug}"

    def column_routes(self, col: Column, routes: dict[str, tuple]) -> bool:
        routes[f"col:{col.cid}"] = ("column", col)
        return False

    def dispatch(self, farm: Farm, site: Site, req: Request, routes: dict) -> Response | None:
        unit = unit_of(site, req.path)
        if unit is None:
            return None
        params = req.params
        if params.get("catId"):
            route = routes.get(f"col:{params['catId']}")
            if route is None or route[1].site is not unit:
                return farm.not_found(site)
            try:
                k = max(1, int(params.get("pageIndex") or 1)) - 1
            except ValueError:
                k = 0
            return farm.serve(site, req, ("column", route[1], k))
        for name, slug in NAV_PAGES:
            if params.get("type") == self.nav_path(unit, slug).split("type=")[1].split("&")[0]:
                return farm.serve(site, req, ("nav", name, unit))
        return farm.not_found(site)


def unit_of(site: Site, path: str) -> Site | None:
    """The site (or, on a city platform, the unit) whose /public/column/<siteId> the path is."""
    head, _, sid = path.rpartition("/")
    if head != "/public/column":
        return None
    return next((s for s in (site, *site.units) if str(s.variant["site_id"]) == sid), None)


FAMILY = Anhui()
