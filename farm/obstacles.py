"""Which hosts carry which obstacles (portal-patterns §3), and their robots.txt."""

from __future__ import annotations

from datetime import date

from farm import families
from farm.reports import noise
from farm.world import BLOCKING, OBSTACLES, Column, Site, World, rng_for

PORTAL_ONLY = {"redirect_301", "meta_refresh", "js_redirect"}
# Too few hosts for one of each: the obstacles that decide what a crawler may fetch at all
# (challenges, robots, bans) go first, so that small farms exercise the blocking paths too.
DECISIVE = ["challenge_412", "rate_ban", "robots_disallow_column", "robots_disallow_all", "slow"]
ROBOTS = [("absent", 35), ("permissive", 40), ("internals", 20), ("forbidden", 5)]


def assign_obstacles(world: World, seed_hosts: set[str]) -> None:
    rng = rng_for(world.seed, "obstacles")
    sites = list(world.sites.values())
    first_portal = world.cities[0].portal
    # city platforms carry no obstacle: they came after the obstacles were placed, and leaving them out
    # keeps every other host's obstacles where they were
    candidates = [
        s for s in sites if s is not first_portal and s.host not in seed_hosts and not s.variant.get("platform")
    ]
    rng.shuffle(candidates)
    kinds, weights = zip(*ROBOTS, strict=True)
    for s in sites:
        s.robots = rng.choices(kinds, weights)[0]
    if not world.obstacles_enabled or not candidates:
        return
    _place_obstacles(candidates)
    for site in sites:
        if "soft_404" in site.obstacles and site.nianbao_root is not None:
            _dead_link(world, site)
    for s in sites:
        if "robots_disallow_all" in s.obstacles:
            s.robots = "disallow_all"
        elif "robots_disallow_column" in s.obstacles:
            s.robots = "disallow_column"


def _place_obstacles(candidates: list[Site]) -> None:
    """About 1.2 % of the hosts get each obstacle, one obstacle per host while there are free hosts."""
    n_each = max(1, round(len(candidates) * 0.012))
    blocked: set[str] = set()
    cursor = {True: 0, False: 0}
    # blocking obstacles go to department hosts first, so they hide a few reports, not a whole city,
    # and never to the first portal of a family (the farm's example of that family)
    depts_first = sorted((s for s in candidates if not s.variant.get("first")), key=lambda s: s is s.city.portal)
    order = list(OBSTACLES)
    if len(candidates) < len(OBSTACLES):
        order = DECISIVE + [o for o in OBSTACLES if o not in DECISIVE]
    for obstacle in order:
        placed = 0
        tries = 0
        blocking = obstacle in BLOCKING
        pool = depts_first if blocking or obstacle in ("rate_ban", "flaky_500") else candidates
        while pool and placed < n_each and tries < 3 * len(pool):
            site = pool[cursor[blocking] % len(pool)]
            cursor[blocking] += 1
            tries += 1
            if not _takes(site, obstacle, blocked, tries, len(pool)):
                continue
            site.obstacles.add(obstacle)
            if blocking:
                blocked.add(site.host)
            placed += 1


def _takes(site: Site, obstacle: str, blocked: set[str], tries: int, pool: int) -> bool:
    """May this host get this obstacle now?"""
    if site.host in blocked or (obstacle in PORTAL_ONLY and site is not site.city.portal):
        return False
    # one obstacle per host while there are free hosts (a ban must not hide a charset case)
    if site.obstacles and (
        obstacle in BLOCKING or obstacle == "rate_ban" or tries <= pool or "rate_ban" in site.obstacles
    ):
        return False
    return not (obstacle in ("rate_ban", "flaky_500") and not families.of(site).api_obstacles)


def _dead_link(world: World, site: Site) -> None:
    """A dead link in the list: the article was removed, the host answers 200 页面不存在."""
    col = _first_list(site.nianbao_root)
    if col is not None:
        d = date(2024, 2, 20)
        noise(
            world,
            site,
            col,
            "dead_link",
            f"{site.owner.name}政府信息公开工作年度报告（已撤回）",
            d,
            url=site.origin + families.of(site).article_path(col, d, 99999991),
        )


def _first_list(col: Column) -> Column | None:
    if col.kind == "list":
        return col
    for e in col.entries:
        if e.column is not None and e.column.kind == "list":
            return e.column
    return None
