"""Every path a farm host answers, and what answers it: its pages, its units' pages (city
platforms), its columns, reports, twins, attachments and noise pages.  Built once per host."""

from __future__ import annotations

from urllib.parse import urlsplit

from farm import families
from farm.families import NAV_PAGES
from farm.paths import home_path, real_hub_path
from farm.world import Report, Site

# menu pages of every host beside the 政府信息公开 ones
MENU_PAGES = (
    ("/wzdt/index.html", "网站地图"),
    ("/xwzx/index.html", "新闻中心"),
    ("/bsfw/index.html", "办事服务"),
    ("/hdjl/index.html", "互动交流"),
)


def site_routes(site: Site, reports: list[Report]) -> dict[str, tuple]:
    """Path (or a family's own key) -> route: ("home",), ("hub", …), ("column", col, k), …"""
    routes: dict[str, tuple] = {"/": ("home",), home_path(site): ("home",), "/index.html": ("home",)}
    _hub_routes(site, routes)
    family = families.of(site)
    for name, slug in NAV_PAGES:
        routes[family.nav_route_key(site, slug)] = ("nav", name)
    for path, name in MENU_PAGES:
        routes[path] = ("nav", name)
    column_routes(site, routes)
    for unit in site.units:  # a city platform: each unit's hub, guide pages and columns on this host
        routes[families.hub_path(unit)] = ("hub", unit)
        for name, slug in NAV_PAGES:
            key = family.nav_route_key(unit, slug)
            if key is not None:
                routes[key] = ("nav", name, unit)
        column_routes(unit, routes)
    for rep in reports:
        _report_routes(rep, routes)
    for _cid, nz in site.variant.get("gk_docs", []):
        routes[urlsplit(nz.url).path] = ("noise", nz)
    return routes


def _hub_routes(site: Site, routes: dict[str, tuple]) -> None:
    hub = families.hub_path(site)
    # A meta-refresh / JS-redirect shell must lead to a hub that answers, on every family
    # (the anhui /site/tpl/main_<id> target used to be missing: a 404 behind the shell).
    routes[real_hub_path(site)] = ("hub",)
    if hub != real_hub_path(site):
        routes[hub] = ("shell", real_hub_path(site))
    if "redirect_301" in site.obstacles:
        routes["/zwgk/"] = ("redirect", hub)
        routes["/zwgk"] = ("redirect", hub)


def _report_routes(rep: Report, routes: dict[str, tuple]) -> None:
    if rep.body != "column":
        routes[urlsplit(rep.url).path] = ("report", rep, "")
    for dup in rep.duplicates:
        routes[urlsplit(dup).path] = ("report", rep, "twin")
    for att in rep.attachments:
        parts = urlsplit(att.url)
        key = parts.path if not parts.query else "downfile:" + parts.query.rsplit("filename=", 1)[1]
        routes[key] = ("attachment", rep, att)
        if att.backing_url:
            routes[urlsplit(att.backing_url).path] = ("attachment", rep, att)


def column_routes(site: Site, routes: dict[str, tuple]) -> None:
    """Routes of a site's column pages and of the noise pages its columns list."""
    for col in site.columns:
        if not families.of(site).column_routes(col, routes):
            continue
        pages = 1 if col.kind != "list" else max(1, -(-len(col.entries) // col.per_page))
        for k in range(pages):
            routes[families.page_path(col, k)] = ("column", col, k)
        for e in col.entries:
            if e.noise is not None and urlsplit(e.noise.url).netloc == site.host and e.noise.kind != "dead_link":
                routes[urlsplit(e.noise.url).path] = ("noise", e.noise)
