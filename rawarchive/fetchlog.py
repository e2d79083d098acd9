"""The fetch log, ``fetches/<run_id>.jsonl``: the one reader and the one appender.

The torn-line rule, the same for every reader: a line is a record only when it ends in
``\\n`` and is a JSON object.  The appender writes each line with one ``write()`` ending in
``\\n`` and fsyncs it, after its blob is on disk; so a crawl killed at any moment leaves at
most one unterminated last line, which every reader ignores and the next appender cuts off.
A complete line that is not a JSON object (a damaged disk, a hand edit) is logged and
skipped: one bad line must not hide a run.

Lines are de-duplicated on (url, sha256) — (kind, url, source) for events without a body — so
a resumed run writes nothing twice.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def read_fetch_log_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based line number, record) for every complete line of a fetch log; none if it is absent.

    The line number, with the run id, is a line's stable id (``archive.build``'s ``fetches``)."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return
    with handle:
        for no, line in enumerate(handle, start=1):
            if not line.endswith(b"\n"):
                break  # the torn last append of a killed writer
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:  # includes bytes that are not UTF-8
                log.warning("%s:%d: not JSON, skipped", path, no)
                continue
            if isinstance(record, dict):
                yield no, record
            else:
                log.warning("%s:%d: not a JSON object, skipped", path, no)


def read_fetch_log(path: Path) -> list[dict[str, Any]]:
    """Every complete record of a fetch log, in order (see the module's torn-line rule)."""
    return [record for _, record in read_fetch_log_lines(path)]


def _key(record: Mapping[str, Any]) -> tuple[str, ...]:
    if record.get("sha256"):
        return ("body", record.get("url") or "", record["sha256"])
    return ("event", record.get("kind") or "", record.get("url") or "", record.get("source") or "")


class FetchLog:
    """``fetches/<run_id>.jsonl``, opened for appending by one process (several processes
    with O_APPEND on the same file in Redis mode: each line is one write() call)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._cut_torn_tail()
        records = read_fetch_log(self.path)
        self.seen: set[tuple[str, ...]] = {_key(r) for r in records}
        self.archived_urls: set[str] = {r["url"] for r in records if r.get("sha256") and r.get("url")}
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def _cut_torn_tail(self) -> None:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        with open(self.path, "rb+") as handle:
            data = handle.read()
            if data.endswith(b"\n"):
                return
            handle.truncate(data.rfind(b"\n") + 1)

    def append(self, record: Mapping[str, Any]) -> bool:
        """Write one line unless an equal one is already in the log; True if written."""
        key = _key(record)
        if key in self.seen:
            return False
        line = (json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
        os.write(self._fd, line)
        os.fsync(self._fd)
        self.seen.add(key)
        if record.get("sha256") and record.get("url"):
            self.archived_urls.add(record["url"])
        return True

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
