"""Scope by agency (crawler/scope.py): which registry row a URL belongs to, on hosts that many
rows share, and where a source's crawl may go."""

from __future__ import annotations

from crawler.registry import Source
from crawler.scope import Scope

CITY = Source("甲市人民政府", "http://www.jia.gov.cn/zfxxgk/index.html")
EDU = Source("甲市教育局", "http://www.jia.gov.cn/zfxxgk/jyj/index.html")
WATER = Source("甲市水利局", "http://www.jia.gov.cn/public/column/1001")
FARM = Source("甲市农业农村局", "http://www.jia.gov.cn/public/column/1002")
STATS = Source("甲市统计局", "http://tjj.jia.gov.cn/")
PROVINCE = Source("乙省人民政府", "http://www.yi.gov.cn/")
REGISTRY = [CITY, EDU, WATER, FARM, STATS, PROVINCE]


def test_a_url_belongs_to_the_row_with_the_most_specific_claim() -> None:
    scope = Scope(REGISTRY, REGISTRY)
    assert scope.owner("http://www.jia.gov.cn/zfxxgk/jyj/ndbg/202401/t20240120_1.html") == EDU
    assert scope.owner("http://www.jia.gov.cn/zfxxgk/ndbg/") == CITY
    assert scope.owner("http://tjj.jia.gov.cn/xxgk/nb/") == STATS  # a subdomain row beats its parent's host
    assert scope.owner("http://www.jia.gov.cn/public/column/1002") == FARM  # a row's own address is its own
    # flat ids: nothing in the path says whose; the rows claim it equally
    assert scope.owner("http://www.jia.gov.cn/art/2024/1/20/art_2001_5.html") is None


def test_a_walk_hands_another_rows_territory_over_and_keeps_what_nobody_owns() -> None:
    scope = Scope(REGISTRY, REGISTRY)
    assert scope.claim(CITY, "http://www.jia.gov.cn/zfxxgk/jyj/ndbg/") == EDU
    assert scope.claim(EDU, "http://www.jia.gov.cn/zfxxgk/jyj/ndbg/") == EDU
    assert scope.claim(WATER, "http://www.jia.gov.cn/art/2024/1/20/art_2001_5.html") == WATER
    assert scope.claim(WATER, "http://www.gov.cn/") is None  # outside every registry site
    assert scope.claim(CITY, "http://www.yi.gov.cn/zwgk/") == PROVINCE


def test_a_row_not_in_this_run_leaves_its_territory_to_the_walker() -> None:
    scope = Scope(REGISTRY, [CITY])
    assert scope.claim(CITY, "http://www.jia.gov.cn/zfxxgk/jyj/ndbg/") == CITY


def test_a_report_is_recorded_under_the_row_its_title_names_on_that_site() -> None:
    scope = Scope(REGISTRY, REGISTRY)
    url = "http://www.jia.gov.cn/art/2024/1/20/art_2001_5.html"
    assert scope.named("甲市农业农村局2023年政府信息公开工作年度报告", url, WATER) == FARM
    assert scope.named("2023年政府信息公开工作年度报告", url, WATER) == WATER
    # a title naming a row of another site does not move a report
    assert scope.named("乙省人民政府2023年政府信息公开工作年度报告", url, WATER) == WATER


def test_hosts_outside_the_registry_only_for_reports_on_government_hosts() -> None:
    scope = Scope(REGISTRY, REGISTRY)
    assert scope.leaves_registry_for("http://www.bing.gov.cn/xxgk/nb/t1.html")
    assert scope.leaves_registry_for("http://61.150.65.235/zfxxgk/1.html")
    assert not scope.leaves_registry_for("http://www.365betzf.com/zfxxgk/1.html")
