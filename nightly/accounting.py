"""A run's counts, from its fetch log compared with the fetch logs of earlier completed runs.

* new:      a report page or attachment URL no earlier run logged;
* changed:  a URL logged before whose body now has another SHA-256;
* vanished: the crawler's `vanished` lines (a known report page that is gone).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nightly.history import DocumentHistory

SUCCESS_KINDS = {"report_page", "attachment", "noise"}


def read_sources(sources_csv: Path) -> list[dict[str, str]]:
    """Rows of the registry CSV (at least `agency` and `url`)."""
    with open(sources_csv, newline="", encoding="utf-8-sig") as handle:
        return [row for row in csv.DictReader(handle) if (row.get("agency") or row.get("url"))]


@dataclass
class RunCounts:
    run_id: str
    sources_total: int = 0
    sources_ok: int = 0
    sources_blocked: int = 0
    sources_failed: int = 0
    requests: int = 0
    report_pages: int = 0
    attachments: int = 0
    not_modified: int = 0  # conditional GETs answered 304 (nothing downloaded)
    full_downloads: int = 0  # responses with a body: new URLs and changed content
    # "reports" count report documents, pages and attachments alike (crawl_runs.new_reports etc.)
    new_reports: int = 0
    new_report_pages: int = 0
    new_attachments: int = 0
    changed_reports: int = 0
    changed_report_pages: int = 0
    changed_attachments: int = 0
    vanished_reports: int = 0
    errors: int = 0
    blocked: int = 0
    per_source: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_urls: list[str] = field(default_factory=list)
    changed_urls: list[str] = field(default_factory=list)
    vanished_urls: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _source_states_from_summary(crawl_summary: dict[str, Any] | None) -> dict[str, str]:
    """Per-source status as the crawler reported it, when its summary carries one."""
    if not crawl_summary:
        return {}
    sources = crawl_summary.get("sources") or crawl_summary.get("per_source") or {}
    states: dict[str, str] = {}
    if isinstance(sources, dict):
        items = sources.items()
    elif isinstance(sources, list):
        items = ((s.get("agency") or s.get("source"), s) for s in sources if isinstance(s, dict))
    else:
        return {}
    for name, info in items:
        if name and isinstance(info, dict) and isinstance(info.get("status"), str):
            states[name] = info["status"]
    return states


def _normalise_state(state: str) -> str:
    state = state.lower()
    if state in ("ok", "done", "finished", "success", "empty"):
        return "ok"
    if "block" in state or state in ("412", "403", "captcha"):
        return "blocked"
    return "failed"


def count_run(
    run_id: str,
    events: list[dict[str, Any]],
    history: DocumentHistory,
    sources: list[dict[str, str]],
    crawl_summary: dict[str, Any] | None = None,
) -> RunCounts:
    counts = RunCounts(run_id=run_id)
    seen = _tally_events(counts, events)
    for url, sha in sorted(seen.sha256.items()):
        _count_document(counts, url, sha, seen.kind_of[url] == "report_page", history)
    # A page found again after being logged vanished by another worker's visit is not vanished.
    counts.vanished_urls = sorted(seen.vanished - set(seen.sha256))
    counts.vanished_reports = len(counts.vanished_urls)
    _count_sources(counts, seen.by_source, sources, crawl_summary)
    stats = (crawl_summary or {}).get("stats") or {}
    counts.requests = int(stats.get("downloader/request_count") or (crawl_summary or {}).get("requests") or len(events))
    # The HTTP cache turns a 304 into the cached 200 before the spider sees it: only its stats tell.
    counts.not_modified = int(stats.get("httpcache/revalidate") or 0)
    counts.full_downloads = int(stats.get("httpcache/miss") or 0) + int(stats.get("httpcache/invalidate") or 0)
    return counts


@dataclass
class _Seen:
    """What the run's fetch log says, by URL and by source."""

    by_source: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    sha256: dict[str, str | None] = field(default_factory=dict)  # documents seen this run
    kind_of: dict[str, str] = field(default_factory=dict)
    vanished: set[str] = field(default_factory=set)


def _tally_events(counts: RunCounts, events: list[dict[str, Any]]) -> _Seen:
    seen = _Seen()
    for event in events:
        kind, url, source = event.get("kind"), event.get("url"), event.get("source") or ""
        seen.by_source[source][kind or "?"] += 1
        if kind in ("report_page", "attachment") and url:
            seen.kind_of[url] = kind
            sha = event.get("sha256")
            if sha or url not in seen.sha256:
                seen.sha256[url] = sha
        elif kind == "vanished" and url:
            seen.vanished.add(url)
        elif kind == "error":
            counts.errors += 1
        elif kind == "blocked":
            counts.blocked += 1
    return seen


