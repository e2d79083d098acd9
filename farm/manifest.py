"""Ground truth: the manifest (every report and noise item served) and the crawler's sources CSV."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from farm import families
from farm.chrome import Chrome, chrome_hosts
from farm.families import NAV_PAGES
from farm.paths import home_path, hub_url, nav_path
from farm.world import EPOCH, OLD_LAYOUT, Report, Site, World, every_site, rng_for
from rawarchive import write_atomically

SOURCES_COLUMNS = ["agency", "url", "division_code", "level", "parent", "family"]


def manifest_path(state_dir) -> Path:
    return Path(state_dir) / "manifest.json"


def sources_path(state_dir) -> Path:
    return Path(state_dir) / "sources.csv"


def _atomic_write(path: Path, data: bytes) -> None:
    # The farm's state is rebuilt from its seed: renamed into place whole, not fsynced.
    write_atomically(path, data, fsync=False)


def source_sites(world: World) -> list[Site]:
    """The sites that get a row in the sources CSV: portals, departments' own hosts, seed hosts, and
    every unit of a city platform (many rows for one host)."""
    return [s for s in every_site(world) if s.city.portal is s or s.owner.site is s]


def source_of(world: World, site: Site) -> Site:
    """The sources row a site is reached from (a disclosure host from its portal; a platform unit from its own row)."""
    if site.city.portal is not None and site.city.portal.xxgk_host is site:
        return site.city.portal
    return site


def stub_hidden(world: World, day: int) -> set[int]:
    """Reports that sit only on stub deep pages of a long-tail list on this day."""
    hidden: set[int] = set()
    shown: set[int] = set()
    for site in every_site(world):
        for col in site.columns:
            live = [e for e in col.entries if e.day <= day and e.report is not None]
            visible = [e for e in col.entries if e.day <= day]
            cut = None if col.stub_after is None else (col.stub_after + 1) * col.per_page
            for e in live:
                pos = visible.index(e)
                if cut is not None and pos >= cut:
                    hidden.add(id(e.report))
                else:
                    shown.add(id(e.report))
    return hidden - shown


def report_entry(
    world: World, content, rep: Report, day: int, hidden: set[int], source_urls: dict[int, str] | None = None
) -> dict:
    site = rep.site
    assert site is not None
    version = rep.version(day)
    src = source_of(world, site)
    source_url = (source_urls or {}).get(id(src))
    reason = rep.unreachable or ("stub_pages" if id(rep) in hidden else None)
    status = "gone" if rep.gone_day is not None and day >= rep.gone_day else "live"
    entry = {
        "id": rep.rid,
        "agency": rep.agency.name,
        "year": rep.year,
        "layout": rep.layout,
        "published": rep.published.isoformat(),
        "title": rep.title,
        "host": site.host,
        "family": families.of(site).manifest_name,
        "page_url": rep.url,
        "list_urls": rep.list_urls,
        "body": rep.body,
        "format": rep.fmt,
        "attachments": [
            {
                "url": a.url,
                "format": a.fmt,
                "filename": a.filename,
                "disposition": a.disposition,
                "backing_url": a.backing_url,
            }
            for a in rep.attachments
        ],
        "duplicates": rep.duplicates,
        "source": "seed" if rep.seed_id else "pre2019" if rep.old else "synth",
        "seed_id": rep.seed_id,
        "synth": None
        if rep.seed_id or rep.old
        else {
            "agency": rep.agency.name,
            "year": rep.year,
            "layout": rep.layout,
            "seed": rep.synth_seed,
            "published": rep.published.isoformat(),
        },
        "expected": content.expected(rep, version),
        "reachable": reason is None and status == "live",
        "unreachable_reason": reason,
        "status": status,
        "appeared_day": rep.day,
        "replaced_day": rep.replaced_day,
        "gone_day": rep.gone_day,
        "version": version,
        "source_agency": src.owner.name,
        # the host of the row's url: a portal's row may give its separate disclosure host's column
        "source_host": urlsplit(source_url).netloc if source_url else src.host,
        "source_url": source_url,
    }
    return entry


def cell_codes() -> dict[str, list[str]]:
    """The order of ``expected.cells`` values per report layout."""
    from docgen.synth import LAYOUTS, report_codes

    return {**{name: report_codes(layouts) for name, layouts in LAYOUTS.items()}, OLD_LAYOUT: []}


def cells_of(manifest: dict, report: dict) -> dict:
    """A manifest report's expected cells as {code: value}."""
    exp = report["expected"]
    return dict(zip(manifest["cell_codes"][exp["layout"]], exp["cells"], strict=True))


