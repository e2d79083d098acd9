"""The raw archive's one reader, one writer and one layout (rawarchive/)."""

from __future__ import annotations

import json
from pathlib import Path

from rawarchive import DataDir, RawArchive, read_fetch_log_lines, write_json_atomically


def test_one_torn_line_rule(tmp_path: Path) -> None:
    log = DataDir(tmp_path).fetch_log("R1")
    log.parent.mkdir(parents=True)
    # a good line, a damaged complete line, a blank line, a good line, and an unterminated
    # last line that happens to be valid JSON: still a torn append, never a record
    log.write_bytes(b'{"url": "a"}\n{"url": \n\n{"url": "b"}\n{"url": "c"}')
    assert [(no, r["url"]) for no, r in read_fetch_log_lines(log)] == [(1, "a"), (4, "b")]
    assert [(ln.run_id, ln.line_no) for ln in RawArchive(tmp_path).fetch_lines()] == [("R1", 1), ("R1", 4)]
    assert list(read_fetch_log_lines(tmp_path / "absent.jsonl")) == []


def test_atomic_json_leaves_no_temp_file(tmp_path: Path) -> None:
    target = DataDir(tmp_path).run_summary("R1")
    write_json_atomically(target, {"run_id": "R1", "名": 1})
    write_json_atomically(target, {"run_id": "R1"}, compact=True)
    assert json.loads(target.read_text(encoding="utf-8")) == {"run_id": "R1"}
    assert [p.name for p in target.parent.iterdir()] == ["R1.json"]


def test_layout_spells_design_md(tmp_path: Path) -> None:
    d = DataDir(tmp_path)
    sha = "ab" + "c" * 62
    assert d.blob(sha) == tmp_path / "blobs" / "ab" / "cc" / sha
    assert d.parsed_entry("v1", sha) == tmp_path / "parsed" / "v1" / "ab" / f"{sha}.json"
    assert d.fetch_log("R1").relative_to(tmp_path).as_posix() == "fetches/R1.jsonl"
    assert d.run_summary("R1").relative_to(tmp_path).as_posix() == "runs/R1.json"
    assert (d.database.name, d.staged_database.name, d.season.name) == ("archive.db", "archive.db.new", "season.json")
