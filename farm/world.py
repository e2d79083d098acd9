"""The simulated country: provinces, cities, agencies, hosts, columns, reports and noise.

Everything is derived from (seed, size) with private ``random.Random``
streams (``farm.country.build_world``), so two farms built with the same
arguments are identical.  The world holds metadata only (titles, dates, URLs, which column lists what);
page bytes are rendered on request by ``farm.pages`` and report content by
``farm.content``.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

REPORT_YEARS = list(range(2019, 2026))
# Reports before the 2019 条例 (2008–2018): free text, no statutory tables (portal-patterns §2.4: Hubei
# and Xinjiang list every year from 2008).  The archive keeps every year, so they are reports too.
OLD_YEARS = list(range(2008, 2019))
OLD_LAYOUT = "pre2019"
EPOCH = date(2026, 6, 1)  # day 0 of the farm's calendar (Last-Modified of day-d changes)

OBSTACLES = [
    "charset_gb2312",
    "charset_missing",
    "charset_lying",
    "flaky_500",
    "slow",
    "redirect_301",
    "meta_refresh",
    "js_redirect",
    "soft_404",
    "robots_disallow_column",
    "robots_disallow_all",
    "challenge_412",
    "rate_ban",
    "no_validators",
]
# obstacles that make a host's reports unreachable for a correct, polite crawler
BLOCKING = {
    "slow": "slow",
    "robots_disallow_column": "robots",
    "robots_disallow_all": "robots",
    "challenge_412": "blocked",
}


def rng_for(*parts: object) -> random.Random:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def hexid(*parts: object, n: int = 32) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).hexdigest()[:n]


@dataclass(eq=False)
class Agency:
    name: str
    kind: str  # government, department, township, seed
    city: City
    abbr: str  # department abbreviation / directory name
    site: Site | None = None  # its own host, if any
    reports: list[Report] = field(default_factory=list)
    key: str = ""  # what its draws are keyed by (``farm.names.key_name``); its name when empty

    @property
    def draw_key(self) -> str:
        return self.key or self.name


@dataclass(eq=False)
class City:
    index: int
    name: str  # 北德区
    pinyin: str
    level: str  # city / county
    province: str
    division_code: str
    family: str
    gov: Agency | None = None
    agencies: list[Agency] = field(default_factory=list)
    portal: Site | None = None
    platform_style: str | None = None  # "path" / "flat" on a city platform (all units on one host)
    key_name: str = ""  # the name and pinyin its draws are keyed by (``farm.names.key_name``)
    key_pinyin: str = ""


@dataclass(eq=False)
class Site:
    host: str  # "www.beide.gov.cn", "61.150.65.235", "122.137.242.24:8080"
    family: str
    owner: Agency
    city: City
    variant: dict
    obstacles: set[str] = field(default_factory=set)
    robots: str = "permissive"  # absent, permissive, internals, forbidden, disallow_column, disallow_all
    columns: list[Column] = field(default_factory=list)
    nianbao_root: Column | None = None
    xxgk_host: Site | None = None  # the portal's separate disclosure host, if any
    id_counter: int = 0
    # City platforms (many agencies on one host): the host's registered Site keeps the government's
    # pages and lists its departments' corners in ``units``; each unit is a Site on the same host
    # whose ``platform`` is the registered one (ids come from the shared counter, so they never clash).
    platform: Site | None = None
    units: list[Site] = field(default_factory=list)
    key: str = ""  # the host its draws are keyed by (the host of its city's key pinyin); its host when empty

    @property
    def draw_key(self) -> str:
        return self.key or self.host

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    def next_id(self) -> int:
        if self.platform is not None:
            return self.platform.next_id()
        self.id_counter += 1
        return self.id_counter

    @property
    def host_site(self) -> Site:
        """The registered Site of this host (itself, or the platform a unit lives on)."""
        return self.platform or self


@dataclass(eq=False)
class Column:
    site: Site
    cid: str  # family-specific column id (path, col id, channel id, catId)
    name: str  # ColumnName
    kind: str  # "list" (paginated items) or "links" (links to sub-columns) or "report" (body is a report)
    per_page: int = 15
    entries: list[Entry] = field(default_factory=list)
    parent: Column | None = None
    stub_after: int | None = None  # pages with index > stub_after are stubs / 404 (long tail)


@dataclass(eq=False)
class Entry:
    """One link in a column list: a report, a noise item or a sub-column."""

    title: str
    date: date
    url: str  # absolute URL of the target
    kind: str  # report, noise, column
    report: Report | None = None
    noise: Noise | None = None
    column: Column | None = None
    day: int = 0  # first farm day on which it is listed


@dataclass(eq=False)
class Attachment:
    url: str
    fmt: str  # pdf, docx, doc, scan (a scanned-image PDF), html-copy
    filename: str  # the Chinese name shown in link text / Content-Disposition
    disposition: str = "none"  # none, gbk, rfc5987
    backing_url: str | None = None  # Hanweb: the /jcms_files path behind downfile.jsp


@dataclass(eq=False)
class Report:
    agency: Agency
    year: int
    layout: str
    published: date
    title: str
    body: str  # html, attachment, html+attachment, column
    fmt: str  # html, pdf, docx, doc, scan: the format of the document that carries the tables
    synth_seed: int
    seed_id: str | None = None
    site: Site | None = None
    url: str = ""  # canonical page URL
    article_id: int = 0
    index_no: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # wap / mpost / gkmlpt / mirror copies
    list_urls: list[str] = field(default_factory=list)  # first pages of the columns listing it
    day: int = 0  # farm day on which it appears
    gone_day: int | None = None  # farm day from which its page answers 404
    replaced_day: int | None = None  # farm day on which its attachment was replaced
    unreachable: str | None = None  # why a correct crawler cannot get it (blocked, robots, slow, stub_pages)
    html_variant: str = "standard"

    @property
    def rid(self) -> str:
        return f"{self.agency.name}/{self.year}"

    @property
    def old(self) -> bool:
        """A pre-2019 report (free text, no statutory tables)."""
        return self.layout == OLD_LAYOUT

    def version(self, day: int) -> int:
        return 2 if self.replaced_day is not None and day >= self.replaced_day else 1


@dataclass(eq=False)
class Noise:
    kind: str  # website_report, notice, interpretation, graphic, historic, repost, duplicate, nav, spam_clone,
    #           dead_link, other_document
    title: str
    date: date
    site: Site
    url: str = ""
    of: Report | None = None  # the report it duplicates / interprets / reposts
    year: int | None = None
    agency: str | None = None
    article_id: int = 0
    list_url: str | None = None  # first page of the column that lists it


@dataclass
class World:
    seed: int
    size: int
    obstacles_enabled: bool
    provinces: list[str]
    cities: list[City]
    sites: dict[str, Site]
    reports: list[Report]
    noise: list[Noise]
    pending: list[Report]  # reports that appear on later days, in order
    replace_order: list[Report]
    vanish_order: list[Report]
    office_budget: int
    flags: dict = field(default_factory=dict)
    platforms: list[City] = field(default_factory=list)  # cities whose agencies share one host


def every_site(world: World) -> Iterator[Site]:
    """Every registered host's Site, followed by the units that share its host (city platforms)."""
    for site in world.sites.values():
        yield site
        yield from site.units


def pub_date(rng: random.Random, year: int, kind: str) -> date:
    # departments by 31 January, governments by 31 March (portal-patterns §2.1)
    span = 30 if kind in ("department", "seed") else 88
    return date(year + 1, 1, 5) + timedelta(days=rng.randint(0, span))


TITLE_FORMS = [
    ("{a}{y}年政府信息公开工作年度报告", 60),
    ("{a}{y}年度政府信息公开工作年度报告", 12),
    ("{a}{y}年政府信息公开工作报告", 6),
    ("{a}关于{y}年政府信息公开工作年度报告", 4),
    ("{y}年政府信息公开工作年度报告", 10),
    ("{a}{y}年政府信息公开工作年度报告（修订版）", 2),
    ("政府信息公开工作年度报告", 1),
]


def report_title(rng: random.Random, agency: str, year: int, fmt: str) -> str:
    forms, weights = zip(*TITLE_FORMS, strict=True)
    title = rng.choices(forms, weights)[0].format(a=agency, y=year)
    if fmt == "scan" and "（" not in title:
        title += "（图片版）"
    return title