def build_manifest(world: World, content, day: int) -> dict:
    """The manifest without its reports (``write_all`` streams those)."""
    reports = [r for r in world.reports if r.day <= day and r.site]
    noise = _noise(world, day)
    hosts = {}
    for site in world.sites.values():
        noise += _nav_noise(site)
        hosts[site.host] = _host(world, site)
        for unit in site.units:
            noise += _nav_noise(unit)
    counts = {"reports": len(reports), "noise": len(noise), "hosts": len(hosts)}
    return {
        "farm": {
            "seed": world.seed,
            "size": world.size,
            "day": day,
            "date": (EPOCH + timedelta(days=day)).isoformat(),
            "obstacles": world.obstacles_enabled,
            "degraded": content.degraded,
            "counts": counts,
            "admin": "http://farm.admin/advance",
        },
        "cell_codes": cell_codes(),
        "hosts": hosts,
        # hosts linked only from site chrome (gov.cn, province portals, 政务服务网, 备案 sites): no farm host,
        # answered 502; a crawler should request none of them (counts: GET http://farm.admin/requests)
        "chrome_hosts": chrome_hosts(world, Chrome(world.provinces)),
        "request_log": {"live": "http://farm.admin/requests", "file": "requests.json"},
        "noise": noise,
    }


def _noise_entry(
    url: str,
    kind: str,
    title: str,
    host: str,
    *,
    year: int | None = None,
    agency: str | None = None,
    of: str | None = None,
    list_url: str | None = None,
) -> dict:
    return {
        "url": url,
        "kind": kind,
        "title": title,
        "host": host,
        "year": year,
        "agency": agency,
        "of": of,
        "list_url": list_url,
    }


def _noise(world: World, day: int) -> list[dict]:
    """Every noise page listed by day ``day``, and every twin of a report that no list shows."""
    noise = []
    for nz in world.noise:
        if nz.of is not None and nz.of.day > day:
            continue
        noise.append(
            _noise_entry(
                nz.url,
                nz.kind,
                nz.title,
                nz.site.host,
                year=nz.year,
                agency=nz.agency,
                of=nz.of.rid if nz.of else None,
                list_url=nz.list_url,
            )
        )
    listed = {n["url"] for n in noise}
    for rep in world.reports:
        if rep.site is None or rep.day > day:
            continue
        noise += [
            _noise_entry(dup, "duplicate", rep.title, rep.site.host, year=rep.year, agency=rep.agency.name, of=rep.rid)
            for dup in rep.duplicates
            if dup not in listed
        ]
    return noise


def _nav_noise(site: Site) -> list[dict]:
    return [_noise_entry(site.origin + nav_path(site, slug), "nav", name, site.host) for name, slug in NAV_PAGES]


def _charset(site: Site) -> str:
    if "charset_gb2312" in site.obstacles:
        return "gb2312 (GBK bytes)"
    if "charset_missing" in site.obstacles:
        return "gbk, none declared in the header"
    if "charset_lying" in site.obstacles:
        return "gbk, header says UTF-8"
    return "utf-8"


def _host(world: World, site: Site) -> dict:
    root = site.nianbao_root
    return {
        "family": families.of(site).manifest_name,
        "agency": site.owner.name,
        "city": site.city.name,
        "obstacles": sorted(site.obstacles),
        "robots": site.robots,
        "validators": "no_validators" not in site.obstacles,
        "charset": _charset(site),
        "home": site.origin + home_path(site),
        "xxgk": hub_url(site),
        "nianbao": (site.origin + families.page_path(root, 0)) if root else None,
        "source": source_of(world, site).host,
        "gkmlpt_sid": site.variant.get("sid"),
        "chrome": site.variant.get("chrome") or None,
        "platform": site.variant.get("platform"),
        "units": [
            {
                "agency": u.owner.name,
                "kind": u.owner.kind,
                "xxgk": hub_url(u),
                "nianbao": u.origin + families.page_path(u.nianbao_root, 0) if u.nianbao_root else None,
            }
            for u in site.units
        ],
    }


