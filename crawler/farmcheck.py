"""Compare a run's fetch log with a portal-farm manifest (farm/README.md): recall of reachable
report pages and attachments, noise taken as reports, hosts that should be reported blocked.
Used by the end-to-end tests and the crawl benchmark; it reads files only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler.scope import host_of
from rawarchive import read_fetch_log

BLOCKING_OBSTACLES = ("challenge_412", "robots_disallow_all", "robots_disallow_column")


def _norm(url: str) -> str:
    return url.replace("https://", "http://", 1).rstrip("/")


def check(manifest: dict[str, Any] | Path, fetch_log: Path) -> dict[str, Any]:
    if not isinstance(manifest, dict):
        manifest = json.loads(Path(manifest).read_text(encoding="utf-8"))
    records = read_fetch_log(fetch_log)
    pages = {_norm(r["url"]) for r in records if r["kind"] == "report_page"}
    pages |= {_norm(r["final_url"]) for r in records if r["kind"] == "report_page" and r.get("final_url")}
    files = {_norm(r["url"]) for r in records if r["kind"] == "attachment"}
    reachable = [r for r in manifest["reports"] if r.get("reachable") and r.get("status", "live") == "live"]
    missed = [r["page_url"] for r in reachable if _norm(r["page_url"]) not in pages]
    wanted_files = [a["url"] for r in reachable for a in r.get("attachments") or []]
    missed_files = [u for u in wanted_files if _norm(u) not in files]
    noise = {_norm(n["url"]): n["kind"] for n in manifest.get("noise") or []}
    report_urls = {_norm(r["page_url"]) for r in manifest["reports"]}
    archived_pages = {_norm(r["url"]) for r in records if r["kind"] == "report_page"}
    noise_taken = sorted(u for u in archived_pages if u in noise)
    unknown = sorted(u for u in archived_pages if u not in noise and u not in report_urls)
    blocked_hosts = {host_of(r["url"] or "") for r in records if r["kind"] == "blocked"}
    should_block = sorted(
        h for h, info in manifest["hosts"].items() if set(info.get("obstacles") or []) & set(BLOCKING_OBSTACLES)
    )
    return {
        "reachable_reports": len(reachable),
        "found_reports": len(reachable) - len(missed),
        "recall": (len(reachable) - len(missed)) / len(reachable) if reachable else 1.0,
        "missed_reports": missed,
        "attachments": len(wanted_files),
        "attachment_recall": (len(wanted_files) - len(missed_files)) / len(wanted_files) if wanted_files else 1.0,
        "missed_attachments": missed_files,
        "report_pages": len(archived_pages),
        "noise_taken": [(u, noise[u]) for u in noise_taken],
        "noise_rate": len(noise_taken) / len(archived_pages) if archived_pages else 0.0,
        "unknown_pages": unknown,
        "should_block": should_block,
        "unreported_blocks": [h for h in should_block if h.split(":")[0] not in blocked_hosts],
    }
