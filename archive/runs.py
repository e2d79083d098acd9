"""Rows of ``crawl_runs``: each run's summary file, completed from its fetch log.

``runs/<run_id>.json`` is written by the crawler (its own keys) and extended by
the nightly job (``"nightly"``: counts of sources ok/blocked/failed, requests,
new/changed/vanished reports, errors).  Where a run has no summary (a killed
crawl) or a count is missing, the count is taken from the fetch log itself:
new = a report URL no earlier run logged, changed = a logged URL whose body
has another SHA-256 now, vanished = the run's ``vanished`` lines.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from rawarchive import DOCUMENT_KINDS, FetchLine


def _first(mapping: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = mapping.get(key)
        if value is not None:
            return value
    return None


def _source_states(summary: dict[str, Any]) -> dict[str, str] | None:
    sources = summary.get("sources") or summary.get("per_source")
    if isinstance(sources, list):
        sources = {s.get("agency") or s.get("source"): s for s in sources if isinstance(s, dict)}
    if not isinstance(sources, dict):
        return None
    states = {}
    for name, info in sources.items():
        status = info.get("status") if isinstance(info, dict) else info
        if isinstance(status, str):
            status = status.lower()
            states[name] = (
                "ok"
                if status in ("ok", "done", "finished", "success", "empty")
                else ("blocked" if "block" in status else "failed")
            )
    return states or None


def _log_states(lines: list[FetchLine]) -> dict[str, str]:
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        kinds[str(line.get("source") or "")][line.kind] += 1
    states = {}
    for source, k in kinds.items():
        if k["blocked"]:
            states[source] = "blocked"
        elif k["error"] and not (k["report_page"] or k["attachment"] or k["noise"]):
            states[source] = "failed"
        else:
            states[source] = "ok"
    return states


def crawl_run_rows(lines: list[FetchLine], summaries: dict[str, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    by_run: dict[str, list[FetchLine]] = defaultdict(list)
    for line in lines:
        by_run[line.run_id].append(line)
    known: dict[str, str] = {}  # report URL -> last SHA-256 seen, over the runs so far
    for run_id in sorted(set(by_run) | set(summaries)):
        run_lines = sorted(by_run.get(run_id, []), key=lambda ln: ln.line_no)
        summary = summaries.get(run_id) or {}
        nightly = summary.get("nightly") if isinstance(summary.get("nightly"), dict) else {}
        new = changed = 0
        this_run: dict[str, str] = {}
        for line in run_lines:
            url, sha = line.get("url"), line.get("sha256")
            if line.kind in DOCUMENT_KINDS and url and sha:
                this_run[url] = sha
        for url, sha in this_run.items():
            if url not in known:
                new += 1
            elif known[url] != sha:
                changed += 1
        known.update(this_run)
        states = _source_states(summary) or _log_states(run_lines)
        stats = summary.get("stats") if isinstance(summary.get("stats"), dict) else {}
        times = sorted(str(ln.get("fetched_at")) for ln in run_lines if ln.get("fetched_at"))
        yield {
            "run_id": run_id,
            "started_at": _first(summary, "started_at", "start", "started", "start_time")
            or (times[0] if times else None),
            "finished_at": _first(summary, "finished_at", "end", "finished", "finish_time")
            or (times[-1] if times else None),
            "sources": _first(nightly, "sources_total") or len(states),
            "sources_ok": _first(nightly, "sources_ok") if nightly else sum(s == "ok" for s in states.values()),
            "sources_blocked": _first(nightly, "sources_blocked")
            if nightly
            else sum(s == "blocked" for s in states.values()),
            "sources_failed": _first(nightly, "sources_failed")
            if nightly
            else sum(s == "failed" for s in states.values()),
            "requests": _first(nightly, "requests")
            or _first(summary, "requests")
            or stats.get("downloader/request_count")
            or len(run_lines),
            "documents": sum(1 for ln in run_lines if ln.kind in DOCUMENT_KINDS),
            "new_reports": _first(nightly, "new_reports") if nightly else new,
            "changed_reports": _first(nightly, "changed_reports") if nightly else changed,
            "vanished_reports": _first(nightly, "vanished_reports")
            if nightly
            else sum(1 for ln in run_lines if ln.kind == "vanished"),
            "errors": _first(nightly, "errors") if nightly else sum(1 for ln in run_lines if ln.kind == "error"),
            "summary": json.dumps(summary, ensure_ascii=False, sort_keys=True) if summary else None,
        }
