"""The farm's CMS families, one module each, named as the crawler's (``crawler/families/``).

``FAMILIES`` is the registry, in the order the world draws from: the order and the weights fix
which family each province gets for a seed, so the families that were there first keep their
places and any other module of this package (one that defines ``FAMILY``) follows, by name.
A new family with weight 0 changes no farm; give it a weight to have provinces of its own.
``of(site)`` is the family of a site.  ``python scripts/newfamily.py NAME`` writes a new one.
"""

from __future__ import annotations

import importlib
import pkgutil

from farm.families.base import EXT, MIME, NAV_PAGES, Family, page_time
from farm.world import Column, Site

# the draw order of the first farms: unchanged, so that every (seed, size) builds the same farm
ORDER = ["trs", "cchannel", "hanweb", "guangdong", "anhui", "wanhu", "generic"]


def _discover() -> dict[str, Family]:
    names = ORDER + sorted({m.name for m in pkgutil.iter_modules(__path__)} - set(ORDER) - {"base"})
    found = {}
    for name in names:
        family = getattr(importlib.import_module(f"{__name__}.{name}"), "FAMILY", None)
        if isinstance(family, Family):
            found[family.name] = family
    return found


FAMILIES: dict[str, Family] = _discover()
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
