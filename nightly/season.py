"""The reporting season: when each report is due, whether it appeared on time, what to re-check tonight.

Reports on year N appear January–April of N+1 (Regulations Art. 49): the
departments of a county-level-or-higher government publish by 31 January,
governments by 31 March (shared/research/format-spec.md §2.1).  Townships and
街道 are not named in Art. 49; their deadlines come from local notices, so we
hold them to the government deadline and say so (`deadline_basis`).

Sources come from the registry CSV; sightings come from the fetch logs
(`report_page` lines, whose link text carries the title and thus the agency
and year); published dates come from the parse of the report page (the
build's parse cache, filled by `nightly.run` before it writes this file), else
from DATA_DIR/archive.db.  The result is written to DATA_DIR/season.json for the
archive build (table `report_timeliness`) and used by `nightly.run --only-due`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from identity import normalise_agency
from nightly.history import absorbed_run_ids, run_events
from nightly.index import ArchiveIndex, Sighting, load_index
from rawarchive import DataDir, write_json_atomically

LATEST = "99991231T235959Z"  # a run id after every real one
SEASON_MONTHS = (1, 2, 3, 4)  # January–April: reports for last year are appearing
WEEKLY_DAYS = 7

_GOVERNMENT = re.compile(r"人民政府$|政府$")
_TOWNSHIP = re.compile(r"(乡|镇|街道|街道办事处)(人民政府)?$")
_REGISTRY_LEVELS = {
    "department": "department",
    "government": "government",
    "province": "government",
    "city": "government",
    "county": "government",
    "district": "government",
    "township": "township",
    "town": "township",
    "street": "township",
}


def agency_level(name: str, registry_level: str | None = None) -> str:
    """`department`, `government` or `township` (registry's `level` column wins when present)."""
    if registry_level:
        level = _REGISTRY_LEVELS.get(registry_level.strip().lower())
        if level:
            return level
    name = normalise_agency(name) or ""
    if _TOWNSHIP.search(name):
        return "township"
    if _GOVERNMENT.search(name):
        return "government"
    return "department"


def deadline(level: str, year: int) -> tuple[dt.date, str]:
    """The last day to publish the report on `year`, and where that deadline comes from."""
    if level == "department":
        return dt.date(year + 1, 1, 31), "Art. 49: departments by 31 January"
    if level == "government":
        return dt.date(year + 1, 3, 31), "Art. 49: governments by 31 March"
    return dt.date(year + 1, 3, 31), "not in Art. 49: local notices; held to 31 March"


def in_season(today: dt.date) -> bool:
    return today.month in SEASON_MONTHS


def observed(data_dir: Path) -> ArchiveIndex:
    """Everything the fetch logs show: the index of finished runs plus unfinished crawls since (their sightings
    are real even though their counts are not settled)."""
    index = load_index(data_dir, LATEST)
    for run_id in absorbed_run_ids(data_dir, LATEST):
        index.fold(run_id, run_events(data_dir, run_id))
    return index


def sightings(data_dir: Path) -> list[Sighting]:
    """The first sighting of every (source, agency, year) report."""
    return sorted(observed(data_dir).sightings.values(), key=lambda s: (s.source, s.agency, s.year))


def page_published_dates(data_dir: Path, index: ArchiveIndex) -> dict[str, str]:
    """Report page URL -> the publication date its parse found, from the build's parse cache.

    `nightly.run` fills the cache before it writes the season file, so even a report first seen tonight
    has its printed date here, keyed by the page it was seen on (no agency-name matching needed)."""
    try:
        from archive.parsing import ParseCache, parser_version
    except ImportError:  # the archive package is not installed beside us: dates come from the database
        return {}
    cache = ParseCache(data_dir, parser_version())
    dates: dict[str, str] = {}
    for sighting in index.sightings.values():
        sha = index.history.last_sha256.get(sighting.url)
        parsed = cache.get(sha) if sha else None
        published = (parsed or {}).get("published")
        if isinstance(published, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            dates[sighting.url] = published
    return dates


def published_dates(db_path: Path) -> dict[tuple[str, int], str]:
    """(agency, year) -> published date from any table of archive.db that has those three columns."""
    if not db_path.is_file():
        return {}
    found: dict[tuple[str, int], str] = {}
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            columns = {r[1] for r in db.execute(f'PRAGMA table_info("{table}")')}
            if {"agency", "year", "published"} <= columns:
                rows = db.execute(f'SELECT agency, year, published FROM "{table}" WHERE published IS NOT NULL')
                for agency, year, published in rows:
                    if agency and isinstance(year, int):
                        key = (normalise_agency(agency) or "", year)
                        found[key] = min(found.get(key, published), published)
    except sqlite3.Error:
        return found
    finally:
        db.close()
    return found


@dataclass
class Timeliness:
    """One row per agency and report year: table `report_timeliness`."""

    source: str
    agency: str
    level: str
    year: int
    deadline: str
    deadline_basis: str
    status: str  # on_time, late, unknown, missing (past the deadline), not_yet_due
    appeared: bool
    on_time: bool | None
    on_time_basis: str | None  # published, first_seen
    published: str | None
    first_seen: str | None
    url: str | None
    title: str | None


def timeliness(
    data_dir: Path,
    today: dt.date,
    sources: Iterable[dict[str, str]] | None = None,
    published: dict[tuple[str, int], str] | None = None,
) -> list[Timeliness]:
    """One row per (source, agency, year).  `published` maps (normalised agency, year) to the printed
    publication date; by default it is read from DATA_DIR/archive.db (a build may pass its own)."""
    data_dir = Path(data_dir)
    registry = {r.get("agency") or "": r for r in (sources or [])}
    index = observed(data_dir)
    seen = sorted(index.sightings.values(), key=lambda s: (s.source, s.agency, s.year))
    if published is None:
        published = published_dates(DataDir(data_dir).database)
    page_dates = page_published_dates(data_dir, index)
    by_key = {(s.source, s.agency, s.year): s for s in seen}
    rows: list[Timeliness] = []
    for (source, agency), years in sorted(_agencies(seen, registry).items()):
        own = agency == (normalise_agency(source) or "")
        level = agency_level(agency, (registry.get(source) or {}).get("level") if own else None)
        # Years between the first report we saw and last year; a source's own report for last year is always expected.
        expected = set(range(min(years), today.year)) if years else set()
        if own:
            expected.add(today.year - 1)
        for year in sorted(years | expected):
            s = by_key.get((source, agency, year))
            pub = (page_dates.get(s.url) if s else None) or published.get((agency, year))
            rows.append(_timeliness_row(source, agency, level, year, s, pub, today, index.first_crawled))
    return rows


def _agencies(seen: list[Sighting], registry: dict[str, dict[str, str]]) -> dict[tuple[str, str], set[int]]:
    """(source, agency) -> the years seen; every registry row's own agency, seen or not."""
    agencies: dict[tuple[str, str], set[int]] = {}
    for s in seen:
        agencies.setdefault((s.source, s.agency), set()).add(s.year)
    for name in registry:
        agencies.setdefault((name, normalise_agency(name) or ""), set())
    return agencies


def _timeliness_row(
    source: str,
    agency: str,
    level: str,
    year: int,
    s: Sighting | None,
    pub: str | None,
    today: dt.date,
    crawled: dict[str, str],
) -> Timeliness:
    due, basis = deadline(level, year)
    row = Timeliness(
        source,
        agency,
        level,
        year,
        due.isoformat(),
        basis,
        "",
        s is not None,
        None,
        None,
        pub,
        s.first_seen if s else None,
        s.url if s else None,
        s.title if s else None,
    )
    if s is None:
        row.status = "not_yet_due" if today <= due else "missing"
        return row
    row.on_time, row.on_time_basis = _on_time(pub, s.first_seen, crawled.get(source, s.first_seen), due.isoformat())
    row.status = {True: "on_time", False: "late", None: "unknown"}[row.on_time]
    return row


def _on_time(pub: str | None, first_seen: str, watching_since: str, due: str) -> tuple[bool | None, str | None]:
    """By the printed date when there is one; first seen by us only proves lateness if we were
    already watching before the deadline."""
    if pub:
        return pub <= due, "published"
    if first_seen[:10] <= due:
        return True, "first_seen"
    if watching_since[:10] <= due:
        return False, "first_seen"
    return None, None


def missing_last_year(rows: Iterable[Timeliness], today: dt.date) -> list[str]:
    """Sources whose own report on last year has not been seen yet."""
    last_year = today.year - 1
    return sorted(
        {
            r.source
            for r in rows
            if r.year == last_year and not r.appeared and r.agency == (normalise_agency(r.source) or "")
        }
    )


def due_sources(
    data_dir: Path, sources: list[dict[str, str]], today: dt.date, weekly_days: int = WEEKLY_DAYS
) -> list[dict[str, str]]:
    """Registry rows to crawl tonight: in season, every source still missing last year's report;
    otherwise (and for the rest), sources not crawled in the last `weekly_days` days."""
    rows = timeliness(data_dir, today, sources)
    missing = set(missing_last_year(rows, today)) if in_season(today) else set()
    last_crawl = observed(data_dir).last_crawled
    due = []
    for row in sources:
        name = row.get("agency") or ""
        last = last_crawl.get(name)
        stale = last is None or (today - dt.date.fromisoformat(last[:10])).days >= weekly_days
        if name in missing or stale:
            due.append(row)
    return due


def write_sources_csv(path: Path, rows: list[dict[str, str]], template: Path) -> None:
    """A registry CSV with only `rows`, same columns as the template."""
    with open(template, newline="", encoding="utf-8-sig") as handle:
        fieldnames = csv.DictReader(handle).fieldnames or ["agency", "url"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def season_report(data_dir: Path, today: dt.date, sources: list[dict[str, str]] | None = None) -> dict[str, Any]:
    rows = timeliness(data_dir, today, sources)
    return {
        "today": today.isoformat(),
        "report_year": today.year - 1,
        "in_season": in_season(today),
        "recheck_nightly": missing_last_year(rows, today) if in_season(today) else [],
        "report_timeliness": [asdict(r) for r in rows],
    }


def write_season_file(data_dir: Path, today: dt.date, sources: list[dict[str, str]] | None = None) -> Path:
    path = DataDir(data_dir).season
    write_json_atomically(path, season_report(data_dir, today, sources))
    return path


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m nightly.season", description="Report deadlines and the re-check list.")
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--sources", type=Path)
    p.add_argument("--today", type=dt.date.fromisoformat, default=dt.datetime.now(dt.UTC).date())
    a = p.parse_args(argv)
    from nightly.accounting import read_sources

    report = season_report(a.data_dir, a.today, read_sources(a.sources) if a.sources else None)
    print(f"report year {report['report_year']}, {'in' if report['in_season'] else 'out of'} season")
    for name in report["recheck_nightly"]:
        print(f"  re-check nightly: {name}")
    for r in report["report_timeliness"]:
        print(
            f"  {r['agency']} {r['year']}: {r['status']} (deadline {r['deadline']}, "
            f"seen {r['first_seen']}, published {r['published']})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
