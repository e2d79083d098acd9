"""Province names from administrative-division codes (GB/T 2260).

Only the province level is embedded (34 codes, stable for decades); the
city is kept as its code, since no city name table ships with the project.
"""

from __future__ import annotations

import re

PROVINCES: dict[str, str] = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}

_CODE = re.compile(r"^\d{6}(\d{3}|\d{6})?$")


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


def province_of(code: str | None) -> tuple[str | None, str | None]:
    """(province code, province name) of a 6-digit division code."""
    if not code or code[:2] not in PROVINCES:
        return None, None
    return code[:2] + "0000", PROVINCES[code[:2]]


def city_code_of(code: str | None) -> str | None:
    if not code or code[2:4] == "00":
        return None
    return code[:4] + "00"
