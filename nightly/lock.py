"""One nightly run at a time per DATA_DIR: an exclusive flock on DATA_DIR/nightly.lock.

flock (not a PID file) because the kernel releases it when the holder dies,
however it dies, so a SIGKILLed run never leaves a stale lock behind.  The
lock file's descriptor is handed to the crawl and build subprocesses
(`pass_fds`), so the lock stays held while any of them is still alive.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from rawarchive import DataDir


class LockBusy(RuntimeError):
    """Another run holds the lock on this DATA_DIR."""


class RunLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = DataDir(data_dir).nightly_lock
        self.fd: int | None = None

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise LockBusy(f"{self.path} is held by another nightly run ({holder})") from None
        # Who holds it, for the message a second run prints; informative only.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown pid"
    except OSError:
        return "unknown pid"
