"""Reading the raw archive (``DATA_DIR``) exactly as DESIGN.md lays it out.

Nothing here parses a document or writes anything: it lists fetch-log
lines, run summaries and blob paths.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DOCUMENT_KINDS = ("report_page", "attachment")


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


class RawArchive:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)

    def blob_path(self, sha256: str) -> Path:
        return self.root / "blobs" / sha256[:2] / sha256[2:4] / sha256

    def fetch_lines(self) -> Iterator[FetchLine]:
        """Every complete fetch-log line, runs in id order (ids are UTC start times).

        A torn last line (the crawler killed mid-append) is skipped; a bad line
        elsewhere is logged and skipped too, since one bad line must not hide a run.
        """
        for path in sorted((self.root / "fetches").glob("*.jsonl")):
            run_id = path.stem
            with path.open("rb") as f:
                lines = f.read().split(b"\n")
            for no, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw)
                except ValueError:
                    if no != len(lines):  # the unterminated last line is a torn append
                        log.warning("%s:%d: not JSON, skipped", path, no)
                    continue
                if isinstance(data, dict):
                    yield FetchLine(str(data.get("run_id") or run_id), no, data)

    def run_summaries(self) -> dict[str, dict[str, Any]]:
        """``runs/<run_id>.json`` by run id (unreadable ones are logged and skipped)."""
        out: dict[str, dict[str, Any]] = {}
        for path in sorted((self.root / "runs").glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                log.warning("%s: %s, skipped", path, e)
                continue
            if isinstance(data, dict):
                out[str(data.get("run_id") or path.stem)] = data
        return out
