"""What every CMS family of the farm provides: its URL scheme, its list and pager markup, where
it puts attachments, and the few paths it answers itself (portal-patterns §1).

A family is one module in ``farm/families/`` holding one ``Family`` subclass and an instance
``FAMILY``, named as the crawler's module for the same family (``crawler/families/<name>.py``).
The defaults here are the long-tail portal's; a family overrides what its templates do otherwise.
Nothing here imports the farm's layout, pages or app: they import the families.
"""

from __future__ import annotations

import posixpath
import random
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from farm.world import Column, Report, Site, hexid
from parsers.doctypes import mime_type

if TYPE_CHECKING:
    from farm.app import Farm
    from farm.httpserver import Request, Response

EXT = {"pdf": "pdf", "scan": "pdf", "docx": "docx", "doc": "doc"}
MIME = {ext: mime_type(ext) for ext in ("pdf", "docx", "doc")}  # as the document table serves them
# the guide pages every 政府信息公开 page links, (name, slug)
NAV_PAGES = [
    ("政府信息公开指南", "zfxxgkzn"),
    ("政府信息公开制度", "zfxxgkzd"),
    ("法定主动公开内容", "fdzdgknr"),
    ("依申请公开", "ysqgk"),
]
NAV_SLUGS = [slug for _, slug in NAV_PAGES]


def page_time(d: date | datetime) -> float:
    """A page's Last-Modified time: a date is published at 09:30 UTC."""
    if isinstance(d, datetime):
        return d.replace(tzinfo=UTC).timestamp()
    return datetime(d.year, d.month, d.day, 9, 30, tzinfo=UTC).timestamp()


def snowflake(host: str, n: int) -> str:
    return str(1619593655548706818 + int(hexid(host, n, n=12), 16) % 10**17)


