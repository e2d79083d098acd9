"""The history of crawl runs, as the nightly job counts it: which runs are done, which earlier
runs a run is compared with, and what they knew of every document URL.  The files themselves
are read with `rawarchive`.

Run ids are UTC start times (`YYYYMMDDTHHMMSSZ`), so sorting them sorts runs
by time.  A run counts as *completed* once DATA_DIR/runs/<run_id>.json exists:
the crawler writes it when the crawl ends, so a run killed mid-crawl leaves
a fetch log without a summary, and its discoveries are counted (as new,
changed…) by the next completed run instead of being lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rawarchive import DOCUMENT_KINDS, DataDir, logged_run_ids, read_fetch_log, read_run_summary


def run_events(data_dir: Path, run_id: str) -> list[dict[str, Any]]:
    """Every line of the run's fetch log (one file, even when several Redis workers append to it)."""
    return read_fetch_log(DataDir(data_dir).fetch_log(run_id))


def completed_run_ids(data_dir: Path, before: str | None = None) -> list[str]:
    """Runs whose crawl finished (a readable runs/<id>.json), oldest first, optionally only those before a run id."""
    ids = []
    for path in DataDir(data_dir).run_summaries():
        run_id = path.stem
        if before is not None and run_id >= before:
            continue
        summary = read_run_summary(data_dir, run_id)
        if summary is not None and summary.get("status", "finished") not in ("running", "interrupted", "killed"):
            ids.append(run_id)
    return sorted(ids)


KNOWN_URL_KEYS = ("url", "source", "source_url", "sha256", "list_url", "link_text", "family", "fetched_at")


@dataclass
class DocumentHistory:
    """What earlier runs knew of every report page and attachment URL."""

    last_sha256: dict[str, str | None] = field(default_factory=dict)
    # report page url -> the fields of its latest report_page line that --known-urls passes on
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
                    self.report_pages[url] = {k: event.get(k) for k in KNOWN_URL_KEYS}
                    self.vanished.discard(url)
            elif kind == "vanished":
                self.vanished.add(url)

    def known_report_pages(self) -> list[dict[str, Any]]:
        """Report pages to revisit: seen before and not already recorded as vanished."""
        return [e for url, e in self.report_pages.items() if url not in self.vanished]


def history_run_ids(data_dir: Path, run_id: str) -> list[str]:
    """The runs whose documents are history for run_id: every logged run up to the last completed one.

    A crawl killed before that completed run is history too: the completed run absorbed (counted) it.
    Unfinished runs after it are absorbed by run_id itself (`absorbed_run_ids`)."""
    completed = completed_run_ids(data_dir, before=run_id)
    if not completed:
        return []
    return sorted(r for r in set(logged_run_ids(data_dir)) | set(completed) if r <= completed[-1])


def absorbed_run_ids(data_dir: Path, run_id: str) -> list[str]:
    """Unfinished crawls since the last completed run: their documents count as run_id's."""
    completed = completed_run_ids(data_dir, before=run_id)
    last = completed[-1] if completed else ""
    return [r for r in logged_run_ids(data_dir) if last < r < run_id]


def write_known_urls(path: Path, history: DocumentHistory) -> int:
    """The --known-urls file for the crawler: one JSON object per known report page."""
    pages = history.known_report_pages()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for known in sorted(pages, key=lambda e: (str(e.get("source")), e["url"])):
            out.write(json.dumps({**known, "kind": "report_page"}, ensure_ascii=False) + "\n")
    return len(pages)
