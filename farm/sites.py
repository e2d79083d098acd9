"""A new host (its template draws, by family) and a new 年报 column on it."""

from __future__ import annotations

import random

from farm import families
from farm.world import Agency, City, Column, Site, World, rng_for

CHROME_TEMPLATES = ["html5", "table", "plain"]  # see farm.chrome.Chrome
CHROME_SHARE = 0.55


def _variant(family: str, rng: random.Random, first: bool) -> dict:
    v: dict = {
        "per_page": 8 if first else rng.choice([10, 12, 15, 20]),
        "list_tpl": rng.choice(["ul", "ul", "table", "h4"]),
        "date_fmt": rng.choices(["dash", "bracket", "dot", "slash", "md"], [40, 20, 20, 15, 5])[0],
        "truncate": rng.random() < 0.6,
        "meta": rng.random() < 0.85,  # mandatory meta tags present
        "index_tpl": rng.choice(["td_b", "alternating", "grid"]),
        "ext": "html",
    }
    families.get(family).draw_variant(v, rng, first)
    v["abase"] = rng.randint(100000, 9000000)
    return v


def new_site(world: World, host: str, family: str, owner: Agency, city: City, first: bool, key: str = "") -> Site:
    """A host; its draws are keyed by ``key`` (the host its city's key name gives), else by the host."""
    rng = rng_for(world.seed, "site", key or host)
    site = Site(host, family, owner, city, _variant(family, rng, first), key=key)
    site.variant["first"] = first
    # full site chrome (header, menu, footer with 相关链接) on about half the hosts, in one of three
    # markups; its own stream, so the other variant draws stay as they were
    crng = rng_for(world.seed, "chrome", key or host)
    site.variant["chrome"] = crng.choice(CHROME_TEMPLATES) if crng.random() < CHROME_SHARE else ""
    world.sites[host] = site
    return site


def new_column(site: Site, name: str, slug: str, kind: str, parent: Column | None = None) -> Column:
    n = site.next_id()
    cid = families.of(site).column_id(site, n, slug, parent)
    col = Column(site, cid, name, kind, site.variant["per_page"], parent=parent)
    site.columns.append(col)
    return col