class Family:
    """One CMS family's templates; the defaults are the long tail's (``generic``)."""

    name = "generic"  # the crawler's module name (crawler/families/<name>.py)
    label = ""  # the name the farm's manifest and registry hints use, when it is another one
    weight = 0  # share of provinces whose portals run this family
    server = "nginx"
    links = "rooted"  # same-host links as templates write them: "relative", "rooted" or "absolute"
    appendix_links = False  # TRS-style <a appendix="true" download=…> attachment links
    one_page_lists = False  # the whole list is one page (a script pages it)
    cache_by_target = False  # pages differ by query string (one path, many pages)
    separate_disclosure = False  # some portals keep the 年报 columns on xxgk.<city>.gov.cn
    api_obstacles = True  # may get rate bans and flaky 500s (a JSON API family keeps its paths plain)
    hub_label = "政府信息公开年报"
    varied_disposition = False  # attachments named by a GBK or RFC 5987 Content-Disposition, or not at all (a draw)
    noise_skips_id = False  # a noise page draws one id more than an article (the ids stay what they were)

    @property
    def manifest_name(self) -> str:
        return self.label or self.name

    # -------------------------------------------------------------- the world's draws
    def draw_variant(self, v: dict, rng: random.Random, first: bool) -> None:
        """The family's own template draws (after the shared ones, before ``abase``)."""
        v["pager"] = "nextlink"

    def name_site(self, site: Site, code: str) -> None:
        """Give a new site the family's site code (``code``: the city's or unit's pinyin)."""

    def portal_host(self, city_pinyin: str, n: int) -> str:
        """The n-th (0-based) portal host of this family."""
        return f"www.{city_pinyin}.gov.cn"

    def settle_portal(self, site: Site, first: bool, n: int) -> None:
        """Adjust the n-th portal's variant once it exists."""

    def department_host(self, abbr: str, city_pinyin: str, i: int, portal_host: str) -> str:
        return f"{abbr}.{city_pinyin}.gov.cn"

    def settle_department(self, site: Site) -> None:
        """Adjust a department's own host once it exists."""

    def always_own_department(self) -> bool:
        """A city of this family always has a department with a host of its own."""
        return False

    def placement(self, placement: str, rng: random.Random) -> str:
        return placement

    def column_report(self, rng: random.Random, flags: dict) -> bool:
        """Is this department's 年报 column page itself the report (portal-patterns §2.2 item 7)?"""
        return False

    def platform_portal(self, v: dict) -> None:
        """A city platform's shared host (all units on one host)."""

    def platform_unit(self, unit: Site, portal: Site, abbr: str) -> None:
        """One unit's corner of a city platform."""

    def furnish(self, world, site: Site) -> None:
        """Anything the family adds to a finished site (guangdong: its gkmlpt directory)."""

    # -------------------------------------------------------------- URL scheme
    def home_path(self, site: Site) -> str:
        return "/index.html"

    def chrome_home_path(self, site: Site) -> str:
        return self.home_path(site)

    def hub_path(self, site: Site) -> str:
        return "/zfxxgk/index.html"

    def nav_path(self, site: Site, slug: str) -> str:
        return f"/zfxxgk/{slug}/index.html"

    def column_id(self, site: Site, n: int, slug: str, parent: Column | None) -> str:
        return "/zfxxgk/zfxxgknb/" if parent is None else f"/zfxxgk/zfxxgknb/{slug}/"

    def page_path(self, col: Column, k: int) -> str:
        return f"{col.cid}{k + 1}.html"

    def article_path(self, col: Column, d: date, aid: int) -> str:
        return f"{col.cid}{snowflake(col.site.host, aid)}.html"

    def attachment_path(self, col: Column, d: date, aid: int, ext: str, n: int) -> str:
        return f"/uploads/{d:%Y}/{d:%m}/{snowflake(col.site.host, aid * 10 + n)}.{ext}"

    def article_id(self, site: Site) -> int:
        return site.variant["abase"] + site.next_id() * 37

    def noise_article_id(self, site: Site) -> int:
        if self.noise_skips_id:
            site.next_id()
        return self.article_id(site)

    def attachment_disposition(self, rng: random.Random) -> str:
        """How the attachment's Content-Disposition names it (a draw only where the family varies it)."""
        return rng.choice(["gbk", "rfc5987", "none"]) if self.varied_disposition else "none"

    def backing_url(self, site: Site, path: str) -> str | None:
        """The file behind a download script's URL, if the family has one."""
        return None

    def twins(self, rep: Report, site: Site) -> list[str]:
        """Other URLs of the same article (mobile copies, directory copies)."""
        return []

    def disallowed_prefixes(self, site: Site) -> list[str]:
        return ["/zfxxgk/zfxxgknb/"]

    # -------------------------------------------------------------- markup
    def href(self, site: Site, page_url: str, target: str) -> str:
        """The link as the site's template writes it: relative, root-relative, absolute or //host."""
        tp = urlsplit(target)
        pp = urlsplit(page_url)
        if tp.netloc != pp.netloc:
            if site.variant.get("protorel") or self.protocol_relative(tp.netloc):
                return f"//{tp.netloc}{tp.path}" + (f"?{tp.query}" if tp.query else "")
            return target
        path = tp.path + (f"?{tp.query}" if tp.query else "")
        if self.links == "relative" and not tp.query:
            base = posixpath.dirname(pp.path) or "/"
            rel = posixpath.relpath(tp.path, base)
            return rel if rel.startswith("..") else "./" + rel
        if self.links == "absolute" and not tp.query:
            return target
        return path

    def protocol_relative(self, netloc: str) -> bool:
        return False

    def pager(self, col: Column, k: int, n: int, total: int, link) -> str:
        """The list's pager; ``link(j, text)`` is the anchor to page j (0-based)."""
        return f'<div class="page">{link(k + 1, "下一页")}</div>' if k + 1 < n else '<div class="page"></div>'

    def scripted_list(self, col: Column, entries: list, page: str) -> str | None:
        """A list a script renders (the whole list on one page), or None for a paged HTML list."""
        return None

    def container(self, inner: str) -> str:
        return f'<div class="content">{inner}</div>'

    def attachment_block(self, links: list[str]) -> str:
        return "<p>附件：" + "<br>".join(links) + "</p>"

    def directory_links(self, site: Site) -> list[str]:
        """Extra menu items of the home and 政府信息公开 pages."""
        return []

    def mobile_link(self, site: Site) -> tuple[str, str] | None:
        """(class, text) of an article's link to its mobile twin, if the template has one."""
        return None

    def article_meta(self, site: Site, article: dict) -> list[str]:
        return []

    def article_script(self, site: Site, article: dict) -> str:
        return ""

    # -------------------------------------------------------------- serving
    def nav_route_key(self, site: Site, slug: str) -> str | None:
        return self.nav_path(site, slug).split("?")[0]

    def column_routes(self, col: Column, routes: dict[str, tuple]) -> bool:
        """Add the family's own route keys of a column; False when its pages are not routed by path."""
        return True

    def dispatch(self, farm: Farm, site: Site, req: Request, routes: dict) -> Response | None:
        """An answer to a path the family serves itself (script endpoints), or None."""
        return None

    def attachment_type(self, ext: str) -> str:
        return MIME[ext]
