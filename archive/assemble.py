"""From fetch-log lines and parse results to documents and reports (pure functions).

Rules decided here (documented in the Datasette descriptions too):

* A **document** is one distinct content (SHA-256).  Its URL, source and link
  come from the first fetch of those bytes; a later fetch of the same URL
  with other bytes *supersedes* it; a ``vanished`` line for its URL after its
  last fetch sets ``vanished_at``.
Which documents make up a report, and which one its cells come from, is the dedup rule of
``identity`` (``assign_reports``, ``best_first``); it reads:

* A **report** is an agency and a statistical year, ``<agency>/<year>``.  The
  agency is the name the document prints (normalised: NFKC, no whitespace),
  else the registry source; the year is the one the document prints, else a
  "<year>年…" in its title or link text.  A report page and the attachments
  it links form one bundle and share the key of the bundle member that
  carries the most cells, unless a member prints a different year.
* The report's **cells come from one document**: the one with the most
  non-null cells; on a tie a current (not superseded) one, then an
  attachment over the page (the attachment is the document the agency
  issued; the page is often a transcription), then the newest fetch, then
  the SHA-256 (so the choice is deterministic).  Every other document with
  cells is compared with it cell by cell: the ``source_agreement`` check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive.divisions import normalise_code
from identity import normalise_agency
from parsers.checks.documents import source_agreement  # noqa: F401 (re-exported: the archive's name for it)
from rawarchive import DOCUMENT_KINDS, FetchLine

_DIVISION_KEYS = ("division_code", "region_code", "adcode", "code", "site_code")


@dataclass
class Doc:
    sha256: str
    kind: str
    url: str | None
    final_url: str | None
    fetched_at: str | None
    last_fetched_at: str | None
    source: str | None
    source_url: str | None
    list_url: str | None
    page_url: str | None
    link_text: str | None
    filename: str | None
    content_type: str | None
    http_status: int | None
    family: str | None
    size: int | None
    division_code: str | None = None
    level: str | None = None
    parent: str | None = None  # the registry row's parent body, e.g. "<province>人民政府"
    fetches: int = 1
    has_blob: bool = False
    urls: set[str] = field(default_factory=set)
    # from the parse
    parse_status: str = "not_parsed"
    parse_error: str | None = None
    format: str | None = None
    read_by: str | None = None  # "text" or "ocr"
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published: str | None = None
    layout: str | None = None
    cells_reported: int = 0
    # derived
    report: str | None = None
    superseded_by: str | None = None
    vanished_at: str | None = None

    @property
    def where(self) -> str | None:
        return self.final_url or self.url


def _registry_fields(line: FetchLine) -> tuple[str | None, str | None, str | None]:
    """Division code, level and parent of the registry row, if the crawler passed them on."""
    merged = {**(line.get("registry") or {}), **line.data} if isinstance(line.get("registry"), dict) else line.data
    code = next((normalise_code(merged.get(k)) for k in _DIVISION_KEYS if normalise_code(merged.get(k))), None)
    level, parent = merged.get("level"), merged.get("parent")
    return code, (str(level) if level else None), (str(parent) if parent else None)


def collect_documents(lines: list[FetchLine]) -> dict[str, Doc]:
    """Documents (report pages and attachments with a body) from the fetch log, in fetch order."""
    docs: dict[str, Doc] = {}
    latest_at_url: dict[str, tuple[str, str]] = {}  # url -> (fetched_at, sha256) of its newest fetch
    vanished: dict[str, str] = {}  # url -> when it was last found gone
    for line in sorted(lines, key=lambda ln: (ln.get("fetched_at") or "", ln.run_id, ln.line_no)):
        at = line.get("fetched_at")
        if line.kind == "vanished":
            for u in {line.get("url"), line.get("final_url")} - {None}:
                vanished[u] = at or ""
            continue
        sha = line.get("sha256")
        if line.kind not in DOCUMENT_KINDS or not sha:
            continue
        doc = docs.get(sha)
        if doc is None:
            code, level, parent = _registry_fields(line)
            doc = docs[sha] = Doc(
                sha256=sha,
                kind=line.kind,
                url=line.get("url"),
                final_url=line.get("final_url"),
                fetched_at=at,
                last_fetched_at=at,
                source=line.get("source"),
                source_url=line.get("source_url"),
                list_url=line.get("list_url"),
                page_url=line.get("page_url"),
                link_text=line.get("link_text"),
                filename=line.get("filename"),
                content_type=line.get("content_type"),
                http_status=line.get("status"),
                family=line.get("family"),
                size=line.get("size"),
                division_code=code,
                level=level,
                parent=parent,
            )
        else:
            doc.fetches += 1
            doc.last_fetched_at = at or doc.last_fetched_at
        for u in {line.get("url"), line.get("final_url")} - {None}:
            doc.urls.add(u)
            latest_at_url[u] = (at or "", sha)
    for doc in docs.values():
        newer = {latest_at_url[u][1] for u in doc.urls if latest_at_url[u][1] != doc.sha256}
        if newer:
            doc.superseded_by = min(newer)
        gone = [vanished[u] for u in doc.urls if u in vanished and vanished[u] >= (doc.last_fetched_at or "")]
        if gone:
            doc.vanished_at = max(gone)
    return docs


def count_cells(result: dict[str, Any]) -> int:
    return sum(1 for v in (result.get("cells") or {}).values() if v is not None)


def apply_parse(doc: Doc, result: dict[str, Any] | None) -> None:
    """Copy the small fields of a parse result onto its document."""
    if result is None:
        doc.parse_status = "not_parsed"
        return
    doc.parse_status = "error" if result.get("error") else "ok"
    doc.parse_error = result.get("error")
    doc.format = result.get("format")
    doc.read_by = result.get("read_by", "text")
    doc.title = result.get("title")
    doc.agency = normalise_agency(result.get("agency"))
    year = result.get("year")
    doc.year = int(year) if isinstance(year, int | str) and str(year).isdigit() else None
    doc.published = result.get("published")
    doc.layout = result.get("layout")
    doc.cells_reported = count_cells(result)
