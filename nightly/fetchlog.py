"""Reading the raw archive's fetch logs and run summaries (DATA_DIR/fetches, DATA_DIR/runs).

Run ids are UTC start times (`YYYYMMDDTHHMMSSZ`), so sorting them sorts runs
by time.  A run counts as *completed* once DATA_DIR/runs/<run_id>.json exists:
the crawler writes it when the crawl ends, so a run killed mid-crawl leaves
a fetch log without a summary, and its discoveries are counted (as new,
changed…) by the next completed run instead of being lost.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DOCUMENT_KINDS = ("report_page", "attachment")


def read_fetch_log(path: Path) -> Iterator[dict[str, Any]]:
    """The lines of one fetch log; a torn or garbled line (a killed writer) is skipped."""
    try:
        handle = open(path, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return
    with handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(event, dict):
                yield event


def fetch_log_path(data_dir: Path, run_id: str) -> Path:
    return Path(data_dir) / "fetches" / f"{run_id}.jsonl"


def fetch_log_paths(data_dir: Path, run_id: str) -> list[Path]:
    """The run's fetch log plus any per-worker logs (`<run_id>-<worker>.jsonl`) of a scaled-out crawl."""
    fetches = Path(data_dir) / "fetches"
    paths = [fetches / f"{run_id}.jsonl"]
    paths += sorted(fetches.glob(f"{run_id}[-.]*.jsonl"))
    return [p for p in dict.fromkeys(paths) if p.exists()]


def run_events(data_dir: Path, run_id: str) -> list[dict[str, Any]]:
    return [e for p in fetch_log_paths(data_dir, run_id) for e in read_fetch_log(p)]


def logged_run_ids(data_dir: Path) -> list[str]:
    """Run ids that have a fetch log, oldest first."""
    fetches = Path(data_dir) / "fetches"
    if not fetches.is_dir():
        return []
    ids = {p.name.split(".")[0].split("-")[0] for p in fetches.glob("*.jsonl")}
    return sorted(ids)


def read_run_summary(data_dir: Path, run_id: str) -> dict[str, Any] | None:
    path = Path(data_dir) / "runs" / f"{run_id}.json"
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return summary if isinstance(summary, dict) else None


def completed_run_ids(data_dir: Path, before: str | None = None) -> list[str]:
    """Runs whose crawl finished (a readable runs/<id>.json), oldest first, optionally only those before a run id."""
    runs = Path(data_dir) / "runs"
    if not runs.is_dir():
        return []
    ids = []
    for path in runs.glob("*.json"):
        run_id = path.stem
        if before is not None and run_id >= before:
            continue
        summary = read_run_summary(data_dir, run_id)
        if summary is not None and summary.get("status", "finished") not in ("running", "interrupted", "killed"):
            ids.append(run_id)
    return sorted(ids)


def write_json_atomically(path: Path, data: Any) -> None:
    """Write JSON to a temp file beside path and rename it over path (readers never see half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class DocumentHistory:
    """What earlier runs knew of every report page and attachment URL."""

    last_sha256: dict[str, str | None] = field(default_factory=dict)
    # report page url -> its latest report_page event (for --known-urls)
    report_pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    vanished: set[str] = field(default_factory=set)

    def add(self, events: Iterable[dict[str, Any]]) -> None:
        for event in events:
            kind, url = event.get("kind"), event.get("url")
            if not url:
                continue
            if kind in DOCUMENT_KINDS:
                sha = event.get("sha256")
                # A line without a body (e.g. a 304 logged without its hash) keeps the hash we know.
                if sha or url not in self.last_sha256:
                    self.last_sha256[url] = sha
                if kind == "report_page":
                    self.report_pages[url] = event
                    self.vanished.discard(url)
            elif kind == "vanished":
                self.vanished.add(url)

    def known_report_pages(self) -> list[dict[str, Any]]:
        """Report pages to revisit: seen before and not already recorded as vanished."""
        return [e for url, e in self.report_pages.items() if url not in self.vanished]


def history_before(data_dir: Path, run_id: str) -> DocumentHistory:
    """Document history from every completed run older than run_id, in run order."""
    history = DocumentHistory()
    for earlier in completed_run_ids(data_dir, before=run_id):
        history.add(run_events(data_dir, earlier))
    return history


KNOWN_URL_KEYS = ("url", "source", "source_url", "sha256", "list_url", "link_text", "family", "fetched_at")


def write_known_urls(path: Path, history: DocumentHistory) -> int:
    """The --known-urls file for the crawler: one JSON object per known report page."""
    pages = history.known_report_pages()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for event in sorted(pages, key=lambda e: (str(e.get("source")), e["url"])):
            known = {k: event.get(k) for k in KNOWN_URL_KEYS}
            out.write(json.dumps({**known, "kind": "report_page"}, ensure_ascii=False) + "\n")
    return len(pages)
