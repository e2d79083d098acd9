"""What the nightly job needs from the whole history of fetch logs, folded once and kept up to date.

Reading every fetch log of every night, every night, grows without bound
(about 100 000 lines a night at national scale).  The index folds each
finished run into DATA_DIR/nightly/index.json once: per URL the last
SHA-256, the known report pages, the vanished ones, the first sighting of
every (source, agency, year) report, and when each source was first and
last crawled.  Like the parse cache it is only an accelerator: delete it and
the next run folds the logs again, with the same result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from identity import normalise_agency, title_agency, title_year
from nightly.history import DocumentHistory, history_run_ids, run_events
from rawarchive import DataDir, write_json_atomically

INDEX_VERSION = 1


def index_path(data_dir: Path) -> Path:
    return DataDir(data_dir).nightly_file("index.json")


@dataclass
class Sighting:
    source: str
    agency: str
    year: int
    first_seen: str
    url: str
    title: str


@dataclass
class ArchiveIndex:
    folded: list[str] = field(default_factory=list)
    history: DocumentHistory = field(default_factory=DocumentHistory)
    sightings: dict[str, Sighting] = field(default_factory=dict)  # "source\tagency\tyear" -> first sighting
    first_crawled: dict[str, str] = field(default_factory=dict)  # source -> first fetched_at
    last_crawled: dict[str, str] = field(default_factory=dict)  # source -> last fetched_at

    def fold(self, run_id: str, events: list[dict[str, Any]]) -> None:
        self.history.add(events)
        for event in events:
            source, seen = event.get("source") or "", str(event.get("fetched_at") or "")
            if seen:
                if source not in self.first_crawled or seen < self.first_crawled[source]:
                    self.first_crawled[source] = seen
                if seen > self.last_crawled.get(source, ""):
                    self.last_crawled[source] = seen
            if event.get("kind") == "report_page":
                sighting = sighting_of(event)
                if sighting is not None:
                    key = f"{sighting.source}\t{sighting.agency}\t{sighting.year}"
                    if key not in self.sightings or sighting.first_seen < self.sightings[key].first_seen:
                        self.sightings[key] = sighting
        self.folded.append(run_id)

    def to_json(self) -> dict[str, Any]:
        h = self.history
        return {
            "version": INDEX_VERSION,
            "folded": self.folded,
            "last_sha256": h.last_sha256,
            "report_pages": h.report_pages,
            "vanished": sorted(h.vanished),
            "sightings": {k: vars(s) for k, s in self.sightings.items()},
            "first_crawled": self.first_crawled,
            "last_crawled": self.last_crawled,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArchiveIndex:
        history = DocumentHistory(dict(data["last_sha256"]), dict(data["report_pages"]), set(data["vanished"]))
        return cls(
            list(data["folded"]),
            history,
            {k: Sighting(**s) for k, s in data["sightings"].items()},
            dict(data["first_crawled"]),
            dict(data["last_crawled"]),
        )


def sighting_of(event: dict[str, Any]) -> Sighting | None:
    """The report a report_page line shows: agency and year from its title (link text)."""
    title = event.get("link_text") or event.get("filename") or ""
    year = title_year(title)
    if year is None:
        return None
    source = event.get("source") or ""
    agency = title_agency(title) or normalise_agency(source) or ""
    return Sighting(source, agency, year, str(event.get("fetched_at") or ""), event.get("url") or "", title)


def _read(path: Path) -> ArchiveIndex | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != INDEX_VERSION:
            return None
        return ArchiveIndex.from_json(data)
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def load_index(data_dir: Path, before_run: str, save: bool = True) -> ArchiveIndex:
    """The index of every run that is history for `before_run` (see history.history_run_ids)."""
    wanted = history_run_ids(data_dir, before_run)
    index = _read(index_path(data_dir))
    if index is None or not set(index.folded) <= set(wanted):
        index = ArchiveIndex()
    todo = [r for r in wanted if r not in set(index.folded)]
    if todo and index.folded and min(todo) < max(index.folded):
        # A run older than one already folded (logs restored from a backup, say): fold all again, in order.
        index, todo = ArchiveIndex(), wanted
    for run_id in todo:
        index.fold(run_id, run_events(data_dir, run_id))
    if todo and save:
        write_json_atomically(index_path(data_dir), index.to_json(), compact=True)
    return index
