"""The long tail: hand-made or small-vendor portals with a "下一页"-only pager, snowflake ids, some on
bare IP hosts (``61.150.65.235``, ``122.137.242.24:8080``), and a few TRS-like "stubdeep" sites whose
lists claim more pages than they serve (portal-patterns §1.7, §3.6).  The defaults of ``Family``."""

from __future__ import annotations

import random
from datetime import date

from farm.families import trs
from farm.families.base import Family
from farm.world import Column, Site

IP_PORTAL = "61.150.65.235"


def _stubdeep(site: Site) -> bool:
    return site.variant.get("pager") == "stubdeep"


class Generic(Family):
    name = "generic"
    label = "other"
    weight = 10
    links = "relative"

    def portal_host(self, city_pinyin: str, n: int) -> str:
        if n == 0:
            return IP_PORTAL
        if n % 3 == 0:
            return f"61.150.{65 + n}.235"
        return super().portal_host(city_pinyin, n)

    def settle_portal(self, site: Site, first: bool, n: int) -> None:
        if first:
            site.variant["pager"] = "nextlink"
        elif (n + 1) % 2 == 0:
            site.variant.update(pager="stubdeep", root="/zwgk/zfxxgknb/", ext="html", pager_js="call", per_page=6)

    def department_host(self, abbr: str, city_pinyin: str, i: int, portal_host: str) -> str:
        if i == 0 and portal_host == IP_PORTAL:
            return "122.137.242.24:8080"
        return super().department_host(abbr, city_pinyin, i, portal_host)

    def settle_department(self, site: Site) -> None:
        site.variant["pager"] = "nextlink"
        site.variant["first"] = site.variant["first"] or ":" in site.host

    def always_own_department(self) -> bool:
        return True

    def column_report(self, rng: random.Random, flags: dict) -> bool:
        return rng.random() < 0.25

    def column_id(self, site: Site, n: int, slug: str, parent: Column | None) -> str:
        if _stubdeep(site):
            return trs.column_id(site, slug, parent)
        return super().column_id(site, n, slug, parent)

    def page_path(self, col: Column, k: int) -> str:
        return trs.page_path(col, k) if _stubdeep(col.site) else super().page_path(col, k)

    def article_path(self, col: Column, d: date, aid: int) -> str:
        return trs.article_path(col, d, aid) if _stubdeep(col.site) else super().article_path(col, d, aid)

    def attachment_path(self, col: Column, d: date, aid: int, ext: str, n: int) -> str:
        if _stubdeep(col.site):
            return trs.attachment_path(col, d, aid, ext, n)
        return super().attachment_path(col, d, aid, ext, n)

    def disallowed_prefixes(self, site: Site) -> list[str]:
        return [site.variant.get("root", "/zfxxgk/zfxxgknb/") if _stubdeep(site) else "/zfxxgk/zfxxgknb/"]

    def pager(self, col: Column, k: int, n: int, total: int, link) -> str:
        return trs.pager(col, k, n, link) if _stubdeep(col.site) else super().pager(col, k, n, total, link)


FAMILY = Generic()
