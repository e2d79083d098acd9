"""Where reports are listed: a portal's 年报 columns (one list, by unit, by year), a department's own
host, a city platform's units (portal-patterns §2.2)."""

from __future__ import annotations

import random
from datetime import date

from farm import families, names
from farm.reports import attach, column_noise, entry_for, index_number, list_report, make_reports, noise
from farm.sites import new_column, new_site
from farm.world import REPORT_YEARS, Agency, City, Column, Entry, Report, Site, World, rng_for

UNIT_SPLITS = {  # slug per family-neutral unit group
    "government": ("本级政府年报", "szfnb"),
    "department": ("部门年报", "bmnb"),
    "township": ("乡镇街道年报", "xzjd"),
}
PLATFORM_CHROME = {"path": "html5", "flat": "plain"}


def place_portal(world: World, city: City, site: Site, rng: random.Random, first: bool) -> None:
    """Portal → 政府信息公开 → 年报 (split by unit, by year, or one mixed list)."""
    stub = site.variant.get("pager") == "stubdeep"
    placement = "flat" if first or stub else rng.choices(["by_unit", "by_year", "flat"], [40, 30, 30])[0]
    placement = families.of(site).placement(placement, rng)
    inner = [a for a in city.agencies if a.site is None or a.site is city.portal]
    own_depts = [
        a for a in city.agencies if a.kind == "department" and a.site is not None and a.site is not city.portal
    ]
    if placement == "flat":
        root = new_column(site, "政府信息公开年报", "", "list")
        site.nianbao_root = root
        _fill(world, root, [r for a in inner for r in a.reports], rng, portal=True)
        _aggregate(own_depts, root, rng)
        return
    root = new_column(site, "政府信息公开年报", "", "links")
    site.nianbao_root = root
    if placement == "by_unit":
        _by_unit(world, root, inner, own_depts, rng)
    else:
        _by_year(world, root, inner, own_depts, rng)


def _fill(world: World, col: Column, listed: list[Report], rng: random.Random, *, portal: bool) -> None:
    """List the reports in the column, with the noise such lists carry."""
    for rep in listed:
        attach(world, rep, col, rng)
        list_report(rep, col, world)
    column_noise(world, col.site, col, listed, rng, portal=portal)


def _by_unit(world: World, root: Column, inner: list[Agency], own_depts: list[Agency], rng: random.Random) -> None:
    """One sub-column each for the government, the departments and the townships."""
    site = root.site
    groups: dict[str, list[Agency]] = {"government": [], "department": [], "township": []}
    for a in inner:
        groups[a.kind].append(a)
    for kind, agencies in groups.items():
        if not agencies and not (kind == "department" and own_depts):
            continue
        name, slug = UNIT_SPLITS[kind]
        col = new_column(site, name, slug, "list", parent=root)
        root.entries.append(
            Entry(name, date(2026, 1, 1), site.origin + families.page_path(col, 0), "column", column=col)
        )
        _fill(world, col, [r for a in agencies for r in a.reports], rng, portal=kind == "government")
        if kind == "department":
            _aggregate(own_depts, col, rng)


def _by_year(world: World, root: Column, inner: list[Agency], own_depts: list[Agency], rng: random.Random) -> None:
    """One sub-column per report year, newest first, plus the historic ones."""
    site = root.site
    by_year: dict[int, list[Report]] = {}
    for a in inner:
        for r in a.reports:
            by_year.setdefault(r.year, []).append(r)
    for y in sorted(by_year, reverse=True):
        name = f"{y}年度"
        slug = rng.choice([f"{y}n", f"{y}nb", f"gknb{y}"])
        col = new_column(site, name, slug, "list", parent=root)
        root.entries.append(
            Entry(
                name,
                date(y + 1, 1, 1),
                site.origin + families.page_path(col, 0),
                "column",
                column=col,
                day=min(r.day for r in by_year[y]) if by_year[y] else 0,
            )
        )
        _fill(world, col, by_year[y], rng, portal=y == max(by_year))
        _aggregate(list(own_depts), col, rng, year=y)


