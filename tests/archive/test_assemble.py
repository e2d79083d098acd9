"""The rules that turn fetch-log lines and parses into documents and reports (archive.assemble)."""

from __future__ import annotations

from archive.assemble import collect_documents, source_agreement
from identity import assign_reports, normalise_agency
from rawarchive import FetchLine


def line(no: int, kind: str, url: str, sha: str | None, at: str, **extra) -> FetchLine:
    return FetchLine(
        "20261101T000000Z",
        no,
        {"kind": kind, "url": url, "final_url": url, "sha256": sha, "fetched_at": at, "source": "某市教育局", **extra},
    )


def test_versions_vanishing_and_bundles():
    lines = [
        line(
            1,
            "report_page",
            "http://a/p.html",
            "aa",
            "2026-11-01T00:00:00Z",
            link_text="某市教育局2023年政府信息公开工作年度报告",
        ),
        line(2, "attachment", "http://a/scan.pdf", "bb", "2026-11-01T00:00:01Z", page_url="http://a/p.html"),
        line(3, "report_page", "http://a/p.html", "cc", "2026-11-05T00:00:00Z"),  # the page changed
        line(4, "vanished", "http://a/scan.pdf", None, "2026-11-06T00:00:00Z"),
        line(5, "noise", "http://a/n.html", "dd", "2026-11-01T00:00:02Z"),
    ]
    docs = collect_documents(lines)
    assert set(docs) == {"aa", "bb", "cc"}
    assert docs["aa"].superseded_by == "cc" and docs["cc"].superseded_by is None
    assert docs["bb"].vanished_at == "2026-11-06T00:00:00Z" and docs["aa"].vanished_at is None

    # the new page version carries the tables; the scan (no text) and the old page print nothing usable
    docs["cc"].agency, docs["cc"].year, docs["cc"].cells_reported = "某市教育局", 2023, 200
    docs["aa"].cells_reported = 0
    reports = assign_reports(docs)
    assert list(reports) == ["某市教育局/2023"]
    assert [d.sha256 for d in reports["某市教育局/2023"]] == ["cc", "bb", "aa"]  # most cells, then attachment
    assert docs["bb"].report == "某市教育局/2023"  # the scan inherits its page's agency and year


def test_year_from_link_text_and_no_year_no_report():
    docs = collect_documents(
        [
            line(
                1, "report_page", "http://a/1.html", "aa", "t", link_text="某市教育局2022年度政府信息公开工作年度报告"
            ),
            line(2, "report_page", "http://a/2.html", "bb", "t", link_text="政府信息公开指南"),
        ]
    )
    reports = assign_reports(docs)
    assert list(reports) == ["某市教育局/2022"] and docs["bb"].report is None


def test_tie_prefers_the_attachment_and_agreement_is_cell_by_cell():
    docs = collect_documents(
        [
            line(1, "report_page", "http://a/p.html", "pp", "t"),
            line(2, "attachment", "http://a/r.docx", "rr", "t", page_url="http://a/p.html"),
        ]
    )
    for d in docs.values():
        d.agency, d.year, d.cells_reported = "某市教育局", 2024, 3
    [members] = assign_reports(docs).values()
    assert [d.sha256 for d in members] == ["rr", "pp"]
    chosen = {"cells": {"t3.new.total": 5, "t3.new.natural": 5, "t4.review.total": None}}
    other = {"cells": {"t3.new.total": 6, "t3.new.natural": 5, "t4.review.total": None}}
    status, compared, equal, differing, expr = source_agreement(chosen, other)
    assert (status, compared, equal, differing) == ("fail", 2, 1, 1) and expr == "t3.new.total: 5≠6"
    assert source_agreement(chosen, {"cells": {}})[0] == "not_assessable"


def test_agency_normalisation():
    assert normalise_agency(" 淄博市 应急管理局\u3000") == "淄博市应急管理局"
    assert normalise_agency("ＡＢＣ局") == "ABC局"
    assert normalise_agency("  ") is None
