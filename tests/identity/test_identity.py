"""Stable ids and the readings every stage shares (identity.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.titles import classify
from identity import (
    new_run_id,
    normalise_agency,
    report_id,
    split_report_id,
    title_agency,
    title_year,
    year_from_titles,
)
from nightly.index import sighting_of


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("XX县教育局2023年政府信息公开工作年度报告", 2023),
        ("XX县教育局2023年度政府信息公开工作年度报告", 2023),
        ("XX县教育局 2023 年政府信息公开工作年度报告", 2023),
        ("ＸＸ县教育局２０２３年政府信息公开工作年度报告", 2023),
        ("二〇二四年度政府信息公开工作年度报告", 2024),
        ("XX市人民政府二○二二年政府信息公开工作年度报告", 2022),
        ("政府信息公开工作年度报告", None),
    ],
)
def test_title_year(title: str, year: int | None) -> None:
    assert title_year(title) == year
    # the crawler and the season calendar read the same year
    assert classify(title).year == year
    event = {"kind": "report_page", "source": "XX县教育局", "link_text": title, "fetched_at": "2025-01-01"}
    assert (sighting_of(event).year if sighting_of(event) else None) == year


def test_year_from_titles_takes_the_first_that_names_one() -> None:
    assert year_from_titles(None, "年度报告", "二〇二一年度报告", "2020年") == 2021


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("XX县教育局2023年政府信息公开工作年度报告", "XX县教育局"),
        ("XX市卫生健康委员会关于报送2023年政府信息公开工作年度报告的函", "XX市卫生健康委员会"),
        ("关于XX区民政局2023年政府信息公开工作年度报告", "XX区民政局"),
        ("【通知公告】XX区民政局2023年政府信息公开工作年度报告", "XX区民政局"),
        ("《XX区民政局二〇二三年政府信息公开工作年度报告》", "XX区民政局"),
        ("2023年政府信息公开工作年度报告", None),
    ],
)
def test_title_agency(title: str, agency: str | None) -> None:
    assert title_agency(title) == agency


def test_ids() -> None:
    assert normalise_agency(" 淄博市 应急管理局\u3000") == "淄博市应急管理局"
    assert normalise_agency(None) is None
    assert report_id("淄博市应急管理局", 2023) == "淄博市应急管理局/2023"
    assert split_report_id("A/B局/2023") == ("A/B局", 2023)
    assert new_run_id(dt.datetime(2026, 11, 28, 4, 15, tzinfo=dt.UTC)) == "20261128T041500Z"
