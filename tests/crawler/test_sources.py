"""Plausibility checks on the registry of real portals (``crawler/sources.csv``).

Offline and fast: they read the CSV only.  They keep the registry loadable by
``crawler.registry`` and keep every row looking like a real government column:
a ``.gov.cn`` host that fits the agency, a path from the disclosure vocabulary,
a Chinese agency name, a GB/T 2260 code consistent with the level, and evidence.
"""

from __future__ import annotations

import csv
import ipaddress
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.registry import load_sources

REGISTRY = Path(__file__).resolve().parents[2] / "crawler" / "sources.csv"
HEADER = ["agency", "url", "division_code", "level", "parent", "family", "evidence"]
LEVELS = {"province", "city", "county", "township", "department", "central"}
FAMILIES = {"trs", "cchannel", "hanweb", "guangdong", "anhui", "wanhu", "other"}

# GB/T 2260 province-level codes and the portal domain of each provincial government
# (main_website of NormBook/PolicyBase seeds/provinces/*.yaml).
PROVINCE_DOMAINS = {
    "110000": "beijing.gov.cn",
    "120000": "tj.gov.cn",
    "130000": "hebei.gov.cn",
    "140000": "shanxi.gov.cn",
    "150000": "nmg.gov.cn",
    "210000": "ln.gov.cn",
    "220000": "jl.gov.cn",
    "230000": "hlj.gov.cn",
    "310000": "shanghai.gov.cn",
    "320000": "jiangsu.gov.cn",
    "330000": "zj.gov.cn",
    "340000": "ah.gov.cn",
    "350000": "fujian.gov.cn",
    "360000": "jiangxi.gov.cn",
    "370000": "shandong.gov.cn",
    "410000": "henan.gov.cn",
    "420000": "hubei.gov.cn",
    "430000": "hunan.gov.cn",
    "440000": "gd.gov.cn",
    "450000": "gxzf.gov.cn",
    "460000": "hainan.gov.cn",
    "500000": "cq.gov.cn",
    "510000": "sc.gov.cn",
    "520000": "guizhou.gov.cn",
    "530000": "yn.gov.cn",
    "540000": "xizang.gov.cn",
    "610000": "shaanxi.gov.cn",
    "620000": "gansu.gov.cn",
    "630000": "qinghai.gov.cn",
    "640000": "nx.gov.cn",
    "650000": "xinjiang.gov.cn",
}
PROVINCE_PREFIXES = {code[:2] for code in PROVINCE_DOMAINS}

# Bare-IP government hosts we hold evidence for (portal-patterns §0.1: Jilin Huadian's
# disclosure platform is served from this address).
GOVERNMENT_IPS = {"122.137.242.24"}

# Domains that serve the same site (Shanghai runs both).
DOMAIN_ALIASES = {"sh.gov.cn": "shanghai.gov.cn"}

# Hosts seen copying government 年报 pages with spam injected (portal-patterns §3.9 and
# the mirrors met while compiling); none may ever enter the registry.
SPAM_MIRRORS = {
    "saintpaulhem.com",
    "hackwaw.com",
    "jordynalvidrez.com",
    "365betchina.com",
    "lahohwa.com",
    "tmaiface.com",
    "ptshed.com",
    "ckzpt.com",
    "qiacuan.com",
    "2222898.com",
    "win7la.com",
    "skf-chinese.com",
    "madallc.com",
    "dblyj.com",
    "866tx.com",
    "80698.cn",
    "51wsn.cn",
    "xinyangjiang.com",
    "ljwns.net",
    "taishandichan.com",
}

AGENCY_SUFFIXES = (
    "人民政府",
    "政府",
    "行政公署",
    "局",
    "委员会",
    "厅",
    "办公室",
    "办事处",
    "部",
    "署",
    "镇",
    "乡",
    "街道",
)

# The disclosure path vocabulary (portal-patterns §0.3) plus the column shapes of the CMS
# families (§1): a listed URL that is not a home page must look like one of these.
COLUMN_VOCABULARY = re.compile(
    r"zfxxgk|xxgk|gknb|nb|ndbg|ndbb|zwgk|gongkai|nianbao|annualreport|gkmlpt|xxgklc"
    r"|/col/col\d+|/channels/\d+|/columns/[0-9a-f-]{36}/|/c\d{5,6}/|/site/tpl/\d+|\?gk=\d|\?state=\d",
    re.IGNORECASE,
)


