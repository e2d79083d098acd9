"""The farm's calendar: lazily placed entries resolved, unreachable reports marked, and which
reports appear, change or vanish on which later day."""

from __future__ import annotations

from farm import families
from farm.world import BLOCKING, World, every_site, rng_for


def schedule(world: World) -> None:
    """Resolve lazily placed entries, mark unreachable reports, and plan the days."""
    alive = set(map(id, world.reports))
    for site in every_site(world):
        for col in site.columns:
            col.entries = [e for e in col.entries if e.report is None or id(e.report) in alive]
            for e in col.entries:
                if e.kind == "report" and e.report is not None and not e.url:
                    e.url = e.report.url
                    if site.origin + families.page_path(col, 0) not in e.report.list_urls:
                        e.report.list_urls.append(site.origin + families.page_path(col, 0))
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
