"""Reports of every agency, their article URLs and attachments, and the noise lists carry.

Which years an agency reports, in which format (portal-patterns §2.1, §2.3), the 2008–2018
reports some lists still carry (§2.4), and what real 年报 lists mix in besides reports (§2.4).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from farm import families
from farm.world import (
    OLD_LAYOUT,
    OLD_YEARS,
    Agency,
    Attachment,
    City,
    Column,
    Entry,
    Noise,
    Report,
    Site,
    World,
    hexid,
    pub_date,
    report_title,
    rng_for,
)


def _choose_format(world: World, rng: random.Random) -> tuple[str, str]:
    r = rng.random()
    if r < 0.5:
        return "html", "html"
    if r < 0.62:
        return "html+attachment", "html"
    fmt = rng.choices(["docx", "pdf", "doc", "scan"], [45, 35, 10, 10])[0]
    if fmt == "docx" or world.office_budget <= 0:
        # DOCX costs ~0.1 s to render: a large farm serves a bounded number, the rest as HTML
        budget = world.flags.setdefault("docx_budget", 150 + world.size // 20)
        if budget <= 0:
            return "html", "html"
        world.flags["docx_budget"] = budget - 1
    seen = world.flags.setdefault("office_formats", set())
    missing = [f for f in ("pdf", "scan", "doc") if f not in seen]
    if fmt != "docx" and missing and world.office_budget > 0:
        fmt = missing[0]  # every office format at least once, even in a small farm
    seen.add(fmt)
    if fmt != "docx":
        if world.office_budget <= 0:
            fmt = "docx"
        else:
            world.office_budget -= 1
    return "attachment", fmt


def make_reports(world: World, city: City, rng: random.Random) -> None:
    for agency in city.agencies:
        arng = rng_for(world.seed, "agency", agency.draw_key)
        start = arng.choices([2019, 2020, 2021, 2022, 2023], [40, 15, 15, 15, 15])[0]
        end = 2025 if arng.random() < 0.8 else 2024
        pending = end == 2024 and arng.random() < 0.75
        years = list(range(start, end + 1)) + ([2025] if pending else [])
        for year in years:
            layout = "2019" if year <= 2020 else "2021"
            if layout == "2021" and year <= 2023 and arng.random() < 0.05:
                layout = "hybrid"
            body, fmt = _choose_format(world, arng)
            kind = "department" if agency.kind == "department" else agency.kind
            rep = Report(
                agency, year, layout, pub_date(arng, year, kind), "", body, fmt, synth_seed=arng.randint(0, 10**6)
            )
            rep.title = report_title(arng, agency.name, year, fmt)
            rep.html_variant = arng.choice(["standard", "standard", "split", "word"])
            rep.day = -1 if (pending and year == 2025) else 0
            agency.reports.append(rep)
            world.reports.append(rep)
        _make_old_reports(world, agency)


# Titles of 2008–2018 reports (portal-patterns §2.3: "XX局2016年政务信息公开年度报告", older wording)
OLD_TITLE_FORMS = [
    ("{a}{y}年政府信息公开工作年度报告", 60),
    ("{a}{y}年政务信息公开年度报告", 15),
    ("{a}{y}年度政府信息公开年度报告", 15),
    ("{a}{y}年政府信息公开工作报告", 10),
]
# share of agencies whose list still carries pre-2019 reports, by kind
OLD_SHARE = {"government": 0.7, "department": 0.3, "township": 0.15}


def _make_old_reports(world: World, agency: Agency) -> None:
    """2008–2018 reports (portal-patterns §2.4 "Historic reports"): free text, some only as a DOCX."""
    orng = rng_for(world.seed, "old", agency.draw_key)
    if orng.random() >= OLD_SHARE.get(agency.kind, 0.0):
        return
    first = orng.randint(OLD_YEARS[0], OLD_YEARS[-2])
    forms, weights = zip(*OLD_TITLE_FORMS, strict=True)
    old = []
    for year in range(first, OLD_YEARS[-1] + 1):
        if orng.random() < 0.25:
            continue  # gaps: not every old year is still online
        body, fmt = ("attachment", "docx") if orng.random() < 0.3 else ("html", "html")
        published = date(year + 1, orng.randint(1, 3), orng.randint(1, 28))  # old deadline: 31 March
        title = orng.choices(forms, weights)[0].format(a=agency.name, y=year)
        old.append(Report(agency, year, OLD_LAYOUT, published, title, body, fmt, synth_seed=orng.randint(0, 10**6)))
    agency.reports[:0] = old
    world.reports.extend(old)


def attach(world: World, rep: Report, col: Column, rng: random.Random, att_fmt: str | None = None) -> None:
    """Give a report its article URL (in column col) and its attachments."""
    site = col.site
    family = families.of(site)
    rep.article_id = family.article_id(site)
    rep.site = site
    rep.url = site.origin + family.article_path(col, rep.published, rep.article_id)
    rep.index_no = index_number(rng, rep.agency.name, rep.year + 1, rep.article_id)
    if rep.body in ("attachment", "html+attachment"):
        fmt = _attachment_format(world, rep, rng, att_fmt)
        if fmt is None:
            rep.body = "html"
            rep.duplicates += family.twins(rep, site)
            return
        path = family.attachment_path(col, rep.published, rep.article_id, families.EXT[fmt], 1)
        shown = rep.title + "." + families.EXT[fmt]
        disp = family.attachment_disposition(rng)
        att = Attachment(site.origin + path, fmt, shown, disp, family.backing_url(site, path))
        rep.attachments.append(att)
    rep.duplicates += family.twins(rep, site)


def _attachment_format(world: World, rep: Report, rng: random.Random, att_fmt: str | None) -> str | None:
    """The attachment's format; None when a report's DOCX copy is over the farm's budget (HTML only)."""
    fmt = att_fmt or (rep.fmt if rep.body == "attachment" else rng.choice(["docx", "docx", "pdf"]))
    if rep.body == "html+attachment" and fmt == "docx" and att_fmt is None:
        budget = world.flags.setdefault("docx_budget", 150 + world.size // 20)
        if budget <= 0:
            return None
        world.flags["docx_budget"] = budget - 1
    if fmt == "pdf" and rep.body == "html+attachment" and att_fmt is None:
        if world.office_budget <= 0:
            fmt = "docx"
        else:
            world.office_budget -= 1
    return fmt


def index_number(rng: random.Random, agency: str, year: int, aid: int) -> str:
    form = rng.randrange(3)
    org = hexid(agency, n=9).upper()
    org = "".join(c if c.isdigit() else str(ord(c) % 10) for c in org)
    if form == 0:
        return f"{org}/{year}-{aid % 100000:05d}"
    if form == 1:
        return f"11{org}{rng.randint(1000000, 9999999)}/{year}-{aid % 100000:05d}"
    return f"{org}-00000-{year}-{aid % 100000:05d}"


def entry_for(rep: Report) -> Entry:
    return Entry(rep.title, rep.published, rep.url, "report", report=rep, day=rep.day)


def list_report(rep: Report, col: Column, world: World | None = None) -> None:
    col.entries.append(entry_for(rep))
    first = col.site.origin + families.page_path(col, 0)
    if first not in rep.list_urls:
        rep.list_urls.append(first)
    if world is not None and col.site.variant.get("wap_in_list") and rep.duplicates and rep.site is col.site:
        # Chongqing-style lists carry the _wap twin as a second item
        noise(
            world,
            col.site,
            col,
            "duplicate",
            rep.title,
            rep.published,
            of=rep,
            year=rep.year,
            agency=rep.agency.name,
            url=rep.duplicates[0],
        )


def noise(
    world: World,
    site: Site,
    col: Column,
    kind: str,
    title: str,
    d: date,
    *,
    of: Report | None = None,
    year: int | None = None,
    agency: str | None = None,
    url: str | None = None,
    listed: bool = True,
) -> Noise:
    nz = Noise(kind, title, d, site, of=of, year=year, agency=agency)
    if url is None:
        nz.article_id = families.of(site).noise_article_id(site)
        url = site.origin + families.of(site).article_path(col, d, nz.article_id)
    nz.url = url
    world.noise.append(nz)
    if listed:
        col.entries.append(Entry(title, d, url, "noise", noise=nz, day=of.day if of else 0))
        nz.list_url = site.origin + families.page_path(col, 0)
    return nz


def column_noise(
    world: World, site: Site, col: Column, reports: list[Report], rng: random.Random, *, portal: bool
) -> None:
    """The things real 年报 lists carry besides reports (portal-patterns §2.4)."""
    owner = site.owner.name
    years = sorted({r.year for r in reports}) or [2023]
    if portal and rng.random() < 0.6:
        for y in years[-2:]:
            title = rng.choice(
                [
                    f"{owner}门户网站{y}年度工作报表",
                    f"政府网站工作年度报表（{y}年度）",
                    f"{site.city.name}政府网站{y}年度报表",
                ]
            )
            noise(world, site, col, "website_report", title, date(y + 1, 1, rng.randint(10, 28)), year=y)
    if portal or rng.random() < 0.3:
        y = rng.choice(years)
        noise(
            world,
            site,
            col,
            "notice",
            f"关于做好{y}年政府信息公开工作年度报告编制发布工作的通知",
            date(y, 12, rng.randint(5, 28)),
            year=y,
        )
    for rep in reports:
        if rep.day < 0 and rng.random() < 0.5:
            continue
        if rng.random() < 0.15:
            form = rng.choice(
                ["一图读懂{t}", "图解：{a}{y}年政府信息公开工作年度报告", "{a}{y}年政府信息公开工作年度报告解读"]
            )
            title = form.format(t=rep.title, a=rep.agency.name, y=rep.year)
            kind = "interpretation" if title.endswith("解读") else "graphic"
            noise(
                world,
                site,
                col,
                kind,
                title,
                rep.published + timedelta(days=1),
                of=rep,
                year=rep.year,
                agency=rep.agency.name,
            )
