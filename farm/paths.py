"""The paths every farm host has, whatever its family: home, 政府信息公开 hub, guide pages."""

from __future__ import annotations

from farm import families
from farm.world import Site


def nav_path(site: Site, slug: str) -> str:
    return families.of(site).nav_path(site, slug)


def hub_url(site: Site) -> str:
    """Where the home page's 政府信息公开 link points."""
    target = site.xxgk_host or site
    if "redirect_301" in target.obstacles:
        return target.origin + "/zwgk/"
    return target.origin + families.hub_path(target)


def real_hub_path(site: Site) -> str:
    path = families.hub_path(site)
    if site.obstacles & {"meta_refresh", "js_redirect"}:
        head, _, tail = path.rpartition("/")
        return f"{head}/main_{tail}" if "?" not in tail else path + "&main=1"
    return path


def home_path(site: Site) -> str:
    return families.of(site).home_path(site)