def sources_rows(world: World) -> list[tuple[Site, dict]]:
    rows = []
    for site in source_sites(world):
        if site.platform is not None or site.units:
            rows.append((site, _platform_row(world, site)))
            continue
        rng = rng_for(world.seed, "source", site.draw_key)
        pick = rng.random()
        if pick < 0.4 or site.nianbao_root is None:
            url = site.origin + ("/" if rng.random() < 0.5 else home_path(site))
        elif pick < 0.7:
            url = hub_url(site)
        else:
            url = (
                site.origin + families.page_path(site.nianbao_root, 0)
                if site.nianbao_root.site is site
                else site.nianbao_root.site.origin + families.page_path(site.nianbao_root, 0)
            )
        if site.xxgk_host is not None and pick >= 0.7 and site.xxgk_host.nianbao_root is not None:
            url = site.xxgk_host.origin + families.page_path(site.xxgk_host.nianbao_root, 0)
        if "redirect_301" in site.obstacles:
            url = site.origin + "/zwgk/"
        owner = site.owner
        if site.city.portal is site and owner.kind != "seed":
            level, parent = site.city.level, site.city.province + "人民政府"
        elif owner.kind == "seed":
            level, parent = "department", ""
        else:
            level, parent = "department", site.city.gov.name if site.city.gov else ""
        family = "" if rng.random() < 0.15 else families.of(site).manifest_name
        rows.append(
            (
                site,
                {
                    "agency": owner.name,
                    "url": url,
                    "division_code": site.city.division_code,
                    "level": level,
                    "parent": parent,
                    "family": family,
                },
            )
        )
    return rows


def _platform_row(world: World, site: Site) -> dict:
    """A city platform unit's own row: its 政府信息公开 page or its 年报 column, on the shared host."""
    owner = site.owner
    rng = rng_for(world.seed, "source", site.draw_key, owner.draw_key)
    url = (
        hub_url(site)
        if rng.random() < 0.6 or site.nianbao_root is None
        else site.origin + families.page_path(site.nianbao_root, 0)
    )
    city = site.city
    if owner is city.gov:
        level, parent = city.level, city.province + "人民政府"
    else:
        level, parent = ("department" if owner.kind == "department" else "township"), city.gov.name
    family = "" if rng.random() < 0.15 else families.of(site).manifest_name
    return {
        "agency": owner.name,
        "url": url,
        "division_code": city.division_code,
        "level": level,
        "parent": parent,
        "family": family,
    }


def write_all(world: World, content, state_dir, day: int) -> dict:
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    data = build_manifest(world, content, day)
    hidden = stub_hidden(world, day)
    data["farm"]["counts"]["reachable"] = sum(
        1
        for r in world.reports
        if r.site is not None
        and r.day <= day
        and r.unreachable is None
        and id(r) not in hidden
        and not (r.gone_day is not None and day >= r.gone_day)
    )
    codes = data["cell_codes"]
    rows = sources_rows(world)
    source_urls = {id(site): row["url"] for site, row in rows}
    path = manifest_path(state_dir)
    tmp = path.with_suffix(".json.tmp")
    reachable = 0
    # streamed: a 10,000-agency farm has ~50,000 reports
    with open(tmp, "w", encoding="utf-8") as out:
        head = json.dumps(data, ensure_ascii=False)
        out.write(head[:-1] + ', "reports": [\n')
        first = True
        for rep in world.reports:
            if rep.day > day or rep.site is None:
                continue
            entry = report_entry(world, content, rep, day, hidden, source_urls)
            cells = entry["expected"]["cells"]
            order = codes[entry["expected"]["layout"]]
            if set(cells) != set(order):
                raise ValueError(f"{rep.rid}: cells differ from cell_codes[{entry['expected']['layout']}]")
            entry["expected"]["cells"] = [cells[c] for c in order]
            reachable += entry["reachable"]
            out.write(("" if first else ",\n") + json.dumps(entry, ensure_ascii=False))
            first = False
        out.write("\n]}\n")
    os.replace(tmp, path)
    # the manifest's "farm" section alone: a 10,000-agency manifest is ~110 MB of JSON
    _atomic_write(Path(state_dir) / "summary.json", json.dumps(data["farm"], ensure_ascii=False).encode("utf-8"))
    if reachable != data["farm"]["counts"]["reachable"]:
        raise AssertionError("reachable count drifted from the report entries")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, SOURCES_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row for _, row in rows)
    _atomic_write(sources_path(state_dir), buf.getvalue().encode("utf-8"))
    return data
