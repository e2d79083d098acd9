"""The farm's calendar: lazily placed entries resolved, unreachable reports marked, and which
reports appear, change or vanish on which later day."""

from __future__ import annotations

import random

from farm import families
from farm.world import BLOCKING, Entry, Report, World, every_site, rng_for

DAYS = 7  # late reports appear over the farm's first week


def schedule(world: World) -> None:
    """Resolve lazily placed entries, mark unreachable reports, and plan the days."""
    _resolve_entries(world)
    _mark_unreachable(world)
    rng = rng_for(world.seed, "days")
    pending = [r for r in world.reports if r.day < 0]
    rng.shuffle(pending)
    per_day = max(1, -(-len(pending) // DAYS))
    for i, rep in enumerate(pending):
        rep.day = 1 + i // per_day
    for site in every_site(world):
        for col in site.columns:
            for e in col.entries:
                _date_entry(e)
    _stub_long_lists(world)
    world.pending = sorted(pending, key=lambda r: r.day)
    _plan_changes(world, rng)


def _resolve_entries(world: World) -> None:
    """Drop entries of reports that were removed, give lazily placed ones their URL, sort newest first."""
    alive = set(map(id, world.reports))
    for site in every_site(world):
        for col in site.columns:
            col.entries = [e for e in col.entries if e.report is None or id(e.report) in alive]
            first_page = site.origin + families.page_path(col, 0)
            for e in col.entries:
                if e.kind == "report" and e.report is not None and not e.url:
                    e.url = e.report.url
                    if first_page not in e.report.list_urls:
                        e.report.list_urls.append(first_page)
            col.entries.sort(key=lambda e: (e.date, e.url), reverse=True)


def _mark_unreachable(world: World) -> None:
    for rep in world.reports:
        if rep.site is None:
            continue
        reasons = [BLOCKING[o] for o in sorted(rep.site.obstacles) if o in BLOCKING]
        if reasons:
            rep.unreachable = reasons[0]


def _date_entry(e: Entry) -> None:
    """An entry is listed from the day what it links appears."""
    if e.report is not None:
        e.day = e.report.day
    elif e.noise is not None and e.noise.of is not None:
        e.day = e.noise.of.day
    elif e.kind == "column" and e.column is not None:
        e.day = min((x.day for x in e.column.entries), default=0)


def _stub_long_lists(world: World) -> None:
    for site in world.sites.values():
        if site.variant.get("pager") != "stubdeep":
            continue
        for col in site.columns:
            live = [e for e in col.entries if e.day <= 0]
            if col.kind == "list" and -(-len(live) // col.per_page) > 2:
                col.stub_after = 1  # listed as N pages, but pages 2.. are stubs or 404


def _plan_changes(world: World, rng: random.Random) -> None:
    """Which live reports get a corrected attachment, and which vanish, on later days."""
    live = [r for r in world.reports if _changeable(r)]
    world.replace_order = [r for r in live if r.attachments and r.attachments[0].fmt == "docx" and not r.old]
    rng.shuffle(world.replace_order)
    world.vanish_order = [r for r in live if r.body == "html" and r not in world.replace_order]
    rng.shuffle(world.vanish_order)


def _changeable(rep: Report) -> bool:
    return (
        rep.day == 0
        and rep.unreachable is None
        and rep.site is not None
        and rep.seed_id is None
        and not rep.site.obstacles
    )
