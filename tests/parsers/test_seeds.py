"""The five seed reports parse to their gold values exactly."""

from __future__ import annotations

import pytest
from parser_compare import differences
from parser_fixtures import SEEDS, seed_gold

from parsers import parse_file

SEED_IDS = [0, 1, 2, 3, 4]


@pytest.mark.parametrize("n", SEED_IDS, ids=[f"seed{n:03d}" for n in SEED_IDS])
def test_seed_matches_gold(n: int) -> None:
    gold = seed_gold(n)
    report = parse_file(SEEDS / gold["file"])
    assert report["error"] is None
    assert differences(report, gold) == []
    assert set(report["cells"]) == set(gold["cells"])
    assert report["format"] == "text"
    assert report["layouts"] == {"t2": "2021", "t3": "2021", "t4": "standard"}


def test_seed_titles_as_printed() -> None:
    titles = [parse_file(SEEDS / seed_gold(n)["file"])["title"] for n in SEED_IDS]
    assert titles[0] == "淄博市应急管理局2024年政府信息公开工作年度报告"
    assert titles[2] == "淄博市张店区消防救援大队2024年政府信息公开工作年度报告"  # agency on its own lines above
    assert titles[3] == "枣庄市台儿庄区应急管理局2021年政府信息公开工作年度报告"  # split across two lines


def test_seed_sections_split_on_headings() -> None:
    report = parse_file(SEEDS / seed_gold(3)["file"])  # 总体情况 has no numeral; 五 is worded differently
    sections = report["sections"]
    assert sections["overview"].startswith("2021年以来")
    assert "存在问题" in sections["problems"]
    assert sections["other"] == "无"
    s0 = parse_file(SEEDS / seed_gold(0)["file"])["sections"]
    assert "信息处理费" in s0["other"] and "总体" not in s0["other"]
    assert "自然人" in s0["requests"]  # the table's text is kept in its section


def test_seed_raw_text_and_no_markers() -> None:
    report = parse_file(SEEDS / seed_gold(3)["file"])
    assert report["raw"]["t2.punishment.decisions"].strip("\u3000 ") == "139"
    assert report["markers"] == {}
