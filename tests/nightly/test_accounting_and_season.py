"""Run accounting and the season calendar, on fetch logs written in the DESIGN.md format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import identity
from nightly import season
from nightly.accounting import count_run, judge
from nightly.history import (
    DocumentHistory,
    absorbed_run_ids,
    completed_run_ids,
    history_run_ids,
    run_events,
    write_known_urls,
)
from nightly.index import index_path, load_index
from rawarchive import DataDir, logged_run_ids, write_json_atomically

SOURCES = [
    {"agency": "甲市人民政府", "url": "http://jia.gov.example/"},
    {"agency": "甲市教育局", "url": "http://jy.jia.gov.example/"},
    {"agency": "乙县人民政府", "url": "http://yi.gov.example/"},
]


def page(run_id: str, source: str, url: str, sha: str, title: str, at: str) -> dict:
    return {
        "run_id": run_id,
        "kind": "report_page",
        "source": source,
        "url": url,
        "final_url": url,
        "status": 200,
        "sha256": sha,
        "link_text": title,
        "fetched_at": at,
    }


def attachment(run_id: str, source: str, url: str, sha: str, at: str, status: int = 200) -> dict:
    return {
        "run_id": run_id,
        "kind": "attachment",
        "source": source,
        "url": url,
        "status": status,
        "sha256": sha,
        "fetched_at": at,
    }


def write_run(data_dir: Path, run_id: str, events: list[dict], finished: bool = True) -> None:
    DataDir(data_dir).fetches.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)
    DataDir(data_dir).fetch_log(run_id).write_text(lines + ('{"kind": "report_pa' if not finished else ""))
    if finished:
        write_json_atomically(DataDir(data_dir).run_summary(run_id), {"run_id": run_id})


R1, R2 = "20260110T020000Z", "20260111T020000Z"


def first_night(d: Path) -> None:
    write_run(
        d,
        R1,
        [
            page(
                R1,
                "甲市人民政府",
                "http://jia/r2024",
                "p1",
                "甲市人民政府2024年政府信息公开工作年度报告",
                "2026-01-10T02:00:01Z",
            ),
            attachment(R1, "甲市人民政府", "http://jia/r2024.pdf", "a1", "2026-01-10T02:00:02Z"),
            page(
                R1,
                "甲市教育局",
                "http://jy/r2024",
                "p2",
                "甲市教育局2024年政府信息公开工作年度报告",
                "2026-01-10T02:00:03Z",
            ),
            page(
                R1,
                "甲市教育局",
                "http://jy/r2023",
                "p3",
                "甲市教育局2023年政府信息公开工作年度报告",
                "2026-01-10T02:00:04Z",
            ),
            {
                "run_id": R1,
                "kind": "blocked",
                "source": "乙县人民政府",
                "url": "http://yi/",
                "status": 412,
                "reason": "anti-bot",
            },
        ],
    )


def test_new_changed_and_vanished_come_from_comparing_with_earlier_runs(tmp_path: Path) -> None:
    first_night(tmp_path)
    second = [
        page(
            R2,
            "甲市人民政府",
            "http://jia/r2024",
            "p1",
            "甲市人民政府2024年政府信息公开工作年度报告",
            "2026-01-11T02:00:01Z",
        ),
        attachment(R2, "甲市人民政府", "http://jia/r2024.pdf", "a1-corrected", "2026-01-11T02:00:02Z"),
        page(
            R2,
            "甲市教育局",
            "http://jy/r2025",
            "p4",
            "甲市教育局2025年政府信息公开工作年度报告",
            "2026-01-11T02:00:03Z",
        ),
        {
            "run_id": R2,
            "kind": "vanished",
            "source": "甲市教育局",
            "url": "http://jy/r2023",
            "status": 404,
            "reason": "404",
        },
        page(
            R2,
            "甲市教育局",
            "http://jy/r2024",
            "p2",
            "甲市教育局2024年政府信息公开工作年度报告",
            "2026-01-11T02:00:05Z",
        ),
        {"run_id": R2, "kind": "error", "source": "乙县人民政府", "url": "http://yi/", "reason": "timeout"},
    ]
    write_run(tmp_path, R2, second)
    history = load_index(tmp_path, R2, save=False).history
    counts = count_run(R2, run_events(tmp_path, R2), history, SOURCES)

    assert counts.new_urls == ["http://jy/r2025"] and counts.new_reports == 1
    assert counts.changed_urls == ["http://jia/r2024.pdf"] and counts.changed_attachments == counts.changed_reports == 1
    assert counts.vanished_urls == ["http://jy/r2023"]
    assert (counts.sources_ok, counts.sources_blocked, counts.sources_failed) == (2, 0, 1)
    assert counts.errors == 1 and counts.report_pages == 3

    # The next night revisits what is known, but not what already vanished.
    history.add(run_events(tmp_path, R2))
    known = tmp_path / "known.jsonl"
    assert write_known_urls(known, history) == 3
    urls = {json.loads(line)["url"] for line in known.read_text().splitlines()}
    assert urls == {"http://jia/r2024", "http://jy/r2024", "http://jy/r2025"}


def test_an_unfinished_run_is_not_history_and_its_torn_line_is_ignored(tmp_path: Path) -> None:
    first_night(tmp_path)
    write_run(
        tmp_path,
        R2,
        [page(R2, "甲市教育局", "http://jy/r2025", "p4", "x2025年报告", "2026-01-11T02:00:03Z")],
        finished=False,
    )
    assert completed_run_ids(tmp_path) == [R1]
    assert logged_run_ids(tmp_path) == [R1, R2]
    assert len(run_events(tmp_path, R2)) == 1
    assert "http://jy/r2025" not in load_index(tmp_path, "20260112T020000Z").history.last_sha256


def test_the_index_folds_each_finished_run_once_and_equals_a_fresh_fold(tmp_path: Path) -> None:
    first_night(tmp_path)
    r3, r4 = "20260112T020000Z", "20260113T020000Z"
    # Night 2 was killed mid-crawl; night 3 finished (and absorbed it); night 4 is about to start.
    write_run(
        tmp_path,
        R2,
        [page(R2, "甲市教育局", "http://jy/r2025", "p4", "甲市教育局2025年报告", "2026-01-11T02:00:03Z")],
        finished=False,
    )
    assert absorbed_run_ids(tmp_path, r3) == [R2]
    write_run(
        tmp_path,
        r3,
        [page(r3, "甲市人民政府", "http://jia/r2024", "p1-new", "甲市人民政府2024年报告", "2026-01-12T02:00:00Z")],
    )
    assert history_run_ids(tmp_path, r4) == [R1, R2, r3] and absorbed_run_ids(tmp_path, r4) == []

    assert load_index(tmp_path, r3).folded == [R1]
    cached = load_index(tmp_path, r4)
    assert cached.folded == [R1, R2, r3]
    index_path(tmp_path).unlink()
    fresh = load_index(tmp_path, r4)
    assert fresh.to_json() == cached.to_json()
    # The killed run's page is history now, and the newer body of a page wins.
    assert fresh.history.last_sha256["http://jy/r2025"] == "p4"
    assert fresh.history.last_sha256["http://jia/r2024"] == "p1-new"
    assert fresh.first_crawled["甲市人民政府"] == "2026-01-10T02:00:01Z"
    assert fresh.last_crawled["甲市人民政府"] == "2026-01-12T02:00:00Z"


def test_a_run_with_every_source_down_or_far_fewer_reports_is_flagged(tmp_path: Path) -> None:
    first_night(tmp_path)
    history = load_index(tmp_path, R2, save=False).history
    dead = [
        {"run_id": R2, "kind": "error", "source": s["agency"], "url": s["url"], "reason": "refused"} for s in SOURCES
    ]
    counts = count_run(R2, dead, history, SOURCES)
    previous = count_run(R1, run_events(tmp_path, R1), DocumentHistory(), SOURCES).as_dict()
    health = judge(counts, previous, 0.5)
    assert not health.ok and any("no source reachable" in p for p in health.problems)
    assert any("far fewer report pages" in p for p in health.problems)
    same = count_run(R2, run_events(tmp_path, R1), history, SOURCES)
    assert judge(same, previous, 0.5).ok


def test_deadlines_follow_article_49() -> None:
    assert season.deadline("department", 2024)[0] == dt.date(2025, 1, 31)
    assert season.deadline("government", 2024)[0] == dt.date(2025, 3, 31)
    assert season.agency_level("甲市教育局") == "department"
    assert season.agency_level("乙县人民政府") == "government"
    assert season.agency_level("丙镇人民政府") == "township"
    assert identity.title_year("二〇二四年度政府信息公开工作年度报告") == 2024


def test_timeliness_and_the_recheck_list_in_and_out_of_season(tmp_path: Path) -> None:
    first_night(tmp_path)  # 10 January 2026: the first crawl ever
    today = dt.date(2026, 2, 15)
    rows = {(r.agency, r.year): r for r in season.timeliness(tmp_path, today, SOURCES)}
    # Reports on 2024 were due in 2025, before we watched: their timeliness cannot be told from sightings.
    assert rows[("甲市教育局", 2024)].status == "unknown" and rows[("甲市教育局", 2024)].appeared
    # The department's report on 2025 was due 31 January 2026 and has not appeared.
    assert rows[("甲市教育局", 2025)].status == "missing"
    # Governments have until 31 March; the blocked county has never been seen.
    assert rows[("甲市人民政府", 2025)].status == "not_yet_due"
    assert rows[("乙县人民政府", 2025)].status == "not_yet_due"
    assert season.missing_last_year(rows.values(), today) == ["乙县人民政府", "甲市人民政府", "甲市教育局"]

    write_run(
        tmp_path,
        R2,
        [
            page(
                R2,
                "甲市教育局",
                "http://jy/r2025",
                "p4",
                "甲市教育局2025年政府信息公开工作年度报告",
                "2026-02-14T02:00:00Z",
            ),
            page(
                R2,
                "甲市人民政府",
                "http://jia/r2025",
                "p5",
                "甲市人民政府2025年政府信息公开工作年度报告",
                "2026-02-14T02:00:01Z",
            ),
        ],
    )
    rows = {(r.agency, r.year): r for r in season.timeliness(tmp_path, today, SOURCES)}
    assert rows[("甲市教育局", 2025)].status == "late"  # first seen 14 February; watched since 10 January
    assert rows[("甲市人民政府", 2025)].status == "on_time"
    assert rows[("甲市人民政府", 2025)].on_time_basis == "first_seen"

    # In season, a source still missing last year's report is due every night; the others, crawled
    # yesterday with their report in hand, wait for their weekly visit.
    assert [r["agency"] for r in season.due_sources(tmp_path, SOURCES, today)] == ["乙县人民政府"]
    assert [r["agency"] for r in season.due_sources(tmp_path, SOURCES, dt.date(2026, 2, 21))] == SOURCES_NAMES
    # Out of season the weekly rhythm applies to all.
    assert len(season.due_sources(tmp_path, SOURCES, dt.date(2026, 6, 20))) == 3

    report = season.season_report(tmp_path, today, SOURCES)
    assert report["in_season"] and report["recheck_nightly"] == ["乙县人民政府"]
    assert {r["status"] for r in report["report_timeliness"]} == {"unknown", "late", "on_time", "not_yet_due"}


SOURCES_NAMES = [s["agency"] for s in SOURCES]
