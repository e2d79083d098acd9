"""The one way a file under ``DATA_DIR`` is replaced: write beside it, fsync, rename.

A reader (Datasette, the next build, a resumed crawl) sees the old file or the new one, never
half of one, because ``os.replace`` is atomic on POSIX and the bytes are on disk before it.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes | str, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``data`` through a temp file in the same directory.

    ``fsync=False`` is for caches only: after a power cut an entry may be lost or empty, and a
    cache reader treats that as a miss."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_json_atomically(path: Path, data: Any, compact: bool = False, *, fsync: bool = True) -> None:
    """JSON (UTF-8, not ASCII-escaped, newline-terminated) written with ``write_atomically``;
    compact for machine-only files, indented and key-sorted for files people read."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    write_atomically(path, text + "\n", fsync=fsync)


def install_file(staged: Path, target: Path) -> None:
    """Rename a finished file (one another library wrote, e.g. SQLite) over ``target``:
    fsync it, rename, fsync the directory so the rename itself survives a power cut."""
    staged, target = Path(staged), Path(target)
    _fsync_path(staged)
    os.replace(staged, target)
    _fsync_path(target.parent)