def _aggregate(depts: list[Agency], col: Column, rng: random.Random, year: int | None = None) -> None:
    """City-wide index entries that link reports on the departments' own hosts."""
    if not depts or rng.random() < 0.3:
        return
    for dept in depts:
        for rep in dept.reports:
            if year is not None and rep.year != year:
                continue
            # the department's report is not placed yet; it gets its URL in _place_department,
            # so the entry is resolved lazily through the report object
            col.entries.append(Entry(rep.title, rep.published, "", "report", report=rep, day=rep.day))


def place_department(world: World, dept: Agency, rng: random.Random) -> None:
    site = dept.site
    assert site is not None
    flags = world.flags
    column_report = families.of(site).column_report(rng, flags)
    if column_report and [r for r in dept.reports if r.day == 0]:
        site.variant["first"] = site.variant["first"] or not flags.get("column_report")
        flags["column_report"] = True
        # the column page IS the report (portal-patterns §2.2 item 7): only the latest report
        latest = [r for r in dept.reports if r.day == 0][-1:]
        for r in dept.reports:
            if r not in latest:
                world.reports.remove(r)
        dept.reports = latest
        col = new_column(site, "政府信息公开年报", "", "report")
        site.nianbao_root = col
        if latest:
            rep = latest[0]
            rep.body, rep.fmt, rep.site = "column", "html", site
            rep.url = site.origin + families.page_path(col, 0)
            rep.index_no = index_number(rng, dept.name, rep.year + 1, 1)
            rep.list_urls.append(rep.url)
            col.entries.append(entry_for(rep))
        return
    col = new_column(site, "政府信息公开年报", "", "list")
    site.nianbao_root = col
    for rep in dept.reports:
        attach(world, rep, col, rng)
        list_report(rep, col, world)
    column_noise(world, site, col, dept.reports, rng, portal=False)
    if rng.random() < 0.25:
        # a repost of another body's report (a department republishing a ministry's 年报)
        body = rng.choice(names.CENTRAL_BODIES)
        y = rng.choice(REPORT_YEARS[:-1])
        noise(
            world,
            site,
            col,
            "repost",
            f"{body}{y}年政府信息公开工作年度报告",
            date(y + 1, 4, rng.randint(1, 28)),
            year=y,
            agency=body,
        )


def place_platform(world: World, city: City) -> None:
    """A city platform: the government, its departments and streets each have their own 政府信息公开
    page and 年报 column, all on www.<city>.gov.cn (集约化, portal-patterns §1 intro and §2.2 item 6).

    "path" style: /zfxxgk/<dept>/index.html and /zfxxgk/<dept>/zfxxgknb/index.html (TRS pager);
    "flat" style: /channels/<id>.html for every unit's hub and column (万户, §1.6): the id says nothing
    about the owner, so only the city's 政府信息公开 page (which links every unit) tells who owns what.
    """
    rng = rng_for(world.seed, "layout", city.index)
    host = f"www.{city.pinyin}.gov.cn"
    portal = new_site(world, host, city.family, city.gov, city, False, f"www.{city.key_pinyin or city.pinyin}.gov.cn")
    v = portal.variant
    v.update(platform=city.platform_style, per_page=6, chrome=PLATFORM_CHROME[city.platform_style])
    family = families.get(city.family)
    family.platform_portal(v)
    city.portal = portal
    world.cities.append(city)
    for agency in city.agencies:
        if agency is city.gov:
            agency.site = portal
            continue
        unit = Site(host, city.family, agency, city, dict(v), platform=portal, key=portal.key)
        unit.obstacles = portal.obstacles
        family.platform_unit(unit, portal, agency.abbr)
        portal.units.append(unit)
        agency.site = unit
    make_reports(world, city, rng)
    for agency in city.agencies:
        for rep in agency.reports:
            rep.day = max(rep.day, 0)  # no late reports here: the days' schedule of the other hosts stays put
    for site in [portal, *portal.units]:
        col = new_column(site, "政府信息公开年报", "", "list")
        site.nianbao_root = col
        for rep in site.owner.reports:
            attach(world, rep, col, rng)
            list_report(rep, col, world)
        column_noise(world, site, col, site.owner.reports, rng, portal=site is portal)
