"""The registry of portals (``crawler/sources.csv``, written by helper R): one row per agency,
columns ``agency,url`` plus optional ``division_code,level,parent,family`` that are carried
into the archive records."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

OPTIONAL_COLUMNS = ("division_code", "level", "parent", "family")


@dataclass(frozen=True)
class Source:
    agency: str
    url: str
    division_code: str | None = None
    level: str | None = None
    parent: str | None = None
    family: str | None = None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").rstrip(".").lower()

    def extra(self) -> dict[str, str]:
        """The optional columns that are set, for the fetch-log lines."""
        return {name: getattr(self, name) for name in OPTIONAL_COLUMNS if getattr(self, name)}


class RegistryError(ValueError):
    pass


def load_sources(path: Path | str, only: list[str] | None = None) -> list[Source]:
    path = Path(path)
    if not path.exists():
        raise RegistryError(f"registry {path} does not exist")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.DictReader(line for line in handle if not line.lstrip().startswith("#"))]
    if rows and not {"agency", "url"} <= set(rows[0]):
        raise RegistryError(f"registry {path} needs the columns agency,url")
    sources = []
    seen: set[str] = set()
    for row in rows:
        agency, url = (row.get("agency") or "").strip(), (row.get("url") or "").strip()
        if not agency or not url or agency in seen:
            continue
        if "://" not in url:
            url = "http://" + url
        seen.add(agency)
        extra = {name: (row.get(name) or "").strip() or None for name in OPTIONAL_COLUMNS}
        sources.append(Source(agency=agency, url=url, **extra))
    if only:
        wanted = set(only)
        sources = [s for s in sources if s.agency in wanted or s.host in wanted]
    return sources
