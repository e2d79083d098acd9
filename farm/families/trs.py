"""TRS WCM static publishing: ``<root>index.html``, ``index_1.html`` …, articles at
``<col>/<YYYYMM>/t<YYYYMMDD>_<id>.html``, attachments ``P0<date><digits>.pdf`` beside them, the
``createPageHTML(count, current0, "index", "html")`` pager (portal-patterns §1.1)."""

from __future__ import annotations

import random
from datetime import date

from farm.families.base import Family
from farm.world import Column, Report, Site, hexid

ROOTS = [
    "/zwgk/zfxxgk/zfxxgknb/",
    "/xxgk/zfxxgknb/",
    "/zfxxgk/xxgknb/",
    "/gongkai/zfxxgk/gknb/",
    "/zwgk/zfxxgkzl/gknb/",
]


def column_id(site: Site, slug: str, parent: Column | None) -> str:
    return site.variant["root"] if parent is None else parent.cid + slug + "/"


def page_path(col: Column, k: int) -> str:
    ext = col.site.variant["ext"]
    return f"{col.cid}index.{ext}" if k == 0 else f"{col.cid}index_{k}.{ext}"


def article_path(col: Column, d: date, aid: int) -> str:
    return f"{col.cid}{d:%Y%m}/t{d:%Y%m%d}_{aid}.{col.site.variant['ext']}"


def attachment_path(col: Column, d: date, aid: int, ext: str, n: int) -> str:
    digits = int(hexid(col.site.host, aid, n, n=10), 16) % 10**12
    return f"{col.cid}{d:%Y%m}/P0{d:%Y%m%d}{digits:012d}.{ext}"


def pager(col: Column, k: int, n: int, link) -> str:
    """``createPageHTML`` with literal or variable arguments, plus static links on some sites."""
    v = col.site.variant
    if v.get("pager_js") == "vars":
        js = (
            f"var countPage = {n};//共多少页\nvar currentPage = {k};//当前页\n"
            f'createPageHTML(countPage, currentPage, "index", "{v["ext"]}");'
        )
    else:
        js = f'createPageHTML({n}, {k}, "index", "{v["ext"]}");'
    static = ""
    if v["date_fmt"] in ("dash", "slash") and n > 1:
        parts = [link(0, "首页")]
        if k + 1 < n:
            parts += [link(k + 1, "下一页"), link(n - 1, "尾页")]
        static = " ".join(parts) + f" 共{n}页"
    return f'<div class="page"><script>{js}</script>{static}</div>'


class Trs(Family):
    name = "trs"
    weight = 35
    server = "TRS WCM"
    links = "relative"
    appendix_links = True
    separate_disclosure = True

    def draw_variant(self, v: dict, rng: random.Random, first: bool) -> None:
        v["root"] = rng.choice(ROOTS)
        v["ext"] = rng.choice(["html", "html", "shtml", "htm"])
        v["pager_js"] = rng.choice(["call", "vars"])
        v["wap"] = rng.random() < 0.4
        v["wap_in_list"] = v["wap"] and rng.random() < 0.5

    def platform_portal(self, v: dict) -> None:
        v.update(root="/zfxxgk/zfxxgknb/", ext="html")

    def platform_unit(self, unit: Site, portal: Site, abbr: str) -> None:
        unit.variant["root"] = f"/zfxxgk/{abbr}/zfxxgknb/"

    def hub_path(self, site: Site) -> str:
        v = site.variant
        return v["root"].rsplit("/", 2)[0] + f"/index.{v['ext']}"

    def nav_path(self, site: Site, slug: str) -> str:
        return site.variant["root"].rsplit("/", 2)[0] + f"/{slug}/index.html"

    def column_id(self, site: Site, n: int, slug: str, parent: Column | None) -> str:
        return column_id(site, slug, parent)

    def page_path(self, col: Column, k: int) -> str:
        return page_path(col, k)

    def article_path(self, col: Column, d: date, aid: int) -> str:
        return article_path(col, d, aid)

    def attachment_path(self, col: Column, d: date, aid: int, ext: str, n: int) -> str:
        return attachment_path(col, d, aid, ext, n)

    def twins(self, rep: Report, site: Site) -> list[str]:
        v = site.variant
        return [rep.url.rsplit(".", 1)[0] + "_wap." + v["ext"]] if v.get("wap") else []

    def disallowed_prefixes(self, site: Site) -> list[str]:
        return [site.variant["root"]]

    def pager(self, col: Column, k: int, n: int, total: int, link) -> str:
        return pager(col, k, n, link)

    def container(self, inner: str) -> str:
        return f'<div id="zoom"><div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">{inner}</div></div>'

    def mobile_link(self, site: Site) -> tuple[str, str] | None:
        return ("wap", "手机版") if site.variant.get("wap") else None


FAMILY = Trs()
