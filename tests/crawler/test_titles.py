"""Which titles are genuine reports, which are noise, and why."""

from __future__ import annotations

import pytest

from crawler.titles import classify, duplicate_url_reason, repost_reason


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("XX区统计局2023年政府信息公开工作年度报告", 2023),
        ("XX区人民政府2023年度政府信息公开工作年度报告", 2023),
        ("XX市财政局2023年政府信息公开工作报告", 2023),
        ("2022年政府信息公开工作年度报告", 2022),
        ("政府信息公开工作年度报告", None),
        ("XX市卫生健康委员会关于2025年政府信息公开工作年度报告", 2025),
        ("XX市卫生健康委员会关于报送2023年政府信息公开工作年度报告的函", 2023),
        ("XX市人民政府2019年政府信息公开工作年度报告（图片版）", 2019),
        ("XX街道办事处 2024 年政府信息公开工作年度报告", 2024),
    ],
)
def test_genuine_reports(title: str, year: int | None) -> None:
    verdict = classify(title)
    assert verdict.is_report and verdict.year == year


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("XX市2023年政府网站工作年度报表", "网站年度报表"),
        ("关于做好2023年政府信息公开工作年度报告编制发布工作的通知", "通知"),
        ("一图读懂XX市2023年政府信息公开工作年度报告", "解读"),
        ("图解：XX省2023年政府信息公开工作年度报告", "解读"),
        ("XX局2006年政务信息公开年度报告", "before 2008"),
        ("政府信息公開工作年度報告", "big5"),
        ("XX区2023年法治政府建设年度报告", "another kind"),
        ("XX县2023年公共企事业单位信息公开年度报告", "公共企事业单位"),
    ],
)
def test_noise_is_named(title: str, reason: str) -> None:
    verdict = classify(title)
    assert verdict.kind == "noise" and reason in (verdict.reason or "")


def test_every_report_year_is_a_report_and_the_minimum_is_configurable() -> None:
    assert classify("XX局2008年政府信息公开工作年度报告").is_report
    assert classify("XX局2017年政府信息公开工作年度报告").is_report
    assert classify("XX局2017年政府信息公开工作年度报告", min_year=2019).kind == "noise"


def test_navigation_text_is_neither() -> None:
    assert classify("首页").kind == "other"
    assert classify("政府信息公开指南").kind == "other"


def test_duplicates_and_reposts() -> None:
    assert duplicate_url_reason("http://cq.gov.cn/zfxxgknb/202403/t20240327_13086081_wap.html")
    assert duplicate_url_reason("http://www.gz.gov.cn/zwgk/content/mpost_9469010.html")
    assert duplicate_url_reason("http://www.beijing.gov.cn/gate/big5/www.beijing.gov.cn/gongkai/x.html")
    assert duplicate_url_reason("http://www.gz.gov.cn/zwgk/content/post_9469010.html") is None
    assert repost_reason("交通运输部2023年政府信息公开工作年度报告", "重庆市万州区交通局")
    assert repost_reason("XX区财政局2023年政府信息公开工作年度报告", "XX区人民政府") is None
