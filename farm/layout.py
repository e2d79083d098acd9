"""Hosts of every city: its portal, a separate disclosure host, departments with hosts of their own.

``build_sites`` turns the agencies of a ``World`` into sites (hosts), has ``farm.placement`` put
each agency's reports into 年报 columns the way real portals do (portal-patterns §2.2), and
finishes with the obstacles (``farm.obstacles``) and the days' schedule (``farm.schedule``).
What differs by CMS family (host names, site codes, URL shapes) is in ``farm.families``.
"""

from __future__ import annotations

import random
from datetime import date

from farm import families, placement
from farm.obstacles import assign_obstacles
from farm.reports import attach, column_noise, list_report, make_reports
from farm.schedule import schedule
from farm.sites import new_column, new_site
from farm.world import Agency, City, Noise, Report, Site, World, rng_for

SEEDS = [
    # seed id, agency, city, host, family, how its document is served
    ("000_1956a86f1af00c4d", "淄博市应急管理局", "淄博市", "yjj.zibo.gov.cn", "hanweb", "html"),
    ("001_133655a98ecf16d5", "湛河区应急管理局", "湛河区", "www.zhanhe.gov.cn", "wanhu", "docx"),
    ("002_4082593c9dc40e76", "淄博市张店区消防救援大队", "张店区", "www.zhangdian.gov.cn", "hanweb", "pdf"),
    ("003_9f425d37dc18d178", "枣庄市台儿庄区应急管理局", "台儿庄区", "www.tez.gov.cn", "hanweb", "html+docx"),
    ("004_83789a04309035d3", "石嘴山市应急管理局", "石嘴山市", "yjglj.shizuishan.gov.cn", "trs", "doc"),
]
SEED_META = {
    "000_1956a86f1af00c4d": ("3703", 2024),
    "001_133655a98ecf16d5": ("4104", 2024),
    "002_4082593c9dc40e76": ("3703", 2024),
    "003_9f425d37dc18d178": ("3704", 2021),
    "004_83789a04309035d3": ("6402", 2023),
}
SEED_HOSTS = {s[3] for s in SEEDS}


def build_sites(world: World, *, with_seeds: bool) -> None:
    family_seen: set[str] = set()
    portals: dict[str, int] = {}  # portals of each family so far
    for city in world.cities:
        rng = rng_for(world.seed, "layout", city.index)
        first = city.family not in family_seen
        family_seen.add(city.family)
        n = portals[city.family] = portals.get(city.family, -1) + 1
        disclosure = _city_portal(world, city, rng, first, n)
        own = _department_sites(world, city, rng, first)
        make_reports(world, city, rng)
        placement.place_portal(world, city, disclosure, rng, first)
        for dept in own:
            placement.place_department(world, dept, rng)
    if with_seeds:
        _place_seeds(world)
    for city in world.platforms:  # after the seeds: the regular cities' hosts and ids stay as they were
        placement.place_platform(world, city)
    _place_spam_clone(world)
    world.cities[0].portal.variant["chrome"] = "table"  # every chrome markup in even the smallest farm
    assign_obstacles(world, SEED_HOSTS)
    for site in world.sites.values():
        families.of(site).furnish(world, site)
    schedule(world)


def _city_portal(world: World, city: City, rng: random.Random, first: bool, n: int) -> Site:
    """The city's portal (the n-th of its family); returns the host that keeps its 年报 columns."""
    family = families.get(city.family)
    key = family.portal_host(city.key_pinyin or city.pinyin, n)
    portal = new_site(world, family.portal_host(city.pinyin, n), city.family, city.gov, city, first, key)
    city.portal = portal
    city.gov.site = portal
    family.name_site(portal, city.pinyin)
    family.settle_portal(portal, first, n)
    # a separate disclosure host (xxgk.<x>.gov.cn) holds the 年报 columns of some portals
    if family.separate_disclosure and not first and rng.random() < 0.35:
        key = f"xxgk.{city.key_pinyin or city.pinyin}.gov.cn"
        disclosure = new_site(world, f"xxgk.{city.pinyin}.gov.cn", city.family, city.gov, city, False, key)
        family.name_site(disclosure, city.pinyin + "xxgk")
        portal.xxgk_host = disclosure
        return disclosure
    return portal


def _department_sites(world: World, city: City, rng: random.Random, first: bool) -> list[Agency]:
    """Departments with a site of their own (the rest live in the portal's directory)."""
    family = families.get(city.family)
    depts = [a for a in city.agencies if a.kind == "department"]
    n_own = round(len(depts) * rng.uniform(0.2, 0.45))
    if depts and n_own == 0 and (first or family.always_own_department()):
        n_own = 1
    own = depts[:n_own]
    for i, dept in enumerate(own):
        dhost = family.department_host(dept.abbr, city.pinyin, i, city.portal.host)
        key = family.department_host(dept.abbr, city.key_pinyin or city.pinyin, i, city.portal.draw_key)
        dsite = new_site(world, dhost, city.family, dept, city, False, key)
        family.name_site(dsite, dept.abbr)
        family.settle_department(dsite)
        dept.site = dsite
    return own


def _place_seeds(world: World) -> None:
    for sid, agency_name, city_name, host, family, how in SEEDS:
        code, year = SEED_META[sid]
        city = City(1000 + len(world.cities), city_name, host.split(".")[1], "county", "", code + "00", family)
        agency = Agency(agency_name, "seed", city, host.split(".")[0])
        city.gov = agency
        city.agencies.append(agency)
        site = new_site(world, host, family, agency, city, False)
        families.get(family).name_site(site, agency.abbr)
        agency.site = site
        city.portal = site
        body, fmt = (
            ("html", "html")
            if how == "html"
            else ("html+attachment", "html")
            if how.startswith("html+")
            else ("attachment", how)
        )
        rep = Report(
            agency,
            year,
            "2021",
            date(year + 1, 1, 15),
            f"{agency_name}{year}年政府信息公开工作年度报告",
            body,
            fmt,
            synth_seed=0,
            seed_id=sid,
        )
        if fmt != "docx" and body == "attachment":
            world.office_budget -= 1
        agency.reports.append(rep)
        world.reports.append(rep)
        world.cities.append(city)
        rng = rng_for(world.seed, "seed", sid)
        col = new_column(site, "政府信息公开年报", "", "list")
        site.nianbao_root = col
        attach(world, rep, col, rng, att_fmt="docx" if how == "html+docx" else None)
        list_report(rep, col, world)
        column_noise(world, site, col, [rep], rng, portal=False)


def _place_spam_clone(world: World) -> None:
    """One rogue clone host mirroring a portal with spam injected (portal-patterns §3.9)."""
    portals = [c.portal for c in world.cities if c.portal is not None and c.gov and c.gov.kind == "government"]
    if len(portals) < 2:
        return
    victim = portals[1]
    victim.variant["clone"] = "www.365betzf.com"
    world.noise.append(Noise("spam_clone", "友情链接", date(2025, 1, 1), victim, url="http://www.365betzf.com/"))
