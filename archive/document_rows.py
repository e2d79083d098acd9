"""Rows of the archive-wide tables: one per agency, one per document, one per fetch-log line
(pure: documents and reports in, rows out)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from archive.assemble import Doc
from archive.divisions import place_of, registry_names
from archive.report_rows import blob_link
from identity import normalise_agency, split_report_id
from rawarchive import FetchLine

# what a parse gives a document (archive.assemble.apply_parse), as the documents table stores it
PARSE_FIELDS = (
    "parse_status",
    "parse_error",
    "format",
    "read_by",
    "title",
    "agency",
    "year",
    "published",
    "layout",
    "cells_reported",
)


def agency_rows(docs: dict[str, Doc], reports: dict[str, list[Doc]]) -> dict[str, dict[str, Any]]:
    """One row per agency with a report: registry fields from the source its reports were found under."""
    years: dict[str, list[int]] = defaultdict(list)
    members: dict[str, list[Doc]] = defaultdict(list)
    for rid, rdocs in reports.items():
        agency, year = split_report_id(rid)
        years[agency].append(year)
        members[agency] += rdocs
    rows = {(d.source or "", d.division_code, d.parent) for docs in members.values() for d in docs}
    own = registry_names(sorted(rows, key=str))
    return {agency: _agency_row(agency, years[agency], members[agency], own) for agency in sorted(years)}


def _registry_code(agency: str, members: list[Doc]) -> str | None:
    """The division code the agency's registry rows give most often (the smallest on a tie)."""
    own = [d for d in members if normalise_agency(d.source) == agency]
    codes = Counter(d.division_code for d in own or members if d.division_code).most_common()
    return min(c for c, n in codes if n == codes[0][1]) if codes else None


def _agency_row(agency: str, years: list[int], members: list[Doc], own_names: dict[str, str]) -> dict[str, Any]:
    own = [d for d in members if normalise_agency(d.source) == agency]
    pool = own or members
    source = Counter(d.source for d in pool if d.source).most_common(1)
    source_name = source[0][0] if source else None
    code = _registry_code(agency, members)
    level = next((d.level for d in sorted(own, key=lambda d: d.sha256) if d.level), None)
    return {
        "name": agency,
        **place_of(agency, code, level).columns(own_names),
        "source": source_name,
        "source_url": next((d.source_url for d in pool if d.source == source_name and d.source_url), None),
        "first_year": min(years),
        "last_year": max(years),
        "reports": len(years),
    }


def document_row(doc: Doc, version: str) -> dict[str, Any]:
    return {
        "sha256": doc.sha256,
        "kind": doc.kind,
        "url": doc.url,
        "final_url": doc.final_url,
        "fetched_at": doc.fetched_at,
        "last_fetched_at": doc.last_fetched_at,
        "fetches": doc.fetches,
        "source": doc.source,
        "source_url": doc.source_url,
        "list_url": doc.list_url,
        "page_url": doc.page_url,
        "link_text": doc.link_text,
        "filename": doc.filename,
        "content_type": doc.content_type,
        "http_status": doc.http_status,
        "family": doc.family,
        "size": doc.size,
        "format": doc.format,
        "parse_status": doc.parse_status,
        "parse_error": doc.parse_error,
        "parser_version": version if doc.parse_status != "not_parsed" else None,
        "title": doc.title,
        "agency": doc.agency,
        "year": doc.year,
        "published": doc.published,
        "layout": doc.layout,
        "read_by": doc.read_by,
        "cells_reported": doc.cells_reported,
        "report": doc.report,
        "superseded_by": doc.superseded_by,
        "vanished_at": doc.vanished_at,
        "archived_copy": blob_link(doc.sha256) if doc.has_blob else None,
    }


def restore_parse(doc: Doc, stored: dict[str, Any]) -> None:
    """A document's parse fields as an earlier build stored them (same parser version): the
    parse result itself is read only for the reports that are written again."""
    for name in PARSE_FIELDS:
        setattr(doc, name, stored[name])
    doc.cells_reported = doc.cells_reported or 0


def fetch_row(line: FetchLine) -> dict[str, Any]:
    g = line.get
    return {
        "run_id": line.run_id,
        "line_no": line.line_no,
        "kind": line.kind,
        "source": g("source"),
        "url": g("url"),
        "final_url": g("final_url"),
        "status": g("status"),
        "fetched_at": g("fetched_at"),
        "sha256": g("sha256"),
        "size": g("size"),
        "content_type": g("content_type"),
        "list_url": g("list_url"),
        "page_url": g("page_url"),
        "link_text": g("link_text"),
        "family": g("family"),
        "reason": g("reason"),
    }
