"""The simulated country for (seed, size): provinces, cities, their agencies and families.

``build_world`` draws the cities and their agencies, then ``farm.layout`` gives them hosts,
columns and reports, family by family (``farm.families``).
"""

from __future__ import annotations

import math
import random

from farm import families, layout, names
from farm.world import Agency, City, World, hexid, rng_for


def choose_family(rng: random.Random, province_index: int) -> str:
    if province_index < len(families.FIRST):
        return families.FIRST[province_index]
    return rng.choices(list(families.FAMILIES), [f.weight for f in families.FAMILIES.values()])[0]


def build_world(
    seed: int,
    size: int,
    *,
    obstacles: bool | None = None,
    with_seeds: bool | None = None,
    office_budget: int | None = None,
) -> World:
    """The whole simulated country for (seed, size); size counts generated reporting units."""
    size = max(1, int(size))
    obstacles_enabled = size >= 20 if obstacles is None else obstacles
    with_seeds = size >= 10 if with_seeds is None else with_seeds
    per_city = min(40, max(6, size // 8))
    n_cities = max(1, math.ceil(size / per_city))
    n_provinces = n_cities if n_cities <= len(families.FIRST) else max(len(families.FIRST), math.ceil(n_cities / 10))
    rng = rng_for(seed, "world")
    provinces = [names.province_name(i) for i in range(n_provinces)]
    province_family = [choose_family(rng, i) for i in range(n_provinces)]

    cities: list[City] = []
    used_pinyin: set[str] = set()
    used_keys: set[str] = set()
    remaining = size
    for ci in range(n_cities):
        count = min(per_city, remaining) if ci < n_cities - 1 else remaining
        remaining -= count
        pi = ci % n_provinces
        cname, py = _unused(names.place_name(ci + seed * 13), used_pinyin)
        key = _unused(names.key_name(ci + seed * 13), used_keys)
        crng = rng_for(seed, "city", ci)
        level = "city" if crng.random() < 0.4 else "county"
        suffix = "市" if level == "city" else crng.choice(["县", "区"])
        code = division_code(pi, (ci // n_provinces) % 90 + 1, level, crng.randint(0, 30))
        city = City(ci, cname + suffix, py, level, provinces[pi], code, province_family[pi], key_name=key[0] + suffix)
        city.key_pinyin = key[1]
        _populate_city(city, count, crng)
        cities.append(city)

    world = World(seed, size, obstacles_enabled, provinces, cities, {}, [], [], [], [], [], 0)
    world.platforms = _platform_cities(seed, size, provinces, province_family, (used_pinyin, used_keys), len(cities))
    world.office_budget = office_budget if office_budget is not None else min(40, 3 + size // 50)
    layout.build_sites(world, with_seeds=with_seeds)
    return world


def division_code(province_index: int, city: int, level: str, county: int) -> str:
    """A simulated GB/T 2260 code: a prefix no real province has, then the city, then (for a 县 or
    区, whose code never ends in 00) the county; a 市 of level "city" is its prefecture, ``PPCC00``."""
    prefix = names.PROVINCE_CODES[province_index % len(names.PROVINCE_CODES)]
    return f"{prefix}{city:02d}{0 if level == 'city' else county % 30 + 1:02d}"


# City platforms: (URL style, family, agencies on the host) by farm size.  "path" puts every unit under
# /zfxxgk/<dept>/… (portal-patterns §2.2 item 6: laifeng …/xzbm/<dept>/, xxgk.sxgp …/gzbm/<dept>/);
# "flat" gives each unit its own /channels/<id>.html ids (§1.6 万户), which do not name the owner.
# A second flat platform runs the Anhui mechanics (§1.5): every unit has its own siteId, so its
# pages are /site/tpl/<id> and /public/column/<siteId>?type=4&catId=<id>…, again ids only.
PLATFORMS_SMALL = [("path", "trs", 8), ("flat", "wanhu", 7), ("flat", "anhui", 6)]
PLATFORMS_LARGE = [("path", "trs", 45), ("flat", "wanhu", 16), ("flat", "anhui", 12)]
PLATFORM_MIN_SIZE = 60


def _platform_cities(
    seed: int,
    size: int,
    provinces: list[str],
    province_family: list[str],
    used: tuple[set[str], set[str]],
    n_regular: int,
) -> list[City]:
    """Cities whose government, departments and streets all publish under one host (集约化 city platforms).

    Their agencies come on top of ``size`` (which counts the regular cities' units), so that the
    regular cities, families and obstacles of a (seed, size) stay what they were.
    """
    if size < PLATFORM_MIN_SIZE:
        return []
    plan = PLATFORMS_LARGE if size >= 200 else PLATFORMS_SMALL
    out = []
    for i, (style, family, count) in enumerate(plan):
        crng = rng_for(seed, "platform", i)
        cname, py = _unused(names.place_name(n_regular + i + seed * 13), used[0])
        key = _unused(names.key_name(n_regular + i + seed * 13), used[1])
        same = [k for k, f in enumerate(province_family) if f == family]  # 集约化: the province's platform
        pi = same[i % len(same)] if same else i % len(provinces)
        level = "city" if style == "path" else "county"
        suffix = "市" if level == "city" else "区"
        code = division_code(pi, 91 + i, level, 0)
        city = City(2000 + i, cname + suffix, py, level, provinces[pi], code, family, key_name=key[0] + suffix)
        city.key_pinyin = key[1]
        city.platform_style = style
        _populate_city(city, count, crng)
        out.append(city)
    return out


def _unused(name: tuple[str, str], used: set[str]) -> tuple[str, str]:
    """The name with its pinyin made unique in the farm (a later lap of the names adds "x")."""
    chars, pinyin = name
    while pinyin in used:
        pinyin += "x"
    used.add(pinyin)
    return chars, pinyin


def _populate_city(city: City, count: int, rng: random.Random) -> None:
    """The city's government, departments and townships; each keyed by the name it has under the city's key name."""
    key = city.key_name or city.name
    gov = Agency(f"{city.name}人民政府", "government", city, "szf", key=f"{key}人民政府")
    city.gov = gov
    city.agencies.append(gov)
    others = count - 1
    n_depts = min(len(names.DEPARTMENTS), max(0, round(others * 0.65)))
    n_towns = others - n_depts
    depts = rng.sample(names.DEPARTMENTS, n_depts)
    for dname, abbr in depts:
        city.agencies.append(Agency(city.name + dname, "department", city, abbr, key=key + dname))
    stems = rng.sample(names.TOWNSHIP_STEMS, min(n_towns, len(names.TOWNSHIP_STEMS)))
    while len(stems) < n_towns:
        stems.append(f"{names.TOWNSHIP_STEMS[len(stems) % len(names.TOWNSHIP_STEMS)]}{len(stems)}")
    for stem in stems:
        kname, kabbr = rng.choice(names.TOWNSHIP_KINDS)
        if city.level == "city" and kabbr != "jd":
            kname, kabbr = names.TOWNSHIP_KINDS[0]
        shown = names.SHOWN_STEMS.get(stem, stem)
        abbr = f"{kabbr}{hexid(stem, n=4)}"
        city.agencies.append(Agency(f"{city.name}{shown}{kname}", "township", city, abbr, key=f"{key}{stem}{kname}"))
