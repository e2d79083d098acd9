"""Every report year is archived: a 2015 report (free text, the older form) goes into the
database with layout pre2019, no cells, and its full text searchable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from archive.build import build
from archive.search import fts_query  # the archive's own query rewriting (CJK bigrams)
from rawarchive import BlobStore, DataDir, FetchLog

TITLE = "扬洲市教育局2015年政府信息公开工作年度报告"
BODY = (
    f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
    "<p>根据《中华人民共和国政府信息公开条例》，现公布本局2015年政府信息公开工作年度报告。</p>"
    "<p>一、概述。本年度主动公开政府信息312条，其中校车安全管理信息45条。</p>"
    "<p>二、主动公开政府信息情况。三、依申请公开政府信息情况：共受理申请12件。</p>"
    "<p>四、因政府信息公开申请行政复议、提起行政诉讼的情况：无。五、存在的主要问题和改进措施。</p>"
    "</body></html>"
).encode()


def test_a_report_before_2019_is_in_the_archive_and_searchable(tmp_path: Path) -> None:
    url = "http://www.yz.example/zfxxgk/jyj/ndbg/201601/t20160120_1.html"
    log = FetchLog(DataDir(tmp_path).fetch_log("20261201T020000Z"))
    log.append(
        {
            "run_id": "20261201T020000Z",
            "kind": "report_page",
            "source": "扬洲市教育局",
            "source_url": "http://www.yz.example/zfxxgk/jyj/",
            "url": url,
            "final_url": url,
            "status": 200,
            "headers": {"Content-Type": "text/html; charset=utf-8"},
            "fetched_at": "2026-12-01T02:00:00Z",
            "sha256": BlobStore(DataDir(tmp_path).blobs).put(BODY),
            "size": len(BODY),
            "content_type": "text/html",
            "list_url": "http://www.yz.example/zfxxgk/jyj/ndbg/",
            "link_text": TITLE,
            "page_url": None,
            "filename": None,
            "family": "trs",
            "reason": None,
            "year": 2015,
        }
    )
    log.close()
    build(tmp_path, workers=1)
    db = sqlite3.connect(DataDir(tmp_path).database)
    layout, year, report_id = db.execute("select layout, year, id from reports").fetchone()
    assert (layout, year) == ("pre2019", 2015)
    assert db.execute("select count(*) from report_cells where report = ?", (report_id,)).fetchone()[0] == 0
    hits = db.execute("select rowid from reports_fts where reports_fts match ?", (fts_query("校车"),)).fetchall()
    assert len(hits) == 1
