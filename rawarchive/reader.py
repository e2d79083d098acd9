"""A whole raw archive read back: every fetch-log line of every run, and the run summaries.

Nothing here parses a document or writes anything.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rawarchive.blobs import blob_path
from rawarchive.fetchlog import read_fetch_log_lines
from rawarchive.layout import DataDir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchLine:
    """One line of ``fetches/<run_id>.jsonl``, with where it was read from."""

    run_id: str
    line_no: int  # 1-based line number in its file: with run_id, the line's stable id
    data: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def kind(self) -> str:
        return str(self.data.get("kind") or "")


def logged_run_ids(data_dir: Path) -> list[str]:
    """Run ids that have a fetch log, oldest first."""
    return [path.stem for path in DataDir(data_dir).fetch_logs()]


def read_run_summary(data_dir: Path, run_id: str) -> dict[str, Any] | None:
    """``runs/<run_id>.json``, or None when it is missing or unreadable (a crawl still running)."""
    try:
        summary = json.loads(DataDir(data_dir).run_summary(run_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return summary if isinstance(summary, dict) else None


class RawArchive:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self.layout = DataDir(self.root)

    def blob_path(self, sha256: str) -> Path:
        return blob_path(self.layout.blobs, sha256)

    def fetch_lines(self) -> Iterator[FetchLine]:
        """Every complete fetch-log line, runs in id order (ids are UTC start times)."""
        for path in self.layout.fetch_logs():
            for no, data in read_fetch_log_lines(path):
                yield FetchLine(str(data.get("run_id") or path.stem), no, data)

    def run_summaries(self) -> dict[str, dict[str, Any]]:
        """``runs/<run_id>.json`` by run id (unreadable ones are logged and skipped)."""
        out: dict[str, dict[str, Any]] = {}
        for path in self.layout.run_summaries():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                log.warning("%s: %s, skipped", path, e)
                continue
            if isinstance(data, dict):
                out[str(data.get("run_id") or path.stem)] = data
        return out
