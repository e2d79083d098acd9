"""The gov.cn-style "c-channel .shtml" family (UCAP; the farm's manifest calls it ``ucap``):
``/<sc>/c<6 digits>/`` channels, ``#UCAP-CONTENT`` bodies, the 6-argument pager
``createPageHTML('page_div', count, current1, 'xlist', 'shtml', total)`` (portal-patterns §1.2)."""

from __future__ import annotations

import random
from datetime import date

from farm.families import trs
from farm.families.base import NAV_SLUGS, Family
from farm.world import Column, Site, hexid


class CChannel(Family):
    name = "cchannel"
    label = "ucap"
    weight = 15
    appendix_links = True
    separate_disclosure = True
    hub_label = "政府信息公开工作年度报告"

    def draw_variant(self, v: dict, rng: random.Random, first: bool) -> None:
        v["ext"] = "shtml"

    def name_site(self, site: Site, code: str) -> None:
        site.variant["sc"] = code

    def home_path(self, site: Site) -> str:
        return f"/{site.variant['sc']}/index.shtml"

    def chrome_home_path(self, site: Site) -> str:
        return "/"

    def hub_path(self, site: Site) -> str:
        return f"/{site.variant['sc']}/c100034/zfxxgk.shtml"

    def nav_path(self, site: Site, slug: str) -> str:
        return f"/{site.variant['sc']}/c10003{5 + NAV_SLUGS.index(slug)}/{slug}.shtml"

    def column_id(self, site: Site, n: int, slug: str, parent: Column | None) -> str:
        return f"/{site.variant['sc']}/c{100100 + n * 7}/"

    def page_path(self, col: Column, k: int) -> str:
        return f"{col.cid}xlist.shtml" if k == 0 else f"{col.cid}xlist_{k + 1}.shtml"

    def article_path(self, col: Column, d: date, aid: int) -> str:
        return f"{col.cid}{d:%Y%m}/{hexid(col.site.host, aid)}.shtml"

    def attachment_path(self, col: Column, d: date, aid: int, ext: str, n: int) -> str:
        return trs.attachment_path(col, d, aid, ext, n)

    def disallowed_prefixes(self, site: Site) -> list[str]:
        return sorted({c.cid for c in site.columns})

    def pager(self, col: Column, k: int, n: int, total: int, link) -> str:
        return (
            f"<div id=\"page_div\"></div><script>createPageHTML('page_div', {n}, {k + 1}, "
            f"'xlist', 'shtml', {total});</script>"
        )

    def container(self, inner: str) -> str:
        return f'<div class="pages_content" id="UCAP-CONTENT">{inner}</div>'


FAMILY = CChannel()
