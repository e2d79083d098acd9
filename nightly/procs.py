"""Child processes of a nightly run: they die with the run, and their output goes to a log file.

A scheduler may SIGKILL the run; a crawler left orphaned would keep writing
into DATA_DIR while the next run starts, so every child asks the kernel for
SIGKILL when its parent dies (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:  # not glibc/Linux: the lock still keeps a second run out
        pass


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def run_child(
    argv: Sequence[str],
    *,
    log_path: Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    pass_fds: Sequence[int] = (),
    on_tick: Callable[[], None] | None = None,
    tick_seconds: float = 2.0,
) -> int:
    """Run argv to completion with stdout+stderr appended to log_path; return its exit code.

    on_tick is called every tick_seconds while the child runs (progress display).
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        log.write(f"$ {' '.join(argv)}\n".encode())
        log.flush()
        child = subprocess.Popen(
            list(argv),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
            pass_fds=tuple(pass_fds),
            preexec_fn=_die_with_parent,
        )
        try:
            while True:
                try:
                    return child.wait(timeout=tick_seconds)
                except subprocess.TimeoutExpired:
                    if on_tick is not None:
                        on_tick()
        except BaseException:
            # Ctrl-C or an exception in on_tick: do not leave the child running.
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            raise


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONUNBUFFERED", "1")
    if extra:
        env.update(extra)
    return env
