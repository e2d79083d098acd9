"""The farm's CMS families, one module each, named as the crawler's (``crawler/families/``).

``FAMILIES`` is the registry, in the order the world draws from (the order and weights fix
which family each province gets for a seed, so a new family goes at the end).  ``of(site)``
is the family of a site.  Adding a family: a module here with a ``Family`` subclass and its
``FAMILY`` instance, listed below (see ``python -m crawler.newfamily``).
"""

from __future__ import annotations

from farm.families import anhui, cchannel, generic, guangdong, hanweb, trs, wanhu
from farm.families.base import EXT, MIME, NAV_PAGES, Family, page_time
from farm.world import Column, Site

FAMILIES: dict[str, Family] = {
    module.FAMILY.name: module.FAMILY for module in (trs, cchannel, hanweb, guangdong, anhui, wanhu, generic)
}
# The first provinces take every family once, so that a small farm has them all.
FIRST = ["trs", "hanweb", "cchannel", "guangdong", "anhui", "wanhu", "generic", "trs", "generic"]


def of(site: Site) -> Family:
    return FAMILIES[site.family]


def get(name: str) -> Family:
    return FAMILIES[name]


__all__ = ["EXT", "FAMILIES", "FIRST", "MIME", "NAV_PAGES", "Family", "get", "of", "page_time"]


def hub_path(site: Site) -> str:
    return of(site).hub_path(site)


def page_path(col: Column, k: int) -> str:
    """The path of page k (0-based) of a column."""
    return of(col.site).page_path(col, k)