def read_rows() -> list[dict[str, str]]:
    with open(REGISTRY, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ROWS = read_rows()
BY_AGENCY = {row["agency"]: row for row in ROWS}


def registered_domain(host: str) -> str:
    """``zjj.sz.gov.cn`` -> ``sz.gov.cn``: the label that names the government plus gov.cn."""
    labels = host.split(".")
    domain = ".".join(labels[-3:]) if host.endswith(".gov.cn") else host
    return DOMAIN_ALIASES.get(domain, domain)


def host_of(row: dict[str, str]) -> str:
    return (urlsplit(row["url"]).hostname or "").lower()


def test_header_and_columns() -> None:
    with open(REGISTRY, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == HEADER
    for row in ROWS:
        assert None not in row, f"row has more fields than the header: {row}"
        assert all(value is not None for value in row.values()), f"row has fewer fields than the header: {row}"


def test_most_rows_carry_a_division_code() -> None:
    coded = [row for row in ROWS if row["level"] in {"province", "city", "county", "department"}]
    assert sum(1 for row in coded if row["division_code"]) >= 0.95 * len(coded)


def test_size_and_levels() -> None:
    assert len(ROWS) >= 300
    levels = Counter(row["level"] for row in ROWS)
    assert set(levels) <= LEVELS
    assert levels["province"] == 31
    assert levels["city"] + levels["county"] + levels["department"] + levels["township"] >= 250


def test_loads_through_the_crawler_registry_without_loss() -> None:
    sources = load_sources(REGISTRY)
    assert len(sources) == len(ROWS)
    assert {source.agency for source in sources} == set(BY_AGENCY)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["agency"])
def test_url_is_a_government_host(row: dict[str, str]) -> None:
    parts = urlsplit(row["url"])
    assert parts.scheme in {"http", "https"}
    host = (parts.hostname or "").lower()
    assert host, row["url"]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        assert host.endswith(".gov.cn"), f"{row['agency']}: {host} is not a .gov.cn host"
        assert re.fullmatch(r"[a-z0-9.-]+", host), host
    else:
        assert str(address) in GOVERNMENT_IPS, f"{row['agency']}: bare IP {host} without evidence"
    assert not any(host == spam or host.endswith("." + spam) for spam in SPAM_MIRRORS)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["agency"])
def test_url_path_looks_like_a_disclosure_column(row: dict[str, str]) -> None:
    parts = urlsplit(row["url"])
    if parts.path in {"", "/"} and not parts.query:
        return  # a portal home page, listed where the column's address could not be derived
    assert COLUMN_VOCABULARY.search(row["url"]), f"{row['agency']}: {row['url']} has no disclosure path"


def test_no_duplicate_urls_or_agencies() -> None:
    urls = Counter(row["url"].rstrip("/") for row in ROWS)
    assert [url for url, count in urls.items() if count > 1] == []
    agencies = Counter(row["agency"] for row in ROWS)
    assert [agency for agency, count in agencies.items() if count > 1] == []


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["agency"])
def test_agency_name_is_a_chinese_agency(row: dict[str, str]) -> None:
    name = row["agency"]
    assert name and name == name.strip()
    assert re.fullmatch(r"[\u4e00-\u9fff（）()]+", name), name
    assert name.endswith(AGENCY_SUFFIXES), name
    if row["level"] in {"province", "city", "county"}:
        assert name.endswith(("人民政府", "行政公署")), name


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["agency"])
def test_division_code_fits_the_level(row: dict[str, str]) -> None:
    code, level = row["division_code"], row["level"]
    if level == "central":
        assert code == ""
        return
    if level == "township":
        assert code == "", "a township has no 6-digit code of its own"
        return
    if code == "" and level != "province":
        return  # left blank where the registry is unsure; never guessed
    assert re.fullmatch(r"\d{6}", code), f"{row['agency']}: {code!r}"
    assert code[:2] in PROVINCE_PREFIXES
    if level == "province":
        assert code.endswith("0000")
    elif level == "city":
        assert code.endswith("00") and not code.endswith("0000")
    elif level == "county":
        assert not code.endswith("00")


@pytest.mark.parametrize("row", [row for row in ROWS if row["level"] != "province"], ids=lambda row: row["agency"])
def test_parent_is_named_and_consistent(row: dict[str, str]) -> None:
    if row["level"] == "central":
        return
    parent = BY_AGENCY.get(row["parent"])
    assert row["parent"], f"{row['agency']} names no parent"
    if parent is None or not parent["division_code"] or not row["division_code"]:
        return
    # a parent province (or municipality) fixes the first two digits, a parent city the first four
    width = 2 if parent["level"] == "province" or parent["division_code"].endswith("0000") else 4
    assert row["division_code"][:width] == parent["division_code"][:width], (row["agency"], row["parent"])


def test_all_31_provinces_present_on_their_own_portals() -> None:
    provinces = {row["division_code"]: row for row in ROWS if row["level"] == "province"}
    assert set(provinces) == set(PROVINCE_DOMAINS)
    for code, row in provinces.items():
        assert row["agency"].endswith("人民政府")
        assert host_of(row).endswith(PROVINCE_DOMAINS[code]), (row["agency"], row["url"])


def test_departments_sit_on_their_parent_governments_domain() -> None:
    checked = 0
    for row in ROWS:
        parent = BY_AGENCY.get(row["parent"])
        if row["level"] != "department" or parent is None or parent["level"] not in {"province", "city"}:
            continue
        assert registered_domain(host_of(row)) == registered_domain(host_of(parent)), (row["agency"], row["url"])
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["agency"])
def test_family_hint_and_evidence(row: dict[str, str]) -> None:
    assert row["family"] in FAMILIES | {""}
    assert len(row["evidence"]) >= 10, row["agency"]
