"""Content-addressed blobs: ``blobs/<aa>/<bb>/<sha256>``, the bytes exactly as received."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rawarchive.atomic import write_atomically


def blob_path(blobs_dir: Path, sha256: str) -> Path:
    """Where the blob named ``sha256`` lives under a ``blobs/`` directory (two levels of
    fan-out keep directories small at a million documents)."""
    return Path(blobs_dir) / sha256[:2] / sha256[2:4] / sha256


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return blob_path(self.root, sha256)

    def put(self, data: bytes) -> str:
        """Store ``data`` (never partially: temp file, fsync, rename) and return its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if target.exists() and target.stat().st_size == len(data):
            return sha256
        write_atomically(target, data)
        return sha256