def _count_document(counts: RunCounts, url: str, sha: str | None, is_report: bool, history: DocumentHistory) -> None:
    """A report page or attachment seen this run: new, changed since its last night, or the same."""
    if is_report:
        counts.report_pages += 1
    else:
        counts.attachments += 1
    if url not in history.last_sha256:
        counts.new_urls.append(url)
        counts.new_reports += 1
        if is_report:
            counts.new_report_pages += 1
        else:
            counts.new_attachments += 1
    elif sha and history.last_sha256[url] and sha != history.last_sha256[url]:
        counts.changed_urls.append(url)
        counts.changed_reports += 1
        if is_report:
            counts.changed_report_pages += 1
        else:
            counts.changed_attachments += 1


def _source_state(name: str, kinds: Counter[str], crawler_states: dict[str, str]) -> str:
    """The crawler's word on a source when it gave one, else what its fetch-log lines say."""
    if name in crawler_states:
        return _normalise_state(crawler_states[name])
    if any(kinds[k] for k in SUCCESS_KINDS) or kinds["vanished"]:
        return "ok"
    return "blocked" if kinds["blocked"] else "failed"


def _count_sources(
    counts: RunCounts,
    by_source: dict[str, Counter[str]],
    sources: list[dict[str, str]],
    crawl_summary: dict[str, Any] | None,
) -> None:
    crawler_states = _source_states_from_summary(crawl_summary)
    names = [row.get("agency") or row.get("url", "") for row in sources] or sorted(by_source)
    for name in names:
        kinds = by_source.get(name, Counter())
        state = _source_state(name, kinds, crawler_states)
        counts.per_source[name] = {"status": state, **{k: v for k, v in sorted(kinds.items())}}
    states = Counter(info["status"] for info in counts.per_source.values())
    counts.sources_total = len(counts.per_source)
    counts.sources_ok, counts.sources_blocked, counts.sources_failed = states["ok"], states["blocked"], states["failed"]


@dataclass
class Health:
    ok: bool
    problems: list[str]


def judge(counts: RunCounts, previous: dict[str, Any] | None, min_report_ratio: float) -> Health:
    """Is this a run a scheduler should alert on?  `previous` is the last completed run's counts."""
    problems: list[str] = []
    if counts.sources_total and counts.sources_ok == 0:
        problems.append(f"no source reachable ({counts.sources_blocked} blocked, {counts.sources_failed} failed)")
    if previous:
        # Compare like with like: only the sources crawled in both runs.
        before = previous.get("per_source") or {}
        common = [s for s in counts.per_source if s in before]
        had = sum(int(before[s].get("report_page", 0)) for s in common)
        has = sum(int(counts.per_source[s].get("report_page", 0)) for s in common)
        if had and has < min_report_ratio * had:
            problems.append(
                f"far fewer report pages than the last run: {has} vs {had} on the same sources "
                f"(threshold {min_report_ratio:.0%})"
            )
    return Health(ok=not problems, problems=problems)


def summary_text(counts: RunCounts, health: Health, published: bool, timings: dict[str, float]) -> str:
    c = counts
    lines = [
        f"nightly run {c.run_id}: {'OK' if health.ok else 'FAILED'}",
        f"  sources    {c.sources_total} total: {c.sources_ok} ok, "
        f"{c.sources_blocked} blocked, {c.sources_failed} failed",
        f"  requests   {c.requests}: {c.not_modified} not modified (304), {c.full_downloads} downloaded in full; "
        f"{c.errors} errors, {c.blocked} blocked",
        f"  reports    {c.new_reports} new, {c.changed_reports} changed, {c.vanished_reports} vanished "
        f"(report pages and attachments)",
        f"  pages      {c.report_pages} report pages seen: {c.new_report_pages} new, {c.changed_report_pages} changed",
        f"  documents  {c.attachments} attachments seen: {c.new_attachments} new, {c.changed_attachments} changed",
        f"  database   {'published' if published else 'NOT published (the previous one stays)'}",
        "  timings    " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()),
    ]
    lines += [f"  problem    {p}" for p in health.problems]
    troubled = [(name, info) for name, info in sorted(c.per_source.items()) if info["status"] != "ok"]
    for name, info in troubled[:20]:
        events = ", ".join(f"{n} {k}" for k, n in info.items() if k != "status") or "nothing logged"
        lines.append(f"  {info['status']:<10} {name} ({events})")
    if len(troubled) > 20:
        lines.append(f"  …          and {len(troubled) - 20} more sources not ok")
    for label, urls in (("new", c.new_urls), ("changed", c.changed_urls), ("vanished", c.vanished_urls)):
        for url in urls[:20]:
            lines.append(f"  {label:<10} {url}")
        if len(urls) > 20:
            lines.append(f"  {label:<10} … and {len(urls) - 20} more")
    return "\n".join(lines)
