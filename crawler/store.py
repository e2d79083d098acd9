"""The raw archive (DESIGN.md): content-addressed blobs and the append-only fetch log.

A blob is written to a temporary file, fsynced and renamed before its fetch-log line is
appended, and every line is fsynced; so a crawl killed at any moment leaves no partial
blob and at most one torn last line, which is cut off when the log is opened again.
Lines are de-duplicated on (url, sha256) — (kind, url) for events without a body — so a
resumed run writes nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if target.exists() and target.stat().st_size == len(data):
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return sha256


def _key(record: dict[str, Any]) -> tuple[str, ...]:
    if record.get("sha256"):
        return ("body", record.get("url") or "", record["sha256"])
    return ("event", record.get("kind") or "", record.get("url") or "", record.get("source") or "")


def read_log(path: Path) -> list[dict[str, Any]]:
    """Every complete line of a fetch log (a torn last line is ignored)."""
    records = []
    if not Path(path).exists():
        return records
    with open(path, "rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
    return records


class FetchLog:
    """``fetches/<run_id>.jsonl``, opened for appending by one process (several processes
    with O_APPEND on the same file in Redis mode: each line is one write() call)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._cut_torn_tail()
        self.seen: set[tuple[str, ...]] = {_key(r) for r in read_log(self.path)}
        self.archived_urls: set[str] = {r["url"] for r in read_log(self.path) if r.get("sha256") and r.get("url")}
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def _cut_torn_tail(self) -> None:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        with open(self.path, "rb+") as handle:
            data = handle.read()
            if data.endswith(b"\n"):
                return
            handle.truncate(data.rfind(b"\n") + 1)

    def append(self, record: dict[str, Any]) -> bool:
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
