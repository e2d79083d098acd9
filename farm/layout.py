"""Hosts, columns, URLs and list entries of every city, family by family.

``build_sites`` turns the agencies of a ``World`` into sites (hosts), puts
each agency's reports into 年报 columns the way real portals do
(portal-patterns §2.2) and mixes in the noise real lists carry (§2.4).
The URL shapes per family are in ``Shapes``; ``farm.pages`` renders them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from farm import names
from farm.world import (
    BLOCKING,
    OBSTACLES,
    OLD_LAYOUT,
    OLD_YEARS,
    REPORT_YEARS,
    Agency,
    Attachment,
    City,
    Column,
    Entry,
    Noise,
    Report,
    Site,
    World,
    every_site,
    hexid,
    pub_date,
    report_title,
    rng_for,
)

SEEDS = [
    # seed id, agency, city, host, family, how its document is served
    ("000_1956a86f1af00c4d", "淄博市应急管理局", "淄博市", "yjj.zibo.gov.cn", "hanweb", "html"),
    ("001_133655a98ecf16d5", "湛河区应急管理局", "湛河区", "www.zhanhe.gov.cn", "wanhu", "docx"),
    ("002_4082593c9dc40e76", "淄博市张店区消防救援大队", "张店区", "www.zhangdian.gov.cn", "hanweb", "pdf"),
    ("003_9f425d37dc18d178", "枣庄市台儿庄区应急管理局", "台儿庄区", "www.tez.gov.cn", "hanweb", "html+docx"),
    ("004_83789a04309035d3", "石嘴山市应急管理局", "石嘴山市", "yjglj.shizuishan.gov.cn", "trs", "doc"),
]
SEED_META = {"000_1956a86f1af00c4d": ("3703", 2024), "001_133655a98ecf16d5": ("4104", 2024),
             "002_4082593c9dc40e76": ("3703", 2024), "003_9f425d37dc18d178": ("3704", 2021),
             "004_83789a04309035d3": ("6402", 2023)}

EXT = {"pdf": "pdf", "scan": "pdf", "docx": "docx", "doc": "doc"}
TRS_ROOTS = ["/zwgk/zfxxgk/zfxxgknb/", "/xxgk/zfxxgknb/", "/zfxxgk/xxgknb/", "/gongkai/zfxxgk/gknb/",
             "/zwgk/zfxxgkzl/gknb/"]
UNIT_SPLITS = {  # slug per family-neutral unit group
    "government": ("本级政府年报", "szfnb"), "department": ("部门年报", "bmnb"), "township": ("乡镇街道年报", "xzjd"),
}


CHROME_TEMPLATES = ["html5", "table", "plain"]  # see farm.pages.Chrome
CHROME_SHARE = 0.55
PLATFORM_CHROME = {"path": "html5", "flat": "plain"}


# ------------------------------------------------------------------ URL shapes per family
class Shapes:
    """Where a family puts column pages, articles and attachments (portal-patterns §1)."""

    @staticmethod
    def hub_path(site: Site) -> str:
        f, v = site.family, site.variant
        if f == "trs":
            return v["root"].rsplit("/", 2)[0] + f"/index.{v['ext']}"
        if f == "ucap":
            return f"/{v['sc']}/c100034/zfxxgk.shtml"
        if f == "hanweb":
            return f"/col/col{v['hub']}/index.html"
        if f == "guangdong":
            return "/zwgk/index.html"
        if f == "anhui":
            return f"/site/tpl/{v['tpl']}"
        if f == "wanhu":
            return f"/channels/{v['hub']}.html"
        return "/zfxxgk/index.html"

    @staticmethod
    def new_column(site: Site, name: str, slug: str, kind: str, parent: Column | None = None,
                   per_page: int | None = None) -> Column:
        f, v = site.family, site.variant
        n = site.next_id()
        if f == "trs" or (f == "other" and v.get("pager") == "stubdeep"):
            base = v["root"] if parent is None else parent.cid + slug + "/"
            cid = base
        elif f == "ucap":
            cid = f"/{v['sc']}/c{100100 + n * 7}/"
        elif f == "hanweb":
            cid = str(v["colbase"] + n * 3)
        elif f == "guangdong":
            cid = "/zwgk/xxgknb/" if parent is None else f"/zwgk/xxgknb/{slug}/"
        elif f == "anhui":
            cid = str(v["catbase"] + n * 11)
        elif f == "wanhu":
            cid = str(v["chbase"] + n * 13)
        else:
            cid = "/zfxxgk/zfxxgknb/" if parent is None else f"/zfxxgk/zfxxgknb/{slug}/"
        col = Column(site, cid, name, kind, per_page or v["per_page"], parent=parent)
        site.columns.append(col)
        return col

    @staticmethod
    def page_path(col: Column, k: int) -> str:
        site = col.site
        f, v = site.family, site.variant
        if f == "trs" or (f == "other" and v.get("pager") == "stubdeep"):
            ext = v["ext"]
            return f"{col.cid}index.{ext}" if k == 0 else f"{col.cid}index_{k}.{ext}"
        if f == "ucap":
            return f"{col.cid}xlist.shtml" if k == 0 else f"{col.cid}xlist_{k + 1}.shtml"
        if f == "hanweb":
            return f"/col/col{col.cid}/index.html"
        if f == "guangdong":
            return f"{col.cid}index.html" if k == 0 else f"{col.cid}index_{k + 1}.html"
        if f == "anhui":
            base = f"/public/column/{v['site_id']}?type=4&catId={col.cid}&action=list&nav=3"
            return base if k == 0 else f"{base}&pageIndex={k + 1}"
        if f == "wanhu":
            return f"/channels/{col.cid}.html" if k == 0 else f"/channels/{col.cid}_{k + 1}.html"
        return f"{col.cid}{k + 1}.html"

    @staticmethod
    def article_path(col: Column, d: date, aid: int) -> str:
        site = col.site
        f, v = site.family, site.variant
        if f == "trs" or (f == "other" and v.get("pager") == "stubdeep"):
            return f"{col.cid}{d:%Y%m}/t{d:%Y%m%d}_{aid}.{v['ext']}"
        if f == "ucap":
            return f"{col.cid}{d:%Y%m}/{hexid(site.host, aid)}.shtml"
        if f == "hanweb":
            return f"/art/{d.year}/{d.month}/{d.day}/art_{col.cid}_{aid}.html"
        if f == "guangdong":
            return f"{col.cid}content/post_{aid}.html"
        if f == "anhui":
            return f"/public/{v['site_id']}/{aid}.html"
        if f == "wanhu":
            return f"/contents/{col.cid}/{aid}.html"
        return f"{col.cid}{snowflake(site.host, aid)}.html"

    @staticmethod
    def attachment_path(col: Column, d: date, aid: int, fmt: str, n: int) -> str:
        site = col.site
        f, v = site.family, site.variant
        ext = EXT[fmt]
        if f in ("trs", "ucap") or (f == "other" and v.get("pager") == "stubdeep"):
            digits = int(hexid(site.host, aid, n, n=10), 16) % 10**12
            return f"{col.cid}{d:%Y%m}/P0{d:%Y%m%d}{digits:012d}.{ext}"
        if f == "hanweb":
            return f"/module/download/downfile.jsp?classid=0&filename={hexid(site.host, aid, n)}.{ext}"
        if f == "guangdong":
            att = 585000 + aid % 400000 + n
            return f"/attachment/{att % 8}/{att // 1000}/{att}/{aid}.{ext}"
        if f == "anhui":
            return f"/public/upload/{v['site_id']}/{d:%Y%m}/{hexid(site.host, aid, n)}.{ext}"
        if f == "wanhu":
            return f"/uploadfiles/{d:%Y%m}/{aid}{n:02d}.{ext}"
        return f"/uploads/{d:%Y}/{d:%m}/{snowflake(site.host, aid * 10 + n)}.{ext}"


def snowflake(host: str, n: int) -> str:
    return str(1619593655548706818 + int(hexid(host, n, n=12), 16) % 10**17)


# ------------------------------------------------------------------ sites
def _variant(family: str, rng: random.Random, host_seed: str, first: bool) -> dict:
    v: dict = {"per_page": 8 if first else rng.choice([10, 12, 15, 20]),
               "list_tpl": rng.choice(["ul", "ul", "table", "h4"]),
               "date_fmt": rng.choices(["dash", "bracket", "dot", "slash", "md"], [40, 20, 20, 15, 5])[0],
               "truncate": rng.random() < 0.6,
               "meta": rng.random() < 0.85,  # mandatory meta tags present
               "index_tpl": rng.choice(["td_b", "alternating", "grid"]),
               "ext": "html"}
    if family == "trs":
        v["root"] = rng.choice(TRS_ROOTS)
        v["ext"] = rng.choice(["html", "html", "shtml", "htm"])
        v["pager_js"] = rng.choice(["call", "vars"])
        v["wap"] = rng.random() < 0.4
        v["wap_in_list"] = v["wap"] and rng.random() < 0.5
    elif family == "ucap":
        v["ext"] = "shtml"
    elif family == "hanweb":
        v["hub"] = 1000 + rng.randint(0, 8000)
        v["colbase"] = rng.randint(10000, 300000)
        v["webid"] = rng.randint(1, 400)
        v["per_page"] = 5 if first else rng.choice([10, 15, 20])
        v["group"] = 3
    elif family == "guangdong":
        v["sid"] = str(rng.randint(200001, 766001))
        v["postbase"] = rng.randint(5000000, 9000000)
    elif family == "anhui":
        v["site_id"] = rng.randint(1000, 60000)
        v["tpl"] = rng.randint(1000, 9000)
        v["catbase"] = rng.randint(100000, 900000)
        v["list_tpl"] = rng.choice(["ul", "table"])
    elif family == "wanhu":
        v["hub"] = rng.randint(1000, 20000)
        v["chbase"] = rng.randint(1000, 20000)
    else:
        v["pager"] = "nextlink"
    v["abase"] = rng.randint(100000, 9000000)
    return v


def _new_site(world: World, host: str, family: str, owner: Agency, city: City, first: bool) -> Site:
    rng = rng_for(world.seed, "site", host)
    site = Site(host, family, owner, city, _variant(family, rng, host, first))
    site.variant["first"] = first
    # full site chrome (header, menu, footer with 相关链接) on about half the hosts, in one of three
    # markups; its own stream, so the other variant draws stay as they were
    crng = rng_for(world.seed, "chrome", host)
    site.variant["chrome"] = crng.choice(CHROME_TEMPLATES) if crng.random() < CHROME_SHARE else ""
    world.sites[host] = site
    return site


def _ucap_sc(site: Site, code: str) -> None:
    site.variant["sc"] = code


def build_sites(world: World, *, with_seeds: bool) -> None:
    family_seen: set[str] = set()
    other_count = 0
    for city in world.cities:
        rng = rng_for(world.seed, "layout", city.index)
        first = city.family not in family_seen
        family_seen.add(city.family)
        host = f"www.{city.pinyin}.gov.cn"
        if city.family == "other":
            if other_count == 0:
                host = "61.150.65.235"
            elif other_count % 3 == 0:
                host = f"61.150.{65 + other_count}.235"
            other_count += 1
        portal = _new_site(world, host, city.family, city.gov, city, first)
        city.portal = portal
        city.gov.site = portal
        if city.family == "ucap":
            _ucap_sc(portal, city.pinyin)
        if city.family == "other" and first:
            portal.variant["pager"] = "nextlink"
        elif city.family == "other" and other_count % 2 == 0:
            portal.variant.update(pager="stubdeep", root="/zwgk/zfxxgknb/", ext="html", pager_js="call", per_page=6)
        # a separate disclosure host (xxgk.<x>.gov.cn) holds the 年报 columns of some portals
        disclosure = portal
        if city.family in ("trs", "ucap") and not first and rng.random() < 0.35:
            disclosure = _new_site(world, f"xxgk.{city.pinyin}.gov.cn", city.family, city.gov, city, False)
            if city.family == "ucap":
                _ucap_sc(disclosure, city.pinyin + "xxgk")
            portal.xxgk_host = disclosure
        # departments with a site of their own (the rest live in the portal's directory)
        depts = [a for a in city.agencies if a.kind == "department"]
        n_own = round(len(depts) * rng.uniform(0.2, 0.45))
        if depts and n_own == 0 and (first or city.family == "other"):
            n_own = 1
        own = depts[:n_own]
        for i, dept in enumerate(own):
            dhost = f"{dept.abbr}.{city.pinyin}.gov.cn"
            if city.family == "other" and i == 0 and host == "61.150.65.235":
                dhost = "122.137.242.24:8080"
            dsite = _new_site(world, dhost, city.family, dept, city, False)
            if city.family == "ucap":
                _ucap_sc(dsite, dept.abbr)
            if city.family == "other":
                dsite.variant["pager"] = "nextlink"
                dsite.variant["first"] = dsite.variant["first"] or ":" in dhost
            dept.site = dsite
        _make_reports(world, city, rng)
        _place_portal(world, city, disclosure, rng, first)
        for dept in own:
            _place_department(world, dept, rng)
    if with_seeds:
        _place_seeds(world)
    for city in world.platforms:  # after the seeds: the regular cities' hosts and ids stay as they were
        _place_platform(world, city)
    _place_spam_clone(world)
    world.cities[0].portal.variant["chrome"] = "table"  # every chrome markup in even the smallest farm
    _assign_obstacles(world)
    _gkmlpt(world)
    _schedule(world)


# ------------------------------------------------------------------ reports
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


def _make_reports(world: World, city: City, rng: random.Random) -> None:
    for agency in city.agencies:
        arng = rng_for(world.seed, "agency", agency.name)
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
            rep = Report(agency, year, layout, pub_date(arng, year, kind), "", body, fmt,
                         synth_seed=arng.randint(0, 10**6))
            rep.title = report_title(arng, agency.name, year, fmt)
            rep.html_variant = arng.choice(["standard", "standard", "split", "word"])
            rep.day = -1 if (pending and year == 2025) else 0
            agency.reports.append(rep)
            world.reports.append(rep)
        _make_old_reports(world, agency)


# Titles of 2008–2018 reports (portal-patterns §2.3: "XX局2016年政务信息公开年度报告", older wording)
OLD_TITLE_FORMS = [("{a}{y}年政府信息公开工作年度报告", 60), ("{a}{y}年政务信息公开年度报告", 15),
                   ("{a}{y}年度政府信息公开年度报告", 15), ("{a}{y}年政府信息公开工作报告", 10)]
# share of agencies whose list still carries pre-2019 reports, by kind
OLD_SHARE = {"government": 0.7, "department": 0.3, "township": 0.15}


def _make_old_reports(world: World, agency: Agency) -> None:
    """2008–2018 reports (portal-patterns §2.4 "Historic reports"): free text, some only as a DOCX."""
    orng = rng_for(world.seed, "old", agency.name)
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


def _attach(world: World, rep: Report, col: Column, rng: random.Random, att_fmt: str | None = None) -> None:
    """Give a report its article URL (in column col) and its attachments."""
    site = col.site
    v = site.variant
    if site.family == "guangdong":
        rep.article_id = v["postbase"] + site.next_id() * 17
    elif site.family == "anhui":
        rep.article_id = 560000000 + v["abase"] + site.next_id() * 7
    else:
        rep.article_id = v["abase"] + site.next_id() * 37
    rep.site = site
    rep.url = site.origin + Shapes.article_path(col, rep.published, rep.article_id)
    rep.index_no = index_number(rng, rep.agency.name, rep.year + 1, rep.article_id)
    if rep.body in ("attachment", "html+attachment"):
        fmt = att_fmt or (rep.fmt if rep.body == "attachment" else rng.choice(["docx", "docx", "pdf"]))
        if rep.body == "html+attachment" and fmt == "docx" and att_fmt is None:
            budget = world.flags.setdefault("docx_budget", 150 + world.size // 20)
            if budget <= 0:
                rep.body = "html"
                return _twins(rep, site)
            world.flags["docx_budget"] = budget - 1
        if fmt == "pdf" and rep.body == "html+attachment" and att_fmt is None:
            if world.office_budget <= 0:
                fmt = "docx"
            else:
                world.office_budget -= 1
        path = Shapes.attachment_path(col, rep.published, rep.article_id, fmt, 1)
        shown = rep.title + "." + EXT[fmt]
        disp = "none"
        if site.family in ("hanweb", "anhui", "wanhu"):
            disp = rng.choice(["gbk", "rfc5987", "none"])
        att = Attachment(site.origin + path, fmt, shown, disp)
        if site.family == "hanweb":
            h = path.rsplit("filename=", 1)[1]
            att.backing_url = f"{site.origin}/jcms_files/jcms1/web{v['webid']}/site/attach/0/{h}"
        rep.attachments.append(att)
    _twins(rep, site)


def _twins(rep: Report, site: Site) -> None:
    v = site.variant
    if site.family == "trs" and v.get("wap"):
        rep.duplicates.append(rep.url.rsplit(".", 1)[0] + "_wap." + v["ext"])
    if site.family == "guangdong":
        rep.duplicates.append(rep.url.replace("/post_", "/mpost_"))
        pid = rep.article_id
        rep.duplicates.append(f"{site.origin}/gkmlpt/content/{pid // 1000000}/{pid // 1000}/post_{pid}.html")


def index_number(rng: random.Random, agency: str, year: int, aid: int) -> str:
    form = rng.randrange(3)
    org = hexid(agency, n=9).upper()
    org = "".join(c if c.isdigit() else str(ord(c) % 10) for c in org)
    if form == 0:
        return f"{org}/{year}-{aid % 100000:05d}"
    if form == 1:
        return f"11{org}{rng.randint(1000000, 9999999)}/{year}-{aid % 100000:05d}"
    return f"{org}-00000-{year}-{aid % 100000:05d}"


def _entry_for(rep: Report) -> Entry:
    return Entry(rep.title, rep.published, rep.url, "report", report=rep, day=rep.day)


def _list_report(rep: Report, col: Column, world: World | None = None) -> None:
    col.entries.append(_entry_for(rep))
    first = col.site.origin + Shapes.page_path(col, 0)
    if first not in rep.list_urls:
        rep.list_urls.append(first)
    if world is not None and col.site.variant.get("wap_in_list") and rep.duplicates and rep.site is col.site:
        # Chongqing-style lists carry the _wap twin as a second item
        _noise(world, col.site, col, "duplicate", rep.title, rep.published, of=rep, year=rep.year,
               agency=rep.agency.name, url=rep.duplicates[0])


def _noise(world: World, site: Site, col: Column, kind: str, title: str, d: date, *,
           of: Report | None = None, year: int | None = None, agency: str | None = None,
           url: str | None = None, listed: bool = True) -> Noise:
    nz = Noise(kind, title, d, site, of=of, year=year, agency=agency)
    if url is None:
        nz.article_id = site.variant["abase"] + site.next_id() * 37
        if site.family == "guangdong":
            nz.article_id = site.variant["postbase"] + site.next_id() * 17
        elif site.family == "anhui":
            nz.article_id = 560000000 + site.variant["abase"] + site.next_id() * 7
        url = site.origin + Shapes.article_path(col, d, nz.article_id)
    nz.url = url
    world.noise.append(nz)
    if listed:
        col.entries.append(Entry(title, d, url, "noise", noise=nz, day=of.day if of else 0))
        nz.list_url = site.origin + Shapes.page_path(col, 0)
    return nz


def _column_noise(world: World, site: Site, col: Column, reports: list[Report], rng: random.Random,
                  *, portal: bool) -> None:
    """The things real 年报 lists carry besides reports (portal-patterns §2.4)."""
    owner = site.owner.name
    years = sorted({r.year for r in reports}) or [2023]
    if portal and rng.random() < 0.6:
        for y in years[-2:]:
            title = rng.choice([f"{owner}门户网站{y}年度工作报表", f"政府网站工作年度报表（{y}年度）",
                                f"{site.city.name}政府网站{y}年度报表"])
            _noise(world, site, col, "website_report", title, date(y + 1, 1, rng.randint(10, 28)), year=y)
    if portal or rng.random() < 0.3:
        y = rng.choice(years)
        _noise(world, site, col, "notice", f"关于做好{y}年政府信息公开工作年度报告编制发布工作的通知",
               date(y, 12, rng.randint(5, 28)), year=y)
    for rep in reports:
        if rep.day < 0 and rng.random() < 0.5:
            continue
        if rng.random() < 0.15:
            form = rng.choice(["一图读懂{t}", "图解：{a}{y}年政府信息公开工作年度报告", "{a}{y}年政府信息公开工作年度报告解读"])
            title = form.format(t=rep.title, a=rep.agency.name, y=rep.year)
            kind = "interpretation" if title.endswith("解读") else "graphic"
            _noise(world, site, col, kind, title, rep.published + timedelta(days=1), of=rep, year=rep.year,
                   agency=rep.agency.name)


# ------------------------------------------------------------------ placement
def _place_portal(world: World, city: City, site: Site, rng: random.Random, first: bool) -> None:
    """Portal → 政府信息公开 → 年报 (split by unit, by year, or one mixed list)."""
    stub = site.variant.get("pager") == "stubdeep"
    placement = "flat" if first or stub else rng.choices(["by_unit", "by_year", "flat"], [40, 30, 30])[0]
    if site.family == "hanweb" and placement == "by_year" and rng.random() < 0.5:
        placement = "by_unit"
    inner = [a for a in city.agencies if a.site is None or a.site is city.portal]
    own_depts = [a for a in city.agencies if a.kind == "department" and a.site is not None
                 and a.site is not city.portal]
    if placement == "flat":
        root = Shapes.new_column(site, "政府信息公开年报", "", "list")
        site.nianbao_root = root
        reports = [r for a in inner for r in a.reports]
        for rep in reports:
            _attach(world, rep, root, rng)
            _list_report(rep, root, world)
        _column_noise(world, site, root, reports, rng, portal=True)
        _aggregate(own_depts, root, rng)
        return
    root = Shapes.new_column(site, "政府信息公开年报", "", "links")
    site.nianbao_root = root
    if placement == "by_unit":
        groups: dict[str, list[Agency]] = {"government": [], "department": [], "township": []}
        for a in inner:
            groups[a.kind].append(a)
        for kind, agencies in groups.items():
            if not agencies and not (kind == "department" and own_depts):
                continue
            name, slug = UNIT_SPLITS[kind]
            col = Shapes.new_column(site, name, slug, "list", parent=root)
            root.entries.append(Entry(name, date(2026, 1, 1), site.origin + Shapes.page_path(col, 0), "column",
                                      column=col))
            reports = [r for a in agencies for r in a.reports]
            for rep in reports:
                _attach(world, rep, col, rng)
                _list_report(rep, col, world)
            _column_noise(world, site, col, reports, rng, portal=kind == "government")
            if kind == "department":
                _aggregate(own_depts, col, rng)
        return
    # by year: one sub-column per report year, newest first, plus the historic ones
    by_year: dict[int, list[Report]] = {}
    for a in inner:
        for r in a.reports:
            by_year.setdefault(r.year, []).append(r)
    for y in sorted(by_year, reverse=True):
        name = f"{y}年度"
        slug = rng.choice([f"{y}n", f"{y}nb", f"gknb{y}"])
        col = Shapes.new_column(site, name, slug, "list", parent=root)
        root.entries.append(Entry(name, date(y + 1, 1, 1), site.origin + Shapes.page_path(col, 0), "column",
                                  column=col, day=min(r.day for r in by_year[y]) if by_year[y] else 0))
        for rep in by_year[y]:
            _attach(world, rep, col, rng)
            _list_report(rep, col, world)
        _column_noise(world, site, col, by_year[y], rng, portal=y == max(by_year))
        _aggregate([a for a in own_depts], col, rng, year=y)


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


def _place_department(world: World, dept: Agency, rng: random.Random) -> None:
    site = dept.site
    assert site is not None
    flags = world.flags
    column_report = (site.family == "hanweb" and (not flags.get("column_report") or rng.random() < 0.15)) or (
        site.family == "other" and rng.random() < 0.25)
    if column_report and [r for r in dept.reports if r.day == 0]:
        site.variant["first"] = site.variant["first"] or not flags.get("column_report")
        flags["column_report"] = True
        # the column page IS the report (portal-patterns §2.2 item 7): only the latest report
        latest = [r for r in dept.reports if r.day == 0][-1:]
        for r in dept.reports:
            if r not in latest:
                world.reports.remove(r)
        dept.reports = latest
        col = Shapes.new_column(site, "政府信息公开年报", "", "report")
        site.nianbao_root = col
        if latest:
            rep = latest[0]
            rep.body, rep.fmt, rep.site = "column", "html", site
            rep.url = site.origin + Shapes.page_path(col, 0)
            rep.index_no = index_number(rng, dept.name, rep.year + 1, 1)
            rep.list_urls.append(rep.url)
            col.entries.append(_entry_for(rep))
        return
    col = Shapes.new_column(site, "政府信息公开年报", "", "list")
    site.nianbao_root = col
    for rep in dept.reports:
        _attach(world, rep, col, rng)
        _list_report(rep, col, world)
    _column_noise(world, site, col, dept.reports, rng, portal=False)
    if rng.random() < 0.25:
        # a repost of another body's report (a department republishing a ministry's 年报)
        body = rng.choice(names.CENTRAL_BODIES)
        y = rng.choice(REPORT_YEARS[:-1])
        _noise(world, site, col, "repost", f"{body}{y}年政府信息公开工作年度报告", date(y + 1, 4, rng.randint(1, 28)),
               year=y, agency=body)


def _place_platform(world: World, city: City) -> None:
    """A city platform: the government, its departments and streets each have their own 政府信息公开
    page and 年报 column, all on www.<city>.gov.cn (集约化, portal-patterns §1 intro and §2.2 item 6).

    "path" style: /zfxxgk/<dept>/index.html and /zfxxgk/<dept>/zfxxgknb/index.html (TRS pager);
    "flat" style: /channels/<id>.html for every unit's hub and column (万户, §1.6): the id says nothing
    about the owner, so only the city's 政府信息公开 page (which links every unit) tells who owns what.
    """
    rng = rng_for(world.seed, "layout", city.index)
    host = f"www.{city.pinyin}.gov.cn"
    portal = _new_site(world, host, city.family, city.gov, city, False)
    v = portal.variant
    v.update(platform=city.platform_style, per_page=6, chrome=PLATFORM_CHROME[city.platform_style])
    if city.family == "trs":
        v.update(root="/zfxxgk/zfxxgknb/", ext="html")
    elif city.family == "wanhu":
        v["hub"] = v["chbase"]  # every id of the host is chbase + 13·n: hubs and columns never collide
    city.portal = portal
    world.cities.append(city)
    for agency in city.agencies:
        if agency is city.gov:
            agency.site = portal
            continue
        unit = Site(host, city.family, agency, city, dict(v), platform=portal)
        unit.obstacles = portal.obstacles
        if city.family == "trs":
            unit.variant["root"] = f"/zfxxgk/{agency.abbr}/zfxxgknb/"
        elif city.family == "wanhu":
            unit.variant["hub"] = v["chbase"] + portal.next_id() * 13
        elif city.family == "anhui":  # its own siteId and template id on the shared host
            unit.variant["site_id"] = v["site_id"] + portal.next_id() * 7
            unit.variant["tpl"] = v["tpl"] + portal.next_id() * 3
        portal.units.append(unit)
        agency.site = unit
    _make_reports(world, city, rng)
    for agency in city.agencies:
        for rep in agency.reports:
            rep.day = max(rep.day, 0)  # no late reports here: the days' schedule of the other hosts stays put
    for site in [portal, *portal.units]:
        col = Shapes.new_column(site, "政府信息公开年报", "", "list")
        site.nianbao_root = col
        for rep in site.owner.reports:
            _attach(world, rep, col, rng)
            _list_report(rep, col, world)
        _column_noise(world, site, col, site.owner.reports, rng, portal=site is portal)


def _place_seeds(world: World) -> None:
    for sid, agency_name, city_name, host, family, how in SEEDS:
        code, year = SEED_META[sid]
        city = City(1000 + len(world.cities), city_name, host.split(".")[1], "county", "", code + "00", family)
        agency = Agency(agency_name, "seed", city, host.split(".")[0])
        city.gov = agency
        city.agencies.append(agency)
        site = _new_site(world, host, family, agency, city, False)
        if family == "ucap":
            _ucap_sc(site, agency.abbr)
        agency.site = site
        city.portal = site
        body, fmt = ("html", "html") if how == "html" else ("html+attachment", "html") if how.startswith("html+") \
            else ("attachment", how)
        rep = Report(agency, year, "2021", date(year + 1, 1, 15), f"{agency_name}{year}年政府信息公开工作年度报告",
                     body, fmt, synth_seed=0, seed_id=sid)
        if fmt != "docx" and body == "attachment":
            world.office_budget -= 1
        agency.reports.append(rep)
        world.reports.append(rep)
        world.cities.append(city)
        rng = rng_for(world.seed, "seed", sid)
        col = Shapes.new_column(site, "政府信息公开年报", "", "list")
        site.nianbao_root = col
        _attach(world, rep, col, rng, att_fmt="docx" if how == "html+docx" else None)
        _list_report(rep, col, world)
        _column_noise(world, site, col, [rep], rng, portal=False)


def _place_spam_clone(world: World) -> None:
    """One rogue clone host mirroring a portal with spam injected (portal-patterns §3.9)."""
    portals = [c.portal for c in world.cities if c.portal is not None and c.gov and c.gov.kind == "government"]
    if len(portals) < 2:
        return
    victim = portals[1]
    victim.variant["clone"] = "www.365betzf.com"
    world.noise.append(Noise("spam_clone", "友情链接", date(2025, 1, 1), victim, url="http://www.365betzf.com/"))


# ------------------------------------------------------------------ obstacles and robots
def _assign_obstacles(world: World) -> None:
    rng = rng_for(world.seed, "obstacles")
    sites = list(world.sites.values())
    seed_hosts = {s[3] for s in SEEDS}
    first_portal = world.cities[0].portal
    # city platforms carry no obstacle: they came after the obstacles were placed, and leaving them out
    # keeps every other host's obstacles where they were
    candidates = [s for s in sites if s is not first_portal and s.host not in seed_hosts
                  and not s.variant.get("platform")]
    rng.shuffle(candidates)
    for s in sites:
        s.robots = rng.choices(["absent", "permissive", "internals", "forbidden"], [35, 40, 20, 5])[0]
    if not world.obstacles_enabled or not candidates:
        return
    n_each = max(1, round(len(candidates) * 0.012))
    blocked: set[str] = set()
    portal_only = {"redirect_301", "meta_refresh", "js_redirect"}
    cursor = {True: 0, False: 0}
    # blocking obstacles go to department hosts first, so they hide a few reports, not a whole city,
    # and never to the first portal of a family (the farm's example of that family)
    depts_first = sorted((s for s in candidates if not s.variant.get("first")), key=lambda s: s is s.city.portal)
    order = list(OBSTACLES)
    if len(candidates) < len(OBSTACLES):
        # Too few hosts for one of each: the obstacles that decide what a crawler may fetch at all
        # (challenges, robots, bans) go first, so that small farms exercise the blocking paths too.
        first = ["challenge_412", "rate_ban", "robots_disallow_column", "robots_disallow_all", "slow"]
        order = first + [o for o in OBSTACLES if o not in first]
    for obstacle in order:
        placed = 0
        tries = 0
        blocking = obstacle in BLOCKING
        pool = depts_first if blocking or obstacle in ("rate_ban", "flaky_500") else candidates
        while pool and placed < n_each and tries < 3 * len(pool):
            site = pool[cursor[blocking] % len(pool)]
            cursor[blocking] += 1
            tries += 1
            if site.host in blocked or (obstacle in portal_only and site is not site.city.portal):
                continue
            # one obstacle per host while there are free hosts (a ban must not hide a charset case)
            if site.obstacles and (blocking or obstacle == "rate_ban" or tries <= len(pool)
                                   or "rate_ban" in site.obstacles):
                continue
            if obstacle in ("rate_ban", "flaky_500") and site.family in ("guangdong",):
                continue  # keep the JSON API paths simple to benchmark
            site.obstacles.add(obstacle)
            if obstacle in BLOCKING:
                blocked.add(site.host)
            placed += 1
    for site in sites:
        if "soft_404" in site.obstacles and site.nianbao_root is not None:
            # a dead link in the list: the article was removed, the host answers 200 页面不存在
            col = _first_list(site.nianbao_root)
            if col is not None:
                d = date(2024, 2, 20)
                _noise(world, site, col, "dead_link", f"{site.owner.name}政府信息公开工作年度报告（已撤回）", d,
                       url=site.origin + Shapes.article_path(col, d, 99999991))
    for s in sites:
        if "robots_disallow_all" in s.obstacles:
            s.robots = "disallow_all"
        elif "robots_disallow_column" in s.obstacles:
            s.robots = "disallow_column"


def _first_list(col: Column) -> Column | None:
    if col.kind == "list":
        return col
    for e in col.entries:
        if e.column is not None and e.column.kind == "list":
            return e.column
    return None


GKMLPT_CATEGORIES = ["通知公告", "政策文件", "规划计划", "人事信息"]


def _gkmlpt(world: World) -> None:
    """Guangdong sites: the gkmlpt directory holds the 年报 category plus ordinary documents."""
    for site in world.sites.values():
        if site.family != "guangdong":
            continue
        rng = rng_for(world.seed, "gkmlpt", site.host)
        base = rng.randint(20000, 90000)
        cats = [{"id": base, "name": "政府信息公开年报", "parent": 0, "jump_url": "", "children": []}]
        docs: list[tuple[int, Noise]] = []
        for i, name in enumerate(GKMLPT_CATEGORIES):
            cid = base + 10 + i * 7
            cats.append({"id": cid, "name": name, "parent": 0, "jump_url": "", "children": []})
            for _ in range(rng.randint(15, 45)):
                d = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2500))
                pid = site.variant["postbase"] + site.next_id() * 17
                title = rng.choice(["关于印发{x}工作方案的通知", "{x}实施细则", "关于开展{x}专项行动的通知", "{x}规划（2021—2025年）"]
                                   ).format(x=rng.choice(["安全生产", "乡村振兴", "营商环境", "数字政府", "城市更新", "河湖治理"]))
                nz = Noise("other_document", title, d, site,
                           url=f"{site.origin}/gkmlpt/content/{pid // 1000000}/{pid // 1000}/post_{pid}.html")
                nz.article_id = pid
                world.noise.append(nz)
                docs.append((cid, nz))
        site.variant["gk_cats"] = cats
        site.variant["gk_docs"] = docs


def _schedule(world: World) -> None:
    """Resolve lazily placed entries, mark unreachable reports, and plan the days."""
    alive = set(map(id, world.reports))
    for site in every_site(world):
        for col in site.columns:
            col.entries = [e for e in col.entries if e.report is None or id(e.report) in alive]
            for e in col.entries:
                if e.kind == "report" and e.report is not None and not e.url:
                    e.url = e.report.url
                    if site.origin + Shapes.page_path(col, 0) not in e.report.list_urls:
                        e.report.list_urls.append(site.origin + Shapes.page_path(col, 0))
            col.entries.sort(key=lambda e: (e.date, e.url), reverse=True)
    for rep in world.reports:
        site = rep.site
        if site is None:
            continue
        reasons = [BLOCKING[o] for o in sorted(site.obstacles) if o in BLOCKING]
        if reasons:
            rep.unreachable = reasons[0]
    rng = rng_for(world.seed, "days")
    pending = [r for r in world.reports if r.day < 0]
    rng.shuffle(pending)
    per_day = max(1, -(-len(pending) // 7))
    for i, rep in enumerate(pending):
        rep.day = 1 + i // per_day
    for site in every_site(world):
        for col in site.columns:
            for e in col.entries:
                if e.report is not None:
                    e.day = e.report.day
                elif e.noise is not None and e.noise.of is not None:
                    e.day = e.noise.of.day
                elif e.kind == "column" and e.column is not None:
                    e.day = min((x.day for x in e.column.entries), default=0)
    for site in world.sites.values():
        if site.variant.get("pager") == "stubdeep":
            for col in site.columns:
                live = [e for e in col.entries if e.day <= 0]
                if col.kind == "list" and -(-len(live) // col.per_page) > 2:
                    col.stub_after = 1  # listed as N pages, but pages 2.. are stubs or 404
    world.pending = sorted(pending, key=lambda r: r.day)
    live = [r for r in world.reports if r.day == 0 and r.unreachable is None and r.site is not None
            and r.seed_id is None and not r.site.obstacles]
    world.replace_order = [r for r in live if r.attachments and r.attachments[0].fmt == "docx" and not r.old]
    rng.shuffle(world.replace_order)
    world.vanish_order = [r for r in live if r.body == "html" and r not in world.replace_order]
    rng.shuffle(world.vanish_order)


def _host(url: str) -> str:
    return url.split("/", 3)[2]
