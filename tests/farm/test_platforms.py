"""The shapes the farm gained for issue 9: city platforms (many agencies on one host), full site chrome
with off-farm hosts, per-host request counts, and 2008–2018 reports as reports."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html

import farm
from farm.country import build_world

NIANBAO_LINKS = {"政府信息公开年报", "政府信息公开年度报告", "政府信息公开工作年度报告"}


def platform_units(data: dict) -> list[tuple[str, str, str, str]]:
    """(host, style, agency, its own 政府信息公开 page) for every agency of every city platform."""
    out = []
    for host, info in sorted(data["hosts"].items()):
        if info["platform"]:
            out.append((host, info["platform"], info["agency"], info["xxgk"]))
            out += [(host, info["platform"], u["agency"], u["xxgk"]) for u in info["units"]]
    return out


def test_platform_hosts_many_agencies_in_both_url_styles(live):
    data = live.data
    units = platform_units(data)
    per_host = Counter(h for h, *_ in units)
    styles = {data["hosts"][h]["platform"] for h in per_host}
    assert styles == {"path", "flat"} and min(per_host.values()) >= 5, per_host
    assert {data["hosts"][h]["family"] for h in per_host} == {"trs", "wanhu", "anhui"}
    for host, style, agency, xxgk in units:
        info = data["hosts"][host]
        nianbao = (
            info["nianbao"]
            if agency == info["agency"]
            else next(u["nianbao"] for u in info["units"] if u["agency"] == agency)
        )
        if style == "flat":
            # flat ids: neither the hub nor the column path names the owning agency
            assert re.fullmatch(r"/channels/\d+\.html|/site/tpl/\d+", urlsplit(xxgk).path), xxgk
            assert re.fullmatch(r"/channels/\d+\.html|/public/column/\d+", urlsplit(nianbao).path), nianbao
        elif agency != info["agency"]:
            assert re.fullmatch(r"/zfxxgk/\w+/index\.html", urlsplit(xxgk).path), xxgk
            assert urlsplit(nianbao).path.startswith(urlsplit(xxgk).path.rsplit("/", 1)[0] + "/")


def test_city_page_links_every_unit_by_name(live, w):
    data = live.data
    for info in data["hosts"].values():
        if not info["platform"]:
            continue
        status, html = w.page(live, info["xxgk"])
        assert status == 200
        doc = lxml.html.fromstring(html)
        named = {
            urljoin(info["xxgk"], a.get("href")): (a.get("title") or "") + a.text_content()
            for a in doc.xpath("//a[@href]")
        }
        for unit in info["units"]:
            assert unit["xxgk"] in named, unit
            assert unit["agency"].removeprefix(info["city"]) in named[unit["xxgk"]]


def test_every_unit_has_its_own_guide_pages(live):
    data = live.data
    platforms = {h for h, info in data["hosts"].items() if info["platform"]}
    guides = [n["url"] for n in data["noise"] if n["kind"] == "nav" and n["host"] in platforms]
    assert len(set(guides)) == len(guides) == 4 * len(platform_units(data))
    for url in guides:
        assert live.fetch(url)[0] == 200, url


def test_every_unit_report_is_reachable_from_its_own_disclosure_page(live, w):
    data = live.data
    by_agency: dict[tuple[str, str], set[str]] = {}
    for rep in data["reports"]:
        if rep["reachable"]:
            by_agency.setdefault((rep["host"], rep["agency"]), set()).add(rep["page_url"])
    owner = {r["page_url"]: r["agency"] for r in data["reports"]}
    checked = 0
    for host, _style, agency, xxgk in platform_units(data):
        status, html = w.page(live, xxgk)
        assert status == 200, xxgk
        links = [a for a in lxml.html.fromstring(html).xpath("//a[@href]") if a.text_content().strip() in NIANBAO_LINKS]
        assert len(links) == 1, (xxgk, [a.text_content() for a in links])
        column = urljoin(xxgk, links[0].get("href"))
        walked = set(w.walk_column(live, column))
        want = by_agency.get((host, agency), set())
        assert want and want <= walked, (agency, want - walked)
        # the unit's column lists its own reports only (no other unit's report leaks into it)
        assert {owner[u] for u in walked if u in owner} == {agency}
        checked += 1
    assert checked >= 12


def test_sources_csv_has_one_row_per_platform_agency(live):
    data = live.data
    rows = list(csv.DictReader(io.StringIO(live.sources_csv.read_text(encoding="utf-8"))))
    for host, info in data["hosts"].items():
        if not info["platform"]:
            continue
        own = {r["agency"]: r["url"] for r in rows if urlsplit(r["url"]).netloc == host}
        units = [(info["agency"], info["xxgk"], info["nianbao"])] + [
            (u["agency"], u["xxgk"], u["nianbao"]) for u in info["units"]
        ]
        assert len(own) == len(units)
        for agency, xxgk, nianbao in units:
            assert own[agency] in (xxgk, nianbao), agency
        assert {r["level"] for r in rows if urlsplit(r["url"]).netloc == host} >= {"department"}


def test_chrome_in_three_markups_and_its_hosts_listed(live, w):
    data = live.data
    chrome_hosts = set(data["chrome_hosts"])
    assert chrome_hosts and not chrome_hosts & set(data["hosts"])
    assert {"www.gov.cn", "beian.miit.gov.cn", "www.beian.gov.cn"} <= chrome_hosts
    assert any(h.endswith("zwfw.gov.cn") for h in chrome_hosts)
    seen = set()
    for host, info in sorted(data["hosts"].items()):
        if not info["chrome"] or info["obstacles"] or info["chrome"] in seen:
            continue
        seen.add(info["chrome"])
        rep = next(r for r in data["reports"] if r["host"] == host and r["reachable"] and r["body"] != "column")
        for url in (rep["list_urls"][0], rep["page_url"]):
            status, html = w.page(live, url)
            assert status == 200
            for text in (
                "中国政府网",
                "政务服务网",
                "无障碍",
                "长者模式",
                "English",
                "首页",
                "政务公开",
                "政府工作报告",
                "新闻发布会",
                "互动交流",
                "主办单位",
                "网站标识码",
                "ICP备",
                "公网安备",
            ):
                assert text in html, (url, text)
            assert '<select onchange="window.open(this.value)">' in html
            assert "相关链接" in html or "友情链接" in html
            linked = set(re.findall(r'(?:href|value)="(?:https?:)?//([^/"?]+)', html))
            assert linked - set(data["hosts"]) <= chrome_hosts, linked - set(data["hosts"]) - chrome_hosts
            tags = ("<header", "<nav", "<footer")
            if info["chrome"] == "html5":
                assert all(t in html for t in tags)
            elif info["chrome"] == "table":
                assert all(m in html for m in ('class="top"', 'id="head"', 'class="yqlj"', "bottom", "footer"))
            else:  # plain: no tag or class name tells the chrome apart
                assert not any(t in html for t in tags)
                assert not re.search(r'(?:class|id)="[^"]*(?:head|top|nav|menu|foot|bottom|yqlj|link)', html)
    assert seen == {"html5", "table", "plain"}


def test_requests_are_counted_per_host(live):
    before = live.requests_per_host()
    status, _, _ = live.fetch("http://www.gov.cn/")
    assert status == 502  # a chrome host is no farm host
    home = next(info["home"] for info in live.data["hosts"].values() if info["platform"])
    assert live.fetch(home)[0] == 200
    after = live.requests_per_host()
    assert after["www.gov.cn"] == before.get("www.gov.cn", 0) + 1
    host = urlsplit(home).netloc
    assert after[host] == before.get(host, 0) + 1
    assert "farm.admin" not in after


def test_request_counts_are_written_when_the_farm_stops(tmp_path, cache_dir):
    # the session farm's seed and size: its rendered documents are in the cache already
    with farm.running(tmp_path, seed=3, size=60, cache_dir=cache_dir) as f:
        home = f.load_manifest()["hosts"]["61.150.65.235"]["home"]
        assert f.fetch("http://www.gov.cn/")[0] == 502 and f.fetch(home)[0] == 200
    counts = json.loads((tmp_path / "requests.json").read_text(encoding="utf-8"))
    assert counts == {"www.gov.cn": 1, "61.150.65.235": 1}


def test_reports_before_2019_are_reports(live, w):
    data = live.data
    assert data["cell_codes"]["pre2019"] == []
    old = [r for r in data["reports"] if r["year"] < 2019]
    assert old and {r["source"] for r in old} == {"pre2019"} and {r["layout"] for r in old} == {"pre2019"}
    assert min(r["year"] for r in old) <= 2012 and {r["body"] for r in old} == {"html", "attachment"}
    assert all(r["expected"]["cells"] == [] and str(r["year"]) in r["title"] for r in old)
    assert any("人民政府" in r["agency"] for r in old) and any("政务信息公开" in r["title"] for r in old)
    assert not [n for n in data["noise"] if n["kind"] == "historic"]
    free = next(r for r in old if r["body"] == "html" and r["reachable"] and not data["hosts"][r["host"]]["obstacles"])
    status, html = w.page(live, free["page_url"])
    assert status == 200 and "收费及减免" in html and free["agency"] in html
    attached = next(
        r for r in old if r["body"] == "attachment" and r["reachable"] and not data["hosts"][r["host"]]["obstacles"]
    )
    status, _, body = live.fetch(attached["attachments"][0]["url"])
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert status == 200 and attached["title"] in xml and "依申请公开政府信息情况" in xml


def test_a_size_200_farm_has_a_platform_of_40_agencies():
    world = build_world(3, 200)
    sizes = {c.portal.host: len(c.portal.units) + 1 for c in world.platforms}
    assert max(sizes.values()) >= 40, sizes
    assert {(c.platform_style, c.family) for c in world.platforms} == {
        ("path", "trs"),
        ("flat", "wanhu"),
        ("flat", "anhui"),
    }
    # still one registered host each; the units share it
    assert all(world.sites[h].units for h in sizes)


def test_platforms_and_chrome_are_deterministic(tmp_path, cache_dir, w):
    def written(out: Path, hashseed: str) -> bytes:
        # no set or dict order may leak into the platforms, the chrome hosts or the sources rows
        return w.written(3, 60, out, cache_dir, hashseed)

    assert written(tmp_path / "a", "1") == written(tmp_path / "b", "2")
