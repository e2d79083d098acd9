"""Parse each document in a child process bounded in time and memory.

The checks of ``parsers.limits`` stop the hostile inputs we know of; this stops
the ones we do not.  Each document gets a fresh child (from a fork server that has
the parser imported, so a child costs milliseconds) with an address-space limit
(``RLIMIT_AS``: an allocation beyond it fails as ``MemoryError``, or kills a C
library that cannot cope) and a wall-clock deadline (the parent kills the child's
whole process group: LibreOffice and tesseract with it).  Whatever happens to the
child -- a result, ``MemoryError``, a signal, the deadline -- the caller gets one
outcome per task, and the next task gets a fresh child.

Fork server, not fork: a forked child would inherit the caller's memory (a build
holds the whole fetch log) into its address-space limit.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from .limits import DOCUMENT_MEMORY_BYTES, DOCUMENT_SECONDS, MiB

# Imported once in the fork server, so each child starts with them loaded.
_PRELOAD = [
    "parsers",
    "parsers.report",
    "parsers.tables",
    "parsers.formats.html",
    "parsers.formats.text",
    "parsers.formats.docx",
    "parsers.formats.pdf",
    "parsers.formats.doc",
    "parsers.formats.scan",
]


@dataclass(frozen=True)
class Bounds:
    seconds: float = DOCUMENT_SECONDS
    memory_bytes: int = DOCUMENT_MEMORY_BYTES


DEFAULT_BOUNDS = Bounds()


@dataclass(frozen=True)
class Outcome:
    """A task's result, or why there is none (``failure``, for a person)."""

    result: Any = None
    failure: str | None = None


Task = tuple[Any, Callable[..., Any], tuple[Any, ...]]  # (key, function, arguments)


def _context(start_method: str) -> multiprocessing.context.BaseContext:
    ctx = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        ctx.set_forkserver_preload(_PRELOAD)
    elif start_method == "fork":  # imported once here, each forked child starts with them
        for name in _PRELOAD:
            importlib.import_module(name)
    return ctx


def _child(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], bounds: Bounds) -> None:
    os.setpgid(0, 0)  # its own process group: a kill reaches LibreOffice and tesseract too
    resource.setrlimit(resource.RLIMIT_AS, (bounds.memory_bytes, bounds.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(bounds.seconds) + 10  # a backstop should the parent die and leave the child spinning
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    try:
        outcome = Outcome(result=func(*args))
    except MemoryError:
        outcome = Outcome(failure=f"out of memory: the document needs more than {bounds.memory_bytes // MiB} MiB")
    except BaseException as exc:  # noqa: BLE001 -- whatever the parser raises is reported, never lost
        outcome = Outcome(failure=f"parser raised {type(exc).__name__}: {exc}"[:500])
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(Outcome(failure=f"out of memory sending the result (limit {bounds.memory_bytes // MiB} MiB)"))
    conn.close()


def _death(exitcode: int | None, bounds: Bounds) -> str:
    if exitcode is not None and exitcode < 0:
        sig = signal.Signals(-exitcode)
        if sig == signal.SIGXCPU:
            return f"killed: CPU time limit ({int(bounds.seconds) + 10} s)"
        if sig == signal.SIGKILL:
            return "killed (SIGKILL: out of memory, or stopped from outside)"
        return f"parser process crashed ({sig.name})"
    return f"parser process ended without a result (exit status {exitcode})"


@dataclass
class _Running:
    key: Any
    process: multiprocessing.process.BaseProcess
    conn: Connection
    deadline: float


def _kill(running: _Running) -> None:
    pid = running.process.pid
    if pid is not None and running.process.is_alive():
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            running.process.kill()
    running.process.join()
    if pid is not None:
        try:  # what the child left running in its group (a LibreOffice it started)
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    running.conn.close()


def _start(ctx, key: Any, func: Callable, args: tuple, bounds: Bounds) -> _Running | str:
    """A started child for the task, or why none could be started."""
    recv, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send, func, args, bounds), daemon=True)
    try:
        process.start()
    except OSError as exc:  # no process to be had (EAGAIN, ENOMEM): this task fails, not the batch
        recv.close()
        send.close()
        return f"could not start a parser process: {exc}"
    send.close()
    return _Running(key, process, recv, time.monotonic() + bounds.seconds)


def _answers(ready: list, running: dict[Connection, _Running], bounds: Bounds) -> Iterator[tuple[Any, Outcome]]:
    """The outcomes of the children that answered (or died)."""
    for conn in ready:
        item = running.pop(conn)
        try:
            outcome = conn.recv()
        except (EOFError, OSError):  # died before it could answer
            item.process.join()
            outcome = Outcome(failure=_death(item.process.exitcode, bounds))
        else:
            item.process.join(timeout=10)
        _kill(item)  # gone already, or stuck on the way out: its group goes either way
        yield item.key, outcome


def _overdue(ready: list, running: dict[Connection, _Running], bounds: Bounds) -> Iterator[tuple[Any, Outcome]]:
    """The children past their deadline, killed."""
    now = time.monotonic()
    for conn, item in list(running.items()):
        if item.deadline <= now and conn not in ready:
            del running[conn]
            _kill(item)
            yield item.key, Outcome(failure=f"timed out: parsing took longer than {bounds.seconds:.0f} s (killed)")


def run_bounded(
    tasks: Iterable[Task], workers: int = 1, bounds: Bounds = DEFAULT_BOUNDS, start_method: str = "forkserver"
) -> Iterator[tuple[Any, Outcome]]:
    """Run every task in its own bounded child, ``workers`` at a time; yield ``(key, Outcome)``
    as each ends (completion order).  One process, no threads: the parent only waits.
    ``start_method="fork"`` suits a small single-threaded caller (the command line): its
    children are its own, so their peak memory shows in its ``RUSAGE_CHILDREN``."""
    ctx = _context(start_method)
    pending = iter(tasks)
    running: dict[Connection, _Running] = {}
    exhausted = False
    try:
        while True:
            while not exhausted and len(running) < max(1, workers):
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                started = _start(ctx, *task, bounds)
                if isinstance(started, str):
                    yield task[0], Outcome(failure=started)
                    continue
                running[started.conn] = started
            if not running:
                return
            timeout = max(0.0, min(r.deadline for r in running.values()) - time.monotonic())
            ready = wait(list(running), timeout=timeout)
            yield from _answers(ready, running, bounds)
            yield from _overdue(ready, running, bounds)
    finally:
        for item in running.values():
            _kill(item)


def bounded_parse_file(path: str, bounds: Bounds = DEFAULT_BOUNDS, start_method: str = "forkserver") -> dict:
    """``parsers.parse_file`` in a bounded child: always one report object, ``error`` set on failure."""
    for _, outcome in run_bounded([(path, parse_file_task, (path,))], 1, bounds, start_method):
        return report_of(path, outcome)
    raise AssertionError("run_bounded yields one outcome per task")


def parse_file_task(path: str) -> dict:
    from . import parse_file

    return parse_file(path)


def report_of(file: str | None, outcome: Outcome, fmt: str = "text") -> dict:
    """The task's report, or an empty report whose ``error`` says why there is none."""
    if outcome.failure is None and isinstance(outcome.result, dict):
        return outcome.result
    from .report import empty_report

    return empty_report(file, fmt, outcome.failure or "parser returned no report")
