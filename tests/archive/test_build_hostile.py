"""archive.build with hostile documents in the raw archive: each costs one error row, never the
run; a document killed at its time limit is cached as an error for this parser version, so the
next build does not parse it again (a changed parser, a new version, would)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from archive.build import build
from archive.parsing import parser_version
from parsers.isolation import Bounds
from rawarchive import DataDir

SLOW_PAGE = (
    b"<html><body>"
    + "<p>政府信息公开</p>".encode()
    + b"<table><tr><td>9</td><td>x</td></tr></table>" * 30_000
    + b"</body></html>"
)  # about 7 s to read
NOT_FOUND = "<html><body><h1>404</h1><p>您访问的页面不存在</p></body></html>".encode()
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
RUN = "20261101T020000Z"


def _archive(data: Path, documents: list[tuple[str, str, bytes]]) -> list[str]:
    """Blobs and one fetch-log line each, the way the crawler writes them; their SHA-256s."""
    lines, shas = [], []
    for kind, url, body in documents:
        sha = hashlib.sha256(body).hexdigest()
        blob = DataDir(data).blob(sha)
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(body)
        lines.append(
            json.dumps(
                {
                    "run_id": RUN,
                    "kind": kind,
                    "source": "淄博市应急管理局",
                    "source_url": "http://yjj.zibo.example/",
                    "url": url,
                    "final_url": url,
                    "status": 200,
                    "headers": {},
                    "fetched_at": "2026-11-01T02:00:00Z",
                    "sha256": sha,
                    "size": len(body),
                    "content_type": None,
                    "list_url": None,
                    "link_text": None,
                    "page_url": None,
                    "filename": None,
                    "family": "generic",
                    "reason": None,
                },
                ensure_ascii=False,
            )
        )
        shas.append(sha)
    DataDir(data).fetches.mkdir(parents=True)
    DataDir(data).fetch_log(RUN).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return shas


def test_hostile_documents_cost_one_error_row_each_and_are_not_parsed_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed = next(SEEDS.glob("000_*.txt")).read_bytes()
    good, slow, garbage, missing = _archive(
        data,
        [
            ("report_page", "http://yjj.zibo.example/nb/1.html", seed),
            ("attachment", "http://yjj.zibo.example/nb/slow.html", SLOW_PAGE),
            ("attachment", "http://yjj.zibo.example/nb/report.pdf", bytes(range(256)) * 200),
            ("attachment", "http://yjj.zibo.example/nb/report.docx", NOT_FOUND),
        ],
    )

    stats = build(data, workers=2, bounds=Bounds(seconds=2.0))
    assert stats.documents == 4 and stats.parsed == 4 and stats.reports >= 1
    db = sqlite3.connect(DataDir(data).database)
    rows = {
        sha: (status, error)
        for sha, status, error in db.execute("SELECT sha256, parse_status, parse_error FROM documents")
    }
    assert rows[good] == ("ok", None)
    assert rows[slow][0] == "error" and rows[slow][1].startswith("timed out")
    assert rows[garbage][0] == "error" and rows[garbage][1].startswith("not a document")
    assert rows[missing][0] == "error" and rows[missing][1].startswith("not a report")

    cached = DataDir(data).parsed_entry(parser_version(), slow)
    assert json.loads(cached.read_text(encoding="utf-8"))["error"].startswith("timed out")
    again = build(data, workers=2, bounds=Bounds(seconds=2.0))
    assert again.parsed == 0 and not again.changed
