"""Chinese full-text search on the bigram index, straight on archive.db."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from archive.search import fts_query, spaced
from rawarchive import DataDir


def search(db, query: str) -> set[str]:
    conn = sqlite3.connect(db)
    conn.create_function("escape_fts", 1, fts_query)
    try:
        return {
            r[0]
            for r in conn.execute(
                "select r.id from reports_fts join reports r on r.rowid = reports_fts.rowid "
                "where reports_fts match escape_fts(?)",
                [query],
            )
        }
    finally:
        conn.close()


def containing(db, *terms: str) -> set[str]:
    """Reports whose title or text contains every term, by plain substring (whitespace ignored)."""
    conn = sqlite3.connect(db)
    try:
        found = set()
        for rid, title, text in conn.execute(
            "select r.id, r.title, t.text from reports r join report_texts t on t.report = r.id"
        ):
            body = "".join(unicodedata.normalize("NFKC", f"{title or ''}\n{text or ''}").split())
            if all(t in body for t in terms):
                found.add(rid)
        return found
    finally:
        conn.close()


def test_query_rewriting():
    assert fts_query("消防") == '"消防"'  # a two-character word is one token
    assert fts_query("依申请公开") == '"依申 申请 请公 公开"'
    assert fts_query("2023年 行政复议") == '"2023 年"* "行政 政复 复议"'  # 年 may go on (年度, 年报)
    assert fts_query("第1号文件") == '"第 1 号文 文件"'
    assert fts_query('"信息 公开"') == '"信息 息公 公开"'
    assert fts_query("") == '""'
    assert spaced("２０２３年") == "2023 年 "
    assert spaced("消防救援") == " 消防 防救 救援 援 "
    assert spaced("信息公\n开") == " 信息 息公 公开 开 "  # a line break inside a word is layout


@pytest.mark.parametrize(
    "query",
    [
        "消防",
        "复议",
        "信访",
        "税",
        "行政复议",
        "依申请公开",
        "2023年",
        "应急管理局 2024年",
        "年度报告",
        "局",
        "号",
        "公开",
        "申请公开",
    ],
)
def test_search_finds_exactly_the_reports_that_contain_it(archive_dir, query):
    db = DataDir(archive_dir[0]).database
    expected = containing(db, *query.split())
    assert search(db, query) == expected


def test_two_character_word_known_reports(archive_dir):
    db = DataDir(archive_dir[0]).database
    found = search(db, "消防")
    assert "淄博市张店区消防救援大队/2024" in found
    assert not found & {"淄博市应急管理局/2024", "湛河区应急管理局/2024", "枣庄市台儿庄区应急管理局/2021"}


def test_no_false_positives_for_characters_apart(archive_dir):
    db = DataDir(archive_dir[0]).database
    # both characters occur in many reports, never adjacent in this order
    assert containing(db, "防") and containing(db, "消")
    assert search(db, "防消") == containing(db, "防消")
    assert search(db, "公开消防复议不存在的词") == set()
